import { YiyangError, YIYANG_ERROR_CODES } from "./errors";

/**
 * A calendar date written as a `YYYY-MM-DD` string: a real day of the proleptic Gregorian calendar
 * between `0001-01-01` and `9999-12-31`, with no time and no time zone. Check one with
 * {@link isCalendarDate}; every function in this module validates its date arguments.
 *
 * @example
 * ```ts
 * const assessedOn: CalendarDate = "2025-03-01";
 * isCalendarDate(assessedOn); //=> true
 * ```
 */
export type CalendarDate = string;

/** The parts of a {@link CalendarDate}, as integers (`month` and `day` count from 1). */
interface CalendarDateParts {
  year: number;
  month: number;
  day: number;
}

const MIN_YEAR = 1;
const MAX_YEAR = 9999;
/** The epoch day of `0001-01-01`. */
const MIN_EPOCH_DAY = -719162;
/** The epoch day of `9999-12-31`. */
const MAX_EPOCH_DAY = 2932896;
/** Days from `0000-03-01` (proleptic Gregorian) to `1970-01-01`. */
const EPOCH_SHIFT = 719468;
/** Days in a 400-year Gregorian era. */
const DAYS_PER_ERA = 146097;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function padNumber(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/** "00" … "31": a month or a day as written. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 32 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

function formatParts(year: number, month: number, day: number): CalendarDate {
  return `${year >= 1000 ? String(year) : padNumber(year, 4)}-${TWO_DIGITS[month] as string}-${TWO_DIGITS[day] as string}`;
}

function digitAt(text: string, index: number): number {
  const code = text.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -100_000;
}

/**
 * The last two strings packed and what they gave. Scoring a record packs the same assessment date
 * and birth date several times over (to check them, pick the document version, compute the age and
 * the next assessment date); a string compare is cheaper than reading the date again.
 */
let lastString: string | null = null;
let lastPacked = -1;
let otherString: string | null = null;
let otherPacked = -1;

/**
 * A valid `YYYY-MM-DD` date packed as the integer `year × 10000 + month × 100 + day`, or -1.
 * Char-code parsing, no regular expression and no allocation: dates are on every hot path.
 */
function pack(value: unknown): number {
  // Only strings of a date's length are kept, so a long one passed in is never held on to.
  if (typeof value !== "string" || value.length !== 10) return -1;
  if (value === lastString) return lastPacked;
  if (value === otherString) return otherPacked;
  const packed = readPacked(value);
  otherString = lastString;
  otherPacked = lastPacked;
  lastString = value;
  lastPacked = packed;
  return packed;
}

function readPacked(value: string): number {
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return -1;
  const year = digitAt(value, 0) * 1000 + digitAt(value, 1) * 100 + digitAt(value, 2) * 10 + digitAt(value, 3);
  const month = digitAt(value, 5) * 10 + digitAt(value, 6);
  const day = digitAt(value, 8) * 10 + digitAt(value, 9);
  if (year < MIN_YEAR || year > MAX_YEAR) return -1;
  if (month < 1 || month > 12) return -1;
  if (day < 1 || day > daysInMonth(year, month)) return -1;
  return year * 10000 + month * 100 + day;
}

function packOrThrow(value: unknown): number {
  const packed = pack(value);
  if (packed < 0) throw invalidDate(value);
  return packed;
}

/** Whole months from one packed date to a later (or equal) one. */
function completedPackedMonths(from: number, to: number): number {
  const fromYear = (from / 10000) | 0;
  const fromMonth = ((from / 100) | 0) % 100;
  const toYear = (to / 10000) | 0;
  const toMonth = ((to / 100) | 0) % 100;
  return (toYear - fromYear) * 12 + (toMonth - fromMonth) - (to % 100 < from % 100 ? 1 : 0);
}

function tryParse(value: unknown): CalendarDateParts | null {
  const packed = pack(value);
  if (packed < 0) return null;
  return { year: (packed / 10000) | 0, month: ((packed / 100) | 0) % 100, day: packed % 100 };
}

function invalidDate(value: unknown): YiyangError {
  const shown = describeValue(value);
  return new YiyangError(
    YIYANG_ERROR_CODES.INVALID_DATE,
    `${shown} is not a valid calendar date: expected a real YYYY-MM-DD date between 0001-01-01 and 9999-12-31.`,
    { messageZh: `${shown} 不是有效的日历日期：应为 0001-01-01 至 9999-12-31 之间真实存在的 YYYY-MM-DD 日期。` },
  );
}

function invalidArgument(message: string, messageZh: string): YiyangError {
  return new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, message, { messageZh });
}

