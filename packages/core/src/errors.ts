import type { Issue } from "./issues";

/**
 * The codes a {@link YiyangError} can carry. Stable: code may switch on them.
 */
export const YIYANG_ERROR_CODES = {
  /** A rule or document failed validation; `issues` lists every problem. */
  INVALID_RULE: "invalid_rule",
  /** A document failed validation; `issues` lists every problem. */
  INVALID_DOCUMENT: "invalid_document",
  /** An input record failed validation; `issues` lists every problem. */
  INVALID_INPUT: "invalid_input",
  /** A calendar date was not a real `YYYY-MM-DD` date. */
  INVALID_DATE: "invalid_date",
  /** An argument had the wrong type or value (a programmer error). */
  INVALID_ARGUMENT: "invalid_argument",
  /** Evaluation went past a configured limit (array size, string length, depth). */
  LIMIT_EXCEEDED: "limit_exceeded",
  /** Evaluation could not continue on the data it was given. */
  EVALUATION_FAILED: "evaluation_failed",
  /** No document version is in force on the date asked for. */
  NO_VERSION_IN_FORCE: "no_version_in_force",
  /** Two versions of one document claim the same dates. */
  OVERLAPPING_VERSIONS: "overlapping_versions",
  /** A bug in this library: please open an issue. */
  INTERNAL: "internal",
} as const;

/** One of the values of {@link YIYANG_ERROR_CODES}. */
export type YiyangErrorCode = (typeof YIYANG_ERROR_CODES)[keyof typeof YIYANG_ERROR_CODES];

/** Options for {@link YiyangError}. */
export interface YiyangErrorOptions {
  /** The error that caused this one. */
  cause?: unknown;
  /** The issues behind the error, for validation failures. */
  issues?: Issue[];
  /** The message in Chinese. */
  messageZh?: string;
}

/** The brand every {@link YiyangError} carries, shared by every copy of core in one process. */
const BRAND = Symbol.for("yiyang.error");

/**
 * The one error class every Yiyang package throws. Throwing is for programmer errors and for the
 * non-`safe` variants of functions; expected failures come back as {@link Issue} values instead.
 *
 * @example
 * ```ts
 * try {
 *   compileLogic({ nope: [] });
 * } catch (e) {
 *   if (isYiyangError(e)) console.log(e.code, e.issues); //=> "invalid_rule" [{ code: "unknown_operator", … }]
 * }
 * ```
 */
export class YiyangError extends Error {
  /** The stable code. */
  readonly code: YiyangErrorCode;
  /** Every issue behind the error (empty when the error is not about input). */
  readonly issues: Issue[];
  /** The message in Chinese. */
  readonly messageZh: string;

  constructor(code: YiyangErrorCode, message: string, options: YiyangErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "YiyangError";
    this.code = code;
    this.issues = options.issues ?? [];
    this.messageZh = options.messageZh ?? message;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Whether a value is a {@link YiyangError}, thrown by any copy of the packages: an app that loads
 * both the ESM and the CJS build (a bundle and a `require`) recognises the errors of either, which
 * `instanceof` would not.
 *
 * @example
 * ```ts
 * isYiyangError(new YiyangError("internal", "x")); //=> true
 * isYiyangError(new Error("x")); //=> false
 * ```
 */
export function isYiyangError(value: unknown): value is YiyangError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Wrap anything thrown into a {@link YiyangError}, keeping it as the `cause`.
 *
 * @example
 * ```ts
 * toYiyangError(new RangeError("Maximum call stack size exceeded")).code; //=> "internal"
 * ```
 */
export function toYiyangError(value: unknown): YiyangError {
  if (isYiyangError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new YiyangError(YIYANG_ERROR_CODES.INTERNAL, message, { cause: value });
}

/**
 * The error a throwing function raises for the issues its `safe*` twin returns: the first error's
 * message with its JSON path and how many more there are, in English and Chinese, with every
 * issue attached.
 *
 * @param code - the error code
 * @param issues - the issues (warnings may be among them; the first error leads)
 * @param what - what failed, e.g. `{ en: "The rule is invalid", zh: "规则无效" }`
 * @returns the error, to throw
 *
 * @example
 * ```ts
 * errorFromIssues("invalid_input", issues, { en: "The record is invalid", zh: "记录无效" }).message;
 * //=> 'The record is invalid: 4 is not a score of stairs (at "/items/stairs") and 2 more.'
 * ```
 */
export function errorFromIssues(code: YiyangErrorCode, issues: readonly Issue[], what: { en: string; zh: string }): YiyangError {
  const errors = issues.filter((issue) => issue.severity === "error");
  const first = errors[0] ?? issues[0];
  if (first === undefined) return new YiyangError(code, `${what.en}.`, { messageZh: `${what.zh}。` });
  const more = Math.max(0, errors.length - 1);
  return new YiyangError(code, `${what.en}: ${first.message} (at "${first.path}")${more > 0 ? ` and ${more} more` : ""}.`, {
    issues: [...issues],
    messageZh: `${what.zh}：${first.messageZh}（位置 "${first.path}"）${more > 0 ? `，另有 ${more} 处` : ""}。`,
  });
}
