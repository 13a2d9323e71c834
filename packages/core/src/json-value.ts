/**
 * Reading documents as JSON values: a checked, normalised copy of anything a caller hands in, and
 * a strict JSON text parser that refuses duplicate keys. Both are iterative, so no input can
 * exhaust the stack, and both report every problem as an issue with its JSON pointer.
 */
import { createIssue, type Issue, type PathSegment, type SafeResult } from "./issues";

/** Limits on a document read as JSON. */
export interface JsonLimits {
  /** Deepest nesting of arrays and objects. Default 256. */
  maxDepth: number;
  /** Most values (arrays, objects and scalars) in one document. Default 2,000,000. */
  maxValues: number;
}

/** The limits used when none are given. */
export const DEFAULT_JSON_LIMITS: Readonly<JsonLimits> = Object.freeze({ maxDepth: 256, maxValues: 2_000_000 });

/** A lone (unpaired) UTF-16 surrogate. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const MAX_ISSUES = 100;

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "bigint") return "a bigint";
  const ctor: unknown = (value as { constructor?: unknown }).constructor;
  return typeof ctor === "function" && ctor.name !== "" ? `a ${ctor.name}` : "a non-plain object";
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A checked copy of a value handed in as a JSON document: only `null`, booleans, finite numbers,
 * strings, arrays and plain objects; no lone surrogate in a string or key; nesting and size within
 * limits. `-0` becomes `0` (the fingerprint's canonical JSON writes both as `0`, so a document's
 * meaning never differs where its fingerprint does not). A `__proto__` key is refused. Every problem
 * is reported with its JSON pointer: `invalid_json_value`, `invalid_number`, `invalid_string`,
 * `reserved_key`, `document_too_deep`, `document_too_large`.
 *
 * @param value - the document, as parsed from JSON
 * @param limits - depth and size limits (defaults: {@link DEFAULT_JSON_LIMITS})
 * @returns the copy, or every issue
 *
 * @example
 * ```ts
 * copyJsonValue({ a: -0, b: [1, 2] }); //=> { ok: true, value: { a: 0, b: [1, 2] }, issues: [] }
 * copyJsonValue({ a: Infinity }).issues[0]; //=> { code: "invalid_number", path: "/a", … }
 * ```
 */
export function copyJsonValue(value: unknown, limits: Partial<JsonLimits> = {}): SafeResult<unknown> {
  const { maxDepth, maxValues } = { ...DEFAULT_JSON_LIMITS, ...limits };
  const issues: Issue[] = [];
  const report = (issue: Issue): void => {
    if (issues.length < MAX_ISSUES) issues.push(issue);
  };
  let count = 0;
  // Each job copies one value into `set`, at `path`, `depth` levels down.
  const root: { value?: unknown } = {};
  const jobs: Array<{ value: unknown; path: PathSegment[]; depth: number; set: (copy: unknown) => void }> = [
    { value, path: [], depth: 0, set: (copy) => (root.value = copy) },
  ];
  while (jobs.length > 0) {
    const { value: current, path, depth, set } = jobs.pop() as (typeof jobs)[number];
    if (++count > maxValues) {
      report(createIssue("document_too_large", path, `The document holds more than ${maxValues} values.`, `文档中的值超过 ${maxValues} 个。`, { params: { limit: maxValues } }));
      break;
    }
    if (current === null || typeof current === "boolean") {
      set(current);
      continue;
    }
    if (typeof current === "number") {
      if (!Number.isFinite(current)) {
        report(createIssue("invalid_number", path, `${String(current)} is not a JSON number (too large, or not a number).`, `${String(current)} 不是有效的 JSON 数值（过大或不是数值）。`));
      }
      set(current === 0 ? 0 : current);
      continue;
    }
    if (typeof current === "string") {
      if (LONE_SURROGATE.test(current)) {
        report(createIssue("invalid_string", path, "The string holds a lone UTF-16 surrogate, which no UTF-8 file can hold.", "字符串包含孤立的 UTF-16 代理字符，UTF-8 文件无法表示。"));
      }
      set(current);
      continue;
    }
    if (typeof current !== "object") {
      report(createIssue("invalid_json_value", path, `A document holds only JSON values; found ${describe(current)}.`, `文档只能包含 JSON 值；此处是 ${describe(current)}。`));
      continue;
    }
    if (depth >= maxDepth) {
      report(createIssue("document_too_deep", path, `The document nests deeper than ${maxDepth} levels.`, `文档嵌套层数超过 ${maxDepth}。`, { params: { limit: maxDepth } }));
      continue;
    }
    if (Array.isArray(current)) {
      const copy: unknown[] = new Array<unknown>(current.length);
      set(copy);
      for (let i = current.length - 1; i >= 0; i--) {
        const item: unknown = current[i];
        if (item === undefined) {
          report(createIssue("invalid_json_value", [...path, i], "A document holds only JSON values; found undefined.", "文档只能包含 JSON 值；此处是 undefined。"));
          copy[i] = null;
          continue;
        }
        jobs.push({ value: item, path: [...path, i], depth: depth + 1, set: (c) => (copy[i] = c) });
      }
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(current);
    if (proto !== Object.prototype && proto !== null) {
      report(createIssue("invalid_json_value", path, `A document holds only JSON values; found ${describe(current)}.`, `文档只能包含 JSON 值；此处是 ${describe(current)}。`));
      continue;
    }
    const copy: Record<string, unknown> = {};
    set(copy);
    const keys = Object.keys(current);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k] as string;
      const member = (current as Record<string, unknown>)[key];
      if (LONE_SURROGATE.test(key)) {
        report(createIssue("invalid_string", [...path, key], "The key holds a lone UTF-16 surrogate, which no UTF-8 file can hold.", "键名包含孤立的 UTF-16 代理字符，UTF-8 文件无法表示。"));
      }
      if (key === "__proto__") {
        // As a key of a map (policy flags, a test's expectations) it would become the copy's prototype in
        // most JSON tools, and readers that index by key would disagree about it.
        report(createIssue("reserved_key", [...path, key], '"__proto__" cannot be a key: in JavaScript it names an object\'s prototype.', '"__proto__" 不能用作键名：在 JavaScript 中它表示对象的原型。'));
        continue;
      }
      if (member === undefined) continue; // as JSON.stringify: an undefined member is absent
      jobs.push({ value: member, path: [...path, key], depth: depth + 1, set: (c) => setOwn(copy, key, c) });
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: root.value, issues: [] };
}

