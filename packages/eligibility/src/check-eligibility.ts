import {
  addMonths,
  ageOn,
  createIssue,
  isCalendarDate,
  isYiyangError,
  toYiyangError,
  YIYANG_ERROR_CODES,
  YiyangError,
  type Issue,
  type LocalizedText,
  type SafeResult, errorFromIssues } from "@yiyang/core";
import type { EntitlementResult } from "./entitlement-result";
import { toEntitlementResult } from "./entitlement-result";
import {
  entitlementValueProblem,
  GATE_ASSESSMENT,
  GATE_LOCAL_GRADE,
  getCompiledCatalog,
  loadServiceCatalog,
  type CatalogReference,
  type CompiledCatalog,
  type CompiledCondition,
  type CompiledEntitlement,
  type CompiledGroup,
  type CompiledLeaf,
  type CompiledPackage,
  type DecisionNode,
  type ReadSlot,
  type ServiceCatalog,
} from "./load-service-catalog";
import type {
  AssessmentStatus,
  ConditionResult,
  EligibilityAlternative,
  EligibilityContext,
  EligibilityReason,
  EligibilityReport,
  PackageResult,
  ResultStatus,
  ScopedAssessmentStatus,
} from "./eligibility-report";
import {
  describeGate,
  evaluateAnyOf,
  evaluateLeaf,
  fillSlot,
  gateTextsOf,
  leafReason,
  showValue,
  type GateTexts,
  type LeafMemo,
} from "./evaluate-leaf";
import type { PersonProfile } from "./person-profile-schema";
import { assessmentListIssues, fastParsePersonProfile, profileResults, safeParsePersonProfile } from "./parse-person-profile";
import type { EntitlementItem } from "./service-catalog-schema";

/** Options for {@link checkEligibility} and {@link safeCheckEligibility}. */
export interface CheckEligibilityOptions {
  /** The date to decide on (`YYYY-MM-DD`): age, staleness and the catalog's dates are taken on it. */
  asOf: string;
  /**
   * Whether to explain (default `true`): every condition with the values it read, and a reason in
   * Chinese and English for every "no". With `false` only the decision comes back (eligibility,
   * failed condition ids, entitlements, alternatives, warnings); `conditions` and `reasons` are
   * empty. For screening many profiles, e.g. counting who a catalog change would move.
   */
  explain?: boolean;
}

const NO_REASONS: readonly EligibilityReason[] = Object.freeze([]);
const NO_FAILED: readonly string[] = Object.freeze([]);
const NO_ISSUES: readonly Issue[] = Object.freeze([]);
const NO_CONDITIONS: readonly ConditionResult[] = Object.freeze([]);
const NO_ENTITLEMENTS: readonly EntitlementResult[] = Object.freeze([]);

function entitlementIssue(code: string, entitlement: CompiledEntitlement, packageId: string, en: string, zh: string, severity: "error" | "warning"): Issue {
  return createIssue(code, "", en, zh, { severity, params: { package: packageId, entitlement: entitlement.id, catalogPath: entitlement.path } });
}

