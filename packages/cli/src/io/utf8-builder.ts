/** Room a builder starts with, and gets again whenever it runs out. */
const BLOCK = 256 * 1024;

/**
 * Output lines encoded straight into UTF-8 buffers, one `write` per line. Concatenating thousands
 * of lines into one string and encoding it at the end costs several times more when the text holds
 * Chinese (the whole string becomes two-byte, and is flattened, then encoded).
 */
export class Utf8Builder {
  private buffer: Buffer = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private full: Uint8Array[] = [];

  /** Append a text. */
  add(text: string): void {
    // A UTF-16 code unit never needs more than 3 bytes of UTF-8.
    const most = text.length * 3;
    if (this.used + most > this.buffer.length) {
      if (this.used > 0) this.full.push(this.buffer.subarray(0, this.used));
      this.buffer = Buffer.allocUnsafe(Math.max(BLOCK, most));
      this.used = 0;
    }
    this.used += this.buffer.write(text, this.used);
  }

  /** Append a text and a line break. */
  line(text: string): void {
    this.add(text);
    if (this.used === this.buffer.length) this.add("\n");
    else this.buffer[this.used++] = 0x0a;
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
