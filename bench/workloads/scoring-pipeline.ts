/**
 * Workload A7 — the care level of workload A as an instrument runs it: seven rules, each compiled
 * on its own, evaluated in order on one context that each step fills in (four dimension sums, the
 * total, the preliminary level, the final level with its adjustments). The glue that builds the
 * context is the same code for every engine; the hand-written scorer is workload A's.
 */
import { careRecords, ITEM_KEYS, RISK_EVENT_KEYS, type CareItemKey, type CareRecord } from "../data";
import type { Evaluate, Rule } from "../engines";
import {
  HAND_WRITTEN,
  fasterBy,
  formatInteger,
  isolate,
  perRecordContender,
  size,
  timedRecordsFor,
  within,
  type Contender,
  type Workload,
} from "../harness";
import { handScore } from "./scoring";

/** The items of each dimension, in form order (8 + 4 + 9 + 5 = 26). */
const DIMENSIONS: ReadonlyArray<readonly [string, readonly CareItemKey[]]> = [
  ["selfCare", ITEM_KEYS.slice(0, 8)],
  ["mobility", ITEM_KEYS.slice(8, 12)],
  ["mental", ITEM_KEYS.slice(12, 21)],
  ["perception", ITEM_KEYS.slice(21, 26)],
];

const json = (rule: unknown): Rule => JSON.parse(JSON.stringify(rule)) as Rule;

/** The seven rules, in the order they run. */
export const PIPELINE_RULES: readonly Rule[] = [
  ...DIMENSIONS.map(([, keys]) => json({ "+": keys.map((key) => ({ var: `items.${key}` })) })),
  json({ "+": DIMENSIONS.map(([name]) => ({ var: `dimensions.${name}` })) }),
  json({ if: [{ ">=": [{ var: "total" }, 90] }, 0, { ">=": [{ var: "total" }, 66] }, 1, { ">=": [{ var: "total" }, 46] }, 2, { ">=": [{ var: "total" }, 30] }, 3, 4] }),
  json({
    if: [
      { var: "coma" },
      4,
      {
        or: [
          { in: ["dementia", { var: "diseases" }] },
          { in: ["otherMentalDisorder", { var: "diseases" }] },
          { ">=": [{ "+": RISK_EVENT_KEYS.map((key) => ({ var: `riskEvents.${key}` })) }, 2] },
        ],
      },
      { min: [4, { "+": [{ var: "baseLevel" }, 1] }] },
      { var: "baseLevel" },
    ],
  }),
];

interface Dimensions {
  selfCare: unknown;
  mobility: unknown;
  mental: unknown;
  perception: unknown;
}

/**
 * One record through the seven rules: the context is one literal (one hidden class for every
 * record), filled in step by step as an instrument does. No free variables (see `isolate`).
 */
function runPipeline(record: CareRecord, rules: readonly Evaluate[]): unknown {
  const dimensions: Dimensions = { selfCare: 0, mobility: 0, mental: 0, perception: 0 };
  const context = {
    items: record.items,
    dimensions,
    total: 0 as unknown,
    baseLevel: 0 as unknown,
    coma: record.coma,
    diseases: record.diseases,
    riskEvents: record.riskEvents,
  };
  dimensions.selfCare = (rules[0] as Evaluate)(context);
  dimensions.mobility = (rules[1] as Evaluate)(context);
  dimensions.mental = (rules[2] as Evaluate)(context);
  dimensions.perception = (rules[3] as Evaluate)(context);
  context.total = (rules[4] as Evaluate)(context);
  context.baseLevel = (rules[5] as Evaluate)(context);
  return (rules[6] as Evaluate)(context);
}

/** The timed loop: {@link runPipeline} written out per record, each output counted by level. No free variables. */
function pipelineLoop(records: readonly CareRecord[], count: number, rules: readonly Evaluate[], histogram: number[]): void {
  const [selfCare, mobility, mental, perception, total, baseLevel, level] = rules as [Evaluate, Evaluate, Evaluate, Evaluate, Evaluate, Evaluate, Evaluate];
  for (let i = 0; i < count; i++) {
    const record = records[i] as CareRecord;
    const dimensions: Dimensions = { selfCare: 0, mobility: 0, mental: 0, perception: 0 };
    const context = {
      items: record.items,
      dimensions,
      total: 0 as unknown,
      baseLevel: 0 as unknown,
      coma: record.coma,
      diseases: record.diseases,
      riskEvents: record.riskEvents,
    };
    dimensions.selfCare = selfCare(context);
    dimensions.mobility = mobility(context);
    dimensions.mental = mental(context);
    dimensions.perception = perception(context);
    context.total = total(context);
    context.baseLevel = baseLevel(context);
    const output = level(context);
    const slot = output === 0 || output === 1 || output === 2 || output === 3 || output === 4 ? output : 5;
    histogram[slot] = (histogram[slot] as number) + 1;
  }
}

function startHistogram(): number[] {
  return [0, 0, 0, 0, 0, 0];
}

function collectLevel(histogram: number[], output: unknown): void {
  const slot = output === 0 || output === 1 || output === 2 || output === 3 || output === 4 ? output : 5;
  histogram[slot] = (histogram[slot] as number) + 1;
}

export const scoringPipeline: Workload = {
  id: "A7",
  title: "the care level of A as an instrument runs it: 7 rules (4 dimension sums, total, preliminary level, final level with adjustments)",
  prepare(context) {
    const records = careRecords(size(100_000, context));
    const slowSubset = size(20_000, context);
    const contenders: Contender[] = [
      perRecordContender({
        id: HAND_WRITTEN,
        name: "hand-written TypeScript",
        records,
        evaluate: handScore,
        timedRecords: records.length,
        start: startHistogram,
        collect: collectLevel,
      }),
    ];
    for (const engine of context.engines) {
      let rules: Evaluate[];
      try {
        rules = PIPELINE_RULES.map((rule) => engine.prepare(rule));
      } catch (error) {
        throw new Error(`${engine.name} could not prepare the pipeline: ${String(error)}`, { cause: error });
      }
      const loop = isolate(pipelineLoop);
      contenders.push({
        id: engine.id,
        name: engine.name,
        timedRecords: timedRecordsFor(engine, records.length, slowSubset),
        evaluate: (index) => runPipeline(records[index] as CareRecord, rules),
        describeInput: (index) => records[index],
        run: (count) => {
          const histogram = startHistogram();
          loop(records, count, rules, histogram);
          return histogram;
        },
      });
    }
    return {
      records: records.length,
      input: `${formatInteger(records.length)} care records (same array as A)`,
      contenders,
      targets: [within("compileLogic", HAND_WRITTEN, 2.5, "hand-written"), fasterBy("compileLogic", "jle-compiled", 1, "json-logic-engine build")],
      describeResult: (result) => {
        const counts = result as number[];
        const levels = counts.slice(0, 5).map((count, level) => `L${level} ${formatInteger(count)}`);
        return `levels ${levels.join(", ")}${counts[5] ? `, other ${formatInteger(counts[5])}` : ""}`;
      },
      notes: ["note: the glue that fills in the context between rules is the same code for every engine (one copy each)."],
    };
  },
};
