import type { DocumentEnvelope, LocalizedText } from "@yiyang/core";

/**
 * The `kind` of an instrument document.
 *
 * @example
 * ```ts
 * gbt42195Instrument.kind === INSTRUMENT_KIND; //=> true
 * ```
 */
export const INSTRUMENT_KIND = "instrument";

/** One answer option of an item: its score and what it means. */
export interface InstrumentOption {
  /** The score recorded for this option (a whole number ≥ 0, unique within the item). */
  score: number;
  /** What the option means, in the document's own faithful wording. */
  text: LocalizedText;
}

/** One scored item (二级指标) of an instrument. */
export interface InstrumentItem {
  /** The key used in records, e.g. `eating` (camelCase, unique in the instrument). */
  key: string;
  /** The standard's code, e.g. `B.1.1`. */
  code: string;
  /** The item's name. */
  label: LocalizedText;
  /** The options, each with its score. */
  options: InstrumentOption[];
}

/** A band of a number `min ≤ value ≤ max` (an absent or `null` bound is open) and what it maps to. */
export interface ScoreBand {
  /** Lowest value in the band (inclusive); absent or `null` for no lower bound. */
  min?: number | null | undefined;
  /** Highest value in the band (inclusive); absent or `null` for no upper bound. */
  max?: number | null | undefined;
}

/** A band of a dimension's score mapped to a grade. */
export interface GradeBand extends ScoreBand {
  /** The grade for scores in the band. */
  grade: number;
}

/** A band of the total mapped to a level. */
export interface LevelBand extends ScoreBand {
  /** The level for totals in the band. */
  level: number;
}

/**
 * How a dimension is graded: bands over its score, or a JSON Logic rule over
 * `{ items, dimensions }` that returns the grade.
 */
export type DimensionGrade =
  | { bands: GradeBand[] }
  | { rule: unknown; description: LocalizedText };

/** A dimension (一级指标): a group of items whose scores are summed, optionally graded. */
export interface InstrumentDimension {
  /** The key used in results, e.g. `selfCare`. */
  key: string;
  /** The standard's code, e.g. `B.1`. */
  code: string;
  /** The dimension's name. */
  label: LocalizedText;
  /** The highest possible sum of the dimension's items (checked when the document is loaded). */
  max: number;
  /** The items, in the order of the form. */
  items: InstrumentItem[];
  /** How the dimension is graded, for instruments that grade dimensions. */
  grade?: DimensionGrade | undefined;
}

/** The declared range of the total (the sum of every item); checked when the document is loaded. */
export interface TotalSpec {
  min: number;
  max: number;
}

/** How the preliminary level (初步等级) is found. */
export type PreliminaryLevel =
  | {
      /** Bands of the total. */
      basis: "total";
      bands: LevelBand[];
    }
  | {
      /** A JSON Logic rule over the context (items, dimensions, grades, total …) returning the level. */
      basis: "rule";
      rule: unknown;
      description: LocalizedText;
    }
  | {
      /** A lookup table: the row is one dimension's grade, the column the worst (highest) grade of others. */
      basis: "matrix";
      rowDimension: string;
      columnDimensions: string[];
      /** `cells[rowGrade][columnGrade]` is the level. */
      cells: number[][];
      description: LocalizedText;
    };

/** A level and its name. */
export interface LevelDefinition {
  level: number;
  label: LocalizedText;
}

/** A dimension grade and its name (shared by every graded dimension). */
export interface GradeDefinition {
  grade: number;
  label: LocalizedText;
}

/** A disease a record may list (A.4.1 for GB/T 42195). */
export interface DiseaseDefinition {
  /** The id used in records, e.g. `dementia`. */
  id: string;
  label: LocalizedText;
  /** The ICD-10 codes the standard names, for reference, e.g. `F00-F03`. */
  icd10?: string | undefined;
  /** A qualifier the standard adds, e.g. "within 30 days". */
  note?: LocalizedText | undefined;
}

/** One kind of care-risk event a record counts (A.2.14 for GB/T 42195). */
export interface RiskEventDefinition {
  key: string;
  label: LocalizedText;
}

