/**
 * One line of input with its 1-based number: its text, or why it has none (longer than the limit,
 * or not valid UTF-8).
 */
export type InputLine =
  | { line: number; text: string; problem?: undefined }
  | { line: number; text: null; problem: "too_long"; bytes: number }
  | { line: number; text: null; problem: "invalid_utf8"; bytes: number };

/** Options for {@link readLines} and {@link readLineBatches}. */
export interface ReadLinesOptions {
  /** Longest line kept, in bytes; longer lines are reported, not held (default 1 MiB). */
  maxLineBytes?: number;
  /** Keep the `\r` of a `\r\n` line end (CSV, where one inside quotes belongs to the field). Default false. */
  keepCarriageReturn?: boolean;
}

/** The longest line kept by default, in bytes: the same for one thread and for the workers' splitters. */
export const MAX_LINE_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;
const CR = 13;
const NEWLINE_BYTES = new Uint8Array([NEWLINE]);

/** Decodes UTF-8 and refuses invalid bytes; stateless between calls, since it is only given whole lines. */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function decodeLine(bytes: Uint8Array): string | null {
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

function lineOf(line: number, bytes: Uint8Array, keepCR: boolean): InputLine {
  let end = bytes.length;
  if (!keepCR && end > 0 && bytes[end - 1] === CR) end--;
  const text = decodeLine(end === bytes.length ? bytes : bytes.subarray(0, end));
  return text === null ? { line, text: null, problem: "invalid_utf8", bytes: bytes.length } : { line, text };
}

/** A chunk without the UTF-8 byte-order mark it starts with, if it does. */
function withoutByteOrderMark(chunk: Uint8Array): Uint8Array {
  return chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? chunk.subarray(3) : chunk;
}

/**
 * The start of a line that a chunk did not end, held across chunks (copied: a source may reuse its
 * buffer) until it passes the limit; from then on only its length is counted.
 */
class PartialLine {
  parts: Uint8Array[] = [];
  held = 0;
  /** Bytes of the line not held because it is too long. */
  dropped = 0;
  constructor(private readonly max: number) {}

  get empty(): boolean {
    return this.held === 0 && this.dropped === 0;
  }

  keep(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.dropped > 0 || this.held + bytes.length > this.max) {
      this.dropped += this.held + bytes.length;
      this.parts = [];
      this.held = 0;
      return;
    }
    this.parts.push(Uint8Array.prototype.slice.call(bytes));
    this.held += bytes.length;
  }

  /** The whole line's length with a last piece of `rest` bytes, or -1 when it is within the limit. */
  tooLong(rest: number): number {
    const total = this.dropped + this.held + rest;
    return this.dropped > 0 || total > this.max ? total : -1;
  }

  /** Start again with nothing held. */
  clear(): void {
    this.parts = [];
    this.held = 0;
    this.dropped = 0;
  }
}

/** Options of {@link LineSplitter}: those of {@link readLineBatches}, and where the bytes sit in a longer input. */
export interface LineSplitterOptions extends ReadLinesOptions {
  /** The number of the first line (default 1). */
  firstLine?: number;
  /** Keep a byte-order mark at the start (the bytes are not the start of the input). Default false. */
  keepByteOrderMark?: boolean;
}

/**
 * The line splitting of {@link readLineBatches}, one chunk at a time and synchronous: given the
 * chunks in order, then told the end, it gives the same lines. A worker thread runs one over a
 * batch of whole lines.
 */
export class LineSplitter {
  private readonly max: number;
  private readonly keepCR: boolean;
  private readonly partial: PartialLine;
  private lineNumber: number;
  private first: boolean;

  constructor(options: LineSplitterOptions = {}) {
    this.max = options.maxLineBytes ?? MAX_LINE_BYTES;
    this.keepCR = options.keepCarriageReturn === true;
    this.partial = new PartialLine(this.max);
    this.lineNumber = (options.firstLine ?? 1) - 1;
    this.first = options.keepByteOrderMark !== true;
  }

