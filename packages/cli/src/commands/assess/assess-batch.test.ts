import { loadInstrument, safeAssess } from "@yiyang/assessment";
import { INSTRUMENT_DOCUMENTS } from "@yiyang/standards";
import { describe, expect, it } from "vitest";
import { resultJson } from "./assess-batch";

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
});
