import { createIssue, isTruthy, isYiyangError, normalizeSex, YIYANG_ERROR_CODES, type Issue } from "@yiyang/core";
import { ageSlotOf, bindCatalogRules } from "./bind-subject-rules";
import { acceptsValue, FIELD_CODES, wholeYearsBetween, type FieldType } from "./field-types";

const SEX_CODE = FIELD_CODES.sex;
import type { SubjectKind } from "./indicator-catalog-schema";
import { SUBJECT_KINDS } from "./indicator-catalog-schema";
import {
  AGE_FIELD,
  getCatalogPlan,
  loadIndicatorCatalog,
  SUBJECT_FIELD,
  type CatalogPlan,
  type CompiledRule,
  type FieldPlan,
  type IndicatorCatalogInput,
  type IndicatorPlan,
  type LoadedIndicatorCatalog,
  type StratumBand,
  type SubjectPlan,
} from "./load-indicator-catalog";
import {
  buildReportWith,
  describeValue,
  resolveReportSettings,
  type IndicatorCounts,
  type IndicatorStratumTally,
  type IndicatorTallies,
  type IndicatorTally,
  type ReportSettings,
} from "./build-indicator-report";
import type { IndicatorPeriod, IndicatorReport, RecordCounts, RecordIssue, RecordPosition } from "./types";

/**
 * Distinct values kept per stratifier (and subject kind) unless told otherwise.
 *
 * @example
 * ```ts
 * DEFAULT_MAX_STRATA; //=> 10000
 * ```
 */
export const DEFAULT_MAX_STRATA = 10_000;

/**
 * Refused records described in a report unless told otherwise (all are counted).
 *
 * @example
 * ```ts
 * DEFAULT_MAX_RECORD_ISSUES; //=> 1000
 * ```
 */
export const DEFAULT_MAX_RECORD_ISSUES = 1_000;

/** Options for {@link createIndicatorAccumulator}. */
export interface CreateIndicatorAccumulatorOptions {
  /** The reporting period, both days inclusive; it must fit the catalog's `period.unit`. */
  period: IndicatorPeriod;
  /**
   * The date ages are computed on. Default: the catalog's `period.ageOn` (the period's last or first
   * day). A different date is used but reported as a warning, since it changes the numbers.
   */
  referenceDate?: string;
  /**
   * Most distinct values kept per stratifier (default {@link DEFAULT_MAX_STRATA}), declared values
   * included. Records of further values are pooled in each indicator's `overflow` and a warning is
   * reported, so memory stays bounded whatever the data.
   */
  maxStrata?: number;
  /** Most refused records described in the report (default {@link DEFAULT_MAX_RECORD_ISSUES}); all are counted. */
  maxRecordIssues?: number;
  /** Called with every refused record as it is found (to stream them all, e.g. as error lines). */
  onRecordIssue?: (issue: RecordIssue) => void;
}

/**
 * Tallies records one at a time for every indicator of a catalog, in constant memory.
 */
export interface IndicatorAccumulator {
  /**
   * Validate one record and count it in every indicator of its subject kind.
   * @param record - the record; its kind is `position.subject` or its own `subject` field
   * @param position - where it was in its input, for error reports
   * @returns whether the record was counted (`false`: it is reported in `recordIssues`)
   */
  add(record: unknown, position?: RecordPosition): boolean;
  /** The report over the records added so far (it can be taken more than once). */
  report(): IndicatorReport;
}

/**
 * Integer tallies of one indicator, overall or in one stratum, as five numbers in a row of a plain
 * array: initial population, denominator exclusions, denominator, numerator exclusions, numerator.
 * One flat array per table keeps the hot loop free of allocations and pointer chasing.
 */
const TALLY_WIDTH = 5;

/** The five tallies at `base` of a flat array, as named counts. */
function tallyAt(counts: readonly number[], base: number): IndicatorTally {
  return {
    initialPopulation: counts[base] ?? 0,
    denominatorExclusions: counts[base + 1] ?? 0,
    denominator: counts[base + 2] ?? 0,
    numeratorExclusions: counts[base + 3] ?? 0,
    numerator: counts[base + 4] ?? 0,
  };
}

