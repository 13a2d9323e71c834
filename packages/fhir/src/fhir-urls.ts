/**
 * Every URL the FHIR resources of this package use: Yiyang's own extensions and code systems, and
 * the HL7 ones it relies on. Each is defined in `docs/guides/fhir.md`.
 */

/**
 * The base of every canonical URL Yiyang defines (Questionnaires, Measures, code systems,
 * extensions).
 *
 * @example
 * ```ts
 * FHIR_BASE; //=> "https://yiyang-health.github.io/fhir"
 * ```
 */
export const FHIR_BASE = "https://yiyang-health.github.io/fhir";

const sd = (name: string) => `${FHIR_BASE}/StructureDefinition/${name}`;
const cs = (name: string) => `${FHIR_BASE}/CodeSystem/${name}`;

/**
 * Yiyang's extensions, by name. Each is defined, with its value type and where it appears, in
 * `docs/guides/fhir.md`.
 *
 * | name | value | on |
 * |---|---|---|
 * | `documentFingerprint` | `valueString`: `sha256:…` of the rule document | Questionnaire, Measure, and inside `rulesReference` |
 * | `rulesReference` | complex: `kind`, `id`, `version`, `fingerprint` (`valueString` each) | Observation, Provenance, MeasureReport |
 * | `policyFlag` | complex: `name` (`valueString`), `value` (`valueBoolean`) | Questionnaire, Observation |
 * | `provisionalNote` | complex: `path` (`valueString`), `note` (`valueString`, Chinese, with an English translation) | Questionnaire, Measure, MeasureReport |
 * | `levelAdjustment` | complex: `id`, `clause` (`valueString`), `raise` or `setLevel`, `fromLevel`, `toLevel` (`valueInteger`), `reason` (`valueString` with translation) | the level Observation |
 * | `indicatorTarget` | complex: `comparison` (`valueCode`), `value` (`valueDecimal`), `year` (`valueInteger`), `yearPassed` (`valueBoolean`), `source` (`valueString`) | Measure, MeasureReport group |
 * | `targetAttainment` | complex: `status` (`valueCode`), `met` (`valueBoolean`, absent when undetermined), `shortfall` (`valueDecimal`), `numeratorChange` (`valueInteger`), and any further field of the attainment | MeasureReport group and stratum |
 * | `jsonLogic` | `valueString`: the JSON text of a JSON Logic rule (R4 has no such expression language) | Measure population and stratifier criteria |
 * | `populationSum` | `valueDecimal`: a population counted as a sum of a field (beds), not of records | MeasureReport population |
 * | `indicatorReport` | complex: `referenceDate` (`valueDate`), `targetBasis` (`valueCode`), `recordsRead`, `recordsCounted`, `recordsRefused` (`valueInteger`, for the indicator's subject) | MeasureReport |
 * | `strataOverflow` | `valueBoolean`: the stratum pools the records past the strata cap | MeasureReport stratum |
 *
 * @example
 * ```ts
 * YIYANG_EXTENSIONS.documentFingerprint; //=> "https://yiyang-health.github.io/fhir/StructureDefinition/document-fingerprint"
 * ```
 */
export const YIYANG_EXTENSIONS = Object.freeze({
  documentFingerprint: sd("document-fingerprint"),
  rulesReference: sd("rules-reference"),
  policyFlag: sd("policy-flag"),
  provisionalNote: sd("provisional-note"),
  levelAdjustment: sd("level-adjustment"),
  indicatorTarget: sd("indicator-target"),
  targetAttainment: sd("target-attainment"),
  jsonLogic: sd("json-logic"),
  populationSum: sd("population-sum"),
  indicatorReport: sd("indicator-report"),
  strataOverflow: sd("strata-overflow"),
});

/**
 * The HL7 extensions and code systems used, by name.
 *
 * @example
 * ```ts
 * HL7_URLS.ordinalValue; //=> "http://hl7.org/fhir/StructureDefinition/ordinalValue"
 * ```
 */
