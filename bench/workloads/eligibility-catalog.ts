/**
 * Workload "catalog" — `checkEligibility` of @yiyang/eligibility over the whole sample city catalog
 * (17 packages, 61 named conditions, 3 exclusive groups), one person profile at a time, against a
 * hand-written TypeScript check of the same rules.
 *
 * Both contenders validate the profile, compute age and assessment staleness on `asOf`, decide
 * every package and compute the eligible packages' entitlements and the alternatives. The
 * hand-written check returns only that decision; `checkEligibility` also reports, for every
 * condition, the values it read, and for every "no" a reason in Chinese and English. The agreement
 * check compares the decision part of both outputs.
 */
import { addMonths, ageOn, fromEpochDay, isCalendarDate, isIcd10InRanges, normalizeIcd10, parseIcd10Ranges, toEpochDay } from "@yiyang/core";
import {
  checkEligibility,
  entitlementValue,
  loadServiceCatalog,
  type EligibilityReport,
  type PersonProfileInput,
  type ServiceCatalog,
} from "@yiyang/eligibility";
import { sampleCityServiceCatalog } from "@yiyang/standards";
import { mulberry32 } from "../data";
import { HAND_WRITTEN, formatInteger, isolate, size, within, type Contender, type ContenderId, type Workload } from "../harness";

/** The date every profile is decided on. */
export const AS_OF = "2025-06-01";

/** A profile as the generator builds it: every field present, one object shape for all records. */
export interface BenchProfile {
  id: string;
  birthDate: string;
  residence: { city: string; district: string };
  insurance: { ltciEnrolled: boolean; ltciScheme: string };
  economicStatus: "none" | "low-income" | "dibao" | "tekun";
  livingArrangement:
    | "alone"
    | "with-spouse"
    | "with-children"
    | "with-spouse-and-children"
    | "with-other-relatives"
    | "with-others"
    | "care-institution"
    | "medical-institution";
  familyCarerAtHome: boolean;
  chronicConditions: string[];
  /** The latest result of each instrument: GB/T 42195 (or MZ/T 039) for the care packages, ltci-2021 for the LTCI ones. */
  assessments: Array<{ instrument: { id: string }; level: number; assessedOn: string; nextAssessmentDue: string | undefined }>;
  localCareGrade: { scheme: string; grade: number; assessedOn: string; nextAssessmentDue: string | undefined } | undefined;
  monthsInContinuousHomeCare: number;
}

const LIVING: readonly [number, BenchProfile["livingArrangement"]][] = [
  [20, "alone"],
  [30, "with-spouse"],
  [15, "with-children"],
  [10, "with-spouse-and-children"],
  [5, "with-other-relatives"],
  [5, "with-others"],
  [10, "care-institution"],
  [5, "medical-institution"],
];
const ECONOMIC: readonly [number, BenchProfile["economicStatus"]][] = [
  [70, "none"],
  [10, "low-income"],
  [10, "dibao"],
  [10, "tekun"],
];
const CONDITIONS = ["I10", "E11.9", "F03", "J44", "I63", "M81.0", "F01.1", "G20"];

function weighted<T>(random: () => number, table: readonly [number, T][]): T {
  let total = 0;
  for (const [weight] of table) total += weight;
  let draw = random() * total;
  for (const [weight, value] of table) {
    draw -= weight;
    if (draw < 0) return value;
  }
  return (table[table.length - 1] as [number, T])[1];
}

/**
 * Deterministic profiles: ages 55–100, 90% in the sample city, 70% LTCI-enrolled, all economic
 * statuses and living arrangements, 0–3 chronic conditions, a capability assessment for 90% (a third
 * of them out of date, 5% with another instrument), an ltci-2021 result for half, a local care grade
 * for 40%. Every profile is valid.
 */