/** The strata of one stratifier for one subject kind: stratum value → slot, shared by its indicators. */
class StratifierState {
  readonly slots = new Map<unknown, number>();
  /** The stratum value of each slot. */
  readonly values: unknown[] = [];
  constructor(readonly plan: SubjectPlan["stratifiers"][number]) {
    for (const value of plan.declared) this.slotFor(value);
  }
  slotFor(value: unknown): number {
    const slot = this.values.length;
    this.slots.set(value, slot);
    this.values.push(value);
    return slot;
  }
}

/** One indicator's tallies by slot of one stratifier: slot `k` is at `counts[5k … 5k+4]`. */
class StratumTable {
  readonly counts: number[] = [];
  overflow: number[] | null = null;
}

/**
 * Stages a record reaches in one indicator: 0 outside the initial population, 1 in it but not in
 * the denominator, 2 excluded from the denominator, 3 in the denominator only, 4 excluded from the
 * numerator, 5 in the numerator.
 */
type Stage = 0 | 1 | 2 | 3 | 4 | 5;

class IndicatorState {
  readonly overall: number[] = [0, 0, 0, 0, 0];
  readonly tables: StratumTable[];
  stage: Stage = 0;
  constructor(readonly plan: IndicatorPlan) {
    this.tables = plan.stratifiers.map(() => new StratumTable());
  }
}

/** The slot of a record's stratum that fell past the cap. */
const OVERFLOW = -1;

class SubjectState {
  readonly counts: RecordCounts = { read: 0, valid: 0, invalid: 0 };
  /**
   * The current record's slots: its validated field values in declared order (null when absent),
   * then its age when the subject has one. Bound rules read these, not the record.
   */
  readonly fieldValues: unknown[];
  /** The age's slot, or -1. */
  readonly ageSlot: number;
  /** The declared fields as parallel arrays, for the validation loop. */
  readonly fieldNames: readonly string[];
  readonly fieldTypes: readonly FieldType[];
  /** Each rule's truthiness on the current record (1 true, 0 false), valid when its stamp is the current one. */
  readonly truths: Uint8Array;
  readonly stamps: Int32Array;
  readonly stratifiers: StratifierState[];
  /** The current record's slot of each stratifier, valid when its stamp is the current one. */
  readonly slots: number[];
  readonly slotStamps: Int32Array;
  readonly indicators: IndicatorState[];
  stamp = 0;
  constructor(
    readonly plan: SubjectPlan,
    readonly rules: readonly CompiledRule[],
  ) {
    this.ageSlot = ageSlotOf(plan);
    this.fieldNames = plan.fields.map((field) => field.name);
    this.fieldTypes = plan.fields.map((field) => field.type);
    this.fieldValues = plan.fields.map(() => null);
    if (this.ageSlot >= 0) this.fieldValues.push(null);
    this.truths = new Uint8Array(plan.rules.length);
    this.stamps = new Int32Array(plan.rules.length).fill(-1);
    this.stratifiers = plan.stratifiers.map((stratifier) => new StratifierState(stratifier));
    this.slots = plan.stratifiers.map(() => OVERFLOW);
    this.slotStamps = new Int32Array(plan.stratifiers.length).fill(-1);
    this.indicators = plan.indicators.map((indicator) => new IndicatorState(indicator));
  }
}

/** `normalizeSex(value)`, without its trimming and case folding when the value is already a FHIR code. */
function sexCodeOf(value: unknown): string | null {
  switch (value) {
    case "male":
      return "male";
    case "female":
      return "female";
    case "other":
      return "other";
    case "unknown":
      return "unknown";
    default:
      return normalizeSex(value);
  }
}

/** The label of the band a number falls in (bounds inclusive, null open), or null: as the `band` operator. */
function bandOf(value: unknown, bands: readonly StratumBand[]): unknown {
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  for (let i = 0; i < bands.length; i++) {
    const band = bands[i] as StratumBand;
    const min = band[0];
    const max = band[1];
    if ((min === null || value >= min) && (max === null || value <= max)) return band[2];
  }
  return null;
}


