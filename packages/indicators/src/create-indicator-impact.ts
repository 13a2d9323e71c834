import { createIndicatorAccumulator, type CreateIndicatorAccumulatorOptions } from "./create-indicator-accumulator";
import type { IndicatorCatalogInput } from "./load-indicator-catalog";
import type { IndicatorReport, IndicatorResult, RecordPosition } from "./types";

/** Options for {@link createIndicatorImpact}: the same as {@link createIndicatorAccumulator}, for both versions. */
export type CreateIndicatorImpactOptions = CreateIndicatorAccumulatorOptions;

/** One indicator before and after the edit; `null` on the side that does not have it. */
export interface IndicatorImpactRow {
  /** The indicator id. */
  readonly id: string;
  readonly before: IndicatorResult | null;
  readonly after: IndicatorResult | null;
}

/** What {@link IndicatorImpact.result} returns. */
export interface IndicatorImpactResult {
  /** The report under the catalog as published. */
  readonly before: IndicatorReport;
  /** The report under the edited catalog. */
  readonly after: IndicatorReport;
  /** Every indicator of either version (the published order, then indicators only the edit has). */
  readonly indicators: readonly IndicatorImpactRow[];
}

/** An impact tally of an indicator-catalog change: add records, then take the result. */
export interface IndicatorImpact {
  /**
   * Count a record in both versions (`null`: a record that could not be read, counted as refused).
   * @param record - the record, or `null` for an unreadable one
   * @param position - where it was in its input
   * @returns whether the published version counted it
   */
  add(record: unknown, position?: RecordPosition): boolean;
  /** Both reports and each indicator side by side (it can be taken more than once). */
  result(): IndicatorImpactResult;
}

/**
 * Weigh an indicator-catalog change before it is published: compute every rate under the catalog
 * as published and the edited one over the same records, read once. The command line's
 * `yiyang impact` and the workbench compute with this, so both show the same numbers.
 *
 * @param before - the catalog as published (loaded, or a document loaded here)
 * @param after - the edited catalog
 * @param options - the period (and reference date and caps), for both
 * @returns the tally
 * @throws `YiyangError` (from `@yiyang/core`) as {@link createIndicatorAccumulator}: `invalid_document`,
 *   `invalid_argument` when the period does not fit a catalog
 *
 * @example
 * ```ts
 * const impact = createIndicatorImpact(catalog, edited, { period: { from: "2024-01-01", to: "2024-12-31" } });
 * for (const record of records) impact.add(record);
 * const row = impact.result().indicators.find((i) => i.id === "health-management-65");
 * [row?.before?.overall.attainment?.met, row?.after?.overall.attainment?.met]; //=> [true, false]
 * ```
 */
export function createIndicatorImpact(before: IndicatorCatalogInput, after: IndicatorCatalogInput, options: CreateIndicatorImpactOptions): IndicatorImpact {
  const x = createIndicatorAccumulator(before, options);
  const y = createIndicatorAccumulator(after, options);
  return {
    add(record, position) {
      const counted = x.add(record, position);
      y.add(record, position);
      return counted;
    },
    result() {
      const rx = x.report();
      const ry = y.report();
      const ids = [...new Set([...rx.indicators.map((i) => i.id), ...ry.indicators.map((i) => i.id)])];
      const indicators = ids.map((id) => ({ id, before: rx.indicators.find((i) => i.id === id) ?? null, after: ry.indicators.find((i) => i.id === id) ?? null }));
      return { before: rx, after: ry, indicators };
    },
  };
}
