import { assess, loadInstrument, type AssessmentResult } from "@yiyang/assessment";
import { checkEligibility, loadServiceCatalog, type PersonProfileInput } from "@yiyang/eligibility";
import { gbt42195Instrument, sampleCityServiceCatalog } from "@yiyang/standards";
import { describe, expect, it } from "vitest";

const gbt = loadInstrument(gbt42195Instrument);
const catalog = loadServiceCatalog(sampleCityServiceCatalog);

/** A GB/T 42195 record at level 3 (severe): the document's own vector for the 30-point band. */
function severeRecord(): unknown {
  const test = (gbt.document.tests ?? []).find((t) => "level" in t.expect && t.expect.level === 3 && (t.expect.adjustments ?? []).length === 0);
  if (test === undefined) throw new Error("The GB/T 42195 document has no level-3 vector without adjustments.");
  return test.record;
}

const person: Omit<PersonProfileInput, "assessment"> = {
  birthDate: "1940-05-01",
  residence: { city: "sample-city" },
  insurance: { ltciEnrolled: true },
  economicStatus: "dibao",
  livingArrangement: "alone",
};

describe("assess → checkEligibility (the data flow of the design)", () => {
  it("takes the result of assess as the profile's assessment, as it is", () => {
    const result: AssessmentResult = assess(gbt, severeRecord());
    expect(result.level).toBe(3);
    const asOf = result.assessedOn;
    const report = checkEligibility(catalog, { ...person, assessment: result }, { asOf });
    expect(report.assessment).toMatchObject({ status: "current", source: "gbt42195-2022", value: 3 });
    expect(report.eligible.length).toBeGreaterThan(0);
  });

  it("decides exactly as on the few fields eligibility reads", () => {
    const result = assess(gbt, severeRecord());
    const asOf = result.assessedOn;
    const full = checkEligibility(catalog, { ...person, assessment: result }, { asOf });
    const slim = checkEligibility(
      catalog,
      { ...person, assessment: { instrument: { id: result.instrument.id }, level: result.level, assessedOn: result.assessedOn, nextAssessmentDue: result.nextAssessmentDue } },
      { asOf },
    );
    expect(full.eligible).toEqual(slim.eligible);
    expect(full.packages.map((p) => [p.id, p.eligible])).toEqual(slim.packages.map((p) => [p.id, p.eligible]));
  });

  it("treats the result as out of date once its next assessment is due", () => {
    const result = assess(gbt, severeRecord());
    const due = result.nextAssessmentDue;
    expect(due).not.toBeNull();
    const report = checkEligibility(catalog, { ...person, assessment: result }, { asOf: due as string });
    expect(report.assessment.status).toBe("stale");
  });
});
