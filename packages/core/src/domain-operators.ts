import { addMonths, ageOn, daysBetween, isCalendarDate, monthsBetween } from "./calendar-date";
import type { LogicOperator } from "./compile-logic";
import { isIcd10InRanges, parseIcd10Ranges, type Icd10Range } from "./icd10";
import type { OperatorContext } from "./logic-closures";

/**
 * A value as an error message shows it: short whatever it is (a rule can hand an operator a list
 * whose text would be enormous).
 */
function shown(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object" && value !== null) return "an object";
  const text = typeof value === "string" ? JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value) : String(value);
  return text;
}

function requireDate(value: unknown, what: string, whatZh: string, ctx: OperatorContext): string {
  if (!isCalendarDate(value)) {
    ctx.fail(`${what} must be a real calendar date written YYYY-MM-DD; got ${shown(value)}.`, `${whatZh}必须是 YYYY-MM-DD 格式的有效日期；实际为 ${shown(value)}。`);
  }
  return value;
}

function requireInteger(value: unknown, what: string, whatZh: string, ctx: OperatorContext): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    ctx.fail(`${what} must be a whole number; got ${shown(value)}.`, `${whatZh}必须是整数；实际为 ${shown(value)}。`);
  }
  return value;
}

const age: LogicOperator = {
  description:
    "Age in whole years on a date: [birthDate, onDate]. Rises on the birthday; someone born on 29 February is a year older on 1 March in a common year.",
  minArgs: 2,
  maxArgs: 2,
  evaluate([birth, on], ctx) {
    const b = requireDate(birth, "The birth date", "出生日期", ctx);
    const d = requireDate(on, "The date of the age", "计算年龄的日期", ctx);
    if (d < b) ctx.fail(`The date ${d} is before the birth date ${b}.`, `日期 ${d} 早于出生日期 ${b}。`);
    return ageOn(b, d);
  },
};

const daysBetweenOperator: LogicOperator = {
  description: "Calendar days from the first date to the second: [from, to] (negative when to is earlier).",
  minArgs: 2,
  maxArgs: 2,
  evaluate([from, to], ctx) {
    return daysBetween(requireDate(from, "The start date", "起始日期", ctx), requireDate(to, "The end date", "结束日期", ctx));
  },
};

const monthsBetweenOperator: LogicOperator = {
  description:
    "Whole months from the first date to the second: [from, to]. A month from the 31st ends on the 1st of the month after a short month.",
  minArgs: 2,
  maxArgs: 2,
  evaluate([from, to], ctx) {
    return monthsBetween(requireDate(from, "The start date", "起始日期", ctx), requireDate(to, "The end date", "结束日期", ctx));
  },
};

const addMonthsOperator: LogicOperator = {
  description:
    "The date a whole number of months after another: [date, months]. A day the target month lacks moves to the 1st of the month after.",
  minArgs: 2,
  maxArgs: 2,
  evaluate([date, months], ctx) {
    return addMonths(requireDate(date, "The date", "日期", ctx), requireInteger(months, "The number of months", "月数", ctx));
  },
};

const rangeCache = new Map<string, Icd10Range[]>();

function rangesOf(spec: unknown, ctx: OperatorContext | null): Icd10Range[] | string {
  const cacheKey = typeof spec === "string" ? spec : Array.isArray(spec) ? JSON.stringify(spec) : null;
  if (cacheKey === null) {
    const problem = "The ICD-10 ranges must be a string such as \"F00-F03\" or a list of them.";
    if (ctx) ctx.fail(problem, "ICD-10 范围必须是形如 \"F00-F03\" 的字符串或其列表。");
    return problem;
  }
  const cached = rangeCache.get(cacheKey);
  if (cached) return cached;
  try {
    const ranges = parseIcd10Ranges(spec as string | string[]);
    if (rangeCache.size > 256) rangeCache.clear();
    rangeCache.set(cacheKey, ranges);
    return ranges;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (ctx) ctx.fail(message, (error as { messageZh?: string }).messageZh ?? message);
    return message;
  }
}

const icd10In: LogicOperator = {
  description:
    "Whether an ICD-10 code (or any code of a list) lies in the given ranges: [code | codes, \"F00-F03, F04-F99\"]. A range includes its subcodes.",
  minArgs: 2,
  maxArgs: 2,
  evaluate([code, spec], ctx) {
    const ranges = rangesOf(spec, ctx) as Icd10Range[];
    if (Array.isArray(code)) return code.some((c) => typeof c === "string" && isIcd10InRanges(c, ranges));
    return typeof code === "string" && isIcd10InRanges(code, ranges);
  },
  checkLiteralArgs(args) {
    const spec = args[1];
    if (spec === undefined || !spec.literal) return undefined;
    const result = rangesOf(spec.value, null);
    return typeof result === "string" ? { message: result, messageZh: `ICD-10 范围无效：${result}` } : undefined;
  },
};

