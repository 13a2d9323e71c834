/**
 * Workload "assess" — `assess` of @yiyang/assessment on GB/T 42195-2022, validation included, over
 * 100,000 records in the interchange format, against a hand-written scorer of the same rules.
 *
 * Every contender validates each record as fully as `assess` does (fields and types, real dates, a
 * version in force, each of the 26 items present and one of its options, no unknown item, disease
 * ids from A.4.1, risk counts 0–3, the age warning) and computes the level and the next assessment
 * date. `assess` also builds the full result (dimensions, total, adjustments with reasons, label,
 * rule fingerprint). The agreement check compares the level.
 *
 * Target: at least 600,000 records per second on one core with validation — read it in the
 * records/s column of the `assess` row.
 */
import { assess, loadInstrument, safeAssess } from "@yiyang/assessment";
import { addMonths, ageOn, isCalendarDate } from "@yiyang/core";
import { gbt42195Instrument } from "@yiyang/standards";
import { mulberry32 } from "../data";
import { HAND_WRITTEN, formatInteger, isolate, size, atLeastPerSecond, type Contender, type Workload } from "../harness";

/** The 26 items and their top scores (every GB/T 42195 item's options run 0…max). */
const MAXIMA = {
  eating: 4, grooming: 4, bathing: 4, dressingUpper: 4, dressingLower: 4, urinaryControl: 4, bowelControl: 4, toileting: 4,
  bedMobility: 4, transfer: 4, walking: 4, stairs: 3,
  timeOrientation: 4, placeOrientation: 4, personOrientation: 4, memory: 4, comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2,
  vision: 2, hearing: 2, dailyAffairs: 4, transportation: 3, socialInteraction: 4,
} as const;
type ItemKey = keyof typeof MAXIMA;
const DISEASES = new Set([
  "hypertension", "coronaryHeartDisease", "diabetes", "pneumonia", "copd", "cerebralHemorrhage", "cerebralInfarction",
  "urinaryTractInfection", "parkinsonism", "chronicRenalFailure", "cirrhosis", "pepticUlcer", "tumor", "amputation",
  "fracture", "epilepsy", "hypothyroidism", "cataract", "glaucoma", "osteoporosis", "dementia", "otherMentalDisorder", "other",
]);

