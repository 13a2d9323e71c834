/**
 * Workload I — the whole indicator catalog of @yiyang/standards (12 indicators, 6 stratifiers) over
 * a generated city: 1,000,000 person records, 10,000 facility records and 20,000 stays, mixed in one
 * stream, computed in one pass by `computeIndicators` and by a hand-written loop that does the same
 * work (validates every declared field, computes ages, evaluates each indicator's populations and
 * tallies overall and per stratum). Both results are compared before and after timing.
 *
 * `prepare` also measures scale: it streams generated records (never stored) through
 * `computeIndicators` for a small and a large city and measures the live heap along the stream, to
 * show that memory does not grow with the number of records. `runIndicatorsCatalogScale` adds the
 * async path (`computeIndicatorsAsync` over an async generator).
 *
 * The agreement check compares, record by record and over the whole input, every indicator's counts
 * (initial population, exclusions, denominator, numerator) overall and in every non-empty stratum.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  computeIndicators,
  computeIndicatorsAsync,
  createIndicatorAccumulator,
  loadIndicatorCatalog,
  type IndicatorReport,
  type LoadedIndicatorCatalog,
} from "@yiyang/indicators";
import { cityElderlyHealthIndicators } from "@yiyang/standards";
import { mulberry32 } from "../data";
import { HAND_WRITTEN, formatInteger, isolate, size, within, type Contender, type Workload } from "../harness";

const PERIOD = { from: "2024-01-01", to: "2024-12-31" } as const;
const REFERENCE_DATE = PERIOD.to;
const DISTRICTS = ["d01", "d02", "d03", "d04", "d05", "d06", "d07", "d08", "d09", "d10", "d11", "d12"];

// ---------------------------------------------------------------------------------------------
// Records (one object literal per subject kind, fixed seed)
// ---------------------------------------------------------------------------------------------

interface PersonRecord {
  subject: "person";
  id: string;
  birthDate: string;
  sex: string;
  district: string;
  residentType: string;
  deceasedOn: string | null;
  healthManagedOn: string | null;
  tcmManagedOn: string | null;
  familyDoctorSigned: boolean;
  integratedCareOn: string | null;
  disabled: boolean;
  dementia: boolean;
  healthAssessedOn: string | null;
}

interface FacilityRecord {
  subject: "facility";
  id: string;
  kind: string;
  level: number;
  ownership: string;
  district: string;
  beds: number;
  nursingBeds: number;
  hasGeriatrics: boolean | null;
  providesMedicalServices: boolean | null;
  greenChannel: boolean | null;
  ruralRegionalCenter: boolean | null;
  standardised: boolean | null;
  openedOn: string | null;
  closedOn: string | null;
}

interface EpisodeRecord {
  subject: "episode";
  id: string;
  facilityId: string;
  admittedOn: string;
  dischargedOn: string | null;
  pressureInjuryStage: string;
  acquiredInFacility: boolean | null;
  pressureInjuryFoundOn: string | null;
}

type CityRecord = PersonRecord | FacilityRecord | EpisodeRecord;

/** Every day from 1920-01-01 to 2025-12-31 as a YYYY-MM-DD string, shared by all records. */
const DAYS: readonly string[] = (() => {
  const out: string[] = [];
  for (let t = Date.UTC(1920, 0, 1); t <= Date.UTC(2025, 11, 31); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
})();
const dayIndex = new Map(DAYS.map((day, i) => [day, i]));
const DAY_2023 = dayIndex.get("2023-01-01") as number;
const DAY_2024 = dayIndex.get("2024-01-01") as number;
const DAY_2025 = dayIndex.get("2025-01-01") as number;
const FACILITY_KINDS = ["general-hospital", "tcm-hospital", "specialty-hospital", "primary-care", "other-medical", "elderly-care-institution"];
const STAGES = ["none", "none", "none", "none", "none", "none", "1", "2", "3", "4", "unstageable", "deep-tissue"];

function dayIn(random: () => number, from: number, to: number): string {
  return DAYS[from + Math.floor(random() * (to - from))] as string;
}

/** A service date: mostly in 2024, sometimes in 2023, otherwise absent. */
function serviceDate(random: () => number, share2024: number): string | null {
  const r = random();
  if (r < share2024) return dayIn(random, DAY_2024, DAY_2025);
  if (r < share2024 + 0.05) return dayIn(random, DAY_2023, DAY_2024);
  return null;
}

function makePerson(random: () => number, i: number): PersonRecord {
  const birth = dayIn(random, dayIndex.get("1925-01-01") as number, dayIndex.get("1980-01-01") as number);
  // One record in a thousand carries an impossible birth date and must be refused.
  const birthDate = random() < 0.001 ? `${birth.slice(0, 4)}-02-30` : birth;
  return {
    subject: "person",
    id: `p${i}`,
    birthDate,
    sex: random() < 0.52 ? "female" : "male",
    district: DISTRICTS[Math.floor(random() * DISTRICTS.length)] as string,
    residentType: random() < 0.9 ? "permanent" : "temporary",
    deceasedOn: random() < 0.01 ? dayIn(random, DAY_2024, DAY_2025) : null,
    healthManagedOn: serviceDate(random, 0.66),
    tcmManagedOn: serviceDate(random, 0.72),
    familyDoctorSigned: random() < 0.8,
    integratedCareOn: serviceDate(random, 0.5),
    disabled: random() < 0.08,
    dementia: random() < 0.05,
    healthAssessedOn: serviceDate(random, 0.6),
  };
}

function makeFacility(random: () => number, i: number): FacilityRecord {
  const kind = FACILITY_KINDS[Math.floor(random() * FACILITY_KINDS.length)] as string;
  const elderlyCare = kind === "elderly-care-institution";
  const beds = Math.floor(random() * 300);
  const opened = random() < 0.9 ? dayIn(random, dayIndex.get("1990-01-01") as number, DAY_2025 + 200) : null;
  return {
    subject: "facility",
    id: `f${i}`,
    kind,
    level: elderlyCare ? 0 : Math.floor(random() * 4),
    ownership: random() < 0.6 ? "public" : "private",
    district: DISTRICTS[Math.floor(random() * DISTRICTS.length)] as string,
    beds,
    nursingBeds: elderlyCare ? Math.floor(random() * (beds + 1)) : 0,
    hasGeriatrics: elderlyCare ? null : random() < 0.7,
    providesMedicalServices: elderlyCare ? random() < 0.85 : null,
    greenChannel: elderlyCare ? null : random() < 0.9,
    ruralRegionalCenter: elderlyCare ? random() < 0.3 : null,
    standardised: elderlyCare ? random() < 0.5 : null,
    openedOn: opened,
    closedOn: random() < 0.03 ? dayIn(random, DAY_2023, DAY_2025) : null,
  };
}

function makeEpisode(random: () => number, i: number, facilities: number): EpisodeRecord {
  const admitted = dayIn(random, DAY_2023, DAY_2025);
  const stage = STAGES[Math.floor(random() * STAGES.length)] as string;
  const injured = stage !== "none";
  return {
    subject: "episode",
    id: `e${i}`,
    facilityId: `f${Math.floor(random() * Math.max(1, Math.min(facilities, 500)))}`,
    admittedOn: admitted,
    dischargedOn: random() < 0.5 ? DAYS[Math.min(DAYS.length - 1, (dayIndex.get(admitted) as number) + Math.floor(random() * 200))] as string : null,
    pressureInjuryStage: stage,
    acquiredInFacility: injured ? random() < 0.6 : null,
    pressureInjuryFoundOn: injured ? dayIn(random, dayIndex.get(admitted) as number, DAY_2025) : null,
  };
}

/**
 * The city as one stream: after every 100 persons one facility, after every 50 two stays … exactly
 * `persons` persons, `persons / 100` facilities and `persons / 50` stays, in a fixed order.
 */
function* generateCity(persons: number, seed = 20_240_101): Generator<CityRecord> {
  const random = mulberry32(seed);
  const facilities = Math.floor(persons / 100);
  let f = 0;
  let e = 0;
  for (let i = 0; i < persons; i++) {
    yield makePerson(random, i);
    if (i % 100 === 99) yield makeFacility(random, f++);
    if (i % 50 === 49) yield makeEpisode(random, e++, facilities);
  }
}

// ---------------------------------------------------------------------------------------------
// The result both contenders produce
// ---------------------------------------------------------------------------------------------

/** [initialPopulation, denominatorExclusions, denominator, numeratorExclusions, numerator]. */
type Counts = [number, number, number, number, number];

interface CatalogSummary {
  invalid: number;
  /** By indicator id: the overall counts and, by stratifier, the counts of every non-empty stratum. */
  indicators: Record<string, { overall: Counts; strata: Record<string, Record<string, Counts>> }>;
}

function summarize(report: IndicatorReport): CatalogSummary {
  const indicators: CatalogSummary["indicators"] = {};
  for (const result of report.indicators) {
    const counts = (v: IndicatorReport["indicators"][number]["overall"]): Counts => [
      v.initialPopulation,
      v.denominatorExclusions,
      v.denominator ?? 0,
      v.numeratorExclusions,
      v.numerator,
    ];
    const strata: Record<string, Record<string, Counts>> = {};
    for (const stratifier of result.strata) {
      const table: Record<string, Counts> = {};
      for (const stratum of stratifier.strata) if (stratum.initialPopulation > 0) table[String(stratum.stratum)] = counts(stratum);
      strata[stratifier.id] = table;
    }
    indicators[result.id] = { overall: counts(result.overall), strata };
  }
  return { invalid: report.records.invalid, indicators };
}

// ---------------------------------------------------------------------------------------------
// The hand-written loop: the same catalog, written out in TypeScript
// ---------------------------------------------------------------------------------------------

function isDate(value: unknown): value is string {
  if (typeof value !== "string" || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    year = year * 10 + c;
  }
  const m1 = value.charCodeAt(5) - 48;
  const m2 = value.charCodeAt(6) - 48;
  const d1 = value.charCodeAt(8) - 48;
  const d2 = value.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

function yearDigits(d: string): number {
  return (d.charCodeAt(0) - 48) * 1000 + (d.charCodeAt(1) - 48) * 100 + (d.charCodeAt(2) - 48) * 10 + (d.charCodeAt(3) - 48);
}

function monthDayDigits(d: string): number {
  return (d.charCodeAt(5) - 48) * 1000 + (d.charCodeAt(6) - 48) * 100 + (d.charCodeAt(8) - 48) * 10 + (d.charCodeAt(9) - 48);
}

/** Whole years from a valid birth date to the reference date (digits only, as the engine does). */
function ageOnReference(birth: string): number {
  const years = yearDigits(REFERENCE_DATE) - yearDigits(birth);
  return monthDayDigits(birth) > monthDayDigits(REFERENCE_DATE) ? years - 1 : years;
}

const optionalDate = (value: unknown) => value === null || value === undefined || isDate(value);
const optionalBoolean = (value: unknown) => value === null || value === undefined || typeof value === "boolean";
const nonEmpty = (value: unknown): value is string => typeof value === "string" && value.length > 0;
const inPeriod = (date: string | null) => date !== null && date >= PERIOD.from && date <= PERIOD.to;

class HandTally {
  readonly overall: Counts = [0, 0, 0, 0, 0];
  readonly strata: Map<string, Counts>[];
  constructor(stratifiers: number) {
    this.strata = Array.from({ length: stratifiers }, () => new Map<string, Counts>());
  }
  add(stage: number, keys: readonly string[], d: number, n: number): void {
    bump(this.overall, stage, d, n);
    for (let s = 0; s < keys.length; s++) {
      const map = this.strata[s] as Map<string, Counts>;
      const key = keys[s] as string;
      let counts = map.get(key);
      if (counts === undefined) {
        counts = [0, 0, 0, 0, 0];
        map.set(key, counts);
      }
      bump(counts, stage, d, n);
    }
  }
}

function bump(c: Counts, stage: number, d: number, n: number): void {
  c[0]++;
  if (stage === 2) c[1]++;
  else if (stage >= 3) {
    c[2] += d;
    if (stage === 4) c[3]++;
    else if (stage === 5) c[4] += n;
  }
}

const PERSON_INDICATORS = ["health-management-65", "tcm-health-management-65", "family-doctor-signing-65", "integrated-care-coverage-65", "health-assessment-disabled-dementia"];
const FACILITY_INDICATORS = ["nursing-bed-share", "geriatrics-general-hospitals", "geriatrics-public-tcm-hospitals", "elderly-care-institutions-medical-services", "medical-institutions-green-channel"];
const MEDICAL_KINDS = new Set(["general-hospital", "tcm-hospital", "specialty-hospital", "primary-care", "other-medical"]);
const KINDS = new Set(FACILITY_KINDS);
const STAGE_SET = new Set(["none", "1", "2", "3", "4", "unstageable", "deep-tissue"]);
const INJURY_COUNTED = new Set(["2", "3", "4", "unstageable", "deep-tissue"]);

interface HandState {
  invalid: number;
  person: HandTally[];
  facility: HandTally[];
  rural: HandTally;
  pressure: HandTally;
}

function newHandState(): HandState {
  return {
    invalid: 0,
    person: PERSON_INDICATORS.map(() => new HandTally(3)),
    facility: FACILITY_INDICATORS.map(() => new HandTally(2)),
    rural: new HandTally(1),
    pressure: new HandTally(1),
  };
}

function ageBand(age: number): string {
  return age >= 80 ? "80+" : age >= 75 ? "75-79" : age >= 70 ? "70-74" : age >= 65 ? "65-69" : "null";
}

/** One record through the hand-written catalog. No free variables beyond module constants. */
function handRecord(state: HandState, record: CityRecord): void {
  if (record.subject === "person") {
    const p = record;
    if (
      !nonEmpty(p.id) || !isDate(p.birthDate) || (p.sex !== "male" && p.sex !== "female") || !nonEmpty(p.district) ||
      (p.residentType !== "permanent" && p.residentType !== "temporary") || !optionalDate(p.deceasedOn) ||
      !optionalDate(p.healthManagedOn) || !optionalDate(p.tcmManagedOn) || typeof p.familyDoctorSigned !== "boolean" ||
      !optionalDate(p.integratedCareOn) || typeof p.disabled !== "boolean" || typeof p.dementia !== "boolean" ||
      !optionalDate(p.healthAssessedOn) || p.birthDate > REFERENCE_DATE || (p.deceasedOn !== null && p.deceasedOn < p.birthDate)
    ) {
      state.invalid++;
      return;
    }
    const age = ageOnReference(p.birthDate);
    if (age < 65 || p.residentType !== "permanent") return;
    const excluded = p.deceasedOn !== null && p.deceasedOn <= REFERENCE_DATE;
    const keys = [p.district, p.sex, ageBand(age)];
    const person = state.person;
    (person[0] as HandTally).add(excluded ? 2 : inPeriod(p.healthManagedOn) ? 5 : 3, keys, 1, 1);
    (person[1] as HandTally).add(excluded ? 2 : inPeriod(p.tcmManagedOn) ? 5 : 3, keys, 1, 1);
    (person[2] as HandTally).add(excluded ? 2 : p.familyDoctorSigned ? 5 : 3, keys, 1, 1);
    (person[3] as HandTally).add(excluded ? 2 : inPeriod(p.integratedCareOn) ? 5 : 3, keys, 1, 1);
    (person[4] as HandTally).add(!(p.disabled || p.dementia) ? 1 : excluded ? 2 : inPeriod(p.healthAssessedOn) ? 5 : 3, keys, 1, 1);
    return;
  }
  if (record.subject === "facility") {
    const f = record;
    if (
      !nonEmpty(f.id) || !KINDS.has(f.kind) || !Number.isSafeInteger(f.level) || f.level < 0 ||
      (f.ownership !== "public" && f.ownership !== "private") || !nonEmpty(f.district) ||
      !Number.isSafeInteger(f.beds) || f.beds < 0 || !Number.isSafeInteger(f.nursingBeds) || f.nursingBeds < 0 ||
      !optionalBoolean(f.hasGeriatrics) || !optionalBoolean(f.providesMedicalServices) || !optionalBoolean(f.greenChannel) ||
      !optionalBoolean(f.ruralRegionalCenter) || !optionalBoolean(f.standardised) || !optionalDate(f.openedOn) ||
      !optionalDate(f.closedOn) || f.nursingBeds > f.beds || (f.closedOn !== null && f.openedOn !== null && f.closedOn < f.openedOn)
    ) {
      state.invalid++;
      return;
    }
    const closed = f.closedOn !== null && f.closedOn <= REFERENCE_DATE;
    const notOperating = closed || (f.openedOn !== null && f.openedOn > REFERENCE_DATE);
    const keys = [f.district, f.ownership];
    if (f.kind === "elderly-care-institution") {
      (state.facility[0] as HandTally).add(notOperating ? 2 : 5, keys, f.beds, f.nursingBeds);
      (state.facility[3] as HandTally).add(notOperating ? 2 : f.providesMedicalServices === true ? 5 : 3, keys, 1, 1);
      if (f.ruralRegionalCenter === true) {
        const built = f.standardised === true && f.openedOn !== null && f.openedOn <= REFERENCE_DATE;
        state.rural.add(!built ? 3 : closed ? 4 : 5, [f.district], 0, 1);
      }
    } else if (MEDICAL_KINDS.has(f.kind)) {
      (state.facility[4] as HandTally).add(notOperating ? 2 : f.greenChannel === true ? 5 : 3, keys, 1, 1);
      if (f.kind === "general-hospital" && f.level >= 2) (state.facility[1] as HandTally).add(notOperating ? 2 : f.hasGeriatrics === true ? 5 : 3, keys, 1, 1);
      if (f.kind === "tcm-hospital" && f.ownership === "public" && f.level >= 2) {
        (state.facility[2] as HandTally).add(notOperating ? 2 : f.hasGeriatrics === true ? 5 : 3, keys, 1, 1);
      }
    }
    return;
  }
  const e = record;
  if (
    !nonEmpty(e.id) || !nonEmpty(e.facilityId) || !isDate(e.admittedOn) || !optionalDate(e.dischargedOn) ||
    !STAGE_SET.has(e.pressureInjuryStage) || !optionalBoolean(e.acquiredInFacility) || !optionalDate(e.pressureInjuryFoundOn) ||
    (e.dischargedOn !== null && e.dischargedOn < e.admittedOn) ||
    (e.pressureInjuryStage !== "none" && (e.pressureInjuryFoundOn === null || e.acquiredInFacility === null))
  ) {
    state.invalid++;
    return;
  }
  if (e.admittedOn > PERIOD.to || (e.dischargedOn !== null && e.dischargedOn < PERIOD.from)) return;
  const injured = e.acquiredInFacility === true && INJURY_COUNTED.has(e.pressureInjuryStage) && inPeriod(e.pressureInjuryFoundOn);
  state.pressure.add(injured ? 5 : 3, [e.facilityId], 1, 1);
}

const STRATIFIER_IDS: Record<string, readonly string[]> = {
  person: ["district", "sex", "age-band"],
  facility: ["facility-district", "ownership"],
  rural: ["facility-district"],
  pressure: ["episode-facility"],
};

function handSummary(state: HandState): CatalogSummary {
  const indicators: CatalogSummary["indicators"] = {};
  const put = (id: string, tally: HandTally, stratifiers: readonly string[]) => {
    const strata: Record<string, Record<string, Counts>> = {};
    stratifiers.forEach((stratifierId, s) => {
      const table: Record<string, Counts> = {};
      const map = tally.strata[s] as Map<string, Counts>;
      for (const key of [...map.keys()].sort()) table[key] = [...(map.get(key) as Counts)] as Counts;
      strata[stratifierId] = table;
    });
    indicators[id] = { overall: [...tally.overall] as Counts, strata };
  };
  PERSON_INDICATORS.forEach((id, i) => put(id, state.person[i] as HandTally, STRATIFIER_IDS.person as string[]));
  FACILITY_INDICATORS.forEach((id, i) => put(id, state.facility[i] as HandTally, STRATIFIER_IDS.facility as string[]));
  put("pressure-injury-stage2-plus", state.pressure, STRATIFIER_IDS.pressure as string[]);
  put("rural-regional-centers-built", state.rural, STRATIFIER_IDS.rural as string[]);
  return { invalid: state.invalid, indicators };
}

/** Same key order in both summaries, so that isDeepStrictEqual compares contents only. */
function canonicalSummary(summary: CatalogSummary, order: readonly string[]): CatalogSummary {
  const indicators: CatalogSummary["indicators"] = {};
  for (const id of order) {
    const entry = summary.indicators[id];
    if (entry === undefined) continue;
    const strata: Record<string, Record<string, Counts>> = {};
    for (const [stratifier, table] of Object.entries(entry.strata)) {
      const sorted: Record<string, Counts> = {};
      for (const key of Object.keys(table).sort()) sorted[key] = table[key] as Counts;
      strata[stratifier] = sorted;
    }
    indicators[id] = { overall: entry.overall, strata };
  }
  return { invalid: summary.invalid, indicators };
}

/** The hand-written pass; isolated per contender (no free variables but module functions). */
function handLoop(records: readonly CityRecord[], count: number, state: HandState, step: (s: HandState, r: CityRecord) => void): void {
  for (let i = 0; i < count; i++) step(state, records[i] as CityRecord);
}

// ---------------------------------------------------------------------------------------------
// Scale: streaming, heap sampling
// ---------------------------------------------------------------------------------------------

interface StreamMeasurement {
  records: number;
  seconds: number;
  /** Live heap before the pass, after a full garbage collection. */
  baseHeapMB: number;
  /** The most live heap seen during the pass: heap after a full collection, twenty times along the stream. */
  peakLiveHeapMB: number;
  /** The most heap in use sampled during the timed pass (garbage included). */
  peakHeapMB: number;
  rssMB: number;
}

let gc: (() => void) | undefined;

/** A full garbage collection, for live-heap measurements (the bench is not run with --expose-gc). */
function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}

function* sampled(source: Iterable<CityRecord>, every: number, sample: () => void): Generator<CityRecord> {
  let n = 0;
  for (const record of source) {
    if (++n % every === 0) sample();
    yield record;
  }
}

/**
 * Stream a generated city through `computeIndicators` twice: once timed (sampling the heap in use),
 * once forcing a full collection twenty times along the stream to measure the live heap, which is what must
 * not grow with the number of records.
 */
function measureStream(catalog: LoadedIndicatorCatalog, persons: number): StreamMeasurement {
  collectGarbage();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const started = performance.now();
  const report = computeIndicators(
    catalog,
    sampled(generateCity(persons), 8192, () => {
      const used = process.memoryUsage().heapUsed;
      if (used > peak) peak = used;
    }),
    { period: PERIOD },
  );
  const seconds = (performance.now() - started) / 1000;
  collectGarbage();
  const liveBase = process.memoryUsage().heapUsed;
  let livePeak = liveBase;
  computeIndicators(
    catalog,
    sampled(generateCity(persons), Math.max(10_000, Math.floor((persons * 1.03) / 20)), () => {
      collectGarbage();
      const used = process.memoryUsage().heapUsed;
      if (used > livePeak) livePeak = used;
    }),
    { period: PERIOD },
  );
  return {
    records: report.records.read,
    seconds,
    baseHeapMB: liveBase / 1e6,
    peakLiveHeapMB: livePeak / 1e6,
    peakHeapMB: peak / 1e6,
    rssMB: process.memoryUsage().rss / 1e6,
  };
}

async function measureAsync(catalog: LoadedIndicatorCatalog, persons: number): Promise<{ records: number; seconds: number }> {
  async function* asyncCity() {
    yield* generateCity(persons);
  }
  const started = performance.now();
  const report = await computeIndicatorsAsync(catalog, asyncCity(), { period: PERIOD });
  return { records: report.records.read, seconds: (performance.now() - started) / 1000 };
}

/** Generation alone, to subtract from the streaming times. */
function measureGeneration(persons: number): number {
  const started = performance.now();
  let n = 0;
  for (const record of generateCity(persons)) if (record.subject === "person") n++;
  if (n !== persons) throw new Error("generator miscounted");
  return (performance.now() - started) / 1000;
}

// ---------------------------------------------------------------------------------------------
// The workload
// ---------------------------------------------------------------------------------------------

function describe(summary: CatalogSummary): string {
  const parts: string[] = [];
  for (const [id, { overall }] of Object.entries(summary.indicators)) {
    const [, , d, , n] = overall;
    parts.push(id === "rural-regional-centers-built" ? `${id} ${n}` : `${id} ${d === 0 ? "—" : ((n * 100) / d).toFixed(1) + "%"}`);
  }
  return `refused ${formatInteger(summary.invalid)}; ${parts.join(", ")}`;
}

export const indicatorsCatalog: Workload = {
  id: "I",
  title: "the whole indicator catalog over a generated city (12 indicators, 6 stratifiers, one pass)",
  prepare(context) {
    const catalog = loadIndicatorCatalog(cityElderlyHealthIndicators);
    const order = catalog.document.indicators.map((indicator) => indicator.id);
    const persons = size(1_000_000, context);

    // Scale first, before the timed array takes its memory.
    const small = Math.max(1_000, Math.round(persons / 10));
    const generationSeconds = measureGeneration(persons);
    const streamSmall = measureStream(catalog, small);
    const streamLarge = measureStream(catalog, persons);

    const records: CityRecord[] = [...generateCity(persons)];
    const engineSummary = (count: number) =>
      canonicalSummary(summarize(computeIndicators(catalog, count === records.length ? records : records.slice(0, count), { period: PERIOD })), order);
    const hand: Contender = (() => {
      const loop = isolate(handLoop);
      const run = (count: number) => {
        const state = newHandState();
        loop(records, count, state, handRecord);
        return canonicalSummary(handSummary(state), order);
      };
      return {
        id: HAND_WRITTEN,
        name: "hand-written TypeScript",
        timedRecords: records.length,
        evaluate: (index) => {
          const state = newHandState();
          handRecord(state, records[index] as CityRecord);
          return canonicalSummary(handSummary(state), order);
        },
        describeInput: (index) => records[index],
        run,
      };
    })();
    const engine: Contender = {
      id: "computeIndicators",
      name: "computeIndicators (@yiyang/indicators)",
      timedRecords: records.length,
      evaluate: (index) => {
        const accumulator = createIndicatorAccumulator(catalog, { period: PERIOD });
        accumulator.add(records[index]);
        return canonicalSummary(summarize(accumulator.report()), order);
      },
      describeInput: (index) => records[index],
      run: engineSummary,
    };
    const perSecond = (m: { records: number; seconds: number }) => formatInteger(m.records / m.seconds);
    const live = (m: StreamMeasurement) => m.peakLiveHeapMB - m.baseHeapMB;
    const line = (m: StreamMeasurement) =>
      `  ${formatInteger(m.records).padStart(9)} records: ${m.seconds.toFixed(2)} s (${perSecond(m)} records/s incl. generation), ` +
      `live heap peak +${live(m).toFixed(2)} MB over ${m.baseHeapMB.toFixed(1)} MB, heap in use peak ${m.peakHeapMB.toFixed(1)} MB, RSS ${m.rssMB.toFixed(0)} MB`;
    return {
      records: records.length,
      input: `${formatInteger(records.length)} records: ${formatInteger(persons)} persons, ${formatInteger(persons / 100)} facilities, ${formatInteger(persons / 50)} stays (one stream)`,
      contenders: [hand, engine],
      targets: [within("computeIndicators", HAND_WRITTEN, 2, "hand-written")],
      describeResult: (result) => describe(result as CatalogSummary),
      notes: [
        `streaming through computeIndicators (records generated on the fly, never stored; generating the large city alone takes ${generationSeconds.toFixed(2)} s):`,
        line(streamSmall),
        line(streamLarge),
        `  live heap growth from ${formatInteger(streamSmall.records)} to ${formatInteger(streamLarge.records)} records: ${(live(streamLarge) - live(streamSmall)).toFixed(2)} MB (records are not kept; strata and refused-record details are capped)`,
        "  (computeIndicatorsAsync over an async generator: runIndicatorsCatalogScale in this file)",
      ],
    };
  },
};

/**
 * The scale figures alone, with the async path: stream a small and a large generated city through
 * `computeIndicators` and `computeIndicatorsAsync`, sampling the heap, and print a small table.
 */
export async function runIndicatorsCatalogScale(persons = 1_000_000): Promise<void> {
  const catalog = loadIndicatorCatalog(cityElderlyHealthIndicators);
  const rows: string[] = [];
  for (const n of [Math.round(persons / 10), persons]) {
    const m = measureStream(catalog, n);
    rows.push(
      `sync  ${formatInteger(m.records).padStart(11)} records  ${m.seconds.toFixed(2).padStart(6)} s  ${formatInteger(m.records / m.seconds).padStart(10)} rec/s  live heap peak +${(m.peakLiveHeapMB - m.baseHeapMB).toFixed(2)} MB  RSS ${m.rssMB.toFixed(0)} MB`,
    );
    const a = await measureAsync(catalog, n);
    rows.push(`async ${formatInteger(a.records).padStart(11)} records  ${a.seconds.toFixed(2).padStart(6)} s  ${formatInteger(a.records / a.seconds).padStart(10)} rec/s`);
  }
  console.log(rows.join("\n"));
}
