import { describe, expect, it } from "vitest";
import { Utf8Builder } from "./utf8-builder";

describe("Utf8Builder", () => {
  it("gives the UTF-8 of everything added, across its blocks, in an ArrayBuffer of its own", () => {
    const builder = new Utf8Builder();
    const texts = ["能力完好", "a".repeat(300_000), "\ud83d\ude00 lone \ud800", "", "end"];
    for (const text of texts) builder.line(text);
    builder.add("no newline");
    const expected = Buffer.from(texts.map((t) => `${t}\n`).join("") + "no newline");
    expect(builder.length).toBe(expected.length);
    const bytes = builder.take();
    expect(Buffer.from(bytes).equals(expected)).toBe(true);
    expect(bytes.byteOffset === 0 || bytes.buffer.byteLength >= 256 * 1024).toBe(true);
    expect(builder.take().length).toBe(0);
    builder.line("x");
    expect(Buffer.from(builder.take()).toString()).toBe("x\n");
  });
});
