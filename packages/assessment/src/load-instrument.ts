import {
  createIssue,
  createLogicEngine,
  domainOperators,
  fingerprint,
  hasErrors,
  safeParseWith,
  validateLogicAt,
  YIYANG_ERROR_CODES,
  YiyangError,
  type CompiledLogic,
  type Issue,
  type LocalizedText,
  type PathSegment,
  type SafeResult, errorFromIssues } from "@yiyang/core";
import {
  normaliseBands,
  type CompiledAdjustment,
  type CompiledCheck,
  type CompiledDimension,
  type CompiledInstrument,
  type CompiledItem,
} from "./compiled-instrument";
import { parseTemplate } from "./evaluate-record";
import type { InstrumentDocument } from "./instrument-document";
import { instrumentSchema } from "./instrument-schema";

/**
 * A loaded instrument: a validated, frozen instrument document with every rule compiled once.
 * Pass it to {@link assess}, {@link validateAnswers}, {@link verifyResult} and {@link explainResult}.
 */
export interface Instrument {
  /** The document's id, e.g. `gbt42195-2022`. */
  readonly id: string;
  /** The document's version. */
  readonly version: string;
  /** `sha256:` + hex of the document's canonical JSON without `tests` (see `fingerprint` in `@yiyang/core`). */
  readonly fingerprint: string;
  /** The dates this version is in force: `from ≤ date < to`. */
  readonly effective: { readonly from: string; readonly to?: string | undefined };
  /** The document (a frozen copy: changing the input afterwards changes nothing). */
  readonly document: InstrumentDocument;
  /** Every policy flag with its default. */
  readonly defaultFlags: Readonly<Record<string, boolean>>;
}

/** Options for {@link loadInstrument} (none yet; reserved). */
export type LoadInstrumentOptions = Record<string, never>;

const compiledByInstrument = new WeakMap<Instrument, CompiledInstrument>();

/** The compiled form of a loaded instrument. @internal */
export function getCompiled(instrument: Instrument): CompiledInstrument {
  const compiled = compiledByInstrument.get(instrument);
  if (compiled === undefined) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, "Expected an instrument returned by loadInstrument.", {
      messageZh: "需要由 loadInstrument 返回的评估工具。",
    });
  }
  return compiled;
}

/** Whether a value is an instrument returned by {@link loadInstrument}. @internal */
export function isLoadedInstrument(value: unknown): value is Instrument {
  return typeof value === "object" && value !== null && compiledByInstrument.has(value as Instrument);
}

const engine = createLogicEngine({ operators: domainOperators });

/** Most items an instrument may have. */
const MAX_ITEMS = 500;
/** Largest sum of the items' top scores. */
const MAX_TOTAL = 10_000;

/** Names an object inherits: never allowed as keys, so a record's `items[key]` can only be its own. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The fields of the context every rule reads, and which exist at each stage. @internal */
export const CONTEXT_FIELDS = [
  "assessedOn",
  "age",
  "items",
  "dimensions",
  "total",
  "grades",
  "baseLevel",
  "computed",
  "coma",
  "diseases",
  "riskEvents",
  "flags",
] as const;

type Stage = "grade" | "preliminary" | "computed" | "adjustment" | "check";
const UNAVAILABLE: Record<Stage, ReadonlySet<string>> = {
  grade: new Set(["grades", "baseLevel", "computed"]),
  preliminary: new Set(["baseLevel", "computed"]),
  computed: new Set(),
  adjustment: new Set(),
  check: new Set(),
};

/**
 * Load an instrument document: check its structure and every cross-field rule (unique keys,
 * declared maxima equal to the options' sums, bands that cover every reachable score without
 * overlapping, known levels and grades, JSON Logic rules that compile and only read fields that
 * exist), then compile every rule once.
 *
 * @param document - the instrument document, as parsed from JSON
 * @param options - reserved
 * @returns the loaded instrument
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_document` with every issue, each with a JSON pointer into the document
 *
 * @example
 * ```ts
 * import { gbt42195Instrument } from "@yiyang/standards";
 * const gbt = loadInstrument(gbt42195Instrument);
 * gbt.id; //=> "gbt42195-2022"
 * gbt.defaultFlags; //=> { stackAdjustments: false, countOtherRiskEvents: true }
 * ```
 */
