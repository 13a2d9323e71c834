import {
  canonicalize,
  createIssue,
  defineDocumentKind,
  resolveVariable,
  toPointer,
  type CheckedRead,
  type CompiledLogic,
  type DocumentCompileContext,
  type DocumentKind,
  type Issue,
  type LoadDocumentOptions,
  type LoadedDocument,
  type LocalizedText,
  type LogicEngine,
  type PathSegment,
  type SafeResult,
  type Vocabulary,
  type VocabularyField,
} from "@yiyang/core";
import type { BlockedBy, ConditionResult, EligibilityContext, EligibilityReason, PackageResult } from "./eligibility-report";
import { ValueCache } from "./value-cache";
import { toEntitlementResult, type EntitlementResult } from "./entitlement-result";
import { ECONOMIC_STATUSES, LIVING_ARRANGEMENTS, personProfileSchema } from "./person-profile-schema";
import { runServiceCatalogTestCase } from "./run-catalog-tests";
import {
  describeEntitlementValueProblem,
  serviceCatalogSchema,
  type CatalogEntitlement,
  type EntitlementItem,
  type EntitlementKind,
  type FundingSource,
  type ParsedServiceCatalog,
  type ShareRounding,
} from "./service-catalog-schema";

/**
 * The names a catalog rule may read from the evaluation context (the first segment of a `var`).
 * See the eligibility guide for what each holds.
 *
 * @example
 * ```ts
 * CONTEXT_FIELDS.includes("level"); //=> true
 * ```
 */
export const CONTEXT_FIELDS = [
  "asOf",
  "age",
  "profile",
  "assessment",
  "level",
  "assessmentStale",
  "localGrade",
  "localGradeStale",
  "eligible",
] as const;

/** Most results one leaf (or one slot) keeps for reuse across profiles. @internal */
export const MAX_CACHED_RESULTS = 2048;

/** Reads that need a current capability assessment. @internal */
export const GATE_ASSESSMENT = 1;
/** Reads that need a current local care grade. @internal */
export const GATE_LOCAL_GRADE = 2;

/**
 * One named rule, compiled, with the context values it reads. Identical leaves (same id, label and
 * rule) in several packages are compiled once and evaluated once per profile. @internal
 */
export interface CompiledLeaf {
  /** Position in {@link CompiledCatalog.leaves}: the slot of its per-profile result. */
  readonly index: number;
  /** The assessment scope whose context it reads (its package's), or -1 when it reads no assessment. */
  readonly scope: number;
  readonly id: string;
  readonly label: LocalizedText;
  /** `Not met: <label>`, the start of every English reason. */
  readonly notMetEn: string;
  /** `不符合「<label>」`, the start of every Chinese reason. */
  readonly notMetZh: string;
  readonly evaluate: CompiledLogic;
  /** Distinct variable names the rule reads, in order of first appearance. */
  readonly readNames: readonly string[];
  /** One reader per read name, returning what `{"var": name}` returns. */
  readonly readers: readonly ContextReader[];
  /** GATE_* bits: what the rule needs to be current. */
  readonly gate: number;
  /**
   * Results already computed, by the values read (see `readKey` in check-eligibility). A rule's
   * value depends only on the values it reads (reads are literal and complete, operators are
   * pure), so equal reads give the same frozen result, shared by every report.
   */
  readonly results: ValueCache<CachedLeafResult>;
  /** The same for results blocked by a missing, stale or unaccepted result: by code, then by the values read. */
  readonly blocked: Map<BlockedBy, ValueCache<CachedLeafResult>>;
}

/** An `anyOf` result and, when none of its children held, its reason. @internal */
export interface AnyOfResult {
  readonly result: ConditionResult;
  readonly reason: EligibilityReason | null;
}

/** A frozen condition result and, once written, its frozen reason. @internal */
export interface CachedLeafResult {
  readonly result: ConditionResult;
  reason: EligibilityReason | null;
  /** Once written, what this result contributes to the reason of an `anyOf` it is a child of. */
  piece: AnyOfPiece | null;
}

/** What one child of an `anyOf` says when none held: its text first in the list, and after another. @internal */
export interface AnyOfPiece {
  readonly en: string;
  readonly zh: string;
  readonly enAfter: string;
  readonly zhAfter: string;
}

/** A condition: one leaf, or any of several. @internal */
export interface CompiledCondition {
  readonly id: string;
  readonly label: LocalizedText;
  readonly leaf: CompiledLeaf | null;
  readonly anyOf: readonly CompiledLeaf[] | null;
  /** For `anyOf`: how its reason begins when none held, in each language. */
  readonly noneHeld: LocalizedText | null;
}

