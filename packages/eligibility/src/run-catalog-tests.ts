import { toPointer, type PathSegment } from "@yiyang/core";
import { safeCheckEligibility } from "./check-eligibility";
import type { EligibilityReport } from "./eligibility-report";
import type { EntitlementResult } from "./entitlement-result";
import { isServiceCatalog, loadServiceCatalog, type ServiceCatalog } from "./load-service-catalog";
import { isCareGradeMapping, loadCareGradeMapping, safeMapCareGrade, type CareGradeMapping } from "./map-care-grade";
import type { ServiceCatalogTestCase } from "./service-catalog-schema";

/** One way a document test case did not come out as expected. */
export interface TestFailure {
  /** JSON pointer of the expectation in the document, e.g. `/tests/3/expect/eligible`. */
  readonly path: string;
  /** What differed, in English. */
  readonly message: string;
  /** What differed, in Chinese. */
  readonly messageZh: string;
}

/** How one test case of a document came out. */
export interface DocumentTestResult {
  /** The test's index in the document's `tests`. */
  readonly index: number;
  /** The test's name. */
  readonly name: string;
  /** Whether every expectation held. */
  readonly passed: boolean;
  /** Every expectation that did not hold. */
  readonly failures: readonly TestFailure[];
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

function checkReport(report: EligibilityReport, expect: ServiceCatalogTestCase["expect"], at: PathSegment[], failures: TestFailure[]): void {
  const fail = (path: PathSegment[], message: string, messageZh: string) => failures.push({ path: toPointer(path), message, messageZh });
  if (expect.eligible !== undefined && !sameSet(report.eligible, expect.eligible)) {
    fail([...at, "eligible"], `Eligible packages are ${show(report.eligible)}, expected ${show(expect.eligible)}.`, `符合条件的服务包为 ${show(report.eligible)}，预期为 ${show(expect.eligible)}。`);
  }
  for (const [id, wanted] of Object.entries(expect.packages ?? {})) {
    const path = [...at, "packages", id];
    const actual = report.packages.find((p) => p.id === id);
    if (actual === undefined) {
      fail(path, `The catalog has no package ${id}.`, `目录中没有服务包 ${id}。`);
      continue;
    }
    if (wanted.eligible !== undefined && actual.eligible !== wanted.eligible) {
      fail([...path, "eligible"], `${id}: eligible is ${actual.eligible}, expected ${wanted.eligible}.`, `${id}：是否符合为 ${actual.eligible}，预期为 ${wanted.eligible}。`);
    }
    if (wanted.failed !== undefined) {
      const failed = actual.conditions.filter((c) => !c.held).map((c) => c.id);
      if (!sameSet(failed, wanted.failed)) {
        fail([...path, "failed"], `${id}: failed conditions are ${show(failed)}, expected ${show(wanted.failed)}.`, `${id}：未满足的条件为 ${show(failed)}，预期为 ${show(wanted.failed)}。`);
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
        fail([...at, "alternatives", group], `Alternatives of ${group} are ${show(got)}, expected ${show(wanted)}.`, `互斥组 ${group} 的可选服务包为 ${show(got)}，预期为 ${show(wanted)}。`);
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
      fail([...at, "warnings"], `Warnings are ${show(codes)}, expected ${show(expect.warnings)}.`, `警告为 ${show(codes)}，预期为 ${show(expect.warnings)}。`);
    }
  }
}

/**
 * Run a service catalog's own test cases (its `tests`) and report each one.
 *
 * @param catalog - a catalog from {@link loadServiceCatalog}, or a catalog document
 * @returns one result per test case, in order
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_document` when `catalog` is a document that does not load
 *
 * @example
 * ```ts
 * runServiceCatalogTests(sampleCityServiceCatalog).every((t) => t.passed); //=> true
 * ```
 */
export function runServiceCatalogTests(catalog: ServiceCatalog | unknown): DocumentTestResult[] {
  const loaded = isServiceCatalog(catalog) ? catalog : loadServiceCatalog(catalog);
  return (loaded.document.tests ?? []).map((test, index) => {
    const failures: TestFailure[] = [];
    const at: PathSegment[] = ["tests", index, "expect"];
    const result = safeCheckEligibility(loaded, test.profile, { asOf: test.asOf });
    if (test.expect.errors !== undefined) {
      const wanted = test.expect.errors.map((e) => `${e.code} ${e.path}`);
      const got = result.ok ? [] : result.issues.filter((i) => i.severity === "error").map((i) => `${i.code} ${i.path}`);
      if (result.ok) failures.push({ path: toPointer([...at, "errors"]), message: "The profile was accepted; expected it to be rejected.", messageZh: "档案被接受；预期应被拒绝。" });
      else if (!sameSet(got, wanted)) {
        failures.push({ path: toPointer([...at, "errors"]), message: `Errors are ${show(got)}, expected ${show(wanted)}.`, messageZh: `错误为 ${show(got)}，预期为 ${show(wanted)}。` });
      }
    } else if (!result.ok) {
      const got = result.issues.map((i) => `${i.code} ${i.path}: ${i.message}`);
      failures.push({ path: toPointer(["tests", index, "profile"]), message: `The profile was rejected: ${got.join("; ")}`, messageZh: `档案被拒绝：${result.issues.map((i) => `${i.code} ${i.path}：${i.messageZh}`).join("；")}` });
    } else {
      checkReport(result.value, test.expect, at, failures);
    }
    return { index, name: test.name, passed: failures.length === 0, failures };
  });
}

/**
 * Run a care-grade mapping's own test cases (its `tests`) and report each one.
 *
 * @param mapping - a mapping from {@link loadCareGradeMapping}, or a mapping document
 * @returns one result per test case, in order
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_document` when `mapping` is a document that does not load
 *
 * @example
 * ```ts
 * runCareGradeMappingTests(gbt42195ToInstitutionNursingGrade).every((t) => t.passed); //=> true
 * ```
 */
export function runCareGradeMappingTests(mapping: CareGradeMapping | unknown): DocumentTestResult[] {
  const loaded = isCareGradeMapping(mapping) ? mapping : loadCareGradeMapping(mapping);
  return (loaded.document.tests ?? []).map((test, index) => {
    const result = safeMapCareGrade(loaded, { instrumentId: loaded.instrument, level: test.level });
    const got = result.ok ? result.value.code : null;
    const passed = got === test.expect;
    const failures: TestFailure[] = passed
      ? []
      : [
          {
            path: toPointer(["tests", index, "expect"]),
            message: `Level ${test.level} maps to ${show(got)}, expected ${show(test.expect)}.`,
            messageZh: `等级 ${test.level} 映射为 ${show(got)}，预期为 ${show(test.expect)}。`,
          },
        ];
    return { index, name: test.name ?? `level ${test.level}`, passed, failures };
  });
}
