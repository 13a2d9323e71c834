import { normalizeSex, type SexCode } from "@yiyang/core";

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
 * | `sex` | a sex code as `normalizeSex` of `@yiyang/core` reads it (FHIR, GB/T 2261.1, HL7 v2, 男/女/未知); rules and strata see the FHIR code |
 * | `string[]` | a list of strings |
 *
 * A trailing `?` makes the field optional: it may be absent or `null`.
 * @internal
 */
export const FIELD_TYPE_PATTERN =
  /^(?:string|date|boolean|sex|string\[\]|integer(?:>=-?\d{1,15})?|number(?:>=-?\d{1,15}(?:\.\d{1,15})?)?|enum:[A-Za-z0-9_.-]+(?:\|[A-Za-z0-9_.-]+)*)\??$/;

/**
 * A record field name: a letter or underscore, then letters, digits or underscores.
 * @internal
 */
export const FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The base kinds of a declared field. @internal */
export type FieldKind = "string" | "date" | "boolean" | "integer" | "number" | "enum" | "string[]" | "sex";

/** Numeric codes of the field kinds, for a switch in the hot loop. @internal */
export const FIELD_CODES = { string: 0, date: 1, boolean: 2, integer: 3, number: 4, enum: 5, "string[]": 6, sex: 7 } as const;

/** The FHIR codes a `sex` field holds once read. @internal */
export const SEX_VALUES: readonly SexCode[] = Object.freeze(["male", "female", "other", "unknown"]);

/** A parsed field type. @internal */
export interface FieldType {
  readonly kind: FieldKind;
  /** {@link FIELD_CODES} of `kind`. */
  readonly code: number;
  readonly optional: boolean;
  /** The inclusive lower bound of `integer>=n` / `number>=n`. */
  readonly min: number | null;
  /** The lower bound used by the check (`-Infinity` or the least safe integer when none). */
  readonly lower: number;
  /** The allowed values of an `enum:` (the FHIR codes a `sex` field is read into). */
  readonly values: readonly string[] | null;
  /** How the type is spelt in the catalog. */
  readonly spelling: string;
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
  const c4 = value.charCodeAt(4);
  const c7 = value.charCodeAt(7);
  if (c4 !== 45 || c7 !== 45) return false;
  // Each digit minus 48 is 0–9; `>>> 0` turns a negative difference into a huge number, so one test per digit.
  const y1 = value.charCodeAt(0) - 48;
  const y2 = value.charCodeAt(1) - 48;
  const y3 = value.charCodeAt(2) - 48;
  const y4 = value.charCodeAt(3) - 48;
  const m1 = value.charCodeAt(5) - 48;
  const m2 = value.charCodeAt(6) - 48;
  const d1 = value.charCodeAt(8) - 48;
  const d2 = value.charCodeAt(9) - 48;
  if (
    y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 || y4 >>> 0 > 9 ||
    m1 >>> 0 > 9 || m2 >>> 0 > 9 || d1 >>> 0 > 9 || d2 >>> 0 > 9
  ) {
    return false;
  }
  const year = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  if (day <= 28) return true;
  if (month === 2) return day <= ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28);
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

/** Whether a string is one of a few: a scan beats hashing for the short lists enums have. */
function isOneOf(value: string, values: readonly string[]): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === value) return true;
  return false;
}

/**
 * Whether a present (non-null) value is of a declared type. One function with a switch, so the hot
 * loop makes a direct call V8 can inline rather than a call through a different closure per type.
 * @internal
 */
export function acceptsValue(type: FieldType, value: unknown): boolean {
  switch (type.code) {
    case 0:
      return typeof value === "string" && value.length > 0;
    case 1:
      return isDateString(value);
    case 2:
      return typeof value === "boolean";
    case 3:
      return typeof value === "number" && Number.isSafeInteger(value) && value >= type.lower;
    case 4:
      return typeof value === "number" && Number.isFinite(value) && value >= type.lower;
    case 5:
      return typeof value === "string" && isOneOf(value, type.values as readonly string[]);
    case 7:
      return normalizeSex(value) !== null;
    default:
      return isStringList(value);
  }
}

const EXPECTED: Record<Exclude<FieldKind, "enum" | "integer" | "number">, { en: string; zh: string }> = {
  sex: {
    en: "a sex code (male, female, other, unknown; 0, 1, 2, 9; M, F, O, U, A, N; 男, 女, 未知)",
    zh: "性别代码（male、female、other、unknown；0、1、2、9；M、F、O、U、A、N；男、女、未知）",
  },
  string: { en: "a non-empty string", zh: "非空字符串" },
  date: { en: "a real calendar date YYYY-MM-DD", zh: "YYYY-MM-DD 格式的有效日期" },
  boolean: { en: "true or false", zh: "true 或 false" },
  "string[]": { en: "a list of strings", zh: "字符串列表" },
};

/**
 * Parse a declared field type; `null` when the spelling is not in the grammar.
 * @internal
 */
export function parseFieldType(spelling: string): FieldType | null {
  if (!FIELD_TYPE_PATTERN.test(spelling)) return null;
  const optional = spelling.endsWith("?");
  const body = optional ? spelling.slice(0, -1) : spelling;
  const make = (
    kind: FieldKind,
    expected: { en: string; zh: string },
    min: number | null = null,
    values: readonly string[] | null = null,
  ): FieldType => ({
    kind,
    code: FIELD_CODES[kind],
    optional,
    min,
    lower: min ?? (kind === "integer" ? Number.MIN_SAFE_INTEGER : -Infinity),
    values,
    spelling,
    expected,
  });
  if (body === "string" || body === "date" || body === "boolean" || body === "string[]") return make(body, EXPECTED[body]);
  if (body === "sex") return make("sex", EXPECTED.sex, null, SEX_VALUES);
  if (body.startsWith("enum:")) {
    const values = body.slice(5).split("|");
    const list = values.join(", ");
    return make("enum", { en: `one of ${list}`, zh: `以下之一：${list}` }, null, values);
  }
  const [name, bound] = body.split(">=") as [string, string | undefined];
  const min = bound === undefined ? null : Number(bound);
  if (name === "integer") {
    return make("integer", min === null ? { en: "a whole number", zh: "整数" } : { en: `a whole number ≥ ${min}`, zh: `不小于 ${min} 的整数` }, min);
  }
  return make("number", min === null ? { en: "a finite number", zh: "有限数值" } : { en: `a number ≥ ${min}`, zh: `不小于 ${min} 的数值` }, min);
}
