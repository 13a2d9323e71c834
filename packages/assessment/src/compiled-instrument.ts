/**
 * The compiled form of an instrument: lookup tables and closures built once by `loadInstrument`
 * and reused for every record. Internal.
 * @internal
 */
import type { CompiledLogic, LocalizedText } from "@yiyang/core";
import type {
  AdjustmentDefinition,
  InstrumentDocument,
  InstrumentItem,
  LevelBand,
  RecordCheck,
} from "./instrument-document";
import type { InstrumentReference } from "./types";

/** @internal */
export interface CompiledItem {
  readonly key: string;
  readonly definition: InstrumentItem;
  /** Index of its dimension. */
  readonly dimension: number;
  /** `allowed[score] === 1` for every option score. */
  readonly allowed: Uint8Array;
  /** The option scores, ascending. */
  readonly scores: readonly number[];
  readonly max: number;
}

/** @internal */
export interface CompiledDimension {
  readonly key: string;
  readonly label: LocalizedText;
  readonly code: string;
  readonly min: number;
  readonly max: number;
  /** Item indexes. */
  readonly items: readonly number[];
  /** `reachable[s - min] === 1` for every sum the items can make. */
  readonly reachable: Uint8Array;
  /** Grade by `sum - min`, for banded grades. */
  readonly gradeLookup: Int16Array | null;
  /** The grade rule, for rule-graded dimensions. */
  readonly gradeRule: CompiledLogic | null;
  readonly graded: boolean;
  readonly gradeBands: ReadonlyArray<{ min: number | null; max: number | null; value: number }> | null;
}

/** @internal */
export interface CompiledAdjustment {
  readonly definition: AdjustmentDefinition;
  readonly when: CompiledLogic;
  /** Levels raised, or 0 for a set-level rule. */
  readonly raise: number;
  /** The level set, or -1 for a raise. */
  readonly setLevel: number;
  /** The reason split at its `{{path}}` placeholders, or `null` when it has none. */
  readonly reason: { readonly zh: ReadonlyArray<string | readonly string[]>; readonly en: ReadonlyArray<string | readonly string[]> } | null;
  /** The context names its condition reads (e.g. `coma`, `computed.riskEventTotal`), in order, each once. */
  readonly reads: readonly string[];
}

/**
 * When a provisional note of the instrument applies to a result: always, or only when the content it
 * points at took part (an option chosen, a band or level reached, a disease listed …). @internal
 */
export type NoteTest =
  | { readonly kind: "always" }
  | { readonly kind: "option"; readonly item: string; readonly score: number }
  | { readonly kind: "band"; readonly min: number | null; readonly max: number | null }
  | { readonly kind: "level"; readonly level: number }
  | { readonly kind: "adjustments" }
  | { readonly kind: "adjustment"; readonly id: string }
  | { readonly kind: "check"; readonly index: number }
  | { readonly kind: "disease"; readonly id: string }
  | { readonly kind: "risk"; readonly key: string }
  | { readonly kind: "age" }
  /**
   * `always` when a grade or preliminary-level rule reads the flag; `stack` when nothing reads it
   * (it can only decide stacking); `computedOnly` when only computed values read it.
   */
  | { readonly kind: "flag"; readonly name: string; readonly always: boolean; readonly stack: boolean; readonly computedOnly: boolean };

/** A provisional note and when it applies. @internal */
export interface CompiledNote {
  readonly path: string;
  readonly test: NoteTest;
}

/** The record inputs the rules that decide the level read (without a `var` default), so a record must give them. @internal */
export interface RequiredInputs {
  readonly coma: boolean;
  readonly diseases: boolean;
  /** The risk-event keys read. */
  readonly riskEvents: readonly string[];
  /** Whether `age` is read (a birth date, or an ID number, is then required). */
  readonly birthDate: boolean;
}

/** @internal */
export interface CompiledCheck {
  readonly definition: RecordCheck;
  readonly when: CompiledLogic;
}