/** An evaluation problem on one record, turned into a record issue. */
class RecordEvaluationError extends Error {
  constructor(
    readonly code: string,
    readonly messageEn: string,
    readonly messageZh: string,
    readonly params: Record<string, unknown>,
  ) {
    super(messageEn);
  }
}

function fieldIssue(code: "missing_field" | "invalid_field", field: FieldPlan, value: unknown): Issue {
  const { name, type } = field;
  const params = { params: { field: name, expected: type.spelling } };
  return code === "missing_field"
    ? createIssue(code, [name], `Field ${name} is required (${type.expected.en}).`, `缺少必填字段 ${name}（${type.expected.zh}）。`, params)
    : createIssue(code, [name], `Field ${name} must be ${type.expected.en}; got ${describeValue(value)}.`, `字段 ${name} 应为${type.expected.zh}；实际为 ${describeValue(value)}。`, params);
}

function addToTally(counts: number[], base: number, stage: Stage, denominatorAmount: number, numeratorAmount: number): void {
  counts[base] = (counts[base] as number) + 1;
  if (stage === 2) counts[base + 1] = (counts[base + 1] as number) + 1;
  else if (stage >= 3) {
    counts[base + 2] = (counts[base + 2] as number) + denominatorAmount;
    if (stage === 4) counts[base + 3] = (counts[base + 3] as number) + 1;
    else if (stage === 5) counts[base + 4] = (counts[base + 4] as number) + numeratorAmount;
  }
}

/**
 * The accumulator behind {@link computeIndicators}: it is exported as a class-free interface by
 * {@link createIndicatorAccumulator}.
 * @internal
 */
export class IndicatorAccumulatorImpl implements IndicatorAccumulator {
  private readonly plan: CatalogPlan;
  private readonly subjects = new Map<unknown, SubjectState>();
  private readonly unknownCounts: RecordCounts = { read: 0, valid: 0, invalid: 0 };
  /** Refused records whose kind could not be told: they may be of any kind. */
  private unattributed = 0;
  private readonly settings: ReportSettings;
  private readonly recordIssues: RecordIssue[] = [];
  private recordIssuesOmitted = 0;
  private added = 0;
  private readonly warnings: Issue[] = [];
  private readonly overflowWarned = new Set<string>();
  private readonly maxStrata: number;
  private readonly maxRecordIssues: number;
  private readonly onRecordIssue: ((issue: RecordIssue) => void) | undefined;
  private readonly referenceDate: string;
  /** The rule being evaluated, for error messages. */
  private currentRule = -1;
  /** The subject states, for a lookup by kind without hashing. */
  private readonly subjectList: SubjectState[] = [];

  constructor(
    private readonly catalog: LoadedIndicatorCatalog,
    options: CreateIndicatorAccumulatorOptions,
  ) {
    this.plan = getCatalogPlan(catalog) as CatalogPlan;
    const issues: Issue[] = [];
    const maxStrata = options?.maxStrata ?? DEFAULT_MAX_STRATA;
    const maxRecordIssues = options?.maxRecordIssues ?? DEFAULT_MAX_RECORD_ISSUES;
    if (!Number.isSafeInteger(maxStrata) || maxStrata < 1) {
      issues.push(createIssue("invalid_argument", "/maxStrata", "maxStrata must be a whole number ≥ 1.", "maxStrata 必须是不小于 1 的整数。"));
    }
    if (!Number.isSafeInteger(maxRecordIssues) || maxRecordIssues < 0) {
      issues.push(createIssue("invalid_argument", "/maxRecordIssues", "maxRecordIssues must be a whole number ≥ 0.", "maxRecordIssues 必须是不小于 0 的整数。"));
    }
    this.settings = resolveReportSettings(catalog, options, issues);
    const period = this.settings.period;
    this.referenceDate = this.settings.referenceDate;
    this.maxStrata = maxStrata;
    this.maxRecordIssues = maxRecordIssues;
    this.onRecordIssue = options.onRecordIssue;
    const binding = bindCatalogRules(this.plan, period, this.referenceDate);
    for (const [subject, subjectPlan] of this.plan.subjects) {
      const state = new SubjectState(subjectPlan, binding.rules.get(subject) as readonly CompiledRule[]);
      this.subjects.set(subject, state);
      this.subjectList.push(state);
    }
  }

