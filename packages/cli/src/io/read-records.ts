import type { Issue } from "@yiyang/core";
import { duplicateKeyIssues } from "./duplicate-keys";
import { lineIssue, lineProblemIssues, UTF8_HINT_EN, UTF8_HINT_ZH } from "./line-issues";
import { readCsvBatches } from "./read-csv";
import { MAX_LINE_BYTES, readLineBatches, type InputLine } from "./read-lines";

/** The input formats the CLI reads. */
export type InputFormat = "jsonl" | "json" | "csv";

/** One input record with where it came from, or the issues that stopped it. */
export type InputRecord =
  | { line: number; record: unknown; issues?: undefined }
  | { line: number; record?: undefined; issues: Issue[] };

/** Options for {@link readRecords}. */
export interface ReadRecordsOptions {
  format: InputFormat;
  /** Longest JSONL line or CSV record, in bytes (default 1 MiB). */
  maxLineBytes?: number;
  /** Largest JSON array input, in bytes (default 512 MiB; use JSONL for more). */
  maxJsonBytes?: number;
  /** CSV columns that hold lists, written with `;` between the elements. */
  csvListFields?: readonly string[];
  /** CSV columns kept as text even when they look like numbers (ids, dates). */
  csvTextFields?: readonly string[];
  /** Refuse a JSON record that repeats a key (default true); `false` keeps JSON.parse's last-one-wins. */
  refuseDuplicateKeys?: boolean;
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

/** One JSON Lines line as a record or its issues. */
export function recordOfJsonLine(entry: InputLine, refuseDuplicates: boolean): InputRecord {
  const line = entry.line;
  const text = entry.text;
  if (text === null) return { line, issues: lineProblemIssues(entry as Extract<InputLine, { text: null }>) };
  let record: unknown;
  try {
    record = JSON.parse(text) as unknown;
  } catch (error) {
    if (text.trim() === "") return { line, issues: lineIssue("empty_line", line, `Line ${line} is empty.`, `第 ${line} 行为空。`) };
    const detail = error instanceof Error ? error.message : String(error);
    return { line, issues: lineIssue("invalid_json", line, `Line ${line} is not valid JSON: ${detail}`, `第 ${line} 行不是有效的 JSON：${detail}`) };
  }
  if (refuseDuplicates && typeof record === "object" && record !== null) {
    const duplicates = duplicateKeyIssues(text, record);
    if (duplicates !== null) return { line, issues: duplicates };
  }
  return { line, record };
}

/**
 * Read records from JSON Lines, a JSON array or CSV, a batch at a time. Every line (every CSV
 * record) yields a record or issues, in order: nothing is skipped, and a bad line never stops the
 * rest. JSON Lines and CSV stream in constant memory. The source must be UTF-8 (see `decodeInput`).
 *
 * @param source - UTF-8 byte chunks
 * @param options - the format and its limits
 * @returns the records in order, in batches (one per chunk read)
 */
export async function* readRecordBatches(source: AsyncIterable<Uint8Array | string>, options: ReadRecordsOptions): AsyncGenerator<InputRecord[]> {
  const refuseDuplicates = options.refuseDuplicateKeys !== false;
  if (options.format === "json") {
    yield* readJsonArray(source, options.maxJsonBytes ?? 512 * 1024 * 1024, refuseDuplicates);
    return;
  }
  const csv = options.format === "csv";
  const lines = readLineBatches(source, { maxLineBytes: options.maxLineBytes ?? MAX_LINE_BYTES, keepCarriageReturn: csv });
  if (csv) {
    yield* readCsvBatches(lines, options);
    return;
  }
  for await (const batch of lines) {
    const out = new Array<InputRecord>(batch.length);
    for (let i = 0; i < batch.length; i++) out[i] = recordOfJsonLine(batch[i] as InputLine, refuseDuplicates);
    yield out;
  }
}

/**
 * {@link readRecordBatches} one record at a time.
 *
 * @param source - UTF-8 byte chunks
 * @param options - the format and its limits
 * @returns the records in order
 */
export async function* readRecords(source: AsyncIterable<Uint8Array | string>, options: ReadRecordsOptions): AsyncGenerator<InputRecord> {
  for await (const batch of readRecordBatches(source, options)) yield* batch;
}

const JSON_BATCH = 1024;

async function* readJsonArray(source: AsyncIterable<Uint8Array | string>, maxBytes: number, refuseDuplicates: boolean): AsyncGenerator<InputRecord[]> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let text = "";
  let bytes = 0;
  try {
    for await (const chunk of source) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        yield [{ line: 1, issues: lineIssue("input_too_large", 1, `The JSON input is over ${maxBytes} bytes; use JSON Lines for large files.`, `JSON 输入超过 ${maxBytes} 字节；大文件请用 JSON Lines。`) }];
        return;
      }
      text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    }
    text += decoder.decode();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    yield [{ line: 1, issues: lineIssue("invalid_utf8", 1, `The input is not valid UTF-8: ${UTF8_HINT_EN}.`, `输入不是有效的 UTF-8：${UTF8_HINT_ZH}。`) }];
    return;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    yield [{ line: 1, issues: lineIssue("invalid_json", 1, `The input is not valid JSON: ${detail}`, `输入不是有效的 JSON：${detail}`) }];
    return;
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  // Duplicate keys, found once for the whole text, refuse the elements they are in.
  const refused = new Map<number, Issue[]>();
  if (refuseDuplicates && typeof parsed === "object" && parsed !== null) {
    for (const issue of duplicateKeyIssues(text, parsed) ?? []) {
      const match = Array.isArray(parsed) ? /^\/(\d+)(\/.*)?$/.exec(issue.path) : null;
      const index = match ? Number(match[1]) : 0;
      const path = match ? (match[2] ?? "") : issue.path;
      refused.set(index, [...(refused.get(index) ?? []), { ...issue, path }]);
    }
  }
  for (let start = 0; start < list.length; start += JSON_BATCH) {
    const batch: InputRecord[] = [];
    for (let i = start; i < Math.min(list.length, start + JSON_BATCH); i++) {
      const issues = refused.get(i);
      batch.push(issues ? { line: i + 1, issues } : { line: i + 1, record: list[i] });
    }
    yield batch;
  }
}
