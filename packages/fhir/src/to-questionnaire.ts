import { resolvePolicyFlags, type Instrument } from "@yiyang/assessment";
import { errorFromIssues, YIYANG_ERROR_CODES, type Issue, type LocalizedText, type SafeResult } from "@yiyang/core";
import type { Extension, Questionnaire, QuestionnaireItem } from "fhir/r4";
import { compileCalculatedExpressions } from "./compile-fhirpath";
import { bilingual, bilingualCoding, deterministicUuid } from "./fhir-json";
import { HL7_URLS, YIYANG_CODE_SYSTEMS, YIYANG_EXTENSIONS } from "./fhir-urls";
import { policyFlags, provisionalNotes } from "./rules-extensions";
import { levelCoding } from "./to-level-code-system";
import { dimensionScoreLink, gradeLink, layoutOf, LINK } from "./questionnaire-layout";
import { NO_DISEASE, SUBJECT_FIELDS } from "./record-fields";

/** Options for {@link toQuestionnaire} and {@link safeToQuestionnaire}. */
export interface ToQuestionnaireOptions {
  /**
   * Policy flags for the calculated level (the others keep the instrument's defaults). A
   * Questionnaire for other than the default flags gets its own canonical URL (the flags that
   * differ are appended), since its level is calculated differently.
   */
  flags?: Readonly<Record<string, boolean>> | undefined;
}

const text = (t: LocalizedText) => bilingual("text", t);

function calculated(linkId: string, label: LocalizedText, expression: string | null, extra: Partial<QuestionnaireItem> = {}): QuestionnaireItem {
  return {
    linkId,
    ...(expression === null
      ? {}
      : { extension: [{ url: HL7_URLS.calculatedExpression, valueExpression: { language: "text/fhirpath", expression } }] }),
    ...text(label),
    type: "integer",
    readOnly: true,
    ...extra,
  };
}

/** The canonical URL of an instrument's Questionnaire for the flags given. @internal */
export function questionnaireUrl(instrument: Instrument, flags: Readonly<Record<string, boolean>>): string {
  const base = layoutOf(instrument).urls.questionnaire;
  const changed = Object.keys(flags)
    .filter((name) => flags[name] !== instrument.defaultFlags[name])
    .sort()
    .map((name) => `${name}=${String(flags[name])}`);
  return changed.length === 0 ? base : `${base}/flags/${changed.join(",")}`;
}

/**
 * {@link toQuestionnaire}, returning issues instead of throwing: errors when the instrument cannot
 * be laid out as a Questionnaire (two items, or an item and a record field, would share a linkId),
 * warnings for calculated values that have no exact FHIRPath form (each with the pointer of the
 * rule node in the instrument document; the item is then left without a `calculatedExpression`,
 * never given an approximation).
 *
 * @param instrument - a loaded instrument
 * @param options - the policy flags
 * @returns the Questionnaire and any warnings, or the errors
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` for an instrument not returned by
 *   `loadInstrument`, or an unknown or non-boolean flag
 *
 * @example
 * ```ts
 * const q = safeToQuestionnaire(loadInstrument(gbt42195Instrument));
 * q.ok && q.issues; //=> [] (every calculated value, the level included, is expressible)
 * ```
 */