export function makeProfiles(count: number, seed = 20250601): BenchProfile[] {
  const random = mulberry32(seed);
  const asOfDay = toEpochDay(AS_OF);
  const int = (max: number) => Math.floor(random() * (max + 1));
  const profiles: BenchProfile[] = [];
  for (let i = 0; i < count; i++) {
    const birthDate = fromEpochDay(asOfDay - (55 * 365 + int(45 * 365)));
    const chronic: string[] = [];
    for (let k = int(3); k > 0; k--) chronic.push(CONDITIONS[int(CONDITIONS.length - 1)] as string);
    const assessedOn = fromEpochDay(asOfDay - 1 - int(540));
    const assessment =
      random() < 0.9
        ? {
            instrument: { id: random() < 0.95 ? "gbt42195-2022" : "mzt039-2013" },
            level: int(4),
            assessedOn,
            nextAssessmentDue: random() < 0.3 ? addMonths(assessedOn, 6 + int(12)) : undefined,
          }
        : undefined;
    const ltciOn = fromEpochDay(asOfDay - 1 - int(540));
    const ltci = random() < 0.5 ? { instrument: { id: "ltci-2021" }, level: int(5), assessedOn: ltciOn, nextAssessmentDue: undefined } : undefined;
    const assessments = assessment === undefined ? [] : [assessment];
    if (ltci !== undefined) assessments.push(ltci);
    const gradedOn = fromEpochDay(asOfDay - 1 - int(450));
    const localCareGrade =
      random() < 0.4 ? { scheme: "sample-city-care-needs", grade: 1 + int(5), assessedOn: gradedOn, nextAssessmentDue: undefined } : undefined;
    profiles.push({
      id: `p${i}`,
      birthDate,
      residence: { city: random() < 0.9 ? "sample-city" : "other-city", district: `d${int(11)}` },
      insurance: { ltciEnrolled: random() < 0.7, ltciScheme: random() < 0.5 ? "employee" : "resident" },
      economicStatus: weighted(random, ECONOMIC),
      livingArrangement: weighted(random, LIVING),
      familyCarerAtHome: random() < 0.4,
      chronicConditions: chronic,
      assessments,
      localCareGrade,
      monthsInContinuousHomeCare: int(24),
    });
  }
  return profiles;
}

// ---------------------------------------------------------------------------------------------
// The hand-written check of the sample catalog's rules
// ---------------------------------------------------------------------------------------------

/** What both contenders agree on: the decision, without the explanations. */
export interface Decision {
  eligible: string[];
  failed: Record<string, string[]>;
  entitlements: Record<string, Record<string, number | string[]>>;
  alternatives: Record<string, string[]>;
  assessmentStale: boolean;
  localGradeStale: boolean;
}

const DEMENTIA = parseIcd10Ranges("F00-F03");
const ECONOMIC_STATUSES = new Set(["none", "low-income", "dibao", "tekun"]);
const LIVING_ARRANGEMENTS = new Set(LIVING.map(([, value]) => value));
const HEALTH_CHECK = ["blood-tests", "ecg", "ultrasound"];
const FD_SERVICES = ["regular-rounds", "health-advice", "chronic-disease-care"];
const NURSING_ITEMS = ["urinary-catheter-change", "gastric-tube-change", "wound-dressing"];
const DAY_CARE = ["day-care", "meals", "health-guidance", "recreation", "health-check", "health-record", "medication-guidance"];