function requireInteger(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw invalidArgument(
      `${name} must be an integer, got ${describeValue(value)}.`,
      `${name} 必须是整数，实际为 ${describeValue(value)}。`,
    );
  }
  return value;
}

function outOfRange(what: string): YiyangError {
  return invalidArgument(
    `${what} falls outside the supported dates 0001-01-01 to 9999-12-31.`,
    `${what} 超出支持的日期范围 0001-01-01 至 9999-12-31。`,
  );
}

/** Days since 1970-01-01 of valid parts (Howard Hinnant's "days from civil"). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400; // [0, 399]
  const shiftedMonth = month > 2 ? month - 3 : month + 9; // March = 0 … February = 11
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1; // [0, 365]
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear; // [0, 146096]
  return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT;
}

/** The inverse of {@link daysFromCivil} (Howard Hinnant's "civil from days"). */
function civilFromDays(epochDay: number): CalendarDateParts {
  const z = epochDay + EPOCH_SHIFT;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA; // [0, 146096]
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  ); // [0, 399]
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100)); // [0, 365]
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // March = 0 … February = 11
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/**
 * Whether a value is a {@link CalendarDate}: a string of exactly the form `YYYY-MM-DD` naming a real
 * proleptic Gregorian day in the years 0001–9999.
 *
 * @param value - Anything.
 * @returns `true` when `value` is a valid calendar date string, otherwise `false`.
 *
 * @example
 * ```ts
 * isCalendarDate("2024-02-29"); //=> true
 * isCalendarDate("2023-02-29"); //=> false
 * isCalendarDate("2025-1-01"); //=> false
 * isCalendarDate("2025-01-01T00:00"); //=> false
 * ```
 */
export function isCalendarDate(value: unknown): value is CalendarDate {
  return pack(value) >= 0;
}

/**
 * Split a {@link CalendarDate} into its year, month and day.
 *
 * @param value - A `YYYY-MM-DD` date.
 * @returns The year, month (1–12) and day (1–31) as integers.
 * @throws {@link YiyangError} `invalid_date` when `value` is not a valid calendar date.
 *
 * @example
 * ```ts
 * parseCalendarDate("2025-03-01"); //=> { year: 2025, month: 3, day: 1 }
 * ```
 */
export function parseCalendarDate(value: CalendarDate): { year: number; month: number; day: number } {
  const parts = tryParse(value);
  if (parts === null) throw invalidDate(value);
  return parts;
}

/**
 * The number of days from 1970-01-01 to a date (negative before 1970), computed with integer
 * arithmetic only.
 *
 * @param date - A `YYYY-MM-DD` date.
 * @returns The epoch day, from -719162 (`0001-01-01`) to 2932896 (`9999-12-31`).
 * @throws {@link YiyangError} `invalid_date` when `date` is not a valid calendar date.
 *
 * @example
 * ```ts
 * toEpochDay("1970-01-02"); //=> 1
 * toEpochDay("1969-12-31"); //=> -1
 * ```
 */
export function toEpochDay(date: CalendarDate): number {
  const { year, month, day } = parseCalendarDate(date);
  return daysFromCivil(year, month, day);
}

/**
 * The date a given number of days after 1970-01-01: the inverse of {@link toEpochDay}.
 *
 * @param day - An integer epoch day from -719162 to 2932896.
 * @returns The `YYYY-MM-DD` date.
 * @throws {@link YiyangError} `invalid_argument` when `day` is not an integer or falls outside
 * `0001-01-01`…`9999-12-31`.
 *
 * @example
 * ```ts
 * fromEpochDay(0); //=> "1970-01-01"
 * fromEpochDay(-1); //=> "1969-12-31"
 * ```
 */
