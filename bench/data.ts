/**
 * Deterministic benchmark data.
 *
 * Every generator draws from a fixed-seed mulberry32 stream, so each run (and each machine) sees
 * exactly the same records. Records are built by ONE object literal per record type: V8 gives
 * objects built from the same literal the same hidden class, which keeps property reads
 * monomorphic for every engine. (Building records as `{ ...base, extra }` would give each record
 * its own hidden class and make reads an order of magnitude slower.) Numbers are small integers,
 * never `-0`, so fields stay in V8's small-integer representation.
 */

/** A 32-bit seeded PRNG (mulberry32); returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, max]. Never `-0`. */
function intUpTo(random: () => number, max: number): number {
  return Math.floor(random() * (max + 1));
}

/** Picks an element of a non-empty list. */
function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

// ---------------------------------------------------------------------------------------------
// Care records (workloads A and B)
// ---------------------------------------------------------------------------------------------

/** The 26 scored items of a GB/T 42195-2022-like assessment; a higher score means more capable. */
export interface CareItems {
  eating: number;
  grooming: number;
  bathing: number;
  dressingUpper: number;
  dressingLower: number;
  urinaryControl: number;
  bowelControl: number;
  toileting: number;
  bedMobility: number;
  transfer: number;
  walking: number;
  stairs: number;
  timeOrientation: number;
  placeOrientation: number;
  personOrientation: number;
  memory: number;
  comprehension: number;
  expression: number;
  aggression: number;
  depression: number;
  consciousness: number;
  vision: number;
  hearing: number;
  dailyAffairs: number;
  transportation: number;
  socialInteraction: number;
}

export type CareItemKey = keyof CareItems;

/** The maximum score of each item (the sum is 90). */
export const ITEM_MAXIMA: Readonly<Record<CareItemKey, number>> = {
  eating: 4,
  grooming: 4,
  bathing: 4,
  dressingUpper: 4,
  dressingLower: 4,
  urinaryControl: 4,
  bowelControl: 4,
  toileting: 4,
  bedMobility: 4,
  transfer: 4,
  walking: 4,
  stairs: 3,
  timeOrientation: 4,
  placeOrientation: 4,
  personOrientation: 4,
  memory: 4,
  comprehension: 4,
  expression: 4,
  aggression: 1,
  depression: 1,
  consciousness: 2,
  vision: 2,
  hearing: 2,
  dailyAffairs: 4,
  transportation: 3,
  socialInteraction: 4,
};

/** The item keys, in the order of the assessment form. */
export const ITEM_KEYS = Object.keys(ITEM_MAXIMA) as readonly CareItemKey[];

export interface RiskEvents {
  fall: number;
  wandering: number;
  choking: number;
  selfHarm: number;
  other: number;
}

export const RISK_EVENT_KEYS: readonly (keyof RiskEvents)[] = ["fall", "wandering", "choking", "selfHarm", "other"];

/**
 * One assessed person. Workload A reads the assessment fields; workload B also reads the
 * eligibility fields. Both use the same array of records.
 */
export interface CareRecord {
  items: CareItems;
  coma: boolean;
  diseases: string[];
  riskEvents: RiskEvents;
  age: number;
  city: string;
  /** The recorded care level 0–4 (the level workload A computes for this record). */
  level: number;
  livingAlone: boolean;
  inInstitution: boolean;
}

export const CITIES: readonly string[] = [
  "shanghai",
  "nanjing",
  "qingdao",
  "chengdu",
  "beijing",
  "hangzhou",
  "suzhou",
  "wuhan",
];

/**
 * The care level of a record's assessment part: bands of the 26-item total, one level up (at most 4)
 * for dementia / another mental disorder / two or more risk events, and level 4 in a coma. Only used
 * to fill in {@link CareRecord.level}; workload A has its own hand-written scorer.
 */
function recordedLevel(items: CareItems, coma: boolean, diseases: readonly string[], risk: RiskEvents): number {
  if (coma) return 4;
  let total = 0;
  for (const key of ITEM_KEYS) total += items[key];
  let level = total >= 90 ? 0 : total >= 66 ? 1 : total >= 46 ? 2 : total >= 30 ? 3 : 4;
  const events = risk.fall + risk.wandering + risk.choking + risk.selfHarm + risk.other;
  if (diseases.includes("dementia") || diseases.includes("otherMentalDisorder") || events >= 2) {
    level = Math.min(4, level + 1);
  }
  return level;
}

