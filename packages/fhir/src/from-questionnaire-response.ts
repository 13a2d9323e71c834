import { isInstrument, type Instrument, type InstrumentSource } from "@yiyang/assessment";
import { createIssue, errorFromIssues, YiyangError, YIYANG_ERROR_CODES, type Issue, type SafeResult } from "@yiyang/core";
import { isObject, show } from "./fhir-json";
import { layoutOf } from "./questionnaire-layout";
import { decodeItems } from "./record-fields";

/** A record read from a QuestionnaireResponse: the interchange fields as the response holds them, to be checked by `safeAssess`. */
export type RecordFromResponse = Record<string, unknown>;

const SCORED_STATUSES: ReadonlySet<string> = new Set(["completed", "amended"]);

function versionsOf(source: InstrumentSource): readonly Instrument[] {
  const list = Array.isArray(source) ? (source as readonly Instrument[]) : [source as Instrument];
  if (list.length === 0 || !list.every((i) => isInstrument(i))) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, "The instrument must be one returned by loadInstrument (or a list of its versions).", {
      messageZh: "评估工具必须由 loadInstrument 返回（或为其各版本的列表）。",
    });
  }
  return list;
}

/** The version the response's `questionnaire` names, or the issue saying it names none given. */
function pick(versions: readonly Instrument[], canonical: unknown, issues: Issue[]): Instrument | null {
  if (typeof canonical !== "string") {
    issues.push(
      createIssue(
        canonical === undefined ? "missing_questionnaire" : "invalid_response",
        "/questionnaire",
        "A response must name its Questionnaire (questionnaire: url|version) for its answers to be read.",
        "问卷答复必须写明所答问卷（questionnaire：url|version），才能读取答案。",
      ),
    );
    return null;
  }
  const bar = canonical.lastIndexOf("|");
  const url = bar < 0 ? canonical : canonical.slice(0, bar);
  const version = bar < 0 ? null : canonical.slice(bar + 1);
  const matching = versions.filter((v) => {
    const base = layoutOf(v).urls.questionnaire;
    return (url === base || url.startsWith(`${base}/flags/`)) && (version === null || version === v.version);
  });
  if (matching.length === 0) {
    const given = versions.map((v) => `${layoutOf(v).urls.questionnaire}|${v.version}`).join(", ");
    issues.push(
      createIssue("questionnaire_mismatch", "/questionnaire", `The response answers ${canonical}, not ${given}.`, `该答复所答问卷为 ${canonical}，而不是 ${given}。`, {
        params: { questionnaire: canonical },
      }),
    );
    return null;
  }
  // Without a version, the latest version given.
  return matching.reduce((a, b) => (b.effective.from > a.effective.from ? b : a));
}

/**
 * {@link fromQuestionnaireResponse}, returning every issue instead of throwing: a response to
 * another Questionnaire (`questionnaire_mismatch`), one not yet completed (`response_not_completed`),
 * answers the Questionnaire does not have (`unknown_link_id`, `unknown_answer_code`), several answers
 * where one is asked (`too_many_answers`), each with the pointer into the response. It never throws
 * for anything a response holds.
 *
 * @param instrument - a loaded instrument, or several versions of one (the response's
 *   `questionnaire` version picks one)
 * @param response - a QuestionnaireResponse, as parsed from JSON
 * @returns the record, or every issue
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` for something that is not a loaded instrument
 *
 * @example
 * ```ts
 * const r = safeFromQuestionnaireResponse(gbt, { ...qr, status: "in-progress" });
 * r.ok; //=> false
 * r.issues[0]?.code; //=> "response_not_completed"
 * ```
 */
export function safeFromQuestionnaireResponse(instrument: InstrumentSource, response: unknown): SafeResult<RecordFromResponse> {
  const versions = versionsOf(instrument);
  if (!isObject(response) || response.resourceType !== "QuestionnaireResponse") {
    const path = isObject(response) ? "/resourceType" : "";
    return {
      ok: false,
      issues: [
        createIssue("invalid_response", path, `Expected a QuestionnaireResponse, got ${isObject(response) ? show(response.resourceType) : show(response)}.`, `应为 QuestionnaireResponse，实际为 ${isObject(response) ? show(response.resourceType) : show(response)}。`),
      ],
    };
  }
  const issues: Issue[] = [];
  const chosen = pick(versions, response.questionnaire, issues);
  if (typeof response.status !== "string" || !SCORED_STATUSES.has(response.status)) {
    issues.push(
      createIssue("response_not_completed", "/status", `Only a completed (or amended) response is read, not status ${show(response.status)}.`, `只读取已完成（或已修订）的答复，而非状态 ${show(response.status)}。`, {
        params: { status: response.status },
      }),
    );
  }
  if (chosen === null) return { ok: false, issues };
  const record: RecordFromResponse = {};
  const identifier = response.identifier;
  if (identifier !== undefined) {
    if (!isObject(identifier) || (identifier.value !== undefined && typeof identifier.value !== "string")) {
      issues.push(createIssue("invalid_response", "/identifier", "identifier must be an Identifier whose value is a string.", "identifier 必须是 value 为字符串的 Identifier。"));
    } else if (identifier.value !== undefined) {
      record.id = identifier.value;
    }
  }
  Object.assign(record, decodeItems(layoutOf(chosen), response, issues));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: record, issues: [] };
}

/**
 * The interchange record a QuestionnaireResponse to an instrument's Questionnaire holds: the
 * inverse of {@link toQuestionnaireResponse}, so that record → response → record gives the record
 * back. Answers are read by linkId wherever they sit; calculated items (scores, level) are left out,
 * since `assess` computes them again from the answers. Check the record with `safeAssess`.
 *
 * @param instrument - a loaded instrument, or several versions of one
 * @param response - a QuestionnaireResponse, as parsed from JSON
 * @returns the record
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_input` listing every issue (see
 *   {@link safeFromQuestionnaireResponse}); `invalid_argument` for something that is not a loaded instrument
 *
 * @example
 * ```ts
 * const record = fromQuestionnaireResponse(gbt, toQuestionnaireResponse(gbt, original));
 * record; //=> original (deep-equal)
 * assess(gbt, record).level; //=> the level of the original
 * ```
 */
export function fromQuestionnaireResponse(instrument: InstrumentSource, response: unknown): RecordFromResponse {
  const result = safeFromQuestionnaireResponse(instrument, response);
  if (result.ok) return result.value;
  throw errorFromIssues(YIYANG_ERROR_CODES.INVALID_INPUT, result.issues, { en: "The QuestionnaireResponse cannot be read", zh: "无法读取该问卷答复" });
}