export function fromEpochDay(day: number): CalendarDate {
  requireInteger("day", day);
  if (day < MIN_EPOCH_DAY || day > MAX_EPOCH_DAY) throw outOfRange(`Epoch day ${day}`);
  const parts = civilFromDays(day);
  return formatParts(parts.year, parts.month, parts.day);
}

/**
 * The number of days from one date to another.
 *
 * @param from - The start date.
 * @param to - The end date.
 * @returns `toEpochDay(to) - toEpochDay(from)`: negative when `to` is earlier than `from`.
 * @throws {@link YiyangError} `invalid_date` when either argument is not a valid calendar date.
 *
 * @example
 * ```ts
 * daysBetween("2024-02-28", "2024-03-01"); //=> 2
 * daysBetween("2024-03-01", "2024-02-28"); //=> -2
 * ```
 */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/**
 * The date a whole number of days after (or, when negative, before) another.
 *
 * @param date - The start date.
 * @param days - An integer number of days; negative goes back.
 * @returns The resulting `YYYY-MM-DD` date.
 * @throws {@link YiyangError} `invalid_date` when `date` is not a valid calendar date;
 * `invalid_argument` when `days` is not an integer or the result falls outside 0001–9999.
 *
 * @example
 * ```ts
 * addDays("2024-02-28", 1); //=> "2024-02-29"
 * addDays("2025-01-01", -1); //=> "2024-12-31"
 * ```
 */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const start = toEpochDay(date);
  requireInteger("days", days);
  const end = start + days;
  if (!Number.isInteger(end) || end < MIN_EPOCH_DAY || end > MAX_EPOCH_DAY) {
    throw outOfRange(`${describeValue(date)} plus ${days} days`);
  }
  return fromEpochDay(end);
}

/**
 * The same day of the month a whole number of months later (or earlier), by the project's
 * anniversary rule: when the target month has no such day (the 31st in April, 29 February in a
 * common year), the result is the first day of the month after the target month.
 *
 * @param date - The start date.
 * @param months - An integer number of months; negative goes back.
 * @returns The resulting `YYYY-MM-DD` date.
 * @throws {@link YiyangError} `invalid_date` when `date` is not a valid calendar date;
 * `invalid_argument` when `months` is not an integer or the result falls outside 0001–9999.
 *
 * @example
 * ```ts
 * addMonths("2024-01-29", 1); //=> "2024-02-29"
 * addMonths("2024-01-31", 1); //=> "2024-03-01"
 * addMonths("2024-03-31", 1); //=> "2024-05-01"
 * addMonths("2024-03-31", -1); //=> "2024-03-01"
 * ```
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const packed = packOrThrow(date);
  const year = (packed / 10000) | 0;
  const month = ((packed / 100) | 0) % 100;
  const day = packed % 100;
  requireInteger("months", months);
  // Whole years from a day every year has (all but 29 February): the same month and day, the year changed.
  if (months % 12 === 0 && (month !== 2 || day !== 29)) {
    const targetYear = year + months / 12;
    if (targetYear >= 1000 && targetYear <= MAX_YEAR) return `${targetYear}${date.slice(4)}`;
  }
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  if (!Number.isSafeInteger(monthIndex) || targetYear < MIN_YEAR || targetYear > MAX_YEAR) {
    throw outOfRange(`${describeValue(date)} plus ${months} months`);
  }
  if (day <= daysInMonth(targetYear, targetMonth)) return formatParts(targetYear, targetMonth, day);
  // The target month is never December here (December has 31 days), so the next month is in the same year.
  return formatParts(targetYear, targetMonth + 1, 1);
}

/**
 * The same day of the month a whole number of years later (or earlier): `addMonths(date, 12 * years)`,
 * so 29 February becomes 1 March in a common year.
 *
 * @param date - The start date.
 * @param years - An integer number of years; negative goes back.
 * @returns The resulting `YYYY-MM-DD` date.
 * @throws {@link YiyangError} `invalid_date` when `date` is not a valid calendar date;
 * `invalid_argument` when `years` is not an integer or the result falls outside 0001–9999.
 *
 * @example
 * ```ts
 * addYears("2024-02-29", 1); //=> "2025-03-01"
 * addYears("2024-02-29", 4); //=> "2028-02-29"
 * ```
 */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  parseCalendarDate(date);
  requireInteger("years", years);
  return addMonths(date, 12 * years);
}

