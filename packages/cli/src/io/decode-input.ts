/** The text encodings an input file may be in. */
export const INPUT_ENCODINGS = ["utf-8", "gb18030", "utf-16le", "utf-16be"] as const;

/** One of {@link INPUT_ENCODINGS}; GBK and GB2312 files are read as GB18030, which contains them. */
export type InputEncoding = (typeof INPUT_ENCODINGS)[number];

/** How the encoding of an input was chosen. */
export type EncodingChoice = "given" | "byte-order mark" | "detected";

/** Options for {@link decodeInput}. */
export interface DecodeInputOptions {
  /** The encoding, when the caller knows it; otherwise it is read from a byte-order mark or detected. */
  encoding?: InputEncoding | undefined;
  /** Told once which encoding is used when it is not UTF-8. */
  onEncoding?: ((encoding: InputEncoding, how: EncodingChoice) => void) | undefined;
}

/** Accepts `gbk`, `GB2312`, `utf8` … as their encoding; `null` for an encoding this reader does not take. */
export function parseEncodingName(name: string): InputEncoding | null {
  const key = name.trim().toLowerCase().replace(/_/g, "-");
  if (key === "utf-8" || key === "utf8") return "utf-8";
  if (key === "gb18030" || key === "gbk" || key === "gb2312" || key === "cp936") return "gb18030";
  if (key === "utf-16le" || key === "utf16le" || key === "utf-16") return "utf-16le";
  if (key === "utf-16be" || key === "utf16be") return "utf-16be";
  return null;
}

const BOMS: Array<[InputEncoding, number[]]> = [
  ["utf-8", [0xef, 0xbb, 0xbf]],
  ["utf-16le", [0xff, 0xfe]],
  ["utf-16be", [0xfe, 0xff]],
];

function bomOf(bytes: Uint8Array): [InputEncoding, number] | null {
  for (const [encoding, mark] of BOMS) {
    if (bytes.length >= mark.length && mark.every((b, i) => bytes[i] === b)) return [encoding, mark.length];
  }
  return null;
}

/** Whether the bytes decode in `encoding` without an error (an incomplete sequence at the end is allowed). */
function decodes(encoding: string, bytes: Uint8Array): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Choose the encoding of the input from its first bytes: a byte-order mark names it; otherwise a
 * start that is not UTF-8 but is valid GB18030 (as Chinese Excel exports are) is read as GB18030;
 * anything else is UTF-8, whose invalid lines the line reader reports one by one.
 */
export function detectEncoding(start: Uint8Array): { encoding: InputEncoding; how: EncodingChoice } {
  const bom = bomOf(start);
  if (bom !== null) return { encoding: bom[0], how: "byte-order mark" };
  if (!decodes("utf-8", start) && decodes("gb18030", start)) return { encoding: "gb18030", how: "detected" };
  return { encoding: "utf-8", how: "detected" };
}

const toBytes = (chunk: Uint8Array | string): Uint8Array => (typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);

/** Bytes looked at to choose an encoding (or all of a shorter input). */
const SNIFF_BYTES = 64 * 1024;

/**
 * A byte stream as UTF-8: the encoding is given, or named by a byte-order mark, or detected from
 * the first 64 KiB (see {@link detectEncoding}). A UTF-8 stream passes through untouched, its
 * byte-order mark included (the line reader drops it); a GB18030 or UTF-16 stream is converted,
 * an invalid sequence becoming U+FFFD.
 *
 * @param source - the raw bytes (string chunks are taken as UTF-8)
 * @param options - the encoding, and a callback told of a conversion
 * @returns UTF-8 byte chunks
 */
export async function* decodeInput(source: AsyncIterable<Uint8Array | string>, options: DecodeInputOptions = {}): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  // Gather the start of the input to look at; one chunk is usually enough.
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const bytes = toBytes(next.value);
    head.push(bytes);
    headBytes += bytes.length;
    if (options.encoding !== undefined && headBytes >= 3) break;
  }
  const start = head.length === 1 ? (head[0] as Uint8Array) : Buffer.concat(head);
  let encoding: InputEncoding;
  let how: EncodingChoice;
  if (options.encoding !== undefined) {
    encoding = options.encoding;
    how = "given";
  } else {
    ({ encoding, how } = detectEncoding(start));
  }
  if (encoding !== "utf-8") options.onEncoding?.(encoding, how);

  const rest: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      if (start.length > 0) yield start;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield toBytes(next.value);
      }
    },
  };
  if (encoding === "utf-8") {
    yield* rest;
    return;
  }
  const decoder = new TextDecoder(encoding);
  for await (const bytes of rest) {
    const text = decoder.decode(bytes, { stream: true });
    if (text.length > 0) yield Buffer.from(text, "utf8");
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield Buffer.from(tail, "utf8");
}