/** An entitlement, ready to evaluate. @internal */
export interface CompiledEntitlement {
  readonly id: string;
  readonly kind: EntitlementKind;
  readonly label: LocalizedText;
  readonly rounding: ShareRounding | null;
  /** The result when the value is a constant. */
  readonly constant: EntitlementResult | null;
  /** For a table: returns the index of the band holding the key, or null. */
  readonly band: CompiledLogic | null;
  /** For a table: the result of each band. */
  readonly rows: readonly EntitlementResult[];
  /** For a rule: the rule. */
  readonly rule: CompiledLogic | null;
  /** Results of a rule by value, so that each distinct value is formatted once. */
  readonly cache: Map<unknown, EntitlementResult>;
  /** GATE_* bits of the key or rule. */
  readonly gate: number;
  /** JSON pointer of the entitlement in the document. */
  readonly path: string;
}

/** A package, ready to evaluate. @internal */
export interface CompiledPackage {
  readonly index: number;
  /** Its assessment scope (the instruments it accepts): an index into {@link CompiledCatalog.scopes}. */
  readonly scope: number;
  /** The provisional notes of the catalog on the package that apply when it is not eligible (its conditions) … */
  readonly provisionalIfNot: readonly string[];
  /** … and when it is (its entitlements too). */
  readonly provisionalIfEligible: readonly string[];
  readonly id: string;
  readonly name: LocalizedText;
  readonly funding: FundingSource;
  readonly conditions: readonly CompiledCondition[];
  readonly entitlements: readonly CompiledEntitlement[];
  /** Ids of the exclusive groups the package belongs to. */
  readonly groups: readonly string[];
  /** Whether a rule reads `eligible.<this id>` (only those are put in the context). */
  referenced: boolean;
  /** Frozen lists of failed condition ids, by the bit mask of failed conditions. */
  readonly failedByMask: Map<number, readonly string[]>;
  /** Decision-only results (no explanations), by failed-condition mask and then by entitlement results. */
  readonly decisions: Map<number, DecisionNode>;
}

/** A node of a package's decision-only result cache. @internal */
export interface DecisionNode {
  result: PackageResult | null;
  next: Map<object, DecisionNode> | null;
}

/** An exclusive group, with its members' indexes. @internal */
export interface CompiledGroup {
  readonly id: string;
  readonly label: LocalizedText;
  readonly members: readonly number[];
}

/**
 * One context value read by several one-read leaves: read once per profile, and the results of
 * all its leaves looked up together by that value. @internal
 */
export interface ReadSlot {
  /** The scope of its leaves (-1: they read no assessment). */
  readonly scope: number;
  readonly name: string;
  readonly reader: ContextReader;
  /** GATE_* bits of the name. */
  readonly gate: number;
  /** The leaves that read only this value. */
  readonly leaves: readonly CompiledLeaf[];
  /** Their results (one per leaf, in order), by the value read. */
  readonly results: ValueCache<readonly CachedLeafResult[]>;
  /** The same when the value is blocked: by code, then by the value. */
  readonly blocked: Map<BlockedBy, ValueCache<readonly CachedLeafResult[]>>;
}

/** A whole catalog, ready to evaluate. @internal */
export interface CompiledCatalog {
  readonly packages: readonly CompiledPackage[];
  /** Every distinct leaf of every package. */
  readonly leaves: readonly CompiledLeaf[];
  /**
   * The values read by one-read leaves (except `eligible.*`, known only as packages are decided),
   * each read once per profile before the packages are decided.
   */
  readonly slots: readonly ReadSlot[];
  /** Package indexes in an order where every package comes after those it reads through `eligible`. */
  readonly order: readonly number[];
  readonly groups: readonly CompiledGroup[];
  readonly assessment: ParsedServiceCatalog["assessment"];
  /**
   * The distinct lists of instruments packages accept: scope 0 is the catalog's own
   * (`assessment.instruments`), then each other list a package names, with its packages' ids.
   */
  readonly scopes: readonly AssessmentScope[];
  readonly localGrade: NonNullable<ParsedServiceCatalog["localGrade"]> | null;
  /** The catalog's notes outside its packages: when each applies. */
  readonly notes: readonly CatalogNote[];
  /** The pointers of all its provisional notes, in the order listed. */
  readonly notePaths: readonly string[];
  /** The packages whose notes differ between eligible and not (their entitlements carry notes). */
  readonly notedPackages: readonly number[];
  /** Things built on first use and kept: the catalog reference, the texts of blocked conditions (by scope). */
  readonly memo: {
    reference: CatalogReference | null;
    gateTexts: unknown[];
    packageNames: ReadonlyMap<string, LocalizedText> | null;
    /** Reports' provisional lists, by what decides them. */
    provisional: Map<number | string, readonly string[]>;
  };
}

