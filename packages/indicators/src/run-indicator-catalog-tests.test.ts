import { describe, expect, it } from "vitest";
import { runIndicatorCatalogTests } from "./run-indicator-catalog-tests";
import { person, testCatalog, YEAR_2024 } from "./test-catalog.fixture";

function withTests(tests: unknown[]): Record<string, unknown> {
  return { ...testCatalog(), tests };
}

describe("runIndicatorCatalogTests", () => {
  const records = { person: [person({ id: "a", managedOn: "2024-02-01" }), person({ id: "b" }), person({ id: "c", sex: "?" })] };

  it("passes a test whose expectations hold, overall and by stratum", () => {
    const results = runIndicatorCatalogTests(
      withTests([
        {
          description: "two people, one managed; the refused record could lift 50% to 66.7%, so the target is undetermined",
          period: YEAR_2024,
          records,
          expect: {
            invalidRecords: 1,
            indicators: {
              "managed-65": { denominator: 2, numerator: 1, rate: "50.0", met: null, attainment: "undetermined", shortfall: null, numeratorChange: null, strata: { district: { north: { rate: "50.0" }, west: { rate: null } } } },
            },
          },
        },
      ]),
    );
    expect(results).toMatchObject([{ index: 0, passed: true, failures: [] }]);
  });

  it("reports each expectation that fails, pointing at it", () => {
    const [result] = runIndicatorCatalogTests(
      withTests([
        {
          description: "wrong on purpose",
          period: YEAR_2024,
          records,
          expect: {
            invalidRecords: 0,
            indicators: { "managed-65": { rate: "60.0", strata: { district: { east: { rate: "1.0" } } } }, nothing: { rate: "1" } },
          },
        },
        { description: "bad period", period: { from: "2024-01-01", to: "2024-03-31" }, records: {}, expect: { indicators: {} } },
      ]),
    );
    expect(result?.passed).toBe(false);
    expect(result?.failures.map((f) => [f.code, f.path])).toEqual([
      ["test_mismatch", "/tests/0/expect/invalidRecords"],
      ["test_mismatch", "/tests/0/expect/indicators/managed-65/rate"],
      ["missing_stratum", "/tests/0/expect/indicators/managed-65/strata/district/east"],
      ["unknown_indicator", "/tests/0/expect/indicators/nothing"],
    ]);
    const [, second] = runIndicatorCatalogTests(withTests([{ description: "x", period: YEAR_2024, records: {}, expect: { indicators: {} } }, { description: "bad period", period: { from: "2024-01-01", to: "2024-03-31" }, records: {}, expect: { indicators: {} } }]));
    expect(second?.failures.map((f) => [f.code, f.path])).toEqual([["period_mismatch", "/tests/1/period"]]);
  });
});
