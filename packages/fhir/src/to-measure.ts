import type { IndicatorCatalog, IndicatorDefinition, SubjectKind, TargetComparison } from "@yiyang/indicators";
import { isIndicatorCatalog } from "@yiyang/indicators";
import { YiyangError, YIYANG_ERROR_CODES } from "@yiyang/core";
import type { CodeableConcept, Expression, Extension, Measure, MeasureGroupPopulation } from "fhir/r4";
import { bilingual, bilingualCoding, deterministicUuid, FHIR_ID } from "./fhir-json";
import { catalogUrls, HL7_URLS, YIYANG_EXTENSIONS } from "./fhir-urls";
import { provisionalNotes } from "./rules-extensions";


const SUBJECT_TYPES: Record<SubjectKind, string> = { person: "Patient", facility: "Organization", episode: "Encounter" };

/** A measure-population coding. @internal */
export function populationCode(code: string): CodeableConcept {
  return { coding: [{ system: HL7_URLS.measurePopulation, code }] };
}

/** The indicator of a catalog by id, or the programmer error saying there is none. @internal */
export function indicatorOf(catalog: IndicatorCatalog, indicatorId: string): { indicator: IndicatorDefinition; index: number } {
  if (!isIndicatorCatalog(catalog)) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, "The catalog must be one returned by loadIndicatorCatalog.", { messageZh: "指标目录必须由 loadIndicatorCatalog 返回。" });
  }
  const index = catalog.document.indicators.findIndex((i) => i.id === indicatorId);
  if (index < 0) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `${catalog.id} has no indicator "${indicatorId}".`, { messageZh: `${catalog.id} 没有指标 "${indicatorId}"。` });
  }
  return { indicator: catalog.document.indicators[index] as IndicatorDefinition, index };
}

/** A resource id from a name: the name itself when it is a FHIR id, else a stable hash of it. @internal */
export function resourceId(name: string): string {
  return FHIR_ID.test(name) ? name : deterministicUuid(name);
}

/**
 * Whether a higher value is better: `increase` when the targets are floors (`>=`, `>`), `decrease`
 * when they are ceilings; none when the indicator has no target or its targets disagree. @internal
 */
export function improvementNotation(indicator: IndicatorDefinition): CodeableConcept | undefined {
  const directions = new Set((indicator.targets ?? []).map((t) => direction(t.comparison)));
  if (directions.size !== 1) return undefined;
  const code = [...directions][0];
  if (code === null || code === undefined) return undefined;
  return { coding: [{ system: HL7_URLS.measureImprovementNotation, code, display: code === "increase" ? "Increased score indicates improvement" : "Decreased score indicates improvement" }] };
}

function direction(comparison: TargetComparison): "increase" | "decrease" | null {
  return comparison === ">=" || comparison === ">" ? "increase" : comparison === "<=" || comparison === "<" ? "decrease" : null;
}

/** The `indicatorTarget` extension of a target. @internal */
export function targetExtension(target: { comparison: TargetComparison; value: number; year: number; yearPassed?: boolean; source: { title: string; quote: string } }): Extension {
  return {
    url: YIYANG_EXTENSIONS.indicatorTarget,
    extension: [
      { url: "comparison", valueCode: target.comparison },
      { url: "value", valueDecimal: target.value },
      { url: "year", valueInteger: target.year },
      ...(target.yearPassed === undefined ? [] : [{ url: "yearPassed", valueBoolean: target.yearPassed }]),
      { url: "source", valueString: target.source.title },
      { url: "quote", valueString: target.source.quote },
    ],
  };
}

/**
 * A criterion as the catalog writes it, in JSON Logic. R4 binds `Expression.language` to CQL,
 * FHIRPath and FHIR queries only, so the language carries the data-absent reason `unsupported` and
 * the rule travels in the `jsonLogic` extension.
 */
const logic = (rule: unknown, description?: string): Expression => ({
  extension: [{ url: YIYANG_EXTENSIONS.jsonLogic, valueString: JSON.stringify(rule) }],
  ...(description === undefined ? {} : { description }),
  _language: { extension: [{ url: HL7_URLS.dataAbsentReason, valueCode: "unsupported" }] },
} as Expression);

