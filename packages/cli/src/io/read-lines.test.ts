import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineSplitter, readLineBatches, readWholeLines, type InputLine } from "./read-lines";

async function* chunks(...parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield part;
}

async function linesOf(parts: Uint8Array[], maxLineBytes: number): Promise<InputLine[]> {
  const out: InputLine[] = [];
  for await (const batch of readLineBatches(chunks(...parts), { maxLineBytes })) out.push(...batch);
  return out;
}

/** What a worker thread does with each batch of whole lines: split it and put the problems in place. */
async function wholeLinesSplit(parts: Uint8Array[], maxLineBytes: number, batchBytes: number): Promise<InputLine[]> {
  const out: InputLine[] = [];
  let next = 1;
  for await (const batch of readWholeLines(chunks(...parts), { maxLineBytes, batchBytes })) {
    expect(batch.first).toBe(next);
    expect(batch.bytes.byteOffset).toBe(0);
    const splitter = new LineSplitter({ firstLine: batch.first, keepByteOrderMark: true, maxLineBytes });
    const lines = [...splitter.push(batch.bytes), ...splitter.end()];
    expect(lines).toHaveLength(batch.lines);
    let problem = 0;
    for (const line of lines) {
      const given = batch.problems[problem];
      if (given !== undefined && given.line === line.line) {
        expect(line).toEqual({ line: line.line, text: "" });
        out.push(given);
        problem++;
      } else out.push(line);
    }
    expect(problem).toBe(batch.problems.length);
    next += batch.lines;
  }
  return out;
}

/** Bytes that make lines awkward: line ends, a carriage return, a byte-order mark, invalid UTF-8, a Chinese character cut anywhere. */
const piece = fc.oneof(
  fc.constantFrom("\n", "\r\n", "\r", "\ufeff", "能力", "{}", "").map((s) => Buffer.from(s, "utf8")),
  fc.constantFrom([0xff], [0xef, 0xbb, 0xbf], [0xe8], [0x0a, 0x0a]).map((b) => Buffer.from(b)),
  fc.string({ maxLength: 40 }).map((s) => Buffer.from(s, "utf8")),
  fc.integer({ min: 1, max: 300 }).map((n) => Buffer.alloc(n, 0x61)),
);

describe("readWholeLines, split on another thread", () => {
  it("gives exactly the lines readLineBatches gives, however the input is cut into chunks and batches", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 4, max: 200 }),
        fc.integer({ min: 1, max: 400 }),
        async (pieces, cuts, maxLineBytes, batchBytes) => {
          const input = Buffer.concat(pieces);
          const parts: Uint8Array[] = [];
          for (let at = 0, c = 0; at < input.length; c++) {
            const size = cuts[c % cuts.length] as number;
            // Copies, as a stream gives: a part never shares the bytes of another.
            parts.push(new Uint8Array(input.subarray(at, at + size)));
            at += size;
          }
          expect(await wholeLinesSplit(parts, maxLineBytes, batchBytes)).toEqual(await linesOf(parts, maxLineBytes));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("counts a too-long line without holding it, at the end of the input too", async () => {
    const long = Buffer.alloc(5000, 0x61);
    const parts = [Buffer.from("ok\n"), long.subarray(0, 2500), long.subarray(2500), Buffer.from("\nnext\n"), long];
    const lines = await wholeLinesSplit(parts, 1000, 64);
    expect(lines).toEqual([
      { line: 1, text: "ok" },
      { line: 2, text: null, problem: "too_long", bytes: 5000 },
      { line: 3, text: "next" },
      { line: 4, text: null, problem: "too_long", bytes: 5000 },
    ]);
  });
});