function validProfile(p: BenchProfile): boolean {
  if (!isCalendarDate(p.birthDate) || p.birthDate > AS_OF) return false;
  if (typeof p.residence?.city !== "string" || p.residence.city === "") return false;
  if (typeof p.insurance?.ltciEnrolled !== "boolean") return false;
  if (!ECONOMIC_STATUSES.has(p.economicStatus) || !LIVING_ARRANGEMENTS.has(p.livingArrangement)) return false;
  if (typeof p.familyCarerAtHome !== "boolean" || !Number.isInteger(p.monthsInContinuousHomeCare) || p.monthsInContinuousHomeCare < 0) return false;
  for (const code of p.chronicConditions) if (normalizeIcd10(code) === null) return false;
  for (const a of p.assessments) {
    if (!Number.isInteger(a.level) || a.level < 0 || !isCalendarDate(a.assessedOn) || a.assessedOn > AS_OF) return false;
    if (a.nextAssessmentDue !== undefined && (!isCalendarDate(a.nextAssessmentDue) || a.nextAssessmentDue <= a.assessedOn)) return false;
    if (p.assessments.filter((b) => b.instrument.id === a.instrument.id).length > 1) return false;
  }
  const g = p.localCareGrade;
  if (g !== undefined && (!Number.isInteger(g.grade) || g.grade < 0 || !isCalendarDate(g.assessedOn) || g.assessedOn > AS_OF)) return false;
  return true;
}

function record(d: Decision, id: string, failed: string[], give: Record<string, number | string[]> | null): boolean {
  d.failed[id] = failed;
  if (failed.length > 0) return false;
  d.eligible.push(id);
  d.entitlements[id] = give as Record<string, number | string[]>;
  return true;
}

/**
 * The sample catalog's rules written by hand: the same thresholds and amounts as
 * `sample-city-services.json` 2.0.0 (LTCI packages on ltci-2021 levels 3–5), typed into TypeScript.
 */