function evaluateEntitlement(
  entitlement: CompiledEntitlement,
  packageId: string,
  context: EligibilityContext,
  issues: Issue[],
): EntitlementResult | null {
  if (entitlement.constant !== null) return entitlement.constant;
  const blocked =
    ((entitlement.gate & GATE_ASSESSMENT) !== 0 && context.level === null) ||
    ((entitlement.gate & GATE_LOCAL_GRADE) !== 0 && context.localGrade === null);
  if (blocked) {
    issues.push(
      entitlementIssue(
        "entitlement_undetermined",
        entitlement,
        packageId,
        `Entitlement ${entitlement.id} of package ${packageId} needs a current result the profile does not have; it is left out.`,
        `服务包 ${packageId} 的权益 ${entitlement.id} 需要有效的评估结果，但档案中没有，故未列出。`,
        "warning",
      ),
    );
    return null;
  }
  if (entitlement.band !== null) {
    const index = entitlement.band(context);
    const row = typeof index === "number" ? entitlement.rows[index] : undefined;
    if (row !== undefined) return row;
    issues.push(
      entitlementIssue(
        "entitlement_undetermined",
        entitlement,
        packageId,
        `Entitlement ${entitlement.id} of package ${packageId}: no band of its table holds the person's value; it is left out.`,
        `服务包 ${packageId} 的权益 ${entitlement.id}：对照表中没有适用于此人的分段，故未列出。`,
        "warning",
      ),
    );
    return null;
  }
  const value = (entitlement.rule as (data: unknown) => unknown)(context);
  const primitive = typeof value !== "object" || value === null;
  if (primitive) {
    const cached = entitlement.cache.get(value);
    if (cached !== undefined) return cached;
  }
  const problem = entitlementValueProblem(entitlement.kind, value);
  if (problem !== undefined) {
    issues.push(
      entitlementIssue(
        "invalid_entitlement_value",
        entitlement,
        packageId,
        `Entitlement ${entitlement.id} of package ${packageId} computed ${showValue(value)}: ${problem.en}`,
        `服务包 ${packageId} 的权益 ${entitlement.id} 计算结果为 ${showValue(value)}：${problem.zh}`,
        "error",
      ),
    );
    return null;
  }
  const result = toEntitlementResult(entitlement.id, entitlement.kind, entitlement.label, value as number | EntitlementItem[], entitlement.rounding);
  if (primitive && entitlement.cache.size < 1024) entitlement.cache.set(value, result);
  return result;
}

/**
 * Decide one package: evaluate its conditions (each distinct leaf once per profile, each result
 * shared across profiles that read the same values), and when eligible its entitlements.
 */
/** Reasons of the package being explained, before they are copied out (evaluation never nests). */
const reasonScratch: EligibilityReason[] = [];

function evaluatePackage(pkg: CompiledPackage, context: EligibilityContext, gates: GateTexts, memo: LeafMemo, issues: Issue[]): PackageResult {
  const conditions = pkg.conditions;
  const conditionResults = new Array<ConditionResult>(conditions.length);
  let failures = 0;
  let mask = 0;
  for (let c = 0; c < conditions.length; c++) {
    const condition = conditions[c] as CompiledCondition;
    const leaf = condition.leaf;
    if (leaf !== null) {
      const entry = memo.results[leaf.index] ?? evaluateLeaf(leaf, context, gates, memo);
      const result = entry.result;
      conditionResults[c] = result;
      if (!result.held) {
        mask |= 1 << c;
        reasonScratch[failures++] = leafReason(leaf, entry, gates);
      }
    } else {
      const group = evaluateAnyOf(condition, context, gates, memo);
      conditionResults[c] = group.result;
      if (!group.result.held) {
        mask |= 1 << c;
        reasonScratch[failures++] = group.reason as EligibilityReason;
      }
    }
  }
  let reasons: readonly EligibilityReason[] = NO_REASONS;
  if (failures > 0) {
    const list = new Array<EligibilityReason>(failures);
    for (let i = 0; i < failures; i++) list[i] = reasonScratch[i] as EligibilityReason;
    reasons = list;
  }
  const eligible = mask === 0;
  return {
    id: pkg.id,
    name: pkg.name,
    funding: pkg.funding,
    eligible,
    conditions: conditionResults,
    failed: failedIds(pkg, mask),
    reasons,
    entitlements: eligible ? evaluateEntitlements(pkg, context, issues) : NO_ENTITLEMENTS,
    exclusiveGroups: pkg.groups,
    provisional: eligible ? pkg.provisionalIfEligible : pkg.provisionalIfNot,
  };
}

function evaluateEntitlements(pkg: CompiledPackage, context: EligibilityContext, issues: Issue[]): readonly EntitlementResult[] {
  const entitlements = pkg.entitlements;
  if (entitlements.length === 0) return NO_ENTITLEMENTS;
  const list = new Array<EntitlementResult>(entitlements.length);
  let count = 0;
  for (let e = 0; e < entitlements.length; e++) {
    const value = evaluateEntitlement(entitlements[e] as CompiledEntitlement, pkg.id, context, issues);
    if (value !== null) list[count++] = value;
  }
  if (count < list.length) list.length = count;
  return list;
}

/** Most failed-condition masks one package keeps results for. */
const MAX_MASKS = 4096;

