import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readLines } from "./read-lines";
import { decodeInput, detectEncoding, parseEncodingName } from "./decode-input";
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
      { line: 2, text: null, problem: "too_long", bytes: 5000 },
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

  it("reads CSV with dotted headers, lists, numbers and booleans; an empty list cell is the empty list", async () => {
    const csv = 'id,assessedOn,items.eating,diseases,coma\n007,2025-01-02,4,dementia;hypertension,false\n"x,y",2025-01-03,3,,true\n';
    const out = await all(readRecords(chunks(csv), { format: "csv", csvListFields: ["diseases"], csvTextFields: ["id"] }));
    expect(out).toEqual([
      { line: 2, record: { id: "007", assessedOn: "2025-01-02", items: { eating: 4 }, diseases: ["dementia", "hypertension"], coma: false } },
      { line: 3, record: { id: "x,y", assessedOn: "2025-01-03", items: { eating: 3 }, diseases: [], coma: true } },
    ]);
  });

  it("reports a CSV row with too few columns and an unclosed quote, and goes on", async () => {
    const csv = "a,b\n1\n\"2,3\n4,5\n";
    expect((await all(readRecords(chunks(csv), { format: "csv" }))).map(summary)).toEqual(["2:csv_column_count", "3:invalid_csv", '4:{"a":4,"b":5}']);
  });

  it("keeps __proto__ from a CSV header as an own field, never a prototype", async () => {
    const out = await all(readRecords(chunks("__proto__.polluted,a\n1,2\n"), { format: "csv" }));
    const record = out[0]?.record as Record<string, unknown>;
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record)).toEqual(["__proto__", "a"]);
    expect(Object.getOwnPropertyDescriptor(record, "__proto__")?.value).toEqual({ polluted: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("readLines: encodings", () => {
  it("reports a line that is not UTF-8 instead of decoding it with replacement characters", async () => {
    const bad = Buffer.concat([Buffer.from('{"id":"a'), Buffer.from([0xc4, 0xdc]), Buffer.from('"}\n')]);
    const lines = await all(readLines(chunks("ok\n", bad, "next\n")));
    expect(lines).toEqual([
      { line: 1, text: "ok" },
      { line: 2, text: null, problem: "invalid_utf8", bytes: bad.length - 1 },
      { line: 3, text: "next" },
    ]);
  });

  it("converts GB18030 (detected, or given) and UTF-16 with a byte-order mark to UTF-8", async () => {
    // "能力" in GB18030 is C4 DC C1 A6.
    const gb = Buffer.concat([Buffer.from("id,name\n1,"), Buffer.from([0xc4, 0xdc, 0xc1, 0xa6]), Buffer.from("\n")]);
    const told: string[] = [];
    const detected = await all(readLines(decodeInput(chunks(gb), { onEncoding: (e, how) => told.push(`${e} ${how}`) })));
    expect(detected.map((l) => l.text)).toEqual(["id,name", "1,能力"]);
    expect(told).toEqual(["gb18030 detected"]);
    const given = await all(readLines(decodeInput(chunks(gb), { encoding: "gb18030" })));
    expect(given.map((l) => l.text)).toEqual(["id,name", "1,能力"]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a,b\r\n能,力\r\n", "utf16le")]);
    expect((await all(readLines(decodeInput(chunks(utf16))))).map((l) => l.text)).toEqual(["a,b", "能,力"]);
    // UTF-8, with or without its byte-order mark, is left as it is.
    expect(detectEncoding(Buffer.from("id\n能力\n"))).toEqual({ encoding: "utf-8", how: "detected" });
    expect(parseEncodingName("GBK")).toBe("gb18030");
  });
});

describe("readRecords: duplicate keys", () => {
  it("refuses a JSON line that repeats a key, with the key's pointer, where JSON.parse would keep the last", async () => {
    const out = await all(readRecords(chunks('{"id":"a","items":{"eating":9,"eating":4}}\n{"id":"b","items":{"eating":4}}\n'), { format: "jsonl" }));
    expect(out[0]).toMatchObject({ line: 1, issues: [{ code: "duplicate_key", path: "/items/eating" }] });
    expect(out[1]).toEqual({ line: 2, record: { id: "b", items: { eating: 4 } } });
  });

  it("tells a colon inside a string from a repeated key, spaces or not", async () => {
    const out = await all(readRecords(chunks('{"id":"10:30","note":"a:b:c"}\n{"a" : 1, "a":2}\n{"a":{"b":1},"c":[{"b":1,"b":2}]}\n'), { format: "jsonl" }));
    expect(out[0]).toEqual({ line: 1, record: { id: "10:30", note: "a:b:c" } });
    expect(out[1]).toMatchObject({ issues: [{ code: "duplicate_key", path: "/a" }] });
    expect(out[2]).toMatchObject({ issues: [{ code: "duplicate_key", path: "/c/0/b" }] });
  });

  it("refuses the element of a JSON array that repeats a key, and keeps the others", async () => {
    const out = (await all(readRecords(chunks('[{"id":1},{"id":2,"id":3},{"id":4}]'), { format: "json" }))).map(summary);
    expect(out).toEqual(['1:{"id":1}', "2:duplicate_key", '3:{"id":4}']);
  });

  it("refuses a CSV whose columns give one field twice", async () => {
    const out = await all(readRecords(chunks("id,items.eating,items.eating\na,4,3\n"), { format: "csv" }));
    expect(out[0]).toMatchObject({ line: 2, issues: [{ code: "duplicate_key", path: "/items/eating" }] });
  });
});

describe("readRecords: CSV as RFC 4180", () => {
  it("keeps a quoted line break inside its record: 10 rows in, 10 records out, each numbered by its first line", async () => {
    const rows = Array.from({ length: 10 }, (_, i) => (i === 4 ? '"c4\nsecond half",2025-03-10' : `c${i},2025-03-10`));
    const out = await all(readRecords(chunks(["id,assessedOn", ...rows].join("\r\n") + "\r\n"), { format: "csv", csvTextFields: ["id"] }));
    expect(out).toHaveLength(10);
    expect(out.map((r) => (r.record as { id: string }).id)).toEqual(["c0", "c1", "c2", "c3", "c4\nsecond half", "c5", "c6", "c7", "c8", "c9"]);
    expect(out.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 8, 9, 10, 11, 12]);
  });

  it("keeps a \\r\\n inside quotes in the field, and takes \\r\\n or \\n as the end of a record", async () => {
    const csv = 'id,n\r\n"a\r\nb",1\n"c\nd",2\r\ne,3\r';
    const out = await all(readRecords(chunks(csv), { format: "csv", csvTextFields: ["id"] }));
    expect(out).toEqual([
      { line: 2, record: { id: "a\r\nb", n: 1 } },
      { line: 4, record: { id: "c\nd", n: 2 } },
      { line: 6, record: { id: "e", n: 3 } },
    ]);
  });

  it("gives headers such as constructor and toString to the record as own fields, for its validation to refuse", async () => {
    const out = await all(readRecords(chunks("id,constructor,items.toString\na,x,1\n"), { format: "csv" }));
    const record = out[0]?.record as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(["id", "constructor", "items"]);
    expect(record.constructor).toBe("x");
    expect(Object.keys(record.items as object)).toEqual(["toString"]);
  });

  it("refuses a record with a stray quote and reads on from the next line; an unclosed quote does not swallow the rest", async () => {
    const csv = 'a,b\n1,2\n3,"x"y\n4,5\n"6,7\n8,9\n';
    expect((await all(readRecords(chunks(csv), { format: "csv" }))).map(summary)).toEqual(['2:{"a":1,"b":2}', "3:invalid_csv", '4:{"a":4,"b":5}', "5:invalid_csv", '6:{"a":8,"b":9}']);
    // csv-parse counts a \r inside quotes as a line of its own; the line numbers here do not.
    const crlf = 'a,b\r\n"x\r\ny\r\nz",1\r\n3,"z"q\r\n4,5\r\n';
    expect((await all(readRecords(chunks(crlf), { format: "csv" }))).map(summary)).toEqual(['2:{"a":"x\\r\\ny\\r\\nz","b":1}', "5:invalid_csv", '6:{"a":4,"b":5}']);
  });

  it("drops a byte-order mark and reads a CSV split anywhere across chunks", async () => {
    const csv = '\ufeffid,n\r\n"a,""b""",1\r\nc,2\r\n';
    const bytes = Buffer.from(csv);
    for (let cut = 1; cut < bytes.length; cut++) {
      const out = await all(readRecords(chunks(bytes.subarray(0, cut), bytes.subarray(cut)), { format: "csv", csvTextFields: ["id"] }));
      expect(out.map(summary)).toEqual(['2:{"id":"a,\\"b\\"","n":1}', '3:{"id":"c","n":2}']);
    }
  });

  it("reads back any table written as RFC 4180, split anywhere, each record numbered by its first line", async () => {
    const text = fc.stringMatching(/^[a-z ,"\r\n能]{0,8}$/).map((s) => `t${s}t`);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 12 }), fc.constantFrom("\n", "\r\n"), fc.nat(), async (rows, end, cut) => {
        const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
        const csv = `a,b${end}` + rows.map(([a, b]) => `${quote(a)},${quote(b)}${end}`).join("");
        const bytes = Buffer.from(csv);
        const at = cut % bytes.length;
        const out = await all(readRecords(chunks(bytes.subarray(0, at), bytes.subarray(at)), { format: "csv", csvTextFields: ["a", "b"] }));
        let line = 2;
        const expected = rows.map(([a, b]) => {
          const entry = { line, record: { a, b } };
          line += 1 + ((a + b).match(/\n/g)?.length ?? 0);
          return entry;
        });
        expect(out).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("reports a CSV line that is not UTF-8 on its record", async () => {
    const bad = Buffer.concat([Buffer.from("a,b\n1,"), Buffer.from([0xff]), Buffer.from("\n2,3\n")]);
    expect((await all(readRecords(chunks(bad), { format: "csv" }))).map(summary)).toEqual(["2:invalid_utf8", '3:{"a":2,"b":3}']);
  });
});

describe("formatFromPath", () => {
  it("guesses by extension, defaulting to JSON Lines", () => {
    expect([formatFromPath("a.CSV"), formatFromPath("a.json"), formatFromPath("a.jsonl"), formatFromPath("-")]).toEqual(["csv", "json", "jsonl", "jsonl"]);
  });
});
