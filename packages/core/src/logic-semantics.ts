/**
 * The value semantics of json-logic-js 2.0.5, shared by the compiler and the tracer so that both
 * give the same answer. Internal: nothing here is exported from the package.
 * @internal
 */

import { YIYANG_ERROR_CODES, YiyangError } from "./errors";
import { toPointer, type PathSegment } from "./issues";

/**
 * Whether a rule's value counts as true, as JSON Logic defines it: an empty array is false,
 * everything else as in JavaScript (`0`, `""`, `null` are false; `"0"`, `[0]` are true). Every
 * condition in a Yiyang document (an adjustment's `when`, an eligibility condition, an indicator's
 * population) holds exactly when its value is truthy in this sense.
 *
 * @param value - what a rule returned
 * @returns whether it counts as true
 *
 * @example
 * ```ts
 * isTruthy([]); //=> false
 * isTruthy(2); //=> true
 * ```
 */
export function truthy(value: unknown): boolean {
  if (value === true) return true;
  if (value === false) return false;
  if (Array.isArray(value)) return value.length !== 0;
  return !!value;
}


export const hasOwn = Object.prototype.hasOwnProperty;
export const OBJECT_PROTOTYPE = Object.prototype;
export const ARRAY_PROTOTYPE = Array.prototype;

/** Called with a value about to be turned into text: measures a list first (see {@link listTextLength}). */
export type Guard = (value: object) => void;

/**
 * `parseFloat` as json-logic-js calls it (with a fast path for numbers: parseFloat(-0) is 0), for a
 * value that may be a list: the list is measured before it is turned into text.
 */
export function toNumberGuarded(value: unknown, guard: Guard): number {
  if (typeof value === "number") return value + 0;
  if (typeof value === "object" && value !== null) guard(value);
  return parseFloat(value as string);
}

/** A plain key (see {@link readPlainKey}) of a string, or `notFound`: only its indexes are its own. */
export function stringKey(value: string, key: string | number, notFound: unknown): unknown {
  return hasOwn.call(value, key) ? (value as unknown as Record<string | number, unknown>)[key] : notFound;
}

/** A field's value as a sum adds it: a missing field is `null` (NaN), anything else as {@link toNumberGuarded}. */
export function fieldNumber(value: unknown, guard: Guard): number {
  return value === undefined ? NaN : toNumberGuarded(value, guard);
}

/** Keys a rule may never read, whatever the data holds. */
export const BLOCKED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Read one key of a value, own properties only. Strings expose their indexes and `length`;
 * numbers, booleans and functions expose nothing.
 */
export function readOwn(value: unknown, key: string): unknown {
  if (typeof value === "object") {
    if (value === null) return undefined;
    const found = (value as Record<string, unknown>)[key];
    if (found === undefined) return undefined;
    // A hit on an object whose prototype is a built-in one cannot be inherited unless the key is a
    // built-in's name; those keys go through hasOwnProperty (see `isRiskyKey`).
    const proto = Object.getPrototypeOf(value);
    if ((proto === OBJECT_PROTOTYPE || proto === null || proto === ARRAY_PROTOTYPE) && !RISKY_KEYS.has(key)) {
      return found;
    }
    return hasOwn.call(value, key) && !BLOCKED_KEYS.has(key) ? found : undefined;
  }
  if (typeof value === "string") {
    return hasOwn.call(value, key) ? (value as unknown as Record<string, unknown>)[key] : undefined;
  }
  return undefined;
}

function collectPrototypeKeys(): Set<string> {
  const keys = new Set<string>(BLOCKED_KEYS);
  const protos: object[] = [
    Object.prototype,
    Array.prototype,
    String.prototype,
    Number.prototype,
    Boolean.prototype,
    Function.prototype,
  ];
  for (const proto of protos) for (const key of Object.getOwnPropertyNames(proto)) keys.add(key);
  return keys;
}

/** Names that exist on a built-in prototype: reading them needs a real own-property check. */
export const RISKY_KEYS: ReadonlySet<string> = collectPrototypeKeys();

/**
 * Read a key that is known, when the rule is compiled, not to be the name of anything on a
 * built-in prototype (see {@link RISKY_KEYS}): a hit on a plain object or array can then only be
 * an own property, so the own-property check is needed only for other prototypes.
 */
export function readPlainKey(value: unknown, key: string): unknown {
  if (typeof value === "object") {
    if (value === null) return undefined;
    const found = (value as Record<string, unknown>)[key];
    if (found === undefined) return undefined;
    const proto = Object.getPrototypeOf(value);
    if (proto === OBJECT_PROTOTYPE || proto === ARRAY_PROTOTYPE || proto === null) return found;
    return hasOwn.call(value, key) ? found : undefined;
  }
  if (typeof value === "string") {
    return hasOwn.call(value, key) ? (value as unknown as Record<string, unknown>)[key] : undefined;
  }
  return undefined;
}

/** The reader for a key fixed when the rule is compiled. */
export function keyReader(key: string): (value: unknown, key: string) => unknown {
  return RISKY_KEYS.has(key) ? readOwn : readPlainKey;
}

/** `var` with a path already split into keys, as json-logic-js walks it. */
export function readPath(data: unknown, keys: readonly string[], notFound: unknown): unknown {
  let current = data;
  for (let i = 0; i < keys.length; i++) {
    if (current === null || current === undefined) return notFound;
    current = readOwn(current, keys[i] as string);
    if (current === undefined) return notFound;
  }
  return current;
}

