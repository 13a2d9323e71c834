import { describe, expect, it } from "vitest";
import { readLines } from "./read-lines";
import { formatFromPath, readRecords, type InputRecord } from "./read-records";

async function* chunks(...parts: Array<string | Uint8Array>) {
  for (const part of parts) yield typeof part === "string" ? new TextEncoder().encode(part) : part;
}

async function all<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

const summary = (r: InputRecord) => (r.issues ? `${r.line}:${r.issues[0]?.code}` : `${r.line}:${JSON.stringify(r.record)}`);

describe("readLines", () => {
  it("numbers every line, drops a byte-order mark and a carriage return", async () => {
    const lines = await all(readLines(chunks(new Uint8Array([0xef, 0xbb, 0xbf]), "a\r\n", "\nb\r", "\nc")));
    expect(lines).toEqual([
      { line: 1, text: "a" },
      { line: 2, text: "" },
      { line: 3, text: "b" },
      { line: 4, text: "c" },
    ]);
  });

  it("joins a line split across chunks and does not add a line for a final newline", async () => {
    expect(await all(readLines(chunks("ab", "c\nd", "e\n")))).toEqual([
      { line: 1, text: "abc" },
      { line: 2, text: "de" },
    ]);
  });

  it("decodes a multi-byte character split across chunks", async () => {
    const bytes = new TextEncoder().encode("能力\n");
    expect(await all(readLines(chunks(bytes.subarray(0, 2), bytes.subarray(2))))).toEqual([{ line: 1, text: "能力" }]);
  });

  it("reports a line over the limit without holding it, and goes on", async () => {
    const big = "x".repeat(5000);
    const lines = await all(readLines(chunks("ok\n", big.slice(0, 2000), big.slice(2000), "\nnext\n"), { maxLineBytes: 1000 }));
    expect(lines).toEqual([
      { line: 1, text: "ok" },
      { line: 2, text: null, tooLong: true, bytes: 5000 },
      { line: 3, text: "next" },
    ]);
  });
});

describe("readRecords", () => {
  it("gives every JSON line a record or an issue, in order", async () => {
    const input = chunks('{"id":"a"}\n', "not json\n", "\n", '{"id":"b"}\r\n');
    const out = (await all(readRecords(input, { format: "jsonl" }))).map(summary);
    expect(out).toEqual(['1:{"id":"a"}', "2:invalid_json", "3:empty_line", '4:{"id":"b"}']);
  });

  it("reads a JSON array element by element", async () => {
    const out = (await all(readRecords(chunks('[{"id":1},', '{"id":2}]'), { format: "json" }))).map(summary);
    expect(out).toEqual(['1:{"id":1}', '2:{"id":2}']);
  });

  it("reports broken JSON input once", async () => {
    expect((await all(readRecords(chunks("[{"), { format: "json" }))).map(summary)).toEqual(["1:invalid_json"]);
  });

  it("reads CSV with dotted headers, lists, numbers and booleans", async () => {
    const csv = 'id,assessedOn,items.eating,diseases,coma\n007,2025-01-02,4,dementia;hypertension,false\n"x,y",2025-01-03,3,,true\n';
    const out = await all(readRecords(chunks(csv), { format: "csv", csvListFields: ["diseases"], csvTextFields: ["id"] }));
    expect(out).toEqual([
      { line: 2, record: { id: "007", assessedOn: "2025-01-02", items: { eating: 4 }, diseases: ["dementia", "hypertension"], coma: false } },
      { line: 3, record: { id: "x,y", assessedOn: "2025-01-03", items: { eating: 3 }, coma: true } },
    ]);
  });

  it("reports a CSV row with too few columns and an unclosed quote, and goes on", async () => {
    const csv = "a,b\n1\n\"2,3\n4,5\n";
    expect((await all(readRecords(chunks(csv), { format: "csv" }))).map(summary)).toEqual(["2:csv_column_count", "3:invalid_csv", '4:{"a":4,"b":5}']);
  });

  it("never writes through __proto__ from a CSV header", async () => {
    const out = await all(readRecords(chunks("__proto__.polluted,a\n1,2\n"), { format: "csv" }));
    expect(out[0]?.record).toEqual({ a: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("formatFromPath", () => {
  it("guesses by extension, defaulting to JSON Lines", () => {
    expect([formatFromPath("a.CSV"), formatFromPath("a.json"), formatFromPath("a.jsonl"), formatFromPath("-")]).toEqual(["csv", "json", "jsonl", "jsonl"]);
  });
});
