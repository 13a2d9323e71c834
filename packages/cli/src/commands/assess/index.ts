import { resolvePolicyFlags } from "@yiyang/assessment";
import { createProgress, openInput, UsageError } from "../../cli-io";
import type { Command } from "../../command";
import { formatOption, dateOption, inputOption } from "../../command-options";
import { readRecordBatches } from "../../io/read-records";
import type { AssessWorkerData } from "../../assess-worker";
import { readLineBatches } from "../../io/read-lines";
import { assessBatch, outputHeader, OUTPUT_FORMATS, type AssessBatchContext } from "./assess-batch";
import { assessOnWorkers, assessWorkerScript } from "./assess-pool";

/** `--jobs N`: worker threads that score JSON Lines (1, the default, scores on the main thread). */
function jobsOption(values: Record<string, unknown>): number {
  const given = values.jobs as string | undefined;
  if (given === undefined) return 1;
  const jobs = Number(given);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs must be a whole number from 1 to 64, not "${given}".`, `--jobs 必须是 1 到 64 的整数，而不是 "${given}"。`);
  return jobs;
}
import { parseFlags, resolveInstrument } from "../../resolve-documents";

/** CSV columns that hold lists or must stay text in assessment records. */
export const ASSESSMENT_CSV = { csvListFields: ["diseases"], csvTextFields: ["id", "assessedOn", "birthDate"] };

export const assessCommand: Command = {
  name: "assess",
  summary: {
    en: "Score assessment records with an instrument; one result or error line per input record, in order.",
    zh: "用评估工具为评估记录计分；每条输入记录按顺序输出一行结果或错误。",
  },
  usage: "yiyang assess --instrument <id | file.json> [--input FILE | -] [--format jsonl|json|table]",
  optionHelp: [
    ["--instrument <id | file>", "gbt42195-2022 (default standard), mzt039-2013, ltci-2021, barthel-100, phs-selfcare, or an edited document", "gbt42195-2022（默认标准）、mzt039-2013、ltci-2021、barthel-100、phs-selfcare，或编辑过的文档"],
    ["--input <file | ->", "records: JSON Lines, a JSON array (.json) or CSV (.csv); - or absent for stdin", "记录文件：JSON Lines、JSON 数组（.json）或 CSV（.csv）；- 或省略表示标准输入"],
    ["--input-format jsonl|json|csv", "override the format guessed from the file name", "覆盖根据文件名判断的格式"],
    ["--format jsonl|json|table", "output format (default jsonl)", "输出格式（默认 jsonl）"],
    ["--as-of YYYY-MM-DD", "use the document version in force on this date for every record (default: each record's assessedOn)", "所有记录都使用该日期生效的文档版本（默认按每条记录的 assessedOn）"],
    ["--flag name=true|false", "set a policy flag, e.g. stackAdjustments=true (repeatable)", "设置政策开关，如 stackAdjustments=true（可重复）"],
    ["--jobs N", "score JSON Lines on N worker threads (default 1: on the main thread); the output is the same, in the same order", "用 N 个工作线程为 JSON Lines 计分（默认 1：主线程）；输出相同、顺序相同"],
  ],
  example: [
    "yiyang assess --instrument gbt42195-2022 --input records.jsonl > results.jsonl",
    'echo \'{"id":"a1","assessedOn":"2025-03-01","items":{…26 items…}}\' | yiyang assess --instrument gbt42195-2022 --format table',
  ].join("\n"),
  options: {
    instrument: { type: "string" },
    input: { type: "string" },
    "input-format": { type: "string" },
    format: { type: "string" },
    "as-of": { type: "string" },
    flag: { type: "string", multiple: true },
    jobs: { type: "string" },
  },
  async run({ values, io, lang }) {
    const format = formatOption(values, OUTPUT_FORMATS);
    const asOf = dateOption(values, "as-of");
    const instrument = await resolveInstrument(io, values.instrument as string | undefined, asOf);
    const flags = parseFlags(values.flag);
    const { input, format: inputFormat } = inputOption(values);
    // Check the flags once, before any record, so a bad flag is a usage error and not a line per record.
    for (const version of instrument) {
      try {
        resolvePolicyFlags(version, flags);
      } catch (error) {
        throw new UsageError((error as Error).message, (error as { messageZh?: string }).messageZh ?? (error as Error).message);
      }
    }

    const progress = createProgress(io, lang);
    const context: AssessBatchContext = { instrument, flags, format, lang };
    let invalid = 0;
    let first = true;
    // Nothing is written before the input is open: a missing file is a usage error on a clean stdout.
    let header = outputHeader(format, lang);
    const emit = async (bytes: Uint8Array, records: number, refused: number) => {
      invalid += refused;
      progress.tick(records);
      if (records === 0) return;
      const before = header + (format === "json" && !first ? ",\n" : "");
      header = "";
      first = false;
      if (before !== "") await io.out(before);
      if (io.outBytes) await io.outBytes(bytes);
      else await io.out(new TextDecoder().decode(bytes));
    };
    const jobs = jobsOption(values);
    if (jobs > 1 && inputFormat === "jsonl") {
      const script = assessWorkerScript();
      if (script === null) throw new UsageError("--jobs needs the built command line (its worker script is missing).", "--jobs 需要构建后的命令行（缺少其工作线程脚本）。");
      const data: AssessWorkerData = { kind: "yiyang-assess-worker", instrument: values.instrument as string | undefined, asOf, flags, format, lang, cwd: io.cwd };
      const lines = readLineBatches(openInput(io, input), {});
      await assessOnWorkers(lines, script, data, jobs, (result, records) => emit(result.bytes, records, result.invalid));
    } else {
      for await (const batch of readRecordBatches(openInput(io, input), { format: inputFormat, ...ASSESSMENT_CSV })) {
        // One string per batch, written at once: no per-record await, spread or write.
        const scored = assessBatch(batch, context);
        await emit(scored.bytes, batch.length, scored.invalid);
      }
    }
    if (format === "json") await io.out(`${header}${first ? "" : "\n"}]\n`);
    else if (header !== "") await io.out(header);
    progress.done();
    return invalid > 0 ? 1 : 0;
  },
};
