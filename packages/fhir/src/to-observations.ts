import type { AssessmentResult, Instrument, InstrumentSource } from "@yiyang/assessment";
import { isInstrument } from "@yiyang/assessment";
import { YiyangError, YIYANG_ERROR_CODES, type Issue } from "@yiyang/core";
import type { CodeableConcept, Coding, Extension, Observation, Reference } from "fhir/r4";
import { bilingual, bilingualCoding, bilingualStringExtension, deterministicUuid, translation } from "./fhir-json";
import { HL7_URLS, YIYANG_CODE_SYSTEMS, YIYANG_EXTENSIONS } from "./fhir-urls";
import { layoutOf } from "./questionnaire-layout";
import { policyFlags, rulesReference } from "./rules-extensions";
import { levelCoding } from "./to-level-code-system";

/** Options for {@link toObservations}. */
export interface ToObservationsOptions {
  /** The QuestionnaireResponse the result was computed from, for `derivedFrom` (e.g. `{ reference: "urn:uuid:…" }`). */
  response?: Reference | undefined;
  /** The person, e.g. `{ reference: "Patient/123" }`. */
  subject?: Reference | undefined;
  /** Warnings `safeAssess` gave with the result, written as notes of the level Observation. */
  warnings?: readonly Issue[] | undefined;
}

const SURVEY: CodeableConcept = { coding: [{ system: HL7_URLS.observationCategory, code: "survey", display: "Survey" }] };

const ASSESSMENT_CODES = {
  total: { zh: "总分", en: "Total score" },
  level: { zh: "能力等级", en: "Level" },
  dimension: { zh: "维度得分", en: "Dimension score" },
  "base-level": { zh: "初步等级", en: "Preliminary level" },
  grade: { zh: "维度分级", en: "Dimension grade" },
  "next-assessment-due": { zh: "下次评估日期", en: "Next assessment due" },
} as const;

const assessmentCoding = (code: keyof typeof ASSESSMENT_CODES): Coding => bilingualCoding(YIYANG_CODE_SYSTEMS.assessment, code, ASSESSMENT_CODES[code]);

/** The version of `source` whose fingerprint the result names. @internal */
export function instrumentOfResult(source: InstrumentSource, result: AssessmentResult): Instrument {
  const list = Array.isArray(source) ? (source as readonly Instrument[]) : [source as Instrument];
  const found = list.find((i) => isInstrument(i) && i.fingerprint === result.instrument?.fingerprint);
  if (found === undefined) {
    throw new YiyangError(
      YIYANG_ERROR_CODES.INVALID_ARGUMENT,
      `The result was computed with ${result.instrument?.id ?? "?"} ${result.instrument?.version ?? "?"} (${result.instrument?.fingerprint ?? "?"}), not with an instrument given.`,
      { messageZh: `该结果由 ${result.instrument?.id ?? "?"} ${result.instrument?.version ?? "?"}（${result.instrument?.fingerprint ?? "?"}）算出，而非所给的评估工具。` },
    );
  }
  return found;
}

/** The identifier value (a `urn:uuid:`) of one Observation of a result: the same result always gives the same one. @internal */
export function observationUuid(result: AssessmentResult, code: string): string {
  return deterministicUuid("Observation", result.instrument.fingerprint, result.id, result.assessedOn, result.flags, code);
}

/**
 * An assessment result as Observations: the total (when the instrument has one), the final level
 * as a coding from the instrument's level CodeSystem (with the preliminary level, each adjustment
 * applied and the next assessment date), and one per dimension (its score, and its grade for
 * instruments that grade dimensions). Each is a `survey` Observation `derivedFrom` the response,
 * with the instrument as `method` and its id, version and fingerprint and the policy flags in
 * extensions, and a stable `urn:uuid:` identifier, so the same result sent twice is one result.
 *
 * @param instrument - the loaded instrument that computed the result (or its versions: the result's fingerprint picks one)
 * @param result - what `assess` returned
 * @param options - the response it came from, the person, the warnings
 * @returns the Observations: total first (if any), then the level, then the dimensions
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` when no instrument given has the result's fingerprint
 *
 * @example
 * ```ts
 * const [total, level] = toObservations(gbt, assess(gbt, record));
 * total.valueInteger; //=> 85
 * level.valueCodeableConcept?.coding?.[0]?.code; //=> "2"
 * ```
 */
