import { type Issue, type LocalizedText } from "@yiyang/core";
import { invalidInput, scoreRecord, type AssessOptions } from "./assess";
import type { CompiledInstrument } from "./compiled-instrument";
import { formatContextValue, levelUnder, readContextPath, type EvaluationContext, type EvaluationTrace } from "./evaluate-record";
import { resolveCall, type InstrumentSource } from "./resolve-instrument";
import type { AssessmentResult } from "./types";

/** Options for {@link explainResult}: the same as {@link assess}. */
export type ExplainResultOptions = AssessOptions;

/** The kind of one step of an explanation, in the order they come. */
export type ExplanationStepKind =
  | "item"
  | "dimension"
  | "total"
  | "preliminary"
  | "adjustment"
  | "final"
  | "margin"
  | "warning"
  | "note";

/** One line of an explanation, in both languages. */
export interface ExplanationStep {
  kind: ExplanationStepKind;
  zh: string;
  en: string;
}

/**
 * How far a banded score lies from a change of the final level: for the total (and each dimension
 * graded by bands), the nearest score either way, among those the items can make, at which the
 * final level would differ if nothing else in the record changed. The level-change rules that hold
 * for the record are applied there too, so for a person with dementia "10 points lower" names the
 * raised level, and for a person in a coma no score changes the level at all.
 */
export interface ScoreMargin {
  /** `total`, or the key of a dimension graded by bands. */
  of: string;
  value: number;
  /** The band holding the value. */
  band: { min: number | null; max: number | null };
  /** What the band gives: the preliminary level for the total, a grade for a dimension. */
  result: number;
  /** The nearest reachable lower score giving another final level: how many points down, the score, what its band gives, and the final level. */
  down: { points: number; to: number; result: number; level: number } | null;
  /** The nearest reachable higher score giving another final level. */
  up: { points: number; to: number; result: number; level: number } | null;
}

/** What {@link explainResult} returns. */
export interface ResultExplanation {
  /** The result explained (the same as {@link assess} gives). */
  result: AssessmentResult;
  /** The chain, step by step: items → dimensions → total → band → each adjustment and why → final level → margins. */
  steps: ExplanationStep[];
  /** For the total (and each banded dimension), the points to the next band either way. */
  margins: ScoreMargin[];
  /** The steps as text, one line each. */
  text: LocalizedText;
  /** The record's warnings. */
  warnings: Issue[];
}

function step(kind: ExplanationStepKind, zh: string, en: string): ExplanationStep {
  return { kind, zh, en };
}

function describeBand(band: { min: number | null; max: number | null }): string {
  if (band.min !== null && band.max !== null) return band.min === band.max ? `${band.min}` : `${band.min}–${band.max}`;
  if (band.min !== null) return `≥ ${band.min}`;
  if (band.max !== null) return `≤ ${band.max}`;
  return "any";
}

/**
 * The margin of a value within bands: the nearest reachable scores either way whose final level
 * (`levelAt`) differs from `level`.
 */
function marginOf(
  of: string,
  value: number,
  bands: ReadonlyArray<{ min: number | null; max: number | null; value: number }>,
  reachable: Uint8Array,
  offset: number,
  lookup: Int16Array,
  level: number,
  levelAt: (score: number) => number,
): ScoreMargin | null {
  const band = bands.find((b) => (b.min === null || value >= b.min) && (b.max === null || value <= b.max));
  if (band === undefined) return null;
  const find = (step: 1 | -1): ScoreMargin["down"] => {
    for (let v = value + step; v >= offset && v - offset < reachable.length; v += step) {
      if (reachable[v - offset] !== 1) continue;
      const at = levelAt(v);
      if (at !== level) return { points: Math.abs(v - value), to: v, result: lookup[v - offset] as number, level: at };
    }
    return null;
  };
  return { of, value, band: { min: band.min, max: band.max }, result: band.value, down: find(-1), up: find(1) };
}