/** The frozen list of the ids of the conditions whose bits are set (one list per mask, shared). */
function failedIds(pkg: CompiledPackage, mask: number): readonly string[] {
  if (mask === 0) return NO_FAILED;
  let ids = pkg.failedByMask.get(mask);
  if (ids === undefined) {
    const list: string[] = [];
    for (let c = 0; c < pkg.conditions.length; c++) if ((mask & (1 << c)) !== 0) list.push((pkg.conditions[c] as CompiledCondition).id);
    ids = Object.freeze(list);
    if (pkg.failedByMask.size < MAX_MASKS) pkg.failedByMask.set(mask, ids);
  }
  return ids;
}

/**
 * Decide one package without explaining it: each condition's outcome only. Results are shared
 * (frozen) between profiles with the same failed conditions and the same entitlement results.
 */
function decidePackage(pkg: CompiledPackage, context: EligibilityContext, gates: GateTexts, memo: LeafMemo, issues: Issue[]): PackageResult {
  const conditions = pkg.conditions;
  let mask = 0;
  for (let c = 0; c < conditions.length; c++) {
    const condition = conditions[c] as CompiledCondition;
    const leaf = condition.leaf;
    let held: boolean;
    if (leaf !== null) held = (memo.results[leaf.index] ?? evaluateLeaf(leaf, context, gates, memo)).result.held;
    else {
      held = false;
      const leaves = condition.anyOf as readonly CompiledLeaf[];
      for (let l = 0; l < leaves.length; l++) if (evaluateLeaf(leaves[l] as CompiledLeaf, context, gates, memo).result.held) held = true;
    }
    if (!held) mask |= 1 << c;
  }
  let node = pkg.decisions.get(mask);
  if (node === undefined && pkg.decisions.size < MAX_MASKS) {
    node = { result: null, next: null };
    pkg.decisions.set(mask, node);
  }
  let entitlements: readonly EntitlementResult[] = NO_ENTITLEMENTS;
  if (mask === 0 && pkg.entitlements.length > 0) {
    entitlements = evaluateEntitlements(pkg, context, issues);
    for (let e = 0; e < entitlements.length && node !== undefined; e++) {
      const key = entitlements[e] as EntitlementResult;
      let next: DecisionNode | undefined = node.next?.get(key);
      if (next === undefined && (node.next?.size ?? 0) < 64) {
        next = { result: null, next: null };
        (node.next ??= new Map()).set(key, next);
      }
      node = next;
    }
  }
  if (node !== undefined && node.result !== null && node.result.entitlements.length === entitlements.length) return node.result;
  const result: PackageResult = Object.freeze({
    id: pkg.id,
    name: pkg.name,
    funding: pkg.funding,
    eligible: mask === 0,
    conditions: NO_CONDITIONS,
    failed: failedIds(pkg, mask),
    reasons: NO_REASONS,
    entitlements: Object.freeze(entitlements),
    exclusiveGroups: pkg.groups,
    provisional: mask === 0 ? pkg.provisionalIfEligible : pkg.provisionalIfNot,
  });
  if (node !== undefined) node.result = result;
  return result;
}

function resultStatus(
  assessedOn: string,
  due: string | undefined,
  validityMonths: number,
  asOf: string,
  source: string,
  accepted: boolean,
  staleCounts: boolean,
  value: number,
): AssessmentStatus {
  // A due date past 9999-12-31 cannot be written: such a result is current on every date there is.
  const dueOn = due ?? dueAfter(assessedOn, validityMonths);
  const stale = dueOn !== null && asOf >= dueOn;
  const status: ResultStatus = !accepted ? "not-accepted" : stale ? "stale" : "current";
  const usable = accepted && (!stale || staleCounts);
  return { status, source, value: usable ? value : null, assessedOn, due: dueOn, stale };
}

