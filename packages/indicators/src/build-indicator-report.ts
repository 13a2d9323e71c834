import { addDays, addMonths, createIssue, isCalendarDate, YIYANG_ERROR_CODES, YiyangError, type Issue } from "@yiyang/core";
import { formatScaled, roundHalfUpScaled } from "./exact-decimal";
import { SUBJECT_KINDS, type IndicatorCatalogDocument, type SubjectKind } from "./indicator-catalog-schema";
import { getCatalogPlan, loadIndicatorCatalog, type IndicatorCatalogInput, type IndicatorCatalog, type IndicatorPlan } from "./load-indicator-catalog";
import { judgeTarget, selectTarget } from "./target-attainment";
import type {
  AppliedTarget,
  IndicatorPeriod,
  IndicatorReport,
  IndicatorResult,
  IndicatorValue,
  RecordCounts,
  RecordIssue,
  StratifierValues,
  StratumValue,
} from "./types";

/** The five integer tallies of one indicator, overall or in one stratum. */
export interface IndicatorTally {
  /** Records in the initial population. */
  initialPopulation: number;
  /** Records of the initial population excluded from the denominator. */
  denominatorExclusions: number;
  /** The denominator after exclusions: records, or the sum of the summed field (0 for count indicators). */
  denominator: number;
  /** Records of the denominator excluded from the numerator. */
  numeratorExclusions: number;
  /** The numerator after exclusions: records, or the sum of the summed field. */
  numerator: number;
}

/** One stratum's value and tallies. */
export interface IndicatorStratumTally {
  /** The stratum: a string, a finite number, a boolean or `null`. */
  stratum: string | number | boolean | null;
  /** Its tallies. */
  tally: IndicatorTally;
}

/** The tallies of one indicator: overall and by stratifier. */
export interface IndicatorTallies {
  /** Over every counted record. */
  overall: IndicatorTally;
  /**
   * By stratifier id: the strata found, in any order (declared strata may be left out when empty;
   * strata whose initial population is 0 are left out of the report unless declared), and the
   * records pooled past the cap on distinct strata, if any.
   */
  strata?: Record<string, { strata: IndicatorStratumTally[]; overflow?: IndicatorTally | null }>;
}

/**
 * The integer counts a report is built from: what an engine (the in-process accumulator, or SQL in
 * a database) counted, before any rate, rounding or target is worked out.
 */
export interface IndicatorCounts {
  /** Records read, counted and refused by subject kind (`unknown`: records of no known kind). */
  records: Partial<Record<SubjectKind | "unknown", RecordCounts>>;
  /**
   * Refused records whose kind could not be told (no readable `subject`, an unreadable line): they
   * may have been of any kind, so every indicator's attainment weighs them. Default 0.
   */
  unattributed?: number;
  /** The tallies of every indicator, by indicator id; an indicator left out counted nothing. */
  indicators: Record<string, IndicatorTallies>;
  /** The refused records described, in input order (default none). */
  recordIssues?: RecordIssue[];
  /** Refused records left out of `recordIssues` (default 0). */
  recordIssuesOmitted?: number;
  /** Warnings of the engine about the counting (e.g. `too_many_strata`), reported as they are. */
  issues?: Issue[];
}

/** Options for {@link buildIndicatorReport}. */
export interface BuildIndicatorReportOptions {
  /** The reporting period, both days inclusive; it must fit the catalog's `period.unit`. */
  period: IndicatorPeriod;
  /** The date ages were computed on (default: the catalog's `period.ageOn`); another date is reported as a warning. */
  referenceDate?: string;
}

/** The period, reference date and warnings of a computation, once checked. @internal */
export interface ReportSettings {
  readonly period: Readonly<IndicatorPeriod>;
  readonly referenceDate: string;
  /** `reference_date_overridden` when the date is not the catalog's. */
  readonly warnings: readonly Issue[];
}

