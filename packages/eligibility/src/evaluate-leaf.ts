import { isTruthy, type LocalizedText } from "@yiyang/core";
// Evaluating the named rules (leaves) of a catalog for one profile. A leaf's value depends only on
// the values it reads (reads are literal and complete; operators are pure), so results are cached by
// those values, frozen, and shared across profiles; so are their reasons. Nothing here is exported
// from the package.
import type { AssessmentStatus, BlockedBy, ConditionResult, EligibilityContext, EligibilityReason } from "./eligibility-report";
import { ECONOMIC_STATUSES, LIVING_ARRANGEMENTS } from "./person-profile-schema";
import { ValueCache } from "./value-cache";
import {
  MAX_CACHED_RESULTS,
  GATE_ASSESSMENT,
  GATE_LOCAL_GRADE,
  type AnyOfPiece,
  type AnyOfResult,
  type CachedLeafResult,
  type CompiledCatalog,
  type CompiledCondition,
  type CompiledLeaf,
  type ReadSlot,
} from "./load-service-catalog";

/** An empty `read`. @internal */
export const EMPTY_READ: Readonly<Record<string, unknown>> = Object.freeze({});

/** A value as a reason shows it: strings quoted, long values cut at 80 characters. @internal */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string") return `"${value}"`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** What each context value a rule may read is called, in each language. */
const READ_NAMES: Readonly<Record<string, LocalizedText>> = {
  asOf: { zh: "判断日期", en: "date decided on" },
  age: { zh: "年龄", en: "age" },
  level: { zh: "能力等级", en: "capability level" },
  assessmentStale: { zh: "能力评估已过期", en: "assessment out of date" },
  localGrade: { zh: "本地照护等级", en: "local care grade" },
  localGradeStale: { zh: "本地照护等级已过期", en: "local care grade out of date" },
  "profile.birthDate": { zh: "出生日期", en: "birth date" },
  "profile.residence.city": { zh: "居住城市", en: "city of residence" },
  "profile.residence.district": { zh: "居住区县", en: "district" },
  "profile.insurance.ltciEnrolled": { zh: "参加长期护理保险", en: "enrolled in long-term-care insurance" },
  "profile.insurance.ltciScheme": { zh: "长期护理保险类别", en: "LTCI scheme" },
  "profile.economicStatus": { zh: "经济状况", en: "economic status" },
  "profile.livingArrangement": { zh: "居住情况", en: "living arrangement" },
  "profile.familyCarerAtHome": { zh: "家中有家庭照护者", en: "family carer at home" },
  "profile.chronicConditions": { zh: "慢性病诊断（ICD-10）", en: "chronic conditions (ICD-10)" },
  "profile.monthsInContinuousHomeCare": { zh: "连续居家照护月数", en: "months of continuous home care" },
};

const VALUE_LABELS: Readonly<Record<string, Readonly<Record<string, LocalizedText>>>> = {
  "profile.economicStatus": ECONOMIC_STATUSES,
  "profile.livingArrangement": LIVING_ARRANGEMENTS,
};

const hasOwnKey = Object.prototype.hasOwnProperty;

/** One value read, as a reason shows it in one language: enumerated values by their label, yes/no, lists joined. */
function showRead(name: string, value: unknown, lang: "zh" | "en"): string {
  if (value === undefined || value === null) return lang === "zh" ? "无" : "none";
  if (typeof value === "boolean") return lang === "zh" ? (value ? "是" : "否") : value ? "yes" : "no";
  const labels = VALUE_LABELS[name];
  if (typeof value === "string" && labels !== undefined && hasOwnKey.call(labels, value)) return (labels[value] as LocalizedText)[lang];
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) {
    return value.length === 0 ? (lang === "zh" ? "无" : "none") : value.join(lang === "zh" ? "、" : ", ");
  }
  return showValue(value);
}

/** `name = value` for every value read, in one language, each name and enumerated value by its label. @internal */
export function showReads(read: Readonly<Record<string, unknown>>, lang: "zh" | "en", packageNames: ReadonlyMap<string, LocalizedText>): string {
  let out = "";
  for (const name in read) {
    let label = READ_NAMES[name]?.[lang];
    if (label === undefined && name.startsWith("eligible.")) {
      const pkg = packageNames.get(name.slice("eligible.".length));
      label = pkg === undefined ? name : lang === "zh" ? `符合「${pkg.zh}」` : `qualifies for "${pkg.en}"`;
    }
    out += `${out === "" ? "" : lang === "zh" ? "；" : "; "}${label ?? name} = ${showRead(name, read[name], lang)}`;
  }
  return out;
}

