import {
  createIssue,
  hasErrors,
  type CheckedRead,
  type CheckedRule,
  type CompiledLogic,
  type DocumentCompileContext,
  type DocumentKind,
  type Issue,
  type LoadDocumentOptions,
  type LoadedDocument,
  type LocalizedText,
  type PathSegment,
  type SafeResult,
  type Vocabulary,
  type VocabularyField,
} from "@yiyang/core";
import { defineDocumentKind } from "@yiyang/core/mini";
import {
  normaliseBands,
  type NoteTest,
  type RequiredInputs,
  type CompiledAdjustment,
  type CompiledCheck,
  type CompiledDimension,
  type CompiledInstrument,
  type CompiledItem,
} from "./compiled-instrument";
import type { InstrumentDocument } from "./instrument-document";
import { instrumentSchema } from "./instrument-schema";
import { runInstrumentTestCase } from "./run-instrument-tests";

/**
 * A loaded instrument: a validated, frozen instrument document with every rule compiled once.
 * Pass it to {@link assess}, {@link verifyResult} and {@link explainResult}.
 */
export interface Instrument extends LoadedDocument<InstrumentDocument> {
  /** Every policy flag with its default. */
  readonly defaultFlags: Readonly<Record<string, boolean>>;
  /**
   * The record inputs a record must give because a rule deciding the level reads them (a grade or
   * preliminary-level rule, a level-change condition, or a computed value one of those reads), as
   * JSON pointers into the record, e.g. `["/coma", "/diseases", "/riskEvents/fall", …]`. Items are
   * always required. An input read only through `{"var": [name, default]}` is not listed: the
   * document then says itself what its absence means.
   */
  readonly requiredInputs: readonly string[];
}

/** Options for {@link loadInstrument}: limits on the rules' size and evaluation work. */
export type LoadInstrumentOptions = LoadDocumentOptions;

/** Most items an instrument may have. */
const MAX_ITEMS = 500;
/** Largest sum of the items' top scores. */
const MAX_TOTAL = 10_000;

/** Names an object inherits: never allowed as keys, so a record's `items[key]` can only be its own. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

type Stage = "grade" | "preliminary" | "computed" | "adjustment" | "check";

const NOT_YET: LocalizedText = { en: "it is computed after this step.", zh: "该值在此步骤之后才计算。" };
const CONTEXT_NAME: LocalizedText = { en: "The assessment context", zh: "评估上下文" };

function objectOf(names: Iterable<string>, field: VocabularyField): VocabularyField {
  const fields: Record<string, VocabularyField> = {};
  for (const name of names) fields[name] = field;
  return { type: "object", fields };
}

/**
 * What an instrument's rules read at each step: the record's answers and the values computed so
 * far (a grade rule cannot read the level it helps decide).
 */
function vocabularies(names: Readonly<Record<string, readonly string[]>>, diseaseIds: readonly string[] | null): Record<Stage, Vocabulary> {
  const integer: VocabularyField = { type: "integer" };
  const base: Record<string, VocabularyField> = {
    assessedOn: { type: "date", description: { en: "The assessment date.", zh: "评估日期。" } },
    age: { type: "integer", nullable: true, description: { en: "Whole years on assessedOn; null without a birth date.", zh: "评估日的周岁年龄；无出生日期时为 null。" } },
    items: objectOf(names.items ?? [], integer),
    dimensions: objectOf(names.dimensions ?? [], integer),
    total: { type: "integer", nullable: true },
    grades: objectOf(names.grades ?? [], integer),
    baseLevel: { type: "integer" },
    computed: objectOf(names.computed ?? [], { type: "any", nullable: true }),
    coma: { type: "boolean" },
    diseases: { type: "list", items: { type: "string", values: diseaseIds ?? undefined } },
    riskEvents: objectOf(names.riskEvents ?? [], integer),
    flags: objectOf(names.flags ?? [], { type: "boolean" }),
  };
  const at = (unavailable: readonly string[]): Vocabulary => {
    const fields = { ...base };
    for (const name of unavailable) fields[name] = { ...(fields[name] as VocabularyField), unavailable: NOT_YET };
    return { name: CONTEXT_NAME, fields };
  };
  return {
    grade: at(["grades", "baseLevel", "computed"]),
    preliminary: at(["baseLevel", "computed"]),
    computed: at([]),
    adjustment: at([]),
    check: at([]),
  };
}