/** What a context name is, in each language, for the values an explanation shows. */
function nameOf(c: CompiledInstrument, name: string): LocalizedText {
  const [head = "", key = ""] = name.split(".");
  const dimension = c.dimensions.find((d) => d.key === key);
  switch (head) {
    case "coma":
      return { zh: "昏迷", en: "coma" };
    case "diseases":
      return { zh: "疾病诊断", en: "diseases" };
    case "age":
      return { zh: "年龄", en: "age" };
    case "total":
      return { zh: "总分", en: "total" };
    case "baseLevel":
      return { zh: "初步等级", en: "preliminary level" };
    case "items": {
      const item = c.items.find((i) => i.key === key);
      return item === undefined ? { zh: name, en: name } : { zh: item.definition.label.zh, en: item.definition.label.en };
    }
    case "dimensions":
      return dimension === undefined ? { zh: name, en: name } : { zh: dimension.label.zh, en: dimension.label.en };
    case "grades":
      return dimension === undefined ? { zh: name, en: name } : { zh: `${dimension.label.zh}分级`, en: `${dimension.label.en} grade` };
    case "computed": {
      const computed = c.document.computed?.find((v) => v.key === key);
      return computed === undefined ? { zh: name, en: name } : computed.label;
    }
    case "riskEvents": {
      const type = c.document.riskEvents?.types.find((t) => t.key === key);
      return type === undefined ? { zh: name, en: name } : type.label;
    }
    case "flags":
      return { zh: `政策开关 ${key}`, en: `policy flag ${key}` };
    default:
      return { zh: name, en: name };
  }
}

/** The values a rule read, `name = value` in each language (Chinese with the field's Chinese name, values in Chinese). */
function describeReads(c: CompiledInstrument, names: readonly string[], context: EvaluationContext): LocalizedText {
  const zh: string[] = [];
  const en: string[] = [];
  for (const name of names) {
    const keys = name.split(".");
    const value = readContextPath(context, keys);
    const label = nameOf(c, name);
    zh.push(`${label.zh}（${name}）= ${typeof value === "boolean" ? (value ? "是" : "否") : formatContextValue(c, keys, value, "zh")}`);
    en.push(`${name} = ${formatContextValue(c, keys, value, "en")}`);
  }
  return { zh: zh.join("，"), en: en.join(", ") };
}

function levelName(c: CompiledInstrument, level: number): LocalizedText {
  return c.levelLabels[level] ?? { zh: String(level), en: String(level) };
}

function dimensionName(c: CompiledInstrument, key: string): LocalizedText {
  const dimension = c.dimensions.find((d) => d.key === key);
  return dimension === undefined ? { zh: key, en: key } : { zh: dimension.label.zh, en: dimension.label.en };
}

function gradeName(c: CompiledInstrument, grade: number): LocalizedText {
  const found = c.document.grades?.find((g) => g.grade === grade);
  return found?.label ?? { zh: String(grade), en: String(grade) };
}

/**
 * Score a record and explain the result step by step, in Chinese and English: each item's score
 * and option, each dimension's sum (and grade), the total, the band and preliminary level, each
 * adjustment with its condition and why it did or did not apply (with the values it read, disease
 * labels in the reader's language), the final level, how many points lie to another final level
 * either way (see {@link ScoreMargin}), and the provisional notes the result rests on.
 *
 * @param instrument - a loaded instrument, or several versions of one
 * @param record - a record in the interchange format
 * @param options - the policy flags
 * @returns the result, the steps, the margins and the text
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_input` listing every issue when the record is invalid;
 *   otherwise as {@link assess}
 *
 * @example
 * ```ts
 * const explanation = explainResult(gbt, record);
 * explanation.margins[0];
 * //=> { of: "total", value: 70, band: { min: 66, max: 89 }, result: 1, down: { points: 5, to: 65, result: 2, level: 2 }, up: { points: 20, to: 90, result: 0, level: 0 } }
 * console.log(explanation.text.zh);
 * ```
 */