export function safeToQuestionnaire(instrument: Instrument, options: ToQuestionnaireOptions = {}): SafeResult<Questionnaire> {
  const layout = layoutOf(instrument);
  const flags = resolvePolicyFlags(instrument, options.flags);
  if (layout.issues.length > 0) return { ok: false, issues: [...layout.issues] };
  const doc = layout.document;
  const expressions = compileCalculatedExpressions(instrument, flags);
  const url = questionnaireUrl(instrument, flags);

  const items: QuestionnaireItem[] = [
    { linkId: LINK.assessedOn, ...text({ zh: "评估日期", en: "Assessment date" }), type: "date", required: true },
    {
      linkId: LINK.subject,
      ...text({ zh: "被评估者", en: "Person assessed" }),
      type: "group",
      item: SUBJECT_FIELDS.map((field) => ({
        linkId: `${LINK.subject}/${field.key}`,
        definition: field.definition,
        ...text(field.text),
        type: field.type,
        ...field.item,
      })),
    },
  ];
  if (layout.asksComa) items.push({ linkId: LINK.coma, ...text({ zh: "昏迷", en: "Coma" }), type: "boolean" });
  if (layout.asksDiseases) {
    items.push({
      linkId: LINK.diseases,
      ...text({ zh: "疾病诊断", en: "Diagnoses" }),
      type: doc.diseases === undefined ? "open-choice" : "choice",
      repeats: true,
      answerOption: [
        ...(doc.diseases ?? []).map((d) => ({ valueCoding: bilingualCoding(YIYANG_CODE_SYSTEMS.disease, d.id, d.label) })),
        { extension: [{ url: HL7_URLS.optionExclusive, valueBoolean: true }], valueCoding: NO_DISEASE },
      ],
    });
  }
  if (layout.riskEvents !== null) {
    items.push({
      linkId: LINK.riskEvents,
      ...text({ zh: "近30天照护风险事件（次数）", en: "Care-risk events in the last 30 days (counts)" }),
      type: "group",
      item: layout.riskEvents.map((r) => ({
        linkId: `${LINK.riskEvents}/${r.key}`,
        code: [bilingualCoding(YIYANG_CODE_SYSTEMS.riskEvent, r.key, r.label)],
        ...text(r.label),
        type: "integer" as const,
      })),
    });
  }
  for (const d of layout.dimensions) {
    items.push({
      linkId: d.linkId,
      code: [bilingualCoding(layout.urls.dimension, d.key, d.label)],
      prefix: d.linkId,
      ...text(d.label),
      type: "group",
      item: d.items.map((item) => ({
        linkId: item.linkId,
        code: [bilingualCoding(layout.urls.item, item.key, item.definition.label)],
        prefix: item.linkId,
        ...text(item.definition.label),
        type: "choice" as const,
        required: true,
        answerOption: item.definition.options.map((option) => ({
          extension: [{ url: HL7_URLS.ordinalValue, valueDecimal: option.score }],
          valueCoding: bilingualCoding(layout.urls.answer, item.codeOf.get(option.score) as string, option.text),
        })),
      })),
    });
  }
  const scores: QuestionnaireItem[] = [];
  for (const d of layout.dimensions) {
    scores.push(calculated(dimensionScoreLink(d.key), { zh: `${d.label.zh}得分`, en: `${d.label.en} score` }, expressions.dimensions[d.key] ?? null));
  }
  for (const d of layout.dimensions) {
    if (d.graded) scores.push(calculated(gradeLink(d.key), { zh: `${d.label.zh}分级`, en: `${d.label.en} grade` }, expressions.grades[d.key] ?? null));
  }
  if (doc.total !== undefined) scores.push(calculated(LINK.total, { zh: "总分", en: "Total score" }, expressions.total));
  scores.push(
    calculated(
      LINK.level,
      { zh: "能力等级", en: "Level" },
      // The level's coding, picked from the item's own options by the calculated level.
      expressions.level === null
        ? null
        : `%questionnaire.repeat(item).where(linkId = 'level').answerOption.value.where(code = (${expressions.level}).toString())`,
      {
        type: "choice",
        answerOption: doc.levels.map((l) => ({ valueCoding: levelCoding(instrument, l.level) })),
      },
    ),
  );
  items.push({ linkId: LINK.scores, ...text({ zh: "评估结果（自动计算）", en: "Results (calculated)" }), type: "group", item: scores });

  const extension: Extension[] = [
    { url: YIYANG_EXTENSIONS.documentFingerprint, valueString: instrument.fingerprint },
    ...policyFlags(flags),
    ...provisionalNotes(instrument.provisional),
  ];
  const questionnaire: Questionnaire = {
    resourceType: "Questionnaire",
    id: url === layout.urls.questionnaire ? instrument.id : `${instrument.id}-${deterministicUuid(url).slice(0, 8)}`,
    language: "zh-CN",
    extension,
    url,
    version: instrument.version,
    ...bilingual("title", instrument.title),
    status: "active",
    subjectType: ["Patient"],
    ...(doc.source.publisher === undefined ? {} : { publisher: doc.source.publisher }),
    description: doc.source.title,
    effectivePeriod: { start: instrument.effective.from, ...(instrument.effective.to === undefined ? {} : { end: instrument.effective.to }) },
    code: [bilingualCoding(YIYANG_CODE_SYSTEMS.instrument, instrument.id, instrument.title, instrument.version)],
    item: items,
  };
  const issues: Issue[] = [...expressions.issues];
  return { ok: true, value: questionnaire, issues };
}

/**
 * An instrument as an SDC Questionnaire: canonical URL and version; the record's date, the person
 * assessed and the adjustment inputs the instrument reads (coma, diagnoses, care-risk events); one
 * group per dimension and one question per item, with the standard's code as `linkId`, the
 * interchange key as `code`, every option as a coding carrying its score (`ordinalValue`), and
 * Chinese text with an English `translation`; then the dimension scores, grades, total and final
 * level as calculated items whose SDC `calculatedExpression` is FHIRPath compiled from the
 * instrument's own rules (adjustments included). The document's fingerprint, policy flags and
 * provisional notes travel as extensions.
 *
 * @param instrument - a loaded instrument
 * @param options - the policy flags
 * @returns the Questionnaire
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_document` when the instrument cannot be laid
 *   out (see {@link safeToQuestionnaire}, which also tells which values are not calculated);
 *   `invalid_argument` for an unknown or non-boolean flag
 *
 * @example
 * ```ts
 * const q = toQuestionnaire(loadInstrument(gbt42195Instrument));
 * q.url; //=> "https://yiyang-health.github.io/fhir/Questionnaire/gbt42195-2022"
 * q.item?.find((i) => i.linkId === "B.1")?.item?.[0]?.linkId; //=> "B.1.1"
 * ```
 */
export function toQuestionnaire(instrument: Instrument, options: ToQuestionnaireOptions = {}): Questionnaire {
  const result = safeToQuestionnaire(instrument, options);
  if (result.ok) return result.value;
  throw errorFromIssues(YIYANG_ERROR_CODES.INVALID_DOCUMENT, result.issues, { en: "The instrument cannot be a Questionnaire", zh: "该评估工具无法转换为问卷" });
}
