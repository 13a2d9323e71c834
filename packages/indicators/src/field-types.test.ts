import { ageOn, isCalendarDate } from "@yiyang/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { acceptsValue, isDateString, parseFieldType, wholeYearsBetween } from "./field-types";

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Strings shaped like dates, real or not (day 00–32, month 00–13, year 0000–9999). */
const dateLike = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);

const realDate = fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2100-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe("parseFieldType", () => {
  it("reads every spelling of the grammar", () => {
    const read = (spelling: string) => {
      const type = parseFieldType(spelling);
      return type === null ? null : [type.kind, type.optional, type.min, type.values];
    };
    expect(read("string")).toEqual(["string", false, null, null]);
    expect(read("date?")).toEqual(["date", true, null, null]);
    expect(read("boolean")).toEqual(["boolean", false, null, null]);
    expect(read("integer>=0")).toEqual(["integer", false, 0, null]);
    expect(read("integer>=-5?")).toEqual(["integer", true, -5, null]);
    expect(read("number>=0.5")).toEqual(["number", false, 0.5, null]);
    expect(read("enum:male|female")).toEqual(["enum", false, null, ["male", "female"]]);
    expect(read("string[]?")).toEqual(["string[]", true, null, null]);
    expect(read("sex")).toEqual(["sex", false, null, ["male", "female", "other", "unknown"]]);
    expect(read("sex?")).toEqual(["sex", true, null, ["male", "female", "other", "unknown"]]);
  });

  it("accepts every sex code normalizeSex reads, and nothing else", () => {
    const sex = parseFieldType("sex") as NonNullable<ReturnType<typeof parseFieldType>>;
    for (const code of ["male", "female", "other", "unknown", "0", "1", "2", "9", 0, 1, 2, 9, "M", "f", "U", "A", "N", "男", "女", "未知", " F "]) {
      expect(acceptsValue(sex, code), String(code)).toBe(true);
    }
    for (const code of ["x", "", 3, 1.5, true, ["F"], "males"]) expect(acceptsValue(sex, code), String(code)).toBe(false);
  });

  it("returns null for a spelling outside the grammar", () => {
    for (const spelling of ["", "text", "date??", "integer>0", "integer>=", "enum:", "enum:a||b", "enum:a b", "Date", "string []"]) {
      expect(parseFieldType(spelling), spelling).toBeNull();
    }
  });
});

describe("acceptsValue", () => {
  const accepts = (spelling: string, value: unknown) => acceptsValue(parseFieldType(spelling)!, value);

  it("accepts values of the declared type and rejects others", () => {
    expect([accepts("string", "a"), accepts("string", ""), accepts("string", 1)]).toEqual([true, false, false]);
    expect([accepts("date", "2024-02-29"), accepts("date", "2023-02-29"), accepts("date", 20240229)]).toEqual([true, false, false]);
    expect([accepts("boolean", false), accepts("boolean", 0), accepts("boolean", "true")]).toEqual([true, false, false]);
    expect([accepts("integer>=0", 0), accepts("integer>=0", -1), accepts("integer>=0", 1.5), accepts("integer", 2 ** 53)]).toEqual([true, false, false, false]);
    expect([accepts("number>=0.5", 0.5), accepts("number>=0.5", 0.4), accepts("number", Number.NaN), accepts("number", Infinity)]).toEqual([true, false, false, false]);
    expect([accepts("enum:a|b", "b"), accepts("enum:a|b", "c"), accepts("enum:a|b", ["a"])]).toEqual([true, false, false]);
    expect([accepts("string[]", ["a", "b"]), accepts("string[]", []), accepts("string[]", ["a", 1]), accepts("string[]", "a")]).toEqual([true, true, false, false]);
  });
});

describe("isDateString", () => {
  it("answers exactly as isCalendarDate of @yiyang/core", () => {
    fc.assert(fc.property(fc.oneof(dateLike, fc.string({ maxLength: 12 })), (text) => isDateString(text) === isCalendarDate(text)));
    for (const text of ["2024-02-29", "2100-02-29", "2000-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "2024-04-31", "2024-1-01", "2024/01/01", "２０２４-01-01"]) {
      expect(isDateString(text), text).toBe(isCalendarDate(text));
    }
  });
});

describe("wholeYearsBetween", () => {
  it("gives the same age as ageOn of @yiyang/core", () => {
    fc.assert(
      fc.property(realDate, realDate, (a, b) => {
        const [birth, on] = a <= b ? [a, b] : [b, a];
        return wholeYearsBetween(birth, on) === ageOn(birth, on);
      }),
    );
  });

  it("makes someone born on 29 February a year older on 1 March in a common year", () => {
    expect([wholeYearsBetween("1960-02-29", "2025-02-28"), wholeYearsBetween("1960-02-29", "2025-03-01")]).toEqual([64, 65]);
    expect([wholeYearsBetween("1959-12-31", "2024-12-31"), wholeYearsBetween("1960-01-01", "2024-12-31")]).toEqual([65, 64]);
  });
});
