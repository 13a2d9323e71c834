/**
 * Service-package eligibility: who gets which package under a city's catalog, with entitlements and the reason for every no.
 *
 * @module @yiyang/eligibility
 */
export {
  ENTITLEMENT_KINDS,
  FUNDING_SOURCES,
  SHARE_ROUNDINGS,
  serviceCatalogSchema,
} from "./service-catalog-schema";
export type {
  CatalogCondition,
  CatalogEntitlement,
  CatalogPackage,
  EntitlementItem,
  EntitlementKind,
  FundingSource,
  ParsedServiceCatalog,
  ServiceCatalogDocument,
  ServiceCatalogTestCase,
  ShareRounding,
} from "./service-catalog-schema";
export {
  ECONOMIC_STATUSES,
  LIVING_ARRANGEMENTS,
  localCareGradeSchema,
  personProfileSchema,
  profileAssessmentSchema,
} from "./person-profile-schema";
export type {
  EconomicStatus,
  LivingArrangement,
  LocalCareGrade,
  PersonProfile,
  PersonProfileInput,
  ProfileAssessment,
  ProfileAssessmentInput,
} from "./person-profile-schema";
export { parsePersonProfile, safeParsePersonProfile } from "./parse-person-profile";
export { CONTEXT_FIELDS, isServiceCatalog, loadServiceCatalog, safeLoadServiceCatalog, serviceCatalogKind } from "./load-service-catalog";
export type { CatalogReference, ServiceCatalog } from "./load-service-catalog";
export { checkEligibility, safeCheckEligibility } from "./check-eligibility";
export type { CheckEligibilityOptions } from "./check-eligibility";
export { createEligibilityImpact } from "./create-eligibility-impact";
export type {
  CreateEligibilityImpactOptions,
  EligibilityImpact,
  EligibilityImpactEntry,
  EligibilityImpactRow,
  EligibilityImpactSummary,
} from "./create-eligibility-impact";
export type {
  AssessmentStatus,
  BlockedBy,
  ConditionResult,
  EligibilityAlternative,
  EligibilityReason,
  EligibilityReport,
  PackageResult,
  ResultStatus,
  ScopedAssessmentStatus,
} from "./eligibility-report";
export type { EntitlementResult } from "./entitlement-result";
export { applyShare, formatBasisPoints, formatYuan } from "./money";
export { careGradeMappingSchema } from "./care-grade-mapping-schema";
export type { CareGradeMappingDocument, ParsedCareGradeMapping } from "./care-grade-mapping-schema";
export {
  careGradeMappingKind,
  isCareGradeMapping,
  loadCareGradeMapping,
  mapCareGrade,
  safeLoadCareGradeMapping,
  safeMapCareGrade,
} from "./map-care-grade";
export type { CareGradeMapping, MapCareGradeOptions, MappedCareGrade } from "./map-care-grade";
export { entitlementValue, runCareGradeMappingTests, runServiceCatalogTests } from "./run-catalog-tests";
export type { CatalogTestResult, TestFailure } from "./run-catalog-tests";