export function handCheck(p: BenchProfile, asOf: string): Decision | null {
  if (!validProfile(p)) return null;
  const age = ageOn(p.birthDate, asOf);
  let level = -1;
  let assessmentStale = false;
  let ltciLevel = -1;
  for (const a of p.assessments) {
    const stale = asOf >= (a.nextAssessmentDue ?? addMonths(a.assessedOn, 12));
    if (a.instrument.id === "gbt42195-2022") {
      assessmentStale = stale;
      if (!stale) level = a.level;
    } else if (a.instrument.id === "ltci-2021" && !stale) ltciLevel = a.level;
  }
  // The catalog's own instruments (GB/T 42195) decide the report's assessment status: the first result otherwise.
  if (!p.assessments.some((a) => a.instrument.id === "gbt42195-2022") && p.assessments[0] !== undefined) {
    const first = p.assessments[0];
    assessmentStale = asOf >= (first.nextAssessmentDue ?? addMonths(first.assessedOn, 12));
  }
  const severe = ltciLevel >= 3 && ltciLevel <= 5;
  let grade = -1;
  let localGradeStale = false;
  const g = p.localCareGrade;
  if (g !== undefined) {
    localGradeStale = asOf >= (g.nextAssessmentDue ?? addMonths(g.assessedOn, 12));
    if (g.scheme === "sample-city-care-needs" && !localGradeStale) grade = g.grade;
  }
  const resident = p.residence.city === "sample-city";
  const atHome = p.livingArrangement !== "care-institution" && p.livingArrangement !== "medical-institution";
  const ltci = p.insurance.ltciEnrolled;
  const chronic = p.chronicConditions.length > 0;
  let demented = false;
  for (const code of p.chronicConditions) if (isIcd10InRanges(code, DEMENTIA)) demented = true;
  const months = p.monthsInContinuousHomeCare;
  const d: Decision = { eligible: [], failed: {}, entitlements: {}, alternatives: {}, assessmentStale, localGradeStale };
  let f: string[];

  f = [];
  if (!ltci) f.push("ltci-enrolled");
  if (!atHome) f.push("at-home");
  if (!severe) f.push("severe-disability");
  const onePlusOne = record(d, "ltci-home-care-1plus1", f, {
    "required-care-items": 10,
    "optional-care-items": 25,
    "daily-care-subsidy": 45000,
    "medical-nursing-visits": ltciLevel - 1,
  });
  f = [];
  if (!ltci) f.push("ltci-enrolled");
  if (!atHome) f.push("at-home");
  if (grade < 2 || grade > 6) f.push("care-grade-2-to-6");
  const graded = record(d, "ltci-home-care-graded", f, {
    "visits-per-week": grade <= 3 ? 3 : grade === 4 ? 5 : 7,
    "minutes-per-visit": 60,
    "fund-share": 9000,
  });
  f = [];
  if (!graded) f.push("graded-home-care");
  if (grade < 5 || grade > 6) f.push("care-grade-5-or-6");
  if (months < 1) f.push("continuous-home-care");
  const extraHours = record(d, "ltci-home-care-graded-extra-hours", f, { "extra-hours": months <= 6 ? 1 : 2 });
  const extraCash = record(d, "ltci-home-care-graded-extra-cash", [...f], { "extra-cash": months <= 6 ? 4000 : 8000 });
  f = [];
  if (!ltci) f.push("ltci-enrolled");
  if (p.livingArrangement !== "care-institution") f.push("in-care-institution");
  if (!severe) f.push("severe-disability");
  const institutional = record(d, "ltci-institutional-nursing", f, { "fund-share": 7500, "cap-per-bed-day": 6000 });
  f = [];
  if (!ltci) f.push("ltci-enrolled");
  if (p.livingArrangement !== "medical-institution") f.push("in-medical-institution");
  if (!severe) f.push("severe-disability");
  const hospital = record(d, "ltci-hospital-nursing-tier-1", f, { "fund-share": 8000, "cap-per-bed-day": 8000 });
  record(d, "ltci-hospital-nursing-tier-2", [...f], { "fund-share": 7500, "cap-per-bed-day": 10000 });
  record(d, "ltci-hospital-nursing-tier-3", [...f], { "fund-share": 7000, "cap-per-bed-day": 12000 });
  f = [];
  if (!resident) f.push("resident");
  if (age < 60) f.push("age-60");
  if (!atHome) f.push("at-home");
  if (p.economicStatus === "none") f.push("assisted-person");
  if (level < 1) f.push("care-need");
  record(d, "government-home-care", f, { "service-hours": (p.economicStatus === "low-income" ? 5 : 10) * level });
  f = [];
  if (!resident) f.push("resident");
  if (age < 65) f.push("age-65");
  const familyDoctor = record(d, "family-doctor-elderly", f, { "annual-health-check": 1, "health-check-contents": HEALTH_CHECK, services: FD_SERVICES });
  f = [];
  if (!familyDoctor) f.push("family-doctor");
  if (!atHome) f.push("at-home");
  if (level < 2 && !demented) f.push("disabled-or-demented");
  record(d, "family-doctor-home-visits", f, { "home-visits": 1 });
  f = [];
  if (!resident) f.push("resident");
  if (age < 60) f.push("age-60");
  if (!atHome) f.push("at-home");
  if (!chronic) f.push("chronic-condition");
  if (level < 3 && !demented) f.push("limited-mobility");
  const sickbed = record(d, "home-sickbed", f, { "ward-rounds": 1 });
  f = [];
  if (!resident) f.push("resident");
  if (age < 60) f.push("age-60");
  if (!atHome) f.push("at-home");
  if (level < 2 && !demented && age < 80) f.push("difficulty-getting-about");
  const rounds = record(d, "home-rounds", f, { "round-visits": 1 });
  f = [];
  if (!resident) f.push("resident");
  if (age < 60) f.push("age-60");
  if (!atHome) f.push("at-home");
  if (level < 2) f.push("limited-mobility");
  record(d, "internet-plus-home-nursing", f, { "nursing-items": NURSING_ITEMS, "items-available": 20 });
  f = [];
  if (!resident) f.push("resident");
  if (age < 60) f.push("age-60");
  if (!atHome) f.push("at-home");
  if (!p.familyCarerAtHome) f.push("family-carer");
  if (level < 2) f.push("disabled");
  record(d, "respite-care", f, { "respite-hours": 8 });
  f = [];
  if (!resident) f.push("resident");
  if (age < 60) f.push("age-60");
  if (!atHome) f.push("at-home");
  if (level < 2) f.push("cannot-go-out");
  if (!chronic) f.push("regular-medication");
  record(d, "medication-errand", f, { errands: 2, services: ["buy-medicines"] });
  f = [];
  if (!resident) f.push("resident");
  if (age < 60) f.push("age-60");
  if (!atHome) f.push("at-home");
  if (level < 0 || level > 2) f.push("level-up-to-2");
  record(d, "day-care", f, { services: DAY_CARE });

  // Only one LTCI setting can hold at a time except 1+1 with graded, or the three hospital tiers together.
  const setting: string[] = [];
  if (onePlusOne) setting.push("ltci-home-care-1plus1");
  if (graded) setting.push("ltci-home-care-graded");
  if (institutional) setting.push("ltci-institutional-nursing");
  if (hospital) setting.push("ltci-hospital-nursing-tier-1", "ltci-hospital-nursing-tier-2", "ltci-hospital-nursing-tier-3");
  if (setting.length > 1) d.alternatives["ltci-care-setting"] = setting;
  if (extraHours && extraCash) d.alternatives["graded-continuity-bonus"] = ["ltci-home-care-graded-extra-hours", "ltci-home-care-graded-extra-cash"];
  if (sickbed && rounds) d.alternatives["home-medical-care"] = ["home-sickbed", "home-rounds"];
  return d;
}

