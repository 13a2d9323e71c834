import { createEligibilityImpact, loadServiceCatalog } from "@yiyang/eligibility";
import { createIndicatorImpact, loadIndicatorCatalog } from "@yiyang/indicators";
import { cityElderlyHealthIndicators, sampleCityServiceCatalog } from "@yiyang/standards";
import { describe, expect, it } from "vitest";

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A 71-year-old living with a spouse, assessed at level 3 in the last year, not in long-term-care insurance. */
const profile = {
  id: "p-71",
  birthDate: "1954-01-03",
  residence: { city: "sample-city", district: "d3" },
  insurance: { ltciEnrolled: false, ltciScheme: "resident" },
  economicStatus: "none",
  livingArrangement: "with-spouse",
  familyCarerAtHome: true,
  chronicConditions: ["I10"],
  assessment: { instrument: { id: "gbt42195-2022" }, level: 3, assessedOn: "2025-01-10" },
  monthsInContinuousHomeCare: 0,
};

describe("createEligibilityImpact", () => {
  const before = loadServiceCatalog(sampleCityServiceCatalog);
  const edited = clone(sampleCityServiceCatalog) as unknown as { version: string; packages: Array<{ conditions?: Array<{ rule?: unknown }> }> };
  edited.version = "1.1.0";
  for (const p of edited.packages) {
    for (const c of p.conditions ?? []) {
      const text = JSON.stringify(c.rule);
      if (text?.includes('{"var":"age"},65]')) c.rule = JSON.parse(text.replace('{"var":"age"},65]', '{"var":"age"},70]'));
    }
  }
  const after = loadServiceCatalog(edited);

  it("counts who gains and who loses each package when an age threshold rises", () => {
    const impact = createEligibilityImpact(before, after, { asOf: "2025-06-30" });
    expect(impact.add(profile).status).toBe("same");
    const moved = impact.add({ ...profile, id: "p-66", birthDate: "1959-01-03" });
    expect(moved).toMatchObject({ status: "changed", id: "p-66", gained: [] });
    expect(moved.status === "changed" && moved.lost).toContain("family-doctor-elderly");
    const summary = impact.summary();
    expect(summary).toMatchObject({ asOf: "2025-06-30", profiles: 2, changed: 1, invalid: 0 });
    const row = summary.packages.find((p) => p.id === "family-doctor-elderly");
    expect(row).toEqual({ id: "family-doctor-elderly", before: 2, after: 1, gained: 0, lost: 1 });
    expect(summary.packages.map((p) => p.id)).toEqual(before.document.packages.map((p) => p.id));
  });

  it("keeps every condition and reason only when asked to explain", () => {
    const quiet = createEligibilityImpact(before, after, { asOf: "2025-06-30" }).add({ ...profile, birthDate: "1959-01-03" });
    const told = createEligibilityImpact(before, after, { asOf: "2025-06-30", explain: true }).add({ ...profile, birthDate: "1959-01-03" });
    const reasons = (entry: typeof told) => (entry.status === "invalid" ? [] : entry.after.packages.find((p) => p.id === "family-doctor-elderly")?.reasons ?? []);
    expect(reasons(quiet)).toEqual([]);
    expect(reasons(told).length).toBeGreaterThan(0);
  });

  it("counts a bad profile as invalid, with its issues", () => {
    const impact = createEligibilityImpact(before, after, { asOf: "2025-06-30" });
    const bad = impact.add({ ...profile, birthDate: "1954-02-30" });
    expect(bad.status).toBe("invalid");
    expect(bad.status === "invalid" && bad.issues.map((i) => i.path)).toContain("/birthDate");
    expect(impact.summary()).toMatchObject({ profiles: 1, changed: 0, invalid: 1 });
  });
});

describe("createIndicatorImpact", () => {
  const person = (id: string, birthDate: string, managed: boolean) => ({
    subject: "person", id, birthDate, sex: "female", district: "d1", residentType: "permanent",
    ...(managed ? { healthManagedOn: "2024-03-01" } : {}), familyDoctorSigned: true, disabled: false, dementia: false,
  });
  const edited = clone(cityElderlyHealthIndicators) as unknown as { version: string; indicators: Array<{ id: string; targets: Array<{ value: number }> }> };
  edited.version = "0.2.0";
  (edited.indicators.find((i) => i.id === "health-management-65")?.targets[0] as { value: number }).value = 70;

  it("computes each rate under both versions over the same records", () => {
    const impact = createIndicatorImpact(loadIndicatorCatalog(cityElderlyHealthIndicators), loadIndicatorCatalog(edited), { period: { from: "2024-01-01", to: "2024-12-31" } });
    for (const r of [person("a", "1959-12-31", true), person("b", "1955-01-01", false), person("c", "1950-01-01", true)]) expect(impact.add(r)).toBe(true);
    const { before, after, indicators } = impact.result();
    expect(before.records).toMatchObject({ read: 3, valid: 3, invalid: 0 });
    expect(after.catalog.version).toBe("0.2.0");
    const row = indicators.find((i) => i.id === "health-management-65");
    expect([row?.before?.overall.rate, row?.after?.overall.rate]).toEqual(["66.7", "66.7"]);
    expect([row?.before?.overall.attainment?.met, row?.after?.overall.attainment?.met]).toEqual([true, false]);
    expect(indicators.map((i) => i.id)).toEqual(before.indicators.map((i) => i.id));
  });

  it("counts a record it cannot read, and claims no target that record could change", () => {
    const impact = createIndicatorImpact(loadIndicatorCatalog(cityElderlyHealthIndicators), loadIndicatorCatalog(edited), { period: { from: "2024-01-01", to: "2024-12-31" } });
    for (const r of [person("a", "1959-12-31", true), person("b", "1955-01-01", false), person("c", "1950-01-01", true)]) impact.add(r);
    expect(impact.add(null, { line: 4 })).toBe(false);
    const { before, indicators } = impact.result();
    expect(before.records).toMatchObject({ read: 4, valid: 3, invalid: 1 });
    const row = indicators.find((i) => i.id === "health-management-65");
    expect([row?.before?.overall.attainment?.met, row?.after?.overall.attainment?.met]).toEqual([null, null]);
});
});
