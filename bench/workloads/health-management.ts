/**
 * Workload C — an indicator over a large population: the share of people aged 65+ under health
 * management, overall and per district. Engines evaluate a denominator rule and a numerator rule
 * per record; the harness loop does the tallying (the same loop for every engine). The
 * hand-written variant is the same loop with the two predicates inlined.
 */
import { DISTRICTS, makePersonRecords, type PersonRecord } from "../data";
import type { Evaluate, Rule } from "../engines";
import {
  HAND_WRITTEN,
  fasterBy,
  formatInteger,
  isolate,
  prepareAll,
  size,
  timedRecordsFor,
  within,
  type Contender,
  type ContenderId,
  type Workload,
} from "../harness";

/** Aged 65 or over. */
export const DENOMINATOR_RULE: Rule = { ">=": [{ var: "age" }, 65] };

/** Aged 65 or over and under health management. */
export const NUMERATOR_RULE: Rule = { and: [{ ">=": [{ var: "age" }, 65] }, { var: "healthManaged" }] };

interface Counter {
  aged65: number;
  managed: number;
}

/** The workload result. */
export interface HealthManagementResult {
  readonly districts: Readonly<Record<string, Counter>>;
  readonly aged65: number;
  readonly managed: number;
  /** managed / aged65. */
  readonly rate: number;
}

function newCounters(): Map<string, Counter> {
  const counters = new Map<string, Counter>();
  for (const district of DISTRICTS) counters.set(district, { aged65: 0, managed: 0 });
  return counters;
}

function summarize(counters: Map<string, Counter>): HealthManagementResult {
  const districts: Record<string, Counter> = {};
  let aged65 = 0;
  let managed = 0;
  for (const [district, counter] of counters) {
    districts[district] = { aged65: counter.aged65, managed: counter.managed };
    aged65 += counter.aged65;
    managed += counter.managed;
  }
  return { districts, aged65, managed, rate: aged65 === 0 ? 0 : managed / aged65 };
}

/** The tally loop every engine shares: only the two predicate calls differ. No free variables (see `isolate`). */
function engineTally(
  records: readonly PersonRecord[],
  count: number,
  denominator: Evaluate,
  numerator: Evaluate,
  counters: Map<string, Counter>,
): void {
  for (let i = 0; i < count; i++) {
    const record = records[i] as PersonRecord;
    const counter = counters.get(record.district) as Counter;
    if (denominator(record)) counter.aged65++;
    if (numerator(record)) counter.managed++;
  }
}

/** The same tally loop with the two predicates inlined. */
function handTally(records: readonly PersonRecord[], count: number, counters: Map<string, Counter>): void {
  for (let i = 0; i < count; i++) {
    const record = records[i] as PersonRecord;
    const counter = counters.get(record.district) as Counter;
    if (record.age >= 65) counter.aged65++;
    if (record.age >= 65 && record.healthManaged) counter.managed++;
  }
}

function engineContender(
  id: ContenderId,
  name: string,
  records: readonly PersonRecord[],
  denominator: Evaluate,
  numerator: Evaluate,
  timedRecords: number,
): Contender {
  const loop = isolate(engineTally);
  return {
    id,
    name,
    timedRecords,
    evaluate: (index) => {
      const record = records[index];
      return [denominator(record), numerator(record)];
    },
    describeInput: (index) => records[index],
    run: (count) => {
      const counters = newCounters();
      loop(records, count, denominator, numerator, counters);
      return summarize(counters);
    },
  };
}

function handContender(records: readonly PersonRecord[]): Contender {
  const loop = isolate(handTally);
  return {
    id: HAND_WRITTEN,
    name: "hand-written TypeScript",
    timedRecords: records.length,
    evaluate: (index) => {
      const record = records[index] as PersonRecord;
      return [record.age >= 65, record.age >= 65 && record.healthManaged];
    },
    describeInput: (index) => records[index],
    run: (count) => {
      const counters = newCounters();
      loop(records, count, counters);
      return summarize(counters);
    },
  };
}

export const healthManagement: Workload = {
  id: "C",
  title: "share of people aged 65+ under health management, overall and per district (2 rules/record)",
  prepare(context) {
    const records = makePersonRecords(size(1_000_000, context));
    const slowSubset = size(100_000, context);
    const contenders: Contender[] = [handContender(records)];
    const denominators = prepareAll(context.engines, DENOMINATOR_RULE);
    const numerators = prepareAll(context.engines, NUMERATOR_RULE);
    for (const engine of context.engines) {
      contenders.push(
        engineContender(
          engine.id,
          engine.name,
          records,
          denominators.get(engine) as Evaluate,
          numerators.get(engine) as Evaluate,
          timedRecordsFor(engine, records.length, slowSubset),
        ),
      );
    }
    return {
      records: records.length,
      input: `${formatInteger(records.length)} person records, ${DISTRICTS.length} districts`,
      contenders,
      targets: [
        within("compileLogic", HAND_WRITTEN, 1.5, "hand-written"),
        fasterBy("compileLogic", "jle-compiled", 1, "json-logic-engine build"),
      ],
      describeResult: (result) => {
        const { aged65, managed, rate } = result as HealthManagementResult;
        return `aged 65+ ${formatInteger(aged65)}, under health management ${formatInteger(managed)} (${(rate * 100).toFixed(2)}%)`;
      },
      notes: [],
    };
  },
};
