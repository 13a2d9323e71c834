/**
 * Elderly capability assessment: load an instrument document once, then `assess`, `verifyResult` and `explainResult` records with it.
 *
 * @module @yiyang/assessment
 */
export { instrumentKind, isInstrument, loadInstrument, safeLoadInstrument } from "./load-instrument";
export type { Instrument, LoadInstrumentOptions } from "./load-instrument";
export { assess, safeAssess } from "./assess";
export type { AssessOptions } from "./assess";
export { validateAnswers } from "./validate-answers";
export type { ValidateAnswersOptions } from "./validate-answers";
export { verifyResult } from "./verify-result";
export type { ResultDifference, ResultVerification, VerificationStatus, VerifyResultOptions } from "./verify-result";
export { explainResult } from "./explain-result";
export type { ExplainResultOptions, ExplanationStep, ExplanationStepKind, ResultExplanation, ScoreMargin } from "./explain-result";
export { createLevelImpact } from "./create-level-impact";
export type { CreateLevelImpactOptions, LevelImpact, LevelImpactCell, LevelImpactEntry, LevelImpactSummary } from "./create-level-impact";
export { runInstrumentTests } from "./run-instrument-tests";
export type { InstrumentTestMismatch, InstrumentTestReport, RunInstrumentTestsOptions } from "./run-instrument-tests";
export { getInstrumentJsonSchema } from "./instrument-schema";
export { INSTRUMENT_KIND } from "./instrument-document";
export type {
  AdjustmentDefinition,
  AdjustmentEffect,
  ComputedValue,
  DimensionGrade,
  DiseaseDefinition,
  GradeBand,
  GradeDefinition,
  InstrumentDimension,
  InstrumentDocument,
  InstrumentItem,
  InstrumentOption,
  InstrumentTestCase,
  InstrumentTestIssueExpectation,
  InstrumentTestResultExpectation,
  LevelBand,
  LevelChange,
  LevelDefinition,
  PolicyFlag,
  PreliminaryLevel,
  ReassessmentRule,
  RecordCheck,
  RiskEventDefinition,
  RiskEventsSpec,
  ScoreBand,
  SubjectRules,
  TotalSpec,
} from "./instrument-document";
export {
  checkRecordMapping,
  isRecordMapping,
  loadRecordMapping,
  mapRecord,
  recordMappingKind,
  safeLoadRecordMapping,
  safeMapRecord,
} from "./record-mapping";
export type { LoadRecordMappingOptions, MappingReference, RecordMapping } from "./record-mapping";
export { getRecordMappingJsonSchema, recordMappingSchema } from "./record-mapping-schema";
export { RECORD_MAPPING_KIND } from "./mapping-reader";
export type { ParsedRecordMapping, RecordMappingCoding, RecordMappingDocument, RecordMappingTestCase } from "./record-mapping-schema";
export { resolvePolicyFlags } from "./resolve-instrument";
export type { InstrumentSource } from "./resolve-instrument";
export type { AppliedAdjustment, AssessmentRecord, AssessmentResult, InstrumentReference } from "./types";
