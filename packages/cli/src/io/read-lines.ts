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

const NEWLINE = 0x0a;
const CR = 13;

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
  const max = options.maxLineBytes ?? 1024 * 1024;
  const keepCR = options.keepCarriageReturn === true;
  let parts: Uint8Array[] = [];
  let held = 0;
  let dropped = 0; // bytes of the current line not held because it is too long
  let lineNumber = 0;
  let first = true;

  /** End the line whose start is in `parts` (and whose rest is `tail`). */
  const finishHeld = (tail: Uint8Array): InputLine => {
    lineNumber++;
    const total = dropped + held + tail.length;
    if (dropped > 0 || total > max) {
      parts = [];
      held = 0;
      dropped = 0;
      return { line: lineNumber, text: null, problem: "too_long", bytes: total };
    }
    const bytes = parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
    parts = [];
    held = 0;
    return lineOf(lineNumber, bytes, keepCR);
  };

  const keep = (chunk: Uint8Array): void => {
    if (chunk.length === 0) return;
    if (dropped > 0 || held + chunk.length > max) {
      dropped += held + chunk.length;
      parts = [];
      held = 0;
      return;
    }
    // A copy: the source may reuse its buffer.
    parts.push(Uint8Array.prototype.slice.call(chunk));
    held += chunk.length;
  };

  for await (const raw of source) {
    let chunk = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
    if (first && chunk.length > 0) {
      first = false;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    const batch: InputLine[] = [];
    let start = 0;
    let at = chunk.indexOf(NEWLINE);
    if (at === -1) {
      keep(chunk);
      continue;
    }
    if (held > 0 || dropped > 0) {
      batch.push(finishHeld(chunk.subarray(0, at)));
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
          batch.push({ line: ++lineNumber, text: line });
        }
      } else {
        for (let from = start; from <= last; ) {
          const end = chunk.indexOf(NEWLINE, from);
          const bytes = chunk.subarray(from, end);
          lineNumber++;
          batch.push(bytes.length > max ? { line: lineNumber, text: null, problem: "too_long", bytes: bytes.length } : lineOf(lineNumber, bytes, keepCR));
          from = end + 1;
        }
      }
      start = last + 1;
    }
    keep(chunk.subarray(start));
    if (batch.length > 0) yield batch;
  }
  if (held > 0 || dropped > 0) yield [finishHeld(new Uint8Array(0))];
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
