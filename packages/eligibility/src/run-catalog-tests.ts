import type { DocumentTestContext, DocumentTestResult, Issue, PathSegment } from "@yiyang/core";
import type { ParsedCareGradeMapping } from "./care-grade-mapping-schema";
import { safeCheckEligibility } from "./check-eligibility";
import type { EligibilityReport } from "./eligibility-report";
import type { EntitlementResult } from "./entitlement-result";
import { isServiceCatalog, loadServiceCatalog, serviceCatalogKind, type ServiceCatalog } from "./load-service-catalog";
import { careGradeMappingKind, isCareGradeMapping, loadCareGradeMapping, safeMapCareGrade, type CareGradeMapping } from "./map-care-grade";
import type { ServiceCatalogTestCase } from "./service-catalog-schema";

/**
 * One way a document test case did not come out as expected.
 * @deprecated The same as `Issue` from `@yiyang/core`: test failures are issues in every kind.
 */
export type TestFailure = Issue;

/**
 * How one test case of a catalog or mapping came out: core's one test result, with the case's
 * description also as `name`.
 */
export interface CatalogTestResult extends DocumentTestResult {
  /**
   * The case's name.
   * @deprecated Read `description`, which every kind's test results have.
   */
  readonly name: string;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((x, i) => x === sorted[i]);
}

/**
 * The plain value of an entitlement result as test cases write it: the number for counts, fen and
 * basis points; the item ids for `items`.
 *
 * @param entitlement - an entitlement from a report
 * @returns the number, or the list of item ids
 *
 * @example
 * ```ts
 * entitlementValue(report.packages[0].entitlements[0]); //=> 45000
 * ```
 */
export function entitlementValue(entitlement: EntitlementResult): number | string[] {
  return typeof entitlement.value === "number" ? entitlement.value : entitlement.value.map((item) => item.id);
}

function checkReport(report: EligibilityReport, expect: ServiceCatalogTestCase["expect"], context: DocumentTestContext<ServiceCatalog>): void {
  const at: PathSegment[] = ["expect"];
  const fail = (path: PathSegment[], message: string, messageZh: string, params?: Record<string, unknown>) => context.fail(path, message, messageZh, params === undefined ? {} : { params });
  if (expect.eligible !== undefined && !sameSet(report.eligible, expect.eligible)) {
    fail([...at, "eligible"], `Eligible packages are ${show(report.eligible)}, expected ${show(expect.eligible)}.`, `符合条件的服务包为 ${show(report.eligible)}，预期为 ${show(expect.eligible)}。`, {
      field: "eligible",
      expected: expect.eligible,
      actual: report.eligible,
    });
  }
  for (const [id, wanted] of Object.entries(expect.packages ?? {})) {
    const path = [...at, "packages", id];
    const actual = report.packages.find((p) => p.id === id);
    if (actual === undefined) {
      fail(path, `The catalog has no package ${id}.`, `目录中没有服务包 ${id}。`);
      continue;
    }
    if (wanted.eligible !== undefined && actual.eligible !== wanted.eligible) {
      fail([...path, "eligible"], `${id}: eligible is ${actual.eligible}, expected ${wanted.eligible}.`, `${id}：是否符合为 ${actual.eligible}，预期为 ${wanted.eligible}。`, {
        field: `${id}.eligible`,
        expected: wanted.eligible,
        actual: actual.eligible,
      });
    }
    if (wanted.failed !== undefined) {
      const failed = actual.conditions.filter((c) => !c.held).map((c) => c.id);
      if (!sameSet(failed, wanted.failed)) {
        fail([...path, "failed"], `${id}: failed conditions are ${show(failed)}, expected ${show(wanted.failed)}.`, `${id}：未满足的条件为 ${show(failed)}，预期为 ${show(wanted.failed)}。`, {
          field: `${id}.failed`,
          expected: wanted.failed,
          actual: failed,
        });
      }
    }
    for (const [entitlementId, value] of Object.entries(wanted.entitlements ?? {})) {
      const entitlement = actual.entitlements.find((e) => e.id === entitlementId);
      if (entitlement === undefined) {
        fail([...path, "entitlements", entitlementId], `${id}: no entitlement ${entitlementId} in the answer.`, `${id}：结果中没有权益 ${entitlementId}。`);
        continue;
      }
      const got = entitlementValue(entitlement);
      const same = Array.isArray(got) ? Array.isArray(value) && sameSet(got, value as string[]) : got === value;
      if (!same) {
        fail(
          [...path, "entitlements", entitlementId],
          `${id}: entitlement ${entitlementId} is ${show(got)}, expected ${show(value)}.`,
          `${id}：权益 ${entitlementId} 为 ${show(got)}，预期为 ${show(value)}。`,
          { field: `${id}.${entitlementId}`, expected: value, actual: got },
        );
      }
    }
  }
  if (expect.alternatives !== undefined) {
    const actual = Object.fromEntries(report.alternatives.map((a) => [a.group, a.packages]));
    const groups = new Set([...Object.keys(actual), ...Object.keys(expect.alternatives)]);
    for (const group of groups) {
      const got = actual[group] ?? [];
      const wanted = expect.alternatives[group] ?? [];
      if (!sameSet(got, wanted)) {
        fail([...at, "alternatives", group], `Alternatives of ${group} are ${show(got)}, expected ${show(wanted)}.`, `互斥组 ${group} 的可选服务包为 ${show(got)}，预期为 ${show(wanted)}。`, {
          field: `alternatives.${group}`,
          expected: wanted,
          actual: got,
        });
      }
    }
  }
  if (expect.assessmentStale !== undefined && report.assessment.stale !== expect.assessmentStale) {
    fail([...at, "assessmentStale"], `assessment.stale is ${report.assessment.stale}, expected ${expect.assessmentStale}.`, `评估是否过期为 ${report.assessment.stale}，预期为 ${expect.assessmentStale}。`);
  }
  if (expect.localGradeStale !== undefined && report.localGrade.stale !== expect.localGradeStale) {
    fail([...at, "localGradeStale"], `localGrade.stale is ${report.localGrade.stale}, expected ${expect.localGradeStale}.`, `本地照护等级是否过期为 ${report.localGrade.stale}，预期为 ${expect.localGradeStale}。`);
  }
  if (expect.warnings !== undefined) {
    const codes = report.issues.map((i) => i.code);
    if (!sameSet(codes, expect.warnings)) {
      fail([...at, "warnings"], `Warnings are ${show(codes)}, expected ${show(expect.warnings)}.`, `警告为 ${show(codes)}，预期为 ${show(expect.warnings)}。`, {
        field: "warnings",
        expected: expect.warnings,
        actual: codes,
      });
    }
  }
}

