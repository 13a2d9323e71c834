import { checkRecordMapping, loadRecordMapping, resolvePolicyFlags, safeAssess, type AssessmentResult } from "@yiyang/assessment";
import { hasErrors, type Issue } from "@yiyang/core";
import { INSTRUMENT_IDS, recordMappings } from "@yiyang/standards";
import { createProgress, openInput, say, UsageError, type Lang } from "../../cli-io";
import type { Command } from "../../command";
import { formatOption, dateOption, inputOption } from "../../command-options";
import { readRecords } from "../../io/read-records";
import { documentError, parseFlags, resolveBundledDocument, resolveInstrument } from "../../resolve-documents";
import { assessmentFhirLine, fhirRecordTransform, recordedOption } from "../fhir/fhir-io";

const OUTPUT_FORMATS = ["jsonl", "json", "table", "fhir"] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** CSV columns that hold lists or must stay text in assessment records. */
export const ASSESSMENT_CSV = { csvListFields: ["diseases"], csvTextFields: ["id", "assessedOn", "birthDate"] };

function recordId(record: unknown): unknown {
  return typeof record === "object" && record !== null ? (record as { id?: unknown }).id ?? null : null;
}

function tableRow(line: number, id: unknown, result: AssessmentResult | null, issues: Issue[], lang: Lang): string {
  const cells = [String(line), String(id ?? "")];
  if (result) {
    const provisional = result.provisional.length > 0 ? " *" : "";
    cells.push(String(result.total ?? ""), String(result.baseLevel), String(result.level), (lang === "zh" ? result.label.zh : result.label.en) + provisional, result.adjustments.map((a) => a.id).join("+") || "-");
  } else {
    cells.push("", "", "", say(lang, "invalid", "无效"), issues.map((i) => (i.path ? `${i.path} ${i.code}` : i.code)).join("; "));
  }
  return cells.join("\t") + "\n";
}

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
  },
  async run({ values, io, lang }) {
    const format = formatOption(values, OUTPUT_FORMATS);
    const asOf = dateOption(values, "as-of");
    const instrument = await resolveInstrument(io, (values.instrument as string | undefined) ?? INSTRUMENT_IDS[0], asOf);
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
    if (mapping !== undefined && fhirInput) throw new UsageError("--mapping reads a vendor's export; QuestionnaireResponses (--input-format fhir) need none.", "--mapping 用于读取厂商导出数据；问卷答复（--input-format fhir）无需映射。");
    const idOf = mapping === undefined ? recordId : (row: unknown) => (typeof row === "object" && row !== null ? (row as Record<string, unknown>)[mapping.document.fields.id.column] ?? null : null);
    const reading = mapping === undefined ? ASSESSMENT_CSV : { csvListFields: [], csvTextFields: mapping.columns };

    const progress = createProgress(io, lang);
    let invalid = 0;
    let provisional = false;
    let first = true;
    if (format === "json") await io.out("[\n");
    if (format === "table") {
      await io.out(say(lang, "line\tid\ttotal\tbase\tlevel\tlabel\tadjustments / issues\n", "行\tid\t总分\t初步等级\t最终等级\t等级名称\t等级变更 / 问题\n"));
    }
    const transform = fhirInput ? fhirRecordTransform(instrument) : undefined;
    for await (const entry of readRecords(openInput(io, input), { format: inputFormat, ...reading, transform })) {
      progress.tick();
      const id = idOf(entry.record);
      let output: Record<string, unknown>;
      let result: AssessmentResult | null = null;
      let issues: Issue[];
      if (entry.issues) {
        issues = entry.issues;
      } else {
        const assessed = safeAssess(instrument, entry.record, { flags, mapping });
        issues = assessed.issues;
        if (assessed.ok) result = assessed.value;
      }
      if (result) {
        const warnings = issues.filter((i) => i.severity === "warning");
        output = warnings.length > 0 ? { ...result, warnings } : { ...result };
      } else {
        invalid++;
        output = { id, line: entry.line, issues };
      }
      provisional ||= result !== null && result.provisional.length > 0;
      if (format === "fhir") {
        const written = assessmentFhirLine(instrument, entry.line, entry.record, result, issues, recorded);
        if (result && !written.ok) invalid++;
        await io.out(written.text);
      } else if (format === "table") await io.out(tableRow(entry.line, id, result, issues, lang));
      else if (format === "json") {
        await io.out(`${first ? "" : ",\n"}${JSON.stringify(output)}`);
        first = false;
      } else await io.out(`${JSON.stringify(output)}\n`);
    }
    if (format === "json") await io.out(`${first ? "" : "\n"}]\n`);
    if (format === "table" && provisional) {
      await io.out(say(lang, "* provisional: the result rests on content not yet verified against an official text (see the result's provisional).\n", "* 暂定：结果依据尚未与正式文本核对的内容（见结果的 provisional）。\n"));
    }
    progress.done();
    return invalid > 0 ? 1 : 0;
  },
};
