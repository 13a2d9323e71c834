import {
  canonicalize,
  createIssue,
  createLogicEngine,
  domainOperators,
  fingerprint,
  safeParseWith,
  toPointer,
  validateLogicAt,
  YIYANG_ERROR_CODES,
  YiyangError,
  type CompiledLogic,
  type Issue,
  type LocalizedText,
  type LogicEngine,
  type PathSegment,
  type SafeResult, errorFromIssues } from "@yiyang/core";
import type { ConditionResult, EligibilityReason, PackageResult } from "./eligibility-report";
import { collectReads } from "./collect-reads";
import { toEntitlementResult, type EntitlementResult } from "./entitlement-result";
import { personProfileSchema } from "./person-profile-schema";
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
  readonly results: Map<unknown, CachedLeafResult>;
  /** The same for results blocked by a missing, stale or unaccepted result, keyed by code and reads. */
  readonly blocked: Map<string, CachedLeafResult>;
}

/** A node of an `anyOf` result cache. @internal */
export interface AnyOfCacheNode {
  /** By the child's {@link CachedLeafResult.id}. */
  readonly next: Map<number, AnyOfCacheNode>;
  result: ConditionResult | null;
  reason: EligibilityReason | null;
  /** Nodes below the root (kept on the root only). */
  size: number;
}

/** A frozen condition result and, once written, its frozen reason. @internal */
export interface CachedLeafResult {
  /** A number unique to this entry, to key `anyOf` caches by. */
  readonly id: number;
  readonly result: ConditionResult;
  reason: EligibilityReason | null;
}

