/**
 * The impact of the edit over a sample file, with the domain packages' own tallies (the ones
 * `yiyang impact` prints), so the page and the command line count alike.
 */
import { createLevelImpact, explainResult, type Instrument, type LevelImpactEntry, type LevelImpactSummary, type ResultExplanation } from "@yiyang/assessment";
import type { LoadedDocument } from "@yiyang/core";
import { checkEligibility, createEligibilityImpact, type EligibilityImpactEntry, type EligibilityImpactSummary, type EligibilityReport, type ServiceCatalog } from "@yiyang/eligibility";
import { createIndicatorImpact, type IndicatorCatalog, type IndicatorImpactResult } from "@yiyang/indicators";
import type { SampleRecord } from "./read-sample-records";

/** Dates the impact is computed on. */
export interface ImpactSettings {
  /** Service catalogs: the date to decide on. */
  asOf: string;
  /** Indicator catalogs: the reporting period. */
  period: { from: string; to: string };
}

/** The impact of an instrument change. */
export interface LevelImpactView {
  kind: "instrument";
  summary: LevelImpactSummary;
  /** Entries that moved, with the line they came from. */
  moved: Array<{ line: number; index: number; entry: Exclude<LevelImpactEntry, { status: "invalid" }> }>;
  invalid: Array<{ line: number; entry: LevelImpactEntry }>;
}

/** The impact of a service-catalog change. */
export interface EligibilityImpactView {
  kind: "service-catalog";
  summary: EligibilityImpactSummary;
  changed: Array<{ line: number; index: number; entry: Exclude<EligibilityImpactEntry, { status: "invalid" }> }>;
  invalid: Array<{ line: number; entry: EligibilityImpactEntry }>;
}

/** The impact of an indicator-catalog change. */
export interface IndicatorImpactView {
  kind: "indicator-catalog";
  result: IndicatorImpactResult;
}

export type ImpactView = LevelImpactView | EligibilityImpactView | IndicatorImpactView;

/** Whether the page can weigh changes to documents of a kind. */
export function hasImpact(kind: string): boolean {
  return kind === "instrument" || kind === "service-catalog" || kind === "indicator-catalog";
}

/**
 * Weigh the edit over the sample records.
 * @throws `YiyangError` from the indicator accumulator when the period does not fit the catalog
 */
export function computeImpact(before: LoadedDocument, after: LoadedDocument, records: readonly SampleRecord[], settings: ImpactSettings): ImpactView | null {
  if (before.kind !== after.kind) return null;
  if (before.kind === "instrument") {
    const impact = createLevelImpact(before as Instrument, after as Instrument);
    const moved: LevelImpactView["moved"] = [];
    const invalid: LevelImpactView["invalid"] = [];
    records.forEach((r, index) => {
      const entry = r.issues ? impact.addUnreadable(r.issues) : impact.add(r.record);
      if (entry.status === "moved") moved.push({ line: r.line, index, entry });
      else if (entry.status === "invalid") invalid.push({ line: r.line, entry });
    });
    return { kind: "instrument", summary: impact.summary(), moved, invalid };
  }
  if (before.kind === "service-catalog") {
    const impact = createEligibilityImpact(before as ServiceCatalog, after as ServiceCatalog, { asOf: settings.asOf });
    const changed: EligibilityImpactView["changed"] = [];
    const invalid: EligibilityImpactView["invalid"] = [];
    records.forEach((r, index) => {
      const entry = r.issues ? impact.addUnreadable(r.issues) : impact.add(r.record);
      if (entry.status === "changed") changed.push({ line: r.line, index, entry });
      else if (entry.status === "invalid") invalid.push({ line: r.line, entry });
    });
    return { kind: "service-catalog", summary: impact.summary(), changed, invalid };
  }
  if (before.kind === "indicator-catalog") {
    const impact = createIndicatorImpact(before as IndicatorCatalog, after as IndicatorCatalog, { period: settings.period });
    records.forEach((r, index) => impact.add(r.issues ? null : r.record, { index, line: r.line }));
    return { kind: "indicator-catalog", result: impact.result() };
  }
  return null;
}

/** Why one record's level moves: the explanation under each version. */
export function explainLevelMove(before: Instrument, after: Instrument, record: unknown): { before: ResultExplanation; after: ResultExplanation } {
  return { before: explainResult(before, record), after: explainResult(after, record) };
}

/** Why one profile gains or loses packages: the explained report under each version. */
export function explainEligibilityMove(before: ServiceCatalog, after: ServiceCatalog, profile: unknown, asOf: string): { before: EligibilityReport; after: EligibilityReport } {
  return { before: checkEligibility(before, profile, { asOf }), after: checkEligibility(after, profile, { asOf }) };
}
