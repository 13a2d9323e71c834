import { YIYANG_ERROR_CODES, YiyangError } from "./errors";
import { toPointer, type PathSegment } from "./issues";

/** How many arrays and objects may nest inside one another before {@link canonicalize} gives up. */
const MAX_DEPTH = 1000;

/** A lone (unpaired) UTF-16 surrogate; in `u` mode a well-formed pair is one code point and does not match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** An array or object that has been opened and not yet closed. */
type Frame =
  | { kind: "array"; value: readonly unknown[]; index: number }
  | { kind: "object"; value: Record<string, unknown>; keys: string[]; index: number; wrote: boolean };

/**
 * Serialize a JSON value in the canonical form of RFC 8785 (JSON Canonicalization Scheme), so that
 * equal data always gives the same text, whatever its key order, white space or number spelling.
 *
 * Object keys are sorted by UTF-16 code units, there is no white space, strings are escaped as
 * `JSON.stringify` escapes them, and numbers take ECMAScript's shortest round-trip form (`-0` is
 * written `0`). Object properties whose value is `undefined` are left out, as `JSON.stringify` does.
 * Hash the UTF-8 bytes of the result (see `sha256Hex`) to compare documents across systems.
 *
 * @param value - the value to serialize: `null`, a boolean, a finite number, a string, an array, or a
 *   plain object (prototype `Object.prototype` or `null`) holding only such values
 * @returns the canonical JSON text
 * @throws {@link YiyangError} `invalid_argument`, naming the JSON pointer of the offending value, for
 *   `NaN` or `±Infinity`, `undefined` at the top level or in an array, a function, symbol or bigint,
 *   an object that is not plain (a `Date`, `Map`, class instance …), a string or key holding a lone
 *   surrogate (RFC 8785 §3.2.2.2), a cycle, or nesting deeper than 1,000 arrays and objects
 *
 * @example
 * ```ts
 * canonicalize({ b: [1, 2.50, -0, 1e21], a: "养老\n" });
 * //=> '{"a":"养老\\n","b":[1,2.5,0,1e+21]}'
 * ```
 */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  const frames: Frame[] = [];
  // Keys and indexes from the root down to the value being written (the root itself has none).
  const path: PathSegment[] = [];
  // The arrays and objects currently open: meeting one of them again is a cycle.
  const open = new Set<object>();

  let next: unknown = value;
  let hasNext = true;

  for (;;) {
    if (hasNext) {
      hasNext = false;
      const frame = write(next, out, path, open, frames.length);
      if (frame !== undefined) {
        frames.push(frame);
        open.add(frame.value);
      } else if (frames.length > 0) {
        path.pop();
      }
    }

    const top = frames[frames.length - 1];
    if (top === undefined) break;

    if (top.kind === "array") {
      if (top.index < top.value.length) {
        if (top.index > 0) out.push(",");
        path.push(top.index);
        next = top.value[top.index];
        top.index += 1;
        hasNext = true;
        continue;
      }
      out.push("]");
    } else {
      while (top.index < top.keys.length) {
        const key = top.keys[top.index] as string;
        top.index += 1;
        const member = top.value[key];
        if (member === undefined) continue;
        path.push(key);
        checkString(key, path, "key");
        if (top.wrote) out.push(",");
        top.wrote = true;
        out.push(JSON.stringify(key), ":");
        next = member;
        hasNext = true;
        break;
      }
      if (hasNext) continue;
      out.push("}");
    }

    frames.pop();
    open.delete(top.value);
    if (frames.length > 0) path.pop();
  }

  return out.join("");
}

/** Write a primitive, or open an array or object and return its frame. */
function write(
  value: unknown,
  out: string[],
  path: readonly PathSegment[],
  open: ReadonlySet<object>,
  depth: number,
): Frame | undefined {
  switch (typeof value) {
    case "string":
      checkString(value, path, "string");
      out.push(JSON.stringify(value));
      return undefined;
    case "boolean":
      out.push(value ? "true" : "false");
      return undefined;
    case "number":
      if (!Number.isFinite(value)) {
        throw fail(
          path,
          `${String(value)} is not a JSON number; only finite numbers can be canonicalized`,
          `${String(value)} 不是 JSON 数字，只能规范化有限的数字`,
        );
      }
      out.push(Object.is(value, -0) ? "0" : String(value));
      return undefined;
    case "undefined":
      throw fail(
        path,
        "undefined is not a JSON value (it is only allowed, and then left out, as an object property's value)",
        "undefined 不是 JSON 值（只有作为对象属性的值时才允许，且会被省略）",
      );
    case "function":
    case "symbol":
    case "bigint":
      throw fail(path, `a ${typeof value} is not a JSON value`, `${typeof value} 类型的值不是 JSON 值`);
    case "object":
      break;
  }

  if (value === null) {
    out.push("null");
    return undefined;
  }

  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) {
    const kind = describe(value);
    throw fail(
      path,
      `a ${kind} is not a plain JSON object; convert it to plain objects, arrays and primitives first`,
      `${kind} 不是普通的 JSON 对象，请先转换为普通对象、数组和基本类型`,
    );
  }
  if (open.has(value)) {
    throw fail(path, "the value contains a cycle (it contains itself)", "该值存在循环引用（包含了它自身）");
  }
  if (depth >= MAX_DEPTH) {
    throw fail(
      path,
      `the value nests arrays and objects more than ${MAX_DEPTH} levels deep`,
      `数组和对象的嵌套超过了 ${MAX_DEPTH} 层`,
    );
  }

  if (isArray) {
    out.push("[");
    return { kind: "array", value: value as readonly unknown[], index: 0 };
  }
  out.push("{");
  const record = value as Record<string, unknown>;
  // Default sort: by UTF-16 code units, as RFC 8785 §3.2.3 asks, independent of locale.
  return { kind: "object", value: record, keys: Object.keys(record).sort(), index: 0, wrote: false };
}

/** Whether a value is an object whose prototype is `Object.prototype` or `null`. */
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A short name for the kind of a non-plain object, for messages: `Date`, `Map`, a class name … */
function describe(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (typeof proto === "object" && proto !== null && Object.prototype.hasOwnProperty.call(proto, "constructor")) {
    const ctor: unknown = (proto as { constructor: unknown }).constructor;
    if (typeof ctor === "function" && typeof ctor.name === "string" && ctor.name !== "") return ctor.name;
  }
  return Object.prototype.toString.call(value).slice(8, -1);
}

/** Reject strings that are not well-formed Unicode: RFC 8785 §3.2.2.2 says they must fail. */
function checkString(text: string, path: readonly PathSegment[], what: "string" | "key"): void {
  if (LONE_SURROGATE.test(text)) {
    throw fail(
      path,
      `the ${what} contains a lone UTF-16 surrogate, which is not valid Unicode and cannot be canonicalized`,
      `${what === "key" ? "键" : "字符串"}包含不成对的 UTF-16 代理项，不是有效的 Unicode，无法规范化`,
    );
  }
}

/** Build the `invalid_argument` error for the value at `path`. */
function fail(path: readonly PathSegment[], message: string, messageZh: string): YiyangError {
  const pointer = toPointer(path);
  const where = pointer === "" ? "the top level" : `"${pointer}"`;
  const whereZh = pointer === "" ? "顶层" : `“${pointer}”处`;
  return new YiyangError(
    YIYANG_ERROR_CODES.INVALID_ARGUMENT,
    `Cannot canonicalize the value at ${where}: ${message}.`,
    { messageZh: `无法规范化${whereZh}的值：${messageZh}。` },
  );
}