/** Split a `var` path the way json-logic-js does; `null` means "the whole data". */
export function splitPath(path: unknown): string[] | null {
  if (path === undefined || path === "" || path === null) return null;
  return String(path).split(".");
}

/** `var` with evaluated arguments. */
export function evaluateVar(data: unknown, path: unknown, fallback: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback;
  const keys = splitPath(path);
  if (keys === null) return data;
  return readPath(data, keys, notFound);
}

/** `missing` over a list of keys (data values are never evaluated as rules). */
export function evaluateMissing(data: unknown, keys: ArrayLike<unknown>): unknown[] {
  const missing: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = Array.isArray(key) ? evaluateVar(data, key[0], key[1]) : evaluateVar(data, key, undefined);
    if (value === null || value === "") missing.push(key);
  }
  return missing;
}

/** `in`: substring or array membership, false for anything else. */
export function evaluateIn(needle: unknown, haystack: unknown, path: readonly PathSegment[]): boolean {
  if (!haystack) return false; // "" included, as in json-logic-js
  if (typeof haystack === "string") return haystack.indexOf(needle as string) !== -1;
  if (Array.isArray(haystack)) return haystack.indexOf(needle) !== -1;
  const method = (haystack as { indexOf?: unknown }).indexOf;
  if (method === undefined) return false;
  throw evaluationError(path, `"in" needs a string or an array to search.`, `"in" 只能在字符串或数组中查找。`);
}

/** `substr` exactly as json-logic-js. */
export function evaluateSubstr(source: unknown, start: unknown, end: unknown): string {
  const text = String(source);
  if ((end as number) < 0) {
    const rest = text.substr(start as number);
    return rest.substr(0, rest.length + (end as number));
  }
  return text.substr(start as number, end as number);
}


/** An evaluation error that names the rule's JSON path. */
export function evaluationError(path: readonly PathSegment[], message: string, messageZh: string): YiyangError {
  const pointer = toPointer(path);
  return new YiyangError(YIYANG_ERROR_CODES.EVALUATION_FAILED, `${message} (at rule path "${pointer}")`, {
    messageZh: `${messageZh}（规则路径 "${pointer}"）`,
    issues: [{ code: "evaluation_failed", path: pointer, message, messageZh, severity: "error" }],
  });
}

/** Deepest nesting of lists {@link listTextLength} follows (a list nested deeper counts as too long). */
const MAX_TEXT_DEPTH = 1000;

/**
 * How many characters `String(list)` would make (as `cat`, comparisons and arithmetic turn a list
 * into text), counted without making it and given up past `limit`: a rule can build a list of many
 * references to one long string, whose text is far larger than what the rule built. A list inside
 * itself counts as `""`, as in `Array.prototype.join`. Each element looked at adds one to
 * `counter.work`.
 */
export function listTextLength(list: readonly unknown[], limit: number, counter: { work: number }): number {
  return textOfList(list, limit, [], 0, counter);
}

function textOfList(list: readonly unknown[], limit: number, open: unknown[], depth: number, counter: { work: number }): number {
  if (depth > MAX_TEXT_DEPTH) return limit + 1;
  const n = list.length;
  let length = n > 0 ? n - 1 : 0;
  open.push(list);
  for (let i = 0; i < n && length <= limit; i++) {
    counter.work++;
    const v = list[i];
    if (v === null || v === undefined) continue;
    if (typeof v === "string") length += v.length;
    else if (typeof v === "number") length += String(v).length;
    else if (typeof v === "boolean") length += v ? 4 : 5;
    else if (Array.isArray(v)) {
      if (open.indexOf(v) === -1) length += textOfList(v, limit - length, open, depth + 1, counter);
    } else length += 15; // "[object Object]"; any other object says what it says when converted
  }
  open.pop();
  return length;
}

/** The error for an evaluation that went past its work budget (`LogicLimits.maxWork`). */
export function workError(path: readonly PathSegment[], limit: number): YiyangError {
  return limitError(path, "The work of one evaluation (nodes evaluated, elements and characters built)", "单次求值的工作量（求值的节点数、生成的元素与字符数）", limit, "maxWork");
}

/**
 * How many limit errors evaluations have raised, and the last one: a document's test runner can
 * tell that a case ran out of budget even when the kind turned the error into an issue of its own.
 */
export const limitErrors: { count: number; last: YiyangError | null } = { count: 0, last: null };

/** A limit error that names the rule's JSON path. */
export function limitError(
  path: readonly PathSegment[],
  what: string,
  whatZh: string,
  limit: number,
  name?: string,
): YiyangError {
  const pointer = toPointer(path);
  const message = `${what} exceeds the limit of ${limit}.`;
  const messageZh = `${whatZh}超过上限 ${limit}。`;
  const params: Record<string, unknown> = name === undefined ? { limit } : { limit, name };
  const error = new YiyangError(YIYANG_ERROR_CODES.LIMIT_EXCEEDED, `${message} (at rule path "${pointer}")`, {
    messageZh: `${messageZh}（规则路径 "${pointer}"）`,
    issues: [{ code: "limit_exceeded", path: pointer, message, messageZh, severity: "error", params }],
  });
  limitErrors.count++;
  limitErrors.last = error;
  return error;
}
