/**
 * Calendar dates on the hot path, without a regular expression or an allocation: a date is packed
 * as the integer `year × 10000 + month × 100 + day`. Exactly the rules of `isCalendarDate`,
 * `ageOn` and `addMonths` in `@yiyang/core` (held to them by a differential test), which cost
 * 300–850 ns a call on the benchmark machine, several times per record. Remove once core has a
 * fast path (see docs/guides/assessment.md, "Implementation notes").
 * @internal
 */
import { addMonths } from "@yiyang/core";

function digit(value: string, index: number): number {
  const code = value.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -1;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A `YYYY-MM-DD` string naming a real day in 0001–9999, packed as `y × 10000 + m × 100 + d`;
 * `-1` for anything else (the same values `isCalendarDate` rejects).
 * @internal
 */
export function packCalendarDate(value: unknown): number {
  if (typeof value !== "string" || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return -1;
  const y0 = digit(value, 0);
  const y1 = digit(value, 1);
  const y2 = digit(value, 2);
  const y3 = digit(value, 3);
  const m0 = digit(value, 5);
  const m1 = digit(value, 6);
  const d0 = digit(value, 8);
  const d1 = digit(value, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return -1;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  return year * 10000 + month * 100 + day;
}

/** Whole years from one packed date to a later one, as `ageOn` counts them. @internal */
export function agePacked(birth: number, on: number): number {
  const by = Math.floor(birth / 10000);
  const bm = Math.floor(birth / 100) % 100;
  const bd = birth % 100;
  const oy = Math.floor(on / 10000);
  const om = Math.floor(on / 100) % 100;
  const od = on % 100;
  const months = (oy - by) * 12 + (om - bm) - (od < bd ? 1 : 0);
  return Math.trunc(months / 12);
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/**
 * `addMonths(date, months)` for a valid packed date: a day the target month lacks moves to the 1st
 * of the next month. Out-of-range results are left to `addMonths` itself, for its error.
 * @internal
 */
export function addMonthsPacked(date: string, packed: number, months: number): string {
  const year = Math.floor(packed / 10000);
  const month = Math.floor(packed / 100) % 100;
  const day = packed % 100;
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  if (targetYear < 1 || targetYear > 9999) return addMonths(date, months);
  const yearText = targetYear >= 1000 ? String(targetYear) : String(targetYear).padStart(4, "0");
  if (day <= daysInMonth(targetYear, targetMonth)) return `${yearText}-${pad2(targetMonth)}-${pad2(day)}`;
  return `${yearText}-${pad2(targetMonth + 1)}-01`;
}
