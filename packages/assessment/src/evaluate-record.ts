/**
 * The hot path: validate one record against a compiled instrument and, when it is valid, score it.
 * One pass, no per-instrument code, every threshold read from the compiled document.
 * @internal
 */
import {
  addMonths,
  ageOn,
  createIssue,
  isCalendarDate,
  YIYANG_ERROR_CODES,
  YiyangError,
  type Issue,
  type LocalizedText,
} from "@yiyang/core";
import type { CompiledAdjustment, CompiledInstrument } from "./compiled-instrument";
import type { AppliedAdjustment, AssessmentResult } from "./types";

/** What every rule of an instrument reads. @internal */
export interface EvaluationContext {
  assessedOn: string;
  /** Whole years on `assessedOn`, or `null` without a birth date. */
  age: number | null;
  items: Record<string, unknown>;
  dimensions: Record<string, number>;
  total: number | null;
  grades: Record<string, number>;
  baseLevel: number;
  computed: Record<string, unknown>;
  coma: boolean;
  diseases: readonly string[];
  riskEvents: Readonly<Record<string, number>>;
  flags: Readonly<Record<string, boolean>>;
}

/** What explainResult needs beyond the result. @internal */
export interface EvaluationTrace {
  context: EvaluationContext | null;
  /** Each adjustment considered and whether its condition held (empty when skipped). */
  considered: Array<{ adjustment: CompiledAdjustment; held: boolean }>;
  skipped: boolean;
}

const EMPTY_LIST: readonly string[] = Object.freeze([]);
const EMPTY_RECORD: Readonly<Record<string, never>> = Object.freeze({});

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return typeName(value);
}

function invalidType(path: string, expected: string, expectedZh: string, value: unknown): Issue {
  return createIssue(
    "invalid_type",
    path,
    `Expected ${expected}, got ${show(value)}.`,
    `应为${expectedZh}，实际为 ${show(value)}。`,
    { params: { expected, received: typeName(value) } },
  );
}

function missingField(field: string, zh: string): Issue {
  return createIssue("missing_field", "/" + field, `The record has no ${field}.`, `记录缺少${zh}（${field}）。`);
}

