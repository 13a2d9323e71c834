import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copyJsonValue, parseJson } from "./json-value";

const codes = (issues: ReadonlyArray<{ code: string; path: string }>) => issues.map((i) => `${i.code} ${i.path}`);

describe("parseJson", () => {
  it("reads what JSON.parse reads, for any JSON text", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const parsed = parseJson(text);
        expect(parsed.ok).toBe(true);
        // JSON.parse keeps -0; parseJson reads it as 0, as the fingerprint's canonical form writes it.
        expect(JSON.stringify(parsed.ok && parsed.value)).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 500 },
    );
  });

  it("refuses a duplicate key at the pointer of its second occurrence, with its line", () => {
    const result = parseJson('{\n  "effective": { "from": "2025-01-01", "to": "2026-01-01",\n    "to": "2027-01-01" }\n}');
    expect(codes(result.issues)).toEqual(["duplicate_key /effective/to"]);
    expect(result.issues[0]?.params).toMatchObject({ key: "to", line: 3 });
    expect(codes(parseJson('[{"a":1},{"a":1,"b":2,"a":3}]').issues)).toEqual(["duplicate_key /1/a"]);
  });

  it("says where the text stops being JSON", () => {
    for (const [text, line, column] of [
      ['{"a": 1,}', 1, 9],
      ["[1, 2", 1, 6],
      ['{\n"a": tru}', 2, 6],
      ['"unterminated', 1, 1],
      ["[1] 2", 1, 5],
      ["", 1, 1],
      ["{'a': 1}", 1, 2],
    ] as const) {
      const result = parseJson(text);
      expect(result.issues.map((i) => [i.code, i.params?.line, i.params?.column])).toEqual([["invalid_json", line, column]]);
      expect(result.issues[0]?.messageZh).toContain(`第 ${line} 行`);
    }
  });

  it("refuses numbers too large for a double and lone surrogates, and reads -0 as 0", () => {
    expect(codes(parseJson('{"a": [1e309]}').issues)).toEqual(["invalid_number /a/0"]);
    expect(codes(parseJson('{"a": "\\ud800"}').issues)).toEqual(["invalid_string /a"]);
    expect(Object.is((parseJson("[-0]").ok && (parseJson("[-0]") as { value: number[] }).value[0]), 0)).toBe(true);
  });

  it("keeps a __proto__ key as an ordinary key", () => {
    const result = parseJson('{"__proto__": {"polluted": true}}');
    expect(result.ok && Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(result.ok && Object.keys(result.value as object)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("stops at the depth and size limits instead of exhausting the stack", () => {
    expect(codes(parseJson("[".repeat(100_000) + "]".repeat(100_000)).issues)).toEqual([expect.stringMatching(/^document_too_deep (\/0){256}$/)]);
    expect(codes(parseJson("[1,2,3,4,5]", { maxValues: 4 }).issues)).toEqual(["document_too_large /3"]);
    expect(parseJson("\ufeff[1]").ok).toBe(true);
  });
});

describe("copyJsonValue", () => {
  it("copies JSON values, with -0 read as 0", () => {
    const input = { a: [1, { b: -0 }], c: "养老", d: null, e: undefined };
    const copy = copyJsonValue(input);
    expect(copy).toEqual({ ok: true, value: { a: [1, { b: 0 }], c: "养老", d: null }, issues: [] });
    expect(copy.ok && (copy.value as { a: unknown[] }).a).not.toBe(input.a);
  });

  it("reports every value that is not JSON, at its pointer", () => {
    const result = copyJsonValue({ f: () => 1, d: new Date(0), n: [NaN, 1, undefined], s: Symbol("x"), big: 1n, m: new Map() });
    expect(codes(result.issues).sort()).toEqual(["invalid_json_value /big", "invalid_json_value /d", "invalid_json_value /f", "invalid_json_value /m", "invalid_json_value /n/2", "invalid_json_value /s", "invalid_number /n/0"]);
  });

  it("refuses a __proto__ key anywhere, so no reader of a map can be fooled by it", () => {
    const input = JSON.parse('{"flags": {"__proto__": {"polluted": true}, "ok": true}}') as unknown;
    expect(codes(copyJsonValue(input).issues)).toEqual(["reserved_key /flags/__proto__"]);
  });

  it("stops at a cycle or a deep nesting", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(copyJsonValue(cycle).issues.map((i) => i.code)).toEqual(["document_too_deep"]);
  });
});