  add(record: unknown, position?: RecordPosition): boolean {
    if (position === undefined) return this.addAt(record, null, this.added, this.added + 1);
    const index = position.index ?? this.added;
    return this.addAt(record, position.subject ?? null, index, position.line ?? index + 1);
  }

  /** Add a record with its position given as plain values (no object per record). @internal */
  addAt(record: unknown, subject: SubjectKind | null, index: number, line: number): boolean {
    this.added++;
    const kind: unknown =
      subject ?? (typeof record === "object" && record !== null ? (record as Record<string, unknown>)[SUBJECT_FIELD] : undefined);
    let state: SubjectState | undefined;
    for (let i = 0; i < this.subjectList.length; i++) {
      const candidate = this.subjectList[i] as SubjectState;
      if (candidate.plan.subject === kind) {
        state = candidate;
        break;
      }
    }
    if (state === undefined) {
      this.unknownCounts.read++;
      this.unknownCounts.invalid++;
      if (subject === null) this.unattributed++;
      const known = [...this.subjects.keys()].join(", ");
      this.refuse(null, index, line, record, null, [
        subject !== null
          ? createIssue("unknown_subject", "", `The catalog declares no ${subject} records (it has ${known}).`, `该目录未声明 ${subject} 记录（已声明：${known}）。`, { params: { subject } })
          : createIssue(
              "unknown_subject",
              `/${SUBJECT_FIELD}`,
              `The record's "${SUBJECT_FIELD}" must name its kind, one of ${known}; got ${describeValue(kind)}.`,
              `记录的 "${SUBJECT_FIELD}" 须注明记录类型（${known} 之一）；实际为 ${describeValue(kind)}。`,
            ),
      ]);
      return false;
    }
    state.counts.read++;
    let issues: Issue[] | null;
    this.currentRule = -1;
    try {
      issues = this.validate(state, record);
      if (issues === null) this.evaluate(state);
    } catch (error) {
      issues = [this.evaluationIssue(state, error)];
    }
    if (issues !== null) {
      state.counts.invalid++;
      this.refuse(state.plan.subject, index, line, record, state.plan.idField, issues);
      return false;
    }
    this.tally(state);
    state.counts.valid++;
    return true;
  }

  private refuse(
    subject: SubjectKind | null,
    index: number,
    line: number,
    record: unknown,
    idField: string | null,
    issues: Issue[],
  ): void {
    const entry: RecordIssue = { subject, index, line, issues };
    if (idField !== null && typeof record === "object" && record !== null) {
      const id = (record as Record<string, unknown>)[idField];
      if (typeof id === "string" || (typeof id === "number" && Number.isFinite(id))) entry.id = id;
    }
    if (this.recordIssues.length < this.maxRecordIssues) this.recordIssues.push(entry);
    else this.recordIssuesOmitted++;
    this.onRecordIssue?.(entry);
  }

