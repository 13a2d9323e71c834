import { type Issue, type LocalizedText } from "@yiyang/core";
import { evaluationIssues, invalidInput, type AssessOptions } from "./assess";
import type { CompiledInstrument } from "./compiled-instrument";
import { evaluateRecord, type EvaluationTrace } from "./evaluate-record";
import { openRecord, resolveCall, type InstrumentSource } from "./resolve-instrument";
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

/** How far a banded score lies from the neighbouring bands. */
export interface ScoreMargin {
  /** `total`, or the key of a dimension graded by bands. */
  of: string;
  value: number;
  /** The band holding the value. */
  band: { min: number | null; max: number | null };
  /** What the band gives: a level for the total, a grade for a dimension. */
  result: number;
  /** The nearest reachable lower score in another band: how many points down, the score, and what it gives. */
  down: { points: number; to: number; result: number } | null;
  /** The nearest reachable higher score in another band. */
  up: { points: number; to: number; result: number } | null;
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

/** The margin of a value within bands, using only scores the items can actually make. */
function marginOf(
  of: string,
  value: number,
  bands: ReadonlyArray<{ min: number | null; max: number | null; value: number }>,
  reachable: Uint8Array,
  offset: number,
  lookup: Int16Array,
): ScoreMargin | null {
  const band = bands.find((b) => (b.min === null || value >= b.min) && (b.max === null || value <= b.max));
  if (band === undefined) return null;
  const inBand = (v: number) => (band.min === null || v >= band.min) && (band.max === null || v <= band.max);
  let down: ScoreMargin["down"] = null;
  for (let v = value - 1; v >= offset; v--) {
    if (reachable[v - offset] === 1 && !inBand(v)) {
      down = { points: value - v, to: v, result: lookup[v - offset] as number };
      break;
    }
  }
  let up: ScoreMargin["up"] = null;
  for (let v = value + 1; v - offset < reachable.length; v++) {
    if (reachable[v - offset] === 1 && !inBand(v)) {
      up = { points: v - value, to: v, result: lookup[v - offset] as number };
      break;
    }
  }
  return { of, value, band: { min: band.min, max: band.max }, result: band.value, down, up };
}

function levelName(c: CompiledInstrument, level: number): LocalizedText {
  return c.levelLabels[level] ?? { zh: String(level), en: String(level) };
}

function gradeName(c: CompiledInstrument, grade: number): LocalizedText {
  const found = c.document.grades?.find((g) => g.grade === grade);
  return found?.label ?? { zh: String(grade), en: String(grade) };
}

/**
 * Score a record and explain the result step by step, in Chinese and English: each item's score
 * and option, each dimension's sum (and grade), the total, the band and preliminary level, each
 * adjustment with its condition and why it did or did not apply, the final level, and how many
 * points lie to the next band either way.
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
 * explanation.margins[0]; //=> { of: "total", value: 70, band: { min: 66, max: 89 }, result: 1, down: { points: 5, to: 65, result: 2 }, up: { points: 20, to: 90, result: 0 } }
 * console.log(explanation.text.zh);
 * ```
 */
export function explainResult(instrument: InstrumentSource, record: unknown, options?: ExplainResultOptions): ResultExplanation;
/** @deprecated Use `explainResult(instrument, record, { flags })`. */
export function explainResult(record: unknown, options: ExplainResultOptions & { instrument: InstrumentSource }): ResultExplanation;
export function explainResult(first: unknown, second?: unknown, third?: ExplainResultOptions): ResultExplanation {
  const call = resolveCall("explainResult", first, second, third);
  const record = call.record;
  const issues: Issue[] = [];
  const { c, flags } = openRecord(call.source, record, call.options.flags, issues);
  const trace: EvaluationTrace = { context: null, considered: [], skipped: false };
  let result: AssessmentResult | null;
  try {
    result = evaluateRecord(c, flags, record, issues, trace);
  } catch (error) {
    throw invalidInput([...issues, ...evaluationIssues(error)]);
  }
  if (result === null || issues.some((i) => i.severity === "error")) throw invalidInput(issues);
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
        const margin = marginOf(dimension.key, sum, dimension.gradeBands, dimension.reachable, dimension.min, dimension.gradeLookup);
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
    const margin = marginOf("total", result.total, c.levelBands, c.reachableTotals, c.totalMin, c.levelLookup);
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
        `组合表：行 ${rowKey} 分级 ${grades[rowKey]}，列 取 ${columnKeys.map((k) => `${k} ${grades[k]}`).join("、")} 中较差者 ${column} → 初步等级 ${result.baseLevel}（${base.zh}）。${pl.description.zh}`,
        `Matrix: row ${rowKey} grade ${grades[rowKey]}, column the worse of ${columnKeys.map((k) => `${k} ${grades[k]}`).join(", ")} = ${column} → preliminary level ${result.baseLevel} (${base.en}). ${pl.description.en}`,
      ),
    );
  } else if (pl.basis === "rule") {
    const graded = result.grades === undefined ? "" : Object.entries(result.grades).map(([k, g]) => `${k} ${g}`).join(", ");
    steps.push(
      step(
        "preliminary",
        `${graded === "" ? "" : `各维度分级 ${graded}；`}按规则得初步等级 ${result.baseLevel}（${base.zh}）：${pl.description.zh}`,
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
        steps.push(
          step(
            "adjustment",
            `✗ ${definition.label.zh}（${definition.clause}）：条件不成立——${definition.condition.zh}`,
            `✗ ${definition.label.en} (${definition.clause}): does not hold — ${definition.condition.en}`,
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
    const subject = margin.of === "total" ? { zh: "总分", en: "the total" } : { zh: `维度 ${margin.of}`, en: `dimension ${margin.of}` };
    const name = (value: number) => (margin.of === "total" ? levelName(c, value) : gradeName(c, value));
    const unit = margin.of === "total" ? { zh: "等级", en: "level" } : { zh: "分级", en: "grade" };
    const down = margin.down === null
      ? { zh: "向下已无其他分段", en: "no band below" }
      : { zh: `低 ${margin.down.points} 分（${margin.down.to} 分）为${unit.zh} ${margin.down.result}（${name(margin.down.result).zh}）`, en: `${margin.down.points} point(s) lower (${margin.down.to}) gives ${unit.en} ${margin.down.result} (${name(margin.down.result).en})` };
    const up = margin.up === null
      ? { zh: "向上已无其他分段", en: "no band above" }
      : { zh: `高 ${margin.up.points} 分（${margin.up.to} 分）为${unit.zh} ${margin.up.result}（${name(margin.up.result).zh}）`, en: `${margin.up.points} point(s) higher (${margin.up.to}) gives ${unit.en} ${margin.up.result} (${name(margin.up.result).en})` };
    steps.push(
      step(
        "margin",
        `${subject.zh} ${margin.value}（${describeBand(margin.band)} 分段）：${down.zh}；${up.zh}。`,
        `${subject.en[0]?.toUpperCase()}${subject.en.slice(1)} ${margin.value} (band ${describeBand(margin.band)}): ${down.en}; ${up.en}.`,
      ),
    );
  }

  if (result.nextAssessmentDue !== null) {
    steps.push(step("note", `下次评估：${result.nextAssessmentDue}`, `Next assessment due: ${result.nextAssessmentDue}`));
  }
  const warnings = issues.filter((i) => i.severity === "warning");
  for (const warning of warnings) steps.push(step("warning", `注意：${warning.messageZh}`, `Warning: ${warning.message}`));
  for (const note of doc.provisional ?? []) {
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
