import { describe, expect, it } from "vitest";
import { createIndicatorAccumulator } from "./create-indicator-accumulator";
import { loadIndicatorCatalog } from "./load-indicator-catalog";
import { person, testCatalog, YEAR_2024 } from "./test-catalog.fixture";

describe("createIndicatorAccumulator", () => {
  const catalog = loadIndicatorCatalog(testCatalog());

  it("counts records one at a time and reports at any point", () => {
    const tally = createIndicatorAccumulator(catalog, { period: YEAR_2024 });
    expect(tally.add({ subject: "person", ...person({ id: "a", managedOn: "2024-01-01" }) })).toBe(true);
    expect(tally.report().indicators[0]?.overall.rate).toBe("100.0");
    expect(tally.add({ subject: "person", ...person({ id: "b" }) })).toBe(true);
    const report = tally.report();
    expect(report.indicators[0]?.overall.rate).toBe("50.0");
    expect(tally.report()).toEqual(report);
  });

  it("takes the subject and the position from the caller", () => {
    const tally = createIndicatorAccumulator(catalog, { period: YEAR_2024 });
    expect(tally.add(person({ id: "x", birthDate: "no" }), { subject: "person", index: 41, line: 57 })).toBe(false);
    expect(tally.add({ id: "y", subject: "person" })).toBe(false);
    expect(tally.add({ id: "z" }, { subject: "episode" })).toBe(false);
    expect(tally.report().recordIssues.map((r) => [r.subject, r.index, r.line, r.id])).toEqual([
      ["person", 41, 57, "x"],
      ["person", 1, 2, "y"],
      ["episode", 2, 3, "z"],
    ]);
  });

  it("refuses records born after the reference date", () => {
    const tally = createIndicatorAccumulator(catalog, { period: YEAR_2024 });
    tally.add(person({ id: "late", birthDate: "2025-01-01" }), { subject: "person" });
    expect(tally.report().recordIssues[0]?.issues.map((i) => [i.code, i.path])).toEqual([["born_after_reference_date", "/birthDate"]]);
  });

  it("keeps separate computations over the same catalog apart", () => {
    const first = createIndicatorAccumulator(catalog, { period: YEAR_2024 });
    const second = createIndicatorAccumulator(catalog, { period: { from: "2023-01-01", to: "2023-12-31" } });
    const record = person({ id: "a", birthDate: "1959-06-01", managedOn: "2024-03-01" });
    first.add(record, { subject: "person" });
    second.add(record, { subject: "person" });
    // 65 at the end of 2024, 64 at the end of 2023.
    expect(first.report().indicators[0]?.overall.initialPopulation).toBe(1);
    expect(second.report().indicators[0]?.overall.initialPopulation).toBe(0);
  });

  it("stratifies a sex field by its FHIR code however the record spells it, and refuses other spellings", () => {
    const document = testCatalog() as { recordSchemas: { person: { fields: Record<string, string> } } };
    document.recordSchemas.person.fields["sex"] = "sex";
    const tally = createIndicatorAccumulator(loadIndicatorCatalog(document), { period: YEAR_2024 });
    const spellings: unknown[] = ["female", "male", "other", "unknown", "F", "m", " female ", "女", "男性", 2, "1", "9", "Male", "FEMALE"];
    for (const [i, sex] of spellings.entries()) expect(tally.add(person({ id: `s${i}`, sex }), { subject: "person" }), String(sex)).toBe(true);
    for (const [i, sex] of ["x", "", "males", 3, true].entries()) expect(tally.add(person({ id: `bad${i}`, sex }), { subject: "person" })).toBe(false);
    const report = tally.report();
    const bySex = report.indicators[0]?.strata.find((s) => s.id === "sex")?.strata.map((s) => [s.stratum, s.initialPopulation]);
    expect(bySex).toEqual([
      ["female", 6],
      ["male", 5],
      ["other", 1],
      ["unknown", 2],
    ]);
    expect(report.recordIssues.map((r) => r.issues.map((i) => [i.code, i.path]))).toEqual(Array(5).fill([["invalid_field", "/sex"]]));
  });
});
