import { safeAssess, type AssessmentResult, type Instrument, type RecordMapping } from "@yiyang/assessment";
import type { Issue } from "@yiyang/core";
import { assessmentFhirLine } from "../fhir/fhir-io";
import { say, type Lang } from "../../cli-io";
import type { InputRecord } from "../../io/read-records";
import { toJson } from "../../io/to-json";
import { Utf8Builder } from "../../io/utf8-builder";
import { writeJson } from "./result-json";

/** The output formats of `yiyang assess`. */
export const OUTPUT_FORMATS = ["jsonl", "json", "table", "fhir"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What scoring a batch needs: the same in the main thread and in a worker. */
export interface AssessBatchContext {
  instrument: Instrument[];
  flags: Record<string, boolean>;
  format: OutputFormat;
  lang: Lang;
  /** The vendor's record mapping the rows are read through. */
  mapping?: RecordMapping | undefined;
  /** Turns each record read into the record to score, or its issues (a QuestionnaireResponse into its record). */
  transform?: ((value: unknown) => { record: unknown } | { issues: Issue[] }) | undefined;
  /** With the fhir format: when the results are recorded. */
  recorded?: string | undefined;
}

function recordId(record: unknown, mapping: RecordMapping | undefined): unknown {
  if (typeof record !== "object" || record === null) return null;
  const key = mapping === undefined ? "id" : mapping.document.fields.id.column;
  return (record as Record<string, unknown>)[key] ?? null;
}

/** A table cell: a tab or a line break inside would break the row. */
function cell(value: unknown): string {
  const text = typeof value === "string" ? value : value === null || value === undefined ? "" : toJson(value);
  return text.replace(/[\t\n\r\u2028\u2029]/g, " ");
}

function tableRow(line: number, id: unknown, result: AssessmentResult | null, issues: Issue[], lang: Lang): string {
  const cells = [String(line), cell(id)];
  if (result) {
    const provisional = result.provisional.length > 0 ? " *" : "";
    cells.push(String(result.total ?? ""), String(result.baseLevel), String(result.level), (lang === "zh" ? result.label.zh : result.label.en) + provisional, result.adjustments.map((a) => a.id).join("+") || "-");
  } else {
    cells.push("", "", "", say(lang, "invalid", "无效"), cell(issues.map((i) => (i.path ? `${i.path} ${i.code}` : i.code)).join("; ")));
  }
  return cells.join("\t") + "\n";
}

/** The header a format writes before the first record (the table's column names, the JSON array's `[`). */
export function outputHeader(format: OutputFormat, lang: Lang): string {
  if (format === "json") return "[\n";
  if (format === "table") return say(lang, "line\tid\ttotal\tbase\tlevel\tlabel\tadjustments / issues\n", "行\tid\t总分\t初步等级\t最终等级\t等级名称\t等级变更 / 问题\n");
  return "";
}

/**
 * Score a batch of input records and write their output lines as UTF-8: a result (with its
 * warnings beside it) or `{ id, line, issues }` per record, in order. For the `json` format the
 * elements are joined by `,\n`, with no separator before the first or after the last.
 */
export function assessBatch(batch: readonly InputRecord[], context: AssessBatchContext): { bytes: Uint8Array; invalid: number; provisional: boolean } {
  const { instrument, flags, format, lang, mapping, transform } = context;
  const out = new Utf8Builder();
  let invalid = 0;
  let provisional = false;
  for (let i = 0; i < batch.length; i++) {
    let entry = batch[i] as InputRecord;
    if (transform !== undefined && entry.issues === undefined) {
      const read = transform(entry.record);
      entry = "issues" in read ? { line: entry.line, issues: read.issues } : { line: entry.line, record: read.record };
    }
    let result: AssessmentResult | null = null;
    let issues: Issue[];
    if (entry.issues) {
      issues = entry.issues;
    } else {
      const assessed = safeAssess(instrument, entry.record, { flags, mapping });
      issues = assessed.issues;
      if (assessed.ok) result = assessed.value;
    }
    if (result === null) invalid++;
    else if (result.provisional.length > 0) provisional = true;
    if (format === "table") {
      out.add(tableRow(entry.line, recordId(entry.record, mapping), result, issues, lang));
      continue;
    }
    if (format === "fhir") {
      const written = assessmentFhirLine(instrument, entry.line, entry.record, result, issues, context.recorded ?? "");
      if (result !== null && !written.ok) invalid++;
      out.add(written.text);
      continue;
    }
    if (format === "json" && i > 0) out.add(",\n");
    if (result !== null) {
      // A result and its warnings, written as `{ ...result, warnings }` would be, without copying it.
      writeJson(out, result);
      const warnings = issues.length === 0 ? issues : issues.filter((issue) => issue.severity === "warning");
      if (warnings.length > 0) {
        out.unwriteByte();
        out.add(`,"warnings":${JSON.stringify(warnings)}}`);
      }
    } else {
      out.add(toJson({ id: recordId(entry.record, mapping), line: entry.line, issues }));
    }
    if (format !== "json") out.byte(0x0a);
  }
  return { bytes: out.take(), invalid, provisional };
}
