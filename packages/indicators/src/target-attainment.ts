import type { IndicatorTarget } from "./indicator-catalog-schema";
import {
  compareRationals,
  formatRational,
  formatScaled,
  pow10,
  rationalOfNumber,
  roundHalfUpScaled,
  subtractRationals,
  type Rational,
} from "./exact-decimal";
import type { AppliedTarget, TargetAttainment } from "./types";

/**
 * The target that applies to a period's year: the first target (by year) whose year is not before
 * the period's year; when every target's year has passed, the latest one, flagged `yearPassed`.
 * @internal
 */
export function selectTarget(targets: readonly IndicatorTarget[] | undefined, periodYear: number): AppliedTarget | null {
  if (targets === undefined || targets.length === 0) return null;
  const sorted = [...targets].sort((a, b) => a.year - b.year);
  const upcoming = sorted.find((t) => t.year >= periodYear);
  const chosen = upcoming ?? (sorted[sorted.length - 1] as IndicatorTarget);
  return {
    comparison: chosen.comparison,
    value: chosen.value,
    year: chosen.year,
    source: chosen.source,
    yearPassed: upcoming === undefined,
  };
}

/** What {@link attainTarget} needs about the indicator. @internal */
export interface AttainmentInput {
  /** The numerator after exclusions. */
  readonly numerator: number;
  /** The denominator after exclusions (1 for count indicators); must be > 0. */
  readonly denominator: number;
  /** 100, 1000 or 1. */
  readonly multiplier: bigint;
  readonly decimals: number;
  readonly basis: "exact" | "rounded";
}

function satisfies(order: -1 | 0 | 1, comparison: AppliedTarget["comparison"]): boolean {
  switch (comparison) {
    case ">=":
      return order >= 0;
    case ">":
      return order > 0;
    case "<=":
      return order <= 0;
    case "<":
      return order < 0;
    case "==":
      return order === 0;
  }
}

/** Beyond this numerator no search goes on: the target cannot be met by changing the numerator. */
const SEARCH_CEILING = 1n << 62n;

/**
 * Whether the value meets the target, by how much it falls short, and the smallest numerator change
 * that would meet it, all on exact rationals (cross-multiplication with BigInt).
 * @internal
 */
export function attainTarget(input: AttainmentInput, target: AppliedTarget): TargetAttainment {
  const { multiplier, decimals, basis } = input;
  const d = BigInt(input.denominator);
  const n = BigInt(input.numerator);
  const scale = pow10(decimals);
  const goal = rationalOfNumber(target.value);
  const valueAt = (m: bigint): Rational => {
    const exact: Rational = { n: m * multiplier, d };
    return basis === "exact" ? exact : { n: roundHalfUpScaled(exact, decimals), d: scale };
  };
  const meets = (m: bigint) => satisfies(compareRationals(valueAt(m), goal), target.comparison);
  if (meets(n)) return { met: true, shortfall: formatScaled(0n, decimals), numeratorChange: 0 };

  const gap = subtractRationals(valueAt(n), goal);
  const shortfall = formatRational(gap.n < 0n ? { n: -gap.n, d: gap.d } : gap, decimals);

  let change: bigint | null = null;
  if (target.comparison === ">=" || target.comparison === ">") {
    // The value grows with the numerator: find the least m > n that meets the target.
    let lo = n;
    let hi = n === 0n ? 1n : n * 2n;
    while (!meets(hi) && hi < SEARCH_CEILING) {
      lo = hi;
      hi *= 2n;
    }
    if (meets(hi)) {
      while (hi - lo > 1n) {
        const mid = (lo + hi) / 2n;
        if (meets(mid)) hi = mid;
        else lo = mid;
      }
      change = hi - n;
    }
  } else if (target.comparison === "<=" || target.comparison === "<") {
    // The value shrinks with the numerator: find the greatest m < n that meets the target.
    if (meets(0n)) {
      let lo = 0n;
      let hi = n;
      while (hi - lo > 1n) {
        const mid = (lo + hi) / 2n;
        if (meets(mid)) lo = mid;
        else hi = mid;
      }
      change = lo - n;
    }
  }
  return { met: false, shortfall, numeratorChange: change === null ? null : Number(change) };
}