/** One item score for a person of the given ability (0..1): mostly near `ability × max`, with noise. */
function itemScore(random: () => number, ability: number, max: number): number {
  const score = Math.floor((ability + (random() - 0.5) * 0.35) * (max + 1));
  return score < 0 ? 0 : score > max ? max : score;
}

/** 0 with probability 0.92, otherwise 1–3. */
function riskCount(random: () => number): number {
  const u = random();
  return u < 0.92 ? 0 : u < 0.97 ? 1 : u < 0.99 ? 2 : 3;
}

/** An empty string array in the generic elements kind, so every `diseases` array has the same map. */
function stringList(): string[] {
  const list = [""];
  list.length = 0;
  return list;
}

/** Generates `count` care records (seeded; the same `count` always yields the same records). */
export function makeCareRecords(count: number, seed = 42195): CareRecord[] {
  const random = mulberry32(seed);
  const records: CareRecord[] = [];
  for (let n = 0; n < count; n++) {
    // A latent ability: about a third of people are fully capable, the rest spread down to frail.
    const u = random();
    const ability = u < 0.32 ? 1 : u < 0.55 ? 0.75 + random() * 0.25 : u < 0.8 ? 0.4 + random() * 0.45 : random() * 0.55;
    const s = (max: number) => itemScore(random, ability, max);
    const items: CareItems = {
      eating: s(4),
      grooming: s(4),
      bathing: s(4),
      dressingUpper: s(4),
      dressingLower: s(4),
      urinaryControl: s(4),
      bowelControl: s(4),
      toileting: s(4),
      bedMobility: s(4),
      transfer: s(4),
      walking: s(4),
      stairs: s(3),
      timeOrientation: s(4),
      placeOrientation: s(4),
      personOrientation: s(4),
      memory: s(4),
      comprehension: s(4),
      expression: s(4),
      aggression: s(1),
      depression: s(1),
      consciousness: s(2),
      vision: s(2),
      hearing: s(2),
      dailyAffairs: s(4),
      transportation: s(3),
      socialInteraction: s(4),
    };
    const coma = random() < 0.02;
    const diseases = stringList();
    if (random() < 0.55) diseases.push("hypertension");
    if (random() < 0.22) diseases.push("diabetes");
    if (random() < 0.1) diseases.push("stroke");
    if (random() < 0.1) diseases.push("dementia");
    if (random() < 0.08) diseases.push("copd");
    if (random() < 0.03) diseases.push("otherMentalDisorder");
    const riskEvents: RiskEvents = {
      fall: riskCount(random),
      wandering: riskCount(random),
      choking: riskCount(random),
      selfHarm: riskCount(random),
      other: riskCount(random),
    };
    const age = 55 + Math.floor(random() * random() * 46);
    const city = pick(random, CITIES);
    const livingAlone = random() < 0.25;
    const inInstitution = random() < 0.1;
    const level = recordedLevel(items, coma, diseases, riskEvents);
    // The one literal every care record is built from.
    records.push({ items, coma, diseases, riskEvents, age, city, level, livingAlone, inInstitution });
  }
  return records;
}

const careRecordCache = new Map<number, CareRecord[]>();

/** {@link makeCareRecords} with the default seed, generated once per size and shared by workloads. */
export function careRecords(count: number): CareRecord[] {
  let records = careRecordCache.get(count);
  if (records === undefined) {
    records = makeCareRecords(count);
    careRecordCache.set(count, records);
  }
  return records;
}

// ---------------------------------------------------------------------------------------------
// Person records (workload C)
// ---------------------------------------------------------------------------------------------

export interface PersonRecord {
  age: number;
  district: string;
  healthManaged: boolean;
}

export const DISTRICTS: readonly string[] = [
  "huangpu",
  "xuhui",
  "changning",
  "jingan",
  "putuo",
  "hongkou",
  "yangpu",
  "minhang",
  "baoshan",
  "jiading",
  "pudong",
  "jinshan",
];

/** Generates `count` person records, aged 40–100 (seeded). */
export function makePersonRecords(count: number, seed = 2024): PersonRecord[] {
  const random = mulberry32(seed);
  const records: PersonRecord[] = [];
  for (let n = 0; n < count; n++) {
    const age = 40 + Math.floor(random() * 61);
    const districtIndex = Math.floor(random() * DISTRICTS.length);
    const district = DISTRICTS[districtIndex] as string;
    // Coverage varies by district (55%–77%) and is lower below 65.
    const coverage = (age >= 65 ? 0.55 : 0.3) + districtIndex * 0.02;
    const healthManaged = random() < coverage;
    // The one literal every person record is built from.
    records.push({ age, district, healthManaged });
  }
  return records;
}
