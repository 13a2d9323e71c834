import { computeIndicators, loadIndicatorCatalog, type IndicatorReport } from "@yiyang/indicators";
import { cityElderlyHealthIndicators } from "@yiyang/standards";
import type { Extension } from "fhir/r4";
import { describe, expect, it } from "vitest";
import { toIndicatorBundle } from "./to-indicator-bundle";
import { toMeasure } from "./to-measure";
import { toMeasureReport } from "./to-measure-report";

const catalog = loadIndicatorCatalog(cityElderlyHealthIndicators);
const YEAR = { from: "2024-01-01", to: "2024-12-31" };
const person = (id: string, extra: Record<string, unknown>) => ({
  subject: "person",
  id,
  birthDate: "1950-01-01",
  sex: "female",
  district: "d1",
  residentType: "permanent",
  familyDoctorSigned: false,
  disabled: false,
  dementia: false,
  ...extra,
});
const facility = (id: string, beds: number, nursingBeds: number) => ({ subject: "facility", id, kind: "elderly-care-institution", level: 0, ownership: "public", district: "d1", beds, nursingBeds });
const report = computeIndicators(
  catalog,
  [person("p1", { healthManagedOn: "2024-03-01" }), person("p2", { district: "d2" }), person("p3", { healthManagedOn: "2024-05-05", sex: "male" }), facility("f1", 100, 70), facility("f2", 50, 20)],
  { period: YEAR },
);
const sub = (ext: Extension | undefined, url: string) => ext?.extension?.filter((e) => e.url === url);
const population = (mr: ReturnType<typeof toMeasureReport>, code: string) => mr.group?.[0]?.population?.find((p) => p.code?.coding?.[0]?.code === code);

describe("toMeasure", () => {
  it("gives the standard population codes, the scoring, the improvement notation and the targets", () => {
    const m = toMeasure(catalog, "health-management-65");
    expect(m.url).toBe("https://yiyang-health.github.io/fhir/Measure/city-elderly-health-indicators-health-management-65");
    expect(m.scoring?.coding?.[0]?.code).toBe("proportion");
    expect(m.improvementNotation?.coding?.[0]?.code).toBe("increase");
    expect(m.group?.[0]?.population?.map((p) => p.code?.coding?.[0]?.code)).toEqual(["initial-population", "denominator", "denominator-exclusion", "numerator"]);
    const criteria = m.group?.[0]?.population?.[0]?.criteria;
    expect(JSON.parse(criteria?.extension?.[0]?.valueString as string)).toEqual(catalog.document.indicators[0]?.population);
    const target = m.extension?.find((e) => e.url.endsWith("/indicator-target"));
    expect(sub(target, "value")?.[0]?.valueDecimal).toBe(65);
    expect(toMeasure(catalog, "pressure-injury-stage2-plus").improvementNotation?.coding?.[0]?.code).toBe("decrease");
    expect(toMeasure(catalog, "rural-regional-centers-built").scoring?.coding?.[0]?.code).toBe("cohort");
    expect(() => toMeasure(catalog, "nope")).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });
});