  /**
   * Check the declared fields of a record and keep their values by field index; `null` when the
   * record is valid. The record itself is not copied: bound rules read it directly.
   */
  private validate(state: SubjectState, record: unknown): Issue[] | null {
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      return [createIssue("invalid_record", "", `A record must be a JSON object; got ${describeValue(record)}.`, `记录必须是 JSON 对象；实际为 ${describeValue(record)}。`)];
    }
    const proto: unknown = Object.getPrototypeOf(record);
    if (proto !== Object.prototype && proto !== null) {
      return [createIssue("invalid_record", "", "A record must be a plain JSON object (no class instance, Map or Date).", "记录必须是普通 JSON 对象（不能是类实例、Map 或 Date）。")];
    }
    // Read every declared field into its slot, then check each slot in place.
    const values = state.fieldValues;
    const types = state.fieldTypes;
    state.plan.read(record as Record<string, unknown>, state.fieldNames, values);
    let issues: Issue[] | null = null;
    for (let i = 0; i < types.length; i++) {
      const value = values[i];
      const type = types[i] as FieldType;
      if (value === undefined || value === null) {
        values[i] = null;
        if (!type.optional) (issues ??= []).push(fieldIssue("missing_field", state.plan.fields[i] as FieldPlan, value));
      } else if (type.code === SEX_CODE) {
        // Rules and strata see the FHIR code, however the record wrote it (read once: the code is the check).
        const code = sexCodeOf(value);
        values[i] = code;
        if (code === null) (issues ??= []).push(fieldIssue("invalid_field", state.plan.fields[i] as FieldPlan, value));
      } else if (!acceptsValue(type, value)) {
        values[i] = null;
        (issues ??= []).push(fieldIssue("invalid_field", state.plan.fields[i] as FieldPlan, value));
      }
    }
    if (issues !== null) return issues;
    const ageField = state.plan.ageField;
    if (ageField >= 0) {
      const birth = values[ageField] as string;
      if (birth > this.referenceDate) {
        const name = (state.plan.fields[ageField] as SubjectPlan["fields"][number]).name;
        return [
          createIssue("born_after_reference_date", [name], `${name} ${birth} is after the reference date ${this.referenceDate}.`, `${name} ${birth} 晚于参照日期 ${this.referenceDate}。`, { params: { field: name } }),
        ];
      }
      values[state.ageSlot] = wholeYearsBetween(birth, this.referenceDate);
    }
    // A new stamp invalidates every cached rule value and stratum slot of the previous record.
    if (++state.stamp === 0x7fffffff) {
      state.stamp = 0;
      state.stamps.fill(-1);
      state.slotStamps.fill(-1);
    }
    const checks = state.plan.checks;
    for (let i = 0; i < checks.length; i++) {
      const check = checks[i] as SubjectPlan["checks"][number];
      if (!this.holds(state, check.rule)) {
        (issues ??= []).push(createIssue("failed_check", check.path, check.message.en, check.message.zh, { params: { check: check.id } }));
      }
    }
    return issues;
  }

  /** Whether a rule holds (is truthy) on the current record; each rule is evaluated at most once per record. */
  private holds(state: SubjectState, index: number): boolean {
    if (state.stamps[index] === state.stamp) return state.truths[index] === 1;
    this.currentRule = index;
    const value = isTruthy((state.rules[index] as CompiledRule)(state.fieldValues));
    state.truths[index] = value ? 1 : 0;
    state.stamps[index] = state.stamp;
    return value;
  }

  /** The current record's slot in stratifier `k`, computed at most once per record. */
  private stratum(state: SubjectState, k: number): void {
    const stratifier = state.stratifiers[k] as StratifierState;
    const plan = stratifier.plan;
    let value: unknown;
    if (plan.field >= 0) value = state.fieldValues[plan.field];
    else if (plan.field === AGE_FIELD) value = state.fieldValues[state.ageSlot];
    else {
      this.currentRule = plan.rule;
      value = (state.rules[plan.rule] as CompiledRule)(state.fieldValues);
    }
    if (plan.bands !== null) value = bandOf(value, plan.bands);
    else if (value === undefined) value = null;
    if ((typeof value === "object" && value !== null) || (typeof value === "number" && !Number.isFinite(value))) {
      throw new RecordEvaluationError(
        "invalid_stratum",
        `Stratifier "${plan.id}" gave ${describeValue(value)}; a stratum must be a string, a finite number, a boolean or null.`,
        `分层 "${plan.id}" 得到 ${describeValue(value)}；分层取值须为字符串、有限数值、布尔值或 null。`,
        { stratifier: plan.id, rule: plan.rulePath },
      );
    }
    let slot = stratifier.slots.get(value);
    if (slot === undefined) {
      if (stratifier.values.length < this.maxStrata) slot = stratifier.slotFor(value);
      else {
        slot = OVERFLOW;
        this.warnOverflow(state.plan.subject, plan.id);
      }
    }
    state.slots[k] = slot;
    state.slotStamps[k] = state.stamp;
  }

  /** Phase 1: decide every indicator's stage for the record, evaluating each distinct rule once. */
  private evaluate(state: SubjectState): void {
    const indicators = state.indicators;
    const slotStamps = state.slotStamps;
    const stamp = state.stamp;
    for (let i = 0; i < indicators.length; i++) {
      const indicator = indicators[i] as IndicatorState;
      const plan = indicator.plan;
      if (!this.holds(state, plan.population)) {
        indicator.stage = 0;
        continue;
      }
      const stratifiers = plan.stratifiers;
      for (let s = 0; s < stratifiers.length; s++) {
        const k = stratifiers[s] as number;
        if (slotStamps[k] !== stamp) this.stratum(state, k);
      }
      if (plan.hasDenominator) {
        if (plan.denominator >= 0 && !this.holds(state, plan.denominator)) {
          indicator.stage = 1;
          continue;
        }
        if (plan.denominatorExclusions >= 0 && this.holds(state, plan.denominatorExclusions)) {
          indicator.stage = 2;
          continue;
        }
      }
      if (!this.holds(state, plan.numerator)) {
        indicator.stage = 3;
        continue;
      }
      indicator.stage = plan.numeratorExclusions >= 0 && this.holds(state, plan.numeratorExclusions) ? 4 : 5;
    }
  }

  /** Phase 2: add the record to every indicator it reached, overall and in its strata. */
  private tally(state: SubjectState): void {
    const indicators = state.indicators;
    const values = state.fieldValues;
    for (let i = 0; i < indicators.length; i++) {
      const indicator = indicators[i] as IndicatorState;
      const stage = indicator.stage;
      if (stage === 0) continue;
      const plan = indicator.plan;
      const denominatorAmount = plan.denominatorSum < 0 ? 1 : (values[plan.denominatorSum] as number);
      const numeratorAmount = plan.numeratorSum < 0 ? 1 : (values[plan.numeratorSum] as number);
      addToTally(indicator.overall, 0, stage, denominatorAmount, numeratorAmount);
      const stratifiers = plan.stratifiers;
      for (let s = 0; s < stratifiers.length; s++) {
        const table = indicator.tables[s] as StratumTable;
        const slot = state.slots[stratifiers[s] as number] as number;
        if (slot === OVERFLOW) {
          table.overflow ??= [0, 0, 0, 0, 0];
          addToTally(table.overflow, 0, stage, denominatorAmount, numeratorAmount);
          continue;
        }
        const counts = table.counts;
        const base = slot * TALLY_WIDTH;
        while (counts.length <= base) counts.push(0, 0, 0, 0, 0);
        addToTally(counts, base, stage, denominatorAmount, numeratorAmount);
      }
    }
  }

  private warnOverflow(subject: SubjectKind, stratifier: string): void {
    const key = `${subject}\u0000${stratifier}`;
    if (this.overflowWarned.has(key)) return;
    this.overflowWarned.add(key);
    this.warnings.push(
      createIssue(
        "too_many_strata",
        "",
        `Stratifier "${stratifier}" has more than ${this.maxStrata} distinct values in the ${subject} records; records of further values are pooled in each indicator's overflow.`,
        `分层 "${stratifier}" 在 ${subject} 记录中的取值超过 ${this.maxStrata} 个；其余取值的记录在各指标中合并计入 overflow。`,
        { severity: "warning", params: { subject, stratifier, maxStrata: this.maxStrata } },
      ),
    );
  }

  private evaluationIssue(state: SubjectState, error: unknown): Issue {
    if (error instanceof RecordEvaluationError) {
      return createIssue(error.code, "", error.messageEn, error.messageZh, { params: error.params });
    }
    const message = isYiyangError(error) ? error.message : error instanceof Error ? error.message : String(error);
    const messageZh = isYiyangError(error) ? error.messageZh : message;
    if (this.currentRule < 0) {
      return createIssue("invalid_record", "", `The record could not be read: ${message}`, `无法读取该记录：${messageZh}`);
    }
    const rulePath = state.plan.rulePaths[this.currentRule] ?? "";
    const overBudget = isYiyangError(error) && error.code === YIYANG_ERROR_CODES.LIMIT_EXCEEDED;
    return createIssue(
      overBudget ? "limit_exceeded" : "evaluation_failed",
      "",
      `The rule at ${rulePath} of the catalog could not be evaluated on this record: ${message}`,
      `目录中位于 ${rulePath} 的规则无法对该记录求值：${messageZh}`,
      { params: { rule: rulePath } },
    );
  }

  /** The integer counts so far, as {@link buildIndicatorReport} takes them. */
  counts(): IndicatorCounts {
    const indicators: Record<string, IndicatorTallies> = {};
    for (const plan of this.plan.indicators) {
      const subjectState = this.subjects.get(plan.subject) as SubjectState;
      const state = subjectState.indicators.find((candidate) => candidate.plan === plan) as IndicatorState;
      const strata: NonNullable<IndicatorTallies["strata"]> = {};
      plan.stratifiers.forEach((k, s) => {
        const stratifier = subjectState.stratifiers[k] as StratifierState;
        const table = state.tables[s] as StratumTable;
        const found: IndicatorStratumTally[] = [];
        for (let slot = 0; slot < stratifier.values.length; slot++) {
          found.push({ stratum: stratifier.values[slot] as IndicatorStratumTally["stratum"], tally: tallyAt(table.counts, slot * TALLY_WIDTH) });
        }
        strata[stratifier.plan.id] = { strata: found, overflow: table.overflow === null ? null : tallyAt(table.overflow, 0) };
      });
      indicators[plan.definition.id] = { overall: tallyAt(state.overall, 0), strata };
    }
    const records: IndicatorCounts["records"] = { unknown: { ...this.unknownCounts } };
    for (const subject of SUBJECT_KINDS) {
      const counts = this.subjects.get(subject)?.counts;
      if (counts !== undefined) records[subject] = { ...counts };
    }
    return {
      records,
      unattributed: this.unattributed,
      indicators,
      recordIssues: this.recordIssues,
      recordIssuesOmitted: this.recordIssuesOmitted,
      issues: [...this.warnings],
    };
  }

  report(): IndicatorReport {
    return buildReportWith(this.catalog, this.counts(), this.settings);
  }
}

