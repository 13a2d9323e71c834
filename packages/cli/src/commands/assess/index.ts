import { resolvePolicyFlags, safeAssess, type AssessmentResult } from "@yiyang/assessment";
import { type Issue } from "@yiyang/core";
import { createProgress, openInput, say, UsageError, type Lang } from "../../cli-io";
import type { Command } from "../../command";
import { formatOption, dateOption, inputOption } from "../../command-options";
import { readRecordBatches } from "../../io/read-records";
import { toJson } from "../../io/to-json";
import { parseFlags, resolveInstrument } from "../../resolve-documents";

const OUTPUT_FORMATS = ["jsonl", "json", "table"] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** CSV columns that hold lists or must stay text in assessment records. */
export const ASSESSMENT_CSV = { csvListFields: ["diseases"], csvTextFields: ["id", "assessedOn", "birthDate"] };

function recordId(record: unknown): unknown {
  return typeof record === "object" && record !== null ? (record as { id?: unknown }).id ?? null : null;
}

/** A table cell: a tab or a line break inside would break the row. */
function cell(value: unknown): string {
  const text = typeof value === "string" ? value : value === null || value === undefined ? "" : toJson(value);
  return text.replace(/[\t\n\r\u2028\u2029]/g, " ");
}

function tableRow(line: number, id: unknown, result: AssessmentResult | null, issues: Issue[], lang: Lang): string {
  const cells = [String(line), cell(id)];
  if (result) {
    cells.push(String(result.total ?? ""), String(result.baseLevel), String(result.level), lang === "zh" ? result.label.zh : result.label.en, result.adjustments.map((a) => a.id).join("+") || "-");
  } else {
    cells.push("", "", "", say(lang, "invalid", "无效"), cell(issues.map((i) => (i.path ? `${i.path} ${i.code}` : i.code)).join("; ")));
  }
  return cells.join("\t") + "\n";
}

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
    let invalid = 0;
    let first = true;
    // Nothing is written before the input is open: a missing file is a usage error on a clean stdout.
    let header =
      format === "json" ? "[\n" : format === "table" ? say(lang, "line\tid\ttotal\tbase\tlevel\tlabel\tadjustments / issues\n", "行\tid\t总分\t初步等级\t最终等级\t等级名称\t等级变更 / 问题\n") : "";
    const separator = format === "json" ? ",\n" : "\n";
    const records = readRecordBatches(openInput(io, input), { format: inputFormat, ...ASSESSMENT_CSV });
    for await (const batch of records) {
      // One string per batch, written at once: no per-record await, spread or write.
      let text = header;
      header = "";
      for (let i = 0; i < batch.length; i++) {
        const entry = batch[i] as (typeof batch)[number];
        progress.tick();
        let result: AssessmentResult | null = null;
        let issues: Issue[];
        if (entry.issues) {
          issues = entry.issues;
        } else {
          const assessed = safeAssess(instrument, entry.record, { flags });
          issues = assessed.issues;
          if (assessed.ok) result = assessed.value;
        }
        if (result === null) invalid++;
        if (format === "table") {
          text += tableRow(entry.line, recordId(entry.record), result, issues, lang);
          continue;
        }
        let json: string;
        if (result !== null) {
          // A result and its warnings, written as `{ ...result, warnings }` would be, without copying it.
          json = JSON.stringify(result);
          const warnings = issues.length === 0 ? issues : issues.filter((issue) => issue.severity === "warning");
          if (warnings.length > 0) json = `${json.slice(0, -1)},"warnings":${JSON.stringify(warnings)}}`;
        } else {
          json = toJson({ id: recordId(entry.record), line: entry.line, issues });
        }
        if (format === "json") {
          text += first ? json : separator + json;
          first = false;
        } else text += json + "\n";
      }
      await io.out(text);
    }
    if (format === "json") await io.out(`${header}${first ? "" : "\n"}]\n`);
    else if (header !== "") await io.out(header);
    progress.done();
    return invalid > 0 ? 1 : 0;
  },
};
