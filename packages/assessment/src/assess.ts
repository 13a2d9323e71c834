import { createIssue, errorFromIssues, hasErrors, isYiyangError, toYiyangError, YIYANG_ERROR_CODES, type Issue, type SafeResult, type YiyangError } from "@yiyang/core";
import type { CompiledInstrument } from "./compiled-instrument";
import { evaluateRecord, type EvaluationTrace } from "./evaluate-record";
import { mappingReaderOf, withMapping } from "./mapping-reader";
import type { RecordMapping } from "./record-mapping";
import { openRecord, resolveCall, type InstrumentSource } from "./resolve-instrument";
import type { AssessmentResult } from "./types";

/** Options for {@link assess} and {@link safeAssess}. */
export interface AssessOptions {
  /**
   * Policy flags to set (e.g. `{ stackAdjustments: true }`); the others keep the document's
   * defaults. Every flag's value is recorded in the result, so the result can be verified.
   */
  flags?: Readonly<Record<string, boolean>> | undefined;
  /**
   * A record mapping (from `loadRecordMapping`): the record given is then one row of the vendor's
   * export, read into the interchange format first. Issues point at the vendor's columns, and the
   * result names the mapping (id, version, fingerprint) after the instrument.
   */
  mapping?: RecordMapping | undefined;
  /**
   * The instrument, for the old call form `assess(record, { instrument })`.
   * @deprecated Pass the instrument first: `assess(instrument, record, options)`.
   */
  instrument?: InstrumentSource | undefined;
}

/**
 * Score one record, returning every issue instead of throwing: validation errors (no result),
 * or the result with any warnings (`under_minimum_age`, the instrument's own checks such as
 * `coma_with_consciousness`). It never throws for anything a record holds.
 *
 * @param instrument - a loaded instrument, or several versions of one (the record's `assessedOn`
 *   picks the version in force: `from ≤ assessedOn < to`)
 * @param record - a record in the interchange format (or, with `options.mapping`, a row of a vendor's export)
 * @param options - the policy flags, and the record mapping
 * @returns the result and warnings, or every error found in the record
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` for an instrument not returned by
 *   {@link loadInstrument}, an unknown or non-boolean flag, or a mapping that does not fit the
 *   instrument (see {@link checkRecordMapping}); `overlapping_versions` when two versions given claim
 *   the same day (these are programmer errors, not bad input)
 *
 * @example
 * ```ts
 * const r = safeAssess(gbt, { ...record, items: { ...record.items, stairs: 4 } });
 * r.ok; //=> false
 * r.issues; //=> [{ code: "invalid_option", path: "/items/stairs", severity: "error", … }]
 * ```
 */
export function safeAssess(instrument: InstrumentSource, record: unknown, options?: AssessOptions): SafeResult<AssessmentResult>;
/** @deprecated Use `safeAssess(instrument, record, { flags })`. */
export function safeAssess(record: unknown, options: AssessOptions & { instrument: InstrumentSource }): SafeResult<AssessmentResult>;
export function safeAssess(first: unknown, second?: unknown, third?: AssessOptions): SafeResult<AssessmentResult> {
  const { source, record, options } = resolveCall("safeAssess", first, second, third);
  const { result, issues } = scoreRecord(source, record, options, null);
  if (result === null) return { ok: false, issues };
  return { ok: true, value: result, issues };
}

/**
 * What every function that scores a record does: read it through the mapping (when one is given),
 * pick the instrument version in force, check the mapping fits that version, validate and score.
 * The result is `null` when any error was found; issues point at the vendor's columns with a mapping.
 * @throws `YiyangError` `invalid_argument` as {@link safeAssess} says
 * @internal
 */
