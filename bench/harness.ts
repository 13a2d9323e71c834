/**
 * Workload model, agreement check, timing and reporting. Nothing here knows about a particular
 * workload or engine.
 */
import { isDeepStrictEqual, inspect } from "node:util";
import type { Engine, EngineId, Evaluate, Rule } from "./engines";

// ---------------------------------------------------------------------------------------------
// Workload model
// ---------------------------------------------------------------------------------------------

/** The id of the hand-written TypeScript contender, the 1.00× baseline of every table. */
export const HAND_WRITTEN = "hand-written";

/** An engine id, the hand-written baseline, or any other id a workload gives its extra contenders. */
export type ContenderId = EngineId | typeof HAND_WRITTEN | (string & {});

/** One row of a table: an engine (or the hand-written baseline) bound to a workload's data. */
export interface Contender {
  readonly id: ContenderId;
  /** The row label. */
  readonly name: string;
  /** How many input records the timed loop processes: all of them, or a prefix for slow engines. */
  readonly timedRecords: number;
  /** The output for input record `index`; the agreement check compares these across contenders. */
  evaluate(index: number): unknown;
  /**
   * The timed loop over records `[0, count)`. Returns the workload's result for that prefix (a
   * small summary such as counts), compared across contenders; returning it also keeps the loop
   * from being optimized away.
   */
  run(count: number): unknown;
  /** Describes input record `index` when reporting a disagreement. */
  describeInput(index: number): unknown;
}

/** A speed target, printed as PASS/MISS: `time(subject) ≤ factor × time(reference)` per record. */
export interface Target {
  readonly subject: ContenderId;
  readonly reference: ContenderId;
  /** For "within N×" targets, N; for "at least N× faster" targets, 1/N. */
  readonly factor: number;
  readonly label: string;
  /** For throughput targets: the fewest records per second on one core (`reference` and `factor` unused). */
  readonly minRecordsPerSecond?: number;
}

/** `subject` handles at least `perSecond` records a second (one core, one process). */
export function atLeastPerSecond(subject: ContenderId, perSecond: number): Target {
  return { subject, reference: subject, factor: 1, minRecordsPerSecond: perSecond, label: `at least ${perSecond.toLocaleString("en-US")} records/s` };
}

/** `subject` takes at most `factor` times as long per record as `reference`. */
export function within(subject: ContenderId, reference: ContenderId, factor: number, referenceName: string): Target {
  return { subject, reference, factor, label: `within ${factor}× ${referenceName}` };
}

/** `subject` is at least `factor` times as fast as `reference` (factor 1: at least as fast). */
export function fasterBy(subject: ContenderId, reference: ContenderId, factor: number, referenceName: string): Target {
  const label = factor === 1 ? `at least as fast as ${referenceName}` : `at least ${factor}× faster than ${referenceName}`;
  return { subject, reference, factor: 1 / factor, label };
}

/** A workload after its data has been generated. */
export interface PreparedWorkload {
  /** Total input records. */
  readonly records: number;
  /** One line on what the input is, e.g. "100,000 care records". */
  readonly input: string;
  readonly contenders: readonly Contender[];
  readonly targets: readonly Target[];
  /** Turns a run result into one line for the report. */
  describeResult(result: unknown): string;
  /** Extra lines printed under the table. */
  readonly notes: readonly string[];
}

export interface WorkloadContext {
  /** `BENCH_QUICK=1`: every size divided by 10. */
  readonly quick: boolean;
  readonly engines: readonly Engine[];
}

export interface Workload {
  /** A short id used on the command line, e.g. "A". */
  readonly id: string;
  readonly title: string;
  prepare(context: WorkloadContext): PreparedWorkload;
}

/** Scales a size for quick runs. */
export function size(full: number, context: WorkloadContext): number {
  return context.quick ? Math.max(1, Math.round(full / 10)) : full;
}

