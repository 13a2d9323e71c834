import type { IndicatorCatalog, IndicatorReport, IndicatorResult, IndicatorValue, TargetAttainment } from "@yiyang/indicators";
import { YiyangError, YIYANG_ERROR_CODES } from "@yiyang/core";
import type { CodeableConcept, Extension, MeasureReport, MeasureReportGroup, MeasureReportGroupPopulation, MeasureReportGroupStratifierStratum, Quantity } from "fhir/r4";
import { bilingualCoding, deterministicUuid } from "./fhir-json";
import { catalogUrls, HL7_URLS, YIYANG_EXTENSIONS } from "./fhir-urls";
import { jsonExtension, provisionalNotes, rulesReference } from "./rules-extensions";
import { improvementNotation, indicatorOf, populationCode, targetExtension } from "./to-measure";

const UNITS: Record<IndicatorResult["unit"], { code: string; unit: string }> = {
  percent: { code: "%", unit: "%" },
  "per-mille": { code: "[ppth]", unit: "‰" },
  count: { code: "1", unit: "1" },
};

/** The fields of an attainment written under their own names; any other field is carried as it is. */
const KNOWN_ATTAINMENT_FIELDS: ReadonlySet<string> = new Set(["met", "status", "shortfall", "numeratorChange"]);

/**
 * The `targetAttainment` extension: `status` (`met`, `not-met`, or `undetermined` when `met` is
 * `null`), `met` only when it is known, the shortfall and the numerator change, and every further
 * field of the attainment (a range of possible rates, say) as nested extensions by name.
 */
function attainmentExtension(attainment: TargetAttainment | null): Extension[] {
  if (attainment === null) return [];
  const fields = attainment as TargetAttainment & Record<string, unknown>;
  const status = typeof fields.status === "string" ? fields.status : attainment.met === null ? "undetermined" : attainment.met ? "met" : "not-met";
  const extension: Extension[] = [
    { url: "status", valueCode: status },
    ...(typeof attainment.met === "boolean" ? [{ url: "met", valueBoolean: attainment.met }] : []),
    ...(attainment.shortfall === null || attainment.shortfall === undefined ? [] : [{ url: "shortfall", valueDecimal: Number(attainment.shortfall) }]),
    ...(attainment.numeratorChange === null || attainment.numeratorChange === undefined ? [] : [{ url: "numeratorChange", valueInteger: attainment.numeratorChange }]),
    ...Object.keys(fields)
      .filter((key) => !KNOWN_ATTAINMENT_FIELDS.has(key))
      .flatMap((key) => jsonExtension(key, fields[key])),
  ];
  return [{ url: YIYANG_EXTENSIONS.targetAttainment, extension }];
}

function count(code: string, value: number, summed: boolean): MeasureReportGroupPopulation {
  return summed
    ? { code: populationCode(code), extension: [{ url: YIYANG_EXTENSIONS.populationSum, valueDecimal: value }] }
    : { code: populationCode(code), count: value };
}

function populations(result: IndicatorResult, value: IndicatorValue, sums: { denominator: boolean; numerator: boolean }): MeasureReportGroupPopulation[] {
  const list = [count("initial-population", value.initialPopulation, false)];
  if (result.unit !== "count") {
    list.push(count("denominator", value.denominator ?? 0, sums.denominator));
    list.push(count("denominator-exclusion", value.denominatorExclusions, false));
  }
  list.push(count("numerator", value.numerator, sums.numerator));
  list.push(count("numerator-exclusion", value.numeratorExclusions, false));
  return list;
}

function score(result: IndicatorResult, value: IndicatorValue): Quantity {
  if (value.rate === null) return { extension: [{ url: HL7_URLS.dataAbsentReason, valueCode: "not-applicable" }] };
  const unit = UNITS[result.unit];
  return { value: Number(value.rate), unit: unit.unit, system: HL7_URLS.ucum, code: unit.code };
}

function stratumValue(stratum: string | number | boolean | null): CodeableConcept {
  if (stratum === null) return { coding: [{ system: HL7_URLS.dataAbsentReasonSystem, code: "unknown", display: "Unknown" }], text: "null" };
  return { text: String(stratum) };
}

