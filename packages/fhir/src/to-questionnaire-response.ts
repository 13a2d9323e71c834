import { resolvePolicyFlags, type Instrument } from "@yiyang/assessment";
import { errorFromIssues, YiyangError, YIYANG_ERROR_CODES, type SafeResult } from "@yiyang/core";
import type { QuestionnaireResponse, Reference } from "fhir/r4";
import { deterministicUuid, isFhirString } from "./fhir-json";
import { YIYANG_CODE_SYSTEMS } from "./fhir-urls";
import { layoutOf } from "./questionnaire-layout";
import { encodeRecord } from "./record-fields";
import { questionnaireUrl } from "./to-questionnaire";

/** Options for {@link toQuestionnaireResponse} and {@link safeToQuestionnaireResponse}. */
export interface ToQuestionnaireResponseOptions {
  /** The identifier system of the record's `id` (default: Yiyang's record-id system); say whose ids they are. */
  identifierSystem?: string | undefined;
  /** The person the response is about, e.g. `{ reference: "Patient/123" }` on the platform. */
  subject?: Reference | undefined;
  /** The policy flags of the Questionnaire the response answers (default: the instrument's). */
  flags?: Readonly<Record<string, boolean>> | undefined;
}

/**
 * {@link toQuestionnaireResponse}, returning issues instead of throwing. A record is refused only
 * where a value cannot be written as an answer at all (a record that is not an object, a `null`,
 * a list or object where the record format has a single value, an empty string); values the
 * instrument itself would refuse (a score that is no option, an impossible date, an unknown
 * disease or item key) are carried as they are, so a reader sees the same problems.
 *
 * @param instrument - a loaded instrument
 * @param record - a record in the interchange format
 * @param options - identifier system, subject, policy flags
 * @returns the QuestionnaireResponse, or every issue (code `not_representable`, with the pointer into the record)
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` for an instrument not returned by
 *   `loadInstrument`, an identifier system that is no URI, or an unknown flag
 *
 * @example
 * ```ts
 * safeToQuestionnaireResponse(gbt, [1, 2, 3]).issues[0]?.code; //=> "not_representable"
 * ```
 */
export function safeToQuestionnaireResponse(instrument: Instrument, record: unknown, options: ToQuestionnaireResponseOptions = {}): SafeResult<QuestionnaireResponse> {
  const layout = layoutOf(instrument);
  const system = options.identifierSystem ?? YIYANG_CODE_SYSTEMS.recordId;
  if (!isFhirString(system) || /\s/.test(system)) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `identifierSystem must be a URI, not ${JSON.stringify(system)}.`, {
      messageZh: `identifierSystem 必须是 URI，而不是 ${JSON.stringify(system)}。`,
    });
  }
  const encoded = encodeRecord(layout, record);
  if (!encoded.ok) return encoded;
  const { id, assessedOn, items } = encoded.value;
  const canonical = `${questionnaireUrl(instrument, resolvePolicyFlags(instrument, options.flags))}|${instrument.version}`;
  const response: QuestionnaireResponse = {
    resourceType: "QuestionnaireResponse",
    ...(id === undefined ? {} : { id: deterministicUuid("QuestionnaireResponse", system, id, instrument.id) }),
    language: "zh-CN",
    ...(id === undefined ? {} : { identifier: { system, value: id } }),
    questionnaire: canonical,
    status: "completed",
    ...(options.subject === undefined ? {} : { subject: options.subject }),
    ...(assessedOn === undefined ? {} : { authored: assessedOn }),
    ...(items.length === 0 ? {} : { item: items }),
  };
  return { ok: true, value: response, issues: [] };
}

/**
 * A record as the QuestionnaireResponse to the instrument's Questionnaire: the record's id as the
 * identifier, its date as `authored` and as the assessment-date answer, the person's fields, the
 * adjustment inputs (coma; diagnoses, "none" for an empty list; care-risk event counts) and one
 * answer a scored item, the option's coding. Lossless: {@link fromQuestionnaireResponse} gives the
 * record back, every interchange field included.
 *
 * @param instrument - a loaded instrument
 * @param record - a record in the interchange format
 * @param options - identifier system, subject, policy flags
 * @returns the QuestionnaireResponse
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_input` listing every value that cannot be an answer;
 *   `invalid_argument` as {@link safeToQuestionnaireResponse}
 *
 * @example
 * ```ts
 * const qr = toQuestionnaireResponse(gbt, record);
 * qr.questionnaire; //=> "https://yiyang-health.github.io/fhir/Questionnaire/gbt42195-2022|1.0.0"
 * fromQuestionnaireResponse(gbt, qr); //=> record (deep-equal)
 * ```
 */
export function toQuestionnaireResponse(instrument: Instrument, record: unknown, options: ToQuestionnaireResponseOptions = {}): QuestionnaireResponse {
  const result = safeToQuestionnaireResponse(instrument, record, options);
  if (result.ok) return result.value;
  throw errorFromIssues(YIYANG_ERROR_CODES.INVALID_INPUT, result.issues, { en: "The record cannot be a QuestionnaireResponse", zh: "该记录无法转换为问卷答复" });
}
