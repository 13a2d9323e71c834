import { toJsonSchema } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { personProfileSchema } from "./person-profile-schema";

describe("personProfileSchema", () => {
  it("ships as JSON Schema in schema/person-profile.schema.json", async () => {
    await expect(JSON.stringify(toJsonSchema(personProfileSchema), null, 2) + "\n").toMatchFileSnapshot("../schema/person-profile.schema.json");
  });

  it("fills defaults and normalises ICD-10 codes", () => {
    const profile = personProfileSchema.parse({
      birthDate: "1950-01-01",
      residence: { city: "c" },
      insurance: { ltciEnrolled: false },
      economicStatus: "dibao",
      livingArrangement: "alone",
      chronicConditions: [" f03.9 "],
    });
    expect([profile.familyCarerAtHome, profile.chronicConditions, profile.monthsInContinuousHomeCare]).toEqual([false, ["F03.9"], 0]);
  });

  it("keeps extra fields of a full assessment result", () => {
    const profile = personProfileSchema.parse({
      birthDate: "1950-01-01",
      residence: { city: "c" },
      insurance: { ltciEnrolled: false },
      economicStatus: "none",
      livingArrangement: "alone",
      assessment: { instrument: { id: "gbt42195-2022", version: "1.0.0" }, level: 2, assessedOn: "2025-01-01", total: 60, dimensions: { selfCare: 20 } },
    });
    expect(profile.assessment).toMatchObject({ total: 60, dimensions: { selfCare: 20 } });
  });

  it("rejects a next assessment due on or before the assessment date", () => {
    const result = personProfileSchema.safeParse({
      birthDate: "1950-01-01",
      residence: { city: "c" },
      insurance: { ltciEnrolled: false },
      economicStatus: "none",
      livingArrangement: "alone",
      assessment: { instrument: { id: "gbt42195-2022" }, level: 2, assessedOn: "2025-01-01", nextAssessmentDue: "2025-01-01" },
    });
    expect(result.success ? [] : result.error.issues.map((i) => i.path.join("/"))).toEqual(["assessment/nextAssessmentDue"]);
  });
});
