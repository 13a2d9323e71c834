import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareRationals, formatRational, formatScaled, rationalOfNumber, roundHalfUpScaled, subtractRationals } from "./exact-decimal";

describe("rationalOfNumber", () => {
  it("reads a number as its shortest decimal spelling", () => {
    expect(rationalOfNumber(65)).toEqual({ n: 65n, d: 1n });
    expect(rationalOfNumber(0.1)).toEqual({ n: 1n, d: 10n });
    expect(rationalOfNumber(94.8)).toEqual({ n: 948n, d: 10n });
    expect(rationalOfNumber(1e21)).toEqual({ n: 10n ** 21n, d: 1n });
    expect(rationalOfNumber(1.5e-7)).toEqual({ n: 15n, d: 10n ** 8n });
    expect(rationalOfNumber(-2.5)).toEqual({ n: -25n, d: 10n });
  });

  it("throws on a non-finite number", () => {
    expect(() => rationalOfNumber(Number.NaN)).toThrow(RangeError);
  });
});

describe("roundHalfUpScaled", () => {
  it("rounds half up at the given decimal", () => {
    expect(formatScaled(roundHalfUpScaled({ n: 1005n, d: 1000n }, 2), 2)).toBe("1.01");
    expect(formatScaled(roundHalfUpScaled({ n: 1004999n, d: 1000000n }, 2), 2)).toBe("1.00");
    expect(formatScaled(roundHalfUpScaled({ n: 2n, d: 3n }, 1), 1)).toBe("0.7");
    expect(formatScaled(roundHalfUpScaled({ n: 25n, d: 2n }, 0), 0)).toBe("13");
  });

  it("returns the nearest scaled integer, ties going up", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.integer({ min: 0, max: 6 }), (n, d, decimals) => {
        const q = roundHalfUpScaled({ n, d }, decimals);
        const x2 = 2n * n * 10n ** BigInt(decimals); // 2 · value · 10^decimals, over d
        // q − ½ ≤ value·10^decimals < q + ½
        return (2n * q - 1n) * d <= x2 && x2 < (2n * q + 1n) * d;
      }),
    );
  });

  it("refuses a negative value", () => {
    expect(() => roundHalfUpScaled({ n: -1n, d: 1n }, 1)).toThrow(RangeError);
  });
});

describe("formatScaled", () => {
  it("writes exactly the given number of decimals", () => {
    expect([formatScaled(5n, 3), formatScaled(12345n, 2), formatScaled(0n, 1), formatScaled(-5n, 2), formatScaled(7n, 0)]).toEqual([
      "0.005",
      "123.45",
      "0.0",
      "-0.05",
      "7",
    ]);
  });
});

describe("compareRationals", () => {
  it("compares by cross-multiplication", () => {
    expect(compareRationals({ n: 13n, d: 20n }, { n: 65n, d: 100n })).toBe(0);
    expect(compareRationals({ n: 6495n, d: 10000n }, { n: 65n, d: 100n })).toBe(-1);
    expect(compareRationals(subtractRationals({ n: 3n, d: 4n }, { n: 1n, d: 2n }), { n: 1n, d: 4n })).toBe(0);
    expect(formatRational({ n: 1n, d: 3n }, 4)).toBe("0.3333");
  });
});
