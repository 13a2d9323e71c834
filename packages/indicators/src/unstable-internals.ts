/**
 * The checked plan of a loaded catalog, for sibling packages that compile it elsewhere (the SQL
 * compiler of `@yiyang/sql`). Not part of the public API: it changes without notice.
 * @internal
 * @packageDocumentation
 */
export { getCatalogPlan, AGE_FIELD, SUBJECT_FIELD } from "./load-indicator-catalog";
export type { CatalogPlan, CheckPlan, FieldPlan, IndicatorPlan, StratifierPlan, StratumBand, SubjectPlan } from "./load-indicator-catalog";
export { FIELD_CODES, SEX_VALUES } from "./field-types";
export type { FieldKind, FieldType } from "./field-types";
export { resolveReportSettings } from "./build-indicator-report";
export type { ReportSettings } from "./build-indicator-report";