/** The block that applies to conditions needing each result on this profile (null: not blocked). @internal */
export interface GateTexts {
  readonly assessment: GateText | null;
  readonly localGrade: GateText | null;
  /** The catalog's package names, for reasons that read `eligible.<id>`. */
  readonly packageNames: ReadonlyMap<string, LocalizedText>;
}

/** What a blocked condition says, by code: the same for every profile, so reasons can be shared. @internal */
export type GateText = { readonly code: BlockedBy; readonly en: string; readonly zh: string };

/** The texts of blocked conditions for a scope of a catalog (built once, then kept on it). @internal */
export function gateTextsOf(compiled: CompiledCatalog, scope: number): Readonly<Record<BlockedBy, GateText>> {
  let texts = compiled.memo.gateTexts[scope] as Readonly<Record<BlockedBy, GateText>> | undefined;
  if (texts === undefined) {
    const instruments = (compiled.scopes[scope] ?? compiled.scopes[0])?.instruments ?? compiled.assessment.instruments;
    const schemes = compiled.localGrade?.schemes ?? [];
    texts = Object.freeze({
      assessment_missing: { code: "assessment_missing", en: "there is no capability assessment", zh: "没有能力评估结果" },
      assessment_stale: {
        code: "assessment_stale",
        en: "the capability assessment is out of date and must be repeated",
        zh: "能力评估已过期，需重新评估",
      },
      assessment_not_accepted: {
        code: "assessment_not_accepted",
        en: `the profile has no result of an instrument ${scope === 0 ? "this catalog" : "this package"} accepts (it accepts ${instruments.join(", ")})`,
        zh: `档案中没有${scope === 0 ? "本目录" : "本服务包"}认可的评估工具的结果（认可：${instruments.join("、")}）`,
      },
      local_grade_missing: { code: "local_grade_missing", en: "there is no local care grade", zh: "没有本地照护等级" },
      local_grade_stale: { code: "local_grade_stale", en: "the local care grade is out of date and must be reassessed", zh: "本地照护等级已过期，需重新评定" },
      local_grade_not_accepted: {
        code: "local_grade_not_accepted",
        en: `the local care grade is of a scheme this catalog does not accept${schemes.length ? ` (it accepts ${schemes.join(", ")})` : ""}`,
        zh: `本地照护等级所属体系不被本目录认可${schemes.length ? `（认可：${schemes.join("、")}）` : ""}`,
      },
    } satisfies Record<BlockedBy, GateText>);
    compiled.memo.gateTexts[scope] = texts;
  }
  return texts;
}

/** The block on conditions needing a result with this status, or `null` when it can be used. @internal */
export function describeGate(kind: "assessment" | "localGrade", status: AssessmentStatus, texts: Readonly<Record<BlockedBy, GateText>>): GateText | null {
  if (status.value !== null) return null;
  const a = kind === "assessment";
  switch (status.status) {
    case "missing":
      return a ? texts.assessment_missing : texts.local_grade_missing;
    case "stale":
      return a ? texts.assessment_stale : texts.local_grade_stale;
    default:
      return a ? texts.assessment_not_accepted : texts.local_grade_not_accepted;
  }
}

function blockFor(leaf: CompiledLeaf, context: EligibilityContext, gates: GateTexts): { code: BlockedBy; en: string; zh: string } | null {
  if (leaf.gate === 0) return null;
  if ((leaf.gate & GATE_ASSESSMENT) !== 0 && context.level === null) return gates.assessment;
  if ((leaf.gate & GATE_LOCAL_GRADE) !== 0 && context.localGrade === null) return gates.localGrade;
  return null;
}

/**
 * A cache key for the values a leaf read: the value itself for one primitive, a string spelling
 * out types and values otherwise, `undefined` when a value is an object (then nothing is cached).
 */
function readKey(values: readonly unknown[]): unknown {
  if (values.length === 1) {
    const only = values[0];
    if (typeof only !== "object" || only === null) return only;
  }
  let key = "";
  for (let i = 0; i < values.length; i++) {
    const part = keyPart(values[i]);
    if (part === undefined) return undefined;
    key += part;
  }
  return key;
}