  /** End the line whose start is held (and whose rest is `tail`). */
  private finishHeld(tail: Uint8Array): InputLine {
    this.lineNumber++;
    const partial = this.partial;
    const total = partial.tooLong(tail.length);
    const bytes = total >= 0 || partial.parts.length === 0 ? tail : Buffer.concat([...partial.parts, tail]);
    partial.clear();
    return total >= 0 ? { line: this.lineNumber, text: null, problem: "too_long", bytes: total } : lineOf(this.lineNumber, bytes, this.keepCR);
  }

  /** The lines a chunk ends (none when it holds no line break). */
  push(raw: Uint8Array): InputLine[] {
    let chunk = raw;
    if (this.first && chunk.length > 0) {
      this.first = false;
      chunk = withoutByteOrderMark(chunk);
    }
    const { max, keepCR } = this;
    const batch: InputLine[] = [];
    let start = 0;
    let at = chunk.indexOf(NEWLINE);
    if (at === -1) {
      this.partial.keep(chunk);
      return batch;
    }
    if (!this.partial.empty) {
      batch.push(this.finishHeld(chunk.subarray(0, at)));
      start = at + 1;
      at = chunk.indexOf(NEWLINE, start);
    }
    // The whole lines of this chunk: decoded in one call when each fits the limit and all are UTF-8.
    const last = chunk.lastIndexOf(NEWLINE);
    if (at !== -1 && last >= start) {
      const region = chunk.subarray(start, last);
      let fits = region.length <= max;
      for (let from = start; !fits && from <= last; ) {
        const end = chunk.indexOf(NEWLINE, from);
        if (end - from > max) break;
        from = end + 1;
        if (from > last) fits = true;
      }
      const text = fits ? decodeLine(region) : null;
      if (text !== null) {
        const lines = text.split("\n");
        for (let i = 0; i < lines.length; i++) {
          let line = lines[i] as string;
          if (!keepCR && line.charCodeAt(line.length - 1) === CR) line = line.slice(0, -1);
          batch.push({ line: ++this.lineNumber, text: line });
        }
      } else {
        for (let from = start; from <= last; ) {
          const end = chunk.indexOf(NEWLINE, from);
          const bytes = chunk.subarray(from, end);
          this.lineNumber++;
          batch.push(bytes.length > max ? { line: this.lineNumber, text: null, problem: "too_long", bytes: bytes.length } : lineOf(this.lineNumber, bytes, keepCR));
          from = end + 1;
        }
      }
      start = last + 1;
    }
    this.partial.keep(chunk.subarray(start));
    return batch;
  }

  /** The last line, when the input does not end with a line break. */
  end(): InputLine[] {
    return this.partial.empty ? [] : [this.finishHeld(new Uint8Array(0))];
  }
}

/**
 * Split a UTF-8 byte stream into lines in constant memory, a chunk's worth at a time: a byte-order
 * mark at the start is dropped, `\r\n` and `\n` both end a line (the `\r` dropped, unless kept), a line longer than the limit is
 * reported by its number and size without being held in memory, and a line that is not valid UTF-8
 * is reported, not decoded with replacement characters. Every line is given, empty ones included;
 * a final newline does not make an extra empty line. The lines of one chunk come as one batch, so
 * a caller pays one `await` per chunk, not per line.
 *
 * @param source - any async iterable of UTF-8 byte chunks (see `decodeInput` for other encodings)
 * @param options - the line-length limit
 * @returns the lines in order, in batches
 */