/** The instruments a group of packages accepts. @internal */
export interface AssessmentScope {
  readonly instruments: readonly string[];
  readonly packages: readonly string[];
}

/** A provisional note of a catalog outside its packages, and when it applies to a report. @internal */
export interface CatalogNote {
  readonly path: string;
  /** `always`; `assessment` or `localGrade` when the profile has one; `group` when the group came back as alternatives. */
  readonly when: "always" | "assessment" | "localGrade" | { readonly group: string };
}

/** Which rules a loaded catalog was built from. */
export interface CatalogReference {
  /** The catalog id. */
  readonly id: string;
  /** Its version. */
  readonly version: string;
  /** `sha256:` and the hex digest of its canonical JSON without `tests` (see core `fingerprint`). */
  readonly fingerprint: string;
}

/**
 * A validated, compiled service catalog: load it once with {@link loadServiceCatalog} and reuse it
 * for every profile.
 */
export type ServiceCatalog = LoadedDocument<ParsedServiceCatalog>;

/**
 * The service-catalog document kind: packages with their conditions and entitlements, exclusive
 * groups and test cases, loaded by core's one document mechanism.
 *
 * @example
 * ```ts
 * serviceCatalogKind.safeLoad(sampleCityServiceCatalog).ok; //=> true
 * ```
 */
export const serviceCatalogKind: DocumentKind<ParsedServiceCatalog, ServiceCatalog> = defineDocumentKind({
  kind: "service-catalog",
  title: { en: "a service catalog (packages, conditions, entitlements)", zh: "服务目录（服务包、条件、待遇）" },
  schema: serviceCatalogSchema as unknown as import("zod").ZodType<ParsedServiceCatalog>,
  compile: (document, context) => compileCatalog(document, context),
  runTest: (test, context) => runServiceCatalogTestCase(test, context),
});

/**
 * The compiled form of a loaded catalog, or `undefined` when the value is not one.
 * @internal
 */
export function getCompiledCatalog(catalog: unknown): CompiledCatalog | undefined {
  return serviceCatalogKind.is(catalog) ? (serviceCatalogKind.compiledOf(catalog) as CompiledCatalog) : undefined;
}

/**
 * Whether a value is a catalog returned by {@link loadServiceCatalog} (by this copy of the package
 * or another).
 *
 * @param value - anything
 * @returns `true` for a loaded catalog
 *
 * @example
 * ```ts
 * isServiceCatalog(loadServiceCatalog(doc)); //=> true
 * isServiceCatalog(doc); //=> false
 * ```
 */
export function isServiceCatalog(value: unknown): value is ServiceCatalog {
  return serviceCatalogKind.is(value);
}

/**
 * The engine catalog rules are compiled with: every standard operator plus the domain operators.
 * @internal
 */
export function getCatalogEngine(): LogicEngine {
  return serviceCatalogKind.engine;
}

const PROFILE_FIELDS = new Set(Object.keys(personProfileSchema.shape));

/** Reads one context value by a dotted name. @internal */
export type ContextReader = (context: unknown) => unknown;

/** Keys `var` never reads (core's blocked keys); a catalog may not name them. */
const BLOCKED_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

const hasOwn = Object.prototype.hasOwnProperty;

