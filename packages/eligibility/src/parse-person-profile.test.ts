import { isYiyangError } from "@yiyang/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastParsePersonProfile, parsePersonProfile, safeParsePersonProfile } from "./parse-person-profile";
import { personProfileSchema } from "./person-profile-schema";

const VALID = {
  id: "p1",
  birthDate: "1950-03-10",
  residence: { city: "sample-city", district: "east" },
  insurance: { ltciEnrolled: true, ltciScheme: "employee" },
  economicStatus: "dibao",
  livingArrangement: "with-spouse",
  familyCarerAtHome: true,
  chronicConditions: ["I10", "e11.9"],
  assessment: { instrument: { id: "gbt42195-2022", version: "1.0.0" }, level: 3, assessedOn: "2025-01-02", total: 40 },
  localCareGrade: { scheme: "sample-city-care-needs", grade: 5, assessedOn: "2025-02-01", nextAssessmentDue: "2026-02-01" },
  monthsInContinuousHomeCare: 7,
};

/** Values for a field: valid ones, near misses and nonsense. */
const date = fc.constantFrom("1950-03-10", "2024-02-29", "2023-02-29", "2025-13-01", "2025-1-01", "", 20250101, undefined);
const text = fc.constantFrom("x", "", " ", undefined, 1, null);
const localized = fc.constantFrom({ zh: "中", en: "en" }, { zh: "", en: "en" }, { zh: "中" }, { zh: "中", en: "en", x: 1 }, "text", undefined);
const count = fc.constantFrom(0, 3, -1, 1.5, -0, Number.NaN, 2 ** 53, "2", undefined);
const bool = fc.constantFrom(true, false, "true", 0, undefined, null);
const codes = fc.oneof(fc.array(fc.constantFrom("I10", "f03.9", " F03 ", "E11.9", "F039", "x", 10, null), { maxLength: 3 }), fc.constantFrom("I10", undefined, null));
const assessment = fc.oneof(
  fc.record(
    {
      instrument: fc.oneof(fc.record({ id: text, version: text, fingerprint: text }, { requiredKeys: [] }), fc.constantFrom("gbt", null)),
      level: count,
      assessedOn: date,
      nextAssessmentDue: date,
      label: localized,
      total: fc.integer(),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom(undefined, null, "level 2", [1]),
);
const assessments = fc.oneof(fc.array(assessment, { maxLength: 3 }), fc.constantFrom(undefined, null, "x", [VALID.assessment, { ...VALID.assessment, instrument: { id: "ltci-2021" } }]));
const grade = fc.oneof(
  fc.record({ scheme: text, grade: count, assessedOn: date, nextAssessmentDue: date, label: localized, extra: fc.constant(1) }, { requiredKeys: [] }),
  fc.constantFrom(undefined, null, 3),
);
/** Mostly valid: the valid profile with up to three fields replaced, dropped or added. */
const nearlyValid = fc
  .array(
    fc.tuple(
      fc.constantFrom(...Object.keys(VALID), "assessments", "unknownField"),
      fc.oneof(date, text, count, bool, codes, assessment, assessments, grade, fc.constantFrom("none", "tekun", "alone", "care-institution", "DROP")),
    ),
    { maxLength: 3 },
  )
  .map((changes) => {
    const out: Record<string, unknown> = structuredClone(VALID);
    for (const [key, value] of changes) {
      if (value === "DROP") delete out[key];
      else out[key] = value;
    }
    return out;
  });

const profile = fc.oneof(
  nearlyValid,
  fc.record(
    {
      id: text,
      birthDate: date,
      residence: fc.oneof(fc.record({ city: text, district: text, street: fc.constant("x") }, { requiredKeys: [] }), fc.constantFrom(null, "city")),
      insurance: fc.oneof(fc.record({ ltciEnrolled: bool, ltciScheme: text }, { requiredKeys: [] }), fc.constantFrom(null, true)),
      economicStatus: fc.constantFrom("none", "low-income", "dibao", "tekun", "rich", undefined),
      livingArrangement: fc.constantFrom("alone", "care-institution", "medical-institution", "home", undefined),
      familyCarerAtHome: bool,
      chronicConditions: codes,
      assessment,
      assessments,
      localCareGrade: grade,
      monthsInContinuousHomeCare: count,
      unknownField: fc.constant(true),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom(null, "profile", [VALID], 42),
);

describe("fastParsePersonProfile", () => {
  it("accepts only what the zod schema accepts, and returns exactly what it returns", () => {
    let accepted = 0;
    fc.assert(
      fc.property(profile, (input) => {
        const zod = personProfileSchema.safeParse(input);
        if (zod.success) accepted++;
        const fast = fastParsePersonProfile(input);
        const inPlace = fastParsePersonProfile(input, false);
        if (!zod.success) expect([fast, inPlace]).toStrictEqual([null, null]);
        else {
          if (fast !== null) expect(fast).toStrictEqual(zod.data);
          if (inPlace !== null) expect(inPlace).toStrictEqual(zod.data);
        }
      }),
      { numRuns: 5000 },
    );
    // The generator must reach both sides of the boundary.
    expect(accepted).toBeGreaterThan(200);
  });

  it("takes the fast path for a typical valid profile", () => {
    expect(fastParsePersonProfile(VALID)).toStrictEqual(personProfileSchema.parse(VALID));
  });

  it("returns a profile already in parsed form as it is when asked not to copy", () => {
    const parsed = personProfileSchema.parse(VALID);
    expect(fastParsePersonProfile(parsed, false)).toBe(parsed);
    const copied = fastParsePersonProfile(VALID, false);
    expect([copied === VALID, copied]).toStrictEqual([false, parsed]);
  });
});

describe("safeParsePersonProfile", () => {
  it("returns the profile with defaults filled in", () => {
    const { familyCarerAtHome: _a, chronicConditions: _b, monthsInContinuousHomeCare: _c, ...rest } = VALID;
    const result = safeParsePersonProfile(rest);
    expect(result.ok && [result.value.familyCarerAtHome, result.value.chronicConditions, result.value.monthsInContinuousHomeCare]).toEqual([false, [], 0]);
  });

  it("returns every issue with a JSON pointer and Chinese and English messages", () => {
    const result = safeParsePersonProfile({ ...VALID, chronicConditions: ["I10", "hypertension"], monthsInContinuousHomeCare: -1 });
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid_value", "/chronicConditions/1"],
      ["too_small", "/monthsInContinuousHomeCare"],
    ]);
    expect(result.issues[0]?.messageZh).toBe("必须是 ICD-10 编码，例如 I10、F03、E11.9。");
  });
});

describe("safeParsePersonProfile: the results a profile carries", () => {
  const { assessment: one, ...withoutOne } = VALID;
  const ltci = { instrument: { id: "ltci-2021", version: "1.0.0" }, level: 4, assessedOn: "2025-02-01" };

  it("takes one result per instrument in assessments", () => {
    const result = safeParsePersonProfile({ ...withoutOne, assessments: [one, ltci] });
    expect(result.ok && result.value.assessments?.map((a) => [a.instrument.id, a.level])).toEqual([["gbt42195-2022", 3], ["ltci-2021", 4]]);
  });

  it("refuses two results of one instrument, and both assessments and the older assessment", () => {
    const twice = safeParsePersonProfile({ ...withoutOne, assessments: [one, ltci, { ...one, level: 1 }] });
    expect(twice.issues.map((i) => [i.code, i.path])).toEqual([["duplicate_instrument", "/assessments/2/instrument/id"]]);
    const both = safeParsePersonProfile({ ...VALID, assessments: [ltci] });
    expect(both.issues.map((i) => [i.code, i.path])).toEqual([["conflicting_fields", "/assessment"]]);
  });
});

describe("parsePersonProfile", () => {
  it("throws a YiyangError with the issues", () => {
    let caught: unknown;
    try {
      parsePersonProfile({ ...VALID, economicStatus: "rich" });
    } catch (error) {
      caught = error;
    }
    expect(isYiyangError(caught) && [caught.code, caught.issues.map((i) => i.path)]).toEqual(["invalid_input", ["/economicStatus"]]);
  });
});
