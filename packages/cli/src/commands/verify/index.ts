import { verifyResult } from "@yiyang/assessment";
import { createProgress, openInput, say, UsageError } from "../../cli-io";
import type { Command } from "../../command";
import { formatFromPath, readRecords, type InputRecord } from "../../io/read-records";
import { toJson } from "../../io/to-json";
import { parseFlags, resolveInstrument } from "../../resolve-documents";
import { ASSESSMENT_CSV } from "../assess";

async function* zip(a: AsyncIterable<InputRecord>, b: AsyncIterable<InputRecord>): AsyncGenerator<[InputRecord | undefined, InputRecord | undefined]> {
  const ia = a[Symbol.asyncIterator]();
  const ib = b[Symbol.asyncIterator]();
  for (;;) {
    const [x, y] = await Promise.all([ia.next(), ib.next()]);
    if (x.done && y.done) return;
    yield [x.done ? undefined : x.value, y.done ? undefined : y.value];
  }
}

async function* pairsFromOneFile(entries: AsyncIterable<InputRecord>): AsyncGenerator<[InputRecord | undefined, InputRecord | undefined]> {
  for await (const entry of entries) {
    if (entry.issues) {
      yield [entry, entry];
      continue;
    }
    const value = entry.record as { record?: unknown; result?: unknown } | null;
    const ok = typeof value === "object" && value !== null && "record" in value && "result" in value;
    yield ok
      ? [{ line: entry.line, record: value.record }, { line: entry.line, record: value.result }]
      : [{ line: entry.line, issues: [{ code: "invalid_pair", path: "", message: 'Each line must be {"record": …, "result": …}.', messageZh: '每行必须是 {"record": …, "result": …}。', severity: "error" }] }, undefined];
  }
}

export const verifyCommand: Command = {
  name: "verify",
  summary: {
    en: "Recompute stored results from their records and report every field that differs, and why.",
    zh: "根据评估记录重新计算已保存的结果，报告每一处差异及其原因。",
  },
  usage: "yiyang verify --instrument <id | file.json> (--records FILE --results FILE | --input PAIRS.jsonl)",
  optionHelp: [
    ["--instrument <id | file>", "the instrument (all its versions: each record's assessedOn picks one)", "评估工具（含全部版本：按每条记录的 assessedOn 选择）"],
    ["--records <file>", "the records, one per line, in the same order as --results", "评估记录，每行一条，与 --results 顺序一致"],
    ["--results <file>", "the stored results to check", "待核验的已保存结果"],
    ["--input <file | ->", 'instead of both: one file of {"record": …, "result": …} lines', '或：一个文件，每行为 {"record": …, "result": …}'],
    ["--flag name=true|false", "require these policy flags (default: the instrument's defaults; a result made under other flags is other_policy)", "要求这些政策开关（默认为评估工具的默认值；在其他开关下得出的结果为 other_policy）"],
  ],
  example: [
    "yiyang assess --instrument gbt42195-2022 --input records.jsonl > ours.jsonl",
    "yiyang verify --instrument gbt42195-2022 --records records.jsonl --results theirs.jsonl",
    '# {"line":3,"id":"a3","status":"different_answer","differences":[{"path":"/level","expected":3,"actual":2}],…}',
  ].join("\n"),
  options: {
    instrument: { type: "string" },
    records: { type: "string" },
    results: { type: "string" },
    input: { type: "string" },
    flag: { type: "string", multiple: true },
  },
  async run({ values, io, lang }) {
    const instrument = await resolveInstrument(io, values.instrument as string | undefined);
    const flags = parseFlags(values.flag);
    const requireFlags = Object.keys(flags).length > 0 ? flags : undefined;
    const records = values.records as string | undefined;
    const results = values.results as string | undefined;
    const input = values.input as string | undefined;
    let pairs: AsyncIterable<[InputRecord | undefined, InputRecord | undefined]>;
    if (records !== undefined && results !== undefined && input === undefined) {
      pairs = zip(
        readRecords(openInput(io, records), { format: formatFromPath(records), ...ASSESSMENT_CSV }),
        readRecords(openInput(io, results), { format: formatFromPath(results) }),
      );
    } else if (input !== undefined && records === undefined && results === undefined) {
      pairs = pairsFromOneFile(readRecords(openInput(io, input), { format: formatFromPath(input) }));
    } else {
      throw new UsageError("Give either --records and --results, or --input.", "请给出 --records 与 --results，或者 --input。");
    }
    const progress = createProgress(io, lang);
    let line = 0;
    let mismatches = 0;
    const counts: Record<string, number> = {};
    for await (const [record, result] of pairs) {
      progress.tick();
      line++;
      let output: Record<string, unknown>;
      const bad = record?.issues ?? result?.issues;
      if (record === undefined || result === undefined) {
        output = { line, status: "unpaired", message: say(lang, "The two files have different numbers of lines.", "两个文件的行数不同。") };
      } else if (bad) {
        output = { line, status: "invalid_input", issues: bad };
      } else {
        const v = verifyResult(instrument, record.record, result.record, { flags: requireFlags });
        const id = (record.record as { id?: unknown } | null)?.id ?? null;
        output = { line, id, status: v.status, differences: v.differences, message: lang === "zh" ? v.message.zh : v.message.en };
        if (v.status === "invalid_record") output.issues = v.issues;
      }
      const status = output.status as string;
      counts[status] = (counts[status] ?? 0) + 1;
      if (status !== "match") mismatches++;
      await io.out(`${toJson(output)}\n`);
    }
    progress.done();
    const summary = Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(", ");
    io.err(`${say(lang, `verified ${line} results: ${summary || "none"}`, `已核验 ${line} 条结果：${summary || "无"}`)}\n`);
    return mismatches > 0 ? 1 : 0;
  },
};