export const HL7_URLS = Object.freeze({
  /** The score of an answer option (R4; the FHIRPath `ordinal()` function reads it). */
  ordinalValue: "http://hl7.org/fhir/StructureDefinition/ordinalValue",
  /** A translation of a string element, with `lang` and `content`. */
  translation: "http://hl7.org/fhir/StructureDefinition/translation",
  /** SDC: an item's value calculated from the response by a FHIRPath expression. */
  calculatedExpression: "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
  /** An answer option that excludes every other (“none of these”). */
  optionExclusive: "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive",
  /** Why a value is absent. */
  dataAbsentReason: "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
  dataAbsentReasonSystem: "http://terminology.hl7.org/CodeSystem/data-absent-reason",
  administrativeGender: "http://hl7.org/fhir/administrative-gender",
  administrativeGenderValueSet: "http://hl7.org/fhir/ValueSet/administrative-gender",
  observationCategory: "http://terminology.hl7.org/CodeSystem/observation-category",
  measurePopulation: "http://terminology.hl7.org/CodeSystem/measure-population",
  measureScoring: "http://terminology.hl7.org/CodeSystem/measure-scoring",
  measureImprovementNotation: "http://terminology.hl7.org/CodeSystem/measure-improvement-notation",
  provenanceParticipantType: "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
  dataOperation: "http://terminology.hl7.org/CodeSystem/v3-DataOperation",
  ucum: "http://unitsofmeasure.org",
  snomed: "http://snomed.info/sct",
  /** The identifier system of a URI value such as `urn:uuid:…`. */
  uriIdentifier: "urn:ietf:rfc:3986",
});

/**
 * Yiyang's code systems shared by every instrument.
 *
 * | name | codes |
 * |---|---|
 * | `assessment` | the kinds of assessment Observation and their parts: `total`, `level`, `dimension`, `base-level`, `grade`, `next-assessment-due` |
 * | `disease` | the interchange disease ids (`dementia`, `hypertension` … as the instrument lists them) |
 * | `riskEvent` | the interchange risk-event keys (`fall`, `wandering` …) |
 * | `instrument` | instrument ids (`gbt42195-2022` …), versioned by the instrument's version |
 * | `recordId` | the default identifier system of a record's `id` |
 * | `issue` | Yiyang's issue codes (`invalid_option`, `not_representable` …), in OperationOutcomes |
 *
 * @example
 * ```ts
 * YIYANG_CODE_SYSTEMS.assessment; //=> "https://yiyang-health.github.io/fhir/CodeSystem/assessment"
 * ```
 */
export const YIYANG_CODE_SYSTEMS = Object.freeze({
  assessment: cs("assessment"),
  disease: cs("disease"),
  riskEvent: cs("risk-event"),
  instrument: cs("instrument"),
  recordId: `${FHIR_BASE}/NamingSystem/record-id`,
  issue: cs("issue"),
});

/**
 * The canonical URLs of one instrument's resources and code systems: its Questionnaire, the codes of
 * its items, dimensions, answers and levels.
 *
 * @param instrumentId - the instrument's id, e.g. `gbt42195-2022`
 * @returns the URLs
 *
 * @example
 * ```ts
 * instrumentUrls("gbt42195-2022").level; //=> "https://yiyang-health.github.io/fhir/CodeSystem/gbt42195-2022-level"
 * ```
 */
export function instrumentUrls(instrumentId: string): {
  questionnaire: string;
  item: string;
  dimension: string;
  answer: string;
  level: string;
} {
  return {
    questionnaire: `${FHIR_BASE}/Questionnaire/${instrumentId}`,
    item: cs(`${instrumentId}-item`),
    dimension: cs(`${instrumentId}-dimension`),
    answer: cs(`${instrumentId}-answer`),
    level: cs(`${instrumentId}-level`),
  };
}

/**
 * The canonical URLs of an indicator catalog's Measures and code systems.
 *
 * @param catalogId - the catalog's id
 * @returns a function from an indicator id to its Measure's URL, and the code systems of its indicator ids and stratifier ids
 *
 * @example
 * ```ts
 * catalogUrls("city-elderly-health-indicators").measure("nursing-bed-share");
 * //=> "https://yiyang-health.github.io/fhir/Measure/city-elderly-health-indicators-nursing-bed-share"
 * ```
 */
export function catalogUrls(catalogId: string): { measure: (indicatorId: string) => string; indicator: string; stratifier: string } {
  return {
    measure: (indicatorId) => `${FHIR_BASE}/Measure/${catalogId}-${indicatorId}`,
    indicator: cs(`${catalogId}-indicator`),
    stratifier: cs(`${catalogId}-stratifier`),
  };
}
