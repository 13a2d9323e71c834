import { isYiyangError } from "@yiyang/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyShare, formatBasisPoints, formatYuan } from "./money";

describe("formatYuan", () => {
  it("writes fen as yuan with two decimals", () => {
    expect([formatYuan(45000), formatYuan(4005), formatYuan(5), formatYuan(0), formatYuan(-250)]).toEqual(["450.00", "40.05", "0.05", "0.00", "-2.50"]);
  });

  it("round-trips: the yuan string times 100 is the fen", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => {
        const [whole = "", cents = ""] = formatYuan(fen).replace("-", "").split(".");
        expect((fen < 0 ? -1 : 1) * (Number(whole) * 100 + Number(cents))).toBe(fen === 0 ? 0 : fen);
      }),
    );
  });

  it("throws on a fraction of a fen", () => {
    expect(() => formatYuan(1.5)).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });
});

describe("formatBasisPoints", () => {
  it("writes basis points as a percentage without trailing zeros", () => {
    expect([formatBasisPoints(9000), formatBasisPoints(7550), formatBasisPoints(7525), formatBasisPoints(5), formatBasisPoints(0)]).toEqual([
      "90%",
      "75.5%",
      "75.25%",
      "0.05%",
      "0%",
    ]);
  });
});

describe("applyShare", () => {
  it("rounds as declared", () => {
    // 12345 × 90% = 11110.5 fen
    expect(["half-up", "half-even", "down", "up"].map((r) => applyShare(12345, 9000, r as never))).toEqual([11111, 11110, 11110, 11111]);
    // 12355 × 90% = 11119.5 fen: half-even goes up to the even 11120
    expect(applyShare(12355, 9000, "half-even")).toBe(11120);
    expect(applyShare(10000, 7500, "down")).toBe(7500);
  });

  it("agrees with exact rational arithmetic", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), fc.integer({ min: 0, max: 10000 }), fc.constantFrom("half-up", "half-even", "down", "up"), (fen, bp, rounding) => {
        const product = BigInt(fen) * BigInt(bp);
        const floor = product / 10000n;
        const rest = product - floor * 10000n;
        const twice = rest * 2n;
        const up =
          rest === 0n ? false : rounding === "up" ? true : rounding === "down" ? false : twice > 10000n ? true : twice < 10000n ? false : rounding === "half-up" ? true : floor % 2n === 1n;
        expect(applyShare(fen, bp, rounding as never)).toBe(Number(floor + (up ? 1n : 0n)));
      }),
    );
  });

  it("throws on a share above 100% or a negative amount", () => {
    for (const call of [() => applyShare(100, 10001, "down"), () => applyShare(-1, 100, "down")]) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      expect(isYiyangError(caught) && caught.code).toBe("invalid_argument");
    }
  });
});
