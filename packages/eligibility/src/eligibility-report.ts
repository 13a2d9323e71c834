import type { Issue, LocalizedText } from "@yiyang/core";
import type { EntitlementResult } from "./entitlement-result";
import type { CatalogReference } from "./load-service-catalog";
import type { PersonProfile, ProfileAssessment } from "./person-profile-schema";
import type { FundingSource } from "./service-catalog-schema";

/**
 * Whether a result (capability assessment or local care grade) can be used on `asOf`:
 * `current`; `stale` (past its reassessment date); `missing`; or `not-accepted` (made with an
 * instrument or scheme the catalog does not accept).
 */
export type ResultStatus = "current" | "stale" | "missing" | "not-accepted";

/** What the check made of the profile's assessment result or local care grade. */
export interface AssessmentStatus {
  /** Whether it can be used. */
  readonly status: ResultStatus;
  /** The instrument id (assessment) or scheme (local grade) of the profile's result; `null` when there is none. */
  readonly source: string | null;
  /**
   * The level (or grade) the rules see as `level` (or `localGrade`): `null` when there is none, it
   * is not accepted, or it is stale and the catalog says stale results do not count.
   */
  readonly value: number | null;
  /** When it was assessed. */
  readonly assessedOn: string | null;
  /** The first day it is out of date: `nextAssessmentDue`, or `assessedOn` plus the catalog's validity. */
  readonly due: string | null;
  /** Whether `asOf` is on or after `due`. */
  readonly stale: boolean;
}

/**
 * Why a condition could not be tested: the result it needs is missing, out of date or not accepted.
 */
export type BlockedBy =
  | "assessment_missing"
  | "assessment_stale"
  | "assessment_not_accepted"
  | "local_grade_missing"
  | "local_grade_stale"
  | "local_grade_not_accepted";

/** How one condition came out. */
export interface ConditionResult {
  /** The condition's id in the catalog. */
  readonly id: string;
  /** What must hold, in Chinese and English. */
  readonly label: LocalizedText;
  /** Whether it held. */
  readonly held: boolean;
  /** The context values the rule reads, by name (e.g. `{ age: 59 }`); empty for an `anyOf` condition. */
  readonly read: Readonly<Record<string, unknown>>;
  /** Why it was not tested (it then fails), or `null`. */
  readonly blockedBy: BlockedBy | null;
  /** For an `anyOf` condition, how each alternative came out; otherwise `null`. */
  readonly anyOf: readonly ConditionResult[] | null;
}

/** Why a package is not available, naming the failed condition, in both languages. */
export interface EligibilityReason {
  /** The failed condition's id. */
  readonly condition: string;
  /** `condition_not_met`, or the {@link BlockedBy} code when the condition could not be tested. */
  readonly code: "condition_not_met" | BlockedBy;
  /** The reason in English. */
  readonly message: string;
  /** The reason in Chinese. */
  readonly messageZh: string;
}

/** How one package came out. */
export interface PackageResult {
  /** The package id. */
  readonly id: string;
  /** The package name. */
  readonly name: LocalizedText;
  /** Who pays. */
  readonly funding: FundingSource;
  /** Whether every condition held. */
  readonly eligible: boolean;
  /** Every condition, in catalog order, whether it held and what it read (empty when not explaining). */
  readonly conditions: readonly ConditionResult[];
  /** The ids of the conditions that failed, in catalog order; empty when eligible. */
  readonly failed: readonly string[];
  /** One reason per failed condition; empty when eligible (and when not explaining). */
  readonly reasons: readonly EligibilityReason[];
  /** What the package gives; empty when not eligible. */
  readonly entitlements: readonly EntitlementResult[];
  /** The exclusive groups the package belongs to. */
  readonly exclusiveGroups: readonly string[];
  /**
   * The JSON pointers of the catalog's provisional notes on this package that its answer rests on:
   * those on its conditions (and on the instruments it accepts), and, when it is eligible, those on
   * its entitlements. Empty when none.
   */
  readonly provisional: readonly string[];
}

/** What the check made of the assessment results for one set of accepted instruments. */
export interface ScopedAssessmentStatus extends AssessmentStatus {
  /** The instrument ids accepted, in order of preference. */
  readonly instruments: readonly string[];
  /** The packages that accept exactly these instruments (empty for the catalog's own list when every package names its own). */
  readonly packages: readonly string[];
}

/** Eligible packages of one exclusive group: the person may take only one of them. */
export interface EligibilityAlternative {
  /** The group id. */
  readonly group: string;
  /** The group label. */
  readonly label: LocalizedText;
  /** The eligible packages of the group, in catalog order (two or more). */
  readonly packages: readonly string[];
}

/**
 * The answer for one profile: every package, what each gives, and why not. Plain JSON. What may be
 * shared between reports is frozen: the result and reason of each single condition, entitlements,
 * and without explanations whole package results. The rest (the report, its lists, each package's
 * result when explained, `anyOf` results and their reasons) is built for this report alone. Copy
 * before editing.
 */
export interface EligibilityReport {
  /** The catalog that produced it: id, version and fingerprint. */
  readonly catalog: CatalogReference;
  /** The profile's `id`, or `null`. */
  readonly profileId: string | null;
  /** The date decided on. */
  readonly asOf: string;
  /** Age in whole years on `asOf`. */
  readonly age: number;
  /** What was made of the capability assessment under the catalog's own `assessment.instruments`. */
  readonly assessment: AssessmentStatus;
  /**
   * What was made of the profile's results for each set of instruments packages accept: the
   * catalog's own first, then each package's own list; each names its packages. A package accepting
   * `ltci-2021` reads the profile's `ltci-2021` result, one accepting `gbt42195-2022` its GB/T 42195 one.
   */
  readonly assessments: readonly ScopedAssessmentStatus[];
  /** What was made of the local care grade. */
  readonly localGrade: AssessmentStatus;
  /** Every package of the catalog, in catalog order. */
  readonly packages: readonly PackageResult[];
  /** Ids of the eligible packages, in catalog order. */
  readonly eligible: readonly string[];
  /** Exclusive groups with more than one eligible package: the person chooses; nothing is chosen for them. */
  readonly alternatives: readonly EligibilityAlternative[];
  /**
   * The JSON pointers of the catalog's provisional notes (content not yet verified against an
   * official text) this report rests on: every package's (see {@link PackageResult.provisional}),
   * those on the assessment and local-grade settings when the profile has such a result, those on
   * an exclusive group when it came back as alternatives, and the others; in the order the catalog
   * lists them.
   */
  readonly provisional: readonly string[];
  /** Warnings: a stale or unaccepted result, a catalog not in force on `asOf`, an entitlement that could not be determined. */
  readonly issues: readonly Issue[];
}

/**
 * What catalog rules read: the context built from the profile on `asOf`.
 * @internal
 */
export interface EligibilityContext {
  asOf: string;
  age: number;
  profile: PersonProfile;
  assessment: ProfileAssessment | null;
  level: number | null;
  assessmentStale: boolean;
  localGrade: number | null;
  localGradeStale: boolean;
  eligible: Record<string, boolean>;
}