/**
 * The number of whole months completed from one date to another, by the anniversary rule of
 * {@link addMonths}. When `to` is not before `from` this is the largest `n ≥ 0` with
 * `addMonths(from, n) ≤ to`, which equals `(y2 − y1) × 12 + (m2 − m1) − (d2 < d1 ? 1 : 0)`;
 * when `to` is before `from` it is `-monthsBetween(to, from)`.
 *
 * @param from - The start date.
 * @param to - The end date.
 * @returns The whole months from `from` to `to`: negative when `to` is earlier.
 * @throws {@link YiyangError} `invalid_date` when either argument is not a valid calendar date.
 *
 * @example
 * ```ts
 * monthsBetween("2024-01-31", "2024-02-29"); //=> 0
 * monthsBetween("2024-01-31", "2024-03-01"); //=> 1
 * monthsBetween("2024-03-01", "2024-01-31"); //=> -1
 * ```
 */
export function monthsBetween(from: CalendarDate, to: CalendarDate): number {
  const a = packOrThrow(from);
  const b = packOrThrow(to);
  // `0 - n` rather than `-n`, so that zero whole months is +0, never -0.
  if (b < a) return 0 - completedPackedMonths(b, a);
  return completedPackedMonths(a, b);
}

/**
 * A person's age in whole years on a date: `Math.trunc(monthsBetween(birthDate, onDate) / 12)`.
 *
 * The age goes up by one on each birthday, by the anniversary rule of {@link addMonths}: someone
 * born on 29 February becomes a year older on 1 March in a common year and on 29 February in a leap
 * year. Only calendar dates enter the calculation: no time of day and no time zone.
 *
 * @param birthDate - The date of birth.
 * @param onDate - The date to compute the age on (for example the assessment date); not before `birthDate`.
 * @returns The age in completed years (0 on the day of birth).
 * @throws {@link YiyangError} `invalid_date` when either argument is not a valid calendar date;
 * `invalid_argument` when `onDate` is before `birthDate`.
 *
 * @example
 * ```ts
 * ageOn("1960-05-10", "2025-05-09"); //=> 64
 * ageOn("1960-05-10", "2025-05-10"); //=> 65
 * ageOn("2024-02-29", "2025-02-28"); //=> 0
 * ageOn("2024-02-29", "2025-03-01"); //=> 1
 * ```
 */
export function ageOn(birthDate: CalendarDate, onDate: CalendarDate): number {
  const birth = packOrThrow(birthDate);
  const on = packOrThrow(onDate);
  if (on < birth) {
    throw invalidArgument(
      `Cannot compute an age on ${describeValue(onDate)}: it is before the birth date ${describeValue(birthDate)}.`,
      `无法计算 ${describeValue(onDate)} 时的年龄：该日期早于出生日期 ${describeValue(birthDate)}。`,
    );
  }
  return Math.trunc(completedPackedMonths(birth, on) / 12);
}

/**
 * Compare two calendar dates, for sorting or ordering.
 *
 * @param a - The first date.
 * @param b - The second date.
 * @returns `-1` when `a` is earlier than `b`, `0` when they are the same day, `1` when `a` is later.
 * @throws {@link YiyangError} `invalid_date` when either argument is not a valid calendar date.
 *
 * @example
 * ```ts
 * compareCalendarDates("2024-12-31", "2025-01-01"); //=> -1
 * ["2025-03-01", "2024-02-29"].sort(compareCalendarDates); //=> ["2024-02-29", "2025-03-01"]
 * ```
 */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  const x = packOrThrow(a);
  const y = packOrThrow(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