export function loadInstrument(document: unknown, options: LoadInstrumentOptions = {}): Instrument {
  const result = safeLoadInstrument(document, options);
  if (result.ok) return result.value;
  throw errorFromIssues(YIYANG_ERROR_CODES.INVALID_DOCUMENT, result.issues, { en: "The instrument document is invalid", zh: "评估工具文档无效" });
}

/**
 * {@link loadInstrument}, returning every issue instead of throwing.
 *
 * @param document - the instrument document, as parsed from JSON
 * @param options - reserved
 * @returns the loaded instrument, or every issue found
 *
 * @example
 * ```ts
 * const r = safeLoadInstrument({ ...doc, levels: [{ level: 0, label: { zh: "好", en: "Good" } }, { level: 2, label: { zh: "差", en: "Poor" } }] });
 * r.ok; //=> false
 * r.issues[0].code; //=> "levels_not_contiguous"
 * ```
 */
export function safeLoadInstrument(document: unknown, options: LoadInstrumentOptions = {}): SafeResult<Instrument> {
  void options;
  const shape = safeParseWith(instrumentSchema, document);
  if (!shape.ok) return { ok: false, issues: shape.issues };
  const issues: Issue[] = [];
  // A deep copy of the input as written (its key order, its rules), frozen below: the caller's
  // object stays theirs.
  const doc = structuredClone(document) as InstrumentDocument;
  const built = buildCompiled(doc, document as Record<string, unknown>, issues);
  if (built === null || hasErrors(issues)) return { ok: false, issues };
  deepFreeze(doc);
  const instrument: Instrument = Object.freeze({
    id: doc.id,
    version: doc.version,
    fingerprint: built.reference.fingerprint,
    effective: doc.effective,
    document: doc,
    defaultFlags: built.defaultFlags,
  });
  compiledByInstrument.set(instrument, built);
  return { ok: true, value: instrument, issues };
}

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
}

function issue(issues: Issue[], code: string, path: readonly PathSegment[], en: string, zh: string, params?: Record<string, unknown>): void {
  issues.push(createIssue(code, path, en, zh, params === undefined ? {} : { params }));
}

/** Every sum the items can make, as flags from 0 to the sum of the maxima. */
function reachableSums(scoreLists: readonly (readonly number[])[]): Uint8Array {
  let max = 0;
  for (const scores of scoreLists) max += Math.max(...scores);
  let reachable = new Uint8Array(max + 1);
  reachable[0] = 1;
  let reach = 0;
  for (const scores of scoreLists) {
    const next = new Uint8Array(max + 1);
    for (let s = 0; s <= reach; s++) {
      if (reachable[s] !== 1) continue;
      for (const score of scores) next[s + score] = 1;
    }
    reach += Math.max(...scores);
    reachable = next;
  }
  return reachable;
}

/** Ranges "a–b" of the values, for messages. */
function describeValues(values: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const start = values[i] as number;
    let end = start;
    while (i + 1 < values.length && values[i + 1] === end + 1) end = values[++i] as number;
    parts.push(start === end ? String(start) : `${start}–${end}`);
  }
  return parts.join(", ");
}

/**
 * Check bands (no min above max, no overlap, every reachable value covered, known results) and
 * build the lookup table by `value - offset`.
 */
function compileBands(
  bands: ReadonlyArray<{ min: number | null; max: number | null; value: number }>,
  reachable: Uint8Array,
  offset: number,
  known: (value: number) => boolean,
  what: { en: string; zh: string; result: "level" | "grade" },
  at: readonly PathSegment[],
  issues: Issue[],
): Int16Array {
  const before = issues.length;
  bands.forEach((band, i) => {
    if (band.min !== null && band.max !== null && band.min > band.max) {
      issue(issues, "invalid_band", [...at, i], `Band ${i}: min ${band.min} is above max ${band.max}.`, `第 ${i} 段：下限 ${band.min} 大于上限 ${band.max}。`);
    }
    if (!known(band.value)) {
      issue(
        issues,
        what.result === "level" ? "unknown_level" : "unknown_grade",
        [...at, i, what.result],
        `Band ${i} maps to ${what.result} ${band.value}, which is not defined.`,
        `第 ${i} 段对应的${what.result === "level" ? "等级" : "分级"} ${band.value} 未定义。`,
      );
    }
    for (let j = 0; j < i; j++) {
      const other = bands[j] as { min: number | null; max: number | null };
      const lo = Math.max(band.min ?? -Infinity, other.min ?? -Infinity);
      const hi = Math.min(band.max ?? Infinity, other.max ?? Infinity);
      if (lo <= hi) {
        issue(issues, "band_overlap", [...at, i], `Bands ${j} and ${i} of ${what.en} overlap at ${lo}.`, `${what.zh}的第 ${j} 段与第 ${i} 段在 ${lo} 处重叠。`);
      }
    }
  });
  const lookup = new Int16Array(reachable.length).fill(-1);
  if (issues.length > before) return lookup;
  const gaps: number[] = [];
  for (let s = 0; s < reachable.length; s++) {
    if (reachable[s] !== 1) continue;
    const value = s + offset;
    const band = bands.find((b) => (b.min === null || value >= b.min) && (b.max === null || value <= b.max));
    if (band === undefined) gaps.push(value);
    else lookup[s] = band.value;
  }
  if (gaps.length > 0) {
    const list = describeValues(gaps);
    issue(
      issues,
      "band_gap",
      at,
      `No band of ${what.en} holds the reachable value(s) ${list}.`,
      `${what.zh}没有任何分段包含可能出现的分值 ${list}。`,
      { values: gaps },
    );
  }
  return lookup;
}