/** The care-risk events a record may carry, each a count `0 … maxCount` (maxCount meaning "that many or more"). */
export interface RiskEventsSpec {
  maxCount: number;
  types: RiskEventDefinition[];
}

/** A named value computed from the context before the adjustments run, available as `computed.<key>`. */
export interface ComputedValue {
  key: string;
  label: LocalizedText;
  rule: unknown;
}

/** What an adjustment does when its condition holds. */
export type AdjustmentEffect = { raise: number } | { setLevel: number };

/** A level-change rule (等级变更): a JSON Logic condition and its effect. */
export interface AdjustmentDefinition {
  /** Stable id, e.g. `coma`. */
  id: string;
  /** The clause it encodes, e.g. `C.4`. */
  clause: string;
  label: LocalizedText;
  /** The condition in words. */
  condition: LocalizedText;
  /** The condition as JSON Logic over the context; JSON Logic truthiness decides. */
  when: unknown;
  effect: AdjustmentEffect;
  /** Why it applied, shown in results; `{{path}}` is replaced by the context value at that path. */
  reason: LocalizedText;
}

/** How the adjustments combine. */
export interface LevelChange {
  /** The highest level a raise can reach (default: the highest level). */
  ceiling?: number | undefined;
  /** Whether several raises add up (`true`) or the largest alone applies (`false`); or a policy flag deciding it. */
  stackRaises: boolean | { flag: string };
  /** From this preliminary level up, no adjustment is considered at all. */
  skipFromLevel?: number | undefined;
}

/** A named policy choice a city may make, with its default. */
export interface PolicyFlag {
  default: boolean;
  description: LocalizedText;
}

/** A consistency check on a record, reported as an issue when its JSON Logic condition holds. */
export interface RecordCheck {
  /** The issue code, e.g. `coma_with_consciousness`. */
  code: string;
  severity: "error" | "warning";
  /** JSON pointer into the record of what the issue is about. */
  path: string;
  when: unknown;
  message: LocalizedText;
}

/** Rules about the person assessed. */
export interface SubjectRules {
  /** Below this age on `assessedOn`, a warning `under_minimum_age` is given (the result is still computed). */
  minimumAge?: number | undefined;
}

/** When the next assessment is due. */
export interface ReassessmentRule {
  intervalMonths: number;
}

/** What a test case expects of a valid record. */
export interface InstrumentTestResultExpectation {
  level: number;
  baseLevel?: number | undefined;
  total?: number | null | undefined;
  dimensions?: Record<string, number> | undefined;
  grades?: Record<string, number> | undefined;
  /** The ids of the adjustments applied, in order. */
  adjustments?: string[] | undefined;
  nextAssessmentDue?: string | null | undefined;
  /** The warning codes expected, in order (none when `[]`). */
  warnings?: string[] | undefined;
}

/** What a test case expects of an invalid record: exactly these errors (any order). */
export interface InstrumentTestIssueExpectation {
  issues: Array<{ code: string; path: string }>;
}

/** A test case held in the document: a record, the flags, and the expected outcome. */
export interface InstrumentTestCase {
  description: string;
  flags?: Record<string, boolean> | undefined;
  record: unknown;
  expect: InstrumentTestResultExpectation | InstrumentTestIssueExpectation;
}

/**
 * An instrument document: the shared envelope plus the items, dimensions, bands, adjustments and
 * policy flags of one assessment instrument. Every threshold lives here, none in code.
 */
export interface InstrumentDocument extends DocumentEnvelope {
  kind: typeof INSTRUMENT_KIND;
  dimensions: InstrumentDimension[];
  total?: TotalSpec | undefined;
  grades?: GradeDefinition[] | undefined;
  preliminaryLevel: PreliminaryLevel;
  levels: LevelDefinition[];
  diseases?: DiseaseDefinition[] | undefined;
  riskEvents?: RiskEventsSpec | undefined;
  computed?: ComputedValue[] | undefined;
  adjustments?: AdjustmentDefinition[] | undefined;
  levelChange?: LevelChange | undefined;
  policyFlags?: Record<string, PolicyFlag> | undefined;
  checks?: RecordCheck[] | undefined;
  subject?: SubjectRules | undefined;
  reassessment?: ReassessmentRule | undefined;
  tests?: InstrumentTestCase[] | undefined;
}
