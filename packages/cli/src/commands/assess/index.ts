import { checkRecordMapping, loadRecordMapping, resolvePolicyFlags } from "@yiyang/assessment";
import { hasErrors } from "@yiyang/core";
import { INSTRUMENT_IDS, recordMappings } from "@yiyang/standards";
import { createProgress, openInput, say, UsageError } from "../../cli-io";
import type { Command } from "../../command";
import { formatOption, dateOption, inputOption } from "../../command-options";
import { readRecordBatches } from "../../io/read-records";
import type { AssessWorkerData } from "../../assess-worker";
import { readWholeLines } from "../../io/read-lines";
import { assessBatch, outputHeader, OUTPUT_FORMATS, type AssessBatchContext } from "./assess-batch";
import { assessOnWorkers, assessWorkerScript } from "./assess-pool";
import { documentError, parseFlags, resolveBundledDocument, resolveInstrument } from "../../resolve-documents";
import { fhirRecordTransform, recordedOption } from "../fhir/fhir-io";

/** `--jobs N`: worker threads that score JSON Lines (1, the default, scores on the main thread). */
function jobsOption(values: Record<string, unknown>): number {
  const given = values.jobs as string | undefined;
  if (given === undefined) return 1;
  const jobs = Number(given);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs must be a whole number from 1 to 64, not "${given}".`, `--jobs 必须是 1 到 64 的整数，而不是 "${given}"。`);
  return jobs;
}

/** CSV columns that hold lists or must stay text in assessment records. */
export const ASSESSMENT_CSV = { csvListFields: ["diseases"], csvTextFields: ["id", "assessedOn", "birthDate"] };

export const assessCommand: Command = {
  name: "assess",
  summary: {
    en: "Score assessment records with an instrument; one result or error line per input record, in order.",
    zh: "用评估工具为评估记录计分；每条输入记录按顺序输出一行结果或错误。",
  },
  usage: "yiyang assess [--instrument <id | file.json>] [--mapping <id | file.json>] [--input FILE | -] [--format jsonl|json|table|fhir]",
  optionHelp: [
    ["--instrument <id | file>", "gbt42195-2022 (the default when absent), mzt039-2013, ltci-2021, barthel-100, phs-selfcare, or an edited document", "gbt42195-2022（省略时的默认值）、mzt039-2013、ltci-2021、barthel-100、phs-selfcare，或编辑过的文档"],
    ["--mapping <id | file>", "read the input as a vendor's export through a record mapping (its id, version and fingerprint go into each result)", "按记录映射读取厂商导出数据（每条结果注明映射的 id、版本和指纹）"],
    ["--input <file | ->", "records: JSON Lines, a JSON array (.json) or CSV (.csv); - or absent for stdin", "记录文件：JSON Lines、JSON 数组（.json）或 CSV（.csv）；- 或省略表示标准输入"],
    ["--input-format jsonl|json|csv|fhir", "override the format guessed from the file name; fhir: QuestionnaireResponses (NDJSON, or a JSON array)", "覆盖根据文件名判断的格式；fhir：问卷答复（NDJSON 或 JSON 数组）"],
    ["--format jsonl|json|table|fhir", "output format (default jsonl); fhir: a transaction Bundle per line", "输出格式（默认 jsonl）；fhir：每行一个事务 Bundle"],
    ["--recorded <instant>", "with --format fhir: when the results are recorded (default now)", "与 --format fhir 同用：结果的记录时间（默认当前时间）"],
    ["--as-of YYYY-MM-DD", "use the document version in force on this date for every record (default: each record's assessedOn)", "所有记录都使用该日期生效的文档版本（默认按每条记录的 assessedOn）"],
    ["--flag name=true|false", "set a policy flag, e.g. stackAdjustments=true (repeatable)", "设置政策开关，如 stackAdjustments=true（可重复）"],
    ["--jobs N", "score JSON Lines on N worker threads (default 1: on the main thread); the output is the same, in the same order", "用 N 个工作线程为 JSON Lines 计分（默认 1：主线程）；输出相同、顺序相同"],
  ],
  example: [
    "yiyang assess --instrument gbt42195-2022 --input records.jsonl > results.jsonl",
    'echo \'{"id":"a1","assessedOn":"2025-03-01","items":{…26 items…}}\' | yiyang assess --instrument gbt42195-2022 --format table',
    "yiyang assess --instrument gbt42195-2022 --mapping vendor.json --input export.csv",
  ].join("\n"),
  options: {
    instrument: { type: "string" },
    mapping: { type: "string" },
    input: { type: "string" },
    "input-format": { type: "string" },
    format: { type: "string" },
    "as-of": { type: "string" },
    flag: { type: "string", multiple: true },
    recorded: { type: "string" },
    jobs: { type: "string" },
  },
  async run({ values, io, lang }) {
    const format = formatOption(values, OUTPUT_FORMATS);
    const asOf = dateOption(values, "as-of");
    // The instrument named, or the default: worker threads load the same one.
    const instrumentSpec = (values.instrument as string | undefined) ?? INSTRUMENT_IDS[0];
    const instrument = await resolveInstrument(io, instrumentSpec, asOf);
    const flags = parseFlags(values.flag);
    const fhirInput = values["input-format"] === "fhir";
    const { input, format: inputFormat } = inputOption(fhirInput ? { ...values, "input-format": undefined } : values);
    if (fhirInput && inputFormat === "csv") throw new UsageError("--input-format fhir reads JSON: NDJSON, or a JSON array.", "--input-format fhir 读取 JSON：NDJSON 或 JSON 数组。");
    const recorded = format === "fhir" ? recordedOption(values) : "";
    // Check the flags once, before any record, so a bad flag is a usage error and not a line per record.
    for (const version of instrument) {
      try {
        resolvePolicyFlags(version, flags);
      } catch (error) {
        throw new UsageError((error as Error).message, (error as { messageZh?: string }).messageZh ?? (error as Error).message);
      }
    }
    // A mapping is checked against every version once, so a mapping that does not fit is a usage error.
    const mapping = values.mapping === undefined ? undefined : await resolveBundledDocument(io, "--mapping", values.mapping as string, recordMappings, (d) => loadRecordMapping(d));
    for (const version of mapping === undefined ? [] : instrument) {
      const misfit = checkRecordMapping(mapping as NonNullable<typeof mapping>, version);
      if (hasErrors([...misfit])) documentError([...misfit], values.mapping as string);
    }
    if (mapping !== undefined && fhirInput) {
      throw new UsageError("--mapping reads a vendor's export; QuestionnaireResponses (--input-format fhir) need none.", "--mapping 用于读取厂商导出数据；问卷答复（--input-format fhir）无需映射。");
    }
    const reading = mapping === undefined ? ASSESSMENT_CSV : { csvListFields: [], csvTextFields: mapping.columns };
    const jobs = jobsOption(values);
    if (jobs > 1 && (mapping !== undefined || fhirInput || format === "fhir")) {
      throw new UsageError("--jobs scores interchange records in JSON Lines: not with --mapping or FHIR.", "--jobs 只用于 JSON Lines 格式的交换记录：不能与 --mapping 或 FHIR 同用。");
    }

    const progress = createProgress(io, lang);
    const context: AssessBatchContext = { instrument, flags, format, lang, mapping, transform: fhirInput ? fhirRecordTransform(instrument) : undefined, recorded };
    let invalid = 0;
    let first = true;
    // Nothing is written before the input is open: a missing file is a usage error on a clean stdout.
    let header = outputHeader(format, lang);
    let provisional = false;
    const emit = async (bytes: Uint8Array, records: number, refused: number, rests = false) => {
      invalid += refused;
      provisional ||= rests;
      progress.tick(records);
      if (records === 0) return;
      const before = header + (format === "json" && !first ? ",\n" : "");
      header = "";
      first = false;
      if (before !== "") await io.out(before);
      if (io.outBytes) await io.outBytes(bytes);
      else await io.out(new TextDecoder().decode(bytes));
    };
    if (jobs > 1 && inputFormat === "jsonl") {
      const script = assessWorkerScript();
      if (script === null) throw new UsageError("--jobs needs the built command line (its worker script is missing).", "--jobs 需要构建后的命令行（缺少其工作线程脚本）。");
      const data: AssessWorkerData = { kind: "yiyang-assess-worker", instrument: instrumentSpec, asOf, flags, format, lang, cwd: io.cwd };
      const lines = readWholeLines(openInput(io, input));
      await assessOnWorkers(lines, script, data, jobs, (result, records) => emit(result.bytes, records, result.invalid, result.provisional));
    } else {
      for await (const batch of readRecordBatches(openInput(io, input), { format: inputFormat, ...reading })) {
        // One string per batch, written at once: no per-record await, spread or write.
        const scored = assessBatch(batch, context);
        await emit(scored.bytes, batch.length, scored.invalid, scored.provisional);
      }
    }
    if (format === "json") await io.out(`${header}${first ? "" : "\n"}]\n`);
    else if (header !== "") await io.out(header);
    if (format === "table" && provisional) {
      await io.out(say(lang, "* provisional: the result rests on content not yet verified against an official text (see the result's provisional).\n", "* 暂定：结果依据尚未与正式文本核对的内容（见结果的 provisional）。\n"));
    }
    progress.done();
    return invalid > 0 ? 1 : 0;
  },
};
