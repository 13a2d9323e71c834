import { YIYANG_ERROR_CODES, YiyangError } from "@yiyang/core";
import type { ShareRounding } from "./service-catalog-schema";

function requireWholeNumber(value: number, what: string, whatZh: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `${what} must be a whole number; got ${String(value)}.`, {
      messageZh: `${whatZh}必须是整数；实际为 ${String(value)}。`,
    });
  }
}

/**
 * Write an amount of fen (分) as yuan with two decimals, exactly (no floating point).
 *
 * @param fen - a whole number of fen
 * @returns the yuan amount, e.g. `"450.00"`
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` when `fen` is not a safe integer
 *
 * @example
 * ```ts
 * formatYuan(45000); //=> "450.00"
 * formatYuan(4005); //=> "40.05"
 * formatYuan(-250); //=> "-2.50"
 * ```
 */
export function formatYuan(fen: number): string {
  requireWholeNumber(fen, "An amount in fen", "以分为单位的金额");
  const negative = fen < 0;
  const abs = negative ? -fen : fen;
  const cents = abs % 100;
  return `${negative ? "-" : ""}${(abs - cents) / 100}.${cents < 10 ? "0" : ""}${cents}`;
}

/**
 * Write basis points (1/100 of a percent) as a percentage, exactly, without trailing zeros.
 *
 * @param basisPoints - a whole number of basis points
 * @returns e.g. `"90%"` for 9000, `"75.5%"` for 7550
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` when `basisPoints` is not a safe integer
 *
 * @example
 * ```ts
 * formatBasisPoints(9000); //=> "90%"
 * formatBasisPoints(7525); //=> "75.25%"
 * ```
 */
export function formatBasisPoints(basisPoints: number): string {
  requireWholeNumber(basisPoints, "A share in basis points", "以基点为单位的比例");
  const negative = basisPoints < 0;
  const abs = negative ? -basisPoints : basisPoints;
  const fraction = abs % 100;
  const whole = (abs - fraction) / 100;
  const decimals = fraction === 0 ? "" : fraction % 10 === 0 ? `.${fraction / 10}` : `.${fraction < 10 ? "0" : ""}${fraction}`;
  return `${negative ? "-" : ""}${whole}${decimals}%`;
}

/**
 * The share of an amount, in whole fen, rounded as declared: exact integer arithmetic, never
 * floating point. Use it to split a cost between the fund and the person with a `fundShare`
 * entitlement.
 *
 * @param amountFen - the amount, a whole number of fen (0 or more)
 * @param basisPoints - the share, 0–10000 (9000 is 90%)
 * @param rounding - `half-up`, `half-even`, `down` or `up`
 * @returns the share in fen
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` when an argument is out of range
 *
 * @example
 * ```ts
 * applyShare(12345, 9000, "half-up"); //=> 11111   (11110.5 fen rounds up)
 * applyShare(12345, 9000, "half-even"); //=> 11110
 * applyShare(12345, 9000, "down"); //=> 11110
 * ```
 */
export function applyShare(amountFen: number, basisPoints: number, rounding: ShareRounding): number {
  requireWholeNumber(amountFen, "The amount in fen", "以分为单位的金额");
  requireWholeNumber(basisPoints, "The share in basis points", "以基点为单位的比例");
  if (amountFen < 0 || basisPoints < 0 || basisPoints > 10000) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, "The amount must be 0 or more and the share 0–10000 basis points.", {
      messageZh: "金额必须不小于 0，比例必须在 0–10000 基点之间。",
    });
  }
  const product = BigInt(amountFen) * BigInt(basisPoints);
  const whole = product / 10000n;
  const rest = product % 10000n;
  let result = whole;
  if (rest !== 0n) {
    switch (rounding) {
      case "down":
        break;
      case "up":
        result = whole + 1n;
        break;
      case "half-up":
        if (rest >= 5000n) result = whole + 1n;
        break;
      case "half-even":
        if (rest > 5000n || (rest === 5000n && whole % 2n === 1n)) result = whole + 1n;
        break;
    }
  }
  return Number(result);
}
