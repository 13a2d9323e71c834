/** Room a builder starts with, and gets again whenever it runs out. */
const BLOCK = 256 * 1024;

/** Strings up to this length are encoded by {@link Utf8Builder.jsonString} itself; longer ones by JSON.stringify. */
const SHORT_STRING = 256;

/**
 * Output encoded straight into UTF-8 buffers. Text is written with one `write` each; JSON strings,
 * numbers and bytes known beforehand (keys, the text of shared objects) are written byte by byte,
 * so a line of JSON never exists as a string: no string is built piece by piece, flattened and
 * then encoded.
 */
export class Utf8Builder {
  private buffer: Buffer = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private full: Uint8Array[] = [];

  /** Make room for `bytes` more bytes in the current buffer. */
  private room(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    if (this.used > 0) this.full.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(Math.max(BLOCK, bytes));
    this.used = 0;
  }

  /** Append a text. */
  add(text: string): void {
    // A UTF-16 code unit never needs more than 3 bytes of UTF-8.
    this.room(text.length * 3);
    this.used += this.buffer.write(text, this.used);
  }

  /** Append one byte (an ASCII character's code). */
  byte(code: number): void {
    this.room(1);
    this.buffer[this.used++] = code;
  }

  /** Append bytes. */
  bytes(bytes: Uint8Array): void {
    const n = bytes.length;
    this.room(n);
    const buffer = this.buffer;
    const at = this.used;
    // A call into `set` costs more than copying a key's few bytes one by one.
    if (n <= 32) for (let i = 0; i < n; i++) buffer[at + i] = bytes[i] as number;
    else buffer.set(bytes, at);
    this.used = at + n;
  }

  /**
   * Append `JSON.stringify(text)` as UTF-8: quoted, with what JSON escapes escaped. A short string
   * that needs no escape (Chinese included) is encoded here, character by character; one with a
   * quote, a backslash, a control character or a lone surrogate, and any long one, is left to
   * JSON.stringify.
   */
  jsonString(text: string): void {
    if (text.length > SHORT_STRING || !this.encodeString(text)) this.add(JSON.stringify(text));
  }

  /** Encode a short string that needs no escape, quoted; `false` (nothing appended) for one that does. */
  private encodeString(text: string): boolean {
    const n = text.length;
    // At most 3 bytes a UTF-16 code unit (a surrogate pair's 4 bytes take two units), and the quotes.
    this.room(n * 3 + 2);
    const buffer = this.buffer;
    let at = this.used;
    buffer[at++] = 0x22;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        if (code < 0x20 || code === 0x22 || code === 0x5c) return false;
        buffer[at++] = code;
      } else if (code < 0x800) {
        buffer[at++] = 0xc0 | (code >> 6);
        buffer[at++] = 0x80 | (code & 0x3f);
      } else if (code < 0xd800 || code > 0xdfff) {
        buffer[at++] = 0xe0 | (code >> 12);
        buffer[at++] = 0x80 | ((code >> 6) & 0x3f);
        buffer[at++] = 0x80 | (code & 0x3f);
      } else {
        const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        // A lone surrogate, which JSON.stringify writes as an escape.
        if (code > 0xdbff || next < 0xdc00 || next > 0xdfff) return false;
        const point = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        buffer[at++] = 0xf0 | (point >> 18);
        buffer[at++] = 0x80 | ((point >> 12) & 0x3f);
        buffer[at++] = 0x80 | ((point >> 6) & 0x3f);
        buffer[at++] = 0x80 | (point & 0x3f);
        i++;
      }
    }
    buffer[at++] = 0x22;
    // Only now are the bytes counted: a string given back to JSON.stringify leaves nothing behind.
    this.used = at;
    return true;
  }

  /** Append a finite number as JSON.stringify writes it. */
  number(value: number): void {
    if (value >= 0 && value < 10 && (value | 0) === value) this.byte(0x30 + value);
    else this.ascii(String(value));
  }

  /** Append a text known to be ASCII. */
  private ascii(text: string): void {
    const n = text.length;
    this.room(n);
    const buffer = this.buffer;
    const at = this.used;
    for (let i = 0; i < n; i++) buffer[at + i] = text.charCodeAt(i);
    this.used = at + n;
  }

  /** Take back the last byte appended (it is always in the current buffer); returns it. */
  unwriteByte(): number {
    if (this.used === 0) throw new Error("Utf8Builder.unwriteByte: nothing to take back");
    return this.buffer[--this.used] as number;
  }

  /** Bytes appended so far. */
  get length(): number {
    let n = this.used;
    for (const part of this.full) n += part.length;
    return n;
  }

  /**
   * Everything appended, as bytes in an ArrayBuffer of their own (never Node's shared pool, so it
   * can be transferred to another thread); the builder starts again empty.
   */
  take(): Uint8Array {
    const parts = this.used > 0 ? [...this.full, this.buffer.subarray(0, this.used)] : this.full;
    let bytes: Uint8Array;
    if (parts.length === 1) bytes = parts[0] as Uint8Array;
    else {
      bytes = new Uint8Array(this.length);
      let offset = 0;
      for (const part of parts) {
        bytes.set(part, offset);
        offset += part.length;
      }
    }
    // The bytes handed out are not written again: the next text goes to a new buffer.
    this.buffer = Buffer.allocUnsafe(BLOCK);
    this.used = 0;
    this.full = [];
    return bytes;
  }
}