/** @internal */
export function describeValue(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function periodIssues(period: unknown, unit: IndicatorCatalogDocument["period"]["unit"]): Issue[] {
  if (typeof period !== "object" || period === null) {
    return [createIssue("invalid_period", "/period", "The period must be { from, to } with two dates.", "统计期须为 { from, to }，两个日期。")];
  }
  const { from, to } = period as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const [key, value] of [["from", from], ["to", to]] as const) {
    if (!isCalendarDate(value)) {
      issues.push(createIssue("invalid_date", ["period", key], `period.${key} must be a real calendar date YYYY-MM-DD; got ${describeValue(value)}.`, `period.${key} 必须是 YYYY-MM-DD 格式的有效日期；实际为 ${describeValue(value)}。`));
    }
  }
  if (issues.length > 0) return issues;
  const start = from as string;
  const end = to as string;
  if (end < start) {
    return [createIssue("invalid_period", "/period", `The period ends (${end}) before it starts (${start}).`, `统计期的结束日期（${end}）早于开始日期（${start}）。`)];
  }
  const months = unit === "calendar-year" ? 12 : unit === "calendar-quarter" ? 3 : unit === "calendar-month" ? 1 : 0;
  if (months === 0) return [];
  const startMonth = Number(start.slice(5, 7));
  const aligned = start.endsWith("-01") && (months === 12 ? startMonth === 1 : months === 3 ? startMonth % 3 === 1 : true);
  if (!aligned || end !== addDays(addMonths(start, months), -1)) {
    const what: readonly [string, string] =
      unit === "calendar-year"
        ? ["a calendar year (1 January to 31 December)", "一个自然年（1月1日至12月31日）"]
        : unit === "calendar-quarter"
          ? ["a calendar quarter", "一个自然季度"]
          : ["a calendar month", "一个自然月"];
    return [
      createIssue(
        "period_mismatch",
        "/period",
        `The catalog's indicators are defined over ${what[0]}; ${start} to ${end} is not one.`,
        `该目录的指标按${what[1]}统计；${start} 至 ${end} 不是${what[1]}。`,
        { params: { unit } },
      ),
    ];
  }
  return [];
}

/**
 * Check a computation's period and reference date against a catalog; the issues of `extra` are
 * reported with them.
 * @internal
 */
export function resolveReportSettings(catalog: IndicatorCatalog, options: BuildIndicatorReportOptions, extra: Issue[] = []): ReportSettings {
  const document = catalog.document;
  const issues = [...periodIssues(options?.period, document.period.unit), ...extra];
  if (options?.referenceDate !== undefined && !isCalendarDate(options.referenceDate)) {
    issues.push(createIssue("invalid_date", "/referenceDate", `referenceDate must be a real calendar date YYYY-MM-DD; got ${describeValue(options.referenceDate)}.`, `referenceDate 必须是 YYYY-MM-DD 格式的有效日期；实际为 ${describeValue(options.referenceDate)}。`));
  }
  if (issues.length > 0) {
    const first = issues[0] as Issue;
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `Cannot compute indicators: ${first.message}`, {
      issues,
      messageZh: `无法计算指标：${first.messageZh}`,
    });
  }
  const period = Object.freeze({ from: options.period.from, to: options.period.to });
  const byRule = document.period.ageOn === "period-start" ? period.from : period.to;
  const referenceDate = options.referenceDate ?? byRule;
  const warnings: Issue[] = [];
  if (referenceDate !== byRule) {
    warnings.push(
      createIssue(
        "reference_date_overridden",
        "/referenceDate",
        `Ages are computed on ${referenceDate}, not on ${byRule} as the catalog's period.ageOn (${document.period.ageOn}) says.`,
        `年龄按 ${referenceDate} 计算，而非目录 period.ageOn（${document.period.ageOn}）规定的 ${byRule}。`,
        { severity: "warning", params: { referenceDate, catalogReferenceDate: byRule } },
      ),
    );
  }
  return { period, referenceDate, warnings };
}

/** Order of found strata: strings, then numbers, then booleans, then null; each in its natural order. @internal */
export function compareStrata(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (typeof v === "string" ? 0 : typeof v === "number" ? 1 : typeof v === "boolean" ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  if (ra === 1 || ra === 2) return Number(a) - Number(b);
  return 0;
}

const ZERO: IndicatorTally = Object.freeze({ initialPopulation: 0, denominatorExclusions: 0, denominator: 0, numeratorExclusions: 0, numerator: 0 });

function isTally(value: unknown): value is IndicatorTally {
  if (typeof value !== "object" || value === null) return false;
  const tally = value as Record<string, unknown>;
  return (["initialPopulation", "denominatorExclusions", "denominator", "numeratorExclusions", "numerator"] as const).every(
    (key) => typeof tally[key] === "number" && Number.isFinite(tally[key]) && (tally[key] as number) >= 0,
  );
}

function badCounts(message: string, messageZh: string): YiyangError {
  return new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `Cannot build the report: ${message}`, { messageZh: `无法生成报告：${messageZh}` });
}

