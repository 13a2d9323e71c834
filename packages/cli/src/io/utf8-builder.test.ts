import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Utf8Builder } from "./utf8-builder";

const BLOCK = 256 * 1024;

describe("Utf8Builder", () => {
  it("gives the UTF-8 of everything added, across its blocks, in an ArrayBuffer of its own", () => {
    const builder = new Utf8Builder();
    const texts = ["能力完好", "a".repeat(300_000), "\ud83d\ude00 lone \ud800", "", "end"];
    for (const text of texts) {
      builder.add(text);
      builder.byte(0x0a);
    }
    builder.add("no newline");
    const expected = Buffer.from(texts.map((t) => `${t}\n`).join("") + "no newline");
    expect(builder.length).toBe(expected.length);
    const bytes = builder.take();
    expect(Buffer.from(bytes).equals(expected)).toBe(true);
    expect(bytes.byteOffset === 0 || bytes.buffer.byteLength >= 256 * 1024).toBe(true);
    expect(builder.take().length).toBe(0);
    builder.add("x");
    builder.byte(0x0a);
    expect(Buffer.from(builder.take()).toString()).toBe("x\n");
  });

  it("writes a string as JSON.stringify does, the same UTF-8, short or long, with anything to escape", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.string({ unit: fc.constantFrom("a", "Z", "0", " ", '"', "\\", "\n", "\u0000", "\u001f", "\u007f", "\u0080", "\u2028", "能", "\ud800", "\udc00", "\ud83d\ude00"), maxLength: 300 }),
    );
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), (texts) => {
        const builder = new Utf8Builder();
        for (const t of texts) builder.jsonString(t);
        expect(Buffer.from(builder.take()).toString("utf8")).toBe(texts.map((t) => JSON.stringify(t)).join(""));
      }),
      { numRuns: 2000 },
    );
  });

  it("writes numbers as JSON.stringify does", () => {
    const builder = new Utf8Builder();
    const numbers = [0, -0, 1, 9, 10, -1, 0.5, -2.25, 1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, 123456789];
    for (const n of numbers) {
      builder.number(n);
      builder.byte(0x2c);
    }
    expect(Buffer.from(builder.take()).toString()).toBe(numbers.map((n) => `${JSON.stringify(n)},`).join(""));
  });

  it("keeps bytes, strings and numbers whole when they meet the end of a block", () => {
    for (const before of [BLOCK - 1, BLOCK - 2, BLOCK - 5]) {
      const builder = new Utf8Builder();
      builder.add("x".repeat(before));
      builder.jsonString("abc");
      builder.number(12345);
      builder.bytes(Buffer.from("端到端".repeat(20)));
      builder.bytes(Buffer.from("tail"));
      const expected = "x".repeat(before) + '"abc"' + "12345" + "端到端".repeat(20) + "tail";
      expect(Buffer.from(builder.take()).toString()).toBe(expected);
    }
  });

  it("takes back the last byte written, and refuses when there is none", () => {
    const builder = new Utf8Builder();
    builder.add("x".repeat(BLOCK - 1));
    builder.byte(0x7d);
    expect(builder.unwriteByte()).toBe(0x7d);
    builder.add(',"w":1}');
    expect(Buffer.from(builder.take()).toString()).toBe(`${"x".repeat(BLOCK - 1)},"w":1}`);
    expect(() => builder.unwriteByte()).toThrow(/nothing to take back/);
  });
});
