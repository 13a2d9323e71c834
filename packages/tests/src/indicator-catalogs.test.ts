import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { selectVersion } from "@yiyang/core";
import {
  computeIndicators,
  formatIndicatorReport,
  loadIndicatorCatalog,
  runIndicatorCatalogTests,
  safeLoadIndicatorCatalog,
  type IndicatorCatalogDocument,
  type IndicatorReport,
} from "@yiyang/indicators";
import { cityElderlyHealthIndicators, indicatorCatalogs } from "@yiyang/standards";
import { describe, expect, it } from "vitest";

const YEAR_2024 = { from: "2024-01-01", to: "2024-12-31" } as const;

/** A small generated city: a fixed sequence, so every run computes the same numbers. */
function generatedCity(persons: number) {
  let state = 7;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const date = (from: number, to: number) => {
    const day = new Date(Date.UTC(from, 0, 1) + Math.floor(next() * (Date.UTC(to, 0, 1) - Date.UTC(from, 0, 1))));
    return day.toISOString().slice(0, 10);
  };
  const maybe = (share: number, value: () => string) => (next() < share ? value() : null);
  const person = Array.from({ length: persons }, (_, i) => ({
    id: `p${i}`,
    birthDate: date(1925, 1975),
    sex: pick(["female", "male"]),
    district: pick(["d1", "d2", "d3"]),
    residentType: next() < 0.9 ? "permanent" : "temporary",
    deceasedOn: maybe(0.01, () => date(2024, 2025)),
    healthManagedOn: maybe(0.66, () => date(2024, 2025)),
    tcmManagedOn: maybe(0.7, () => date(2024, 2025)),
    familyDoctorSigned: next() < 0.8,
    integratedCareOn: maybe(0.5, () => date(2024, 2025)),
    disabled: next() < 0.1,
    dementia: next() < 0.05,
    healthAssessedOn: maybe(0.6, () => date(2024, 2025)),
  }));
  const facility = Array.from({ length: Math.ceil(persons / 50) }, (_, i) => {
    const kind = pick(["general-hospital", "tcm-hospital", "primary-care", "elderly-care-institution"]);
    const beds = Math.floor(next() * 200);
    return {
      id: `f${i}`,
      kind,
      level: kind === "elderly-care-institution" ? 0 : Math.floor(next() * 4),
      ownership: pick(["public", "private"]),
      district: pick(["d1", "d2", "d3"]),
      beds,
      nursingBeds: kind === "elderly-care-institution" ? Math.floor(next() * (beds + 1)) : 0,
      hasGeriatrics: next() < 0.7,
      providesMedicalServices: next() < 0.8,
      greenChannel: next() < 0.9,
      ruralRegionalCenter: next() < 0.3,
      standardised: next() < 0.5,
      openedOn: date(2000, 2024),
    };
  });
  const episode = Array.from({ length: Math.ceil(persons / 20) }, (_, i) => {
    const stage = pick(["none", "none", "none", "1", "2", "3", "unstageable"]);
    return {
      id: `e${i}`,
      facilityId: `f${Math.floor(next() * facility.length)}`,
      admittedOn: date(2023, 2025),
      pressureInjuryStage: stage,
      acquiredInFacility: stage === "none" ? null : next() < 0.6,
      pressureInjuryFoundOn: stage === "none" ? null : date(2024, 2025),
    };
  });
  return { person, facility, episode };
}

function byId(report: IndicatorReport, id: string) {
  const found = report.indicators.find((indicator) => indicator.id === id);
  if (found === undefined) throw new Error(`no indicator ${id}`);
  return found;
}

