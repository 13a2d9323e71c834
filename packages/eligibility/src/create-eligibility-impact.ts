import type { Issue } from "@yiyang/core";
import { safeCheckEligibility } from "./check-eligibility";
import type { EligibilityReport } from "./eligibility-report";
import type { ServiceCatalog } from "./load-service-catalog";

/** Options for {@link createEligibilityImpact}. */
export interface CreateEligibilityImpactOptions {
  /** The date to decide on (`YYYY-MM-DD`), for both versions. */
  asOf: string;
  /**
   * Whether each entry keeps both reports with every condition and reason (default `false`: only
   * the decisions, fast enough to screen a whole city). The workbench explains one person on demand.
   */
  explain?: boolean;
}

/** How one profile came out under both versions of a catalog. */
export type EligibilityImpactEntry =
  | {
      /** `changed`: some package was gained or lost; `same`: none was. */
      readonly status: "changed" | "same";
      /** The profile's `id`, or `null`. */
      readonly id: string | null;
      /** Packages eligible after the edit but not before, in the edited catalog's order. */
      readonly gained: readonly string[];
      /** Packages eligible before the edit but not after, in the published catalog's order. */
      readonly lost: readonly string[];
      /** The report under the catalog as published. */
      readonly before: EligibilityReport;
      /** The report under the edited catalog. */
      readonly after: EligibilityReport;
    }
  | {
      /** The profile could not be read or checked: it is counted, never decided. */
      readonly status: "invalid";
      readonly id: string | null;
      /** Every issue, from the first version that refused it (or from reading it). */
      readonly issues: readonly Issue[];
    };

/** One package's counts: eligible before, after, and how many gained or lost it. */
export interface EligibilityImpactRow {
  /** The package id. */
  readonly id: string;
  readonly before: number;
  readonly after: number;
  readonly gained: number;
  readonly lost: number;
}

/** What {@link EligibilityImpact.summary} returns. */
export interface EligibilityImpactSummary {
  /** The date decided on. */
  readonly asOf: string;
  /** Every package of either version (the published order, then packages only the edit has), zeros included. */
  readonly packages: readonly EligibilityImpactRow[];
  /** Profiles seen (checked or not). */
  readonly profiles: number;
  /** Profiles that gained or lost a package. */
  readonly changed: number;
  /** Profiles not checked (unreadable, or refused). */
  readonly invalid: number;
}

/** An impact tally of a service-catalog change: add profiles, then take the summary. */
export interface EligibilityImpact {
  /**
   * Check a profile under both versions and count it.
   * @param profile - a person profile
   * @returns how it came out
   */
  add(profile: unknown): EligibilityImpactEntry;
  /**
   * Count a profile that could not even be read (a bad line): it is invalid, never checked.
   * @param issues - why it could not be read
   * @returns the entry counted
   */
  addUnreadable(issues: readonly Issue[]): EligibilityImpactEntry;
  /** The counts so far (it can be taken more than once). */
  summary(): EligibilityImpactSummary;
}

function idOf(profile: unknown): string | null {
  if (typeof profile !== "object" || profile === null) return null;
  const id = (profile as { id?: unknown }).id;
  return typeof id === "string" ? id : null;
}

/**
 * Weigh a service-catalog change before it is published: decide each profile under the catalog as
 * published and the edited one, and count for every package who gains it and who loses it. The
 * command line's `yiyang impact` and the workbench count with this, so both show the same numbers.
 *
 * @param before - the catalog as published (loaded)
 * @param after - the edited catalog (loaded)
 * @param options - the date to decide on
 * @returns the tally
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` when a catalog was not loaded (on the first profile)
 *
 * @example
 * ```ts
 * const impact = createEligibilityImpact(catalog, edited, { asOf: "2025-06-30" }); // edited: family doctor from 70
 * impact.add({ ...profile, birthDate: "1959-01-03" }).lost; //=> ["family-doctor-elderly"]
 * impact.summary().changed; //=> 1
 * ```
 */
export function createEligibilityImpact(before: ServiceCatalog, after: ServiceCatalog, options: CreateEligibilityImpactOptions): EligibilityImpact {
  const explain = options.explain === true;
  const counts = new Map<string, { before: number; after: number; gained: number; lost: number }>();
  const row = (id: string) => {
    let r = counts.get(id);
    if (!r) counts.set(id, (r = { before: 0, after: 0, gained: 0, lost: 0 }));
    return r;
  };
  let profiles = 0;
  let changed = 0;
  let invalid = 0;
  const refuse = (id: string | null, issues: readonly Issue[]): EligibilityImpactEntry => {
    invalid++;
    return { status: "invalid", id, issues };
  };
  return {
    add(profile) {
      profiles++;
      const x = safeCheckEligibility(before, profile, { asOf: options.asOf, explain });
      if (!x.ok) return refuse(idOf(profile), x.issues);
      const y = safeCheckEligibility(after, profile, { asOf: options.asOf, explain });
      if (!y.ok) return refuse(idOf(profile), y.issues);
      const was = new Set(x.value.eligible);
      const now = new Set(y.value.eligible);
      for (const id of was) row(id).before++;
      for (const id of now) row(id).after++;
      const gained = [...now].filter((id) => !was.has(id));
      const lost = [...was].filter((id) => !now.has(id));
      for (const id of gained) row(id).gained++;
      for (const id of lost) row(id).lost++;
      const moved = gained.length > 0 || lost.length > 0;
      if (moved) changed++;
      return { status: moved ? "changed" : "same", id: x.value.profileId, gained, lost, before: x.value, after: y.value };
    },
    addUnreadable(issues) {
      profiles++;
      return refuse(null, issues);
    },
    summary() {
      const ids = [...new Set([...before.document.packages.map((p) => p.id), ...after.document.packages.map((p) => p.id)])];
      const packages = ids.map((id) => ({ id, ...(counts.get(id) ?? { before: 0, after: 0, gained: 0, lost: 0 }) }));
      return { asOf: options.asOf, packages, profiles, changed, invalid };
    },
  };
}