/** Run one test case of a service catalog. @internal */
export function runServiceCatalogTestCase(test: ServiceCatalogTestCase, context: DocumentTestContext<ServiceCatalog>): void {
  const result = safeCheckEligibility(context.loaded, test.profile, { asOf: test.asOf });
  if (test.expect.errors !== undefined) {
    const wanted = test.expect.errors.map((e) => `${e.code} ${e.path}`);
    const got = result.ok ? [] : result.issues.filter((i) => i.severity === "error").map((i) => `${i.code} ${i.path}`);
    if (result.ok) context.fail(["expect", "errors"], "The profile was accepted; expected it to be rejected.", "档案被接受；预期应被拒绝。");
    else if (!sameSet(got, wanted)) {
      context.fail(["expect", "errors"], `Errors are ${show(got)}, expected ${show(wanted)}.`, `错误为 ${show(got)}，预期为 ${show(wanted)}。`, { params: { field: "errors", expected: wanted, actual: got } });
    }
  } else if (!result.ok) {
    const got = result.issues.map((i) => `${i.code} ${i.path}: ${i.message}`);
    context.fail(["profile"], `The profile was rejected: ${got.join("; ")}`, `档案被拒绝：${result.issues.map((i) => `${i.code} ${i.path}：${i.messageZh}`).join("；")}`);
  } else {
    checkReport(result.value, test.expect, context);
  }
}

/** Run one test case of a care-grade mapping. @internal */
export function runCareGradeMappingTestCase(test: NonNullable<ParsedCareGradeMapping["tests"]>[number], context: DocumentTestContext<CareGradeMapping>): void {
  const loaded = context.loaded;
  const result = safeMapCareGrade(loaded, { instrumentId: loaded.instrument, level: test.level });
  const got = result.ok ? result.value.code : null;
  if (got !== test.expect) {
    context.fail(["expect"], `Level ${test.level} maps to ${show(got)}, expected ${show(test.expect)}.`, `等级 ${test.level} 映射为 ${show(got)}，预期为 ${show(test.expect)}。`, {
      params: { field: "grade", expected: test.expect, actual: got },
    });
  }
}

function withName(results: readonly DocumentTestResult[]): CatalogTestResult[] {
  return results.map((r) => ({ ...r, name: r.description }));
}

/**
 * Run a service catalog's own test cases (its `tests`) and report each one (the same as
 * `serviceCatalogKind.runTests`).
 *
 * @param catalog - a catalog from {@link loadServiceCatalog} (a catalog document is loaded first; deprecated)
 * @returns one result per test case, in order
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_document` when `catalog` is a document that does not load
 *
 * @example
 * ```ts
 * runServiceCatalogTests(loadServiceCatalog(sampleCityServiceCatalog)).every((t) => t.passed); //=> true
 * ```
 */
export function runServiceCatalogTests(catalog: ServiceCatalog | unknown): CatalogTestResult[] {
  const loaded = isServiceCatalog(catalog) ? catalog : loadServiceCatalog(catalog);
  return withName(serviceCatalogKind.runTests(loaded));
}

/**
 * Run a care-grade mapping's own test cases (its `tests`) and report each one (the same as
 * `careGradeMappingKind.runTests`).
 *
 * @param mapping - a mapping from {@link loadCareGradeMapping} (a mapping document is loaded first; deprecated)
 * @returns one result per test case, in order
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_document` when `mapping` is a document that does not load
 *
 * @example
 * ```ts
 * runCareGradeMappingTests(loadCareGradeMapping(gbt42195ToInstitutionNursingGrade)).every((t) => t.passed); //=> true
 * ```
 */
export function runCareGradeMappingTests(mapping: CareGradeMapping | unknown): CatalogTestResult[] {
  const loaded = isCareGradeMapping(mapping) ? mapping : loadCareGradeMapping(mapping);
  return withName(careGradeMappingKind.runTests(loaded));
}