describe("toMeasureReport", () => {
  it("gives each population's count, the score, the strata and the attainment of the target", () => {
    const mr = toMeasureReport(catalog, report, "health-management-65");
    expect(mr).toMatchObject({ status: "complete", type: "summary", measure: `${toMeasure(catalog, "health-management-65").url}|0.1.0`, period: { start: "2024-01-01", end: "2024-12-31" } });
    expect(population(mr, "initial-population")?.count).toBe(3);
    expect(population(mr, "numerator")?.count).toBe(2);
    expect(mr.group?.[0]?.measureScore).toEqual({ value: 66.7, unit: "%", system: "http://unitsofmeasure.org", code: "%" });
    const attainment = mr.group?.[0]?.extension?.find((e) => e.url.endsWith("/target-attainment"));
    expect(sub(attainment, "status")?.[0]?.valueCode).toBe("met");
    expect(sub(attainment, "met")?.[0]?.valueBoolean).toBe(true);
    const sex = mr.group?.[0]?.stratifier?.find((s) => s.code?.[0]?.coding?.[0]?.code === "sex");
    expect(sex?.stratum?.map((s) => [s.value?.text, s.population?.find((p) => p.code?.coding?.[0]?.code === "numerator")?.count])).toEqual([
      ["female", 1],
      ["male", 1],
    ]);
  });

  it("carries a sum of beds as a population sum, not as a count of records", () => {
    const mr = toMeasureReport(catalog, report, "nursing-bed-share");
    expect(population(mr, "denominator")).toEqual({ code: expect.anything(), extension: [{ url: "https://yiyang-health.github.io/fhir/StructureDefinition/population-sum", valueDecimal: 150 }] });
    expect(population(mr, "numerator")?.extension?.[0]?.valueDecimal).toBe(90);
    expect(population(mr, "initial-population")?.count).toBe(2);
    expect(mr.group?.[0]?.measureScore?.value).toBe(60);
  });

  it("writes an undetermined attainment (met: null) as such, with its further fields, never as met or not", () => {
    const undetermined: IndicatorReport = structuredClone(report);
    const indicator = undetermined.indicators.find((i) => i.id === "health-management-65");
    if (indicator?.overall.attainment == null) throw new Error("expected an attainment");
    Object.assign(indicator.overall.attainment, { met: null, status: "undetermined", shortfall: null, numeratorChange: null, range: { low: "50.0", high: "75.0" } });
    const attainment = toMeasureReport(catalog, undetermined, "health-management-65").group?.[0]?.extension?.find((e) => e.url.endsWith("/target-attainment"));
    expect(attainment?.extension).toEqual([
      { url: "status", valueCode: "undetermined" },
      { url: "range", extension: [{ url: "low", valueString: "50.0" }, { url: "high", valueString: "75.0" }] },
    ]);
    // met: null alone (no status given) reads as undetermined too.
    Object.assign(indicator.overall.attainment, { status: undefined, range: undefined });
    const bare = toMeasureReport(catalog, undetermined, "health-management-65").group?.[0]?.extension?.find((e) => e.url.endsWith("/target-attainment"));
    expect(bare?.extension).toEqual([{ url: "status", valueCode: "undetermined" }]);
  });

  it("gives no score, with a data-absent reason, for an empty denominator", () => {
    const mr = toMeasureReport(catalog, report, "geriatrics-general-hospitals");
    expect(mr.group?.[0]?.measureScore).toEqual({ extension: [{ url: "http://hl7.org/fhir/StructureDefinition/data-absent-reason", valueCode: "not-applicable" }] });
  });

  it("names the catalog, the reference date and the records refused", () => {
    const mr = toMeasureReport(catalog, report, "health-management-65");
    const rules = mr.extension?.find((e) => e.url.endsWith("/rules-reference"));
    expect(sub(rules, "fingerprint")?.[0]?.valueString).toBe(catalog.fingerprint);
    const context = mr.extension?.find((e) => e.url.endsWith("/indicator-report"));
    expect(context?.extension?.map((e) => e.valueDate ?? e.valueCode ?? e.valueInteger)).toEqual(["2024-12-31", "exact", 3, 3, 0]);
  });

  it("refuses a report of another catalog", () => {
    const other = { ...report, catalog: { ...report.catalog, fingerprint: "sha256:0" } };
    expect(() => toMeasureReport(catalog, other, "health-management-65")).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });
});

describe("toIndicatorBundle", () => {
  it("writes each Measure by its URL and version, and each report by its catalog, indicator and period", () => {
    const bundle = toIndicatorBundle(catalog, report);
    const entries = bundle.entry ?? [];
    expect(entries).toHaveLength(2 * catalog.document.indicators.length);
    expect(entries[0]?.request).toEqual({ method: "PUT", url: `Measure?url=${encodeURIComponent(toMeasure(catalog, "health-management-65").url as string)}&version=0.1.0` });
    const reports = entries.filter((e) => e.resource?.resourceType === "MeasureReport");
    expect(new Set(reports.map((e) => e.fullUrl)).size).toBe(reports.length);
    expect(toIndicatorBundle(catalog, report)).toEqual(bundle);
    // A report recomputed over other records replaces the first one: same identifiers.
    const corrected = computeIndicators(catalog, [person("p1", { healthManagedOn: "2024-03-01" })], { period: YEAR });
    const urls = (b: ReturnType<typeof toIndicatorBundle>) => (b.entry ?? []).map((e) => e.request?.url);
    expect(urls(toIndicatorBundle(catalog, corrected))).toEqual(urls(bundle));
    expect(toIndicatorBundle(catalog, corrected)).not.toEqual(bundle);
  });
});