export function toObservations(instrument: InstrumentSource, result: AssessmentResult, options: ToObservationsOptions = {}): Observation[] {
  const chosen = instrumentOfResult(instrument, result);
  const layout = layoutOf(chosen);
  const method: CodeableConcept = { coding: [bilingualCoding(YIYANG_CODE_SYSTEMS.instrument, chosen.id, chosen.title, chosen.version)], text: chosen.title.zh };
  const extension: Extension[] = [rulesReference("instrument", result.instrument), ...policyFlags(result.flags)];
  const common = (code: string): Omit<Observation, "code"> => ({
    resourceType: "Observation",
    extension,
    identifier: [{ system: HL7_URLS.uriIdentifier, value: `urn:uuid:${observationUuid(result, code)}` }],
    status: "final",
    category: [SURVEY],
    ...(options.subject === undefined ? {} : { subject: options.subject }),
    effectiveDateTime: result.assessedOn,
    method,
    ...(options.response === undefined ? {} : { derivedFrom: [options.response] }),
  });
  const observations: Observation[] = [];
  if (result.total !== null) {
    observations.push({
      ...common("total"),
      code: { coding: [assessmentCoding("total")], ...bilingual("text", { zh: `${chosen.title.zh} 总分`, en: `${chosen.title.en}: total score` }) },
      valueInteger: result.total,
    });
  }
  const level: Observation = {
    ...common("level"),
    extension: [
      ...extension,
      ...result.adjustments.map((a) => ({
        url: YIYANG_EXTENSIONS.levelAdjustment,
        extension: [
          { url: "id", valueString: a.id },
          { url: "clause", valueString: a.clause },
          "raise" in a.effect ? { url: "raise", valueInteger: a.effect.raise } : { url: "setLevel", valueInteger: a.effect.setLevel },
          { url: "fromLevel", valueInteger: a.fromLevel },
          { url: "toLevel", valueInteger: a.toLevel },
          bilingualStringExtension("reason", a.reason),
        ],
      })),
    ],
    code: { coding: [assessmentCoding("level")], ...bilingual("text", { zh: `${chosen.title.zh} 能力等级`, en: `${chosen.title.en}: level` }) },
    valueCodeableConcept: { coding: [levelCoding(chosen, result.level)], text: result.label.zh },
    ...(options.warnings === undefined || options.warnings.length === 0
      ? {}
      : { note: options.warnings.map((w) => ({ text: `${w.path || "/"} ${w.code}: ${w.messageZh}`, _text: translation(`${w.path || "/"} ${w.code}: ${w.message}`) })) }),
    component: [
      { code: { coding: [assessmentCoding("base-level")] }, valueCodeableConcept: { coding: [levelCoding(chosen, result.baseLevel)] } },
      ...(result.nextAssessmentDue === null ? [] : [{ code: { coding: [assessmentCoding("next-assessment-due")] }, valueDateTime: result.nextAssessmentDue }]),
    ],
  };
  observations.push(level);
  for (const d of layout.dimensions) {
    const score = result.dimensions[d.key];
    if (score === undefined) continue;
    const grade = result.grades?.[d.key];
    observations.push({
      ...common(`dimension:${d.key}`),
      code: { coding: [assessmentCoding("dimension"), bilingualCoding(layout.urls.dimension, d.key, d.label, chosen.version)], text: d.label.zh },
      valueInteger: score,
      ...(grade === undefined ? {} : { component: [{ code: { coding: [assessmentCoding("grade")] }, valueInteger: grade }] }),
    });
  }
  return observations;
}