function countDescription(count: IndicatorDefinition["numeratorCount"]): string | undefined {
  return count === undefined || count === "records" ? undefined : `Sum of ${count.sum} over the records (加总 ${count.sum})`;
}

/**
 * One indicator of a catalog as a Measure: the populations with HL7's measure-population codes
 * and their JSON Logic criteria, the stratifiers, the scoring (`proportion` for rates, `cohort`
 * for counts), `improvementNotation` from the direction of its targets, and the targets (FHIR has
 * no element for them) and the catalog's fingerprint in extensions.
 *
 * @param catalog - a loaded indicator catalog
 * @param indicatorId - the indicator's id
 * @returns the Measure
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` for a catalog not loaded or an unknown indicator
 *
 * @example
 * ```ts
 * const m = toMeasure(loadIndicatorCatalog(cityElderlyHealthIndicators), "pressure-injury-stage2-plus");
 * m.improvementNotation?.coding?.[0]?.code; //=> "decrease"
 * m.group?.[0]?.population?.map((p) => p.code?.coding?.[0]?.code); //=> ["initial-population", "denominator", "numerator"]
 * ```
 */
export function toMeasure(catalog: IndicatorCatalog, indicatorId: string): Measure {
  const { indicator, index } = indicatorOf(catalog, indicatorId);
  const doc = catalog.document;
  const urls = catalogUrls(catalog.id);
  const url = urls.measure(indicator.id);
  const isCount = indicator.unit === "count";
  const population: MeasureGroupPopulation[] = [{ code: populationCode("initial-population"), criteria: logic(indicator.population) }];
  if (!isCount) {
    population.push({ code: populationCode("denominator"), criteria: logic(indicator.denominator ?? true, countDescription(indicator.denominatorCount)) });
    if (indicator.denominatorExclusions !== undefined) population.push({ code: populationCode("denominator-exclusion"), criteria: logic(indicator.denominatorExclusions) });
  }
  population.push({ code: populationCode("numerator"), criteria: logic(indicator.numerator, countDescription(indicator.numeratorCount)) });
  if (indicator.numeratorExclusions !== undefined) population.push({ code: populationCode("numerator-exclusion"), criteria: logic(indicator.numeratorExclusions) });
  const stratifiers = (indicator.stratifiers ?? []).map((id) => {
    const s = doc.stratifiers?.find((x) => x.id === id);
    const rule = s === undefined ? null : s.logic ?? (s.bands === undefined ? { var: s.field } : { band: [{ var: s.field }, s.bands] });
    return {
      code: { coding: [bilingualCoding(urls.stratifier, id, s?.title ?? { zh: id, en: id })], text: s?.title.zh ?? id },
      ...(rule === null ? {} : { criteria: logic(rule) }),
    };
  });
  const provisional = catalog.provisional.filter((note) => note.path === `/indicators/${index}` || note.path.startsWith(`/indicators/${index}/`));
  const notation = improvementNotation(indicator);
  return {
    resourceType: "Measure",
    id: resourceId(`${catalog.id}-${indicator.id}`),
    language: "zh-CN",
    extension: [
      { url: YIYANG_EXTENSIONS.documentFingerprint, valueString: catalog.fingerprint },
      ...(indicator.targets ?? []).map((t) => targetExtension(t)),
      ...provisionalNotes(provisional),
    ],
    url,
    identifier: [{ system: urls.indicator, value: indicator.id }],
    version: catalog.version,
    ...bilingual("title", indicator.title),
    status: "active",
    subjectCodeableConcept: { coding: [{ system: "http://hl7.org/fhir/resource-types", code: SUBJECT_TYPES[indicator.subject] }] },
    ...bilingual("description", indicator.definition),
    effectivePeriod: { start: catalog.effective.from, ...(catalog.effective.to === undefined ? {} : { end: catalog.effective.to }) },
    scoring: { coding: [{ system: HL7_URLS.measureScoring, code: isCount ? "cohort" : "proportion" }] },
    ...(notation === undefined ? {} : { improvementNotation: notation }),
    group: [{ population, ...(stratifiers.length === 0 ? {} : { stratifier: stratifiers }) }],
  };
}
