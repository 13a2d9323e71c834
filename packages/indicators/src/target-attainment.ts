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

/** Attainment of a value counted from every record (no refused record to weigh). @internal */
export type PlainAttainment = Pick<TargetAttainment, "shortfall" | "numeratorChange"> & { met: boolean };

/** Beyond this numerator no search goes on: the target cannot be met by changing the numerator. */
const SEARCH_CEILING = 1n << 62n;

/**
 * Whether the value meets the target, by how much it falls short, and the smallest numerator change
 * that would meet it, all on exact rationals (cross-multiplication with BigInt).
 * @internal
 */
export function attainTarget(input: AttainmentInput, target: AppliedTarget): PlainAttainment {
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

/** What {@link judgeTarget} needs: the counts, and what the refused records could have added. @internal */
export interface JudgeTargetInput {
  readonly numerator: number;
  /** The denominator after exclusions; `null` for count indicators. */
  readonly denominator: number | null;
  readonly multiplier: bigint;
  readonly decimals: number;
  readonly basis: "exact" | "rounded";
  /** Refused records that could have been of the indicator's subject. */
  readonly refused: number;
  /** Whether the numerator adds up a field (a refused record could add any amount) instead of counting records. */
  readonly numeratorSummed: boolean;
  /** Whether the denominator adds up a field. */
  readonly denominatorSummed: boolean;
}

/** A bound of the values refused records allow: a rational, or `null` for no bound (unbounded above). */
type Bound = Rational | null;

/**
 * The lowest and highest value the refused records allow. Each refused record may have been out of
 * the population, in the denominator only, or in the numerator too; a summed count may have added
 * any amount (0 included). The current value lies between the two.
 */
function boundsOf(input: JudgeTargetInput): { low: Rational; high: Bound } {
  const n = BigInt(input.numerator);
  const k = BigInt(input.refused);
  const m = input.multiplier;
  if (input.denominator === null) {
    return { low: { n: n * m, d: 1n }, high: input.numeratorSummed ? null : { n: (n + k) * m, d: 1n } };
  }
  const d = BigInt(input.denominator);
  // Lowest: every refused record in the denominator, none in the numerator (a summed denominator can grow without bound).
  const low: Rational = input.denominatorSummed ? { n: 0n, d: 1n } : { n: n * m, d: d + k };
  // Highest: every refused record in the numerator (a summed numerator without bound; a summed denominator may add 0).
  let high: Bound;
  if (input.numeratorSummed) high = null;
  else if (input.denominatorSummed) high = d === 0n ? null : { n: (n + k) * m, d };
  else high = { n: (n + k) * m, d: d + k };
  return { low, high };
}

function roundedOf(value: Rational, decimals: number, basis: "exact" | "rounded"): Rational {
  return basis === "exact" ? value : { n: roundHalfUpScaled(value, decimals), d: pow10(decimals) };
}

/**
 * Judge a target honestly: `met` is `true` or `false` only when it holds whatever the refused
 * records were (each out of the population, or counted for or against the target in any way);
 * otherwise `met: null`, status `undetermined`, with the range of values the refused records allow.
 * @internal
 */
export function judgeTarget(input: JudgeTargetInput, target: AppliedTarget): TargetAttainment {
  const empty = input.denominator === 0;
  if (input.refused === 0) {
    if (empty) return { met: null, status: "empty-denominator", shortfall: null, numeratorChange: null, range: null };
    const plain = attainTarget(
      { numerator: input.numerator, denominator: input.denominator ?? 1, multiplier: input.multiplier, decimals: input.decimals, basis: input.basis },
      target,
    );
    return { ...plain, status: plain.met ? "met" : "not-met", range: null };
  }
  const { low, high } = boundsOf(input);
  const range = {
    low: formatRational(low, input.decimals),
    high: high === null ? null : formatRational(high, input.decimals),
  };
  const goal = rationalOfNumber(target.value);
  const lowOrder = compareRationals(roundedOf(low, input.decimals, input.basis), goal);
  const highOrder = high === null ? 1 : compareRationals(roundedOf(high, input.decimals, input.basis), goal);
  let met: boolean | null = null;
  // Every value the refused records allow lies in [low, high] (low may only be approached), and
  // satisfying a comparison is monotone in the value, so the two ends decide.
  switch (target.comparison) {
    case ">=":
      met = lowOrder >= 0 ? true : highOrder < 0 ? false : null;
      break;
    case ">":
      met = lowOrder > 0 ? true : highOrder <= 0 ? false : null;
      break;
    case "<=":
      met = high !== null && highOrder <= 0 ? true : lowOrder > 0 ? false : null;
      break;
    case "<":
      met = high !== null && highOrder < 0 ? true : lowOrder >= 0 ? false : null;
      break;
    case "==":
      met = lowOrder === 0 && highOrder === 0 ? true : lowOrder > 0 || highOrder < 0 ? false : null;
      break;
  }
  // With nothing counted, every refused record may have been out of the population too: no value at all.
  if (empty || met === null) return { met: null, status: "undetermined", shortfall: null, numeratorChange: null, range };
  const plain = attainTarget(
    { numerator: input.numerator, denominator: input.denominator ?? 1, multiplier: input.multiplier, decimals: input.decimals, basis: input.basis },
    target,
  );
  return { ...plain, met, status: met ? "met" : "not-met", range };
}