/**
 * Resolve a catalog argument: a loaded catalog as is, a document by loading it.
 * @internal
 */
export function resolveCatalog(catalog: IndicatorCatalogInput): LoadedIndicatorCatalog {
  if (getCatalogPlan(catalog) !== undefined) return catalog as LoadedIndicatorCatalog;
  return loadIndicatorCatalog(catalog);
}

/**
 * Start a streaming computation: add records one at a time (from a file, a queue, a database
 * cursor), then take the report. Memory stays bounded whatever the number of records: records are
 * not kept, strata are capped, and only the first refused records are described.
 *
 * @param catalog - a catalog from {@link loadIndicatorCatalog}, or a catalog document (loaded here)
 * @param options - the period, and optionally the reference date and caps
 * @returns the accumulator
 * @throws `YiyangError` `invalid_document` when a document is given and is invalid;
 *   `invalid_argument` (with issues) when the period does not fit the catalog or a date or cap is bad
 *
 * @example
 * ```ts
 * const tally = createIndicatorAccumulator(catalog, { period: { from: "2024-01-01", to: "2024-12-31" } });
 * tally.add({ subject: "person", id: "p1", birthDate: "1950-03-02", ... }); //=> true
 * tally.add({ subject: "person", id: "p2", birthDate: "not a date", ... }); //=> false
 * tally.report().records; //=> { read: 2, valid: 1, invalid: 1, bySubject: { … } }
 * ```
 */
export function createIndicatorAccumulator(
  catalog: IndicatorCatalogInput,
  options: CreateIndicatorAccumulatorOptions,
): IndicatorAccumulator {
  return new IndicatorAccumulatorImpl(resolveCatalog(catalog), options);
}