export async function* readLineBatches(source: AsyncIterable<Uint8Array | string>, options: ReadLinesOptions = {}): AsyncGenerator<InputLine[]> {
  const splitter = new LineSplitter(options);
  for await (const raw of source) {
    const batch = splitter.push(typeof raw === "string" ? Buffer.from(raw, "utf8") : raw);
    if (batch.length > 0) yield batch;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

/**
 * {@link readLineBatches} one line at a time.
 *
 * @param source - any async iterable of UTF-8 byte chunks
 * @param options - the line-length limit
 * @returns the lines in order
 */
export async function* readLines(source: AsyncIterable<Uint8Array | string>, options: ReadLinesOptions = {}): AsyncGenerator<InputLine> {
  for await (const batch of readLineBatches(source, options)) yield* batch;
}

/**
 * Whole lines of input as bytes, cut from a stream for a {@link LineSplitter} elsewhere (a worker
 * thread) to split: `bytes` holds lines `first` … `first + lines - 1`, each ending with `\n`
 * except perhaps the input's last line. A line longer than the limit is not held: it is an empty
 * line in `bytes`, and reported in `problems` as {@link readLineBatches} reports it.
 */
export interface WholeLines {
  first: number;
  lines: number;
  /** A view of an ArrayBuffer of their own, so they can be transferred to another thread. */
  bytes: Uint8Array;
  problems: InputLine[];
}

/** Options of {@link readWholeLines}. */
export interface ReadWholeLinesOptions {
  /** Longest line kept, in bytes (default 1 MiB). */
  maxLineBytes?: number;
  /** A batch is given once it holds at least this many bytes (default 1 MiB). */
  batchBytes?: number;
}

/**
 * Cut a UTF-8 byte stream into batches of whole lines, without decoding it, in constant memory: a
 * byte-order mark at the start is dropped, and a line that runs over chunks past the limit is
 * counted, not held (one inside a single chunk is passed on whole: the splitter, given the same
 * limit, reports it the same way).
 * Splitting each batch with a {@link LineSplitter} (`firstLine: first`, `keepByteOrderMark: true`)
 * and putting each of `problems` in its line's place gives the lines {@link readLineBatches} gives.
 *
 * @param source - any async iterable of UTF-8 byte chunks
 * @param options - the line-length limit and the batch size
 * @returns the batches in order
 */
export async function* readWholeLines(source: AsyncIterable<Uint8Array>, options: ReadWholeLinesOptions = {}): AsyncGenerator<WholeLines> {
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  const batchBytes = options.batchBytes ?? 1024 * 1024;
  // The batch being gathered, copied into a buffer of its own as it comes.
  let pending = new Uint8Array(0);
  let pendingBytes = 0;
  let problems: InputLine[] = [];
  const partial = new PartialLine(max);
  let lineNumber = 0;
  let sent = 0;
  let first = true;

  const append = (bytes: Uint8Array): void => {
    if (pendingBytes + bytes.length > pending.length) {
      const grown = new Uint8Array(Math.max(pending.length * 2, pendingBytes + bytes.length, batchBytes + 64 * 1024));
      grown.set(pending.subarray(0, pendingBytes));
      pending = grown;
    }
    pending.set(bytes, pendingBytes);
    pendingBytes += bytes.length;
  };
  const take = (): WholeLines => {
    const batch: WholeLines = { first: sent + 1, lines: lineNumber - sent, bytes: pending.subarray(0, pendingBytes), problems };
    sent = lineNumber;
    pending = new Uint8Array(0);
    pendingBytes = 0;
    problems = [];
    return batch;
  };
  /** End the held line with `tail` (its last bytes, and its line break when it has one). */
  const finish = (tail: Uint8Array, broken: boolean): void => {
    lineNumber++;
    const total = partial.tooLong(tail.length - (broken ? 1 : 0));
    if (total >= 0) {
      problems.push({ line: lineNumber, text: null, problem: "too_long", bytes: total });
      append(NEWLINE_BYTES);
    } else {
      for (const part of partial.parts) append(part);
      append(tail);
    }
    partial.clear();
  };

  for await (const raw of source) {
    let chunk = raw;
    if (first && chunk.length > 0) {
      first = false;
      chunk = withoutByteOrderMark(chunk);
    }
    const at = chunk.indexOf(NEWLINE);
    if (at === -1) {
      partial.keep(chunk);
      continue;
    }
    finish(chunk.subarray(0, at + 1), true);
    const last = chunk.lastIndexOf(NEWLINE);
    if (last > at) {
      for (let from = at + 1; from <= last; from = chunk.indexOf(NEWLINE, from) + 1) lineNumber++;
      append(chunk.subarray(at + 1, last + 1));
    }
    partial.keep(chunk.subarray(last + 1));
    if (pendingBytes >= batchBytes) yield take();
  }
  if (!partial.empty) finish(new Uint8Array(0), false);
  if (lineNumber > sent) yield take();
}
