import { addMonths, ageOn, isCalendarDate } from "@yiyang/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonthsPacked, agePacked, packCalendarDate } from "./calendar-fast";

const pad = (n: number, width: number) => String(n).padStart(width, "0");
/** Strings shaped like dates, most of them real, many not (month 0–13, day 0–32, year 0–9999). */
const dateLike = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
const realDate = dateLike.filter((s) => isCalendarDate(s));

describe("packCalendarDate", () => {
  it("accepts exactly what isCalendarDate accepts", () => {
    const odd = ["", "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "2024-1-01", " 2024-01-01", "2024-01-01 ", "2024/01/01", "２０２４-01-01", "2024-01-0a", "+024-01-01", "-024-01-01", "2024-00-10", "2024-13-10", "2024-04-31"];
    for (const value of [...odd, 20240101, null, undefined, {}]) expect(packCalendarDate(value) >= 0).toBe(isCalendarDate(value));
    fc.assert(fc.property(fc.oneof(dateLike, fc.string({ maxLength: 12 })), (value) => (packCalendarDate(value) >= 0) === isCalendarDate(value)), { numRuns: 20_000 });
  });

  it("packs a date as year × 10000 + month × 100 + day, so packed dates compare like the dates", () => {
    expect(packCalendarDate("2025-03-01")).toBe(20250301);
    fc.assert(fc.property(realDate, realDate, (a, b) => Math.sign(packCalendarDate(a) - packCalendarDate(b)) === Math.sign(a.localeCompare(b))));
  });
});

describe("agePacked", () => {
  it("gives the age ageOn gives", () => {
    expect(agePacked(packCalendarDate("2024-02-29"), packCalendarDate("2025-02-28"))).toBe(0);
    expect(agePacked(packCalendarDate("2024-02-29"), packCalendarDate("2025-03-01"))).toBe(1);
    fc.assert(
      fc.property(realDate, realDate, (a, b) => {
        const [birth, on] = a <= b ? [a, b] : [b, a];
        return agePacked(packCalendarDate(birth), packCalendarDate(on)) === ageOn(birth, on);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe("addMonthsPacked", () => {
  it("gives the date addMonths gives, the 1st of the next month for a missing day", () => {
    expect(addMonthsPacked("2024-02-29", 20240229, 12)).toBe("2025-03-01");
    expect(addMonthsPacked("2025-08-31", 20250831, 6)).toBe("2026-03-01");
    fc.assert(
      fc.property(realDate, fc.integer({ min: -120, max: 120 }), (date, months) => {
        let expected: string;
        try {
          expected = addMonths(date, months);
        } catch {
          // Out of 0001–9999: both throw.
          expect(() => addMonthsPacked(date, packCalendarDate(date), months)).toThrow();
          return true;
        }
        return addMonthsPacked(date, packCalendarDate(date), months) === expected;
      }),
      { numRuns: 20_000 },
    );
  });
});