/** A condition: one leaf, or any of several. @internal */
export interface CompiledCondition {
  readonly id: string;
  readonly label: LocalizedText;
  readonly leaf: CompiledLeaf | null;
  readonly anyOf: readonly CompiledLeaf[] | null;
  /**
   * For `anyOf`: results already built, keyed by the children's shared leaf entries in order (a
   * trie of maps), so that equal children give the same frozen result and reason. Results with a
   * blocked child name the profile's dates and are not kept.
   */
  readonly groupCache: AnyOfCacheNode | null;
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
  readonly name: string;
  readonly reader: ContextReader;
  /** GATE_* bits of the name. */
  readonly gate: number;
  /** The leaves that read only this value. */
  readonly leaves: readonly CompiledLeaf[];
  /** Their results (one per leaf, in order), by the value read. */
  readonly results: Map<unknown, readonly CachedLeafResult[]>;
  /** The same when the value is blocked, by code and value. */
  readonly blocked: Map<string, readonly CachedLeafResult[]>;
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
  readonly localGrade: NonNullable<ParsedServiceCatalog["localGrade"]> | null;
  /** Things built on first use and kept: the catalog reference, the texts of blocked conditions. */
  readonly memo: { reference: CatalogReference | null; gateTexts: unknown };
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
export interface ServiceCatalog extends CatalogReference {
  /** The dates the catalog is in force: `from ≤ date < to`. */
  readonly effective: { readonly from: string; readonly to?: string | undefined };
  /** The catalog title. */
  readonly title: LocalizedText;
  /** The validated document (with defaults filled in). */
  readonly document: ParsedServiceCatalog;
  /** Warnings found while loading (for example a rule reading the raw assessment). */
  readonly warnings: readonly Issue[];
}

const compiledCatalogs = new WeakMap<ServiceCatalog, CompiledCatalog>();

/**
 * The compiled form of a loaded catalog, or `undefined` when the value is not one.
 * @internal
 */
export function getCompiledCatalog(catalog: unknown): CompiledCatalog | undefined {
  return typeof catalog === "object" && catalog !== null ? compiledCatalogs.get(catalog as ServiceCatalog) : undefined;
}

/**
 * Whether a value is a catalog returned by {@link loadServiceCatalog}.
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
  return getCompiledCatalog(value) !== undefined;
}

let sharedEngine: LogicEngine | undefined;

/**
 * The engine catalog rules are compiled with: every standard operator plus the domain operators.
 * @internal
 */
export function getCatalogEngine(): LogicEngine {
  sharedEngine ??= createLogicEngine({ operators: domainOperators });
  return sharedEngine;
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

function gateOf(name: string): number {
  if (name === "level" || name === "assessment" || name.startsWith("assessment.")) return GATE_ASSESSMENT;
  if (name === "localGrade") return GATE_LOCAL_GRADE;
  return 0;
}

interface ReadCheck {
  packageIds: ReadonlySet<string>;
  issues: Issue[];
}

/** Check the names a rule reads; return the distinct names. */
function checkReads(
  rule: unknown,
  at: readonly PathSegment[],
  check: ReadCheck,
  self: string,
  dependsOn: Set<string>,
): string[] {
  const names: string[] = [];
  for (const read of collectReads(rule)) {
    const path = [...at, ...read.path];
    if (read.name === null) {
      check.issues.push(
        createIssue(
          "dynamic_variable",
          path,
          "A catalog rule reads variables by literal name only, so that every answer can say what it read.",
          "目录规则只能按字面名称读取变量，以便每个结论都能说明读取了哪些值。",
        ),
      );
      continue;
    }
    const segments = read.name.split(".");
    const [head = "", second] = segments;
    if (segments.some((segment) => BLOCKED_SEGMENTS.has(segment) || segment === "")) {
      check.issues.push(
        createIssue(
          "unknown_variable",
          path,
          `"${read.name}" cannot be read: a name has no empty parts and never names __proto__, constructor or prototype.`,
          `无法读取 "${read.name}"：名称不能有空段，也不能包含 __proto__、constructor 或 prototype。`,
          { params: { name: read.name } },
        ),
      );
      continue;
    }
    if (!(CONTEXT_FIELDS as readonly string[]).includes(head)) {
      check.issues.push(
        createIssue(
          "unknown_variable",
          path,
          `"${read.name}" is not in the eligibility context (${CONTEXT_FIELDS.join(", ")}).`,
          `"${read.name}" 不在资格判断的上下文中（可用：${CONTEXT_FIELDS.join("、")}）。`,
          { params: { name: read.name } },
        ),
      );
      continue;
    }
    if (head === "profile" && second !== undefined && !PROFILE_FIELDS.has(second)) {
      check.issues.push(
        createIssue(
          "unknown_variable",
          path,
          `"${read.name}": a profile has no field "${second}".`,
          `"${read.name}"：个人档案没有字段 "${second}"。`,
          { params: { name: read.name } },
        ),
      );
      continue;
    }
    if (head === "profile" && (second === "assessment" || second === "localCareGrade")) {
      check.issues.push(
        createIssue(
          "ungated_assessment_read",
          path,
          `"${read.name}" reads the profile's raw result, which is used even when it is out of date; read level, assessment or localGrade instead.`,
          `"${read.name}" 直接读取档案中的原始评估结果，过期也会被使用；请改为读取 level、assessment 或 localGrade。`,
          { severity: "warning", params: { name: read.name } },
        ),
      );
    }
    if (head === "eligible") {
      if (second === undefined || !check.packageIds.has(second) || read.name.split(".").length !== 2) {
        check.issues.push(
          createIssue(
            "unknown_package",
            path,
            `"${read.name}" does not name a package of this catalog (write eligible.<package id>).`,
            `"${read.name}" 不是本目录中的服务包（应写作 eligible.<服务包 id>）。`,
            { params: { name: read.name } },
          ),
        );
        continue;
      }
      if (second === self) {
        check.issues.push(
          createIssue("package_cycle", path, `Package ${self} cannot depend on itself.`, `服务包 ${self} 不能依赖自身。`, { params: { packages: [self] } }),
        );
        continue;
      }
      dependsOn.add(second);
    }
    if (!names.includes(read.name)) names.push(read.name);
  }
  return names;
}

function compileLeaf(
  engine: LogicEngine,
  id: string,
  label: LocalizedText,
  rule: unknown,
  at: readonly PathSegment[],
  check: ReadCheck,
  self: string,
  dependsOn: Set<string>,
  shared: Map<string, CompiledLeaf>,
): CompiledLeaf | null {
  let key: string;
  try {
    key = canonicalize([id, label.zh, label.en, rule]);
  } catch {
    key = `unshareable:${shared.size}:${at.join("/")}`;
  }
  const known = shared.get(key);
  if (known !== undefined) {
    // Same rule as a leaf already compiled: it still counts as a dependency of this package.
    for (const name of known.readNames) if (name.startsWith("eligible.")) checkReads({ var: name }, [...at, "rule"], check, self, dependsOn);
    return known;
  }
  const logicIssues = validateLogicAt(engine, rule, [...at, "rule"]);
  if (logicIssues.length > 0) {
    check.issues.push(...logicIssues);
    return null;
  }
  const before = check.issues.length;
  const readNames = checkReads(rule, [...at, "rule"], check, self, dependsOn);
  if (check.issues.slice(before).some((issue) => issue.severity === "error")) return null;
  let gate = 0;
  for (const name of readNames) gate |= gateOf(name);
  const leaf: CompiledLeaf = {
    index: shared.size,
    id,
    label,
    notMetEn: `Not met: ${label.en}`,
    notMetZh: `不符合「${label.zh}」`,
    evaluate: engine.compile(rule),
    readNames,
    readers: readNames.map((name) => makeReader(name)),
    gate,
    results: new Map(),
    blocked: new Map(),
  };
  shared.set(key, leaf);
  return leaf;
}

function bandsOverlap(a: { min: number | null; max: number | null }, b: { min: number | null; max: number | null }): boolean {
  const lo = Math.max(a.min ?? -Infinity, b.min ?? -Infinity);
  const hi = Math.min(a.max ?? Infinity, b.max ?? Infinity);
  return lo <= hi;
}

function compileEntitlement(
  engine: LogicEngine,
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
    const before = check.issues.length;
    const keyRule = { var: key };
    const readNames = checkReads(keyRule, [...at, "table", "key"], check, self, dependsOn);
    // checkReads reports at the var's path inside the synthetic rule; point at the key itself.
    for (const issue of check.issues.slice(before)) issue.path = toPointer([...at, "table", "key"]);
    bands.forEach((band, i) => {
      if (band.min !== null && band.max !== null && band.min > band.max) {
        check.issues.push(
          createIssue(
            "invalid_band",
            [...at, "table", "bands", i],
            `Band ${i}: min ${band.min} is above max ${band.max}.`,
            `第 ${i} 段：下限 ${band.min} 大于上限 ${band.max}。`,
          ),
        );
      }
      for (let j = 0; j < i; j++) {
        const other = bands[j] as typeof band;
        if (bandsOverlap(other, band)) {
          check.issues.push(
            createIssue(
              "overlapping_bands",
              [...at, "table", "bands", i],
              `Band ${i} overlaps band ${j}; each value may fall in one band only.`,
              `第 ${i} 段与第 ${j} 段重叠；每个值只能落入一段。`,
              { params: { bands: [j, i] } },
            ),
          );
        }
      }
    });
    if (check.issues.slice(before).some((issue) => issue.severity === "error")) return null;
    const band = engine.compile({ band: [keyRule, bands.map((b, i) => [b.min, b.max, i])] });
    const rows = bands.map((b) => toEntitlementResult(id, kind, label, b.value as number | EntitlementItem[], rounding));
    let gate = 0;
    for (const name of readNames) gate |= gateOf(name);
    return { ...base, constant: null, band, rows, rule: null, gate };
  }
  const logicIssues = validateLogicAt(engine, entitlement.rule, [...at, "rule"]);
  if (logicIssues.length > 0) {
    check.issues.push(...logicIssues);
    return null;
  }
  const before = check.issues.length;
  const readNames = checkReads(entitlement.rule, [...at, "rule"], check, self, dependsOn);
  if (check.issues.slice(before).some((issue) => issue.severity === "error")) return null;
  let gate = 0;
  for (const name of readNames) gate |= gateOf(name);
  return { ...base, constant: null, band: null, rows: [], rule: engine.compile(entitlement.rule), gate };
}

/** Duplicate ids in a list, each reported at its second and later occurrence. */
function checkUnique(ids: readonly string[], at: (i: number) => PathSegment[], what: string, whatZh: string, issues: Issue[]): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) {
      issues.push(createIssue("duplicate_id", at(i), `${what} id "${id}" is used twice.`, `${whatZh} id "${id}" 重复。`, { params: { id } }));
    }
    seen.add(id);
  });
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

