import { createIssue, isYiyangError, YIYANG_ERROR_CODES, YiyangError, type SafeResult } from "@yiyang/core";
import {
  IndicatorAccumulatorImpl,
  resolveCatalog,
  type CreateIndicatorAccumulatorOptions,
} from "./create-indicator-accumulator";
import { SUBJECT_KINDS, type SubjectKind } from "./indicator-catalog-schema";
import type { IndicatorCatalogInput } from "./load-indicator-catalog";
import type { IndicatorReport } from "./types";

/**
 * The records to compute over: one stream whose records name their kind in a `subject` field
 * (`"person"`, `"facility"` or `"episode"`), or one stream per kind.
 */
export type IndicatorRecords<S = Iterable<unknown>> = S | Partial<Record<SubjectKind, S>>;

/** Options for {@link computeIndicators}. */
export type ComputeIndicatorsOptions = CreateIndicatorAccumulatorOptions;

/** Options for {@link computeIndicatorsAsync}. */
export type ComputeIndicatorsAsyncOptions = CreateIndicatorAccumulatorOptions;

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === "object" && value !== null && typeof (value as Iterable<unknown>)[Symbol.iterator] === "function";
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === "object" && value !== null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function"
  );
}

function invalidRecords(message: string, messageZh: string): YiyangError {
  return new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, message, { messageZh });
}

/** The streams of the per-kind form, in a fixed order (person, facility, episode). */
function streamsOf(records: unknown): Array<[SubjectKind, unknown]> {
  if (typeof records !== "object" || records === null) {
    throw invalidRecords(
      "records must be an iterable of records, or an object of iterables by subject kind.",
      "records 必须是记录的可迭代对象，或按记录类型分组的可迭代对象。",
    );
  }
  for (const key of Object.keys(records)) {
    if (!(SUBJECT_KINDS as readonly string[]).includes(key)) {
      throw invalidRecords(
        `records has a key "${key}"; by-kind streams are keyed ${SUBJECT_KINDS.join(", ")}.`,
        `records 含有键 "${key}"；按类型分组时键须为 ${SUBJECT_KINDS.join("、")}。`,
      );
    }
  }
  const streams: Array<[SubjectKind, unknown]> = [];
  for (const subject of SUBJECT_KINDS) {
    const stream = (records as Record<string, unknown>)[subject];
    if (stream !== undefined) streams.push([subject, stream]);
  }
  return streams;
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : typeof cause === "string" ? cause : "a non-error value was thrown";
}

/**
 * The error for a records source that threw: where it stopped (the 0-based index of the record it
 * could not give, in its stream) and the counts so far, marked incomplete.
 */
function sourceFailed(accumulator: IndicatorAccumulatorImpl, subject: SubjectKind | null, index: number, cause: unknown): YiyangError {
  const records = accumulator.report().records;
  const where = subject === null ? "records" : `records.${subject}`;
  const detail = describeCause(cause);
  const message = `Reading ${where} failed at record index ${index}: ${detail}. The counts so far (${records.read} read, ${records.valid} counted, ${records.invalid} refused) are incomplete, so no report was made.`;
  const messageZh = `读取 ${where} 时在第 ${index} 条记录（从 0 起计）处失败：${detail}。目前的计数（读取 ${records.read}、计入 ${records.valid}、拒绝 ${records.invalid}）不完整，因此未生成报告。`;
  const issue = createIssue("records_source_failed", "", message, messageZh, { params: { subject, index, incomplete: true, records } });
  return new YiyangError(YIYANG_ERROR_CODES.EVALUATION_FAILED, message, { messageZh, issues: [issue], cause });
}

function addSync(accumulator: IndicatorAccumulatorImpl, subject: SubjectKind | null, stream: Iterable<unknown>): void {
  let index = 0;
  let iterator: Iterator<unknown>;
  try {
    iterator = stream[Symbol.iterator]();
  } catch (error) {
    throw sourceFailed(accumulator, subject, index, error);
  }
  for (;;) {
    let next: IteratorResult<unknown>;
    try {
      next = iterator.next();
    } catch (error) {
      throw sourceFailed(accumulator, subject, index, error);
    }
    if (next.done === true) return;
    accumulator.addAt(next.value, subject, index, index + 1);
    index++;
  }
}

async function addAsync(accumulator: IndicatorAccumulatorImpl, subject: SubjectKind | null, stream: AsyncIterable<unknown>): Promise<void> {
  let index = 0;
  let iterator: AsyncIterator<unknown>;
  try {
    iterator = stream[Symbol.asyncIterator]();
  } catch (error) {
    throw sourceFailed(accumulator, subject, index, error);
  }
  for (;;) {
    let next: IteratorResult<unknown>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw sourceFailed(accumulator, subject, index, error);
    }
    if (next.done === true) return;
    accumulator.addAt(next.value, subject, index, index + 1);
    index++;
  }
}