function escapeKey(key: string): string {
  return key.indexOf("~") === -1 && key.indexOf("/") === -1 ? key : key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Validate `input` and, when it has no error, score it. Issues (errors and warnings) are pushed to
 * `issues`; the result is `null` when any error was found.
 * @internal
 */
export function evaluateRecord(
  c: CompiledInstrument,
  flags: Readonly<Record<string, boolean>>,
  input: unknown,
  issues: Issue[],
  trace: EvaluationTrace | null,
): AssessmentResult | null {
  if (!isObject(input)) {
    issues.push(
      createIssue("invalid_type", "", `A record must be a JSON object, got ${show(input)}.`, `记录必须是 JSON 对象，实际为 ${show(input)}。`, {
        params: { expected: "object", received: typeName(input) },
      }),
    );
    return null;
  }
  const record = input;
  let failed = false;

  for (const key in record) {
    switch (key) {
      case "id":
      case "assessedOn":
      case "subject":
      case "items":
      case "coma":
      case "diseases":
      case "riskEvents":
        continue;
      default:
        failed = true;
        issues.push(
          createIssue("unknown_field", "/" + escapeKey(key), `Unknown field "${key}": a record has id, assessedOn, subject, items, coma, diseases and riskEvents.`, `未知字段 "${key}"：记录只有 id、assessedOn、subject、items、coma、diseases、riskEvents。`, {
            params: { field: key },
          }),
        );
    }
  }

  const id = record.id;
  if (typeof id !== "string" || id.length === 0) {
    failed = true;
    issues.push(id === undefined ? missingField("id", "编号") : invalidType("/id", "a non-empty string", "非空字符串", id));
  }

  const assessedOn = record.assessedOn;
  const assessedOnValid = isCalendarDate(assessedOn);
  if (!assessedOnValid) {
    failed = true;
    if (assessedOn === undefined) issues.push(missingField("assessedOn", "评估日期"));
    else if (typeof assessedOn !== "string") issues.push(invalidType("/assessedOn", "a date YYYY-MM-DD", "YYYY-MM-DD 日期", assessedOn));
    else issues.push(createIssue("invalid_date", "/assessedOn", `${show(assessedOn)} is not a real calendar date YYYY-MM-DD.`, `${show(assessedOn)} 不是 YYYY-MM-DD 格式的有效日期。`));
  }

  let age: number | null = null;
  const subject = record.subject;
  if (subject !== undefined) {
    if (!isObject(subject)) {
      failed = true;
      issues.push(invalidType("/subject", "an object", "对象", subject));
    } else {
      for (const key in subject) {
        if (key !== "birthDate" && key !== "sex") {
          issues.push(
            createIssue("unknown_field", "/subject/" + escapeKey(key), `Unknown subject field "${key}" (ignored): a subject has birthDate and sex.`, `未知的 subject 字段 "${key}"（已忽略）：subject 只有 birthDate 和 sex。`, {
              severity: "warning",
              params: { field: key },
            }),
          );
        }
      }
      const birthDate = subject.birthDate;
      if (birthDate !== undefined) {
        if (!isCalendarDate(birthDate)) {
          failed = true;
          if (typeof birthDate !== "string") issues.push(invalidType("/subject/birthDate", "a date YYYY-MM-DD", "YYYY-MM-DD 日期", birthDate));
          else issues.push(createIssue("invalid_date", "/subject/birthDate", `${show(birthDate)} is not a real calendar date YYYY-MM-DD.`, `${show(birthDate)} 不是 YYYY-MM-DD 格式的有效日期。`));
        } else if (assessedOnValid) {
          // Valid YYYY-MM-DD strings order as their dates: no need to parse them again here.
          if (birthDate > assessedOn) {
            failed = true;
            issues.push(createIssue("birth_after_assessment", "/subject/birthDate", `The birth date ${birthDate as string} is after the assessment date ${assessedOn as string}.`, `出生日期 ${birthDate as string} 晚于评估日期 ${assessedOn as string}。`));
          } else {
            age = ageOn(birthDate, assessedOn);
          }
        }
      }
      const sex = subject.sex;
      if (sex !== undefined && sex !== "male" && sex !== "female") {
        failed = true;
        issues.push(createIssue("invalid_value", "/subject/sex", `sex is "male" or "female", got ${show(sex)}.`, `sex 应为 "male" 或 "female"，实际为 ${show(sex)}。`, { params: { values: ["male", "female"] } }));
      }
    }
  }

  const itemsInput = record.items;
  const sums = c.scratch;
  let items: Record<string, unknown> = EMPTY_RECORD;
  if (itemsInput === undefined) {
    failed = true;
    issues.push(missingField("items", "条目得分"));
  } else if (!isObject(itemsInput)) {
    failed = true;
    issues.push(invalidType("/items", "an object of item scores", "条目得分对象", itemsInput));
  } else {
    items = itemsInput;
    sums.fill(0);
    const list = c.items;
    const seen = c.seen;
    const epoch = ++c.epoch;
    let known = 0;
    // Keys are read in the record's own order (for…in, whose keyed loads V8 serves from the enum
    // cache) and matched to items through the order of the previous record, which a batch shares.
    // An object with another prototype could bring inherited keys into for…in: scan a copy of its own.
    const proto: unknown = Object.getPrototypeOf(items);
    let scan: Record<string, unknown> = items;
    if (proto !== Object.prototype && proto !== null) {
      scan = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(items)) scan[key] = items[key];
    }
    const order = c.keyOrder;
    let position = 0;
    let sameOrder = true;
    for (const key in scan) {
      let index: number;
      if (sameOrder && position < order.keys.length && order.keys[position] === key) {
        index = order.indexes[position] as number;
      } else {
        if (sameOrder) {
          sameOrder = false;
          order.keys.length = position;
          order.indexes.length = position;
        }
        index = c.itemIndex.get(key) ?? -1;
        order.keys.push(key);
        order.indexes.push(index);
      }
      position++;
      if (index < 0) {
        failed = true;
        issues.push(createIssue("unknown_item", "/items/" + escapeKey(key), `"${key}" is not an item of ${c.reference.id}.`, `"${key}" 不是 ${c.reference.id} 的条目。`, { params: { item: key } }));
        continue;
      }
      const item = list[index] as (typeof list)[number];
      seen[index] = epoch;
      known++;
      const value = scan[key];
      if (typeof value === "number") {
        if (item.allowed[value] === 1) {
          sums[item.dimension] = (sums[item.dimension] as number) + value;
          continue;
        }
        failed = true;
        const path = "/items/" + item.key;
        if (!Number.isInteger(value)) {
          issues.push(createIssue("not_integer", path, `Item ${item.key} (${item.definition.code}) must be a whole number, got ${show(value)}.`, `条目 ${item.key}（${item.definition.code}）必须是整数，实际为 ${show(value)}。`, { params: { item: item.key, value, allowed: item.scores } }));
        } else {
          const allowed = item.scores.join(", ");
          issues.push(createIssue("invalid_option", path, `${value} is not a score of item ${item.key} (${item.definition.code}); allowed: ${allowed}.`, `${value} 不是条目 ${item.key}（${item.definition.code}）的可选分值；可选：${allowed}。`, { params: { item: item.key, value, allowed: item.scores } }));
        }
      } else {
        failed = true;
        issues.push(invalidType("/items/" + item.key, "a number", "数字", value));
      }
    }
    if (sameOrder && position !== order.keys.length) {
      order.keys.length = position;
      order.indexes.length = position;
    }
    if (known !== list.length) {
      for (let i = 0; i < list.length; i++) {
        if (seen[i] === epoch) continue;
        const item = list[i] as (typeof list)[number];
        failed = true;
        issues.push(createIssue("missing_item", "/items/" + item.key, `Item ${item.key} (${item.definition.code} ${item.definition.label.en}) is missing.`, `缺少条目 ${item.key}（${item.definition.code} ${item.definition.label.zh}）。`, { params: { item: item.key } }));
      }
    }
  }

  let coma = false;
  const comaInput = record.coma;
  if (comaInput !== undefined) {
    if (typeof comaInput === "boolean") coma = comaInput;
    else {
      failed = true;
      issues.push(invalidType("/coma", "true or false", "true 或 false", comaInput));
    }
  }

  let diseases: readonly string[] = EMPTY_LIST;
  const diseasesInput = record.diseases;
  if (diseasesInput !== undefined) {
    if (!Array.isArray(diseasesInput)) {
      failed = true;
      issues.push(invalidType("/diseases", "a list of disease ids", "疾病 id 列表", diseasesInput));
    } else {
      const known = c.diseaseIds;
      for (let i = 0; i < diseasesInput.length; i++) {
        const disease: unknown = diseasesInput[i];
        if (typeof disease !== "string") {
          failed = true;
          issues.push(invalidType("/diseases/" + i, "a disease id", "疾病 id", disease));
        } else if (known !== null && !known.has(disease)) {
          failed = true;
          issues.push(createIssue("unknown_disease", "/diseases/" + i, `"${disease}" is not a disease id of ${c.reference.id}.`, `"${disease}" 不是 ${c.reference.id} 的疾病 id。`, { params: { disease } }));
        } else if (diseasesInput.indexOf(disease) < i) {
          issues.push(createIssue("duplicate_disease", "/diseases/" + i, `"${disease}" is listed twice.`, `"${disease}" 重复列出。`, { severity: "warning", params: { disease } }));
        }
      }
      diseases = diseasesInput as string[];
    }
  }

  let riskEvents: Readonly<Record<string, number>> = c.noRiskEvents;
  const riskInput = record.riskEvents;
  if (riskInput !== undefined) {
    if (!isObject(riskInput)) {
      failed = true;
      issues.push(invalidType("/riskEvents", "an object of event counts", "风险事件次数对象", riskInput));
    } else if (c.riskKeys !== null) {
      const keys = c.riskKeys;
      const max = c.riskMax;
      let present = 0;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const value = riskInput[key];
        if (value === undefined) continue;
        present++;
        if (typeof value === "number" && value >= 0 && value <= max && Number.isInteger(value)) continue;
        failed = true;
        const path = "/riskEvents/" + key;
        if (typeof value !== "number") issues.push(invalidType(path, "a count", "次数", value));
        else if (!Number.isInteger(value)) issues.push(createIssue("not_integer", path, `The ${key} count must be a whole number, got ${show(value)}.`, `${key} 次数必须是整数，实际为 ${show(value)}。`));
        else issues.push(createIssue("out_of_range", path, `The ${key} count is 0–${max} (${max} meaning ${max} or more), got ${value}.`, `${key} 次数应为 0–${max}（${max} 表示 ${max} 次及以上），实际为 ${value}。`, { params: { minimum: 0, maximum: max, value } }));
      }
      let count = 0;
      for (const key in riskInput) {
        void key;
        count++;
      }
      if (count !== present) {
        for (const key in riskInput) {
          if (!keys.includes(key)) {
            failed = true;
            issues.push(createIssue("unknown_risk_event", "/riskEvents/" + escapeKey(key), `"${key}" is not a risk event of ${c.reference.id} (${keys.join(", ")}).`, `"${key}" 不是 ${c.reference.id} 的风险事件（${keys.join("、")}）。`, { params: { event: key } }));
          }
        }
      }
      if (!failed) {
        if (present === keys.length) riskEvents = riskInput as Record<string, number>;
        else {
          const filled: Record<string, number> = {};
          for (let i = 0; i < keys.length; i++) {
            const key = keys[i] as string;
            const value = riskInput[key];
            filled[key] = typeof value === "number" ? value : 0;
          }
          riskEvents = filled;
        }
      }
    }
  }

  if (failed) return null;

  if (age !== null && c.minimumAge !== null && age < c.minimumAge) {
    issues.push(
      createIssue("under_minimum_age", "/subject/birthDate", `The person is ${age} on ${assessedOn as string}, under the instrument's minimum age ${c.minimumAge}.`, `评估日 ${assessedOn as string} 时年龄 ${age} 岁，低于本工具的最低年龄 ${c.minimumAge} 岁。`, {
        severity: "warning",
        params: { age, minimumAge: c.minimumAge },
      }),
    );
  }

  // Scores.
  const dims = c.dimensions;
  const dimensions: Record<string, number> = {};
  let total = 0;
  for (let d = 0; d < dims.length; d++) {
    const sum = sums[d] as number;
    dimensions[(dims[d] as (typeof dims)[number]).key] = sum;
    total += sum;
  }
  const context: EvaluationContext = {
    assessedOn: assessedOn as string,
    age,
    items,
    dimensions,
    total: c.hasTotal ? total : null,
    grades: EMPTY_RECORD,
    baseLevel: -1,
    computed: EMPTY_RECORD,
    coma,
    diseases,
    riskEvents,
    flags,
  };
  if (trace !== null) trace.context = context;

  let grades: Record<string, number> | null = null;
  if (c.graded) {
    grades = {};
    context.grades = grades;
    for (let d = 0; d < dims.length; d++) {
      const dimension = dims[d] as (typeof dims)[number];
      if (!dimension.graded) continue;
      let grade: unknown;
      if (dimension.gradeLookup !== null) grade = dimension.gradeLookup[(dimensions[dimension.key] as number) - dimension.min];
      else grade = (dimension.gradeRule as NonNullable<typeof dimension.gradeRule>)(context);
      if (typeof grade !== "number" || !Number.isInteger(grade) || grade < 0 || grade >= c.gradeCount) {
        throw badRuleResult(`/dimensions/${d}/grade`, "grade", grade);
      }
      grades[dimension.key] = grade;
    }
  }

  let baseLevel: unknown;
  if (c.levelLookup !== null) baseLevel = c.levelLookup[total - c.totalMin];
  else if (c.levelRule !== null) baseLevel = c.levelRule(context);
  else {
    const matrix = c.matrix as NonNullable<typeof c.matrix>;
    const g = grades as Record<string, number>;
    const row = g[(dims[matrix.row] as (typeof dims)[number]).key] as number;
    let column = 0;
    for (const index of matrix.columns) column = Math.max(column, g[(dims[index] as (typeof dims)[number]).key] as number);
    baseLevel = matrix.cells[row]?.[column];
  }
  if (typeof baseLevel !== "number" || !Number.isInteger(baseLevel) || baseLevel < 0 || baseLevel >= c.levelLabels.length) {
    throw badRuleResult("/preliminaryLevel", "level", baseLevel);
  }
  context.baseLevel = baseLevel;

  if (c.computed.length > 0) {
    const computed: Record<string, unknown> = {};
    context.computed = computed;
    for (const value of c.computed) computed[value.key] = value.rule(context);
  }

  // Adjustments: raises first (added up or the largest alone, up to the ceiling), then set-level rules.
  const adjustments: AppliedAdjustment[] = [];
  let level = baseLevel;
  if (baseLevel < c.skipFromLevel) {
    const stack = typeof c.stackRaises === "boolean" ? c.stackRaises : flags[c.stackRaises] === true;
    let raised = 0;
    const raises = c.raises;
    for (let i = 0; i < raises.length; i++) {
      const adjustment = raises[i] as CompiledAdjustment;
      const held = adjustment.when(context) === true;
      if (trace !== null) trace.considered.push({ adjustment, held });
      if (!held) continue;
      const from = level;
      raised = stack ? raised + adjustment.raise : Math.max(raised, adjustment.raise);
      level = Math.min(c.ceiling, baseLevel + raised);
      adjustments.push(applied(adjustment, from, level, context));
    }
    const sets = c.sets;
    for (let i = 0; i < sets.length; i++) {
      const adjustment = sets[i] as CompiledAdjustment;
      const held = adjustment.when(context) === true;
      if (trace !== null) trace.considered.push({ adjustment, held });
      if (!held) continue;
      const from = level;
      level = adjustment.setLevel;
      adjustments.push(applied(adjustment, from, level, context));
    }
  } else if (trace !== null) {
    trace.skipped = true;
  }

  const checks = c.checks;
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i] as (typeof checks)[number];
    if (check.when(context) !== true) continue;
    const definition = check.definition;
    if (definition.severity === "error") failed = true;
    issues.push(createIssue(definition.code, definition.path, definition.message.en, definition.message.zh, { severity: definition.severity }));
  }
  let nextAssessmentDue: string | null = null;
  if (c.intervalMonths !== null) {
    nextAssessmentDue = dueDate(assessedOn as string, c.intervalMonths);
    if (nextAssessmentDue === null) {
      failed = true;
      issues.push(
        createIssue("due_date_out_of_range", "/assessedOn", `The next assessment, ${c.intervalMonths} months after ${assessedOn as string}, would be due after 9999-12-31, the last date a result can name.`, `下次评估日期（${assessedOn as string} 之后 ${c.intervalMonths} 个月）晚于 9999-12-31，超出结果可表示的日期范围。`, {
          params: { intervalMonths: c.intervalMonths, maximum: "9999-12-31" },
        }),
      );
    }
  }
  if (failed) return null;

  const label = c.levelLabels[level] as LocalizedText;
  if (grades !== null) {
    return {
      id: id as string,
      assessedOn: assessedOn as string,
      instrument: c.reference,
      flags,
      dimensions,
      grades,
      total: context.total,
      baseLevel,
      adjustments,
      level,
      label,
      nextAssessmentDue,
    };
  }
  return {
    id: id as string,
    assessedOn: assessedOn as string,
    instrument: c.reference,
    flags,
    dimensions,
    total: context.total,
    baseLevel,
    adjustments,
    level,
    label,
    nextAssessmentDue,
  };
}