function keyPart(value: unknown): string | undefined {
  switch (typeof value) {
    case "number":
      return `n${value};`;
    case "string":
      return `s${value.length}:${value}`;
    case "boolean":
      return value ? "t" : "f";
    case "undefined":
      return "u";
    case "object": {
      if (value === null) return "z";
      if (!Array.isArray(value)) return undefined;
      let key = `a${value.length}[`;
      for (const item of value) {
        if (typeof item === "object" && item !== null) return undefined;
        key += keyPart(item);
      }
      return `${key}]`;
    }
    default:
      return undefined;
  }
}

/** Per profile: each distinct leaf is evaluated once. @internal */
export interface LeafMemo {
  readonly results: (CachedLeafResult | undefined)[];
}

/** The cache of results blocked with this code (made on first use). */
function blockedCache<T>(caches: Map<BlockedBy, ValueCache<T>>, code: BlockedBy): ValueCache<T> {
  let cache = caches.get(code);
  if (cache === undefined) {
    cache = new ValueCache(MAX_CACHED_RESULTS);
    caches.set(code, cache);
  }
  return cache;
}

/** A leaf's result on this profile: from the memo, from the leaf's cache by the values read, or computed. @internal */
export function evaluateLeaf(leaf: CompiledLeaf, context: EligibilityContext, gates: GateTexts, memo: LeafMemo): CachedLeafResult {
  const known = memo.results[leaf.index];
  if (known !== undefined) return known;
  const block = leaf.gate === 0 ? null : blockFor(leaf, context, gates);
  const names = leaf.readNames;
  const values = new Array<unknown>(names.length);
  for (let i = 0; i < names.length; i++) {
    const value = (leaf.readers[i] as (data: unknown) => unknown)(context);
    values[i] = value === undefined ? null : value;
  }
  // One primitive value is its own key; anything else is spelt out (undefined: not cached).
  const only = values[0];
  const key = values.length === 1 && (typeof only !== "object" || only === null) ? only : readKey(values);
  const cache = block === null ? leaf.results : blockedCache(leaf.blocked, block.code);
  let entry = key === undefined ? undefined : cache.get(key);
  if (entry === undefined) {
    entry = newLeafEntry(leaf, values, block, context);
    if (key !== undefined) cache.add(key, entry);
  }
  memo.results[leaf.index] = entry;
  return entry;
}

/**
 * Read one slot's value and put the results of all its leaves in the profile's memo, from the
 * slot's cache when the same value (and block) was seen before.
 * @internal
 */
export function fillSlot(slot: ReadSlot, context: EligibilityContext, gates: GateTexts, memo: LeafMemo): void {
  let value = slot.reader(context);
  if (value === undefined) value = null;
  let block: { code: BlockedBy; en: string; zh: string } | null = null;
  if (slot.gate !== 0) {
    if ((slot.gate & GATE_ASSESSMENT) !== 0 && context.level === null) block = gates.assessment;
    else if ((slot.gate & GATE_LOCAL_GRADE) !== 0 && context.localGrade === null) block = gates.localGrade;
  }
  const key = typeof value !== "object" || value === null ? value : readKey([value]);
  const cache = block === null ? slot.results : blockedCache(slot.blocked, block.code);
  let entries = key === undefined ? undefined : cache.get(key);
  const leaves = slot.leaves;
  if (entries === undefined) {
    const values = [value];
    const built = new Array<CachedLeafResult>(leaves.length);
    for (let j = 0; j < leaves.length; j++) built[j] = newLeafEntry(leaves[j] as CompiledLeaf, values, block, context);
    entries = built;
    if (key !== undefined) cache.add(key, built);
  }
  for (let j = 0; j < leaves.length; j++) memo.results[(leaves[j] as CompiledLeaf).index] = entries[j];
}

function newLeafEntry(leaf: CompiledLeaf, values: readonly unknown[], block: { code: BlockedBy } | null, context: EligibilityContext): CachedLeafResult {
  const names = leaf.readNames;
  let read: Readonly<Record<string, unknown>> = EMPTY_READ;
  if (names.length > 0) {
    const object: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) object[names[i] as string] = values[i];
    read = Object.freeze(object);
  }
  const held = block === null && isTruthy(leaf.evaluate(context));
  const result: ConditionResult = Object.freeze({
    id: leaf.id,
    label: leaf.label,
    held,
    read,
    blockedBy: block === null ? null : block.code,
    anyOf: null,
  });
  return { result, reason: null, piece: null };
}