type Band = [number | null, number | null, unknown];

function checkBands(bands: unknown): { message: string; messageZh: string } | undefined {
  if (!Array.isArray(bands) || bands.length === 0) {
    return { message: "band needs a non-empty list of [min, max, result] bands.", messageZh: "band 需要非空的 [下限, 上限, 结果] 分段列表。" };
  }
  for (let i = 0; i < bands.length; i++) {
    const band = bands[i] as unknown;
    if (!Array.isArray(band) || band.length !== 3) {
      return { message: `Band ${i} must be [min, max, result].`, messageZh: `第 ${i} 段必须是 [下限, 上限, 结果]。` };
    }
    const [min, max] = band as [unknown, unknown, unknown];
    const bad = (x: unknown) => x !== null && (typeof x !== "number" || !Number.isFinite(x));
    if (bad(min) || bad(max)) {
      return { message: `Band ${i}: min and max must be numbers or null (open).`, messageZh: `第 ${i} 段：上下限必须是数字或 null（不设限）。` };
    }
    if (min !== null && max !== null && (min as number) > (max as number)) {
      return { message: `Band ${i}: min ${String(min)} is above max ${String(max)}.`, messageZh: `第 ${i} 段：下限 ${String(min)} 大于上限 ${String(max)}。` };
    }
  }
  for (let i = 0; i < bands.length; i++) {
    for (let j = i + 1; j < bands.length; j++) {
      const [aMin, aMax] = bands[i] as Band;
      const [bMin, bMax] = bands[j] as Band;
      const lo = Math.max(aMin ?? -Infinity, bMin ?? -Infinity);
      const hi = Math.min(aMax ?? Infinity, bMax ?? Infinity);
      if (lo <= hi) {
        return { message: `Bands ${i} and ${j} overlap at ${lo}.`, messageZh: `第 ${i} 段与第 ${j} 段在 ${lo} 处重叠。` };
      }
    }
  }
  return undefined;
}

const band: LogicOperator = {
  description:
    "The result of the band a number falls in: [value, [[min, max, result], …]], bounds inclusive, null for an open end; null when no band holds the value.",
  minArgs: 2,
  maxArgs: 2,
  evaluate([value, bands], ctx) {
    if (!Array.isArray(bands)) ctx.fail("band needs a list of [min, max, result] bands.", "band 需要 [下限, 上限, 结果] 分段列表。");
    if (typeof value !== "number" || !Number.isFinite(value)) return null;
    for (const b of bands as Band[]) {
      if (!Array.isArray(b)) continue;
      const [min, max, result] = b;
      if ((min === null || value >= min) && (max === null || value <= max)) return result;
    }
    return null;
  },
  checkLiteralArgs(args) {
    const bands = args[1];
    return bands !== undefined && bands.literal ? checkBands(bands.value) : undefined;
  },
};

/**
 * The domain operators, ready to pass to {@link createLogicEngine} (the default engine of
 * {@link compileLogic} already has them):
 *
 * | operator | arguments | result |
 * |---|---|---|
 * | `age` | `[birthDate, onDate]` | whole years; a year older on the birthday (29 February → 1 March in a common year) |
 * | `days_between` | `[from, to]` | calendar days, negative when `to` is earlier |
 * | `months_between` | `[from, to]` | whole months completed |
 * | `add_months` | `[date, n]` | the date n months later (a missing day moves to the 1st of the next month) |
 * | `icd10_in` | `[code or codes, "F00-F03, F04-F99"]` | whether a code (any code of a list) is in the ranges |
 * | `band` | `[value, [[min, max, result], …]]` | the result of the band holding the value (bounds inclusive, `null` open), or null |
 *
 * Dates are `YYYY-MM-DD` strings, checked strictly (`2025-02-30` is an error); no time zone enters.
 *
 * @example
 * ```ts
 * compileLogic({ age: [{ var: "birthDate" }, "2025-03-01"] })({ birthDate: "1960-02-29" }); //=> 65
 * compileLogic({ icd10_in: [{ var: "dx" }, "F00-F03"] })({ dx: "F01.1" }); //=> true
 * compileLogic({ band: [{ var: "total" }, [[90, 90, 0], [66, 89, 1], [null, 65, 2]]] })({ total: 66 }); //=> 1
 * ```
 */
export const domainOperators: Readonly<Record<string, LogicOperator>> = Object.freeze({
  age,
  days_between: daysBetweenOperator,
  months_between: monthsBetweenOperator,
  add_months: addMonthsOperator,
  icd10_in: icd10In,
  band,
});
