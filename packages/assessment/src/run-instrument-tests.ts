import type { DocumentTestContext, DocumentTestResult } from "@yiyang/core";
import { safeAssess } from "./assess";
import type { InstrumentTestCase, InstrumentTestIssueExpectation, InstrumentTestResultExpectation } from "./instrument-document";
import { instrumentKind, type Instrument } from "./load-instrument";

/** One field where a test case's outcome differs from its expectation. */
export interface InstrumentTestMismatch {
  /** `level`, `baseLevel`, `total`, `dimensions`, `grades`, `adjustments`, `nextAssessmentDue`, `warnings`, `issues` or `outcome`. */
  field: string;
  expected: unknown;
  actual: unknown;
}

/**
 * The outcome of one test case held in an instrument document: the shared test result, with the
 * differences also listed by field.
 */
export interface InstrumentTestReport extends DocumentTestResult {
  /**
   * Each field that differs.
   * @deprecated Read `failures` (issues with `params.field`, `params.expected`, `params.actual`).
   */
  mismatches: InstrumentTestMismatch[];
}

/** Options for {@link runInstrumentTests}. */
export interface RunInstrumentTestsOptions {
  /**
   * The instrument versions to score with (default: the instrument alone). Give every version held
   * when a case's record is meant to pick one by its `assessedOn`.
   */
  versions?: readonly Instrument[] | undefined;
}

function sortedIssues(list: ReadonlyArray<{ code: string; path: string }>): string[] {
  return list.map((i) => `${i.code} ${i.path}`).sort();
}

/**
 * Run one test case of an instrument: score the case's record with the case's flags and compare
 * the outcome with the expectation (only the fields the case gives; errors are compared as a set
 * of `code path` pairs, warnings as a list of codes). @internal
 */
export function runInstrumentTestCase(test: InstrumentTestCase, context: DocumentTestContext<Instrument>): void {
  const outcome = safeAssess(context.versions, test.record, { flags: test.flags });
  if ("issues" in test.expect) {
    const expected = sortedIssues((test.expect as InstrumentTestIssueExpectation).issues);
    if (outcome.ok) {
      context.fail(["expect", "issues"], `outcome: expected issues ${JSON.stringify(expected)}, got a result (level ${outcome.value.level}).`, `结果：期望得到问题 ${JSON.stringify(expected)}，实际得到结果（等级 ${outcome.value.level}）。`, {
        params: { field: "outcome", expected: "issues", actual: { level: outcome.value.level } },
      });
    } else {
      context.expectEqual(["expect", "issues"], "issues", expected, sortedIssues(outcome.issues.filter((i) => i.severity === "error")));
    }
    return;
  }
  const expect = test.expect as InstrumentTestResultExpectation;
  if (!outcome.ok) {
    const actual = sortedIssues(outcome.issues);
    context.fail(["expect"], `outcome: expected a result, got issues ${JSON.stringify(actual)}.`, `结果：期望得到结果，实际得到问题 ${JSON.stringify(actual)}。`, {
      params: { field: "outcome", expected: "result", actual },
    });
    return;
  }
  const value = outcome.value;
  const warnings = outcome.issues.filter((i) => i.severity === "warning").map((i) => i.code);
  const fields: Array<[string, unknown, unknown]> = [
    ["level", expect.level, value.level],
    ["baseLevel", expect.baseLevel, value.baseLevel],
    ["total", expect.total, value.total],
    ["dimensions", expect.dimensions, value.dimensions],
    ["grades", expect.grades, value.grades],
    ["adjustments", expect.adjustments, value.adjustments.map((a) => a.id)],
    ["nextAssessmentDue", expect.nextAssessmentDue, value.nextAssessmentDue],
    ["warnings", expect.warnings, warnings],
  ];
  for (const [field, expected, actual] of fields) context.expectEqual(["expect", field], field, expected, actual);
}

/**
 * Run the test cases an instrument document holds (the same as `instrumentKind.runTests`).
 *
 * @param instrument - the loaded instrument whose document holds the cases
 * @param options - other versions to select from by `assessedOn`
 * @returns one report per case, in order
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` for an instrument not returned by {@link loadInstrument}
 *
 * @example
 * ```ts
 * const reports = runInstrumentTests(loadInstrument(gbt42195Instrument));
 * reports.every((r) => r.passed); //=> true
 * ```
 */
export function runInstrumentTests(instrument: Instrument, options: RunInstrumentTestsOptions = {}): InstrumentTestReport[] {
  return instrumentKind.runTests(instrument, { versions: options.versions }).map((result) => ({
    ...result,
    mismatches: result.failures.map((failure) => {
      const params = failure.params ?? {};
      return { field: String(params.field ?? failure.code), expected: params.expected, actual: params.actual };
    }),
  }));
}