/** `addMonths(date, months)`, or `null` when that would fall after 9999-12-31. */
function dueAfter(date: string, months: number): string | null {
  // `date` is a valid YYYY-MM-DD: its digits read straight from the string (no slices to parse).
  const year = (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + date.charCodeAt(3) - 48;
  const index = year * 12 + (date.charCodeAt(5) - 48) * 10 + date.charCodeAt(6) - 48 - 1 + months;
  return index <= 9999 * 12 + 11 ? addMonths(date, months) : null;
}

const MISSING: AssessmentStatus = Object.freeze({ status: "missing", source: null, value: null, assessedOn: null, due: null, stale: false });

/** A profile's results, each with its JSON pointer. */
type ProfileResults = ReturnType<typeof profileResults>;

/**
 * The result a scope uses: among the profile's results of the instruments it accepts, the first
 * (in the scope's order) that is current, else the first there is (then stale). With results but
 * none accepted, `not-accepted` naming the first result's instrument; with none, `missing`.
 */

function assessmentStatusOf(
  results: ProfileResults,
  compiled: CompiledCatalog,
  scope: number,
  asOf: string,
): { status: AssessmentStatus; used: (typeof results)[number] | null } {
  if (results.length === 0) return { status: MISSING, used: null };
  const settings = compiled.assessment;
  const instruments = (compiled.scopes[scope] as CompiledCatalog["scopes"][number]).instruments;
  let fallback: { status: AssessmentStatus; used: (typeof results)[number] } | null = null;
  for (const id of instruments) {
    for (const entry of results) {
      if (entry.assessment.instrument.id !== id) continue;
      const a = entry.assessment;
      const status = resultStatus(a.assessedOn, a.nextAssessmentDue ?? undefined, settings.validityMonths, asOf, id, true, settings.staleCounts, a.level);
      if (!status.stale) return { status, used: entry };
      fallback ??= { status, used: entry };
    }
  }
  if (fallback !== null) return fallback;
  const first = (results[0] as (typeof results)[number]).assessment;
  return { status: resultStatus(first.assessedOn, first.nextAssessmentDue ?? undefined, settings.validityMonths, asOf, first.instrument.id, false, settings.staleCounts, first.level), used: null };
}

function localGradeStatusOf(profile: PersonProfile, compiled: CompiledCatalog, asOf: string): AssessmentStatus {
  const grade = profile.localCareGrade;
  if (grade === undefined) return MISSING;
  const settings = compiled.localGrade;
  return resultStatus(
    grade.assessedOn,
    grade.nextAssessmentDue,
    settings?.validityMonths ?? 12,
    asOf,
    grade.scheme,
    settings !== null && settings.schemes.includes(grade.scheme),
    settings?.staleCounts ?? false,
    grade.grade,
  );
}

function statusIssues(kind: "assessment" | "localGrade", status: AssessmentStatus, profile: PersonProfile, counts: boolean, used: { assessment: { nextAssessmentDue?: string | null | undefined }; path: string } | null = null): Issue[] {
  const root = kind === "assessment" ? (used?.path ?? "/assessment") : "/localCareGrade";
  const hasDue = kind === "assessment" ? (used?.assessment.nextAssessmentDue ?? undefined) !== undefined : profile.localCareGrade?.nextAssessmentDue !== undefined;
  const what = kind === "assessment" ? { en: "capability assessment", zh: "能力评估" } : { en: "local care grade", zh: "本地照护等级" };
  if (status.status === "not-accepted") {
    return [
      createIssue(
        kind === "assessment" ? "assessment_not_accepted" : "local_grade_not_accepted",
        kind === "assessment" ? `${root}/instrument/id` : `${root}/scheme`,
        `The ${what.en} (${status.source}) is not one this catalog accepts; conditions that need it fail.`,
        `${what.zh}（${status.source}）不被本目录认可；需要它的条件均不满足。`,
        { severity: "warning", params: { source: status.source } },
      ),
    ];
  }
  if (status.stale) {
    return [
      createIssue(
        kind === "assessment" ? "assessment_stale" : "local_grade_stale",
        hasDue ? `${root}/nextAssessmentDue` : `${root}/assessedOn`,
        `The ${what.en} of ${status.assessedOn} is out of date: reassessment was due on ${status.due}. ${
          counts ? "This catalog still counts it." : "Conditions that need it fail until the person is reassessed."
        }`,
        `${what.zh}（${status.assessedOn}）已过期：应于 ${status.due} 前复评。${counts ? "本目录规定过期结果仍然有效。" : "重新评估前，需要它的条件均不满足。"}`,
        { severity: "warning", params: { assessedOn: status.assessedOn, due: status.due } },
      ),
    ];
  }
  return [];
}

function crossFieldIssues(profile: PersonProfile, results: ProfileResults, asOf: string): readonly Issue[] {
  if (
    profile.birthDate <= asOf &&
    results.every((r) => r.assessment.assessedOn <= asOf) &&
    (profile.localCareGrade === undefined || profile.localCareGrade.assessedOn <= asOf)
  ) {
    return NO_ISSUES;
  }
  const issues: Issue[] = [];
  if (profile.birthDate > asOf) {
    issues.push(
      createIssue("born_after_as_of", "/birthDate", `The birth date ${profile.birthDate} is after asOf ${asOf}.`, `出生日期 ${profile.birthDate} 晚于判断日期 ${asOf}。`),
    );
  }
  for (const { assessment, path } of results) {
    if (assessment.assessedOn <= asOf) continue;
    issues.push(
      createIssue(
        "assessed_after_as_of",
        `${path}/assessedOn`,
        `The assessment date ${assessment.assessedOn} is after asOf ${asOf}: it did not exist yet.`,
        `评估日期 ${assessment.assessedOn} 晚于判断日期 ${asOf}：当时尚无此评估。`,
      ),
    );
  }
  if (profile.localCareGrade !== undefined && profile.localCareGrade.assessedOn > asOf) {
    issues.push(
      createIssue(
        "assessed_after_as_of",
        "/localCareGrade/assessedOn",
        `The local care grade date ${profile.localCareGrade.assessedOn} is after asOf ${asOf}: it did not exist yet.`,
        `本地照护等级评定日期 ${profile.localCareGrade.assessedOn} 晚于判断日期 ${asOf}：当时尚无此评定。`,
      ),
    );
  }
  return issues;
}

const documentCatalogs = new WeakMap<object, ServiceCatalog>();

function resolveCatalog(catalog: ServiceCatalog | unknown): { catalog: ServiceCatalog; compiled: CompiledCatalog } {
  let compiled = getCompiledCatalog(catalog);
  if (compiled !== undefined) return { catalog: catalog as ServiceCatalog, compiled };
  if (typeof catalog !== "object" || catalog === null) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, "The catalog must be a loaded catalog or a service-catalog document.", {
      messageZh: "catalog 必须是已加载的服务目录或服务目录文档。",
    });
  }
  let loaded = documentCatalogs.get(catalog);
  if (loaded === undefined) {
    loaded = loadServiceCatalog(catalog);
    documentCatalogs.set(catalog, loaded);
  }
  compiled = getCompiledCatalog(loaded) as CompiledCatalog;
  return { catalog: loaded, compiled };
}