/** How many leading records a contender times: all of them, or `slowSubset` for slow engines. */
export function timedRecordsFor(engine: Engine | undefined, records: number, slowSubset: number): number {
  return engine?.slow === true ? Math.min(records, slowSubset) : records;
}

/** The loop behind {@link perRecordContender}; isolated per contender (no free variables). */
function perRecordLoop<R, S>(
  records: readonly R[],
  count: number,
  evaluate: (record: R) => unknown,
  collect: (accumulator: S, output: unknown) => void,
  accumulator: S,
): void {
  for (let i = 0; i < count; i++) collect(accumulator, evaluate(records[i] as R));
}

/**
 * The usual contender for a one-rule-per-record workload: `evaluate` applies the prepared rule (or
 * the hand-written function) to one record, and the timed loop feeds every output to `collect`,
 * which folds it into the workload result.
 */
export function perRecordContender<R, S>(options: {
  id: ContenderId;
  name: string;
  records: readonly R[];
  evaluate: Evaluate | ((record: R) => unknown);
  timedRecords: number;
  /** Creates an empty accumulator. */
  start: () => S;
  /** Folds one output into the accumulator. Must be cheap: it runs inside the timed loop. */
  collect: (accumulator: S, output: unknown) => void;
}): Contender {
  const { records, start, collect } = options;
  const evaluate = options.evaluate as (record: R) => unknown;
  const loop = isolate(perRecordLoop<R, S>);
  return {
    id: options.id,
    name: options.name,
    timedRecords: options.timedRecords,
    evaluate: (index) => evaluate(records[index] as R),
    describeInput: (index) => records[index],
    run: (count) => {
      const accumulator = start();
      loop(records, count, evaluate, collect, accumulator);
      return accumulator;
    },
  };
}

/** Prepares `rule` with each engine, failing loudly with the engine's name. */
export function prepareAll(engines: readonly Engine[], rule: Rule): Map<Engine, Evaluate> {
  const prepared = new Map<Engine, Evaluate>();
  for (const engine of engines) {
    try {
      prepared.set(engine, engine.prepare(rule));
    } catch (error) {
      throw new Error(`${engine.name} could not prepare the rule: ${String(error)}`, { cause: error });
    }
  }
  return prepared;
}

let isolatedLoops = 0;

/**
 * Returns a private copy of a timed loop, so that each contender's loop collects its own type
 * feedback and V8 optimizes it for that contender alone (a call site that has seen five engines'
 * functions goes megamorphic and stops inlining, which would penalize whichever contender is timed
 * later). The copy is made from the loop's source text with `new Function` — this is the harness,
 * not an engine under test — so `loop` must not use free variables: everything it needs comes in
 * as arguments. (`__name` is the helper tsx inserts for named inner functions.)
 */
export function isolate<F extends (...args: never[]) => unknown>(loop: F): F {
  isolatedLoops++;
  // A unique source text per copy: identical sources would share V8's eval cache and feedback.
  const source = `"use strict";\nreturn (${loop.toString()});\n//# sourceURL=bench-loop-${isolatedLoops}.js`;
  const keepName = (fn: unknown) => fn;
  return new Function("__name", source)(keepName) as F;
}

// ---------------------------------------------------------------------------------------------
// Agreement check
// ---------------------------------------------------------------------------------------------

export class DisagreementError extends Error {}

function outcome(run: () => unknown): { value: unknown } | { error: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

function show(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: Infinity, maxArrayLength: 30 });
}

function showOutcome(result: { value: unknown } | { error: unknown }): string {
  return "value" in result ? show(result.value) : `threw ${String(result.error)}`;
}

/**
 * Runs every contender over the first `count` records and checks that every output (and every
 * contender's workload result over that prefix) deep-equals the hand-written baseline's. Throws a
 * {@link DisagreementError} naming the engine and the input on the first difference.
 */
