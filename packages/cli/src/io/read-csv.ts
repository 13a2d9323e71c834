import { createIssue, toPointer, type Issue } from "@yiyang/core";
import { Parser, type CsvError } from "csv-parse";
import type { InputLine } from "./read-lines";
import { lineIssue, lineProblemIssues } from "./line-issues";
import type { InputRecord, ReadRecordsOptions } from "./read-records";

/** A record's fields, or an error with csv-parse's own line count where it was found. */
type CsvEvent = { fields: string[] } | { error: CsvError; lines: number };

/** Occurrences of one character code in the fields. */
function countIn(fields: readonly string[], char: string): number {
  let count = 0;
  for (const field of fields) for (let i = field.indexOf(char); i !== -1; i = field.indexOf(char, i + 1)) count++;
  return count;
}

/** One csv-parse parser; what it finds is queued in order. */
function createParser(maxRecordBytes: number, events: CsvEvent[]): Parser {
  return new Parser({
    // RFC 4180: commas, double quotes, "" inside quotes, line breaks inside quotes.
    relax_column_count: true,
    // Lines come with their \r kept: a \r\n inside quotes stays in the field, and either ends a record.
    record_delimiter: ["\r\n", "\n"],
    skip_empty_lines: false,
    skip_records_with_error: true,
    max_record_size: maxRecordBytes,
    on_record: (fields: string[]) => {
      events.push({ fields });
      return undefined;
    },
    on_skip: (error: CsvError | undefined) => {
      if (error !== undefined) events.push({ error, lines: (error as unknown as { lines: number }).lines });
      return undefined;
    },
  });
}

function write(parser: Parser, text: string): Promise<void> {
  return new Promise((resolve, reject) => parser.write(text, (error) => (error ? reject(error) : resolve())));
}

function end(parser: Parser): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.once("error", reject);
    parser.end(() => resolve());
  });
}

const CSV_ERRORS: Record<string, [string, string]> = {
  CSV_QUOTE_NOT_CLOSED: ["a quoted field is never closed", "带引号的字段没有闭合"],
  CSV_INVALID_CLOSING_QUOTE: ["a closing quote is followed by something other than a comma or the end of the line", "闭合引号后面不是逗号或行尾"],
  CSV_MAX_RECORD_SIZE: ["the record is over the size limit (an unclosed quote?)", "记录超过长度上限（引号未闭合？）"],
};

/** A header column: its dotted name split into keys. */
interface Column {
  name: string;
  keys: string[];
  list: boolean;
  text: boolean;
}

function columnsOf(header: string[], options: ReadRecordsOptions): { columns: Column[]; conflicts: Issue[] } {
  const listFields = new Set(options.csvListFields ?? []);
  const textFields = new Set(options.csvTextFields ?? []);
  const columns = header.map((raw): Column => {
    const name = raw.trim();
    const keys = name.split(".");
    const leaf = keys[keys.length - 1] as string;
    return { name, keys, list: listFields.has(name) || listFields.has(leaf), text: textFields.has(name) || textFields.has(leaf) };
  });
  // Two columns that write one field (the same name, or `a` and `a.b`) are refused as a JSON record
  // that repeats a key is.
  const conflicts: Issue[] = [];
  const byPath = new Map<string, number>();
  columns.forEach((column, i) => {
    const path = column.keys.join("\u0000");
    const earlier = byPath.get(path);
    if (earlier !== undefined) conflicts.push(conflict(columns, earlier, i));
    else byPath.set(path, i);
  });
  columns.forEach((column, i) => {
    for (let n = 1; n < column.keys.length; n++) {
      const other = byPath.get(column.keys.slice(0, n).join("\u0000"));
      if (other !== undefined) conflicts.push(conflict(columns, other, i));
    }
  });
  return { columns, conflicts };
}

function conflict(columns: Column[], a: number, b: number): Issue {
  const first = columns[a] as Column;
  const second = columns[b] as Column;
  const path = toPointer(first.keys);
  return createIssue(
    "duplicate_key",
    path,
    `Columns ${a + 1} ("${first.name}") and ${b + 1} ("${second.name}") both give ${path}: the record is ambiguous.`,
    `第 ${a + 1} 列（"${first.name}"）与第 ${b + 1} 列（"${second.name}"）都给出 ${path}：记录有歧义。`,
    { params: { columns: [a + 1, b + 1] } },
  );
}

function cellValue(raw: string, column: Column): unknown {
  if (column.list) return raw.split(";").map((s) => s.trim()).filter((s) => s !== "");
  if (column.text) return raw;
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === "true") return true;
  if (raw === "false") return false;
  return raw;
}