function evaluate(
  catalog: ServiceCatalog,
  compiled: CompiledCatalog,
  profile: PersonProfile,
  results: ProfileResults,
  asOf: string,
  explain: boolean,
): SafeResult<EligibilityReport> {
  const issues: Issue[] = [];
  if (asOf < catalog.effective.from || (catalog.effective.to !== undefined && asOf >= catalog.effective.to)) {
    issues.push(
      createIssue(
        "catalog_not_in_force",
        "",
        `Catalog ${catalog.id} ${catalog.version} is not in force on ${asOf} (in force from ${catalog.effective.from}${catalog.effective.to ? ` until ${catalog.effective.to}` : ""}).`,
        `服务目录 ${catalog.id} ${catalog.version} 在 ${asOf} 不生效（生效期自 ${catalog.effective.from}${catalog.effective.to ? ` 至 ${catalog.effective.to} 前` : ""}）。`,
        { severity: "warning", params: { catalog: catalog.id, version: catalog.version } },
      ),
    );
  }
  // One context per scope (the instruments a group of packages accepts); usually there is one.
  const scopes = compiled.scopes;
  const statuses = new Array<AssessmentStatus>(scopes.length);
  const contexts = new Array<EligibilityContext>(scopes.length);
  const gateList = new Array<GateTexts>(scopes.length);
  const localGrade = localGradeStatusOf(profile, compiled, asOf);
  const eligibleMap: Record<string, boolean> = {};
  const age = ageOn(profile.birthDate, asOf);
  const localTexts = gateTextsOf(compiled, 0);
  const localGate = describeGate("localGrade", localGrade, localTexts);
  const packageNames = packageNamesOf(compiled);
  let acceptedAnywhere = false;
  let seenIssues: Set<string> | null = null;
  for (let s = 0; s < scopes.length; s++) {
    const { status, used } = assessmentStatusOf(results, compiled, s, asOf);
    statuses[s] = status;
    if (used !== null) acceptedAnywhere = true;
    if (status.status === "stale" && used !== null) {
      for (const issue of statusIssues("assessment", status, profile, compiled.assessment.staleCounts, used)) {
        seenIssues ??= new Set();
        if (!seenIssues.has(issue.path)) {
          seenIssues.add(issue.path);
          issues.push(issue);
        }
      }
    }
    gateList[s] = { assessment: describeGate("assessment", status, gateTextsOf(compiled, s)), localGrade: localGate, packageNames };
    contexts[s] = {
      asOf,
      age,
      profile,
      assessment: used === null ? null : used.assessment,
      level: status.value,
      assessmentStale: status.stale,
      localGrade: localGrade.value,
      localGradeStale: localGrade.stale,
      eligible: eligibleMap,
    };
  }
  // A profile none of whose results any package accepts is worth a warning (each is named).
  if (results.length > 0 && !acceptedAnywhere) {
    const accepted = [...new Set(scopes.flatMap((scope) => scope.instruments))];
    for (const { assessment, path } of results) {
      issues.push(
        createIssue(
          "assessment_not_accepted",
          `${path}/instrument/id`,
          `The capability assessment (${assessment.instrument.id}) is not one this catalog accepts (it accepts ${accepted.join(", ")}); conditions that need it fail.`,
          `能力评估（${assessment.instrument.id}）不被本目录认可（认可：${accepted.join("、")}）；需要它的条件均不满足。`,
          { severity: "warning", params: { source: assessment.instrument.id, accepted } },
        ),
      );
    }
  }
  if (localGrade.status !== "current" && localGrade.status !== "missing") {
    issues.push(...statusIssues("localGrade", localGrade, profile, compiled.localGrade?.staleCounts ?? false));
  }
  const assessment = statuses[0] as AssessmentStatus;
  const context = contexts[0] as EligibilityContext;
  const gates = gateList[0] as GateTexts;

  const memo: LeafMemo = { results: new Array(compiled.leaves.length) };
  const slots = compiled.slots;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as ReadSlot;
    const s = slot.scope < 0 ? 0 : slot.scope;
    fillSlot(slot, contexts[s] as EligibilityContext, gateList[s] as GateTexts, memo);
  }
  const packages = compiled.packages;
  const decided = new Array<PackageResult>(packages.length);
  const order = compiled.order;
  for (let o = 0; o < order.length; o++) {
    const pkg = packages[order[o] as number] as CompiledPackage;
    const c = scopes.length === 1 ? context : (contexts[pkg.scope] as EligibilityContext);
    const g = scopes.length === 1 ? gates : (gateList[pkg.scope] as GateTexts);
    const result = explain ? evaluatePackage(pkg, c, g, memo, issues) : decidePackage(pkg, c, g, memo, issues);
    if (pkg.referenced) eligibleMap[pkg.id] = result.eligible;
    decided[pkg.index] = result;
  }

  for (const issue of issues) if (issue.severity === "error") return { ok: false, issues };

  const eligibleIds: string[] = [];
  for (let p = 0; p < decided.length; p++) {
    const result = decided[p] as PackageResult;
    if (result.eligible) eligibleIds.push(result.id);
  }
  const alternatives: EligibilityAlternative[] = [];
  const groups = compiled.groups;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as CompiledGroup;
    let members: string[] | null = null;
    for (let m = 0; m < group.members.length; m++) {
      const index = group.members[m] as number;
      if ((decided[index] as PackageResult).eligible) (members ??= []).push((packages[index] as CompiledPackage).id);
    }
    if (members !== null && members.length > 1) alternatives.push({ group: group.id, label: group.label, packages: members });
  }

  return {
    ok: true,
    value: {
      catalog: catalogReference(catalog, compiled),
      profileId: profile.id ?? null,
      asOf,
      age,
      assessment,
      assessments: scopes.map((scope, s) => scopedStatus(statuses[s] as AssessmentStatus, scope)),
      localGrade,
      packages: decided,
      eligible: eligibleIds,
      alternatives,
      provisional: reportProvisional(compiled, decided, alternatives, results.length > 0, profile.localCareGrade !== undefined),
      issues,
    },
    issues,
  };
}

