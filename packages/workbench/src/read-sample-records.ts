/**
 * Read a dropped sample file into records, the way `yiyang impact` reads its `--input`: JSON Lines
 * (one record a line), a JSON array, or CSV with a header row (dotted column names nest, list
 * columns split on `;`, numbers and booleans read as such except in text columns). Every line
 * yields a record or issues, in order; nothing is skipped and nothing leaves the page.
 */
import { createIssue, type Issue } from "@yiyang/core";

/** One input line: a record, or why it could not be read. */
export type SampleRecord = { line: number; record: unknown; issues?: undefined } | { line: number; record?: undefined; issues: Issue[] };

/** The CSV columns a document kind's records keep as text or read as lists (those of `yiyang impact`). */
export interface CsvColumns {
  listFields?: readonly string[];
  textFields?: readonly string[];
}

/** The CSV columns `yiyang impact` uses for each document kind. */
export const IMPACT_CSV_COLUMNS: Readonly<Record<string, CsvColumns>> = {
  instrument: { listFields: ["diseases"], textFields: ["id", "assessedOn", "birthDate"] },
  "service-catalog": { textFields: ["id", "birthDate"] },
  "indicator-catalog": { textFields: ["id", "facilityId"] },
};

const issue = (code: string, line: number, en: string, zh: string): Issue[] => [createIssue(code, "", en, zh, { params: { line } })];

/** The format of a file, from its name: `.csv`, `.json`, otherwise JSON Lines. */
export function sampleFormat(name: string): "csv" | "json" | "jsonl" {
  const lower = name.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".json")) return "json";
  return "jsonl";
}

/** Read a sample file's text. CSV is parsed with csv-parse (loaded on first use). */
export async function readSampleRecords(text: string, name: string, columns: CsvColumns = {}): Promise<SampleRecord[]> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const format = sampleFormat(name);
  if (format === "json") return readJsonArray(body);
  if (format === "csv") return readCsv(body, columns);
  return readJsonLines(body);
}

function splitLines(text: string): string[] {
  const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function readJsonLines(text: string): SampleRecord[] {
  return splitLines(text).map((line, i) => {
    const n = i + 1;
    if (line.trim() === "") return { line: n, issues: issue("empty_line", n, `Line ${n} is empty.`, `第 ${n} 行为空。`) };
    try {
      return { line: n, record: JSON.parse(line) as unknown };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { line: n, issues: issue("invalid_json", n, `Line ${n} is not valid JSON: ${detail}`, `第 ${n} 行不是有效的 JSON：${detail}`) };
    }
  });
}

function readJsonArray(text: string): SampleRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return [{ line: 1, issues: issue("invalid_json", 1, `The input is not valid JSON: ${detail}`, `输入不是有效的 JSON：${detail}`) }];
  }
  return (Array.isArray(parsed) ? parsed : [parsed]).map((record, i) => ({ line: i + 1, record }));
}

async function readCsv(text: string, columns: CsvColumns): Promise<SampleRecord[]> {
  const { parse } = await import("csv-parse/browser/esm/sync");
  const out: SampleRecord[] = [];
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text, { info: true, relax_column_count: true, skip_empty_lines: false }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return [{ line, issues: issue("invalid_csv", line, `Line ${line}: ${(error as Error).message}`, `第 ${line} 行：${(error as Error).message}`) }];
  }
  const [head, ...body] = rows;
  if (head === undefined) return out;
  const header = head.record.map((h) => h.trim());
  const listFields = new Set(columns.listFields ?? []);
  const textFields = new Set(columns.textFields ?? []);
  for (const { record: cells, info } of body) {
    const line = info.lines;
    if (cells.length === 1 && (cells[0] as string).trim() === "") {
      out.push({ line, issues: issue("empty_line", line, `Line ${line} is empty.`, `第 ${line} 行为空。`) });
      continue;
    }
    if (cells.length !== header.length) {
      out.push({ line, issues: issue("csv_column_count", line, `Line ${line} has ${cells.length} columns; the header has ${header.length}.`, `第 ${line} 行有 ${cells.length} 列，表头有 ${header.length} 列。`) });
      continue;
    }
    const record: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const raw = (cells[i] as string).trim();
      const leaf = name.split(".").pop() as string;
      // As the command line reads CSV: an empty cell is absent, except in a list column, where it is the empty list.
      if (raw === "" && !(listFields.has(name) || listFields.has(leaf))) return;
      const value =
        listFields.has(name) || listFields.has(leaf)
          ? raw.split(";").map((s) => s.trim()).filter((s) => s !== "")
          : textFields.has(name) || textFields.has(leaf)
            ? raw
            : csvValue(raw);
      setPath(record, name.split("."), value);
    });
    out.push({ line, record });
  }
  return out;
}

function csvValue(raw: string): unknown {
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === "true") return true;
  if (raw === "false") return false;
  return raw;
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i] as string;
    if (key === "__proto__" || key === "constructor" || key === "prototype") return;
    const next = node[key];
    if (typeof next !== "object" || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (last === "__proto__" || last === "constructor" || last === "prototype") return;
  node[last] = value;
}