/** `addMonths(date, months)`, or `null` where that would fall outside 0001-01-01 to 9999-12-31 (it would throw). */
function dueDate(date: string, months: number): string | null {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  return index >= 12 && index <= 9999 * 12 + 11 ? addMonths(date, months) : null;
}

function applied(adjustment: CompiledAdjustment, fromLevel: number, toLevel: number, context: EvaluationContext): AppliedAdjustment {
  const definition = adjustment.definition;
  return {
    id: definition.id,
    clause: definition.clause,
    effect: definition.effect,
    fromLevel,
    toLevel,
    reason: adjustment.reason === null ? definition.reason : { zh: fillTemplate(adjustment.reason.zh, context), en: fillTemplate(adjustment.reason.en, context) },
  };
}

/**
 * A reason template split at its `{{path}}` placeholders: literal text at even indexes, the
 * placeholder's path (already split at its dots) at odd indexes. @internal
 */
export type TemplateParts = ReadonlyArray<string | readonly string[]>;

/** Read a path of own properties, `null` when any step is missing. @internal */
export function readContextPath(context: unknown, keys: readonly string[]): unknown {
  let current: unknown = context;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (typeof current !== "object" || current === null || !Object.prototype.hasOwnProperty.call(current, key)) return null;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.map(formatValue).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function fillTemplate(parts: TemplateParts, context: EvaluationContext): string {
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) out += formatValue(readContextPath(context, parts[i] as readonly string[])) + (parts[i + 1] as string);
  return out;
}

function badRuleResult(at: string, what: "level" | "grade", value: unknown): YiyangError {
  const issue = createIssue(
    "invalid_rule_result",
    "",
    `The instrument's rule at ${at} returned ${show(value)}, which is not a ${what} of the instrument.`,
    `评估工具在 ${at} 的规则返回 ${show(value)}，不是本工具定义的${what === "level" ? "等级" : "分级"}。`,
    { params: { rule: at, value } },
  );
  return new YiyangError(YIYANG_ERROR_CODES.EVALUATION_FAILED, issue.message, { messageZh: issue.messageZh, issues: [issue] });
}