/**
 * The pointers of the catalog's provisional notes this report rests on, in the order the catalog
 * lists them. What decides them (which noted packages are eligible, whether the profile has each
 * kind of result, which noted groups came back) is a short key: each distinct list is built once.
 */
function reportProvisional(
  compiled: CompiledCatalog,
  decided: readonly PackageResult[],
  alternatives: readonly EligibilityAlternative[],
  hasAssessment: boolean,
  hasLocalGrade: boolean,
): readonly string[] {
  if (compiled.notePaths.length === 0) return NO_NOTES;
  const noted = compiled.notedPackages;
  const notes = compiled.notes;
  let key: number | string;
  if (2 + noted.length + notes.length <= 30) {
    // A bit per fact, when they fit in a small integer (no string to build and hash).
    key = (hasAssessment ? 1 : 0) | (hasLocalGrade ? 2 : 0);
    let bit = 4;
    for (let i = 0; i < noted.length; i++, bit <<= 1) if ((decided[noted[i] as number] as PackageResult).eligible) key |= bit;
    for (let i = 0; i < notes.length; i++) {
      const when = (notes[i] as (typeof notes)[number]).when;
      if (typeof when !== "object") continue;
      if (alternatives.some((a) => a.group === when.group)) key |= bit;
      bit <<= 1;
    }
  } else {
    key = hasAssessment ? "a" : "-";
    key += hasLocalGrade ? "l" : "-";
    for (const index of noted) key += (decided[index] as PackageResult).eligible ? "1" : "0";
    for (const note of notes) {
      const when = note.when;
      if (typeof when === "object") key += alternatives.some((a) => a.group === when.group) ? "g" : "-";
    }
  }
  const cache = compiled.memo.provisional;
  let list = cache.get(key);
  if (list !== undefined) return list;
  const applies = new Set<string>();
  for (const note of compiled.notes) {
    const when = note.when;
    if (
      when === "always" ||
      (when === "assessment" && hasAssessment) ||
      (when === "localGrade" && hasLocalGrade) ||
      (typeof when === "object" && alternatives.some((a) => a.group === when.group))
    ) {
      applies.add(note.path);
    }
  }
  for (const result of decided) for (const path of result.provisional) applies.add(path);
  list = Object.freeze(compiled.notePaths.filter((path) => applies.has(path)));
  if (cache.size < 4096) cache.set(key, list);
  return list;
}