/** A record in the interchange format, built by one literal so every record has one hidden class. */
export interface BenchAssessmentRecord {
  id: string;
  assessedOn: string;
  subject: { birthDate: string; sex: "male" | "female" };
  items: Record<ItemKey, number>;
  coma: boolean;
  diseases: string[];
  riskEvents: { fall: number; wandering: number; choking: number; selfHarm: number; other: number };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function date(random: () => number, fromYear: number, years: number): string {
  const year = fromYear + Math.floor(random() * years);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function riskCount(random: () => number): number {
  const u = random();
  return u < 0.92 ? 0 : u < 0.97 ? 1 : u < 0.99 ? 2 : 3;
}

/** `count` seeded records: a latent ability per person, item scores near it, A.4.1 diseases, risk events. */
export function makeAssessmentRecords(count: number, seed = 4219503): BenchAssessmentRecord[] {
  const random = mulberry32(seed);
  const records: BenchAssessmentRecord[] = [];
  for (let n = 0; n < count; n++) {
    const u = random();
    const ability = u < 0.32 ? 1 : u < 0.55 ? 0.75 + random() * 0.25 : u < 0.8 ? 0.4 + random() * 0.45 : random() * 0.55;
    const s = (max: number) => {
      const score = Math.floor((ability + (random() - 0.5) * 0.35) * (max + 1));
      return score < 0 ? 0 : score > max ? max : score;
    };
    // One literal (as JSON.parse would build it): objects grown key by key past a dozen
    // properties fall into dictionary mode and every read gets several times slower.
    const items: Record<ItemKey, number> = {
      eating: s(4), grooming: s(4), bathing: s(4), dressingUpper: s(4), dressingLower: s(4), urinaryControl: s(4), bowelControl: s(4), toileting: s(4),
      bedMobility: s(4), transfer: s(4), walking: s(4), stairs: s(3),
      timeOrientation: s(4), placeOrientation: s(4), personOrientation: s(4), memory: s(4), comprehension: s(4), expression: s(4),
      aggression: s(1), depression: s(1), consciousness: s(2),
      vision: s(2), hearing: s(2), dailyAffairs: s(4), transportation: s(3), socialInteraction: s(4),
    };
    const diseases = [""];
    diseases.length = 0;
    if (random() < 0.55) diseases.push("hypertension");
    if (random() < 0.22) diseases.push("diabetes");
    if (random() < 0.1) diseases.push("cerebralInfarction");
    if (random() < 0.1) diseases.push("dementia");
    if (random() < 0.03) diseases.push("otherMentalDisorder");
    records.push({
      id: `bench-${n}`,
      assessedOn: date(random, 2023, 3),
      subject: { birthDate: date(random, 1925, 40), sex: random() < 0.55 ? "female" : "male" },
      items,
      coma: random() < 0.02,
      diseases,
      riskEvents: { fall: riskCount(random), wandering: riskCount(random), choking: riskCount(random), selfHarm: riskCount(random), other: riskCount(random) },
    });
  }
  return records;
}

/** A score if it is a whole number from 0 to max, else -1000 (which makes any total negative). */
function scoreOf(value: unknown, max: number): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max ? value : -1000;
}

/**
 * The hand-written scorer: the same validation and rules written out for GB/T 42195 alone (default
 * policy: raises do not stack, "other" events count, coma sets level 4), reading every item by name
 * and using the same date functions as the engine (those of @yiyang/core). Returns the level, or -1
 * for an invalid record.
 */
export function handAssess(record: BenchAssessmentRecord): number {
  if (typeof record !== "object" || record === null || typeof record.id !== "string" || record.id === "") return -1;
  const on = record.assessedOn;
  // Valid YYYY-MM-DD strings order as their dates.
  if (!isCalendarDate(on) || on < "2022-12-30") return -1;
  const birth = record.subject.birthDate;
  if (!isCalendarDate(birth) || birth > on) return -1;
  const underAge = ageOn(birth, on) < 60;
  const items = record.items;
  const selfCare =
    scoreOf(items.eating, 4) + scoreOf(items.grooming, 4) + scoreOf(items.bathing, 4) + scoreOf(items.dressingUpper, 4) +
    scoreOf(items.dressingLower, 4) + scoreOf(items.urinaryControl, 4) + scoreOf(items.bowelControl, 4) + scoreOf(items.toileting, 4);
  const mobility = scoreOf(items.bedMobility, 4) + scoreOf(items.transfer, 4) + scoreOf(items.walking, 4) + scoreOf(items.stairs, 3);
  const mental =
    scoreOf(items.timeOrientation, 4) + scoreOf(items.placeOrientation, 4) + scoreOf(items.personOrientation, 4) + scoreOf(items.memory, 4) +
    scoreOf(items.comprehension, 4) + scoreOf(items.expression, 4) + scoreOf(items.aggression, 1) + scoreOf(items.depression, 1) +
    scoreOf(items.consciousness, 2);
  const perception = scoreOf(items.vision, 2) + scoreOf(items.hearing, 2) + scoreOf(items.dailyAffairs, 4) + scoreOf(items.transportation, 3) + scoreOf(items.socialInteraction, 4);
  const total = selfCare + mobility + mental + perception;
  if (total < 0) return -1;
  let keys = 0;
  for (const key in items) {
    void key;
    keys++;
  }
  if (keys !== 26 || typeof record.coma !== "boolean") return -1;
  const diseases = record.diseases;
  let mentalDisorder = false;
  for (let i = 0; i < diseases.length; i++) {
    const d = diseases[i] as string;
    if (!DISEASES.has(d)) return -1;
    if (d === "dementia" || d === "otherMentalDisorder") mentalDisorder = true;
  }
  const risk = record.riskEvents;
  const events = scoreOf(risk.fall, 3) + scoreOf(risk.wandering, 3) + scoreOf(risk.choking, 3) + scoreOf(risk.selfHarm, 3) + scoreOf(risk.other, 3);
  if (events < 0) return -1;
  let level = total >= 90 ? 0 : total >= 66 ? 1 : total >= 46 ? 2 : total >= 30 ? 3 : 4;
  if (mentalDisorder || events >= 2) level = Math.min(4, level + 1);
  if (record.coma) level = 4;
  const due = addMonths(on, 12);
  return due.length === 10 || underAge ? level : -1;
}

/** The result: how many records landed on each level 0–4; slot 5 counts anything else. */
function startHistogram(): number[] {
  return [0, 0, 0, 0, 0, 0];
}

function levelLoop(records: readonly BenchAssessmentRecord[], count: number, score: (record: BenchAssessmentRecord) => number, histogram: number[]): void {
  for (let i = 0; i < count; i++) {
    const level = score(records[i] as BenchAssessmentRecord);
    const slot = level >= 0 && level <= 4 ? level : 5;
    histogram[slot] = (histogram[slot] as number) + 1;
  }
}

function contender(id: string, name: string, records: readonly BenchAssessmentRecord[], score: (record: BenchAssessmentRecord) => number): Contender {
  const loop = isolate(levelLoop);
  return {
    id,
    name,
    timedRecords: records.length,
    evaluate: (index) => score(records[index] as BenchAssessmentRecord),
    describeInput: (index) => records[index],
    run: (count) => {
      const histogram = startHistogram();
      loop(records, count, score, histogram);
      return histogram;
    },
  };
}

/** The workload, for the registry in bench/index.ts. */
export const assessWorkload: Workload = {
  id: "assess",
  title: "assess() on GB/T 42195-2022 with validation (100,000 interchange records) vs a hand-written scorer",
  prepare(context) {
    const records = makeAssessmentRecords(size(100_000, context));
    const instrument = loadInstrument(gbt42195Instrument);
    const viaAssess = (record: BenchAssessmentRecord) => assess(instrument, record).level;
    const viaSafeAssess = (record: BenchAssessmentRecord) => {
      const outcome = safeAssess(instrument, record);
      return outcome.ok ? outcome.value.level : -1;
    };
    return {
      records: records.length,
      input: `${formatInteger(records.length)} GB/T 42195 records in the interchange format (26 items, subject, coma, diseases, risk events)`,
      contenders: [
        contender(HAND_WRITTEN, "hand-written scorer with validation", records, handAssess),
        contender("assess", "assess (@yiyang/assessment)", records, viaAssess),
        contender("safeAssess", "safeAssess (@yiyang/assessment)", records, viaSafeAssess),
      ],
      targets: [atLeastPerSecond("assess", 600_000), atLeastPerSecond("safeAssess", 600_000)],
      describeResult: (result) => {
        const counts = result as number[];
        const levels = counts.slice(0, 5).map((count, level) => `L${level} ${formatInteger(count)}`);
        return `levels ${levels.join(", ")}${counts[5] ? `, invalid ${formatInteger(counts[5])}` : ""}`;
      },
      notes: [
        "note: every contender validates every record; assess also builds the full result (dimensions, total, adjustments with reasons, label, fingerprint).",
      ],
    };
  },
};

/** Times the workload alone and prints its table (for running this file directly). */
export async function runAssessBench(): Promise<void> {
  const { runWorkload } = await import("../index");
  const { ENGINES } = await import("../engines");
  runWorkload(assessWorkload, { quick: process.env.BENCH_QUICK === "1", engines: ENGINES });
}
