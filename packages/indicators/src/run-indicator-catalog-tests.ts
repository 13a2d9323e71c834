import { type DocumentTestContext, type DocumentTestResult, type PathSegment } from "@yiyang/core";
import { computeIndicators } from "./compute-indicators";
import { resolveCatalog } from "./create-indicator-accumulator";
import type { IndicatorCatalogTest } from "./indicator-catalog-schema";
import { indicatorCatalogKind, type IndicatorCatalog, type IndicatorCatalogInput } from "./load-indicator-catalog";
import type { IndicatorValue } from "./types";

/**
 * The outcome of one of a catalog's own test cases.
 * @deprecated The same as `DocumentTestResult` from `@yiyang/core`, which every kind's test results are.
 */
export type IndicatorCatalogTestResult = DocumentTestResult;

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
  "attainment",
] as const;

type Expected = Partial<Record<(typeof COMPARED)[number], unknown>>;

function actualOf(value: IndicatorValue, key: (typeof COMPARED)[number]): unknown {
  if (key === "met" || key === "shortfall" || key === "numeratorChange") {
    return value.attainment === null ? null : value.attainment[key];
  }
  if (key === "attainment") return value.attainment === null ? null : value.attainment.status;
  return value[key];
}

function compare(expected: Expected, actual: IndicatorValue, at: readonly PathSegment[], context: DocumentTestContext<IndicatorCatalog>): void {
  for (const key of COMPARED) {
    const want = expected[key];
    if (want === undefined) continue;
    context.expectEqual([...at, key], key, want, actualOf(actual, key));
  }
}

/**
 * Run one test case of an indicator catalog: compute its small population and compare every
 * expected count, rate and attainment, overall and by stratum. @internal
 */
export function runIndicatorCatalogTestCase(test: IndicatorCatalogTest, context: DocumentTestContext<IndicatorCatalog>): void {
  const at: PathSegment[] = ["expect"];
  const options = test.referenceDate === undefined ? { period: test.period } : { period: test.period, referenceDate: test.referenceDate };
  const report = computeIndicators(context.loaded, test.records, options);
  if (test.expect.invalidRecords !== undefined) context.expectEqual([...at, "invalidRecords"], "invalidRecords", test.expect.invalidRecords, report.records.invalid);
  for (const [id, expected] of Object.entries(test.expect.indicators)) {
    const where: PathSegment[] = [...at, "indicators", id];
    const result = report.indicators.find((indicator) => indicator.id === id);
    if (result === undefined) {
      context.fail(where, `The catalog has no indicator "${id}".`, `目录中没有指标 "${id}"。`, { code: "unknown_indicator" });
      continue;
    }
    compare(expected, result.overall, where, context);
    for (const [stratifierId, strata] of Object.entries(expected.strata ?? {})) {
      const stratifier = result.strata.find((s) => s.id === stratifierId);
      for (const [key, expectedStratum] of Object.entries(strata)) {
        const stratum = stratifier?.strata.find((s) => String(s.stratum) === key);
        if (stratum === undefined) {
          context.fail([...where, "strata", stratifierId, key], `Indicator "${id}" has no stratum ${key} by "${stratifierId}".`, `指标 "${id}" 按 "${stratifierId}" 分层时没有 ${key} 层。`, {
            code: "missing_stratum",
          });
          continue;
        }
        compare(expectedStratum, stratum, [...where, "strata", stratifierId, key], context);
      }
    }
  }
}

/**
 * Run a catalog's own test cases (its `tests`): compute each small population and compare every
 * expected count, rate and attainment, overall and by stratum (the same as
 * `indicatorCatalogKind.runTests`).
 *
 * @param catalog - a catalog from {@link loadIndicatorCatalog} (a catalog document is loaded first; deprecated)
 * @returns one result per test case, in order
 * @throws `YiyangError` `invalid_document` when a document is given and is invalid
 *
 * @example
 * ```ts
 * runIndicatorCatalogTests(catalog).filter((t) => !t.passed); //=> []
 * ```
 */
export function runIndicatorCatalogTests(catalog: IndicatorCatalogInput): DocumentTestResult[] {
  return indicatorCatalogKind.runTests(resolveCatalog(catalog));
}