export function scoreRecord(
  source: InstrumentSource,
  input: unknown,
  options: AssessOptions,
  trace: EvaluationTrace | null,
): { result: AssessmentResult | null; issues: Issue[]; c: CompiledInstrument; record: unknown } {
  // Reached through the loaded mapping itself: scoring imports no mapping code.
  const m = options.mapping === undefined ? null : mappingReaderOf(options.mapping);
  const mapped = m === null ? null : m.read(input);
  const record = mapped === null ? input : mapped.record;
  let issues: Issue[] = [];
  const { c, flags } = openRecord(source, record, options.flags, issues);
  if (m !== null) m.requireFits(c);
  let result: AssessmentResult | null;
  try {
    result = evaluateRecord(c, flags, record, issues, trace);
  } catch (error) {
    result = null;
    issues.push(...evaluationIssues(error));
  }
  if (m !== null && mapped !== null) {
    issues = m.scoredIssues(mapped, issues);
    if (result !== null && !hasErrors(issues)) result = withMapping(result, m.reference);
  }
  if (hasErrors(issues)) result = null;
  return { result, issues, c, record };
}

/**
 * Score one record in the interchange format with an instrument: items → dimensions → total →
 * preliminary level → adjustments → final level, naming the rules used (id, version, fingerprint)
 * and the policy flags in force. Use {@link safeAssess} to get warnings and errors as values.
 *
 * @param instrument - a loaded instrument, or several versions of one
 * @param record - a record in the interchange format (or, with `options.mapping`, a row of a vendor's export)
 * @param options - the policy flags, and the record mapping
 * @returns the result
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_input` listing every issue when the record is
 *   invalid or cannot be scored; `invalid_argument` and `overlapping_versions` as {@link safeAssess}
 *
 * @example
 * ```ts
 * import { gbt42195Instrument } from "@yiyang/standards";
 * const gbt = loadInstrument(gbt42195Instrument);
 * // Every item at its top score except eating 2, stairs 1 and memory 3, with a dementia diagnosis.
 * const result = assess(gbt, record);
 * result.total; //=> 85
 * result.baseLevel; //=> 1
 * result.adjustments.map((a) => a.id); //=> ["dementia"]
 * result.level; //=> 2
 * result.label; //=> { zh: "能力中度受损（中度失能）", en: "Moderately impaired (moderate disability)" }
 * ```
 */
export function assess(instrument: InstrumentSource, record: unknown, options?: AssessOptions): AssessmentResult;
/** @deprecated Use `assess(instrument, record, { flags })`. */
export function assess(record: unknown, options: AssessOptions & { instrument: InstrumentSource }): AssessmentResult;
export function assess(first: unknown, second?: unknown, third?: AssessOptions): AssessmentResult {
  const result = safeAssess(first as InstrumentSource, second, third);
  if (result.ok) return result.value;
  throw invalidInput(result.issues);
}

/**
 * The error {@link assess} throws for a record it cannot score: `limit_exceeded` or
 * `evaluation_failed` when a rule of the document could not be evaluated on it, else `invalid_input`.
 * @internal
 */
export function invalidInput(issues: Issue[]): YiyangError {
  const code = issues.some((i) => i.code === "limit_exceeded")
    ? YIYANG_ERROR_CODES.LIMIT_EXCEEDED
    : issues.some((i) => i.code === "evaluation_failed" || i.code === "invalid_rule_result")
      ? YIYANG_ERROR_CODES.EVALUATION_FAILED
      : YIYANG_ERROR_CODES.INVALID_INPUT;
  return errorFromIssues(code, issues, { en: "The record is invalid", zh: "记录无效" });
}

/** Turn an error thrown while evaluating a document's rules into issues. @internal */
export function evaluationIssues(error: unknown): Issue[] {
  if (isYiyangError(error) && (error.code === YIYANG_ERROR_CODES.EVALUATION_FAILED || error.code === YIYANG_ERROR_CODES.LIMIT_EXCEEDED)) {
    return error.issues.length > 0 ? error.issues : [createIssue(error.code, "", error.message, error.messageZh)];
  }
  if (error instanceof RangeError) {
    return [createIssue("limit_exceeded", "", `The record could not be scored: ${error.message}.`, `无法为该记录计分：${error.message}。`)];
  }
  throw isYiyangError(error) ? error : toYiyangError(error);
}
