/** One line of input with its 1-based number, or a line that was too long to hold. */
export type InputLine =
  | { line: number; text: string; tooLong?: false }
  | { line: number; text: null; tooLong: true; bytes: number };

/** Options for {@link readLines}. */
export interface ReadLinesOptions {
  /** Longest line kept, in bytes; longer lines are reported, not held (default 1 MiB). */
  maxLineBytes?: number;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Split a byte stream into lines in constant memory: a byte-order mark at the start is dropped,
 * `\r\n` and `\n` both end a line, and a line longer than the limit is reported by its number and
 * size without being held in memory. Every line is yielded, empty ones included; a final newline
 * does not make an extra empty line.
 *
 * @param source - any async iterable of byte chunks (a file stream, stdin)
 * @param options - the line-length limit
 * @returns the lines in order
 */
export async function* readLines(
  source: AsyncIterable<Uint8Array | string>,
  options: ReadLinesOptions = {},
): AsyncGenerator<InputLine> {
  const max = options.maxLineBytes ?? 1024 * 1024;
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let parts: Uint8Array[] = [];
  let held = 0;
  let dropped = 0; // bytes of the current line not held because it is too long
  let lineNumber = 0;
  let first = true;

  const finish = (): InputLine => {
    lineNumber++;
    if (dropped > 0) {
      const bytes = dropped + held;
      parts = [];
      held = 0;
      dropped = 0;
      return { line: lineNumber, text: null, tooLong: true, bytes };
    }
    let bytes = concat(parts, held);
    parts = [];
    held = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    return { line: lineNumber, text: decoder.decode(bytes) };
  };

  const keep = (chunk: Uint8Array): void => {
    if (dropped > 0 || held + chunk.length > max) {
      dropped += held + chunk.length;
      parts = [];
      held = 0;
      return;
    }
    parts.push(chunk);
    held += chunk.length;
  };

  for await (const raw of source) {
    let chunk = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
    if (first) {
      first = false;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    let start = 0;
    for (;;) {
      const at = chunk.indexOf(NEWLINE, start);
      if (at === -1) break;
      keep(chunk.subarray(start, at));
      yield finish();
      start = at + 1;
    }
    if (start < chunk.length) keep(chunk.subarray(start));
  }
  if (held > 0 || dropped > 0) yield finish();
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
