/**
 * The Yiyang benchmark: JSON Logic engines against hand-written TypeScript on realistic workloads.
 *
 *   pnpm bench              every workload
 *   pnpm bench A            one workload (by id, case-insensitive; several ids may be given)
 *   BENCH_QUICK=1 pnpm bench   sizes divided by 10, for smoke runs
 *
 * To add a workload, write a module under ./workloads exporting a {@link Workload} and append it
 * to {@link WORKLOADS}.
 */
import { availableParallelism, cpus } from "node:os";
import { pathToFileURL } from "node:url";
import { ENGINES } from "./engines";
import {
  DisagreementError,
  checkAgreement,
  checkTimedResults,
  evaluateTargets,
  formatMeasurements,
  measureInterleaved,
  DEFAULT_TIMING,
  QUICK_TIMING,
  type Measurement,
  type TargetOutcome,
  type Workload,
  type WorkloadContext,
} from "./harness";
import { assessWorkload } from "./workloads/assess";
import { eligibility } from "./workloads/eligibility";
import { eligibilityCatalog } from "./workloads/eligibility-catalog";
import { healthManagement } from "./workloads/health-management";
import { indicatorsCatalog } from "./workloads/indicators-catalog";
import { scoring } from "./workloads/scoring";
import { scoringPipeline } from "./workloads/scoring-pipeline";

export type { Workload } from "./harness";

/** The workload registry, in run order. */
export const WORKLOADS: Workload[] = [scoring, scoringPipeline, eligibility, healthManagement, assessWorkload, eligibilityCatalog, indicatorsCatalog];

/** How many leading input records every engine must agree on before anything is timed. */
export const AGREEMENT_RECORDS = 2_000;

const ENGINE_NOTE =
  "note: json-logic-engine departs from json-logic-js on {} truthiness, unary-+ coercion, NaN and " +
  "division by zero, min/max of non-numbers, null == 0 and var defaults over null (run vs build); " +
  "these workloads use integers, booleans and strings only, with no defaults, so all engines agree.";

export interface WorkloadReport {
  readonly workload: Workload;
  readonly measurements: readonly Measurement[];
  readonly targets: readonly TargetOutcome[];
}

/** Runs one workload: generate data, check agreement, time every contender, print the table. */
export function runWorkload(workload: Workload, context: WorkloadContext): WorkloadReport {
  const started = performance.now();
  const prepared = workload.prepare(context);
  const generated = performance.now();
  checkAgreement(workload, prepared, AGREEMENT_RECORDS);
  const checked = Math.min(AGREEMENT_RECORDS, prepared.records);

  console.log(`\n=== ${workload.id}: ${workload.title}`);
  console.log(
    `input: ${prepared.input} (generated in ${((generated - started) / 1000).toFixed(1)} s); ` +
      `all ${prepared.contenders.length} contenders agree on the first ${checked.toLocaleString("en-US")} records`,
  );

  const measurements = measureInterleaved(prepared.contenders, context.quick ? QUICK_TIMING : DEFAULT_TIMING);
  checkTimedResults(workload, prepared, measurements);

  console.log();
  console.log(formatMeasurements(prepared, measurements));
  const baseline = measurements[0];
  if (baseline !== undefined) console.log(`result: ${prepared.describeResult(baseline.result)} (identical for every contender)`);
  for (const note of prepared.notes) console.log(note);
  const targets = evaluateTargets(workload, prepared, measurements);
  for (const target of targets) console.log(target.line);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return { workload, measurements, targets };
}

function selectWorkloads(ids: readonly string[]): Workload[] {
  if (ids.length === 0) return WORKLOADS;
  return ids.map((id) => {
    const workload = WORKLOADS.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase());
    if (workload === undefined) {
      throw new Error(`unknown workload "${id}"; available: ${WORKLOADS.map((w) => w.id).join(", ")}`);
    }
    return workload;
  });
}

export function main(argv: readonly string[] = process.argv.slice(2)): number {
  const quick = process.env.BENCH_QUICK === "1";
  let workloads: Workload[];
  try {
    workloads = selectWorkloads(argv.filter((arg) => arg !== "--"));
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    return 2;
  }
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  console.log(
    `Yiyang JSON Logic benchmark — node ${process.version}, ${cpu}, ${availableParallelism()} cores` +
      (quick ? ", BENCH_QUICK=1 (sizes ÷ 10)" : ""),
  );
  const timing = quick ? QUICK_TIMING : DEFAULT_TIMING;
  console.log(
    `per workload: ${AGREEMENT_RECORDS.toLocaleString("en-US")}-record agreement check; then ${timing.warmupRounds} warm-up and ${timing.rounds} timed rounds, ` +
      `the contenders interleaved (one sample each per round, order rotating; a sample repeats the pass to ≥ ${timing.minSampleMs} ms); ` +
      `CPU time of the process, median ns/record; "vs hand" is the median of the per-round ratios`,
  );
  console.log(ENGINE_NOTE);

  const context: WorkloadContext = { quick, engines: ENGINES };
  const reports: WorkloadReport[] = [];
  try {
    for (const workload of workloads) reports.push(runWorkload(workload, context));
  } catch (error) {
    if (error instanceof DisagreementError) {
      console.error(`\nDISAGREEMENT — nothing timed for this workload.\n${error.message}`);
      return 1;
    }
    throw error;
  }

  console.log("\nTargets");
  for (const report of reports) {
    const misses = report.targets.filter((target) => !target.pass).length;
    const details = report.targets.map((target) => target.line.replace(/^(PASS|MISS) {2}\S+ {2}/, "$1 ")).join("; ");
    console.log(`${misses === 0 ? "PASS" : "MISS"}  ${report.workload.id}  ${details}`);
  }
  const strict = process.env.BENCH_STRICT === "1";
  return strict && reports.some((report) => report.targets.some((target) => !target.pass)) ? 2 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = main();
}
