import { createIssue, isYiyangError, type Issue, type PathSegment } from "@yiyang/core";
import { computeIndicators } from "./compute-indicators";
import { resolveCatalog } from "./create-indicator-accumulator";
import type { IndicatorCatalogInput } from "./load-indicator-catalog";
import type { IndicatorValue } from "./types";

/** The outcome of one of a catalog's own test cases. */
export interface IndicatorCatalogTestResult {
  /** The test's index in the catalog's `tests`. */
  index: number;
  description: string;
  passed: boolean;
  /** Every expectation that did not hold, each pointing at it in the catalog. */
  failures: Issue[];
}

const COMPARED = [
  "initialPopulation",
  "denominatorExclusions",
  "denominator",
  "numeratorExclusions",
  "numerator",
  "rate",
  "met",
  "shortfall",
  "numeratorChange",
] as const;

type Expected = Partial<Record<(typeof COMPARED)[number], unknown>>;

function actualOf(value: IndicatorValue, key: (typeof COMPARED)[number]): unknown {
  if (key === "met" || key === "shortfall" || key === "numeratorChange") {
    return value.attainment === null ? null : value.attainment[key];
  }
  return value[key];
}

function compare(expected: Expected, actual: IndicatorValue, at: readonly PathSegment[], failures: Issue[]): void {
  for (const key of COMPARED) {
    const want = expected[key];
    if (want === undefined) continue;
    const got = actualOf(actual, key);
    if (got !== want) {
      failures.push(
        createIssue(
          "test_mismatch",
          [...at, key],
          `Expected ${key} ${JSON.stringify(want)}, got ${JSON.stringify(got)}.`,
          `期望 ${key} 为 ${JSON.stringify(want)}，实际为 ${JSON.stringify(got)}。`,
          { params: { expected: want, actual: got } },
        ),
      );
    }
  }
}

/**
 * Run a catalog's own test cases (its `tests`): compute each small population and compare every
 * expected count, rate and attainment, overall and by stratum.
 *
 * @param catalog - a catalog from {@link loadIndicatorCatalog}, or a catalog document (loaded here)
 * @returns one result per test case, in order
 * @throws `YiyangError` `invalid_document` when a document is given and is invalid
 *
 * @example
 * ```ts
 * runIndicatorCatalogTests(catalog).filter((t) => !t.passed); //=> []
 * ```
 */
export function runIndicatorCatalogTests(
  catalog: IndicatorCatalogInput,
): IndicatorCatalogTestResult[] {
  const loaded = resolveCatalog(catalog);
  return (loaded.document.tests ?? []).map((test, index) => {
    const failures: Issue[] = [];
    const at: PathSegment[] = ["tests", index, "expect"];
    try {
      const options = test.referenceDate === undefined ? { period: test.period } : { period: test.period, referenceDate: test.referenceDate };
      const report = computeIndicators(loaded, test.records, options);
      if (test.expect.invalidRecords !== undefined && report.records.invalid !== test.expect.invalidRecords) {
        failures.push(
          createIssue(
            "test_mismatch",
            [...at, "invalidRecords"],
            `Expected ${test.expect.invalidRecords} refused records, got ${report.records.invalid}.`,
            `期望 ${test.expect.invalidRecords} 条记录未计入，实际为 ${report.records.invalid}。`,
          ),
        );
      }
      for (const [id, expected] of Object.entries(test.expect.indicators)) {
        const where: PathSegment[] = [...at, "indicators", id];
        const result = report.indicators.find((indicator) => indicator.id === id);
        if (result === undefined) {
          failures.push(createIssue("unknown_indicator", where, `The catalog has no indicator "${id}".`, `目录中没有指标 "${id}"。`));
          continue;
        }
        compare(expected, result.overall, where, failures);
        for (const [stratifierId, strata] of Object.entries(expected.strata ?? {})) {
          const stratifier = result.strata.find((s) => s.id === stratifierId);
          for (const [key, expectedStratum] of Object.entries(strata)) {
            const stratum = stratifier?.strata.find((s) => String(s.stratum) === key);
            if (stratum === undefined) {
              failures.push(
                createIssue(
                  "missing_stratum",
                  [...where, "strata", stratifierId, key],
                  `Indicator "${id}" has no stratum ${key} by "${stratifierId}".`,
                  `指标 "${id}" 按 "${stratifierId}" 分层时没有 ${key} 层。`,
                ),
              );
              continue;
            }
            compare(expectedStratum, stratum, [...where, "strata", stratifierId, key], failures);
          }
        }
      }
    } catch (error) {
      if (!isYiyangError(error)) throw error;
      const issues = error.issues.length > 0 ? error.issues : [createIssue(error.code, "", error.message, error.messageZh)];
      for (const issue of issues) failures.push({ ...issue, path: `/tests/${index}${issue.path}` });
    }
    return { index, description: test.description, passed: failures.length === 0, failures };
  });
}
