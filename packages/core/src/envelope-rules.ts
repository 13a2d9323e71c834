/**
 * What the envelope of every rule document must satisfy beyond its structure, in one place: the
 * `zod` schemas (documents.ts) and the `zod/mini` ones (document-envelope.ts) both check these.
 * @internal
 */
import { bilingual } from "./safe-parse-with";

/** A document id: lower-case letters, digits, dots and dashes. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9.-]*$/;

/** A semantic version, e.g. 1.0.0 or 2.1.0-draft.1. */
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;

/** A JSON pointer, or `""` for the whole document. */
export const POINTER = /^(\/.*)?$/;

/** Whether an effective range ends after it starts (or is open-ended). */
export function isEffectiveRange(e: { from: string; to?: string | undefined }): boolean {
  return e.to === undefined || e.from < e.to;
}

/** The messages of the envelope's own checks. */
export const ENVELOPE_MESSAGES = {
  calendarDate: bilingual("Must be a real calendar date written YYYY-MM-DD.", "必须是 YYYY-MM-DD 格式的有效日期。"),
  id: bilingual("An id is lower-case letters, digits, dots and dashes.", "id 只能由小写字母、数字、点和连字符组成。"),
  version: bilingual("A version is semver, e.g. 1.0.0.", "版本号须为语义化版本，例如 1.0.0。"),
  effective: bilingual("effective.to must be after effective.from.", "effective.to 必须晚于 effective.from。"),
} as const;