const NO_NOTES: readonly string[] = Object.freeze([]);

function scopedStatus(status: AssessmentStatus, scope: CompiledCatalog["scopes"][number]): ScopedAssessmentStatus {
  return {
    status: status.status,
    source: status.source,
    value: status.value,
    assessedOn: status.assessedOn,
    due: status.due,
    stale: status.stale,
    instruments: scope.instruments,
    packages: scope.packages,
  };
}

function packageNamesOf(compiled: CompiledCatalog): ReadonlyMap<string, LocalizedText> {
  let names = compiled.memo.packageNames;
  if (names === null) {
    names = new Map(compiled.packages.map((p) => [p.id, p.name]));
    compiled.memo.packageNames = names;
  }
  return names;
}

function catalogReference(catalog: ServiceCatalog, compiled: CompiledCatalog): CatalogReference {
  let reference = compiled.memo.reference;
  if (reference === null) {
    reference = Object.freeze({ id: catalog.id, version: catalog.version, fingerprint: catalog.fingerprint });
    compiled.memo.reference = reference;
  }
  return reference;
}

/**
 * Decide which packages of a catalog a person qualifies for on a date, returning issues instead of
 * throwing. A bad profile (or a bad `asOf`) yields every issue and no answer; a stale or unaccepted
 * assessment is reported as a warning and in the report.
 *
 * @param catalog - a catalog from {@link loadServiceCatalog} (or a catalog document, loaded once and cached)
 * @param profile - the person profile (see {@link personProfileSchema})
 * @param options - `asOf`, the date to decide on
 * @returns the report, with warnings; or every issue with its JSON pointer into the profile
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_document` when `catalog` is a document that does not load
 *
 * @example
 * ```ts
 * const result = safeCheckEligibility(catalog, { birthDate: "1960-13-01" }, { asOf: "2025-06-01" });
 * result.ok; //=> false
 * result.issues.map((i) => i.path); //=> ["/birthDate", "/residence", "/insurance", "/economicStatus", "/livingArrangement"]
 * ```
 */
