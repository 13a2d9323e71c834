/**
 * Workload B — a service-eligibility test over the care records of workload A (the same array,
 * whose records also carry age, city, recorded level, living alone and in an institution).
 */
import { careRecords, type CareRecord } from "../data";
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

export const PILOT_CITIES: readonly string[] = ["shanghai", "nanjing", "qingdao", "chengdu"];

/** age ≥ 60 AND city in the pilot cities AND (level ≥ 3 OR (level = 2 AND living alone)) AND NOT in an institution. */
export const ELIGIBILITY_RULE: Rule = JSON.parse(
  JSON.stringify({
    and: [
      { ">=": [{ var: "age" }, 60] },
      { in: [{ var: "city" }, PILOT_CITIES] },
      { or: [{ ">=": [{ var: "level" }, 3] }, { and: [{ "==": [{ var: "level" }, 2] }, { var: "livingAlone" }] }] },
      { "!": { var: "inInstitution" } },
    ],
  }),
) as Rule;

/** The hand-written test. */
export function handEligible(record: CareRecord): boolean {
  const city = record.city;
  return (
    record.age >= 60 &&
    (city === "shanghai" || city === "nanjing" || city === "qingdao" || city === "chengdu") &&
    (record.level >= 3 || (record.level === 2 && record.livingAlone)) &&
    !record.inInstitution
  );
}

/** The result: [eligible, not eligible, non-boolean outputs]. */
function startCounts(): number[] {
  return [0, 0, 0];
}

function collectEligible(counts: number[], output: unknown): void {
  const slot = output === true ? 0 : output === false ? 1 : 2;
  counts[slot] = (counts[slot] as number) + 1;
}

export const eligibility: Workload = {
  id: "B",
  title: "service eligibility (age, pilot city, level / living alone, not in an institution)",
  prepare(context) {
    const records = careRecords(size(100_000, context));
    const slowSubset = size(20_000, context);
    const contenders: Contender[] = [];
    contenders.push(
      perRecordContender({
        id: HAND_WRITTEN,
        name: "hand-written TypeScript",
        records,
        evaluate: handEligible,
        timedRecords: records.length,
        start: startCounts,
        collect: collectEligible,
      }),
    );
    for (const [engine, evaluate] of prepareAll(context.engines, ELIGIBILITY_RULE)) {
      contenders.push(
        perRecordContender({
          id: engine.id,
          name: engine.name,
          records,
          evaluate,
          timedRecords: timedRecordsFor(engine, records.length, slowSubset),
          start: startCounts,
          collect: collectEligible,
        }),
      );
    }
    return {
      records: records.length,
      input: `${formatInteger(records.length)} care records (same array as A)`,
      contenders,
      targets: [
        within("compileLogic", HAND_WRITTEN, 2, "hand-written"),
        fasterBy("compileLogic", "jle-compiled", 1, "json-logic-engine build"),
      ],
      describeResult: (result) => {
        const [yes = 0, no = 0, other = 0] = result as number[];
        return `eligible ${formatInteger(yes)}, not eligible ${formatInteger(no)}${other ? `, non-boolean ${formatInteger(other)}` : ""}`;
      },
      notes: [],
    };
  },
};
