import { assess, loadInstrument, type AssessmentResult } from "@yiyang/assessment";
import { checkEligibility, loadServiceCatalog, type PersonProfileInput } from "@yiyang/eligibility";
import { gbt42195Instrument, ltci2021Instrument, sampleCityServiceCatalog } from "@yiyang/standards";
import { describe, expect, it } from "vitest";

const gbt = loadInstrument(gbt42195Instrument);
const ltci = loadInstrument(ltci2021Instrument);
const catalog = loadServiceCatalog(sampleCityServiceCatalog);

/** A GB/T 42195 record at level 3 (severe): the document's own vector for the 30-point band. */
function severeRecord(): unknown {
  const test = (gbt.document.tests ?? []).find((t) => "level" in t.expect && t.expect.level === 3 && (t.expect.adjustments ?? []).length === 0);
  if (test === undefined) throw new Error("The GB/T 42195 document has no level-3 vector without adjustments.");
  return test.record;
}

/** An ltci-2021 record at level 4 (重度失能Ⅱ级): the document's own vector for matrix cell [3][2]. */
function ltciLevel4Record(): unknown {
  const test = (ltci.document.tests ?? []).find((t) => "level" in t.expect && t.expect.level === 4);
  if (test === undefined) throw new Error("The ltci-2021 document has no level-4 vector.");
  return test.record;
}

const person: Omit<PersonProfileInput, "assessment" | "assessments"> = {
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

  it("takes several results of assess as the profile's assessments, each package reading the instrument it accepts", () => {
    const care = assess(gbt, severeRecord());
    const disability = assess(ltci, ltciLevel4Record());
    expect(disability.level).toBe(4);
    const asOf = "2025-06-01";
    const report = checkEligibility(catalog, { ...person, livingArrangement: "with-spouse", assessments: [care, disability] }, { asOf });
    const home = report.packages.find((p) => p.id === "ltci-home-care-1plus1");
    // ltci-2021 level 4 (重度失能Ⅱ级) qualifies for LTCI home care: 3 medical-nursing visits a month.
    expect([home?.eligible, home?.conditions.find((c) => c.id === "severe-disability")?.read]).toEqual([true, { level: 4 }]);
    expect(home?.entitlements.find((e) => e.id === "medical-nursing-visits")?.value).toBe(3);
    // The care packages read the GB/T 42195 level 3: day care (level ≤ 2) is not for this person.
    expect(report.packages.find((p) => p.id === "day-care")?.conditions.find((c) => c.id === "level-up-to-2")?.read).toEqual({ level: 3 });
    expect(report.assessments.map((a) => [a.instruments, a.source, a.value])).toEqual([
      [["gbt42195-2022"], "gbt42195-2022", 3],
      [["ltci-2021"], "ltci-2021", 4],
    ]);
    // The LTCI packages' provisional notes (the ltci-2021 levels, the instrument accepted) travel with the report.
    expect(home?.provisional).toEqual(expect.arrayContaining(["/packages/0/assessment", "/packages/0/conditions/2/rule"]));
    expect(report.provisional).toEqual(expect.arrayContaining(["/packages/0/assessment"]));
  });

  it("gives a GB/T 42195 result alone no LTCI package, saying why", () => {
    const result = assess(gbt, severeRecord());
    const report = checkEligibility(catalog, { ...person, livingArrangement: "with-spouse", assessments: [result] }, { asOf: "2025-06-01" });
    const home = report.packages.find((p) => p.id === "ltci-home-care-1plus1");
    expect(home?.eligible).toBe(false);
    expect(home?.reasons.map((r) => r.code)).toEqual(["assessment_not_accepted"]);
    expect(home?.reasons[0]?.messageZh).toContain("档案中没有本服务包认可的评估工具的结果（认可：ltci-2021）");
  });
});