export function safeCheckEligibility(
  catalog: ServiceCatalog | unknown,
  profile: unknown,
  options: CheckEligibilityOptions,
): SafeResult<EligibilityReport> {
  const { catalog: loaded, compiled } = resolveCatalog(catalog);
  const asOf = options?.asOf;
  const asOfIssues: readonly Issue[] = isCalendarDate(asOf)
    ? NO_ISSUES
    : [
        createIssue("invalid_as_of", "", `asOf must be a real calendar date written YYYY-MM-DD; got ${showValue(asOf)}.`, `asOf 必须是 YYYY-MM-DD 格式的有效日期；实际为 ${showValue(asOf)}。`, {
          params: { option: "asOf" },
        }),
      ];
  // Rules only read the profile, so a valid profile already in parsed form is used as it is.
  const fast = fastParsePersonProfile(profile, false);
  const parsed: SafeResult<PersonProfile> = fast !== null ? { ok: true, value: fast, issues: [] } : safeParsePersonProfile(profile);
  if (!parsed.ok) return { ok: false, issues: [...asOfIssues, ...parsed.issues] };
  if (fast !== null) {
    const listIssues = assessmentListIssues(fast);
    if (listIssues.length > 0) return { ok: false, issues: [...asOfIssues, ...listIssues] };
  }
  if (asOfIssues.length > 0) return { ok: false, issues: [...asOfIssues] };
  const results = profileResults(parsed.value);
  const crossIssues = crossFieldIssues(parsed.value, results, asOf as string);
  if (crossIssues.length > 0) return { ok: false, issues: [...crossIssues] };
  try {
    return evaluate(loaded, compiled, parsed.value, results, asOf as string, options?.explain !== false);
  } catch (error) {
    const wrapped = toYiyangError(error);
    if (isYiyangError(error) && error.issues.length > 0) return { ok: false, issues: error.issues };
    return { ok: false, issues: [createIssue(wrapped.code, "", wrapped.message, wrapped.messageZh)] };
  }
}

/**
 * Decide which packages of a catalog a person qualifies for on a date: every package with whether
 * it is eligible, what it gives, and for each condition whether it held and the values it read; the
 * reason for every "no" in Chinese and English; eligible packages of one exclusive group as
 * alternatives; a stale assessment reported, not ignored.
 *
 * @param catalog - a catalog from {@link loadServiceCatalog} (or a catalog document, loaded once and cached)
 * @param profile - the person profile (see {@link personProfileSchema})
 * @param options - `asOf`, the date to decide on
 * @returns the report
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_input` carrying every issue when the profile or `asOf` is bad;
 *   `invalid_document` when `catalog` is a document that does not load
 *
 * @example
 * ```ts
 * const report = checkEligibility(catalog, profile, { asOf: "2025-06-01" });
 * report.packages.find((p) => p.id === "day-care")?.reasons[0]?.messageZh;
 * //=> "不符合「年满60周岁」（age = 59）。"
 * ```
 */
export function checkEligibility(catalog: ServiceCatalog | unknown, profile: unknown, options: CheckEligibilityOptions): EligibilityReport {
  const result = safeCheckEligibility(catalog, profile, options);
  if (result.ok) return result.value;
  const first = result.issues.find((issue) => issue.severity === "error") ?? result.issues[0];
  const code =
    first?.code === "limit_exceeded"
      ? YIYANG_ERROR_CODES.LIMIT_EXCEEDED
      : first?.code === "evaluation_failed" || first?.code === "invalid_entitlement_value"
        ? YIYANG_ERROR_CODES.EVALUATION_FAILED
        : YIYANG_ERROR_CODES.INVALID_INPUT;
  throw errorFromIssues(code, result.issues, { en: "The eligibility check failed", zh: "资格判断失败" });
}
