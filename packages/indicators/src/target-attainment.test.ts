import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attainTarget, judgeTarget, selectTarget } from "./target-attainment";
import type { AppliedTarget } from "./types";

const source = { title: "plan", quote: "sentence" };
const target = (comparison: AppliedTarget["comparison"], value: number): AppliedTarget => ({ comparison, value, year: 2025, source, yearPassed: false });
const percent = (numerator: number, denominator: number, basis: "exact" | "rounded" = "exact") => ({
  numerator,
  denominator,
  multiplier: 100n,
  decimals: 1,
  basis,
});

describe("selectTarget", () => {
  const targets = [
    { comparison: ">=" as const, value: 90, year: 2030, source },
    { comparison: ">=" as const, value: 50, year: 2022, source },
    { comparison: ">=" as const, value: 80, year: 2025, source },
  ];

  it("takes the first target whose year is not before the period's", () => {
    expect([2021, 2022, 2023, 2025, 2026, 2030].map((year) => selectTarget(targets, year)?.value)).toEqual([50, 50, 80, 80, 90, 90]);
  });

  it("keeps the latest target once every year has passed, and says so", () => {
    expect(selectTarget(targets, 2031)).toMatchObject({ value: 90, year: 2030, yearPassed: true });
    expect(selectTarget([], 2025)).toBeNull();
    expect(selectTarget(undefined, 2025)).toBeNull();
  });
});

describe("attainTarget", () => {
  it("meets >= at equality and > only above it", () => {
    expect(attainTarget(percent(65, 100), target(">=", 65))).toEqual({ met: true, shortfall: "0.0", numeratorChange: 0 });
    expect(attainTarget(percent(75, 100), target(">", 75))).toEqual({ met: false, shortfall: "0.0", numeratorChange: 1 });
    expect(attainTarget(percent(3, 4), target(">", 75))).toEqual({ met: false, shortfall: "0.0", numeratorChange: 1 });
  });

  it("meets <= at equality and < only below it, counting how many fewer are needed", () => {
    expect(attainTarget(percent(5, 100), target("<=", 5))).toMatchObject({ met: true });
    expect(attainTarget(percent(5, 100), target("<", 5))).toEqual({ met: false, shortfall: "0.0", numeratorChange: -1 });
    expect(attainTarget(percent(9, 100), target("<", 5))).toEqual({ met: false, shortfall: "4.0", numeratorChange: -5 });
    expect(attainTarget(percent(1, 1), target("<", 0))).toEqual({ met: false, shortfall: "100.0", numeratorChange: null });
  });

  it("compares == exactly and gives no numerator change", () => {
    expect(attainTarget(percent(1, 1), target("==", 100))).toMatchObject({ met: true });
    expect(attainTarget(percent(99, 100), target("==", 100))).toEqual({ met: false, shortfall: "1.0", numeratorChange: null });
  });

  it("judges the rounded value when the basis is rounded", () => {
    // 649 of 1000 = 64.9%; 6,495 of 10,000 = 64.95%, shown 65.0.
    expect(attainTarget(percent(6495, 10_000), target(">=", 65)).met).toBe(false);
    expect(attainTarget(percent(6495, 10_000, "rounded"), target(">=", 65)).met).toBe(true);
    expect(attainTarget(percent(649, 1000, "rounded"), target(">=", 65))).toEqual({ met: false, shortfall: "0.1", numeratorChange: 1 });
  });

  it("gives the smallest numerator change that meets the target", () => {
    const comparisons = [">=", ">", "<=", "<"] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 1000 }).map((x) => x / 10),
        fc.constantFrom(...comparisons),
        fc.constantFrom("exact" as const, "rounded" as const),
        (denominator, rawNumerator, value, comparison, basis) => {
          const numerator = Math.min(rawNumerator, denominator);
          const goal = target(comparison, value);
          const at = (m: number) => attainTarget(percent(m, denominator, basis), goal).met;
          const result = attainTarget(percent(numerator, denominator, basis), goal);
          if (result.met) return result.numeratorChange === 0;
          const change = result.numeratorChange;
          if (change === null) return comparison.startsWith("<") && !at(0);
          const reached = numerator + change;
          const oneShort = change > 0 ? reached - 1 : reached + 1;
          return at(reached) === true && at(oneShort) === false;
        },
      ),
    );
  });

  it("measures a count against a count target", () => {
    const count = { numerator: 150, denominator: 1, multiplier: 1n, decimals: 0, basis: "exact" as const };
    expect(attainTarget(count, target(">=", 200))).toEqual({ met: false, shortfall: "50", numeratorChange: 50 });
  });
});

describe("judgeTarget", () => {
  const judge = (numerator: number, denominator: number | null, refused: number, comparison: AppliedTarget["comparison"], value: number, summed: Partial<{ numeratorSummed: boolean; denominatorSummed: boolean }> = {}) =>
    judgeTarget(
      { numerator, denominator, multiplier: denominator === null ? 1n : 100n, decimals: 1, basis: "exact", refused, numeratorSummed: false, denominatorSummed: false, ...summed },
      target(comparison, value),
    );

  it("never says met when the refused records could fail the target, whichever way it points", () => {
    // 66 of 100 ≥ 65%, but 2 refused could make it 66 of 102 = 64.7%.
    expect(judge(66, 100, 2, ">=", 65)).toMatchObject({ met: null, status: "undetermined", range: { low: "64.7", high: "66.7" } });
    // 4 of 100 < 5%, but 2 refused injuries could make it 6 of 102 = 5.9%.
    expect(judge(4, 100, 2, "<", 5)).toMatchObject({ met: null, status: "undetermined", range: { low: "3.9", high: "5.9" } });
    expect(judge(4, 100, 1, "<", 5)).toMatchObject({ met: true, status: "met" });
  });

  it("fails a target only when the refused records could not have met it", () => {
    expect(judge(50, 100, 2, ">=", 65)).toMatchObject({ met: false, status: "not-met", shortfall: "15.0", numeratorChange: 15 });
    expect(judge(60, 100, 20, ">=", 65)).toMatchObject({ met: null, status: "undetermined" });
    expect(judge(1, null, 5, ">=", 200)).toMatchObject({ met: false, range: { low: "1.0", high: "6.0" } });
    expect(judge(198, null, 5, ">=", 200)).toMatchObject({ met: null, range: { low: "198.0", high: "203.0" } });
  });

  it("leaves a summed count unbounded: any amount could have been refused", () => {
    expect(judge(90, 150, 1, ">=", 65, { numeratorSummed: true, denominatorSummed: true })).toMatchObject({ met: null, range: { low: "0.0", high: null } });
    expect(judge(1, null, 1, "<=", 5, { numeratorSummed: true })).toMatchObject({ met: null, range: { low: "1.0", high: null } });
    expect(judge(0, 100, 1, ">=", 0, { numeratorSummed: true, denominatorSummed: true })).toMatchObject({ met: true });
  });

  it("judges as attainTarget does when nothing was refused, and leaves an empty denominator unjudged", () => {
    expect(judge(65, 100, 0, ">=", 65)).toEqual({ met: true, status: "met", shortfall: "0.0", numeratorChange: 0, range: null });
    expect(judge(0, 0, 0, ">=", 65)).toEqual({ met: null, status: "empty-denominator", shortfall: null, numeratorChange: null, range: null });
    expect(judge(0, 0, 3, ">=", 0)).toMatchObject({ met: null, status: "undetermined", range: { low: "0.0", high: "100.0" } });
  });
});