function gateOfResult(result: ConditionResult, gates: GateTexts): { en: string; zh: string } {
  return (result.blockedBy !== null && result.blockedBy.startsWith("assessment") ? gates.assessment : gates.localGrade) as { en: string; zh: string };
}

/** The reason a failed leaf gives, written once per cached result. @internal */
export function leafReason(leaf: CompiledLeaf, entry: CachedLeafResult, gates: GateTexts): EligibilityReason {
  // A reason depends only on the result (its reads, or its block code): write it once, keep it.
  if (entry.reason !== null) return entry.reason;
  const result = entry.result;
  let message: string;
  let messageZh: string;
  if (result.blockedBy !== null) {
    const gate = gateOfResult(result, gates);
    message = `${leaf.notMetEn}: ${gate.en}.`;
    messageZh = `${leaf.notMetZh}：${gate.zh}。`;
  } else if (leaf.readNames.length === 0) {
    message = `${leaf.notMetEn}.`;
    messageZh = `${leaf.notMetZh}。`;
  } else {
    message = `${leaf.notMetEn} (${showReads(result.read, "en", gates.packageNames)}).`;
    messageZh = `${leaf.notMetZh}（${showReads(result.read, "zh", gates.packageNames)}）。`;
  }
  const reason: EligibilityReason = Object.freeze({ condition: leaf.id, code: result.blockedBy ?? "condition_not_met", message, messageZh });
  entry.reason = reason;
  return reason;
}

/** What one child of an `anyOf` contributes to the group's reason, in each language. */
function anyOfPiece(child: ConditionResult, gates: GateTexts): AnyOfPiece {
  let en: string;
  let zh: string;
  if (child.blockedBy !== null) {
    const gate = gateOfResult(child, gates);
    en = `${child.label.en}: ${gate.en}`;
    zh = `「${child.label.zh}」：${gate.zh}`;
  } else {
    const reads = showReads(child.read, "en", gates.packageNames);
    en = reads === "" ? child.label.en : `${child.label.en} (${reads})`;
    zh = reads === "" ? `「${child.label.zh}」` : `「${child.label.zh}」（${showReads(child.read, "zh", gates.packageNames)}）`;
  }
  return { en, zh, enAfter: `; ${en}`, zhAfter: `；${zh}` };
}

/**
 * An `anyOf` condition: its children, whether any held, and (when none did) the reason. Built
 * for each profile: the children's results and text pieces are shared, but their combinations
 * are too many to keep (a cache of them measured slower than building, from its memory traffic).
 * @internal
 */
export function evaluateAnyOf(condition: CompiledCondition, context: EligibilityContext, gates: GateTexts, memo: LeafMemo): AnyOfResult {
  const leaves = condition.anyOf as readonly CompiledLeaf[];
  const children = new Array<ConditionResult>(leaves.length);
  let any = false;
  for (let l = 0; l < leaves.length; l++) {
    const leaf = leaves[l] as CompiledLeaf;
    const child = (memo.results[leaf.index] ?? evaluateLeaf(leaf, context, gates, memo)).result;
    children[l] = child;
    if (child.held) any = true;
  }
  // Built for this report alone (not shared), so not frozen.
  const result: ConditionResult = { id: condition.id, label: condition.label, held: any, read: EMPTY_READ, blockedBy: null, anyOf: children };
  return { result, reason: any ? null : anyOfReason(condition, leaves, memo, gates) };
}

function anyOfReason(condition: CompiledCondition, leaves: readonly CompiledLeaf[], memo: LeafMemo, gates: GateTexts): EligibilityReason {
  let en = "";
  let zh = "";
  for (let l = 0; l < leaves.length; l++) {
    // A child's part of the text depends only on its (shared) entry: written once, then reused.
    const entry = memo.results[(leaves[l] as CompiledLeaf).index] as CachedLeafResult;
    let piece = entry.piece;
    if (piece === null) {
      piece = anyOfPiece(entry.result, gates);
      entry.piece = piece;
    }
    en += l === 0 ? piece.en : piece.enAfter;
    zh += l === 0 ? piece.zh : piece.zhAfter;
  }
  const start = condition.noneHeld as LocalizedText;
  return { condition: condition.id, code: "condition_not_met", message: start.en + en + ".", messageZh: start.zh + zh + "。" };
}