function resolveCatalogInput(catalog: IndicatorCatalogInput): IndicatorCatalog {
  return getCatalogPlan(catalog) !== undefined ? (catalog as IndicatorCatalog) : loadIndicatorCatalog(catalog);
}

/** What an indicator's values are judged with: the counts' context. */
interface ValueContext {
  readonly target: AppliedTarget | null;
  readonly basis: "exact" | "rounded";
  /** Refused records that could be of the indicator's subject. */
  readonly refused: number;
}

function indicatorValue(tally: IndicatorTally, plan: IndicatorPlan, context: ValueContext): IndicatorValue {
  const denominator = plan.hasDenominator ? tally.denominator : 1;
  const base = {
    initialPopulation: tally.initialPopulation,
    denominatorExclusions: tally.denominatorExclusions,
    denominator: plan.hasDenominator ? tally.denominator : null,
    numeratorExclusions: tally.numeratorExclusions,
    numerator: tally.numerator,
  };
  const attainment =
    context.target === null
      ? null
      : judgeTarget(
          {
            numerator: tally.numerator,
            denominator: plan.hasDenominator ? tally.denominator : null,
            multiplier: plan.multiplier,
            decimals: plan.decimals,
            basis: context.basis,
            refused: context.refused,
            numeratorSummed: plan.numeratorSum >= 0,
            denominatorSummed: plan.denominatorSum >= 0,
          },
          context.target,
        );
  if (denominator === 0) return { ...base, status: "empty-denominator", rate: null, value: null, attainment };
  const rate = formatScaled(
    roundHalfUpScaled({ n: BigInt(tally.numerator) * plan.multiplier, d: BigInt(denominator) }, plan.decimals),
    plan.decimals,
  );
  return { ...base, status: "computed", rate, value: Number(rate), attainment };
}

/**
 * Build a report from integer counts: the one place rates are rounded, targets chosen and judged,
 * strata ordered and warnings given, whichever engine counted (the in-process accumulator, or SQL
 * run in a database). Given the same counts, it gives the same report, field for field.
 *
 * Attainment is honest about refused records: a target is `met: true` or `false` only when it
 * holds whatever the refused records of the indicator's subject (and those of no known kind) had
 * been; otherwise `met: null`, status `undetermined`, with the range of values they allow.
 *
 * @param catalog - a catalog from {@link loadIndicatorCatalog}
 * @param counts - the records counted and refused, and the tallies of each indicator by id
 * @param options - the period counted, and the reference date ages were computed on
 * @returns the report, as {@link computeIndicators} gives it
 * @throws `YiyangError` `invalid_argument` when the period does not fit the catalog, a date is
 *   bad, or a tally is not made of whole numbers ≥ 0
 *
 * @example
 * ```ts
 * const report = buildIndicatorReport(catalog, {
 *   records: { person: { read: 4, valid: 4, invalid: 0 } },
 *   indicators: { "health-management-65": { overall: { initialPopulation: 4, denominatorExclusions: 0, denominator: 4, numeratorExclusions: 0, numerator: 3 } } },
 * }, { period: { from: "2024-01-01", to: "2024-12-31" } });
 * report.indicators[0].overall.rate; //=> "75.0"
 * ```
 */
export function buildIndicatorReport(catalog: IndicatorCatalogInput, counts: IndicatorCounts, options: BuildIndicatorReportOptions): IndicatorReport {
  const loaded = resolveCatalogInput(catalog);
  const settings = resolveReportSettings(loaded, options);
  return buildReportWith(loaded, counts, settings);
}

