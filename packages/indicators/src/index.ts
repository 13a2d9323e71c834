/**
 * Indicator catalogs: the rates health and elderly-care plans set targets for, over a city's records in one pass.
 *
 * @module @yiyang/indicators
 */
export { buildIndicatorReport } from "./build-indicator-report";
export type {
  BuildIndicatorReportOptions,
  IndicatorCounts,
  IndicatorStratumTally,
  IndicatorTallies,
  IndicatorTally,
} from "./build-indicator-report";
export { computeIndicators, computeIndicatorsAsync, safeComputeIndicators } from "./compute-indicators";
export type { ComputeIndicatorsAsyncOptions, ComputeIndicatorsOptions, IndicatorRecords } from "./compute-indicators";
export {
  createIndicatorAccumulator,
  DEFAULT_MAX_RECORD_ISSUES,
  DEFAULT_MAX_STRATA,
} from "./create-indicator-accumulator";
export type { CreateIndicatorAccumulatorOptions, IndicatorAccumulator } from "./create-indicator-accumulator";
export { createIndicatorImpact } from "./create-indicator-impact";
export type { CreateIndicatorImpactOptions, IndicatorImpact, IndicatorImpactResult, IndicatorImpactRow } from "./create-indicator-impact";
export { formatIndicatorReport } from "./format-indicator-report";
export type { FormatIndicatorReportOptions } from "./format-indicator-report";
export {
  INDICATOR_UNITS,
  SUBJECT_KINDS,
  TARGET_COMPARISONS,
  indicatorCatalogSchema,
  indicatorCatalogTestSchema,
  indicatorCitationSchema,
  indicatorDefinitionSchema,
  indicatorTargetSchema,
  recordSchemaSchema,
  stratifierSchema,
} from "./indicator-catalog-schema";
export type {
  IndicatorCatalogDocument,
  IndicatorCatalogTest,
  IndicatorCitation,
  IndicatorDefinition,
  IndicatorTarget,
  IndicatorUnit,
  RecordSchemaDefinition,
  StratifierDefinition,
  SubjectKind,
  TargetComparison,
} from "./indicator-catalog-schema";
export { indicatorCatalogKind, isIndicatorCatalog, loadIndicatorCatalog, safeLoadIndicatorCatalog } from "./load-indicator-catalog";
export type { IndicatorCatalog, IndicatorCatalogInput, LoadedIndicatorCatalog } from "./load-indicator-catalog";
export { runIndicatorCatalogTests } from "./run-indicator-catalog-tests";
export type { IndicatorCatalogTestResult } from "./run-indicator-catalog-tests";
export type {
  AppliedTarget,
  AttainmentRange,
  AttainmentStatus,
  IndicatorPeriod,
  IndicatorReport,
  IndicatorResult,
  IndicatorValue,
  RecordCounts,
  RecordIssue,
  RecordPosition,
  StratifierValues,
  StratumValue,
  TargetAttainment,
} from "./types";
