import type { Issue } from "@yiyang/core";
import { safeAssess, type AssessOptions } from "./assess";

/** Options for {@link validateAnswers}: the same as {@link assess}. */
export type ValidateAnswersOptions = AssessOptions;

/**
 * Check a record against an instrument without keeping a result: every error and warning, each
 * with a stable `code`, a JSON pointer `path` into the record, and messages in English and Chinese.
 * Checked: the record's fields and their types, `assessedOn` and the birth date (real dates, a
 * version in force), every item present and scored with one of its options, no unknown item,
 * disease ids from the instrument's list, risk-event counts within range, and the instrument's own
 * consistency checks.
 *
 * @param record - a record in the interchange format
 * @param options - the instrument (or its versions) and the policy flags
 * @returns every issue, errors and warnings; empty when the record is clean
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` as {@link safeAssess}
 *
 * @example
 * ```ts
 * validateAnswers({ ...record, items: { ...record.items, vision: 3, aggression: 2 } }, { instrument: gbt })
 *   .map((i) => `${i.code} ${i.path}`);
 * //=> ["invalid_option /items/aggression", "invalid_option /items/vision"]
 * ```
 */
export function validateAnswers(record: unknown, options: ValidateAnswersOptions): Issue[] {
  return safeAssess(record, options).issues;
}
