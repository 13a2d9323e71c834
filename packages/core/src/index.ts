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
} from "./compile-logic";
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
export { fingerprint, sha256Hex } from "./fingerprint";
export { createIssue, hasErrors, toPointer } from "./issues";
export type { Issue, IssueSeverity, PathSegment, SafeResult } from "./issues";
export { errorFromIssues, isYiyangError, toYiyangError, YiyangError, YIYANG_ERROR_CODES } from "./errors";
export type { YiyangErrorCode, YiyangErrorOptions } from "./errors";
export {
  bilingual,
  calendarDateSchema,
  defineDocumentKind,
  documentEnvelopeSchema,
  documentEnvelopeShape,
  documentSourceSchema,
  findVersionOverlaps,
  localizedTextSchema,
  provisionalNoteSchema,
  safeParseWith,
  safeSelectVersion,
  selectVersion,
  toJsonSchema,
  validateLogicAt,
} from "./documents";
export type { DocumentEnvelope, LocalizedText } from "./documents";