/** Resolve a JSON pointer in a document; `undefined` when nothing is there. */
function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let current: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof current !== "object" || current === null || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

const ITERATING = new Set(["map", "filter", "reduce", "all", "some", "none"]);

/**
 * Check that every literal `var` path a rule reads names something the context has at that stage:
 * a misspelt item key would otherwise read `null` and silently change a level.
 */
function checkReferences(
  rule: unknown,
  at: readonly PathSegment[],
  stage: Stage,
  known: Readonly<Record<string, ReadonlySet<string>>>,
  issues: Issue[],
): void {
  const visit = (node: unknown, path: readonly PathSegment[]): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, [...path, i]));
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const keys = Object.keys(node);
    if (keys.length !== 1) return;
    const op = keys[0] as string;
    const args = (node as Record<string, unknown>)[op];
    if (op === "var") {
      const target = Array.isArray(args) ? args[0] : args;
      if (typeof target === "string" && target !== "") checkReferencePath(target, [...at, ...path, op], stage, known, issues);
      if (Array.isArray(args)) args.slice(1).forEach((child, i) => visit(child, [...path, op, i + 1]));
      return;
    }
    if (ITERATING.has(op) && Array.isArray(args)) {
      // The second argument runs over each element, with the element as its data: not the context.
      args.forEach((child, i) => {
        if (i !== 1) visit(child, [...path, op, i]);
      });
      return;
    }
    visit(args, [...path, op]);
  };
  visit(rule, []);
}

function checkReferencePath(
  target: string,
  pointer: readonly PathSegment[],
  stage: Stage,
  known: Readonly<Record<string, ReadonlySet<string>>>,
  issues: Issue[],
): void {
  const [head, second] = target.split(".");
  if (!(CONTEXT_FIELDS as readonly string[]).includes(head as string)) {
    issue(issues, "unknown_reference", pointer, `The rule reads "${target}", but the context has no field "${head}" (fields: ${CONTEXT_FIELDS.join(", ")}).`, `规则读取 "${target}"，但上下文没有字段 "${head}"（可用字段：${CONTEXT_FIELDS.join(", ")}）。`, { reference: target });
    return;
  }
  if (UNAVAILABLE[stage].has(head as string)) {
    issue(issues, "unknown_reference", pointer, `The rule reads "${target}", which is not computed yet at this step.`, `规则读取 "${target}"，但此步骤时该值尚未计算。`, { reference: target });
    return;
  }
  const names = known[head as string];
  if (names !== undefined && second !== undefined && !names.has(second)) {
    issue(issues, "unknown_reference", pointer, `The rule reads "${target}", but "${second}" is not one of the ${head} defined by this instrument.`, `规则读取 "${target}"，但 "${second}" 不是本工具定义的 ${head}。`, { reference: target });
  }
}

function compileRule(
  rule: unknown,
  at: readonly PathSegment[],
  stage: Stage,
  known: Readonly<Record<string, ReadonlySet<string>>>,
  issues: Issue[],
  asBoolean = false,
): CompiledLogic | null {
  const problems = validateLogicAt(engine, rule, at);
  checkReferences(rule, at, stage, known, problems);
  if (problems.length > 0) {
    issues.push(...problems);
    return null;
  }
  return engine.compile(asBoolean ? { "!!": [rule] } : rule);
}

