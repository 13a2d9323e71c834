import type { Issue } from "@yiyang/core";
import { safeAssess, type AssessOptions } from "./assess";
import type { Instrument } from "./load-instrument";
import type { InstrumentSource } from "./resolve-instrument";
import type { AssessmentResult } from "./types";

/** Options for {@link createLevelImpact}: the policy flags both versions score with. */
export type CreateLevelImpactOptions = AssessOptions;

/** How one record came out under both versions of an instrument. */
export type LevelImpactEntry =
  | {
      /** `moved`: the final level differs; `kept`: it is the same. */
      readonly status: "moved" | "kept";
      /** The record's `id`, or `null`. */
      readonly id: string | number | null;
      /** The result under the version as published. */
      readonly before: AssessmentResult;
      /** The result under the edited version. */
      readonly after: AssessmentResult;
    }
  | {
      /** The record could not be read or scored under one of the versions: it is counted, never scored. */
      readonly status: "invalid";
      /** The record's `id`, when it has one. */
      readonly id: string | number | null;
      /** Every issue, from the first version that refused it (or from reading it). */
      readonly issues: readonly Issue[];
    };

/** One cell of the level matrix: how many records went from one final level to another. */
export interface LevelImpactCell {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/** What {@link LevelImpact.summary} returns. */
export interface LevelImpactSummary {
  /** Every level either version defines, ascending: the rows and columns of the matrix. */
  readonly levels: readonly number[];
  /** The level before × level after counts, row by row (`from` ascending, then `to`), zeros included. */
  readonly matrix: readonly LevelImpactCell[];
  /** Records seen (scored or not). */
  readonly records: number;
  /** Records whose final level changed. */
  readonly moved: number;
  /** Records whose final level stayed. */
  readonly kept: number;
  /** Records not scored (unreadable, or refused by a version). */
  readonly invalid: number;
}

/** An impact tally of an instrument change: add records, then take the summary. */
export interface LevelImpact {
  /**
   * Score a record under both versions and count it.
   * @param record - a record in the interchange format
   * @returns how it came out
   */
  add(record: unknown): LevelImpactEntry;
  /**
   * Count a record that could not even be read (a bad line): it is invalid, never scored.
   * @param issues - why it could not be read
   * @returns the entry counted
   */
  addUnreadable(issues: readonly Issue[]): LevelImpactEntry;
  /** The counts so far (it can be taken more than once). */
  summary(): LevelImpactSummary;
}

function idOf(record: unknown): string | number | null {
  if (typeof record !== "object" || record === null) return null;
  const id = (record as { id?: unknown }).id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

/**
 * Weigh an instrument change before it is published: score each record under the version as
 * published and the edited one, and count final level before × final level after. The command
 * line's `yiyang impact` and the workbench count with this, so both show the same numbers.
 *
 * @param before - the instrument as published (loaded)
 * @param after - the edited instrument (loaded)
 * @param options - policy flags for both
 * @returns the tally
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` from {@link safeAssess} when an
 *   instrument was not loaded or a flag is unknown (on the first record)
 *
 * @example
 * ```ts
 * const impact = createLevelImpact(gbt, edited); // edited: band 1 starts at 70 instead of 66
 * impact.add(recordWithTotal66).status; //=> "moved"
 * impact.summary().matrix.find((c) => c.from === 1 && c.to === 2)?.count; //=> 1
 * ```
 */
export function createLevelImpact(before: InstrumentSource, after: InstrumentSource, options: CreateLevelImpactOptions = {}): LevelImpact {
  const levelsOf = (source: InstrumentSource): number[] => {
    const list = (Array.isArray(source) ? source : [source]) as readonly Instrument[];
    return list.flatMap((instrument) => instrument.document.levels.map((l) => l.level));
  };
  const levels = [...new Set([...levelsOf(before), ...levelsOf(after)])].sort((x, y) => x - y);
  const counts = new Map<string, number>();
  let records = 0;
  let moved = 0;
  let invalid = 0;
  const refuse = (id: string | number | null, issues: readonly Issue[]): LevelImpactEntry => {
    invalid++;
    return { status: "invalid", id, issues };
  };
  return {
    add(record) {
      records++;
      const id = idOf(record);
      const x = safeAssess(before, record, options);
      if (!x.ok) return refuse(id, x.issues);
      const y = safeAssess(after, record, options);
      if (!y.ok) return refuse(id, y.issues);
      const key = `${x.value.level}>${y.value.level}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const changed = x.value.level !== y.value.level;
      if (changed) moved++;
      return { status: changed ? "moved" : "kept", id, before: x.value, after: y.value };
    },
    addUnreadable(issues) {
      records++;
      return refuse(null, issues);
    },
    summary() {
      const matrix = levels.flatMap((from) => levels.map((to) => ({ from, to, count: counts.get(`${from}>${to}`) ?? 0 })));
      return { levels: [...levels], matrix, records, moved, kept: records - moved - invalid, invalid };
    },
  };
}
