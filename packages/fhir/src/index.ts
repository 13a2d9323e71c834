/**
 * HL7 FHIR R4 for Yiyang: instruments as SDC Questionnaires, records as QuestionnaireResponses, results as
 * Observations with their Provenance, and indicator catalogs and reports as Measures and MeasureReports.
 *
 * @module @yiyang/fhir
 */
export { FHIR_BASE, HL7_URLS, YIYANG_CODE_SYSTEMS, YIYANG_EXTENSIONS, catalogUrls, instrumentUrls } from "./fhir-urls";
export { safeToQuestionnaire, toQuestionnaire } from "./to-questionnaire";
export type { ToQuestionnaireOptions } from "./to-questionnaire";
export { toLevelCodeSystem } from "./to-level-code-system";
export { safeToQuestionnaireResponse, toQuestionnaireResponse } from "./to-questionnaire-response";
export type { ToQuestionnaireResponseOptions } from "./to-questionnaire-response";
export { fromQuestionnaireResponse, safeFromQuestionnaireResponse } from "./from-questionnaire-response";
export type { RecordFromResponse } from "./from-questionnaire-response";
export { toObservations } from "./to-observations";
export type { ToObservationsOptions } from "./to-observations";
export { toProvenance } from "./to-provenance";
export type { ToProvenanceOptions } from "./to-provenance";
export { toAssessmentBundle } from "./to-assessment-bundle";
export type { ToAssessmentBundleOptions } from "./to-assessment-bundle";
export { toMeasure } from "./to-measure";
export { toMeasureReport } from "./to-measure-report";
export { toIndicatorBundle } from "./to-indicator-bundle";
export { toOperationOutcome } from "./to-operation-outcome";
export type { ToOperationOutcomeOptions } from "./to-operation-outcome";