describe("indicator catalogs of @yiyang/standards", () => {
  it("load without an issue, each provisional note pointing at something", () => {
    for (const document of indicatorCatalogs) {
      const result = safeLoadIndicatorCatalog(document);
      expect(result.issues, document.id).toEqual([]);
      expect(result.ok).toBe(true);
    }
  });

  it("pass their own test cases", () => {
    for (const document of indicatorCatalogs) {
      const results = runIndicatorCatalogTests(loadIndicatorCatalog(document));
      expect(results.length, document.id).toBeGreaterThan(0);
      expect(results.filter((result) => !result.passed)).toEqual([]);
    }
  });

  it("cite a file and a sentence for every target and every reported value", () => {
    const document = loadIndicatorCatalog(cityElderlyHealthIndicators).document;
    const citations = document.indicators.flatMap((indicator) => [
      ...(indicator.targets ?? []).map((target) => target.source),
      ...(indicator.reportedValues ?? []).map((reported) => reported.source),
    ]);
    expect(citations.length).toBe(15);
    for (const citation of citations) {
      expect(citation.quote.length).toBeGreaterThan(10);
      expect(citation.file).toMatch(/^(seeds\/00[0-4]_[0-9a-f]{16}\.txt|domain\/standards\.md)$/);
    }
  });

  it("carry the targets the city plan and the quality notice set", () => {
    const document = loadIndicatorCatalog(cityElderlyHealthIndicators).document;
    const targets = Object.fromEntries(
      document.indicators.map((indicator) => [indicator.id, (indicator.targets ?? []).map((t) => `${t.comparison}${t.value}@${t.year}`)]),
    );
    expect(targets).toEqual({
      "health-management-65": [">=65@2025"],
      "tcm-health-management-65": [">75@2025"],
      "family-doctor-signing-65": [],
      "integrated-care-coverage-65": [],
      "health-assessment-disabled-dementia": [],
      "nursing-bed-share": [">=65@2025"],
      "geriatrics-general-hospitals": [">=50@2022", ">=80@2025", ">=90@2030"],
      "geriatrics-public-tcm-hospitals": [">=90@2025"],
      "elderly-care-institutions-medical-services": [">=100@2023"],
      "medical-institutions-green-channel": [">=100@2023"],
      "pressure-injury-stage2-plus": ["<5@2022"],
      "rural-regional-centers-built": [">=200@2025"],
    });
  });

  it("point editors at the JSON Schema shipped with @yiyang/indicators", () => {
    const folder = new URL("../../standards/src/indicator-catalogs/", import.meta.url);
    for (const document of indicatorCatalogs) {
      expect(existsSync(fileURLToPath(new URL(document.$schema as string, folder))), document.id).toBe(true);
    }
  });

  it("can be picked by date", () => {
    expect(selectVersion(indicatorCatalogs, "2024-12-31", { id: "city-elderly-health-indicators" }).version).toBe("0.1.0");
  });

  it("compute on a generated city: rates, strata and target attainment for every indicator", () => {
    const catalog = loadIndicatorCatalog(cityElderlyHealthIndicators);
    const city = generatedCity(3000);
    const report = computeIndicators(catalog, city, { period: YEAR_2024 });
    expect(report.records).toMatchObject({ read: 3000 + 60 + 150, invalid: 0 });
    expect(report.indicators).toHaveLength(12);
    for (const indicator of report.indicators) {
      expect(indicator.overall.status, indicator.id).toBe("computed");
      expect(indicator.overall.rate, indicator.id).toMatch(/^\d+(\.\d+)?$/);
      if (indicator.target !== null) expect(typeof indicator.overall.attainment?.met, indicator.id).toBe("boolean");
    }
    const managed = byId(report, "health-management-65");
    const districts = managed.strata.find((s) => s.id === "district")?.strata ?? [];
    expect(districts.map((s) => s.stratum)).toEqual(["d1", "d2", "d3"]);
    expect(districts.reduce((sum, s) => sum + (s.denominator ?? 0), 0)).toBe(managed.overall.denominator);
    expect(districts.reduce((sum, s) => sum + s.numerator, 0)).toBe(managed.overall.numerator);
    const text = formatIndicatorReport(report, { lang: "zh" });
    for (const indicator of catalog.document.indicators) expect(text).toContain(indicator.title.zh);
  });

  it("give a different number when a threshold in the JSON changes, with no code change", () => {
    const city = generatedCity(2000);
    const before = computeIndicators(loadIndicatorCatalog(cityElderlyHealthIndicators), city, { period: YEAR_2024 });
    const edited = structuredClone(cityElderlyHealthIndicators) as unknown as IndicatorCatalogDocument;
    const indicators = edited.indicators as Array<{ id: string; population: unknown; targets?: Array<{ value: number }> }>;
    const managed = indicators.find((i) => i.id === "health-management-65") as (typeof indicators)[number];
    managed.population = { and: [{ ">=": [{ var: "age" }, 70] }, { "==": [{ var: "residentType" }, "permanent"] }] };
    const beds = indicators.find((i) => i.id === "nursing-bed-share") as (typeof indicators)[number];
    const bedTarget = Number(byId(before, "nursing-bed-share").overall.rate) + 1;
    (beds.targets as Array<{ value: number }>)[0] = { ...(beds.targets as Array<{ value: number }>)[0], value: bedTarget } as never;
    const after = computeIndicators(loadIndicatorCatalog(edited), city, { period: YEAR_2024 });
    expect(byId(after, "health-management-65").overall.denominator).toBeLessThan(byId(before, "health-management-65").overall.denominator as number);
    expect(byId(after, "nursing-bed-share").overall.attainment?.met).toBe(false);
    expect(byId(after, "nursing-bed-share").overall.rate).toBe(byId(before, "nursing-bed-share").overall.rate);
    expect(after.catalog.fingerprint).not.toBe(before.catalog.fingerprint);
  });
});
