/**
 * Workload A — a GB/T 42195-2022-like care level, as one JSON Logic rule over 26 item scores,
 * diseases, risk events and coma.
 */
import { ITEM_KEYS, RISK_EVENT_KEYS, careRecords, type CareRecord } from "../data";
import type { Rule } from "../engines";
import {
  HAND_WRITTEN,
  fasterBy,
  formatInteger,
  perRecordContender,
  prepareAll,
  size,
  timedRecordsFor,
  within,
  type Contender,
  type Workload,
} from "../harness";

/** The 26-item total, written out in full wherever the rule needs it. */
function totalExpression(): Rule {
  return { "+": ITEM_KEYS.map((key) => ({ var: `items.${key}` })) };
}

/**
 * The rule as staff would write it: the total is repeated in every band test (JSON Logic has no
 * `let`), the band is raised by one level (at most 4) for dementia, another mental disorder or two
 * or more risk events — once, not per reason — and a coma means level 4.
 */
function buildScoringRule(): Rule {
  const band = (): Rule => ({
    if: [
      { ">=": [totalExpression(), 90] },
      0,
      { ">=": [totalExpression(), 66] },
      1,
      { ">=": [totalExpression(), 46] },
      2,
      { ">=": [totalExpression(), 30] },
      3,
      4,
    ],
  });
  const raise: Rule = {
    or: [
      { in: ["dementia", { var: "diseases" }] },
      { in: ["otherMentalDisorder", { var: "diseases" }] },
      { ">=": [{ "+": RISK_EVENT_KEYS.map((key) => ({ var: `riskEvents.${key}` })) }, 2] },
    ],
  };
  const rule: Rule = {
    if: [{ var: "coma" }, 4, raise, { min: [4, { "+": [band(), 1] }] }, band()],
  };
  // Round-trip through JSON so the rule is a plain tree with no shared sub-objects, exactly as if
  // it had been loaded from a rule file.
  return JSON.parse(JSON.stringify(rule)) as Rule;
}

export const SCORING_RULE: Rule = buildScoringRule();

/** The hand-written scorer: the total is computed once. */
export function handScore(record: CareRecord): number {
  if (record.coma) return 4;
  const items = record.items;
  const total =
    items.eating +
    items.grooming +
    items.bathing +
    items.dressingUpper +
    items.dressingLower +
    items.urinaryControl +
    items.bowelControl +
    items.toileting +
    items.bedMobility +
    items.transfer +
    items.walking +
    items.stairs +
    items.timeOrientation +
    items.placeOrientation +
    items.personOrientation +
    items.memory +
    items.comprehension +
    items.expression +
    items.aggression +
    items.depression +
    items.consciousness +
    items.vision +
    items.hearing +
    items.dailyAffairs +
    items.transportation +
    items.socialInteraction;
  const level = total >= 90 ? 0 : total >= 66 ? 1 : total >= 46 ? 2 : total >= 30 ? 3 : 4;
  const diseases = record.diseases;
  const risk = record.riskEvents;
  const raised =
    diseases.includes("dementia") ||
    diseases.includes("otherMentalDisorder") ||
    risk.fall + risk.wandering + risk.choking + risk.selfHarm + risk.other >= 2;
  return raised ? Math.min(4, level + 1) : level;
}

/** The result: how many records landed on each level 0–4 (anything else is counted in slot 5). */
function startHistogram(): number[] {
  return [0, 0, 0, 0, 0, 0];
}

function collectLevel(histogram: number[], output: unknown): void {
  const slot = output === 0 || output === 1 || output === 2 || output === 3 || output === 4 ? output : 5;
  histogram[slot] = (histogram[slot] as number) + 1;
}

export const scoring: Workload = {
  id: "A",
  title: "GB/T 42195-2022-like care level (26-item total in an if-chain, +1 escalation, coma)",
  prepare(context) {
    const records = careRecords(size(100_000, context));
    const slowSubset = size(20_000, context);
    const contenders: Contender[] = [];
    contenders.push(
      perRecordContender({
        id: HAND_WRITTEN,
        name: "hand-written TypeScript",
        records,
        evaluate: handScore,
        timedRecords: records.length,
        start: startHistogram,
        collect: collectLevel,
      }),
    );
    for (const [engine, evaluate] of prepareAll(context.engines, SCORING_RULE)) {
      contenders.push(
        perRecordContender({
          id: engine.id,
          name: engine.name,
          records,
          evaluate,
          timedRecords: timedRecordsFor(engine, records.length, slowSubset),
          start: startHistogram,
          collect: collectLevel,
        }),
      );
    }
    return {
      records: records.length,
      input: `${formatInteger(records.length)} care records`,
      contenders,
      targets: [
        within("compileLogic", HAND_WRITTEN, 2.5, "hand-written"),
        fasterBy("compileLogic", "jle-compiled", 1, "json-logic-engine build"),
        fasterBy("compileLogic", "json-logic-js", 10, "json-logic-js"),
      ],
      describeResult: (result) => {
        const counts = result as number[];
        const levels = counts.slice(0, 5).map((count, level) => `L${level} ${formatInteger(count)}`);
        return `levels ${levels.join(", ")}${counts[5] ? `, other ${formatInteger(counts[5])}` : ""}`;
      },
      notes: [],
    };
  },
};
