import { createIssue, type Issue } from "@yiyang/core";
import { parseCsvLine } from "./parse-csv-line";
import { readLines } from "./read-lines";

/** The input formats the CLI reads. */
export type InputFormat = "jsonl" | "json" | "csv";

/** One input record with where it came from, or the issues that stopped it. */
export type InputRecord =
  | { line: number; record: unknown; issues?: undefined }
  | { line: number; record?: undefined; issues: Issue[] };

/** Options for {@link readRecords}. */
export interface ReadRecordsOptions {
  format: InputFormat;
  /** Longest JSONL or CSV line, in bytes (default 1 MiB). */
  maxLineBytes?: number;
  /** Largest JSON array input, in bytes (default 512 MiB; use JSONL for more). */
  maxJsonBytes?: number;
  /** CSV columns that hold lists, written with `;` between the elements. */
  csvListFields?: readonly string[];
  /** CSV columns kept as text even when they look like numbers (ids, dates). */
  csvTextFields?: readonly string[];
  /** Turns each record read into the record to use, or the issues that stop it (e.g. a FHIR QuestionnaireResponse into its record). */
  transform?: ((value: unknown) => { record: unknown } | { issues: Issue[] }) | undefined;
}

/**
 * Guess the format from a file name: `.csv`, `.json`, otherwise JSON Lines.
 */
export function formatFromPath(path: string): InputFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".json")) return "json";
  return "jsonl";
}

const issue = (code: string, line: number, en: string, zh: string): Issue[] => [
  createIssue(code, "", en, zh, { params: { line } }),
];

/**
 * Read records from JSON Lines, a JSON array or CSV. Every line yields a record or issues, in
 * order: nothing is skipped, and a bad line never stops the rest. JSON Lines and CSV stream in
 * constant memory.
 */
export async function* readRecords(
  source: AsyncIterable<Uint8Array | string>,
  options: ReadRecordsOptions,
): AsyncGenerator<InputRecord> {
  const transform = options.transform;
  if (transform !== undefined) {
    for await (const entry of readRecords(source, { ...options, transform: undefined })) {
      if (entry.issues !== undefined) {
        yield entry;
        continue;
      }
      const out = transform(entry.record);
      yield "issues" in out ? { line: entry.line, issues: out.issues } : { line: entry.line, record: out.record };
    }
    return;
  }
  if (options.format === "json") {
    yield* readJsonArray(source, options.maxJsonBytes ?? 512 * 1024 * 1024);
    return;
  }
  const lines = readLines(source, { maxLineBytes: options.maxLineBytes ?? 1024 * 1024 });
  if (options.format === "csv") {
    yield* readCsv(lines, options);
    return;
  }
  for await (const entry of lines) {
    if (entry.text === null) {
      yield {
        line: entry.line,
        issues: issue("line_too_long", entry.line, `Line ${entry.line} is ${entry.bytes} bytes long, over the limit; it was skipped.`, `第 ${entry.line} 行长 ${entry.bytes} 字节，超过上限，未处理。`),
      };
      continue;
    }
    if (entry.text.trim() === "") {
      yield { line: entry.line, issues: issue("empty_line", entry.line, `Line ${entry.line} is empty.`, `第 ${entry.line} 行为空。`) };
      continue;
    }
    try {
      yield { line: entry.line, record: JSON.parse(entry.text) as unknown };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      yield {
        line: entry.line,
        issues: issue("invalid_json", entry.line, `Line ${entry.line} is not valid JSON: ${detail}`, `第 ${entry.line} 行不是有效的 JSON：${detail}`),
      };
    }
  }
}

async function* readJsonArray(source: AsyncIterable<Uint8Array | string>, maxBytes: number): AsyncGenerator<InputRecord> {
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for await (const chunk of source) {
    bytes += typeof chunk === "string" ? chunk.length : chunk.length;
    if (bytes > maxBytes) {
      yield { line: 1, issues: issue("input_too_large", 1, `The JSON input is over ${maxBytes} bytes; use JSON Lines for large files.`, `JSON 输入超过 ${maxBytes} 字节；大文件请用 JSON Lines。`) };
      return;
    }
    text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  }
  text += decoder.decode();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    yield { line: 1, issues: issue("invalid_json", 1, `The input is not valid JSON: ${detail}`, `输入不是有效的 JSON：${detail}`) };
    return;
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  for (let i = 0; i < list.length; i++) yield { line: i + 1, record: list[i] };
}

async function* readCsv(lines: AsyncIterable<{ line: number; text: string | null; bytes?: number }>, options: ReadRecordsOptions): AsyncGenerator<InputRecord> {
  const listFields = new Set(options.csvListFields ?? []);
  const textFields = new Set(options.csvTextFields ?? []);
  let header: string[] | null = null;
  for await (const entry of lines) {
    if (entry.text === null) {
      yield { line: entry.line, issues: issue("line_too_long", entry.line, `Line ${entry.line} is over the length limit; it was skipped.`, `第 ${entry.line} 行超过长度上限，未处理。`) };
      continue;
    }
    if (header === null) {
      header = parseCsvLine(entry.text)?.map((h) => h.trim()) ?? [];
      continue;
    }
    if (entry.text.trim() === "") {
      yield { line: entry.line, issues: issue("empty_line", entry.line, `Line ${entry.line} is empty.`, `第 ${entry.line} 行为空。`) };
      continue;
    }
    const cells = parseCsvLine(entry.text);
    if (cells === null) {
      yield { line: entry.line, issues: issue("invalid_csv", entry.line, `Line ${entry.line} has an unclosed quote.`, `第 ${entry.line} 行的引号未闭合。`) };
      continue;
    }
    if (cells.length !== header.length) {
      yield {
        line: entry.line,
        issues: issue("csv_column_count", entry.line, `Line ${entry.line} has ${cells.length} columns; the header has ${header.length}.`, `第 ${entry.line} 行有 ${cells.length} 列，表头有 ${header.length} 列。`),
      };
      continue;
    }
    const record: Record<string, unknown> = {};
    for (let i = 0; i < header.length; i++) {
      const name = header[i] as string;
      const raw = (cells[i] as string).trim();
      if (raw === "") continue;
      const leaf = name.split(".").pop() as string;
      const value = listFields.has(name) || listFields.has(leaf)
        ? raw.split(";").map((s) => s.trim()).filter((s) => s !== "")
        : textFields.has(name) || textFields.has(leaf)
          ? raw
          : csvValue(raw);
      setPath(record, name.split("."), value);
    }
    yield { line: entry.line, record };
  }
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