/** The decision part of a report, in the shape {@link handCheck} returns (catalog order). */
export function decisionOf(report: EligibilityReport): Decision {
  const failed: Record<string, string[]> = {};
  const entitlements: Record<string, Record<string, number | string[]>> = {};
  for (const pkg of report.packages) {
    failed[pkg.id] = [...pkg.failed];
    if (pkg.eligible) entitlements[pkg.id] = Object.fromEntries(pkg.entitlements.map((e) => [e.id, entitlementValue(e)]));
  }
  return {
    eligible: [...report.eligible],
    failed,
    entitlements,
    alternatives: Object.fromEntries(report.alternatives.map((a) => [a.group, [...a.packages]])),
    assessmentStale: report.assessment.stale,
    localGradeStale: report.localGrade.stale,
  };
}

/** Sorts a decision's keys so that two decisions compare equal whatever order they were built in. */
function canonical(decision: Decision | null): unknown {
  if (decision === null) return null;
  const sortKeys = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k] as T]));
  return {
    eligible: [...decision.eligible].sort(),
    failed: sortKeys(decision.failed),
    entitlements: sortKeys(Object.fromEntries(Object.entries(decision.entitlements).map(([k, v]) => [k, sortKeys(v)]))),
    alternatives: sortKeys(decision.alternatives),
    assessmentStale: decision.assessmentStale,
    localGradeStale: decision.localGradeStale,
  };
}

/** The contender id of `checkEligibility` without explanations (not a JSON Logic engine, so cast). */
const DECISION_ONLY = "checkEligibility-decision" as ContenderId;

/** The workload result: how many profiles are eligible for each package, and how many were rejected. */
type Counts = Record<string, number>;

function handLoop(profiles: readonly BenchProfile[], count: number, check: (p: BenchProfile, asOf: string) => Decision | null, asOf: string, counts: Counts): void {
  for (let i = 0; i < count; i++) {
    const decision = check(profiles[i] as BenchProfile, asOf);
    if (decision === null) counts["rejected"] = (counts["rejected"] ?? 0) + 1;
    else for (const id of decision.eligible) counts[id] = (counts[id] ?? 0) + 1;
  }
}

function engineLoop(
  profiles: readonly BenchProfile[],
  count: number,
  check: (catalog: ServiceCatalog, p: unknown, options: { asOf: string; explain: boolean }) => EligibilityReport,
  catalog: ServiceCatalog,
  asOf: string,
  explain: boolean,
  counts: Counts,
): void {
  const options = { asOf, explain };
  for (let i = 0; i < count; i++) {
    const report = check(catalog, profiles[i], options);
    for (const id of report.eligible) counts[id] = (counts[id] ?? 0) + 1;
  }
}