/** Options for {@link parseJson}. */
export interface ParseJsonOptions extends Partial<JsonLimits> {
  /** Where the text came from, for messages (a file name). */
  source?: string;
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Parse JSON text strictly, as a rule document must be read: duplicate keys are refused (JSON.parse
 * keeps the last one silently, so two systems could read one file differently), a syntax error
 * says its line and column, and nesting and size are bounded. Numbers are read as JSON.parse reads
 * them; `-0` becomes `0`. Issues: `invalid_json` (syntax, with `params.line` and `params.column`),
 * `duplicate_key` (at the second occurrence's pointer), `document_too_deep`, `document_too_large`,
 * `invalid_number` (a number too large for a double, such as `1e309`), `invalid_string`.
 *
 * @param text - the JSON text (a leading byte-order mark is skipped)
 * @param options - limits
 * @returns the value, or every issue
 *
 * @example
 * ```ts
 * parseJson('{"to": 1, "to": 2}').issues[0]; //=> { code: "duplicate_key", path: "/to", … }
 * parseJson('{"a": [1, 2,]}').issues[0].code; //=> "invalid_json"
 * ```
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): SafeResult<unknown> {
  const { maxDepth, maxValues } = { ...DEFAULT_JSON_LIMITS, ...options };
  const issues: Issue[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let count = 0;
  const n = text.length;

  const fail = (message: string, messageZh: string, at = i): SafeResult<unknown> => {
    const { line, column } = position(text, at);
    return {
      ok: false,
      issues: [
        ...issues,
        createIssue("invalid_json", "", `Not valid JSON at line ${line}, column ${column}: ${message}`, `第 ${line} 行第 ${column} 列不是有效的 JSON：${messageZh}`, { params: { line, column } }),
      ],
    };
  };
  const skip = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const readString = (): string | null => {
    // text[i] is the opening quote.
    let end = i + 1;
    let simple = true;
    for (;;) {
      if (end >= n) return null;
      const c = text.charCodeAt(end);
      if (c === 0x22) break;
      if (c < 0x20) return null;
      if (c === 0x5c) {
        simple = false;
        end += 2;
        continue;
      }
      end++;
    }
    const raw = text.slice(i, end + 1);
    i = end + 1;
    if (simple) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return null;
    }
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  type Frame =
    | { kind: "array"; value: unknown[]; path: PathSegment[] }
    | { kind: "object"; value: Record<string, unknown>; path: PathSegment[]; key: string | null; seen: Set<string> };
  const stack: Frame[] = [];
  let result: unknown;

  const place = (value: unknown): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) result = value;
    else if (top.kind === "array") top.value.push(value);
    else setOwn(top.value, top.key as string, value);
  };
  const pathHere = (): PathSegment[] => {
    const top = stack[stack.length - 1];
    if (top === undefined) return [];
    return top.kind === "array" ? [...top.path, top.value.length] : [...top.path, top.key as string];
  };

