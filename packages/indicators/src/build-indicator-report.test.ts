import { describe, expect, it } from "vitest";
import { buildIndicatorReport, type IndicatorCounts } from "./build-indicator-report";
import { computeIndicators } from "./compute-indicators";
import { IndicatorAccumulatorImpl } from "./create-indicator-accumulator";
import { loadIndicatorCatalog } from "./load-indicator-catalog";
import { person, testCatalog, YEAR_2024 } from "./test-catalog.fixture";

const tally = (initialPopulation: number, denominator: number, numerator: number) => ({
  initialPopulation,
  denominatorExclusions: 0,
  denominator,
  numeratorExclusions: 0,
  numerator,
});

describe("buildIndicatorReport", () => {
  const catalog = loadIndicatorCatalog(testCatalog());
  const people = [
    person({ id: "a", managedOn: "2024-02-01" }),
    person({ id: "b", district: "south", sex: "male" }),
    person({ id: "c", district: "east", birthDate: "1940-01-01" }),
    person({ id: "d", sex: "x" }),
  ];

  it("gives, from the accumulator's counts, the report the accumulator gives", () => {
    const accumulator = new IndicatorAccumulatorImpl(catalog, { period: YEAR_2024 });
    people.forEach((record, index) => accumulator.add(record, { subject: "person", index }));
    const counts = JSON.parse(JSON.stringify(accumulator.counts())) as IndicatorCounts;
    expect(buildIndicatorReport(catalog, counts, { period: YEAR_2024 })).toEqual(computeIndicators(catalog, { person: people }, { period: YEAR_2024 }));
  });

  it("builds rates, declared strata, sorted found strata and attainment from counts alone", () => {
    const report = buildIndicatorReport(
      catalog,
      {
        records: { person: { read: 10, valid: 10, invalid: 0 } },
        indicators: {
          "managed-65": {
            overall: tally(10, 10, 7),
            strata: {
              district: {
                strata: [
                  { stratum: "zeta", tally: tally(4, 4, 1) },
                  { stratum: "north", tally: tally(6, 6, 6) },
                  { stratum: "alpha", tally: tally(0, 0, 0) },
                ],
              },
            },
          },
        },
      },
      { period: YEAR_2024 },
    );
    const managed = report.indicators.find((i) => i.id === "managed-65");
    expect(managed?.overall).toMatchObject({ rate: "70.0", attainment: { met: true, status: "met" } });
    // Declared north, south, west first (south and west empty), then the found zeta; alpha counted nobody.
    expect(managed?.strata[0]?.strata.map((s) => [s.stratum, s.rate])).toEqual([
      ["north", "100.0"],
      ["south", null],
      ["west", null],
      ["zeta", "25.0"],
    ]);
    expect(report.indicators.find((i) => i.id === "nursing-bed-share")?.overall).toMatchObject({ status: "empty-denominator", numerator: 0 });
    expect(report.records).toMatchObject({ read: 10, valid: 10, invalid: 0 });
  });

  it("weighs refused records of no known kind against every indicator", () => {
    const counts: IndicatorCounts = {
      records: { person: { read: 10, valid: 10, invalid: 0 }, unknown: { read: 1, valid: 0, invalid: 1 } },
      unattributed: 1,
      indicators: { "managed-65": { overall: tally(10, 10, 7) } },
    };
    const managed = buildIndicatorReport(catalog, counts, { period: YEAR_2024 }).indicators[0];
    expect(managed?.overall.attainment).toEqual({ met: true, status: "met", shortfall: "0.0", numeratorChange: 0, range: { low: "63.6", high: "72.7" } });
    expect(managed?.overall.attainment?.range).not.toBeNull();
    const unbound = buildIndicatorReport(catalog, { ...counts, indicators: { "managed-65": { overall: tally(10, 10, 6) } } }, { period: YEAR_2024 });
    expect(unbound.indicators[0]?.overall.attainment).toMatchObject({ met: null, status: "undetermined", range: { low: "54.5", high: "63.6" } });
  });

  it("refuses tallies that are not whole numbers ≥ 0, and a period that does not fit", () => {
    const bad = { records: {}, indicators: { "managed-65": { overall: { ...tally(1, 1, 1), numerator: -1 } } } };
    expect(() => buildIndicatorReport(catalog, bad, { period: YEAR_2024 })).toThrow(/whole numbers/);
    expect(() => buildIndicatorReport(catalog, { records: {}, indicators: {} }, { period: { from: "2024-01-01", to: "2024-03-31" } })).toThrow(/calendar year/);
  });
});