function sortedCounts(counts: Counts): Counts {
  return Object.fromEntries(Object.keys(counts).sort().map((k) => [k, counts[k] as number]));
}

const CATALOG_PACKAGES = (sampleCityServiceCatalog["packages"] as Array<{ conditions: unknown[] }>);
const CATALOG_SIZE = `${CATALOG_PACKAGES.length} packages, ${CATALOG_PACKAGES.reduce((n, p) => n + p.conditions.length, 0)} conditions`;

/** The workload, for the registry in bench/index.ts. */
export const eligibilityCatalog: Workload = {
  id: "catalog",
  title: `checkEligibility over the sample city catalog (${CATALOG_SIZE}) vs a hand-written check`,
  prepare(context) {
    const profiles = makeProfiles(size(100_000, context));
    const catalog = loadServiceCatalog(sampleCityServiceCatalog);
    const hand = isolate(handLoop);
    const engine = isolate(engineLoop);
    const decide = isolate(engineLoop);
    const contenders: Contender[] = [
      {
        id: HAND_WRITTEN,
        name: "hand-written TypeScript",
        timedRecords: profiles.length,
        evaluate: (index) => canonical(handCheck(profiles[index] as BenchProfile, AS_OF)),
        describeInput: (index) => profiles[index],
        run: (count) => {
          const counts: Counts = {};
          hand(profiles, count, handCheck, AS_OF, counts);
          return sortedCounts(counts);
        },
      },
      {
        id: "checkEligibility",
        name: "checkEligibility (@yiyang/eligibility)",
        timedRecords: profiles.length,
        evaluate: (index) => canonical(decisionOf(checkEligibility(catalog, profiles[index] as PersonProfileInput, { asOf: AS_OF }))),
        describeInput: (index) => profiles[index],
        run: (count) => {
          const counts: Counts = {};
          engine(profiles, count, checkEligibility, catalog, AS_OF, true, counts);
          return sortedCounts(counts);
        },
      },
      {
        id: DECISION_ONLY,
        name: "checkEligibility, explain: false",
        timedRecords: profiles.length,
        evaluate: (index) =>
          canonical(decisionOf(checkEligibility(catalog, profiles[index] as PersonProfileInput, { asOf: AS_OF, explain: false }))),
        describeInput: (index) => profiles[index],
        run: (count) => {
          const counts: Counts = {};
          decide(profiles, count, checkEligibility, catalog, AS_OF, false, counts);
          return sortedCounts(counts);
        },
      },
    ];
    return {
      records: profiles.length,
      input: `${formatInteger(profiles.length)} person profiles, decided on ${AS_OF}`,
      contenders,
      targets: [within("checkEligibility", HAND_WRITTEN, 3, "hand-written"), within(DECISION_ONLY, HAND_WRITTEN, 3, "hand-written")],
      describeResult: (result) => {
        const counts = result as Counts;
        const total = Object.entries(counts)
          .filter(([id]) => id !== "rejected")
          .reduce((sum, [, n]) => sum + n, 0);
        return `${formatInteger(total)} eligible packages over all profiles (${Object.keys(counts).length} packages reached)`;
      },
      notes: [
        "note: checkEligibility (default) also explains every condition (the values read) and every \"no\" (Chinese and English); with explain: false it returns the decision only, like the hand-written check.",
        "note: catalog loaded and compiled once before timing; every profile is validated by both contenders.",
      ],
    };
  },
};

/** Times the workload alone and prints its table (for running this file directly). */
export async function runEligibilityCatalogBench(): Promise<void> {
  const { runWorkload } = await import("../index");
  const { ENGINES } = await import("../engines");
  runWorkload(eligibilityCatalog, { quick: process.env.BENCH_QUICK === "1", engines: ENGINES });
}
