import { createIssue, hasErrors, isYiyangError, toYiyangError, YIYANG_ERROR_CODES, YiyangError, type Issue, type SafeResult, errorFromIssues } from "@yiyang/core";
import { evaluateRecord } from "./evaluate-record";
import { resolveFlags, selectCompiled, type InstrumentSource } from "./resolve-instrument";
import type { AssessmentResult } from "./types";

/** Options for {@link assess} and {@link safeAssess}. */
export interface AssessOptions {
  /**
   * The instrument: one loaded with {@link loadInstrument}, or several versions of one instrument,
   * in which case the record's `assessedOn` picks the version in force (`from ≤ assessedOn < to`).
   */
  instrument: InstrumentSource;
  /**
   * Policy flags to set (e.g. `{ stackAdjustments: true }`); the others keep the document's
   * defaults. Every flag's value is recorded in the result, so the result can be verified.
   */
  flags?: Readonly<Record<string, boolean>> | undefined;
}

/**
 * Score one record, returning every issue instead of throwing: validation errors (no result),
 * or the result with any warnings (`under_minimum_age`, the instrument's own checks such as
 * `coma_with_consciousness`).
 *
 * @param record - a record in the interchange format
 * @param options - the instrument (or its versions) and the policy flags
 * @returns the result and warnings, or every error found in the record
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` for an instrument not returned by
 *   {@link loadInstrument} or an unknown or non-boolean flag; `overlapping_versions` when two
 *   versions given claim the same day (these are programmer errors, not bad input)
 *
 * @example
 * ```ts
 * const r = safeAssess({ ...record, items: { ...record.items, stairs: 4 } }, { instrument: gbt });
 * r.ok; //=> false
 * r.issues; //=> [{ code: "invalid_option", path: "/items/stairs", severity: "error", … }]
 * ```
 */
export function safeAssess(record: unknown, options: AssessOptions): SafeResult<AssessmentResult> {
  const issues: Issue[] = [];
  const c = selectCompiled(options.instrument, record, issues);
  const flags = resolveFlags(c, options.flags);
  let result: AssessmentResult | null;
  try {
    result = evaluateRecord(c, flags, record, issues, null);
  } catch (error) {
    return { ok: false, issues: [...issues, ...evaluationIssues(error)] };
  }
  if (result === null || hasErrors(issues)) return { ok: false, issues };
  return { ok: true, value: result, issues };
}

/**
 * Score one record in the interchange format with an instrument: items → dimensions → total →
 * preliminary level → adjustments → final level, naming the rules used (id, version, fingerprint)
 * and the policy flags in force. Use {@link safeAssess} to get warnings and errors as values.
 *
 * @param record - a record in the interchange format
 * @param options - the instrument (or its versions) and the policy flags
 * @returns the result
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_input` listing every issue when the record is invalid;
 *   `evaluation_failed` when a rule of the document cannot be evaluated; `invalid_argument` and
 *   `overlapping_versions` as {@link safeAssess}
 *
 * @example
 * ```ts
 * import { gbt42195Instrument } from "@yiyang/standards";
 * const gbt = loadInstrument(gbt42195Instrument);
 * // Every item at its top score except eating 2, stairs 1 and memory 3, with a dementia diagnosis.
 * const result = assess(record, { instrument: gbt });
 * result.total; //=> 85
 * result.baseLevel; //=> 1
 * result.adjustments.map((a) => a.id); //=> ["dementia"]
 * result.level; //=> 2
 * result.label; //=> { zh: "能力中度受损（中度失能）", en: "Moderately impaired (moderate disability)" }
 * ```
 */
export function assess(record: unknown, options: AssessOptions): AssessmentResult {
  const issues: Issue[] = [];
  const c = selectCompiled(options.instrument, record, issues);
  const flags = resolveFlags(c, options.flags);
  const result = evaluateRecord(c, flags, record, issues, null);
  if (result !== null && !hasErrors(issues)) return result;
  throw invalidInput(issues);
}

/** The error {@link assess} throws for a bad record. @internal */
export function invalidInput(issues: Issue[]): YiyangError {
  return errorFromIssues(YIYANG_ERROR_CODES.INVALID_INPUT, issues, { en: "The record is invalid", zh: "记录无效" });
}

/** Turn an error thrown while evaluating a document's rules into issues. @internal */
export function evaluationIssues(error: unknown): Issue[] {
  if (isYiyangError(error) && (error.code === YIYANG_ERROR_CODES.EVALUATION_FAILED || error.code === YIYANG_ERROR_CODES.LIMIT_EXCEEDED)) {
    return error.issues.length > 0 ? error.issues : [createIssue(error.code, "", error.message, error.messageZh)];
  }
  throw isYiyangError(error) ? error : toYiyangError(error);
}