/** {@link buildIndicatorReport} with the period and reference date already checked. @internal */
export function buildReportWith(catalog: IndicatorCatalog, counts: IndicatorCounts, settings: ReportSettings): IndicatorReport {
  const plan = getCatalogPlan(catalog);
  if (plan === undefined) throw badCounts("the catalog is not loaded.", "目录未加载。");
  if (typeof counts !== "object" || counts === null || typeof counts.indicators !== "object" || counts.indicators === null) {
    throw badCounts("counts must have records and indicators.", "counts 须包含 records 与 indicators。");
  }
  const { period, referenceDate } = settings;
  const basis = plan.targetBasis;
  const periodYear = Number(period.to.slice(0, 4));
  const issues: Issue[] = [...settings.warnings, ...(counts.issues ?? [])];

  const bySubject = {} as IndicatorReport["records"]["bySubject"];
  const total: RecordCounts = { read: 0, valid: 0, invalid: 0 };
  for (const kind of ["unknown", ...SUBJECT_KINDS] as const) {
    const given = counts.records?.[kind];
    const entry = { read: given?.read ?? 0, valid: given?.valid ?? 0, invalid: given?.invalid ?? 0 };
    bySubject[kind] = entry;
    total.read += entry.read;
    total.valid += entry.valid;
    total.invalid += entry.invalid;
  }
  const unattributed = counts.unattributed ?? 0;

  const indicators: IndicatorResult[] = plan.indicators.map((indicator) => {
    const id = indicator.definition.id;
    const tallies = Object.prototype.hasOwnProperty.call(counts.indicators, id) ? counts.indicators[id] : undefined;
    const context: ValueContext = {
      target: selectTarget(indicator.definition.targets, periodYear),
      basis,
      refused: bySubject[indicator.subject].invalid + unattributed,
    };
    let overflowReported = false;
    const valueOf = (tally: IndicatorTally | undefined): IndicatorValue => {
      const given = tally ?? ZERO;
      if (!isTally(given)) throw badCounts(`a tally of "${id}" is not made of whole numbers ≥ 0.`, `"${id}" 的计数不是非负整数。`);
      if (!overflowReported && (given.denominator > Number.MAX_SAFE_INTEGER || given.numerator > Number.MAX_SAFE_INTEGER)) {
        overflowReported = true;
        issues.push(
          createIssue(
            "count_overflow",
            ["indicators", indicator.position],
            `Indicator "${id}" adds up to more than ${Number.MAX_SAFE_INTEGER}; its sums are not exact.`,
            `指标 "${id}" 的合计超过 ${Number.MAX_SAFE_INTEGER}，结果不精确。`,
          ),
        );
      }
      return indicatorValue(given, indicator, context);
    };
    const subjectPlan = plan.subjects.get(indicator.subject);
    const strata: StratifierValues[] = indicator.stratifiers.map((k) => {
      const stratifier = subjectPlan?.stratifiers[k];
      if (stratifier === undefined) throw badCounts(`indicator "${id}" has no stratifier ${k}.`, `指标 "${id}" 没有第 ${k} 个分层。`);
      const given = tallies?.strata?.[stratifier.id];
      const byValue = new Map<unknown, IndicatorTally>();
      for (const entry of given?.strata ?? []) byValue.set(entry.stratum, entry.tally);
      const declared = new Set<unknown>(stratifier.declared);
      const found = [...byValue.entries()]
        .filter(([value, tally]) => !declared.has(value) && tally.initialPopulation > 0)
        .map(([value]) => value)
        .sort(compareStrata);
      const order = [...stratifier.declared, ...found];
      return {
        id: stratifier.id,
        title: stratifier.title,
        strata: order.map((value): StratumValue => ({ stratum: value as StratumValue["stratum"], ...valueOf(byValue.get(value)) })),
        overflow: given?.overflow === undefined || given.overflow === null ? null : valueOf(given.overflow),
      };
    });
    return {
      id,
      title: indicator.definition.title,
      subject: indicator.subject,
      unit: indicator.unit,
      decimals: indicator.decimals,
      target: context.target,
      provisional: [...indicator.provisional],
      overall: valueOf(tallies?.overall),
      strata,
    };
  });
  if (total.invalid > 0) {
    issues.push(
      createIssue(
        "invalid_records",
        "",
        `${total.invalid} of ${total.read} records were not counted: see recordIssues.`,
        `${total.read} 条记录中有 ${total.invalid} 条未计入：见 recordIssues。`,
        { severity: "warning", params: { invalid: total.invalid, read: total.read } },
      ),
    );
  }
  return {
    catalog: { id: catalog.id, version: catalog.version, fingerprint: catalog.fingerprint },
    period: { from: period.from, to: period.to },
    referenceDate,
    targetBasis: basis,
    records: { ...total, bySubject },
    recordIssues: (counts.recordIssues ?? []).map((entry) => ({ ...entry, issues: [...entry.issues] })),
    recordIssuesOmitted: counts.recordIssuesOmitted ?? 0,
    indicators,
    issues,
  };
}
