/**
 * How bad. An `error` means no result is produced; a `warning` is reported beside a result.
 */
export type IssueSeverity = "error" | "warning";

/**
 * One problem found in an input, a rule document or a record: plain JSON, safe to log, store or send.
 *
 * @example
 * ```ts
 * const issue: Issue = {
 *   code: "invalid_option",
 *   path: "/items/stairs",
 *   message: "4 is not a score of item stairs (allowed: 0, 1, 2, 3).",
 *   messageZh: "4 不是条目 stairs 的可选分值（可选：0, 1, 2, 3）。",
 *   severity: "error",
 * };
 * ```
 */
export interface Issue {
  /** A stable, machine-readable code such as `unknown_operator` or `missing_item`. */
  code: string;
  /** A JSON pointer (RFC 6901) into the input the issue is about; `""` is the whole input. */
  path: string;
  /** The message in English. */
  message: string;
  /** The message in Chinese. */
  messageZh: string;
  /** `error` stops a result; `warning` travels with it. */
  severity: IssueSeverity;
  /** Optional structured facts behind the message (the operator name, the allowed values …). */
  params?: Record<string, unknown>;
}

/**
 * What a `safe*` function returns: the value, or every issue that stopped it.
 * A success may still carry warnings.
 */
export type SafeResult<T> =
  | { ok: true; value: T; issues: Issue[] }
  | { ok: false; issues: Issue[] };

/** A path as a list of keys and indexes, turned into a JSON pointer by {@link toPointer}. */
export type PathSegment = string | number;

/**
 * Turn a list of keys and indexes into a JSON pointer (RFC 6901), escaping `~` and `/`.
 *
 * @param segments - keys and array indexes from the root down
 * @returns the pointer, `""` for the root
 *
 * @example
 * ```ts
 * toPointer(["items", "stairs"]); //=> "/items/stairs"
 * toPointer(["a/b", 0]); //=> "/a~1b/0"
 * ```
 */
export function toPointer(segments: readonly PathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    out += "/" + String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
  }
  return out;
}

/**
 * Build an {@link Issue}.
 *
 * @param code - the stable code
 * @param path - a JSON pointer, or the segments of one
 * @param message - English text
 * @param messageZh - Chinese text
 * @param options - severity (default `error`) and structured params
 * @returns the issue
 *
 * @example
 * ```ts
 * createIssue("missing_item", ["items", "eating"], "Item eating is missing.", "缺少条目 eating。");
 * //=> { code: "missing_item", path: "/items/eating", message: "Item eating is missing.", messageZh: "缺少条目 eating。", severity: "error" }
 * ```
 */
export function createIssue(
  code: string,
  path: string | readonly PathSegment[],
  message: string,
  messageZh: string,
  options: { severity?: IssueSeverity; params?: Record<string, unknown> } = {},
): Issue {
  const issue: Issue = {
    code,
    path: typeof path === "string" ? path : toPointer(path),
    message,
    messageZh,
    severity: options.severity ?? "error",
  };
  if (options.params !== undefined) issue.params = options.params;
  return issue;
}

/**
 * Whether any issue in the list is an error (as opposed to a warning).
 *
 * @example
 * ```ts
 * hasErrors([{ code: "age_under_60", path: "", message: "", messageZh: "", severity: "warning" }]); //=> false
 * ```
 */
export function hasErrors(issues: readonly Issue[]): boolean {
  for (const issue of issues) if (issue.severity === "error") return true;
  return false;
}