/** @internal */
export interface CompiledInstrument {
  readonly reference: InstrumentReference;
  readonly document: InstrumentDocument;
  readonly items: readonly CompiledItem[];
  readonly itemIndex: ReadonlyMap<string, number>;
  readonly dimensions: readonly CompiledDimension[];
  readonly graded: boolean;
  readonly hasTotal: boolean;
  readonly totalMin: number;
  readonly totalMax: number;
  /** `reachableTotals[t - totalMin] === 1` for every total the items can make. */
  readonly reachableTotals: Uint8Array;
  /** Level by `total - totalMin`, for total-banded instruments. */
  readonly levelLookup: Int16Array | null;
  readonly levelBands: ReadonlyArray<{ min: number | null; max: number | null; value: number }> | null;
  readonly levelRule: CompiledLogic | null;
  readonly matrix: { readonly row: number; readonly columns: readonly number[]; readonly cells: readonly (readonly number[])[] } | null;
  /** Level labels by level. */
  readonly levelLabels: readonly LocalizedText[];
  readonly gradeCount: number;
  readonly diseaseIds: ReadonlySet<string> | null;
  readonly riskKeys: readonly string[] | null;
  readonly riskMax: number;
  /** Disease labels by id. */
  readonly diseaseLabels: ReadonlyMap<string, LocalizedText>;
  /** The record inputs a record must give. */
  readonly requires: RequiredInputs;
  /** The same as JSON pointers into the record, in order (the loaded instrument's `requiredInputs`). */
  readonly requiredInputs: readonly string[];
  /** For each required input's pointer (and `/riskEvents` as a whole), which rules read it, for messages. */
  readonly inputReaders: ReadonlyMap<string, LocalizedText>;
  /** The document's provisional notes, each with when it applies to a result. */
  readonly notes: readonly CompiledNote[];
  /** The frozen lists of note pointers already made, by the bits of the notes that apply. */
  readonly noteLists: Map<number, readonly string[]>;
  readonly computed: ReadonlyArray<{ readonly key: string; readonly rule: CompiledLogic }>;
  readonly raises: readonly CompiledAdjustment[];
  readonly sets: readonly CompiledAdjustment[];
  readonly ceiling: number;
  /** `true`/`false`, or the name of the flag that decides. */
  readonly stackRaises: boolean | string;
  readonly skipFromLevel: number;
  readonly flagNames: readonly string[];
  readonly defaultFlags: Readonly<Record<string, boolean>>;
  readonly checks: readonly CompiledCheck[];
  readonly minimumAge: number | null;
  readonly intervalMonths: number | null;
  /** A result's `dimensions` with every key in order (each 0): copied for each record, then filled, so no record adds keys one by one. */
  readonly dimensionTemplate: Readonly<Record<string, number>>;
  /** Per-dimension sums of the record being scored (reused: scoring never re-enters). */
  readonly scratch: Int32Array;
  /** The key order of the last record's items and the item index of each key (-1: unknown). */
  readonly keyOrder: { keys: string[]; indexes: number[] };
  /** `seen[i] === epoch` when item i was present in the record being scored. */
  readonly seen: Int32Array;
  epoch: number;
  /** For the last resolved flags object, each flag's other value (the flags with that one flipped). */
  flipped: { flags: Readonly<Record<string, boolean>> | null; byName: Map<string, Readonly<Record<string, boolean>>> };
  /** The last flags object a caller passed and its resolved form (batch callers pass the same one). */
  lastFlagsInput: unknown;
  lastFlagsResolved: Readonly<Record<string, boolean>> | null;
}

/** Normalised bands `{ min, max, value }` from level or grade bands. @internal */
export function normaliseBands(bands: ReadonlyArray<LevelBand | { min?: number | null; max?: number | null; grade: number }>): Array<{
  min: number | null;
  max: number | null;
  value: number;
}> {
  return bands.map((band) => ({
    min: band.min ?? null,
    max: band.max ?? null,
    value: "level" in band ? band.level : band.grade,
  }));
}
