import { safeAssess } from "./assess";
import type { InstrumentTestCase, InstrumentTestIssueExpectation, InstrumentTestResultExpectation } from "./instrument-document";
import type { Instrument } from "./load-instrument";
import type { InstrumentSource } from "./resolve-instrument";

/** One field where a test case's outcome differs from its expectation. */
export interface InstrumentTestMismatch {
  /** `level`, `baseLevel`, `total`, `dimensions`, `grades`, `adjustments`, `nextAssessmentDue`, `warnings`, `issues` or `outcome`. */
  field: string;
  expected: unknown;
  actual: unknown;
}

/** The outcome of one test case held in an instrument document. */
export interface InstrumentTestReport {
  /** The case's index in the document's `tests`. */
  index: number;
  description: string;
  passed: boolean;
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

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sortedIssues(list: ReadonlyArray<{ code: string; path: string }>): string[] {
  return list.map((i) => `${i.code} ${i.path}`).sort();
}

/**
 * Run the test cases an instrument document holds: score each case's record with the case's
 * flags and compare the outcome with the expectation (only the fields the case gives; errors are
 * compared as a set of `code path` pairs, warnings as a list of codes).
 *
 * @param instrument - the loaded instrument whose document holds the cases
 * @param options - other versions to select from by `assessedOn`
 * @returns one report per case, in order
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` as {@link safeAssess}
 *
 * @example
 * ```ts
 * const reports = runInstrumentTests(loadInstrument(gbt42195Instrument));
 * reports.every((r) => r.passed); //=> true
 * ```
 */
export function runInstrumentTests(instrument: Instrument, options: RunInstrumentTestsOptions = {}): InstrumentTestReport[] {
  const source: InstrumentSource = options.versions ?? instrument;
  return (instrument.document.tests ?? []).map((test: InstrumentTestCase, index) => {
    const outcome = safeAssess(test.record, { instrument: source, flags: test.flags });
    const mismatches: InstrumentTestMismatch[] = [];
    if ("issues" in test.expect) {
      const expected = sortedIssues((test.expect as InstrumentTestIssueExpectation).issues);
      const actual = outcome.ok ? [] : sortedIssues(outcome.issues.filter((i) => i.severity === "error"));
      if (outcome.ok) mismatches.push({ field: "outcome", expected: "issues", actual: { level: outcome.value.level } });
      else if (!sameJson(expected, actual)) mismatches.push({ field: "issues", expected, actual });
    } else {
      const expect = test.expect as InstrumentTestResultExpectation;
      if (!outcome.ok) {
        mismatches.push({ field: "outcome", expected: "result", actual: sortedIssues(outcome.issues) });
      } else {
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
        for (const [field, expected, actual] of fields) {
          if (expected !== undefined && !sameJson(expected, actual)) mismatches.push({ field, expected, actual });
        }
      }
    }
    return { index, description: test.description, passed: mismatches.length === 0, mismatches };
  });
}