/**
 * The instrument document kind: items with their options, dimensions, bands, adjustments, policy
 * flags and test cases, loaded by core's one document mechanism. Hand it to
 * `createDocumentRegistry` (from `@yiyang/core`) beside other kinds.
 *
 * @example
 * ```ts
 * instrumentKind.safeLoad(gbt42195Instrument).ok; //=> true
 * instrumentKind.kind; //=> "instrument"
 * ```
 */
export const instrumentKind: DocumentKind<InstrumentDocument, Instrument> = defineDocumentKind({
  kind: "instrument",
  title: { en: "an assessment instrument (items, dimensions, bands, adjustments)", zh: "评估工具（条目、维度、分级、等级变更）" },
  schema: instrumentSchema as unknown as import("zod/v4/core").$ZodType<InstrumentDocument>,
  compile: (document, context) => buildCompiled(document, context),
  expose: (compiled) => ({ defaultFlags: compiled.defaultFlags, requiredInputs: compiled.requiredInputs }),
  runTest: (test, context) => runInstrumentTestCase(test, context),
});

/** The compiled form of a loaded instrument. @internal */
export function getCompiled(instrument: Instrument): CompiledInstrument {
  return instrumentKind.compiledOf(instrument) as CompiledInstrument;
}

/**
 * Whether a value is an instrument returned by {@link loadInstrument} (by this copy of the
 * package or another: an ESM and a CJS build in one app recognise each other's).
 *
 * @param value - anything
 * @returns `true` for a loaded instrument
 *
 * @example
 * ```ts
 * isInstrument(loadInstrument(gbt42195Instrument)); //=> true
 * isInstrument(gbt42195Instrument); //=> false
 * ```
 */
export function isInstrument(value: unknown): value is Instrument {
  return instrumentKind.is(value);
}

/**
 * Load an instrument document: check its structure and every cross-field rule (unique keys,
 * declared maxima equal to the options' sums, bands that cover every reachable score without
 * overlapping, known levels and grades, JSON Logic rules that compile and only read fields that
 * exist at their step), then compile every rule once.
 *
 * @param document - the instrument document, as parsed from JSON
 * @param options - limits on the rules' size and evaluation work
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
  return instrumentKind.load(document, options);
}

/**
 * {@link loadInstrument}, returning every issue instead of throwing. It never throws, whatever the input.
 *
 * @param document - the instrument document, as parsed from JSON
 * @param options - limits on the rules' size and evaluation work
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
  return instrumentKind.safeLoad(document, options);
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
  context: DocumentCompileContext,
): Int16Array {
  const issues = context.issues;
  const before = issues.length;
  context.bands(bands, (i) => [...at, i], what);
  bands.forEach((band, i) => {
    if (!known(band.value)) {
      issue(
        issues,
        what.result === "level" ? "unknown_level" : "unknown_grade",
        [...at, i, what.result],
        `Band ${i} maps to ${what.result} ${band.value}, which is not defined.`,
        `第 ${i} 段对应的${what.result === "level" ? "等级" : "分级"} ${band.value} 未定义。`,
      );
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

/** Keys used twice (`duplicate_id`) or named like a built-in property (`reserved_key`). */
function checkKeys(values: readonly string[], what: LocalizedText, pathOf: (i: number) => readonly PathSegment[], context: DocumentCompileContext): void {
  context.unique(values, pathOf, what);
  values.forEach((value, i) => {
    if (RESERVED_KEYS.has(value)) {
      issue(context.issues, "reserved_key", pathOf(i), `"${value}" cannot be used as ${what.en}: it is a built-in property name.`, `"${value}" 是内置属性名，不能用作${what.zh}。`);
    }
  });
}

