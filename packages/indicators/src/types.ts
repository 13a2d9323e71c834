import type { Issue, LocalizedText } from "@yiyang/core";
import type {
  IndicatorCitation,
  IndicatorUnit,
  SubjectKind,
  TargetComparison,
} from "./indicator-catalog-schema";

/** A reporting period: both days inclusive, `YYYY-MM-DD`. */
export interface IndicatorPeriod {
  /** The first day of the period. */
  from: string;
  /** The last day of the period (inclusive). */
  to: string;
}

/** Where a record was in its input. */
export interface RecordPosition {
  /** The subject kind; read from the record's `subject` field when absent. */
  subject?: SubjectKind;
  /** 0-based index in its input (default: the running count of records added). */
  index?: number;
  /** 1-based line in its input (default: `index + 1`, one record a line as in JSONL). */
  line?: number;
}

/** A record that was not counted, where it was and why. */
export interface RecordIssue {
  /** The record's subject kind, or `null` when it could not be told. */
  subject: SubjectKind | null;
  /** 0-based index in its input. */
  index: number;
  /** 1-based line in its input. */
  line: number;
  /** The record's id, when it has a readable one. */
  id?: string | number;
  /** Every problem found, each with a JSON pointer into the record. */
  issues: Issue[];
}

/** Whether a target is met: `undetermined` when refused records could change the answer. */
export type AttainmentStatus = "met" | "not-met" | "undetermined" | "empty-denominator";

/** The values refused records allow, rounded like `rate`. */
export interface AttainmentRange {
  /** The lowest value (every refused record against a rise: in the denominator, not the numerator). */
  low: string;
  /** The highest value, or `null` when a summed count makes it unbounded. */
  high: string | null;
}

/** How a target was met (or not) by one value. */
export interface TargetAttainment {
  /**
   * Whether the target is met. `true` or `false` only when it holds whatever the refused records of
   * the indicator's subject were (out of the population, or counted for or against the target in
   * any way); `null` when refused records could change it, or when the denominator is empty.
   */
  met: boolean | null;
  /** `met`, `not-met`, `undetermined` (refused records could change it) or `empty-denominator`. */
  status: AttainmentStatus;
  /**
   * How far the value is from the target, in the indicator's unit, as an exact decimal rounded
   * half-up to the indicator's decimals ("0.0" when met); `null` when `met` is `null`.
   */
  shortfall: string | null;
  /**
   * The smallest change to the numerator, with the same denominator, that would meet the target:
   * positive means that many more, negative that many fewer, 0 when met; `null` when `met` is
   * `null`, the comparison is `==`, or no change can meet it.
   */
  numeratorChange: number | null;
  /** When records were refused: the range of values they allow; `null` when none was refused. */
  range: AttainmentRange | null;
}

/** The counts and value of an indicator, overall or in one stratum. */
export interface IndicatorValue {
  /** Records in the initial population. */
  initialPopulation: number;
  /** Records excluded from the denominator. */
  denominatorExclusions: number;
  /** The denominator after exclusions (a record count or a sum); `null` for count indicators. */
  denominator: number | null;
  /** Records of the denominator excluded from the numerator. */
  numeratorExclusions: number;
  /** The numerator after exclusions (a record count or a sum). */
  numerator: number;
  /** `empty-denominator` when there is nothing to divide by: no rate is given then, never 0% or NaN. */
  status: "computed" | "empty-denominator";
  /** The value as an exact decimal string rounded half-up to the declared decimals, e.g. "65.3"; `null` when empty. */
  rate: string | null;
  /** The same value as a number, for convenience (charts); `null` when empty. */
  value: number | null;
  /** Attainment of the applicable target; `null` when the indicator has no target for the period. */
  attainment: TargetAttainment | null;
}

/** One stratum of a stratifier. */
export interface StratumValue extends IndicatorValue {
  /** The stratum: the field's or the rule's value (`null` when absent). */
  stratum: string | number | boolean | null;
}

/** The strata of one stratifier for one indicator. */
export interface StratifierValues {
  /** The stratifier id. */
  id: string;
  /** The stratifier title. */
  title: LocalizedText;
  /** Declared strata first (in their order, even when empty), then the others found, sorted. */
  strata: StratumValue[];
  /** Records past the cap on distinct strata, pooled together; `null` when the cap was not reached. */
  overflow: IndicatorValue | null;
}

/** The target applied to a period. */
export interface AppliedTarget {
  comparison: TargetComparison;
  /** The target value in the indicator's unit. */
  value: number;
  /** The target's year. */
  year: number;
  /** Where the target comes from. */
  source: IndicatorCitation;
  /** Whether the target's year is before the period's (the latest target still applies). */
  yearPassed: boolean;
}

/** One indicator's result. */
export interface IndicatorResult {
  id: string;
  title: LocalizedText;
  subject: SubjectKind;
  unit: IndicatorUnit;
  /** Decimal places of `rate` and `shortfall`. */
  decimals: number;
  /** The target applied to the period, or `null` when the indicator has none. */
  target: AppliedTarget | null;
  /** The catalog's provisional notes on this indicator: content not yet verified against an official text. */
  provisional: LocalizedText[];
  /** The value over all records. */
  overall: IndicatorValue;
  /** The value by stratifier. */
  strata: StratifierValues[];
}

/** Record counts of one subject kind. */
export interface RecordCounts {
  /** Records read. */
  read: number;
  /** Records counted. */
  valid: number;
  /** Records not counted, each reported in `recordIssues` (up to the cap). */
  invalid: number;
}

/** What {@link computeIndicators} returns: every indicator of the catalog over one period. */
export interface IndicatorReport {
  /** The catalog that produced the report. */
  catalog: { id: string; version: string; fingerprint: string };
  period: IndicatorPeriod;
  /** The date ages were computed on. */
  referenceDate: string;
  /** Whether targets were compared with the exact fraction or the rounded value. */
  targetBasis: "exact" | "rounded";
  /** Records read, counted and refused, overall and by subject kind (`unknown` holds records of no known kind). */
  records: RecordCounts & { bySubject: Record<SubjectKind | "unknown", RecordCounts> };
  /** The refused records, in input order, up to `maxRecordIssues`. */
  recordIssues: RecordIssue[];
  /** Refused records left out of `recordIssues` because of the cap. */
  recordIssuesOmitted: number;
  indicators: IndicatorResult[];
  /** Warnings about the computation as a whole (strata cap reached, reference date overridden …). */
  issues: Issue[];
}
