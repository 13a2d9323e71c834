/**
 * Exact arithmetic for indicator values: every reported number is derived from integer counts with
 * BigInt, never from accumulated floating-point values. Internal.
 * @internal
 */

/** A non-negative rational `n / d` with `d > 0`. @internal */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

const TEN = 10n;

/** `10^k` as a BigInt. @internal */
export function pow10(k: number): bigint {
  return TEN ** BigInt(k);
}

/**
 * The exact rational of a finite JavaScript number as written in JSON (its shortest decimal
 * spelling, so `0.1` is exactly 1/10).
 * @internal
 */
export function rationalOfNumber(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`Not a finite number: ${x}`);
  const negative = x < 0;
  const text = String(Math.abs(x));
  const [mantissa = "0", exponentText] = text.split("e");
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const [whole = "0", fraction = ""] = mantissa.split(".");
  let n = BigInt(whole + fraction);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    n *= pow10(-scale);
    scale = 0;
  }
  return { n: negative ? -n : n, d: pow10(scale) };
}

/** Compare two rationals: -1, 0 or 1. @internal */
export function compareRationals(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** `a - b`. @internal */
export function subtractRationals(a: Rational, b: Rational): Rational {
  return { n: a.n * b.d - b.n * a.d, d: a.d * b.d };
}

/**
 * Round a non-negative rational half-up (away from zero at .5) to `decimals` places, returning the
 * scaled integer `q` such that the rounded value is `q / 10^decimals`.
 * @internal
 */
export function roundHalfUpScaled(value: Rational, decimals: number): bigint {
  const scaled = value.n * pow10(decimals);
  if (scaled < 0n) throw new RangeError("roundHalfUpScaled takes a non-negative value");
  return (2n * scaled + value.d) / (2n * value.d);
}

/**
 * Write a scaled integer `q / 10^decimals` as a decimal string with exactly `decimals` places.
 * @internal
 */
export function formatScaled(q: bigint, decimals: number): string {
  const negative = q < 0n;
  const digits = (negative ? -q : q).toString();
  if (decimals === 0) return (negative ? "-" : "") + digits;
  const padded = digits.padStart(decimals + 1, "0");
  const cut = padded.length - decimals;
  return `${negative ? "-" : ""}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/**
 * A non-negative rational rounded half-up to `decimals` places, as a decimal string.
 * @internal
 */
export function formatRational(value: Rational, decimals: number): string {
  return formatScaled(roundHalfUpScaled(value, decimals), decimals);
}