function checkUnique(values: readonly string[], what: { en: string; zh: string }, pathOf: (i: number) => readonly PathSegment[], issues: Issue[]): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (RESERVED_KEYS.has(value)) {
      issue(issues, "reserved_key", pathOf(i), `"${value}" cannot be used as ${what.en}: it is a built-in property name.`, `"${value}" 是内置属性名，不能用作${what.zh}。`);
    }
    if (seen.has(value)) issue(issues, "duplicate_key", pathOf(i), `${what.en} "${value}" is defined twice.`, `${what.zh} "${value}" 重复定义。`);
    seen.add(value);
  });
}

function checkContiguous(values: readonly number[], what: { en: string; zh: string; code: string }, at: readonly PathSegment[], issues: Issue[]): void {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.some((v, i) => v !== i)) {
    issue(issues, what.code, at, `The ${what.en} must be 0, 1, 2 … each once; got ${values.join(", ")}.`, `${what.zh}必须是 0、1、2 …，每个出现一次；实际为 ${values.join("、")}。`);
  }
}

function buildCompiled(doc: InstrumentDocument, raw: Record<string, unknown>, issues: Issue[]): CompiledInstrument | null {
  // Levels and grades.
  checkContiguous(doc.levels.map((l) => l.level), { en: "levels", zh: "等级", code: "levels_not_contiguous" }, ["levels"], issues);
  if (doc.grades !== undefined) {
    checkContiguous(doc.grades.map((g) => g.grade), { en: "grades", zh: "分级", code: "grades_not_contiguous" }, ["grades"], issues);
  }
  const levelLabels: LocalizedText[] = [];
  for (const l of doc.levels) levelLabels[l.level] = Object.freeze({ zh: l.label.zh, en: l.label.en });
  const levelCount = doc.levels.length;
  const gradeCount = doc.grades?.length ?? 0;
  const isLevel = (v: number) => Number.isInteger(v) && v >= 0 && v < levelCount;
  const isGrade = (v: number) => Number.isInteger(v) && v >= 0 && v < gradeCount;

  // Keys.
  const allItems = doc.dimensions.flatMap((d, di) => d.items.map((item, ii) => ({ item, di, ii })));
  checkUnique(doc.dimensions.map((d) => d.key), { en: "a dimension key", zh: "维度键" }, (i) => ["dimensions", i, "key"], issues);
  checkUnique(allItems.map((x) => x.item.key), { en: "an item key", zh: "条目键" }, (i) => {
    const x = allItems[i] as { di: number; ii: number };
    return ["dimensions", x.di, "items", x.ii, "key"];
  }, issues);
  const flagNames = Object.keys(doc.policyFlags ?? {});
  checkUnique(flagNames, { en: "a policy flag", zh: "政策开关" }, (i) => ["policyFlags", flagNames[i] as string], issues);
  checkUnique((doc.diseases ?? []).map((d) => d.id), { en: "a disease id", zh: "疾病 id" }, (i) => ["diseases", i, "id"], issues);
  checkUnique((doc.riskEvents?.types ?? []).map((t) => t.key), { en: "a risk event key", zh: "风险事件键" }, (i) => ["riskEvents", "types", i, "key"], issues);
  checkUnique((doc.computed ?? []).map((c) => c.key), { en: "a computed value key", zh: "计算值键" }, (i) => ["computed", i, "key"], issues);
  checkUnique((doc.adjustments ?? []).map((a) => a.id), { en: "an adjustment id", zh: "调整规则 id" }, (i) => ["adjustments", i, "id"], issues);

  // Size: the tables of reachable sums grow with the items and their top scores.
  const itemCount = allItems.length;
  const topSum = allItems.reduce((sum, x) => sum + Math.max(...x.item.options.map((o) => o.score)), 0);
  if (itemCount > MAX_ITEMS || topSum > MAX_TOTAL) {
    issue(issues, "instrument_too_large", ["dimensions"], `An instrument may have at most ${MAX_ITEMS} items whose top scores add up to at most ${MAX_TOTAL}; this one has ${itemCount} adding up to ${topSum}.`, `评估工具最多 ${MAX_ITEMS} 个条目、各条目最高分之和最多 ${MAX_TOTAL}；本工具有 ${itemCount} 个条目，合计 ${topSum}。`, { items: itemCount, total: topSum });
    return null;
  }

  // Items and dimensions.
  const items: CompiledItem[] = [];
  const itemIndex = new Map<string, number>();
  const dimensions: Array<Omit<CompiledDimension, "gradeLookup" | "gradeRule" | "gradeBands"> & { gradeLookup: Int16Array | null; gradeRule: CompiledLogic | null; gradeBands: CompiledDimension["gradeBands"] }> = [];
  doc.dimensions.forEach((dimension, di) => {
    const indexes: number[] = [];
    const scoreLists: number[][] = [];
    let min = 0;
    let max = 0;
    dimension.items.forEach((item, ii) => {
      const scores = item.options.map((o) => o.score);
      const seen = new Set<number>();
      scores.forEach((score, oi) => {
        if (seen.has(score)) {
          issue(issues, "duplicate_score", ["dimensions", di, "items", ii, "options", oi, "score"], `Item ${item.key} has two options scored ${score}.`, `条目 ${item.key} 有两个选项都是 ${score} 分。`);
        }
        seen.add(score);
      });
      const sorted = [...seen].sort((a, b) => a - b);
      const itemMax = sorted[sorted.length - 1] as number;
      const allowed = new Uint8Array(itemMax + 1);
      for (const s of sorted) allowed[s] = 1;
      indexes.push(items.length);
      itemIndex.set(item.key, items.length);
      items.push({ key: item.key, definition: item, dimension: di, allowed, scores: Object.freeze(sorted), max: itemMax });
      scoreLists.push(sorted);
      min += sorted[0] as number;
      max += itemMax;
    });
    if (dimension.max !== max) {
      issue(issues, "dimension_max_mismatch", ["dimensions", di, "max"], `Dimension ${dimension.key} declares max ${dimension.max}, but its items' top scores add up to ${max}.`, `维度 ${dimension.key} 声明最高分 ${dimension.max}，但各条目最高分之和为 ${max}。`, { declared: dimension.max, computed: max });
    }
    const reachable = reachableSums(scoreLists).slice(min);
    dimensions.push({
      key: dimension.key,
      label: dimension.label,
      code: dimension.code,
      min,
      max,
      items: indexes,
      reachable,
      gradeLookup: null,
      gradeRule: null,
      graded: dimension.grade !== undefined,
      gradeBands: null,
    });
  });
  const graded = dimensions.some((d) => d.graded);
  if (graded && doc.grades === undefined) {
    issue(issues, "missing_grades", ["grades"], "Some dimensions are graded, so the document needs a grade scale (grades).", "有维度需要分级，文档必须给出分级表（grades）。");
  }

  // Names the rules may read.
  const known: Record<string, ReadonlySet<string>> = {
    items: new Set(items.map((i) => i.key)),
    dimensions: new Set(dimensions.map((d) => d.key)),
    grades: new Set(dimensions.filter((d) => d.graded).map((d) => d.key)),
    riskEvents: new Set((doc.riskEvents?.types ?? []).map((t) => t.key)),
    computed: new Set((doc.computed ?? []).map((c) => c.key)),
    flags: new Set(flagNames),
  };

  // Grades.
  doc.dimensions.forEach((dimension, di) => {
    const grade = dimension.grade;
    const target = dimensions[di];
    if (grade === undefined || target === undefined) return;
    if ("bands" in grade) {
      const bands = normaliseBands(grade.bands);
      target.gradeBands = bands;
      target.gradeLookup = compileBands(bands, target.reachable, target.min, isGrade, { en: `the grade of ${dimension.key}`, zh: `维度 ${dimension.key} 的分级`, result: "grade" }, ["dimensions", di, "grade", "bands"], issues);
    } else {
      target.gradeRule = compileRule(grade.rule, ["dimensions", di, "grade", "rule"], "grade", known, issues);
    }
  });

  // Total and the preliminary level.
  let totalMin = 0;
  let totalMax = 0;
  for (const d of dimensions) {
    totalMin += d.min;
    totalMax += d.max;
  }
  if (doc.total !== undefined && (doc.total.min !== totalMin || doc.total.max !== totalMax)) {
    issue(issues, "total_range_mismatch", ["total"], `The total is declared ${doc.total.min}–${doc.total.max}, but the items make ${totalMin}–${totalMax}.`, `总分声明为 ${doc.total.min}–${doc.total.max}，但各条目合计为 ${totalMin}–${totalMax}。`, { declared: doc.total, computed: { min: totalMin, max: totalMax } });
  }
  const reachableTotals = reachableSums(items.map((i) => i.scores)).slice(totalMin);
  let levelLookup: Int16Array | null = null;
  let levelBands: CompiledInstrument["levelBands"] = null;
  let levelRule: CompiledLogic | null = null;
  let matrix: CompiledInstrument["matrix"] = null;
  const pl = doc.preliminaryLevel;
  if (pl.basis === "total") {
    if (doc.total === undefined) {
      issue(issues, "missing_total", ["total"], "The preliminary level comes from the total, so the document must declare the total.", "初步等级依据总分，文档必须声明总分（total）。");
    }
    levelBands = normaliseBands(pl.bands);
    levelLookup = compileBands(levelBands, reachableTotals, totalMin, isLevel, { en: "the total", zh: "总分", result: "level" }, ["preliminaryLevel", "bands"], issues);
  } else if (pl.basis === "rule") {
    levelRule = compileRule(pl.rule, ["preliminaryLevel", "rule"], "preliminary", known, issues);
  } else {
    const dimensionAt = (key: string, at: readonly PathSegment[]): number => {
      const index = dimensions.findIndex((d) => d.key === key);
      if (index < 0) issue(issues, "unknown_dimension", at, `There is no dimension "${key}".`, `没有维度 "${key}"。`);
      else if (!(dimensions[index] as CompiledDimension).graded) issue(issues, "dimension_not_graded", at, `Dimension "${key}" is not graded, so it cannot index the matrix.`, `维度 "${key}" 未分级，不能用于矩阵。`);
      return index;
    };
    const row = dimensionAt(pl.rowDimension, ["preliminaryLevel", "rowDimension"]);
    const columns = pl.columnDimensions.map((k, i) => dimensionAt(k, ["preliminaryLevel", "columnDimensions", i]));
    if (pl.cells.length !== gradeCount || pl.cells.some((r) => r.length !== gradeCount)) {
      issue(issues, "matrix_shape", ["preliminaryLevel", "cells"], `The matrix must have ${gradeCount} rows of ${gradeCount} cells, one per grade.`, `矩阵必须是 ${gradeCount} 行、每行 ${gradeCount} 格（每个分级一行一列）。`);
    }
    pl.cells.forEach((r, ri) =>
      r.forEach((cell, ci) => {
        if (!isLevel(cell)) issue(issues, "unknown_level", ["preliminaryLevel", "cells", ri, ci], `Cell [${ri}][${ci}] is level ${cell}, which is not defined.`, `单元格 [${ri}][${ci}] 的等级 ${cell} 未定义。`);
      }),
    );
    matrix = { row, columns, cells: pl.cells };
  }

  // Diseases, risk events, computed values.
  const riskKeys = doc.riskEvents?.types.map((t) => t.key) ?? null;
  const noRiskEvents: Record<string, number> = {};
  for (const k of riskKeys ?? []) noRiskEvents[k] = 0;
  const computed: Array<{ key: string; rule: CompiledLogic }> = [];
  (doc.computed ?? []).forEach((c, i) => {
    const rule = compileRule(c.rule, ["computed", i, "rule"], "computed", known, issues);
    if (rule !== null) computed.push({ key: c.key, rule });
  });

  // Policy flags and level change.
  const defaultFlags: Record<string, boolean> = {};
  for (const name of flagNames) defaultFlags[name] = (doc.policyFlags as Record<string, { default: boolean }>)[name]?.default === true;
  const ceiling = doc.levelChange?.ceiling ?? levelCount - 1;
  if (!isLevel(ceiling)) issue(issues, "unknown_level", ["levelChange", "ceiling"], `The ceiling ${ceiling} is not a level.`, `上限 ${ceiling} 不是已定义的等级。`);
  const skipFromLevel = doc.levelChange?.skipFromLevel ?? Infinity;
  if (doc.levelChange?.skipFromLevel !== undefined && !isLevel(skipFromLevel)) {
    issue(issues, "unknown_level", ["levelChange", "skipFromLevel"], `skipFromLevel ${skipFromLevel} is not a level.`, `skipFromLevel ${skipFromLevel} 不是已定义的等级。`);
  }
  let stackRaises: boolean | string = false;
  const stackSetting = doc.levelChange?.stackRaises;
  if (typeof stackSetting === "boolean") stackRaises = stackSetting;
  else if (stackSetting !== undefined) {
    if (!flagNames.includes(stackSetting.flag)) {
      issue(issues, "unknown_flag", ["levelChange", "stackRaises", "flag"], `There is no policy flag "${stackSetting.flag}".`, `没有政策开关 "${stackSetting.flag}"。`);
    }
    stackRaises = stackSetting.flag;
  }

  // Adjustments.
  const raises: CompiledAdjustment[] = [];
  const sets: CompiledAdjustment[] = [];
  (doc.adjustments ?? []).forEach((definition, i) => {
    const when = compileRule(definition.when, ["adjustments", i, "when"], "adjustment", known, issues, true);
    const effect = definition.effect;
    if ("setLevel" in effect) {
      if (!isLevel(effect.setLevel)) issue(issues, "unknown_level", ["adjustments", i, "effect", "setLevel"], `Level ${effect.setLevel} is not defined.`, `等级 ${effect.setLevel} 未定义。`);
      if (when !== null) sets.push({ definition, when, raise: 0, setLevel: effect.setLevel, reason: parseTemplate(definition.reason) });
    } else {
      if (doc.levelChange === undefined && !issues.some((i) => i.code === "missing_level_change")) {
        issue(issues, "missing_level_change", ["levelChange"], "The document has raise rules, so it must say how they combine (levelChange.stackRaises).", "文档有升级规则，必须说明其合并方式（levelChange.stackRaises）。");
      }
      if (when !== null) raises.push({ definition, when, raise: effect.raise, setLevel: -1, reason: parseTemplate(definition.reason) });
    }
    checkTemplate(definition.reason, ["adjustments", i, "reason"], known, issues);
  });

  // Checks.
  const checks: CompiledCheck[] = [];
  (doc.checks ?? []).forEach((definition, i) => {
    const when = compileRule(definition.when, ["checks", i, "when"], "check", known, issues, true);
    if (when !== null) checks.push({ definition, when });
  });

  // Provisional notes must point at something.
  (doc.provisional ?? []).forEach((note, i) => {
    if (resolvePointer(raw, note.path) === undefined) {
      issue(issues, "unresolved_pointer", ["provisional", i, "path"], `The provisional note points at "${note.path}", which is not in the document.`, `暂定说明指向 "${note.path}"，但文档中没有该位置。`);
    }
  });

  // Test cases name known flags.
  (doc.tests ?? []).forEach((test, i) => {
    for (const name of Object.keys(test.flags ?? {})) {
      if (!flagNames.includes(name)) issue(issues, "unknown_flag", ["tests", i, "flags", name], `There is no policy flag "${name}".`, `没有政策开关 "${name}"。`);
    }
  });

  if (hasErrors(issues)) return null;
  const reference = Object.freeze({ id: doc.id, version: doc.version, fingerprint: fingerprint(raw) });
  return {
    reference,
    document: doc,
    items,
    itemIndex,
    dimensions: dimensions as CompiledDimension[],
    graded,
    hasTotal: doc.total !== undefined,
    totalMin,
    totalMax,
    reachableTotals,
    levelLookup,
    levelBands,
    levelRule,
    matrix,
    levelLabels,
    gradeCount,
    diseaseIds: doc.diseases === undefined ? null : new Set(doc.diseases.map((d) => d.id)),
    riskKeys,
    riskMax: doc.riskEvents?.maxCount ?? 0,
    noRiskEvents: Object.freeze(noRiskEvents),
    computed,
    raises,
    sets,
    ceiling,
    stackRaises,
    skipFromLevel,
    flagNames,
    defaultFlags: Object.freeze(defaultFlags),
    checks,
    minimumAge: doc.subject?.minimumAge ?? null,
    intervalMonths: doc.reassessment?.intervalMonths ?? null,
    scratch: new Int32Array(dimensions.length),
    keyOrder: { keys: [], indexes: [] },
    seen: new Int32Array(items.length),
    epoch: 0,
    lastFlagsInput: undefined,
    lastFlagsResolved: null,
  };
}

const TEMPLATE = /\{\{\s*([^}]*?)\s*\}\}/g;

function checkTemplate(text: LocalizedText, at: readonly PathSegment[], known: Readonly<Record<string, ReadonlySet<string>>>, issues: Issue[]): void {
  for (const lang of ["zh", "en"] as const) {
    for (const match of text[lang].matchAll(TEMPLATE)) {
      checkReferencePath(match[1] ?? "", [...at, lang], "adjustment", known, issues);
    }
  }
}