/**
 * Validate a service-catalog document and compile every rule in it once: the schema, every JSON
 * Logic rule (operators, limits), every variable a rule reads, band tables, ids, exclusive groups
 * and package dependencies. Every problem is reported at once, each with its JSON pointer.
 *
 * @param document - the catalog JSON
 * @returns the loaded catalog, or every issue
 *
 * @example
 * ```ts
 * const result = safeLoadServiceCatalog({ ...doc, packages: [] });
 * result.ok; //=> false
 * result.issues[0].path; //=> "/packages"
 * ```
 */
export function safeLoadServiceCatalog(document: unknown): SafeResult<ServiceCatalog> {
  const parsed = safeParseWith(serviceCatalogSchema, document);
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  const engine = getCatalogEngine();
  const issues: Issue[] = [];
  const packageIds = doc.packages.map((p) => p.id);
  const check: ReadCheck = { packageIds: new Set(packageIds), issues };

  checkUnique(packageIds, (i) => ["packages", i, "id"], "Package", "服务包", issues);
  checkUnique(doc.exclusiveGroups.map((g) => g.id), (i) => ["exclusiveGroups", i, "id"], "Exclusive group", "互斥组", issues);

  const deps = doc.packages.map(() => new Set<string>());
  const sharedLeaves = new Map<string, CompiledLeaf>();
  const packages: CompiledPackage[] = [];
  doc.packages.forEach((pkg, p) => {
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
        const leaf = compileLeaf(engine, condition.id, condition.label, condition.rule, cAt, check, pkg.id, dependsOn, sharedLeaves);
        if (leaf) conditions.push({ id: condition.id, label: condition.label, leaf, anyOf: null, groupCache: null });
      } else if (condition.anyOf !== undefined) {
        const leaves: CompiledLeaf[] = [];
        condition.anyOf.forEach((leafDoc, l) => {
          conditionIds.push(leafDoc.id);
          conditionPaths.push([...cAt, "anyOf", l, "id"]);
          const leaf = compileLeaf(engine, leafDoc.id, leafDoc.label, leafDoc.rule, [...cAt, "anyOf", l], check, pkg.id, dependsOn, sharedLeaves);
          if (leaf) leaves.push(leaf);
        });
        conditions.push({ id: condition.id, label: condition.label, leaf: null, anyOf: leaves, groupCache: { next: new Map(), result: null, reason: null, size: 0 } });
      }
    });
    checkUnique(conditionIds, (i) => conditionPaths[i] as PathSegment[], "Condition", "条件", issues);
    checkUnique(pkg.entitlements.map((e) => e.id), (i) => [...at, "entitlements", i, "id"], "Entitlement", "权益", issues);
    const entitlements: CompiledEntitlement[] = [];
    pkg.entitlements.forEach((entitlement, e) => {
      const compiled = compileEntitlement(engine, entitlement, [...at, "entitlements", e], check, pkg.id, dependsOn);
      if (compiled) entitlements.push(compiled);
    });
    const groups = doc.exclusiveGroups.filter((g) => g.packages.includes(pkg.id)).map((g) => g.id);
    packages.push({
      index: p,
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
    checkUnique(group.packages, (i) => ["exclusiveGroups", g, "packages", i], "Package", "服务包", issues);
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

  const errors = issues.filter((issue) => issue.severity === "error");
  if (errors.length > 0) return { ok: false, issues };
  const warnings = issues.filter((issue) => issue.severity === "warning");

  const catalog: ServiceCatalog = Object.freeze({
    id: doc.id,
    version: doc.version,
    fingerprint: fingerprint(document as Record<string, unknown>),
    effective: doc.effective,
    title: doc.title,
    document: doc,
    warnings,
  });
  const leaves = [...sharedLeaves.values()];
  const slotsByName = new Map<string, CompiledLeaf[]>();
  for (const leaf of leaves) {
    const [name] = leaf.readNames;
    if (leaf.readNames.length !== 1 || name === undefined || name.startsWith("eligible.")) continue;
    const list = slotsByName.get(name) ?? [];
    list.push(leaf);
    slotsByName.set(name, list);
  }
  const slots: ReadSlot[] = [...slotsByName].map(([name, slotLeaves]) => ({
    name,
    reader: makeReader(name),
    gate: gateOf(name),
    leaves: slotLeaves,
    results: new Map(),
    blocked: new Map(),
  }));
  compiledCatalogs.set(catalog, {
    packages,
    leaves,
    slots,
    order,
    groups,
    assessment: doc.assessment,
    localGrade: doc.localGrade ?? null,
    memo: { reference: null, gateTexts: null },
  });
  return { ok: true, value: catalog, issues: warnings };
}

/**
 * Validate a service-catalog document and compile every rule in it once. Load a catalog once and
 * pass it to {@link checkEligibility} for every profile.
 *
 * @param document - the catalog JSON
 * @returns the loaded catalog
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_document` carrying every issue, each with a JSON pointer
 *
 * @example
 * ```ts
 * const catalog = loadServiceCatalog(sampleCityServiceCatalog);
 * catalog.fingerprint; //=> "sha256:…"
 * ```
 */
export function loadServiceCatalog(document: unknown): ServiceCatalog {
  const result = safeLoadServiceCatalog(document);
  if (result.ok) return result.value;
  throw errorFromIssues(YIYANG_ERROR_CODES.INVALID_DOCUMENT, result.issues, { en: "The service catalog is invalid", zh: "服务目录无效" });
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
