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

/** `parseFloat` as json-logic-js calls it, with a fast path for numbers (parseFloat(-0) is 0). */
export function toFloat(value: unknown): number {
  return typeof value === "number" ? value + 0 : parseFloat(value as string);
}

const hasOwn = Object.prototype.hasOwnProperty;
const OBJECT_PROTOTYPE = Object.prototype;
const ARRAY_PROTOTYPE = Array.prototype;

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

/** Loose comparison helpers, exactly JavaScript's operators. */
export function lessThan(a: unknown, b: unknown): boolean {
  return (a as number) < (b as number);
}
export function lessOrEqual(a: unknown, b: unknown): boolean {
  return (a as number) <= (b as number);
}

/** An evaluation error that names the rule's JSON path. */
export function evaluationError(path: readonly PathSegment[], message: string, messageZh: string): YiyangError {
  const pointer = toPointer(path);
  return new YiyangError(YIYANG_ERROR_CODES.EVALUATION_FAILED, `${message} (at rule path "${pointer}")`, {
    messageZh: `${messageZh}（规则路径 "${pointer}"）`,
    issues: [{ code: "evaluation_failed", path: pointer, message, messageZh, severity: "error" }],
  });
}

/** A limit error that names the rule's JSON path. */
export function limitError(
  path: readonly PathSegment[],
  what: string,
  whatZh: string,
  limit: number,
): YiyangError {
  const pointer = toPointer(path);
  const message = `${what} exceeds the limit of ${limit}.`;
  const messageZh = `${whatZh}超过上限 ${limit}。`;
  return new YiyangError(YIYANG_ERROR_CODES.LIMIT_EXCEEDED, `${message} (at rule path "${pointer}")`, {
    messageZh: `${messageZh}（规则路径 "${pointer}"）`,
    issues: [{ code: "limit_exceeded", path: pointer, message, messageZh, severity: "error", params: { limit } }],
  });
}
