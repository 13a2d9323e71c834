/**
 * The rule kernel: a safe JSON Logic compiler, rule documents with effective dates and fingerprints, calendar dates and bilingual issues.
 *
 * @module @yiyang/core
 */
export {
  compileLogic,
  safeCompileLogic,
  createLogicEngine,
  STANDARD_OPERATORS,
  MAX_TRACE_ENTRIES,
} from "./compile-logic";
export type {
  CompiledLogic,
  CompileLogicOptions,
  CreateLogicEngineOptions,
  LogicEngine,
  LogicExplanation,
  LogicOperator,
  LogicTrace,
  OperatorContext,
  StandardOperator,
  LogicLimits,
  ParsedRule,
} from "./compile-logic";
export { OPERATOR_SPECS, isStandardOperator } from "./operators";
export type { OperatorReads, OperatorResultType, OperatorScope, OperatorScopeData, OperatorSpec } from "./operators";
export { collectReads, walkRule } from "./rule-ast";
export type { RuleArray, RuleLiteral, RuleNode, RuleOperation, RuleRead, RuleScope, RuleVisit } from "./rule-ast";
export { checkReads, resolveVariable } from "./vocabulary";
export type { CheckedRead, Vocabulary, VocabularyField, VocabularyType } from "./vocabulary";
export { fillTemplate, parseTemplate } from "./template";
export type { TemplateParts } from "./template";
export { copyJsonValue, DEFAULT_JSON_LIMITS, parseJson } from "./json-value";
export type { JsonLimits, ParseJsonOptions } from "./json-value";
export {
  createDocumentRegistry,
  defineDocumentKind,
  isLoadedDocument,
  kindOfLoaded,
  runDocumentTests,
} from "./document-kind";
export { validateDocument } from "./validate-document";
export type {
  CheckedRule,
  DocumentCompileContext,
  DocumentKind,
  DocumentKindDefinition,
  DocumentRegistry,
  DocumentTestContext,
  DocumentTestResult,
  LoadDocumentOptions,
  LoadedDocument,
  RunDocumentTestsOptions,
} from "./document-kind";
export { DEFAULT_LOGIC_LIMITS } from "./logic-parse";
export { truthy as isTruthy } from "./logic-semantics";
export { domainOperators } from "./domain-operators";
export {
  addDays,
  addMonths,
  addYears,
  ageOn,
  compareCalendarDates,
  daysBetween,
  fromEpochDay,
  isCalendarDate,
  monthsBetween,
  parseCalendarDate,
  toEpochDay,
} from "./calendar-date";
export type { CalendarDate } from "./calendar-date";
export { isIcd10InRanges, normalizeIcd10, parseIcd10Ranges } from "./icd10";
export type { Icd10Range } from "./icd10";
export { canonicalize } from "./canonical-json";
export { normalizeSex, SEX_CODE_SPELLINGS } from "./sex-code";
export type { SexCode } from "./sex-code";
export { parseCitizenId, safeParseCitizenId } from "./citizen-id";
export type { CitizenId } from "./citizen-id";
export { fingerprint, sha256Hex } from "./fingerprint";
export { createIssue, hasErrors, toPointer } from "./issues";
export type { Issue, IssueSeverity, PathSegment, SafeResult } from "./issues";
export { errorFromIssues, isYiyangError, toYiyangError, YiyangError, YIYANG_ERROR_CODES } from "./errors";
export type { YiyangErrorCode, YiyangErrorOptions } from "./errors";
export { bilingual, safeParseWith } from "./safe-parse-with";
export {
  calendarDateSchema,
  documentEnvelopeSchema,
  documentSchema,
  documentEnvelopeShape,
  documentSourceSchema,
  localizedTextSchema,
  provisionalNoteSchema,
} from "./documents";
export type { DocumentEnvelope, LocalizedText, ProvisionalNote } from "./document-envelope";
export { resolvePointer } from "./resolve-pointer";
export { findVersionOverlaps, safeSelectVersion, selectVersion } from "./select-version";
export { documentJsonSchema, toJsonSchema } from "./to-json-schema";
export { validateLogicAt } from "./validate-logic-at";