/** Set an own property, `__proto__` included (as JSON.parse does): nothing reaches a prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function recordOf(cells: string[], columns: Column[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const raw = (cells[i] as string).trim();
    const column = columns[i] as Column;
    // An empty cell is absent, except in a list column: a list written with ";" between its elements
    // is empty when the cell is, so the column's presence says "none" (and a JSON list survives a trip through CSV).
    if (raw === "" && !column.list) continue;
    let node = record;
    for (let k = 0; k < column.keys.length - 1; k++) {
      const key = column.keys[k] as string;
      // Conflicting columns are refused before this, so a node on the way is always one made here.
      let next = Object.prototype.hasOwnProperty.call(node, key) ? (node[key] as Record<string, unknown>) : undefined;
      if (next === undefined) {
        next = {};
        setOwn(node, key, next);
      }
      node = next;
    }
    setOwn(node, column.keys[column.keys.length - 1] as string, cellValue(raw, column));
  }
  return record;
}

/**
 * Records from CSV lines, through csv-parse (RFC 4180: quoted fields with commas, quotes and line
 * breaks). The first record is the header; dotted names build nested objects (`items.eating`), and
 * any name is kept as an own field, so `constructor` or `__proto__` reach the record's validation
 * as the unknown fields they are. Each record is numbered by its first line. A record csv-parse
 * refuses is reported and reading starts again on the line after it (after its first line, for an
 * unclosed quote), so one stray quote does not swallow the records after it.
 */
export async function* readCsvBatches(lines: AsyncIterable<InputLine[]>, options: ReadRecordsOptions): AsyncGenerator<InputRecord[]> {
  const maxRecordBytes = options.maxLineBytes ?? 1024 * 1024;
  let events: CsvEvent[] = [];
  /** The input line before the current parser's first. */
  let offset = 0;
  /**
   * Lines csv-parse has counted beyond the real ones since the current parser started: it counts
   * every \r inside a field as a line too. Records are numbered by their fields' line breaks instead.
   */
  let drift = 0;
  let parser = createParser(maxRecordBytes, events);
  /** Lines given to the parser from the start of the record it is in. */
  let window: Array<{ line: number; text: string }> = [];
  /** Lines the line reader could not give (too long, not UTF-8), by number: the record holding one is refused. */
  const problems = new Map<number, Issue[]>();
  let recordStart = 1;
  let header: { columns: Column[]; conflicts: Issue[] } | null = null;

  const take = (out: InputRecord[]): Promise<void> | null => {
    for (let e = 0; e < events.length; e++) {
      const event = events[e] as CsvEvent;
      const start = recordStart;
      if ("error" in event) {
        const at = Math.max(start, event.lines + offset - drift);
        const [en, zh] = CSV_ERRORS[event.error.code] ?? [event.error.message, event.error.message];
        out.push({ line: start, issues: lineIssue("invalid_csv", start, `The CSV record at line ${start} is invalid: ${en} (line ${at}).`, `第 ${start} 行起的 CSV 记录无效：${zh}（第 ${at} 行）。`) });
        const runaway = event.error.code === "CSV_QUOTE_NOT_CLOSED" || event.error.code === "CSV_MAX_RECORD_SIZE";
        const resume = runaway ? start + 1 : at + 1;
        parser.destroy();
        events = [];
        offset = resume - 1;
        drift = 0;
        recordStart = resume;
        parser = createParser(maxRecordBytes, events);
        window = window.filter((l) => l.line >= resume);
        if (window.length === 0) return null;
        return write(parser, window.map((l) => l.text + "\n").join(""));
      }
      const end = start + countIn(event.fields, "\n");
      drift += countIn(event.fields, "\r");
      recordStart = end + 1;
      let problem: Issue[] | undefined;
      for (let line = start; line <= end && problem === undefined; line++) problem = problems.get(line);
      for (let line = start; line <= end; line++) problems.delete(line);
      if (problem !== undefined) {
        out.push({ line: start, issues: problem });
        continue;
      }
      const cells = event.fields;
      if (header === null) {
        header = columnsOf(cells, options);
        continue;
      }
      if (cells.length === 1 && (cells[0] as string).trim() === "") {
        out.push({ line: start, issues: lineIssue("empty_line", start, `Line ${start} is empty.`, `第 ${start} 行为空。`) });
      } else if (cells.length !== header.columns.length) {
        out.push({
          line: start,
          issues: lineIssue("csv_column_count", start, `Line ${start} has ${cells.length} columns; the header has ${header.columns.length}.`, `第 ${start} 行有 ${cells.length} 列，表头有 ${header.columns.length} 列。`),
        });
      } else if (header.conflicts.length > 0) {
        out.push({ line: start, issues: header.conflicts });
      } else {
        out.push({ line: start, record: recordOf(cells, header.columns) });
      }
    }
    events.length = 0;
    window = window.filter((l) => l.line >= recordStart);
    return null;
  };

  /** Hand csv-parse's events over, re-reading after each refused record until none is pending. */
  const drain = async (out: InputRecord[]): Promise<void> => {
    for (let pending = take(out); pending !== null; pending = take(out)) await pending;
  };

  for await (const batch of lines) {
    let text = "";
    for (const entry of batch) {
      if (entry.text === null) problems.set(entry.line, lineProblemIssues(entry));
      const line = entry.text ?? "";
      window.push({ line: entry.line, text: line });
      text += line + "\n";
    }
    await write(parser, text);
    const out: InputRecord[] = [];
    await drain(out);
    if (out.length > 0) yield out;
  }
  const out: InputRecord[] = [];
  for (;;) {
    await end(parser);
    const before = parser;
    await drain(out);
    if (parser === before) break;
  }
  if (out.length > 0) yield out;
}
