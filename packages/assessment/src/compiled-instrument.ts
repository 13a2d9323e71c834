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
  /** All-zero risk events (shared, frozen). */
  readonly noRiskEvents: Readonly<Record<string, number>>;
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
  /** Per-dimension sums of the record being scored (reused: scoring never re-enters). */
  readonly scratch: Int32Array;
  /** The key order of the last record's items and the item index of each key (-1: unknown). */
  readonly keyOrder: { keys: string[]; indexes: number[] };
  /** `seen[i] === epoch` when item i was present in the record being scored. */
  readonly seen: Int32Array;
  epoch: number;
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