function step(value: unknown, key: string): unknown {
  if (value === null || value === undefined || (typeof value !== "object" && typeof value !== "string")) return undefined;
  return hasOwn.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * A reader giving what `{"var": name}` gives (own properties only, `null` when absent), without the
 * general path walk: names are validated at load (no blocked keys), so an own-property check per
 * segment is all `var` does. Used for every read value reported, and as the results' cache key.
 * @internal
 */
export function makeReader(name: string): ContextReader {
  const keys = name.split(".");
  const [k1 = "", k2 = "", k3 = ""] = keys;
  switch (keys.length) {
    case 1:
      return (context) => {
        const v = step(context, k1);
        return v === undefined ? null : v;
      };
    case 2:
      return (context) => {
        const v = step(step(context, k1), k2);
        return v === undefined ? null : v;
      };
    case 3:
      return (context) => {
        const v = step(step(step(context, k1), k2), k3);
        return v === undefined ? null : v;
      };
    default:
      return (context) => {
        let v: unknown = context;
        for (let i = 0; i < keys.length && v !== undefined; i++) v = step(v, keys[i] as string);
        return v === undefined ? null : v;
      };
  }
}

/**
 * Readers of the context's fixed names, each its own function so that each read site sees one
 * object shape (the shared walk of {@link makeReader} makes one keyed load serve every name, and
 * V8 then looks every read up the slow way). They read properties directly, which gives what
 * `{"var": name}` gives because the context is built here and its profile is validated to plain
 * objects with only own properties on these paths (`fastParsePersonProfile` copies any other);
 * a test holds them to `makeReader` on such contexts.
 */
const CONTEXT_READERS: Readonly<Record<string, ContextReader>> = {
  asOf: (c) => (c as EligibilityContext).asOf ?? null,
  age: (c) => (c as EligibilityContext).age ?? null,
  level: (c) => (c as EligibilityContext).level ?? null,
  assessmentStale: (c) => (c as EligibilityContext).assessmentStale ?? null,
  localGrade: (c) => (c as EligibilityContext).localGrade ?? null,
  localGradeStale: (c) => (c as EligibilityContext).localGradeStale ?? null,
  "profile.id": (c) => (c as ReadContext).profile?.id ?? null,
  "profile.birthDate": (c) => (c as ReadContext).profile?.birthDate ?? null,
  "profile.residence.city": (c) => (c as ReadContext).profile?.residence?.city ?? null,
  "profile.residence.district": (c) => (c as ReadContext).profile?.residence?.district ?? null,
  "profile.insurance.ltciEnrolled": (c) => (c as ReadContext).profile?.insurance?.ltciEnrolled ?? null,
  "profile.insurance.ltciScheme": (c) => (c as ReadContext).profile?.insurance?.ltciScheme ?? null,
  "profile.economicStatus": (c) => (c as ReadContext).profile?.economicStatus ?? null,
  "profile.livingArrangement": (c) => (c as ReadContext).profile?.livingArrangement ?? null,
  "profile.familyCarerAtHome": (c) => (c as ReadContext).profile?.familyCarerAtHome ?? null,
  "profile.chronicConditions": (c) => (c as ReadContext).profile?.chronicConditions ?? null,
  "profile.monthsInContinuousHomeCare": (c) => (c as ReadContext).profile?.monthsInContinuousHomeCare ?? null,
};

/** The context as the fixed readers see it: any step may be missing. */
interface ReadContext {
  readonly profile?: {
    readonly id?: unknown;
    readonly birthDate?: unknown;
    readonly residence?: { readonly city?: unknown; readonly district?: unknown };
    readonly insurance?: { readonly ltciEnrolled?: unknown; readonly ltciScheme?: unknown };
    readonly economicStatus?: unknown;
    readonly livingArrangement?: unknown;
    readonly familyCarerAtHome?: unknown;
    readonly chronicConditions?: unknown;
    readonly monthsInContinuousHomeCare?: unknown;
  };
}

/**
 * The reader of one name of an eligibility context: a fixed one for the context's own names,
 * else {@link makeReader}'s walk (`eligible.<id>`, `assessment.…`).
 * @internal
 */
export function contextReader(name: string): ContextReader {
  return Object.prototype.hasOwnProperty.call(CONTEXT_READERS, name) ? (CONTEXT_READERS[name] as ContextReader) : makeReader(name);
}

/** The names with a fixed reader (for tests). @internal */
export const FIXED_CONTEXT_READS: readonly string[] = Object.keys(CONTEXT_READERS);

function gateOf(name: string): number {
  if (name === "level" || name === "assessment" || name.startsWith("assessment.")) return GATE_ASSESSMENT;
  if (name === "localGrade") return GATE_LOCAL_GRADE;
  return 0;
}

/** What a profile holds, as catalog rules read it under `profile.` (kept in step with the profile schema by a test). @internal */
export const PROFILE_VOCABULARY: Readonly<Record<string, VocabularyField>> = {
  id: { type: "string", nullable: true },
  birthDate: { type: "date" },
  residence: { type: "object", fields: { city: { type: "string" }, district: { type: "string", nullable: true } } },
  insurance: { type: "object", fields: { ltciEnrolled: { type: "boolean" }, ltciScheme: { type: "string", nullable: true } } },
  economicStatus: { type: "string", values: Object.keys(ECONOMIC_STATUSES) },
  livingArrangement: { type: "string", values: Object.keys(LIVING_ARRANGEMENTS) },
  familyCarerAtHome: { type: "boolean" },
  chronicConditions: { type: "list", items: { type: "string" } },
  assessment: { type: "any", nullable: true },
  assessments: { type: "any", nullable: true },
  localCareGrade: { type: "any", nullable: true },
  monthsInContinuousHomeCare: { type: "integer" },
};

/** The eligibility context of a catalog: what its rules may read. @internal */
export function catalogVocabulary(packageIds: readonly string[]): Vocabulary {
  const eligible: Record<string, VocabularyField> = {};
  for (const id of packageIds) eligible[id] = { type: "boolean" };
  return {
    name: { en: "The eligibility context", zh: "资格判断上下文" },
    fields: {
      asOf: { type: "date" },
      age: { type: "integer" },
      profile: { type: "object", fields: PROFILE_VOCABULARY },
      assessment: { type: "any", nullable: true },
      level: { type: "integer", nullable: true },
      assessmentStale: { type: "boolean" },
      localGrade: { type: "integer", nullable: true },
      localGradeStale: { type: "boolean" },
      eligible: { type: "object", fields: eligible },
    },
  };
}

interface ReadCheck {
  vocabulary: Vocabulary;
  context: DocumentCompileContext;
}

/**
 * The catalog's own checks of a name a rule reads from the context (the name is already known to
 * be in the vocabulary): `eligible.<package>` makes a dependency (never on the package itself),
 * and reading the profile's raw assessment is a warning. Returns whether the read may stand.
 */
function checkContextRead(name: string, path: readonly PathSegment[], check: ReadCheck, self: string, dependsOn: Set<string>): boolean {
  const segments = name.split(".");
  const [head = "", second] = segments;
  if (head === "profile" && (second === "assessment" || second === "assessments" || second === "localCareGrade")) {
    check.context.report(
      "ungated_assessment_read",
      path,
      `"${name}" reads the profile's raw result, which is used even when it is out of date; read level, assessment or localGrade instead.`,
      `"${name}" 直接读取档案中的原始评估结果，过期也会被使用；请改为读取 level、assessment 或 localGrade。`,
      { severity: "warning", params: { name } },
    );
  }
  if (head !== "eligible") return true;
  if (segments.length !== 2 || second === undefined) {
    check.context.report("unknown_variable", path, `The rule reads "${name}": write eligible.<package id> to read whether a package is granted.`, `规则读取 "${name}"：请写作 eligible.<服务包 id> 以读取某服务包是否符合。`, {
      params: { name },
    });
    return false;
  }
  if (second === self) {
    check.context.report("package_cycle", path, `Package ${self} cannot depend on itself.`, `服务包 ${self} 不能依赖自身。`, { params: { packages: [self] } });
    return false;
  }
  dependsOn.add(second);
  return true;
}

/** The distinct context names a checked rule reads (outside `map`, `filter` … bodies), or `null` after an error. */
function contextNames(reads: readonly CheckedRead[], at: readonly PathSegment[], check: ReadCheck, self: string, dependsOn: Set<string>): string[] | null {
  const names: string[] = [];
  let ok = true;
  for (const read of reads) {
    if (read.scope !== "data" || read.name === null) continue;
    if (!checkContextRead(read.name, [...at, ...read.path], check, self, dependsOn)) ok = false;
    else if (!names.includes(read.name)) names.push(read.name);
  }
  return ok ? names : null;
}

function compileLeaf(
  id: string,
  label: LocalizedText,
  rule: unknown,
  at: readonly PathSegment[],
  check: ReadCheck,
  self: string,
  dependsOn: Set<string>,
  shared: Map<string, CompiledLeaf>,
  scope: number,
): CompiledLeaf | null {
  let base: string;
  try {
    base = canonicalize([id, label.zh, label.en, rule]);
  } catch {
    base = `unshareable:${shared.size}:${at.join("/")}`;
  }
  // A leaf that reads no assessment is the same in every scope; one that does, only within its own.
  const known = shared.get(`${base}|*`) ?? shared.get(`${base}|${scope}`);
  if (known !== undefined) {
    // Same rule as a leaf already compiled: it still counts as a dependency of this package.
    for (const name of known.readNames) if (name.startsWith("eligible.")) checkContextRead(name, [...at, "rule"], check, self, dependsOn);
    return known;
  }
  const checked = check.context.rule(rule, [...at, "rule"], check.vocabulary);
  if (checked === null) return null;
  const readNames = contextNames(checked.reads, [...at, "rule"], check, self, dependsOn);
  if (readNames === null) return null;
  let gate = 0;
  for (const name of readNames) gate |= gateOf(name);
  const scoped = (gate & GATE_ASSESSMENT) !== 0;
  const leaf: CompiledLeaf = {
    index: shared.size,
    scope: scoped ? scope : -1,
    id,
    label,
    notMetEn: `Not met: ${label.en}`,
    notMetZh: `不符合「${label.zh}」`,
    evaluate: checked.evaluate,
    readNames,
    readers: readNames.map((name) => contextReader(name)),
    gate,
    results: new ValueCache(MAX_CACHED_RESULTS),
    blocked: new Map(),
  };
  shared.set(`${base}|${scoped ? scope : "*"}`, leaf);
  return leaf;
}

function compileEntitlement(
  entitlement: CatalogEntitlement,
  at: readonly PathSegment[],
  check: ReadCheck,
  self: string,
  dependsOn: Set<string>,
): CompiledEntitlement | null {
  const { id, kind, label } = entitlement;
  const rounding = entitlement.rounding ?? null;
  const base = { id, kind, label, rounding, path: toPointer(at), cache: new Map<unknown, EntitlementResult>() };
  if (entitlement.value !== undefined) {
    const constant = toEntitlementResult(id, kind, label, entitlement.value as number | EntitlementItem[], rounding);
    return { ...base, constant, band: null, rows: [], rule: null, gate: 0 };
  }
  if (entitlement.table !== undefined) {
    const { key, bands } = entitlement.table;
    const keyAt = [...at, "table", "key"];
    const resolved = resolveVariable(key, check.vocabulary, keyAt);
    let sound = resolved.ok;
    if (!resolved.ok) check.context.issues.push(resolved.issue);
    else sound = checkContextRead(key, keyAt, check, self, dependsOn);
    sound = check.context.bands(bands, (i) => [...at, "table", "bands", i], { en: `the table of entitlement ${id}`, zh: `权益 ${id} 对照表` }) && sound;
    if (!sound) return null;
    const band = check.context.engine.compile({ band: [{ var: key }, bands.map((b, i) => [b.min, b.max, i])] });
    const rows = bands.map((b) => toEntitlementResult(id, kind, label, b.value as number | EntitlementItem[], rounding));
    return { ...base, constant: null, band, rows, rule: null, gate: gateOf(key) };
  }
  const checked = check.context.rule(entitlement.rule, [...at, "rule"], check.vocabulary);
  if (checked === null) return null;
  const readNames = contextNames(checked.reads, [...at, "rule"], check, self, dependsOn);
  if (readNames === null) return null;
  let gate = 0;
  for (const name of readNames) gate |= gateOf(name);
  return { ...base, constant: null, band: null, rows: [], rule: checked.evaluate, gate };
}

/** Package indexes in dependency order, or the packages on a cycle. */
function orderPackages(ids: readonly string[], deps: readonly Set<string>[]): { order: number[]; cycle: string[] | null } {
  const index = new Map(ids.map((id, i) => [id, i]));
  const state = new Array<number>(ids.length).fill(0); // 0 new, 1 visiting, 2 done
  const order: number[] = [];
  const stack: number[] = [];
  let cycle: string[] | null = null;
  const visit = (i: number): void => {
    if (cycle !== null || state[i] === 2) return;
    if (state[i] === 1) {
      cycle = stack.slice(stack.indexOf(i)).map((k) => ids[k] as string);
      return;
    }
    state[i] = 1;
    stack.push(i);
    for (const dep of deps[i] as Set<string>) {
      const j = index.get(dep);
      if (j !== undefined) visit(j);
    }
    stack.pop();
    state[i] = 2;
    order.push(i);
  };
  for (let i = 0; i < ids.length; i++) visit(i);
  return { order, cycle };
}

/** Check and compile a parsed catalog: the kind's own checks, on core's document mechanism. */
function compileCatalog(doc: ParsedServiceCatalog, context: DocumentCompileContext): CompiledCatalog | null {
  const issues = context.issues;
  const packageIds = doc.packages.map((p) => p.id);
  const check: ReadCheck = { vocabulary: catalogVocabulary(packageIds), context };
  const unique = (ids: readonly string[], at: (i: number) => PathSegment[], en: string, zh: string) => context.unique(ids, at, { en: `${en} id`, zh: `${zh} id` });

  unique(packageIds, (i) => ["packages", i, "id"], "Package", "服务包");
  unique(doc.exclusiveGroups.map((g) => g.id), (i) => ["exclusiveGroups", i, "id"], "Exclusive group", "互斥组");

  const deps = doc.packages.map(() => new Set<string>());
  const sharedLeaves = new Map<string, CompiledLeaf>();
  const packages: CompiledPackage[] = [];
  const scopes: Array<{ instruments: readonly string[]; packages: string[] }> = [{ instruments: Object.freeze([...doc.assessment.instruments]), packages: [] }];
  const scopeOf = (instruments: readonly string[] | undefined): number => {
    const list = instruments ?? doc.assessment.instruments;
    const found = scopes.findIndex((s) => s.instruments.length === list.length && s.instruments.every((id, i) => id === list[i]));
    if (found >= 0) return found;
    scopes.push({ instruments: Object.freeze([...list]), packages: [] });
    return scopes.length - 1;
  };
  const notes = doc.provisional ?? [];
  doc.packages.forEach((pkg, p) => {
    const scope = scopeOf(pkg.assessment?.instruments);
    (scopes[scope] as { packages: string[] }).packages.push(pkg.id);
    const at: PathSegment[] = ["packages", p];
    const dependsOn = deps[p] as Set<string>;
    const conditionIds: string[] = [];
    const conditionPaths: PathSegment[][] = [];
    const conditions: CompiledCondition[] = [];
    pkg.conditions.forEach((condition, c) => {
      const cAt: PathSegment[] = [...at, "conditions", c];
      conditionIds.push(condition.id);
      conditionPaths.push([...cAt, "id"]);
      if (condition.rule !== undefined) {
        const leaf = compileLeaf(condition.id, condition.label, condition.rule, cAt, check, pkg.id, dependsOn, sharedLeaves, scope);
        if (leaf) conditions.push({ id: condition.id, label: condition.label, leaf, anyOf: null, noneHeld: null });
      } else if (condition.anyOf !== undefined) {
        const leaves: CompiledLeaf[] = [];
        condition.anyOf.forEach((leafDoc, l) => {
          conditionIds.push(leafDoc.id);
          conditionPaths.push([...cAt, "anyOf", l, "id"]);
          const leaf = compileLeaf(leafDoc.id, leafDoc.label, leafDoc.rule, [...cAt, "anyOf", l], check, pkg.id, dependsOn, sharedLeaves, scope);
          if (leaf) leaves.push(leaf);
        });
        conditions.push({
          id: condition.id,
          label: condition.label,
          leaf: null,
          anyOf: leaves,
          noneHeld: { en: `Not met: ${condition.label.en}: none of these holds: `, zh: `不符合「${condition.label.zh}」：以下均不满足：` },
        });
      }
    });
    unique(conditionIds, (i) => conditionPaths[i] as PathSegment[], "Condition", "条件");
    unique(pkg.entitlements.map((e) => e.id), (i) => [...at, "entitlements", i, "id"], "Entitlement", "权益");
    const entitlements: CompiledEntitlement[] = [];
    pkg.entitlements.forEach((entitlement, e) => {
      const compiled = compileEntitlement(entitlement, [...at, "entitlements", e], check, pkg.id, dependsOn);
      if (compiled) entitlements.push(compiled);
    });
    const groups = doc.exclusiveGroups.filter((g) => g.packages.includes(pkg.id)).map((g) => g.id);
    const prefix = `/packages/${p}/`;
    const own = notes.filter((n) => n.path.startsWith(prefix) || n.path === `/packages/${p}`);
    const ifNot = own.filter((n) => !n.path.startsWith(`${prefix}entitlements`)).map((n) => n.path);
    packages.push({
      index: p,
      scope,
      provisionalIfNot: Object.freeze(ifNot),
      provisionalIfEligible: Object.freeze(own.map((n) => n.path)),
      id: pkg.id,
      name: pkg.name,
      funding: pkg.funding,
      conditions,
      entitlements,
      groups: Object.freeze(groups),
      referenced: false,
      failedByMask: new Map(),
      decisions: new Map(),
    });
  });

  const groups: CompiledGroup[] = [];
  doc.exclusiveGroups.forEach((group, g) => {
    unique(group.packages, (i) => ["exclusiveGroups", g, "packages", i], "Package", "服务包");
    const members: number[] = [];
    group.packages.forEach((id, i) => {
      const index = packageIds.indexOf(id);
      if (index === -1) {
        issues.push(
          createIssue("unknown_package", ["exclusiveGroups", g, "packages", i], `"${id}" is not a package of this catalog.`, `"${id}" 不是本目录中的服务包。`, {
            params: { id },
          }),
        );
      } else if (!members.includes(index)) members.push(index);
    });
    groups.push({ id: group.id, label: group.label, members });
  });

  for (const dependsOn of deps) for (const id of dependsOn) packages.forEach((pkg) => (pkg.referenced ||= pkg.id === id));
  const { order, cycle } = orderPackages(packageIds, deps);
  if (cycle !== null) {
    const list: string[] = cycle;
    issues.push(
      createIssue(
        "package_cycle",
        ["packages", packageIds.indexOf(list[0] as string)],
        `Packages depend on each other in a cycle: ${list.join(" → ")} → ${list[0] as string}.`,
        `服务包之间循环依赖：${list.join(" → ")} → ${list[0] as string}。`,
        { params: { packages: list } },
      ),
    );
  }

  if (issues.some((issue) => issue.severity === "error")) return null;
  const leaves = [...sharedLeaves.values()];
  const slotsByName = new Map<string, CompiledLeaf[]>();
  for (const leaf of leaves) {
    const [name] = leaf.readNames;
    if (leaf.readNames.length !== 1 || name === undefined || name.startsWith("eligible.")) continue;
    const key = `${leaf.scope}|${name}`;
    const list = slotsByName.get(key) ?? [];
    list.push(leaf);
    slotsByName.set(key, list);
  }
  const slots: ReadSlot[] = [...slotsByName].map(([key, slotLeaves]) => ({
    scope: (slotLeaves[0] as CompiledLeaf).scope,
    name: key.slice(key.indexOf("|") + 1),
    reader: contextReader(key.slice(key.indexOf("|") + 1)),
    gate: gateOf(key.slice(key.indexOf("|") + 1)),
    leaves: slotLeaves,
    results: new ValueCache(MAX_CACHED_RESULTS),
    blocked: new Map(),
  }));
  return {
    packages,
    leaves,
    slots,
    order,
    groups,
    assessment: doc.assessment,
    scopes: scopes.map((scope) => Object.freeze({ instruments: scope.instruments, packages: Object.freeze(scope.packages) })),
    localGrade: doc.localGrade ?? null,
    notes: notes
      .filter((n) => !n.path.startsWith("/packages/") && n.path !== "/packages")
      .map((n) => ({ path: n.path, when: catalogNoteWhen(n.path, doc) })),
    notePaths: Object.freeze(notes.map((n) => n.path)),
    notedPackages: packages.filter((p) => p.provisionalIfEligible.length !== p.provisionalIfNot.length).map((p) => p.index),
    memo: { reference: null, gateTexts: [], packageNames: null, provisional: new Map() },
  };
}

function catalogNoteWhen(path: string, doc: ParsedServiceCatalog): CatalogNote["when"] {
  if (path === "/assessment" || path.startsWith("/assessment/")) return "assessment";
  if (path === "/localGrade" || path.startsWith("/localGrade/")) return "localGrade";
  const group = /^\/exclusiveGroups\/(\d+)(\/|$)/.exec(path);
  const found = group === null ? undefined : doc.exclusiveGroups[Number(group[1])];
  return found === undefined ? "always" : { group: found.id };
}

/**
 * Validate a service-catalog document and compile every rule in it once: the schema, every JSON
 * Logic rule (operators, limits), every variable a rule reads, band tables, ids, exclusive groups
 * and package dependencies. Every problem is reported at once, each with its JSON pointer. It
 * never throws, whatever the input.
 *
 * @param document - the catalog JSON
 * @param options - limits on the rules' size and evaluation work
 * @returns the loaded catalog, or every issue
 *
 * @example
 * ```ts
 * const result = safeLoadServiceCatalog({ ...doc, packages: [] });
 * result.ok; //=> false
 * result.issues[0].path; //=> "/packages"
 * ```
 */
export function safeLoadServiceCatalog(document: unknown, options?: LoadDocumentOptions): SafeResult<ServiceCatalog> {
  return serviceCatalogKind.safeLoad(document, options);
}

/**
 * Validate a service-catalog document and compile every rule in it once. Load a catalog once and
 * pass it to {@link checkEligibility} for every profile.
 *
 * @param document - the catalog JSON
 * @param options - limits on the rules' size and evaluation work
 * @returns the loaded catalog
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_document` carrying every issue, each with a JSON pointer
 *
 * @example
 * ```ts
 * const catalog = loadServiceCatalog(sampleCityServiceCatalog);
 * catalog.fingerprint; //=> "sha256:…"
 * ```
 */
export function loadServiceCatalog(document: unknown, options?: LoadDocumentOptions): ServiceCatalog {
  return serviceCatalogKind.load(document, options);
}

/**
 * Check a value an entitlement rule produced against the entitlement's kind.
 * @internal
 */
export function entitlementValueProblem(kind: EntitlementKind, value: unknown): { en: string; zh: string } | undefined {
  const problem = describeEntitlementValueProblem(kind, value);
  if (problem !== undefined || kind !== "items") return problem;
  for (const item of value as unknown[]) {
    const ok =
      typeof item === "object" &&
      item !== null &&
      typeof (item as { id?: unknown }).id === "string" &&
      typeof (item as { name?: { zh?: unknown } }).name?.zh === "string" &&
      typeof (item as { name?: { en?: unknown } }).name?.en === "string";
    if (!ok) return { en: "An item is { id, name: { zh, en } }.", zh: "服务项目的格式为 { id, name: { zh, en } }。" };
  }
  return undefined;
}