function checkContiguous(values: readonly number[], what: { en: string; zh: string; code: string }, at: readonly PathSegment[], issues: Issue[]): void {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.some((v, i) => v !== i)) {
    issue(issues, what.code, at, `The ${what.en} must be 0, 1, 2 … each once; got ${values.join(", ")}.`, `${what.zh}必须是 0、1、2 …，每个出现一次；实际为 ${values.join("、")}。`);
  }
}

function buildCompiled(doc: InstrumentDocument, context: DocumentCompileContext): CompiledInstrument | null {
  const issues = context.issues;
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
  checkKeys(doc.dimensions.map((d) => d.key), { en: "a dimension key", zh: "维度键" }, (i) => ["dimensions", i, "key"], context);
  checkKeys(allItems.map((x) => x.item.key), { en: "an item key", zh: "条目键" }, (i) => {
    const x = allItems[i] as { di: number; ii: number };
    return ["dimensions", x.di, "items", x.ii, "key"];
  }, context);
  const flagNames = Object.keys(doc.policyFlags ?? {});
  checkKeys(flagNames, { en: "a policy flag", zh: "政策开关" }, (i) => ["policyFlags", flagNames[i] as string], context);
  checkKeys((doc.diseases ?? []).map((d) => d.id), { en: "a disease id", zh: "疾病 id" }, (i) => ["diseases", i, "id"], context);
  checkKeys((doc.riskEvents?.types ?? []).map((t) => t.key), { en: "a risk event key", zh: "风险事件键" }, (i) => ["riskEvents", "types", i, "key"], context);
  checkKeys((doc.computed ?? []).map((c) => c.key), { en: "a computed value key", zh: "计算值键" }, (i) => ["computed", i, "key"], context);
  checkKeys((doc.adjustments ?? []).map((a) => a.id), { en: "an adjustment id", zh: "调整规则 id" }, (i) => ["adjustments", i, "id"], context);

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

  // Names the rules may read, at each step.
  const vocabulary = vocabularies(
    {
      items: items.map((i) => i.key),
      dimensions: dimensions.map((d) => d.key),
      grades: dimensions.filter((d) => d.graded).map((d) => d.key),
      riskEvents: (doc.riskEvents?.types ?? []).map((t) => t.key),
      computed: (doc.computed ?? []).map((c) => c.key),
      flags: flagNames,
    },
    doc.diseases === undefined ? null : doc.diseases.map((d) => d.id),
  );
  // Every rule that decides the level, with what it reads: the inputs a record must give.
  const deciding: Array<{ reads: readonly CheckedRead[]; by: LocalizedText }> = [];
  const computedReads = new Map<string, readonly CheckedRead[]>();
  const checkRule = (rule: unknown, at: readonly PathSegment[], stage: Stage, asBoolean = false): CheckedRule | null =>
    context.rule(rule, at, vocabulary[stage], { boolean: asBoolean });
  const compileRule = (rule: unknown, at: readonly PathSegment[], stage: Stage, asBoolean = false): CompiledLogic | null =>
    checkRule(rule, at, stage, asBoolean)?.evaluate ?? null;

  // Grades.
  doc.dimensions.forEach((dimension, di) => {
    const grade = dimension.grade;
    const target = dimensions[di];
    if (grade === undefined || target === undefined) return;
    if ("bands" in grade) {
      const bands = normaliseBands(grade.bands);
      target.gradeBands = bands;
      target.gradeLookup = compileBands(bands, target.reachable, target.min, isGrade, { en: `the grade of ${dimension.key}`, zh: `维度 ${dimension.key} 的分级`, result: "grade" }, ["dimensions", di, "grade", "bands"], context);
    } else {
      const checked = checkRule(grade.rule, ["dimensions", di, "grade", "rule"], "grade");
      target.gradeRule = checked?.evaluate ?? null;
      if (checked !== null) deciding.push({ reads: checked.reads, by: { en: `the grade rule of dimension ${dimension.key}`, zh: `维度「${dimension.label.zh}」的分级规则` } });
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
    levelLookup = compileBands(levelBands, reachableTotals, totalMin, isLevel, { en: "the total", zh: "总分", result: "level" }, ["preliminaryLevel", "bands"], context);
  } else if (pl.basis === "rule") {
    const checked = checkRule(pl.rule, ["preliminaryLevel", "rule"], "preliminary");
    levelRule = checked?.evaluate ?? null;
    if (checked !== null) deciding.push({ reads: checked.reads, by: { en: "the preliminary-level rule", zh: "初步等级规则" } });
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
  const computed: Array<{ key: string; rule: CompiledLogic }> = [];
  (doc.computed ?? []).forEach((c, i) => {
    const checked = checkRule(c.rule, ["computed", i, "rule"], "computed");
    if (checked !== null) {
      computed.push({ key: c.key, rule: checked.evaluate });
      computedReads.set(c.key, checked.reads);
    }
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
    const reason = {
      zh: context.template(definition.reason.zh, ["adjustments", i, "reason", "zh"], vocabulary.adjustment),
      en: context.template(definition.reason.en, ["adjustments", i, "reason", "en"], vocabulary.adjustment),
    };
    const checked = checkRule(definition.when, ["adjustments", i, "when"], "adjustment", true);
    const when = checked?.evaluate ?? null;
    const reads = checked === null ? [] : readNames(checked.reads);
    if (checked !== null) {
      deciding.push({ reads: checked.reads, by: { en: `the level-change rule "${definition.label.en}" (${definition.clause})`, zh: `等级变更规则「${definition.label.zh}」（${definition.clause}）` } });
    }
    const effect = definition.effect;
    if ("setLevel" in effect) {
      if (!isLevel(effect.setLevel)) issue(issues, "unknown_level", ["adjustments", i, "effect", "setLevel"], `Level ${effect.setLevel} is not defined.`, `等级 ${effect.setLevel} 未定义。`);
      if (when !== null) sets.push({ definition, when, raise: 0, setLevel: effect.setLevel, reason: templateOf(reason), reads });
    } else {
      if (doc.levelChange === undefined && !issues.some((i) => i.code === "missing_level_change")) {
        issue(issues, "missing_level_change", ["levelChange"], "The document has raise rules, so it must say how they combine (levelChange.stackRaises).", "文档有升级规则，必须说明其合并方式（levelChange.stackRaises）。");
      }
      if (when !== null) raises.push({ definition, when, raise: effect.raise, setLevel: -1, reason: templateOf(reason), reads });
    }
  });

  // Checks.
  const checks: CompiledCheck[] = [];
  (doc.checks ?? []).forEach((definition, i) => {
    const when = compileRule(definition.when, ["checks", i, "when"], "check", true);
    if (when !== null) checks.push({ definition, when });
  });

  // Test cases name known flags.
  (doc.tests ?? []).forEach((test, i) => {
    for (const name of Object.keys(test.flags ?? {})) {
      if (!flagNames.includes(name)) issue(issues, "unknown_flag", ["tests", i, "flags", name], `There is no policy flag "${name}".`, `没有政策开关 "${name}"。`);
    }
  });

  if (hasErrors(issues)) return null;
  const required = requiredInputsOf(deciding, computedReads, riskKeys ?? []);
  const notes = (doc.provisional ?? []).map((note) => ({ path: note.path, test: noteTest(doc, note.path, flagReaders(deciding, computedReads), stackFlagName(doc)) }));
  return {
    reference: context.reference,
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
    diseaseLabels: new Map((doc.diseases ?? []).map((d) => [d.id, d.label])),
    requires: required.requires,
    requiredInputs: required.pointers,
    inputReaders: required.readers,
    notes,
    noteLists: new Map(),
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
    dimensionTemplate: Object.fromEntries(dimensions.map((d) => [d.key, 0])),
    scratch: new Int32Array(dimensions.length),
    keyOrder: { keys: [], indexes: [] },
    seen: new Int32Array(items.length),
    epoch: 0,
    lastFlagsInput: undefined,
    lastFlagsResolved: null,
    flipped: { flags: null, byName: new Map() },
  };
}

/** A reason's parts with each placeholder's name split at its dots, or `null` when it has none. */
function templateOf(reason: { zh: readonly string[]; en: readonly string[] }): CompiledAdjustment["reason"] {
  if (reason.zh.length === 1 && reason.en.length === 1) return null;
  const split = (parts: readonly string[]) => Object.freeze(parts.map((part, i) => (i % 2 === 1 ? Object.freeze(part.split(".")) : part)));
  return Object.freeze({ zh: split(reason.zh), en: split(reason.en) });
}

/** The distinct names a rule reads from its data (outside `map`, `filter` … bodies), in order. */
function readNames(reads: readonly CheckedRead[]): string[] {
  const names: string[] = [];
  for (const read of reads) if (read.scope === "data" && read.name !== null && !names.includes(read.name)) names.push(read.name);
  return names;
}

/**
 * Follow what the rules deciding the level read, through the computed values they read, to the
 * record inputs: `coma`, `diseases`, each risk-event count, and a birth date when `age` is read.
 * A read with a `var` default does not make its input required.
 */
function requiredInputsOf(
  deciding: ReadonlyArray<{ reads: readonly CheckedRead[]; by: LocalizedText }>,
  computedReads: ReadonlyMap<string, readonly CheckedRead[]>,
  riskKeys: readonly string[],
): { requires: RequiredInputs; pointers: readonly string[]; readers: ReadonlyMap<string, LocalizedText> } {
  const by = new Map<string, LocalizedText[]>();
  const add = (pointer: string, reader: LocalizedText) => {
    const list = by.get(pointer) ?? [];
    if (!list.some((r) => r.en === reader.en)) list.push(reader);
    by.set(pointer, list);
  };
  const visit = (reads: readonly CheckedRead[], reader: LocalizedText, seen: Set<string>) => {
    for (const read of reads) {
      if (read.scope !== "data" || read.name === null || read.hasDefault) continue;
      const [head = "", second] = read.name.split(".");
      if (head === "" || head === "coma") add("/coma", reader);
      if (head === "" || head === "diseases") add("/diseases", reader);
      if (head === "" || head === "age") add("/subject/birthDate", reader);
      if (head === "" || (head === "riskEvents" && second === undefined)) for (const key of riskKeys) add(`/riskEvents/${key}`, reader);
      else if (head === "riskEvents" && second !== undefined) add(`/riskEvents/${second}`, reader);
      if (head === "" || head === "computed") {
        const keys = second === undefined ? [...computedReads.keys()] : [second];
        for (const key of keys) {
          if (seen.has(key)) continue;
          seen.add(key);
          visit(computedReads.get(key) ?? [], reader, seen);
        }
      }
    }
  };
  for (const rule of deciding) visit(rule.reads, rule.by, new Set());
  const riskEvents = riskKeys.filter((key) => by.has(`/riskEvents/${key}`));
  const pointers = ["/subject/birthDate", "/coma", "/diseases", ...riskKeys.map((key) => `/riskEvents/${key}`)].filter((p) => by.has(p));
  const join = (list: readonly LocalizedText[]): LocalizedText => ({ en: list.map((r) => r.en).join(" and "), zh: list.map((r) => r.zh).join("、") });
  const readers = new Map<string, LocalizedText>();
  for (const pointer of pointers) readers.set(pointer, join(by.get(pointer) as LocalizedText[]));
  if (riskEvents.length > 0) {
    const all: LocalizedText[] = [];
    for (const key of riskEvents) for (const reader of by.get(`/riskEvents/${key}`) as LocalizedText[]) if (!all.some((r) => r.en === reader.en)) all.push(reader);
    readers.set("/riskEvents", join(all));
  }
  return {
    requires: Object.freeze({ coma: by.has("/coma"), diseases: by.has("/diseases"), riskEvents: Object.freeze(riskEvents), birthDate: by.has("/subject/birthDate") }),
    pointers: Object.freeze(pointers),
    readers,
  };
}

/** How each policy flag is read by the rules deciding the level: by a grade or preliminary-level rule, a level-change condition, a computed value. */
interface FlagReads {
  early: boolean;
  adjustment: boolean;
  computed: boolean;
}

function flagReaders(
  deciding: ReadonlyArray<{ reads: readonly CheckedRead[]; by: LocalizedText }>,
  computedReads: ReadonlyMap<string, readonly CheckedRead[]>,
): Map<string, FlagReads> {
  const flags = new Map<string, FlagReads>();
  const note = (reads: readonly CheckedRead[], kind: keyof FlagReads) => {
    for (const read of reads) {
      if (read.scope !== "data" || read.name === null) continue;
      const [head, second] = read.name.split(".");
      const name = head === "flags" && second !== undefined ? second : head === "" || head === "flags" ? "*" : null;
      if (name === null) continue;
      const entry = flags.get(name) ?? { early: false, adjustment: false, computed: false };
      entry[kind] = true;
      flags.set(name, entry);
    }
  };
  for (const rule of deciding) note(rule.reads, rule.by.en.startsWith("the level-change rule") ? "adjustment" : "early");
  for (const reads of computedReads.values()) note(reads, "computed");
  return flags;
}

function stackFlagName(doc: InstrumentDocument): string | null {
  const setting = doc.levelChange?.stackRaises;
  return typeof setting === "object" && setting !== null ? setting.flag : null;
}

/** When a provisional note at `pointer` applies to a result (see the assessment guide). */
function noteTest(doc: InstrumentDocument, pointer: string, flags: ReadonlyMap<string, FlagReads>, stackFlag: string | null): NoteTest {
  const always: NoteTest = { kind: "always" };
  if (pointer === "") return always;
  const path = pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const [head, a, b, c, d] = path;
  const index = (value: string | undefined) => (value !== undefined && /^(0|[1-9]\d*)$/.test(value) ? Number(value) : -1);
  switch (head) {
    case "dimensions": {
      const item = doc.dimensions[index(a)]?.items[index(c)];
      const option = b === "items" && d === "options" && item !== undefined ? item.options[index(path[5])] : undefined;
      return option !== undefined && item !== undefined ? { kind: "option", item: item.key, score: option.score } : always;
    }
    case "preliminaryLevel": {
      const pl = doc.preliminaryLevel;
      const band = pl.basis === "total" && a === "bands" ? pl.bands[index(b)] : undefined;
      return band !== undefined ? { kind: "band", min: band.min ?? null, max: band.max ?? null } : always;
    }
    case "levels": {
      const level = doc.levels[index(a)];
      return level !== undefined ? { kind: "level", level: level.level } : always;
    }
    case "adjustments": {
      const adjustment = doc.adjustments?.[index(a)];
      // A note on the condition applies whenever the rules were considered: held or not, it decided.
      return adjustment !== undefined && b !== undefined && b !== "when" && b !== "condition" ? { kind: "adjustment", id: adjustment.id } : { kind: "adjustments" };
    }
    case "levelChange":
      return { kind: "adjustments" };
    case "checks":
      return index(a) >= 0 ? { kind: "check", index: index(a) } : always;
    case "diseases": {
      const disease = doc.diseases?.[index(a)];
      return disease !== undefined ? { kind: "disease", id: disease.id } : always;
    }
    case "riskEvents": {
      const type = a === "types" ? doc.riskEvents?.types[index(b)] : undefined;
      return type !== undefined ? { kind: "risk", key: type.key } : always;
    }
    case "subject":
      return { kind: "age" };
    case "policyFlags": {
      if (a === undefined) return always;
      const read = flags.get(a);
      const all = flags.get("*");
      const early = all !== undefined || read?.early === true;
      // Read by nothing but stacking: it matters only when two raises hold.
      const stack = read === undefined;
      // Read only through computed values: it matters only when those come out differently.
      const computedOnly = read !== undefined && !read.adjustment && !read.early && a !== stackFlag;
      return { kind: "flag", name: a, always: early, stack, computedOnly };
    }
    default:
      return always;
  }
}
