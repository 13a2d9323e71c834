/**
 * Picking the instrument version in force on a record's date, and resolving policy flags.
 * @internal
 */
import {
  createIssue,
  findVersionOverlaps,
  isCalendarDate,
  YIYANG_ERROR_CODES,
  YiyangError,
  type Issue,
} from "@yiyang/core";
import type { CompiledInstrument } from "./compiled-instrument";
import { getCompiled, isInstrument, type Instrument } from "./load-instrument";

/** One loaded instrument, or several versions of one instrument (the record's `assessedOn` picks one). */
export type InstrumentSource = Instrument | readonly Instrument[];

const checkedLists = new WeakMap<readonly Instrument[], { length: number; compiled: CompiledInstrument[] }>();

function invalidArgument(message: string, messageZh: string, issues: Issue[] = []): YiyangError {
  return new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, message, { messageZh, issues });
}

function compiledList(list: readonly Instrument[]): CompiledInstrument[] {
  const cached = checkedLists.get(list);
  if (cached !== undefined && cached.length === list.length) {
    // A loop, not `every`: this runs once per record scored.
    let same = true;
    for (let i = 0; i < list.length && same; i++) same = cached.compiled[i] === getCompiled(list[i] as Instrument);
    if (same) return cached.compiled;
  }
  if (list.length === 0) throw invalidArgument("No instrument was given.", "未提供评估工具。");
  const compiled = list.map((instrument) => {
    if (!isInstrument(instrument)) {
      throw invalidArgument("Every instrument must be one returned by loadInstrument.", "每个评估工具都必须由 loadInstrument 返回。");
    }
    return getCompiled(instrument);
  });
  const ids = new Set(list.map((i) => i.id));
  if (ids.size > 1) {
    throw invalidArgument(
      `The instruments given are versions of different instruments (${[...ids].join(", ")}); give versions of one.`,
      `提供的评估工具属于不同的工具（${[...ids].join("、")}）；请只提供同一工具的各版本。`,
    );
  }
  const overlaps = findVersionOverlaps(list);
  if (overlaps.length > 0) {
    const first = overlaps[0] as Issue;
    throw new YiyangError(YIYANG_ERROR_CODES.OVERLAPPING_VERSIONS, first.message, { messageZh: first.messageZh, issues: overlaps });
  }
  checkedLists.set(list, { length: list.length, compiled });
  return compiled;
}

function inForce(c: CompiledInstrument, date: string): boolean {
  const effective = c.document.effective;
  return effective.from <= date && (effective.to === undefined || date < effective.to);
}

function noVersion(c: CompiledInstrument, date: string): Issue {
  return createIssue(
    "no_version_in_force",
    "/assessedOn",
    `No version of ${c.reference.id} given is in force on ${date}.`,
    `${date} 没有生效的 ${c.reference.id} 版本（在所提供的版本中）。`,
    { params: { id: c.reference.id, date } },
  );
}

/**
 * The compiled instrument to validate and score a record with: the version in force on its
 * `assessedOn`. When no version is in force, or the date is unusable, the issue is pushed and the
 * latest version is returned so the rest of the record is still checked.
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` for something that is not a loaded instrument,
 *   `overlapping_versions` when two versions claim the same day
 * @internal
 */
export function selectCompiled(source: InstrumentSource, record: unknown, issues: Issue[]): CompiledInstrument {
  const date = typeof record === "object" && record !== null ? (record as { assessedOn?: unknown }).assessedOn : undefined;
  if (!Array.isArray(source)) {
    const c = getCompiled(source as Instrument);
    if (typeof date === "string" && !inForce(c, date) && isCalendarDate(date)) issues.push(noVersion(c, date));
    return c;
  }
  const list = compiledList(source);
  if (list.length === 1) {
    const c = list[0] as CompiledInstrument;
    if (typeof date === "string" && !inForce(c, date) && isCalendarDate(date)) issues.push(noVersion(c, date));
    return c;
  }
  let latest = list[0] as CompiledInstrument;
  for (const c of list) if (c.document.effective.from > latest.document.effective.from) latest = c;
  if (!isCalendarDate(date)) return latest;
  for (const c of list) if (inForce(c, date)) return c;
  issues.push(noVersion(latest, date));
  return latest;
}

/**
 * Every policy flag of the instrument with the value to use: the caller's where given, else the
 * document's default. The resolved object is frozen and, for a caller who passes the same values
 * again, the same object.
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` (issues `unknown_flag`, `invalid_flag`) for a flag
 *   the instrument does not have or a value that is not a boolean
 * @internal
 */
