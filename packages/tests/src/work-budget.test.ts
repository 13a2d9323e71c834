import { loadInstrument, runInstrumentTests, safeAssess } from "@yiyang/assessment";
import { runDocumentTests } from "@yiyang/core";
import { checkEligibility, loadServiceCatalog, safeCheckEligibility } from "@yiyang/eligibility";
import { computeIndicators, loadIndicatorCatalog } from "@yiyang/indicators";
import { cityElderlyHealthIndicators, gbt42195Instrument, sampleCityServiceCatalog } from "@yiyang/standards";
import { describe, expect, it } from "vitest";

/**
 * A rule that exceeds the work budget is an issue on the record (or the test case) it was
 * evaluated for, whatever kind of document holds it; the rest of the batch is unaffected.
 */

/** 2^19 zeros (doubling merge), then a reduce that searches the list for "x" at every element. */
const DOUBLED = { reduce: [Array.from({ length: 19 }, () => 0), { merge: [{ var: "accumulator" }, { var: "accumulator" }] }, [0]] };
const BOMB = { reduce: [DOUBLED, { if: [{ in: ["x", { var: "accumulator" }] }, { var: "accumulator" }, { var: "accumulator" }] }, DOUBLED] };
/** The same bomb as a condition: true when the list is not empty. */
const BOMB_CONDITION = { "!!": [BOMB] };

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function gbtRecord(id: string): Record<string, unknown> {
  const test = (gbt42195Instrument.tests as Array<{ record: Record<string, unknown> }>)[0] as { record: Record<string, unknown> };
  return { ...clone(test.record), id };
}

describe("a rule over the work budget", () => {
  it("in an instrument loads, and is a limit_exceeded issue on every record it is evaluated for", () => {
    const doc = clone(gbt42195Instrument) as unknown as { computed: Array<Record<string, unknown>>; tests: unknown[] };
    doc.computed.push({ key: "bomb", label: { zh: "炸弹", en: "A bomb" }, rule: BOMB });
    doc.tests = [];
    const instrument = loadInstrument(doc);
    const normal = loadInstrument(gbt42195Instrument);
    const outcomes = ["a", "b", "c"].map((id) => safeAssess(instrument, gbtRecord(id)));
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(false);
      expect(outcome.issues.map((i) => i.code)).toContain("limit_exceeded");
    }
    // The same records under the shipped instrument are scored.
    expect(safeAssess(normal, gbtRecord("a")).ok).toBe(true);
  });

  it("is the budget a document is loaded with: a tight one stops the shipped rules, the default never does", () => {
    // The computed risk-event total is 15 units of work; the other rules are smaller.
    const tight = loadInstrument(gbt42195Instrument, { limits: { maxWork: 14 } });
    const outcome = safeAssess(tight, gbtRecord("a"));
    expect(outcome.ok).toBe(false);
    expect(outcome.issues.map((i) => i.code)).toContain("limit_exceeded");
    expect(safeAssess(loadInstrument(gbt42195Instrument, { limits: { maxWork: 15 } }), gbtRecord("a")).ok).toBe(true);
  });

  it("in an instrument's test case fails that case with limit_exceeded", () => {
    const doc = clone(gbt42195Instrument) as unknown as { computed: Array<Record<string, unknown>>; tests: unknown[] };
    doc.computed.push({ key: "bomb", label: { zh: "炸弹", en: "A bomb" }, rule: BOMB });
    doc.tests = doc.tests.slice(0, 2);
    const results = runDocumentTests(loadInstrument(doc));
    expect(results.map((r) => r.passed)).toEqual([false, false]);
    // The case fails as a mismatch (a result was expected) and, so that tools can tell, as limit_exceeded.
    expect(results[0]?.failures.map((f) => f.code)).toEqual(["test_mismatch", "limit_exceeded"]);
    expect(results[0]?.failures[1]).toMatchObject({ code: "limit_exceeded", path: "/tests/0", params: { rulePath: "/reduce/0/reduce/1" } });
    expect(runInstrumentTests(loadInstrument(doc)).every((r) => !r.passed)).toBe(true);
  });

  it("in a service catalog condition is a limit_exceeded issue for that profile", () => {
    const doc = clone(sampleCityServiceCatalog) as unknown as { packages: Array<{ conditions: Array<Record<string, unknown>> }>; tests: unknown[] };
    (doc.packages[0] as { conditions: Array<Record<string, unknown>> }).conditions.push({ id: "bomb", label: { zh: "炸弹", en: "A bomb" }, rule: BOMB_CONDITION });
    doc.tests = [];
    const catalog = loadServiceCatalog(doc);
    const profile = (sampleCityServiceCatalog.tests as Array<{ profile: unknown }>)[0]?.profile;
    const result = safeCheckEligibility(catalog, profile, { asOf: "2025-06-01" });
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({ code: "limit_exceeded" });
    expect(() => checkEligibility(catalog, profile, { asOf: "2025-06-01" })).toThrow(expect.objectContaining({ code: "limit_exceeded" }));
    expect(safeCheckEligibility(loadServiceCatalog(sampleCityServiceCatalog), profile, { asOf: "2025-06-01" }).ok).toBe(true);
  });

  it("in an indicator's population refuses each record it is evaluated for, counted as refused, and the batch goes on", () => {
    const doc = clone(cityElderlyHealthIndicators) as unknown as { indicators: Array<Record<string, unknown>>; tests: unknown[] };
    const first = doc.indicators[0] as { population: unknown };
    first.population = { and: [first.population, BOMB_CONDITION] };
    doc.tests = [];
    const catalog = loadIndicatorCatalog(doc);
    const person = (id: string, birthDate: string) => ({
      subject: "person",
      id,
      birthDate,
      sex: "female",
      district: "d1",
      residentType: "permanent",
      deceasedOn: null,
      healthManagedOn: "2024-03-01",
      tcmManagedOn: null,
      familyDoctorSigned: true,
      integratedCareOn: null,
      disabled: false,
      dementia: false,
      healthAssessedOn: null,
    });
    // Two people aged 65+ reach the bomb; one aged 50 does not (the population's first test is false).
    const report = computeIndicators(catalog, [person("old-1", "1950-01-01"), person("young", "1974-01-01"), person("old-2", "1940-01-01")], {
      period: { from: "2024-01-01", to: "2024-12-31" },
    });
    expect(report.records).toMatchObject({ read: 3, valid: 1, invalid: 2 });
    expect(report.recordIssues.map((r) => [r.id, r.issues[0]?.code])).toEqual([
      ["old-1", "limit_exceeded"],
      ["old-2", "limit_exceeded"],
    ]);
  });
});