export function explainResult(instrument: InstrumentSource, record: unknown, options?: ExplainResultOptions): ResultExplanation;
/** @deprecated Use `explainResult(instrument, record, { flags })`. */
export function explainResult(record: unknown, options: ExplainResultOptions & { instrument: InstrumentSource }): ResultExplanation;
export function explainResult(first: unknown, second?: unknown, third?: ExplainResultOptions): ResultExplanation {
  const call = resolveCall("explainResult", first, second, third);
  const trace: EvaluationTrace = { context: null, considered: [], skipped: false };
  const scored = scoreRecord(call.source, call.record, call.options, trace);
  const { c, issues } = scored;
  const result = scored.result;
  if (result === null) throw invalidInput(issues);
  const flags = result.flags;
  const context = trace.context as NonNullable<EvaluationTrace["context"]>;
  const steps: ExplanationStep[] = [];
  const margins: ScoreMargin[] = [];
  const doc = c.document;

  steps.push(step("note", `评估工具：${doc.title.zh}（${c.reference.id} ${c.reference.version}，${c.reference.fingerprint}）`, `Instrument: ${doc.title.en} (${c.reference.id} ${c.reference.version}, ${c.reference.fingerprint})`));

  // Items and dimensions.
  c.dimensions.forEach((dimension, d) => {
    for (const index of dimension.items) {
      const item = c.items[index] as CompiledInstrument["items"][number];
      const score = context.items[item.key] as number;
      const option = item.definition.options.find((o) => o.score === score);
      steps.push(
        step(
          "item",
          `${item.definition.code} ${item.definition.label.zh}（${item.key}）：${score}/${item.max} 分，${option?.text.zh ?? ""}`,
          `${item.definition.code} ${item.definition.label.en} (${item.key}): ${score}/${item.max}, ${option?.text.en ?? ""}`,
        ),
      );
    }
    const sum = result.dimensions[dimension.key] as number;
    let zh = `${dimension.code} ${dimension.label.zh}：${sum}/${dimension.max} 分`;
    let en = `${dimension.code} ${dimension.label.en}: ${sum}/${dimension.max}`;
    if (dimension.graded && result.grades !== undefined) {
      const grade = result.grades[dimension.key] as number;
      const name = gradeName(c, grade);
      const rule = doc.dimensions[d]?.grade;
      if (dimension.gradeBands !== null && dimension.gradeLookup !== null) {
        const band = dimension.gradeBands.find((b) => (b.min === null || sum >= b.min) && (b.max === null || sum <= b.max));
        zh += `，在 ${band ? describeBand(band) : "?"} 分段，分级 ${grade}（${name.zh}）`;
        en += `, in the band ${band ? describeBand(band) : "?"}: grade ${grade} (${name.en})`;
        const margin = marginOf(dimension.key, sum, dimension.gradeBands, dimension.reachable, dimension.min, dimension.gradeLookup, result.level, (score) =>
          levelUnder(c, flags, context, {
            dimensions: { ...context.dimensions, [dimension.key]: score },
            total: context.total === null ? null : context.total + score - sum,
          }).level,
        );
        if (margin !== null) margins.push(margin);
      } else if (rule !== undefined && "rule" in rule) {
        zh += `，按规则分级 ${grade}（${name.zh}）：${rule.description.zh}`;
        en += `, graded by rule ${grade} (${name.en}): ${rule.description.en}`;
      }
    }
    steps.push(step("dimension", zh, en));
  });

  // Total.
  if (result.total !== null) {
    const parts = c.dimensions.map((dimension) => String(result.dimensions[dimension.key]));
    steps.push(step("total", `总分 = ${parts.join(" + ")} = ${result.total}/${c.totalMax} 分`, `Total = ${parts.join(" + ")} = ${result.total}/${c.totalMax}`));
  }

  // Preliminary level.
  const base = levelName(c, result.baseLevel);
  const pl = doc.preliminaryLevel;
  if (pl.basis === "total" && c.levelBands !== null && c.levelLookup !== null && result.total !== null) {
    const margin = marginOf("total", result.total, c.levelBands, c.reachableTotals, c.totalMin, c.levelLookup, result.level, (score) => levelUnder(c, flags, context, { total: score }).level);
    if (margin !== null) {
      margins.unshift(margin);
      steps.push(
        step(
          "preliminary",
          `总分 ${result.total} 在 ${describeBand(margin.band)} 分段 → 初步等级 ${result.baseLevel}（${base.zh}）`,
          `The total ${result.total} is in the band ${describeBand(margin.band)} → preliminary level ${result.baseLevel} (${base.en})`,
        ),
      );
    }
  } else if (pl.basis === "matrix" && c.matrix !== null && result.grades !== undefined) {
    const grades = result.grades;
    const rowKey = (c.dimensions[c.matrix.row] as CompiledInstrument["dimensions"][number]).key;
    const columnKeys = c.matrix.columns.map((i) => (c.dimensions[i] as CompiledInstrument["dimensions"][number]).key);
    const column = Math.max(...columnKeys.map((k) => grades[k] as number));
    steps.push(
      step(
        "preliminary",
        `组合表：行 ${dimensionName(c, rowKey).zh}分级 ${grades[rowKey]}，列 取 ${columnKeys.map((k) => `${dimensionName(c, k).zh} ${grades[k]}`).join("、")} 中较差者 ${column} → 初步等级 ${result.baseLevel}（${base.zh}）。${pl.description.zh}`,
        `Matrix: row ${rowKey} grade ${grades[rowKey]}, column the worse of ${columnKeys.map((k) => `${k} ${grades[k]}`).join(", ")} = ${column} → preliminary level ${result.baseLevel} (${base.en}). ${pl.description.en}`,
      ),
    );
  } else if (pl.basis === "rule") {
    const graded = result.grades === undefined ? "" : Object.entries(result.grades).map(([k, g]) => `${k} ${g}`).join(", ");
    const gradedZh = result.grades === undefined ? "" : Object.entries(result.grades).map(([k, g]) => `${dimensionName(c, k).zh} ${g}`).join("、");
    steps.push(
      step(
        "preliminary",
        `${gradedZh === "" ? "" : `各维度分级 ${gradedZh}；`}按规则得初步等级 ${result.baseLevel}（${base.zh}）：${pl.description.zh}`,
        `${graded === "" ? "" : `Grades ${graded}; `}the rule gives preliminary level ${result.baseLevel} (${base.en}): ${pl.description.en}`,
      ),
    );
  }

  // Adjustments.
  if (trace.skipped) {
    steps.push(
      step(
        "adjustment",
        `初步等级 ${result.baseLevel} ≥ ${c.skipFromLevel}：等级变更条款不适用，等级不变。`,
        `Preliminary level ${result.baseLevel} ≥ ${c.skipFromLevel}: the level-change rules do not apply; the level stays.`,
      ),
    );
  } else {
    const stack = typeof c.stackRaises === "boolean" ? c.stackRaises : flags[c.stackRaises] === true;
    let heldRaises = 0;
    for (const { adjustment, held } of trace.considered) {
      const definition = adjustment.definition;
      const effect = "raise" in definition.effect
        ? { zh: `提高 ${definition.effect.raise} 级（上限 ${c.ceiling} 级）`, en: `raise ${definition.effect.raise} level(s) (ceiling ${c.ceiling})` }
        : { zh: `直接评定为 ${definition.effect.setLevel} 级`, en: `set level ${definition.effect.setLevel}` };
      if (!held) {
        const read = describeReads(c, adjustment.reads, context);
        steps.push(
          step(
            "adjustment",
            `✗ ${definition.label.zh}（${definition.clause}）：不成立，${read.zh}（条件：${definition.condition.zh}）`,
            `✗ ${definition.label.en} (${definition.clause}): does not hold, ${read.en} (needs: ${definition.condition.en})`,
          ),
        );
        continue;
      }
      if ("raise" in definition.effect) heldRaises++;
      const applied = result.adjustments.find((a) => a.id === definition.id);
      const from = applied?.fromLevel ?? result.baseLevel;
      const to = applied?.toLevel ?? from;
      let why = { zh: "", en: "" };
      if (from === to && "raise" in definition.effect) {
        why = to >= c.ceiling
          ? { zh: `（已达上限 ${c.ceiling} 级）`, en: ` (already at the ceiling ${c.ceiling})` }
          : { zh: "（不叠加：多项升级条件同时成立只提高一次）", en: " (not stacked: several raises together count once)" };
      }
      steps.push(
        step(
          "adjustment",
          `✓ ${definition.label.zh}（${definition.clause}）：${definition.condition.zh}；${applied?.reason.zh ?? ""} → ${effect.zh}：${from} → ${to}${why.zh}`,
          `✓ ${definition.label.en} (${definition.clause}): ${definition.condition.en}; ${applied?.reason.en ?? ""} → ${effect.en}: ${from} → ${to}${why.en}`,
        ),
      );
    }
    if (heldRaises > 1 && typeof c.stackRaises === "string") {
      steps.push(
        step(
          "note",
          `政策开关 ${c.stackRaises} = ${stack}：${stack ? "多项升级各自提高一级" : "多项升级同时成立只提高一级"}。`,
          `Policy flag ${c.stackRaises} = ${stack}: ${stack ? "each raise counts" : "several raises together raise once"}.`,
        ),
      );
    }
  }

  // Final level and margins.
  steps.push(step("final", `最终等级 ${result.level}：${result.label.zh}`, `Final level ${result.level}: ${result.label.en}`));
  for (const margin of margins) {
    const dimension = margin.of === "total" ? null : dimensionName(c, margin.of);
    const subject = dimension === null ? { zh: "总分", en: "The total" } : { zh: `维度 ${dimension.zh}（${margin.of}）`, en: `Dimension ${margin.of}` };
    const unit = dimension === null ? { zh: "初步等级", en: "preliminary level" } : { zh: "分级", en: "grade" };
    const side = (to: ScoreMargin["down"], zhWord: string, enWord: string): LocalizedText => {
      if (to === null) return { zh: `${zhWord}没有能改变最终等级的分值`, en: `no ${enWord} score changes the final level` };
      const name = levelName(c, to.level);
      const via = dimension === null && to.result === to.level ? { zh: "", en: "" } : { zh: `，${unit.zh} ${to.result}`, en: `, ${unit.en} ${to.result}` };
      return {
        zh: `${zhWord} ${to.points} 分（${to.to} 分）最终等级为 ${to.level}（${name.zh}${via.zh}）`,
        en: `${to.points} point(s) ${enWord} (${to.to}) gives final level ${to.level} (${name.en}${via.en})`,
      };
    };
    const down = side(margin.down, "低", "lower");
    const up = side(margin.up, "高", "higher");
    steps.push(
      step(
        "margin",
        `${subject.zh} ${margin.value}（${describeBand(margin.band)} 分段）：${down.zh}；${up.zh}。`,
        `${subject.en} ${margin.value} (band ${describeBand(margin.band)}): ${down.en}; ${up.en}.`,
      ),
    );
  }

  if (result.nextAssessmentDue !== null) {
    steps.push(step("note", `下次评估：${result.nextAssessmentDue}`, `Next assessment due: ${result.nextAssessmentDue}`));
  }
  const warnings = issues.filter((i) => i.severity === "warning");
  for (const warning of warnings) steps.push(step("warning", `注意：${warning.messageZh}`, `Warning: ${warning.message}`));
  // The provisional notes this result rests on (the result lists them; the document holds their text).
  for (const note of doc.provisional ?? []) {
    if (!result.provisional.includes(note.path)) continue;
    steps.push(step("note", `暂定内容（${note.path || "/"}）：${note.note.zh}`, `Provisional (${note.path || "/"}): ${note.note.en}`));
  }

  return {
    result,
    steps,
    margins,
    text: { zh: steps.map((s) => s.zh).join("\n"), en: steps.map((s) => s.en).join("\n") },
    warnings,
  };
}