/**
 * One indicator of a report as a summary MeasureReport: each population's count (a population
 * counted as a sum of a field, such as beds, carries the sum in `populationSum` instead), the
 * `measureScore` in UCUM units (absent, with a data-absent reason, when the denominator is empty),
 * every stratum, `improvementNotation`, and the target with its attainment in extensions. An
 * undetermined attainment (`met: null`) is written as status `undetermined` with no `met`, never as
 * a guess. The catalog's id, version and fingerprint, the reference date, the target basis and
 * the records read, counted and refused for the indicator's subject travel as extensions.
 *
 * @param catalog - the loaded catalog the report was computed with
 * @param report - what `computeIndicators` returned
 * @param indicatorId - the indicator's id
 * @returns the MeasureReport
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` when the report is not the catalog's, or for an unknown indicator
 *
 * @example
 * ```ts
 * const mr = toMeasureReport(catalog, computeIndicators(catalog, records, { period }), "health-management-65");
 * mr.group?.[0]?.measureScore; //=> { value: 66.7, unit: "%", system: "http://unitsofmeasure.org", code: "%" }
 * ```
 */
export function toMeasureReport(catalog: IndicatorCatalog, report: IndicatorReport, indicatorId: string): MeasureReport {
  const { indicator, index } = indicatorOf(catalog, indicatorId);
  if (report.catalog.fingerprint !== catalog.fingerprint) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `The report was computed with ${report.catalog.id} ${report.catalog.version} (${report.catalog.fingerprint}), not with this catalog.`, {
      messageZh: `该报告由 ${report.catalog.id} ${report.catalog.version}（${report.catalog.fingerprint}）算出，而非此指标目录。`,
    });
  }
  const result = report.indicators.find((r) => r.id === indicatorId);
  if (result === undefined) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `The report has no indicator "${indicatorId}".`, { messageZh: `该报告没有指标 "${indicatorId}"。` });
  }
  const urls = catalogUrls(catalog.id);
  const sums = { denominator: typeof indicator.denominatorCount === "object", numerator: typeof indicator.numeratorCount === "object" };
  const stratum = (value: IndicatorValue, extra: Extension[]): Omit<MeasureReportGroupStratifierStratum, "value"> => ({
    ...(extra.length + (value.attainment === null ? 0 : 1) === 0 ? {} : { extension: [...extra, ...attainmentExtension(value.attainment)] }),
    population: populations(result, value, sums),
    measureScore: score(result, value),
  });
  const group: MeasureReportGroup = {
    extension: [...(result.target === null ? [] : [targetExtension(result.target)]), ...attainmentExtension(result.overall.attainment)],
    population: populations(result, result.overall, sums),
    measureScore: score(result, result.overall),
    ...(result.strata.length === 0
      ? {}
      : {
          stratifier: result.strata.map((s) => ({
            code: [{ coding: [bilingualCoding(urls.stratifier, s.id, s.title)], text: s.title.zh }],
            stratum: [
              ...s.strata.map((v) => ({ value: stratumValue(v.stratum), ...stratum(v, []) })),
              ...(s.overflow === null ? [] : [{ value: { text: "overflow" }, ...stratum(s.overflow, [{ url: YIYANG_EXTENSIONS.strataOverflow, valueBoolean: true }]) }]),
            ],
          })),
        }),
  };
  if (group.extension?.length === 0) delete group.extension;
  const counts = report.records.bySubject[result.subject];
  const provisional = catalog.provisional.filter((note) => note.path === `/indicators/${index}` || note.path.startsWith(`/indicators/${index}/`));
  const notation = improvementNotation(indicator);
  const body: MeasureReport = {
    resourceType: "MeasureReport",
    language: "zh-CN",
    extension: [
      rulesReference("indicator-catalog", report.catalog),
      {
        url: YIYANG_EXTENSIONS.indicatorReport,
        extension: [
          { url: "referenceDate", valueDate: report.referenceDate },
          { url: "targetBasis", valueCode: report.targetBasis },
          { url: "recordsRead", valueInteger: counts.read },
          { url: "recordsCounted", valueInteger: counts.valid },
          { url: "recordsRefused", valueInteger: counts.invalid },
        ],
      },
      ...provisionalNotes(provisional),
    ],
    status: "complete",
    type: "summary",
    measure: `${urls.measure(indicator.id)}|${catalog.version}`,
    period: { start: report.period.from, end: report.period.to },
    ...(notation === undefined ? {} : { improvementNotation: notation }),
    group: [group],
  };
  // One identifier per catalog version, indicator, period and reference date: a report recomputed
  // over corrected records replaces the one it corrects.
  const identity = deterministicUuid("MeasureReport", catalog.fingerprint, indicator.id, report.period, report.referenceDate);
  return { ...body, identifier: [{ system: HL7_URLS.uriIdentifier, value: `urn:uuid:${identity}` }] };
}
