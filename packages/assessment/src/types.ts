import type { LocalizedText, SexCode } from "@yiyang/core";
import type { AdjustmentEffect } from "./instrument-document";

/**
 * One assessment in the interchange format (one JSON object a record, JSONL for files).
 *
 * @example
 * ```ts
 * const record: AssessmentRecord = {
 *   id: "2025-000123",
 *   assessedOn: "2025-03-01",
 *   subject: { birthDate: "1942-07-15", sex: "2" }, // GB/T 2261.1 2 = female
 *   items: { eating: 4, grooming: 3 }, // … every item of the instrument
 *   coma: false,
 *   diseases: ["hypertension", "dementia"],
 *   riskEvents: { fall: 1, wandering: 0, choking: 0, selfHarm: 0, other: 0 },
 * };
 * ```
 */
export interface AssessmentRecord {
  /** The record's id, echoed in the result. */
  id: string;
  /** The assessment date `YYYY-MM-DD` (评估基准日期); it picks the document version in force. */
  assessedOn: string;
  /**
   * The person assessed (optional). The birth date enables the age check. `sex` is read from FHIR
   * (`male` `female` `other` `unknown`), GB/T 2261.1 (`0` `1` `2` `9`, text or number), HL7 v2
   * (`M` `F` `O` `U` `A` `N`) or `男` `女` `未知`, and never blocks a score. `idNumber`, a citizen
   * ID number (GB 11643: 18 characters, or the legacy 15), is checked; the birth date and sex it
   * encodes fill in those the record lacks and must agree with those it gives. The number is never
   * copied into a result or an issue.
   */
  subject?: { birthDate?: string; sex?: string | number; idNumber?: string } | undefined;
  /** Every item's score, by item key. */
  items: Record<string, number>;
  /**
   * A.5.11 昏迷 (GB/T 42195). Required when a rule deciding the level reads it (GB/T 42195); write
   * `false` when there is none: an absent value is an error, never taken as "no".
   */
  coma?: boolean | undefined;
  /** A.4.1 disease ids, e.g. `dementia`. Required as `coma` is; `[]` when there are none. */
  diseases?: string[] | undefined;
  /**
   * A.2.14 care-risk events in the last 30 days, each 0–3 (3 = three or more). Every count a rule
   * deciding the level reads is required (GB/T 42195: all five; MZ/T 039: fall, choking, selfHarm,
   * wandering); write 0 when there were none.
   */
  riskEvents?: Partial<Record<string, number>> | undefined;
}

/** Which rules produced a result: the instrument's id, version and content fingerprint. */
export interface InstrumentReference {
  id: string;
  version: string;
  /** `sha256:` + hex of the document's canonical JSON without `tests`. */
  fingerprint: string;
}

/** An adjustment that applied, with its rule and reason. */
export interface AppliedAdjustment {
  /** The adjustment's id in the document, e.g. `dementia`. */
  id: string;
  /** The clause it encodes, e.g. `C.4`. */
  clause: string;
  /** What the rule does. */
  effect: AdjustmentEffect;
  /** The level before it applied. */
  fromLevel: number;
  /** The level after it applied (equal to `fromLevel` when a ceiling or the no-stacking policy absorbed it). */
  toLevel: number;
  /** Why it applied. */
  reason: LocalizedText;
}

/**
 * What {@link assess} returns: the record's id and date, the rules used (id, version, fingerprint)
 * and the policy flags in force, then the chain items → dimensions → total → preliminary level →
 * adjustments → final level. Plain JSON: store it, send it, verify it elsewhere with
 * {@link verifyResult}.
 */
export interface AssessmentResult {
  /** The record's id. */
  id: string;
  /** The record's assessment date. */
  assessedOn: string;
  /** The person's sex as the FHIR code, when the record or its ID number gives one (no other personal data). */
  subject?: { sex: SexCode } | undefined;
  /** The instrument document used. */
  instrument: InstrumentReference;
  /**
   * The record mapping the record was read through (a vendor's export), when there was one: its
   * id, version and fingerprint, so a recipient knows how the raw answers were read.
   */
  mapping?: InstrumentReference | undefined;
  /** Every policy flag of the instrument with the value used (defaults unless the caller set them). */
  flags: Readonly<Record<string, boolean>>;
  /** Each dimension's sum of item scores, by dimension key. */
  dimensions: Record<string, number>;
  /** Each graded dimension's grade 0–3 (only for instruments that grade dimensions). */
  grades?: Record<string, number>;
  /** The sum of every item, or `null` for instruments without a total (MZ/T 039, LTCI 2021). */
  total: number | null;
  /** The preliminary level (初步等级). */
  baseLevel: number;
  /** The adjustments that applied, in the order applied (raises first, then set-level rules). */
  adjustments: AppliedAdjustment[];
  /** The final level. */
  level: number;
  /** The final level's name. */
  label: LocalizedText;
  /** `assessedOn` plus the document's reassessment interval, or `null` when the document sets none. */
  nextAssessmentDue: string | null;
  /**
   * The JSON pointers of the instrument's provisional notes (content not yet verified against an
   * official text) that this result rests on; empty when it rests on none. The notes themselves
   * are in the instrument document (`instrument.provisional`).
   */
  provisional: readonly string[];
}