export function resolveFlags(c: CompiledInstrument, input: unknown): Readonly<Record<string, boolean>> {
  if (input === undefined) return c.defaultFlags;
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw invalidArgument("flags must be an object of booleans.", "flags 必须是布尔值对象。");
  }
  const given = input as Record<string, unknown>;
  const cached = c.lastFlagsResolved;
  if (input === c.lastFlagsInput && cached !== null) {
    let keys = 0;
    for (const key in given) {
      void key;
      keys++;
    }
    let known = 0;
    let same = true;
    for (const name of c.flagNames) {
      const value = given[name];
      if (value !== undefined) known++;
      if ((value === undefined ? c.defaultFlags[name] : value) !== cached[name]) same = false;
    }
    if (same && keys === known) return cached;
  }
  const issues: Issue[] = [];
  for (const key of Object.keys(given)) {
    if (!c.flagNames.includes(key)) {
      issues.push(
        createIssue("unknown_flag", "/flags/" + key, `${c.reference.id} has no policy flag "${key}" (flags: ${c.flagNames.join(", ") || "none"}).`, `${c.reference.id} 没有政策开关 "${key}"（可用：${c.flagNames.join("、") || "无"}）。`, {
          params: { flag: key },
        }),
      );
    } else if (typeof given[key] !== "boolean") {
      issues.push(createIssue("invalid_flag", "/flags/" + key, `Policy flag "${key}" must be true or false.`, `政策开关 "${key}" 必须是 true 或 false。`, { params: { flag: key } }));
    }
  }
  if (issues.length > 0) {
    const first = issues[0] as Issue;
    throw invalidArgument(first.message, first.messageZh, issues);
  }
  const resolved: Record<string, boolean> = {};
  for (const name of c.flagNames) {
    const value = given[name];
    resolved[name] = typeof value === "boolean" ? value : (c.defaultFlags[name] as boolean);
  }
  Object.freeze(resolved);
  c.lastFlagsInput = input;
  c.lastFlagsResolved = resolved;
  return resolved;
}

/** Whether a value is an instrument, or a non-empty list of them. @internal */
export function isInstrumentSource(value: unknown): value is InstrumentSource {
  if (isInstrument(value)) return true;
  if (!Array.isArray(value) || value.length === 0) return false;
  // A loop, not `every`: this runs once per record scored.
  for (let i = 0; i < value.length; i++) if (!isInstrument(value[i])) return false;
  return true;
}

/**
 * The instrument source, the record and the options of a call made either way: the current
 * `fn(instrument, record, options)` or the deprecated `fn(record, { instrument, ...options })`.
 * @throws `YiyangError` `invalid_argument` when neither form fits
 * @internal
 */
export function resolveCall<O extends { instrument?: InstrumentSource | undefined }>(
  name: string,
  first: unknown,
  second: unknown,
  third: O | undefined,
): { source: InstrumentSource; record: unknown; options: O } {
  if (isInstrumentSource(first)) return { source: first, record: second, options: (third ?? {}) as O };
  const legacy = second as O | undefined;
  if (typeof legacy === "object" && legacy !== null && !Array.isArray(legacy) && legacy.instrument !== undefined) {
    if (!isInstrumentSource(legacy.instrument)) {
      throw invalidArgument(`${name}: the instrument must be one returned by loadInstrument.`, `${name}：评估工具必须由 loadInstrument 返回。`);
    }
    return { source: legacy.instrument, record: first, options: legacy };
  }
  throw invalidArgument(
    `${name}(instrument, record): the first argument must be an instrument returned by loadInstrument (or a list of its versions).`,
    `${name}(instrument, record)：第一个参数必须是 loadInstrument 返回的评估工具（或其各版本的列表）。`,
  );
}

/**
 * The compiled instrument in force for a record, and the policy flags to use: what every function
 * that scores a record starts with.
 * @internal
 */
export function openRecord(
  source: InstrumentSource,
  record: unknown,
  flags: unknown,
  issues: Issue[],
): { c: CompiledInstrument; flags: Readonly<Record<string, boolean>> } {
  const c = selectCompiled(source, record, issues);
  return { c, flags: resolveFlags(c, flags) };
}

/**
 * Every policy flag of an instrument with the value a call would use: the ones given, the others at
 * the document's defaults. Check a city's flags once with it before scoring a batch.
 *
 * @param instrument - a loaded instrument
 * @param flags - the flags to set
 * @returns every flag's value (frozen)
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` with `unknown_flag` or `invalid_flag`
 *   issues for a flag the instrument does not have or a value that is not a boolean
 *
 * @example
 * ```ts
 * resolvePolicyFlags(gbt, { stackAdjustments: true }); //=> { stackAdjustments: true, countOtherRiskEvents: true }
 * ```
 */
export function resolvePolicyFlags(instrument: Instrument, flags?: Readonly<Record<string, boolean>>): Readonly<Record<string, boolean>> {
  return resolveFlags(getCompiled(instrument), flags);
}