export function checkAgreement(workload: Workload, prepared: PreparedWorkload, count: number): void {
  const baseline = prepared.contenders.find((contender) => contender.id === HAND_WRITTEN);
  if (baseline === undefined) throw new Error(`workload ${workload.id} has no hand-written contender`);
  const n = Math.min(count, prepared.records);
  for (let index = 0; index < n; index++) {
    const expected = outcome(() => baseline.evaluate(index));
    for (const contender of prepared.contenders) {
      if (contender === baseline) continue;
      const actual = outcome(() => contender.evaluate(index));
      const same =
        "value" in expected && "value" in actual ? isDeepStrictEqual(actual.value, expected.value) : false;
      if (!same) {
        throw new DisagreementError(
          [
            `workload ${workload.id}: ${contender.name} disagrees with ${baseline.name} on input #${index}`,
            `  input:    ${show(baseline.describeInput(index))}`,
            `  expected: ${showOutcome(expected)}`,
            `  got:      ${showOutcome(actual)}`,
          ].join("\n"),
        );
      }
    }
  }
  checkResults(workload, prepared, baseline, n, prepared.contenders);
}

/** Compares each contender's workload result over its first `count` records with the baseline's. */
function checkResults(
  workload: Workload,
  prepared: PreparedWorkload,
  baseline: Contender,
  count: number,
  contenders: readonly Contender[],
): void {
  const expected = structuredClone(baseline.run(count));
  for (const contender of contenders) {
    if (contender === baseline) continue;
    const actual = outcome(() => structuredClone(contender.run(count)));
    if (!("value" in actual) || !isDeepStrictEqual(actual.value, expected)) {
      throw new DisagreementError(
        [
          `workload ${workload.id}: ${contender.name} disagrees with ${baseline.name} on the result over the first ${count} records`,
          `  expected: ${prepared.describeResult(expected)}`,
          `  got:      ${"value" in actual ? prepared.describeResult(actual.value) : showOutcome(actual)}`,
        ].join("\n"),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------

export interface TimingOptions {
  /** Counted rounds: in each, every contender runs one timed sample. */
  readonly rounds: number;
  /** Rounds run first and not counted (every contender warms up in turn). */
  readonly warmupRounds: number;
  /** A sample repeats the contender's pass until it takes at least this much CPU time. */
  readonly minSampleMs: number;
}

export const DEFAULT_TIMING: TimingOptions = { rounds: 15, warmupRounds: 3, minSampleMs: 20 };

/** For `BENCH_QUICK=1` (CI smoke runs): few rounds, short samples. */
export const QUICK_TIMING: TimingOptions = { rounds: 5, warmupRounds: 1, minSampleMs: 5 };

export interface Measurement {
  readonly contender: Contender;
  readonly records: number;
  /** Counted samples (one per round). */
  readonly runs: number;
  /** Passes over the records in one sample. */
  readonly passes: number;
  /** Median CPU nanoseconds per record over the samples. */
  readonly nsPerRecord: number;
  /** The fastest and slowest samples, in CPU ns per record. */
  readonly minNs: number;
  readonly maxNs: number;
  /** Interquartile range of the samples over their median (0.05 is ±2.5 %). */
  readonly spread: number;
  /** CPU ns per record of each counted sample, in round order. */
  readonly samples: readonly number[];
  /** Median wall-clock nanoseconds per record (CPU time is what is compared). */
  readonly wallNsPerRecord: number;
  /** The result of the last timed run. */
  readonly result: unknown;
}

function median(sorted: readonly number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
}

/** CPU time of the process (user + system) in nanoseconds: time the machine gave to other work is not counted. */
function cpuNs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}

/** The median of a list (sorted on a copy). */
export function medianOf(values: readonly number[]): number {
  return median([...values].sort((a, b) => a - b));
}

/**
 * Times every contender in turn, round by round: warm-up rounds first, then `rounds` counted
 * rounds in which each contender runs one sample (its pass over its records, repeated until the
 * sample takes `minSampleMs` of CPU time, the same repeat count in every round). The order of the
 * contenders rotates from round to round, so none is always first after another. Load from other
 * processes slows every contender of a round alike, and CPU time leaves out the time the machine
 * gave to them.
 */
export function measureInterleaved(contenders: readonly Contender[], options: TimingOptions = DEFAULT_TIMING): Measurement[] {
  const n = contenders.length;
  const passes = new Array<number>(n).fill(1);
  const samples: number[][] = contenders.map(() => []);
  const walls: number[][] = contenders.map(() => []);
  const results = new Array<unknown>(n);
  const sample = (c: number): { cpu: number; wall: number } => {
    const contender = contenders[c] as Contender;
    const reps = passes[c] as number;
    const wall0 = process.hrtime.bigint();
    const cpu0 = cpuNs();
    let result: unknown;
    for (let r = 0; r < reps; r++) result = contender.run(contender.timedRecords);
    const cpu = cpuNs() - cpu0;
    const wall = Number(process.hrtime.bigint() - wall0);
    results[c] = result;
    return { cpu, wall };
  };
  for (let round = 0; round < options.warmupRounds; round++) {
    for (let i = 0; i < n; i++) sample((i + round) % n);
  }
  // One more pass each to size the samples: enough passes for minSampleMs of CPU time.
  for (let c = 0; c < n; c++) {
    const { cpu, wall } = sample(c);
    const one = Math.max(cpu, wall * 0.5, 1);
    passes[c] = Math.max(1, Math.ceil((options.minSampleMs * 1e6) / one));
  }
  for (let round = 0; round < options.rounds; round++) {
    for (let i = 0; i < n; i++) {
      const c = (i + round) % n;
      const { cpu, wall } = sample(c);
      const perRecord = (passes[c] as number) * (contenders[c] as Contender).timedRecords;
      (samples[c] as number[]).push(cpu / perRecord);
      (walls[c] as number[]).push(wall / perRecord);
    }
  }
  return contenders.map((contender, c) => {
    const own = samples[c] as number[];
    const sorted = [...own].sort((a, b) => a - b);
    const mid = median(sorted);
    return {
      contender,
      records: contender.timedRecords,
      runs: own.length,
      passes: passes[c] as number,
      nsPerRecord: mid,
      minNs: sorted[0] as number,
      maxNs: sorted[sorted.length - 1] as number,
      spread: (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / mid,
      samples: own,
      wallNsPerRecord: medianOf(walls[c] as number[]),
      result: results[c],
    };
  });
}

/**
 * The ratio of two contenders' times, round by round (both ran in the same round, under the same
 * load): the median and the range of the per-round ratios.
 */
export function roundRatios(subject: Measurement, reference: Measurement): { median: number; min: number; max: number } {
  const ratios = subject.samples.map((ns, i) => ns / (reference.samples[i] as number)).sort((a, b) => a - b);
  return { median: median(ratios), min: ratios[0] as number, max: ratios[ratios.length - 1] as number };
}

/**
 * After timing: checks that each contender's last result matches the baseline's result over the
 * same number of records (a second, cheap agreement check over everything that was timed).
 */
export function checkTimedResults(workload: Workload, prepared: PreparedWorkload, measurements: readonly Measurement[]): void {
  const baseline = prepared.contenders.find((contender) => contender.id === HAND_WRITTEN);
  if (baseline === undefined) return;
  const expectedByCount = new Map<number, unknown>();
  for (const measurement of measurements) {
    if (measurement.contender === baseline) continue;
    let expected = expectedByCount.get(measurement.records);
    if (expected === undefined) {
      expected = structuredClone(baseline.run(measurement.records));
      expectedByCount.set(measurement.records, expected);
    }
    if (!isDeepStrictEqual(measurement.result, expected)) {
      throw new DisagreementError(
        [
          `workload ${workload.id}: ${measurement.contender.name} disagrees with ${baseline.name} on the result over the ${measurement.records} timed records`,
          `  expected: ${prepared.describeResult(expected)}`,
          `  got:      ${prepared.describeResult(measurement.result)}`,
        ].join("\n"),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatInteger(value: number): string {
  return integer.format(value);
}

function formatNs(ns: number): string {
  return ns >= 100 ? integer.format(ns) : ns.toFixed(1);
}

function formatRatio(ratio: number): string {
  return ratio >= 100 ? `${integer.format(ratio)}×` : ratio >= 10 ? `${ratio.toFixed(1)}×` : `${ratio.toFixed(2)}×`;
}

/** Lays out rows as plain-text columns; `align` is "l" or "r" per column. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align: string): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return align[column] === "l" ? cell.padEnd(width) : cell.padStart(width);
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** The table for one workload. */
export function formatMeasurements(prepared: PreparedWorkload, measurements: readonly Measurement[]): string {
  const baseline = measurements.find((measurement) => measurement.contender.id === HAND_WRITTEN);
  let partial = false;
  const rows = measurements.map((measurement) => {
    const subset = measurement.records < prepared.records;
    partial ||= subset;
    const ratio = baseline === undefined ? null : roundRatios(measurement, baseline);
    return [
      measurement.contender.name,
      `${formatInteger(measurement.records)}${subset ? "*" : ""}`,
      formatNs(measurement.nsPerRecord),
      `${formatNs(measurement.minNs)}–${formatNs(measurement.maxNs)}`,
      `±${((measurement.spread * 100) / 2).toFixed(1)}%`,
      formatInteger(1e9 / measurement.nsPerRecord),
      ratio === null ? "" : formatRatio(ratio.median),
      ratio === null || measurement === baseline ? "" : `${formatRatio(ratio.min)}–${formatRatio(ratio.max)}`,
      `${measurement.runs}×${measurement.passes}`,
    ];
  });
  const table = formatTable(
    ["engine", "records timed", "cpu ns/record", "range", "spread", "records/s", "vs hand", "per round", "samples"],
    rows,
    "lrrrrrrrr",
  );
  const footnotes = partial
    ? ["* timed on the first records only (a slow engine); per-record times are what is compared"]
    : [];
  return [table, ...footnotes].join("\n");
}

export interface TargetOutcome {
  readonly target: Target;
  readonly pass: boolean;
  readonly line: string;
}

/** Evaluates the workload's targets against its measurements. */
export function evaluateTargets(
  workload: Workload,
  prepared: PreparedWorkload,
  measurements: readonly Measurement[],
): TargetOutcome[] {
  const byId = new Map(measurements.map((measurement) => [measurement.contender.id, measurement]));
  return prepared.targets.map((target) => {
    const subject = byId.get(target.subject);
    if (target.minRecordsPerSecond !== undefined && subject !== undefined) {
      const perSecond = 1e9 / subject.nsPerRecord;
      const pass = perSecond >= target.minRecordsPerSecond;
      const shown = Math.round(perSecond).toLocaleString("en-US");
      return { target, pass, line: `${pass ? "PASS" : "MISS"}  ${workload.id}  ${subject.contender.name} ${target.label}: ${shown} records/s` };
    }
    const reference = byId.get(target.reference);
    if (subject === undefined || reference === undefined) {
      return { target, pass: false, line: `MISS  ${workload.id}  ${target.subject} ${target.label}: not measured` };
    }
    const ratio = roundRatios(subject, reference).median;
    const pass = ratio <= target.factor;
    const detail =
      target.factor >= 1
        ? `${formatRatio(ratio)} (limit ${formatRatio(target.factor)})`
        : `${formatRatio(1 / ratio)} faster (need ${formatRatio(1 / target.factor)})`;
    const name = subject.contender.id === "compileLogic" ? "compileLogic" : subject.contender.name;
    return { target, pass, line: `${pass ? "PASS" : "MISS"}  ${workload.id}  ${name} ${target.label}: ${detail}` };
  });
}
