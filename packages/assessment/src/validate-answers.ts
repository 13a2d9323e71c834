import type { Issue } from "@yiyang/core";
import { safeAssess, type AssessOptions } from "./assess";
import type { InstrumentSource } from "./resolve-instrument";

/** Options for {@link validateAnswers}: the same as {@link assess}. */
export type ValidateAnswersOptions = AssessOptions & { instrument: InstrumentSource };

/**
 * Check a record against an instrument without keeping a result: every error and warning.
 *
 * @deprecated Use `safeAssess(instrument, record).issues`, which is what this returns.
 *
 * @param record - a record in the interchange format
 * @param options - the instrument (or its versions) and the policy flags
 * @returns every issue, errors and warnings; empty when the record is clean
 *
 * @example
 * ```ts
 * validateAnswers(record, { instrument: gbt }); //=> []
 * ```
 */
export function validateAnswers(record: unknown, options: ValidateAnswersOptions): Issue[] {
  return safeAssess(options.instrument, record, { flags: options.flags }).issues;
}
