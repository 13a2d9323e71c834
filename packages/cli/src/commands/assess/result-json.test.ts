import { loadInstrument, safeAssess } from "@yiyang/assessment";
import { gbt42195Instrument, INSTRUMENT_DOCUMENTS } from "@yiyang/standards";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Utf8Builder } from "../../io/utf8-builder";
import { writeJson } from "./result-json";
import { anyMutation, MUTATIONS } from "../../mutate-record.test-helper";

/** What writeJson writes, as a string: to compare with `JSON.stringify(value)`. */
function resultJson(value: unknown): string | undefined {
  const out = new Utf8Builder();
  return writeJson(out, value) ? Buffer.from(out.take()).toString("utf8") : undefined;
}

/** Strings that JSON.stringify escapes, or nearly does: quotes, backslashes, controls, surrogates, U+2028. */
const awkwardString = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: fc.constantFrom("a", '"', "\\", "\n", "\u0000", "\u001f", "\u007f", "\u2028", "能", "\ud800", "\udc00", "\ud83d", "\ude00", "/") }),
);

/** JSON.stringify's corner cases: values it leaves out or turns into null, -0, objects with toJSON, dates, class instances, boxed primitives, frozen objects. */
const oddLeaf = fc.oneof(
  fc.constantFrom(undefined, null, true, false, -0, 0, NaN, Infinity, -Infinity, 1e21, 5e-324, -1.5, Number.MAX_SAFE_INTEGER),
  fc.double(),
  fc.integer(),
  awkwardString,
  fc.constant(() => 1),
  fc.constant(Symbol("s")),
  fc.date({ noInvalidDate: true }),
  fc.constant({ toJSON: () => "from toJSON" }),
  fc.constant(Object.assign([1, 2], { toJSON: () => ["from toJSON"] })),
  fc.constant(new (class Point { x = 1; y = [2]; })()),
  fc.constant(Object.freeze({ zh: "能力完好", en: "Intact" })),
  fc.constant(Object.freeze(["a", 1])),
  // Boxed primitives are written as their value, a Map as {}.
  fc.constantFrom(Object(3) as object, Object("能") as object, Object(false) as object, new Map([["a", 1]])),
  fc.constant(Object.assign(Object.create(null) as object, { a: 1 })),
);

const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, oddLeaf, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 5 }),
  object: fc.oneof(
    fc.dictionary(awkwardString, tie("value"), { maxKeys: 5 }),
    fc.dictionary(fc.constantFrom("id", "0", "10", "2", "__proto__", "toString", "a b", '"'), tie("value"), { maxKeys: 4 }),
    tie("value").map((v) => Object.freeze({ v })),
  ),
})).object;

describe("resultJson writes exactly what JSON.stringify writes", () => {
  it("for generated objects holding every kind of value JSON.stringify treats specially", () => {
    fc.assert(
      fc.property(value, (object) => {
        expect(resultJson(object as object)).toBe(JSON.stringify(object));
      }),
      { numRuns: 3000 },
    );
  });

  it("for the results (and refusals) of generated and damaged GB/T 42195 records", () => {
    const instrument = loadInstrument(gbt42195Instrument);
    let scored = 0;
    for (const c of fc.sample(fc.oneof(anyMutation, MUTATIONS["item-values"], MUTATIONS.strings), { numRuns: 2000, seed: 42195 })) {
      const assessed = safeAssess(instrument, c.value);
      const written = assessed.ok ? { ...assessed.value, warnings: assessed.issues } : { id: null, line: 1, issues: assessed.issues };
      if (assessed.ok) {
        scored++;
        expect(resultJson(assessed.value)).toBe(JSON.stringify(assessed.value));
      }
      expect(resultJson(written)).toBe(JSON.stringify(written));
    }
    expect(scored).toBeGreaterThan(100);
  });

  it("for a value nested deeper than it writes itself, and throws as JSON.stringify does for a bigint", () => {
    let deep: unknown = { leaf: "能" };
    for (let i = 0; i < 200; i++) deep = i % 2 === 0 ? [deep, i] : { ["k" + i]: deep };
    expect(resultJson({ deep })).toBe(JSON.stringify({ deep }));
    expect(() => resultJson({ n: 1n })).toThrow(TypeError);
  });
});

describe("resultJson", () => {
  it("writes exactly what JSON.stringify writes, for every result of every bundled instrument's test records", () => {
    let compared = 0;
    for (const document of INSTRUMENT_DOCUMENTS) {
      const instrument = loadInstrument(document);
      for (const test of (document as { tests?: Array<{ record?: unknown; flags?: Record<string, boolean> }> }).tests ?? []) {
        const assessed = safeAssess(instrument, test.record, { flags: test.flags });
        if (!assessed.ok) continue;
        // Twice: the second time the shared objects' text comes from the cache.
        expect(resultJson(assessed.value)).toBe(JSON.stringify(assessed.value));
        expect(resultJson(assessed.value)).toBe(JSON.stringify(assessed.value));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it("does not reuse the text of an object that can change", () => {
    const shared = { a: 1 };
    const nested = Object.freeze({ inner: { b: 1 } });
    expect(resultJson({ shared, nested, skip: undefined, n: -0, s: "能\ud800" })).toBe(JSON.stringify({ shared, nested, n: -0, s: "能\ud800" }));
    shared.a = 2;
    (nested.inner as { b: number }).b = 2;
    expect(resultJson({ shared, nested })).toBe('{"shared":{"a":2},"nested":{"inner":{"b":2}}}');
  });

  it("reads a frozen object's getter and toJSON each time, as JSON.stringify does", () => {
    let reads = 0;
    const counting = Object.freeze({
      get n() {
        return ++reads;
      },
    });
    let calls = 0;
    const changing = Object.freeze({ toJSON: () => ++calls });
    expect(resultJson({ counting, changing })).toBe('{"counting":{"n":1},"changing":1}');
    expect(resultJson({ counting, changing })).toBe('{"counting":{"n":2},"changing":2}');
  });

  it("keeps the bytes of a frozen list of strings, and writes the same text every time", () => {
    const provisional = Object.freeze(["/effective/from", "/reassessment", "能"]);
    for (let i = 0; i < 3; i++) expect(resultJson({ provisional, i })).toBe(JSON.stringify({ provisional, i }));
  });
});

describe("resultJson and the keys it walks", () => {
  it("writes own keys only, in their order, when Object.prototype has an enumerable key", () => {
    const value = { b: 1, 2: "two", a: { c: [1, { d: null }] }, 1: true, undefined: "a key like any other" };
    Object.defineProperty(Object.prototype, "inherited", { value: "no", enumerable: true, configurable: true, writable: true });
    try {
      expect(resultJson(value)).toBe(JSON.stringify(value));
      expect(resultJson(value)).toBe('{"1":true,"2":"two","b":1,"a":{"c":[1,{"d":null}]},"undefined":"a key like any other"}');
    } finally {
      delete (Object.prototype as Record<string, unknown>).inherited;
    }
  });

  it("writes every key of an object whose for-in gives fewer keys than Object.keys (a proxy)", () => {
    // The first listing of its keys has three; every later one (the for-in walk) has none.
    const shrinking = () => {
      let listings = 0;
      return new Proxy({ a: 1, b: "x", c: [2] }, { ownKeys: (target) => (listings++ === 0 ? Reflect.ownKeys(target) : []) });
    };
    expect(JSON.stringify({ p: shrinking() })).toBe('{"p":{"a":1,"b":"x","c":[2]}}');
    expect(resultJson({ p: shrinking() })).toBe('{"p":{"a":1,"b":"x","c":[2]}}');
  });
});