  // Expecting a value.
  for (;;) {
    skip();
    if (i >= n) return fail("the text ends where a value is expected.", "文本在应有值的位置结束。");
    if (++count > maxValues) {
      issues.push(createIssue("document_too_large", pathHere(), `The document holds more than ${maxValues} values.`, `文档中的值超过 ${maxValues} 个。`, { params: { limit: maxValues } }));
      return { ok: false, issues };
    }
    const c = text.charCodeAt(i);
    let scalar: { value: unknown } | null = null;
    if (c === 0x7b || c === 0x5b) {
      if (stack.length >= maxDepth) {
        issues.push(createIssue("document_too_deep", pathHere(), `The document nests deeper than ${maxDepth} levels.`, `文档嵌套层数超过 ${maxDepth}。`, { params: { limit: maxDepth } }));
        return { ok: false, issues };
      }
      const path = pathHere();
      i++;
      skip();
      if (c === 0x5b) {
        const value: unknown[] = [];
        place(value);
        if (text.charCodeAt(i) === 0x5d) i++;
        else {
          stack.push({ kind: "array", value, path });
          continue;
        }
      } else {
        const value: Record<string, unknown> = {};
        place(value);
        if (text.charCodeAt(i) === 0x7d) i++;
        else {
          const frame: Frame = { kind: "object", value, path, key: null, seen: new Set() };
          stack.push(frame);
          const problem = readKey(frame);
          if (problem !== null) return problem;
          continue;
        }
      }
    } else if (c === 0x22) {
      const at = i;
      const s = readString();
      if (s === null) return fail("an unterminated or malformed string.", "字符串未结束或格式错误。", at);
      if (LONE_SURROGATE.test(s)) issues.push(createIssue("invalid_string", pathHere(), "The string holds a lone UTF-16 surrogate, which no UTF-8 file can hold.", "字符串包含孤立的 UTF-16 代理字符，UTF-8 文件无法表示。"));
      scalar = { value: s };
    } else if (text.startsWith("true", i)) {
      i += 4;
      scalar = { value: true };
    } else if (text.startsWith("false", i)) {
      i += 5;
      scalar = { value: false };
    } else if (text.startsWith("null", i)) {
      i += 4;
      scalar = { value: null };
    } else {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null) return fail(`unexpected character ${JSON.stringify(text[i])}.`, `意外的字符 ${JSON.stringify(text[i])}。`);
      i += match[0].length;
      const number = Number(match[0]);
      if (!Number.isFinite(number)) {
        issues.push(createIssue("invalid_number", pathHere(), `${match[0]} is too large for a number.`, `${match[0]} 超出数值范围。`));
      }
      scalar = { value: number === 0 ? 0 : number };
    }
    if (scalar !== null) place(scalar.value);
    // After a value: close containers, or go on to the next element or member.
    for (;;) {
      if (stack.length === 0) {
        skip();
        if (i < n) return fail("more text after the end of the document.", "文档结束后还有多余内容。");
        if (issues.length > 0) return { ok: false, issues };
        return { ok: true, value: result, issues: [] };
      }
      const top = stack[stack.length - 1] as Frame;
      skip();
      const d = text.charCodeAt(i);
      if (d === 0x2c) {
        i++;
        if (top.kind === "object") {
          skip();
          const problem = readKey(top);
          if (problem !== null) return problem;
        }
        break;
      }
      if ((top.kind === "array" && d === 0x5d) || (top.kind === "object" && d === 0x7d)) {
        i++;
        stack.pop();
        continue;
      }
      return fail(top.kind === "array" ? "expected , or ] after an element." : "expected , or } after a member.", top.kind === "array" ? "元素后应为 , 或 ]。" : "成员后应为 , 或 }。");
    }
  }

  function readKey(frame: Frame & { kind: "object" }): SafeResult<unknown> | null {
    skip();
    if (text.charCodeAt(i) !== 0x22) return fail("expected a quoted key.", "此处应为带引号的键名。");
    const at = i;
    const key = readString();
    if (key === null) return fail("an unterminated or malformed key.", "键名未结束或格式错误。", at);
    skip();
    if (text.charCodeAt(i) !== 0x3a) return fail("expected : after a key.", "键名后应为 :。");
    i++;
    if (frame.seen.has(key)) {
      const { line, column } = position(text, at);
      issues.push(
        createIssue("duplicate_key", [...frame.path, key], `The key "${key}" appears twice in one object (line ${line}); JSON readers disagree on which one counts.`, `同一对象中键 "${key}" 出现两次（第 ${line} 行）；不同的 JSON 读取程序取值不一致。`, {
          params: { key, line, column },
        }),
      );
    }
    frame.seen.add(key);
    frame.key = key;
    return null;
  }
}
