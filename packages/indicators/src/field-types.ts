/**
 * The grammar of a declared record field type, as policy staff write it in a catalog:
 *
 * | spelling | accepts |
 * |---|---|
 * | `string` | a non-empty string |
 * | `date` | a real calendar date `YYYY-MM-DD` |
 * | `boolean` | `true` or `false` |
 * | `integer`, `integer>=0` | a safe integer (at least the bound when one is given) |
 * | `number`, `number>=0` | a finite number (at least the bound when one is given) |
 * | `enum:a\|b\|c` | one of the listed strings |
 * | `string[]` | a list of strings |
 *
 * A trailing `?` makes the field optional: it may be absent or `null`.
 * @internal
 */
export const FIELD_TYPE_PATTERN =
  /^(?:string|date|boolean|string\[\]|integer(?:>=-?\d{1,15})?|number(?:>=-?\d{1,15}(?:\.\d{1,15})?)?|enum:[A-Za-z0-9_.-]+(?:\|[A-Za-z0-9_.-]+)*)\??$/;

/**
 * A record field name: a letter or underscore, then letters, digits or underscores.
 * @internal
 */
export const FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The base kinds of a declared field. @internal */
export type FieldKind = "string" | "date" | "boolean" | "integer" | "number" | "enum" | "string[]";

/** A parsed field type. @internal */
export interface FieldType {
  readonly kind: FieldKind;
  readonly optional: boolean;
  /** The inclusive lower bound of `integer>=n` / `number>=n`. */
  readonly min: number | null;
  /** The allowed values of an `enum:`. */
  readonly values: readonly string[] | null;
  /** How the type is spelt in the catalog. */
  readonly spelling: string;
  /** Whether a present (non-null) value is of this type. */
  readonly accepts: (value: unknown) => boolean;
  /** What a value should be, for messages: English and Chinese. */
  readonly expected: { readonly en: string; readonly zh: string };
}

/**
 * Whether a string is a real calendar date `YYYY-MM-DD`. Answers exactly as `isCalendarDate` of
 * `@yiyang/core` (a test holds the two together) but first rejects by length and separators without a
 * regular expression, which matters once per date field per record.
 * @internal
 */
export function isDateString(value: unknown): value is string {
  if (typeof value !== "string" || value.length !== 10) return false;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    year = year * 10 + c;
  }
  const m1 = value.charCodeAt(5) - 48;
  const m2 = value.charCodeAt(6) - 48;
  const d1 = value.charCodeAt(8) - 48;
  const d2 = value.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  if (day <= 28) return true;
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return day <= (leap ? 29 : 28);
  }
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/**
 * Whole years from a birth date to a later (or equal) date, both valid `YYYY-MM-DD` strings: the
 * same answer as `ageOn` of `@yiyang/core` (someone born on 29 February is a year older on 1 March
 * in a common year), computed from the digits. A test holds the two together.
 * @internal
 */
export function wholeYearsBetween(birth: string, on: string): number {
  const years = yearOf(on) - yearOf(birth);
  // Month and day as MMDD: 0229 against 0228 of a common year gives "not yet", as ageOn does.
  return monthDayOf(birth) > monthDayOf(on) ? years - 1 : years;
}

function monthDayOf(date: string): number {
  return (
    (date.charCodeAt(5) - 48) * 1000 +
    (date.charCodeAt(6) - 48) * 100 +
    (date.charCodeAt(8) - 48) * 10 +
    (date.charCodeAt(9) - 48)
  );
}

function yearOf(date: string): number {
  return (
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48)
  );
}

function isStringList(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== "string") return false;
  return true;
}

/**
 * Parse a declared field type; `null` when the spelling is not in the grammar.
 * @internal
 */
export function parseFieldType(spelling: string): FieldType | null {
  if (!FIELD_TYPE_PATTERN.test(spelling)) return null;
  const optional = spelling.endsWith("?");
  const body = optional ? spelling.slice(0, -1) : spelling;
  const base = { optional, spelling };
  if (body === "string") {
    return {
      ...base,
      kind: "string",
      min: null,
      values: null,
      accepts: (v) => typeof v === "string" && v.length > 0,
      expected: { en: "a non-empty string", zh: "非空字符串" },
    };
  }
  if (body === "date") {
    return { ...base, kind: "date", min: null, values: null, accepts: isDateString, expected: { en: "a real calendar date YYYY-MM-DD", zh: "YYYY-MM-DD 格式的有效日期" } };
  }
  if (body === "boolean") {
    return { ...base, kind: "boolean", min: null, values: null, accepts: (v) => typeof v === "boolean", expected: { en: "true or false", zh: "true 或 false" } };
  }
  if (body === "string[]") {
    return { ...base, kind: "string[]", min: null, values: null, accepts: isStringList, expected: { en: "a list of strings", zh: "字符串列表" } };
  }
  if (body.startsWith("enum:")) {
    const values = body.slice(5).split("|");
    const allowed = new Set(values);
    const list = values.join(", ");
    return {
      ...base,
      kind: "enum",
      min: null,
      values,
      accepts: (v) => typeof v === "string" && allowed.has(v),
      expected: { en: `one of ${list}`, zh: `以下之一：${list}` },
    };
  }
  const [name, bound] = body.split(">=") as [string, string | undefined];
  const min = bound === undefined ? null : Number(bound);
  if (name === "integer") {
    const lo = min ?? Number.MIN_SAFE_INTEGER;
    return {
      ...base,
      kind: "integer",
      min,
      values: null,
      accepts: (v) => typeof v === "number" && Number.isSafeInteger(v) && v >= lo,
      expected: min === null ? { en: "a whole number", zh: "整数" } : { en: `a whole number ≥ ${min}`, zh: `不小于 ${min} 的整数` },
    };
  }
  const lo = min ?? -Infinity;
  return {
    ...base,
    kind: "number",
    min,
    values: null,
    accepts: (v) => typeof v === "number" && Number.isFinite(v) && v >= lo,
    expected: min === null ? { en: "a finite number", zh: "有限数值" } : { en: `a number ≥ ${min}`, zh: `不小于 ${min} 的数值` },
  };
}