/**
 * Compute every indicator of a catalog over records in one pass, in constant memory: each record is
 * validated against its kind's declared schema, then counted in every indicator of its kind
 * (initial population → denominator minus exclusions → numerator minus exclusions), overall and in
 * each stratum, with integer counts. Rates are exact decimals rounded half-up from those counts;
 * targets are compared on exact fractions. Refused records are counted and reported with their
 * position, never skipped silently.
 *
 * For records that arrive asynchronously (a file stream, a database cursor) use
 * {@link computeIndicatorsAsync}.
 *
 * @param catalog - a catalog from {@link loadIndicatorCatalog}, or a catalog document (loaded here)
 * @param records - one iterable of records each naming its `subject`, or `{ person, facility, episode }` iterables
 * @param options - the period (both days inclusive), optionally the reference date for ages and caps
 * @returns the report: rates, strata and target attainment of every indicator, and the refused records
 * @throws `YiyangError` `invalid_document` for an invalid catalog document; `invalid_argument`
 *   for a period that does not fit the catalog, a bad date, or records that are not (sync) iterables;
 *   `evaluation_failed` when a records iterable throws: its one issue, `records_source_failed`, has
 *   `params.index` (the record it stopped at), `params.subject`, `params.records` (the counts so far)
 *   and `params.incomplete: true`
 *
 * @example
 * ```ts
 * const report = computeIndicators(catalog, { person: people, facility: facilities }, {
 *   period: { from: "2024-01-01", to: "2024-12-31" },
 * });
 * const hm = report.indicators.find((i) => i.id === "health-management-65");
 * hm?.overall; //=> { numerator: 2, denominator: 3, rate: "66.7", value: 66.7, status: "computed", attainment: { met: true, … }, … }
 * ```
 */
export function computeIndicators(
  catalog: IndicatorCatalogInput,
  records: IndicatorRecords,
  options: ComputeIndicatorsOptions,
): IndicatorReport {
  const accumulator = new IndicatorAccumulatorImpl(resolveCatalog(catalog), options);
  const notSync = () =>
    invalidRecords(
      "computeIndicators takes synchronous iterables; use computeIndicatorsAsync for async iterables.",
      "computeIndicators 只接受同步可迭代对象；异步可迭代对象请用 computeIndicatorsAsync。",
    );
  if (isIterable(records)) {
    addSync(accumulator, null, records);
  } else if (isAsyncIterable(records)) {
    throw notSync();
  } else {
    const streams = streamsOf(records);
    for (const [, stream] of streams) if (!isIterable(stream)) throw notSync();
    for (const [subject, stream] of streams) addSync(accumulator, subject, stream as Iterable<unknown>);
  }
  return accumulator.report();
}

/**
 * {@link computeIndicators}, returning issues instead of throwing when the catalog, the period or
 * the records argument cannot be used (refused records are never an error: they are counted in the
 * report).
 *
 * @param catalog - a catalog from {@link loadIndicatorCatalog}
 * @param records - one iterable of records each naming its `subject`, or `{ person, facility, episode }` iterables
 * @param options - the period (both days inclusive), optionally the reference date for ages and caps
 * @returns the report, or the issues that stopped it
 *
 * @example
 * ```ts
 * safeComputeIndicators(catalog, [], { period: { from: "2024-12-31", to: "2024-01-01" } }).ok; //=> false
 * ```
 */
export function safeComputeIndicators(
  catalog: IndicatorCatalogInput,
  records: IndicatorRecords,
  options: ComputeIndicatorsOptions,
): SafeResult<IndicatorReport> {
  try {
    return { ok: true, value: computeIndicators(catalog, records, options), issues: [] };
  } catch (error) {
    if (!isYiyangError(error) || error.code === YIYANG_ERROR_CODES.INTERNAL) throw error;
    return { ok: false, issues: error.issues.length > 0 ? error.issues : [createIssue(error.code, "", error.message, error.messageZh)] };
  }
}

/**
 * {@link computeIndicators} over synchronous or asynchronous iterables (for example the lines of a
 * JSONL file parsed one by one), in one pass and constant memory.
 *
 * @param catalog - a catalog from {@link loadIndicatorCatalog}, or a catalog document (loaded here)
 * @param records - one (async) iterable of records each naming its `subject`, or `{ person, facility, episode }` (async) iterables
 * @param options - the period (both days inclusive), optionally the reference date for ages and caps
 * @returns a promise of the report
 * @throws `YiyangError` (as a rejected promise) `invalid_document` for an invalid catalog
 *   document; `invalid_argument` for a bad period or records that are not iterables;
 *   `evaluation_failed` when a source throws or rejects, with one `records_source_failed` issue whose
 *   params give the 0-based `index` of the record it stopped at, the `subject` stream, the counts
 *   read so far (`records`) and `incomplete: true`
 *
 * @example
 * ```ts
 * async function* people() { yield* rows; }
 * const report = await computeIndicatorsAsync(catalog, { person: people() }, { period: { from: "2024-01-01", to: "2024-12-31" } });
 * report.records.read; //=> 3
 * ```
 */
export async function computeIndicatorsAsync(
  catalog: IndicatorCatalogInput,
  records: IndicatorRecords<Iterable<unknown> | AsyncIterable<unknown>>,
  options: ComputeIndicatorsAsyncOptions,
): Promise<IndicatorReport> {
  const accumulator = new IndicatorAccumulatorImpl(resolveCatalog(catalog), options);
  const run = async (subject: SubjectKind | null, stream: unknown) => {
    if (isAsyncIterable(stream)) await addAsync(accumulator, subject, stream);
    else if (isIterable(stream)) addSync(accumulator, subject, stream);
    else throw invalidRecords(`records.${subject ?? ""} is not an iterable.`, `records.${subject ?? ""} 不是可迭代对象。`);
  };
  if (isAsyncIterable(records) || isIterable(records)) {
    await run(null, records);
  } else {
    for (const [subject, stream] of streamsOf(records)) await run(subject, stream);
  }
  return accumulator.report();
}
