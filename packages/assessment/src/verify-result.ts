import { toPointer, YIYANG_ERROR_CODES, YiyangError, type Issue, type LocalizedText, type PathSegment } from "@yiyang/core";
import { scoreRecord } from "./assess";
import type { RecordMapping } from "./record-mapping";
import { isInstrumentSource, type InstrumentSource } from "./resolve-instrument";
import type { AssessmentResult } from "./types";

/** Options for {@link verifyResult}. */
export interface VerifyResultOptions {
  /**
   * The policy flags the verifier requires (a city's pinned policy); the others keep the
   * instrument's defaults. A result made under other flags is `other_policy`, never `match`: the
   * flags a result claims are never trusted to recompute it.
   */
  flags?: Readonly<Record<string, boolean>> | undefined;
  /**
   * The record mapping the result says it was read through: the record given is then the vendor's
   * row, and the result's `mapping` is compared too (another mapping is `other_rules`). Without it,
   * the record is the interchange record and a result's `mapping` is not compared.
   */
  mapping?: RecordMapping | undefined;
  /**
   * The instrument, for the old call form `verifyResult(result, record, { instrument })`.
   * @deprecated Pass the instrument first: `verifyResult(instrument, record, result, options)`.
   */
  instrument?: InstrumentSource | undefined;
}

/**
 * Fields a result may carry beside what `assess` computes (annotations added on the way: the
 * command line's `warnings`): not compared.
 */
const ANNOTATIONS: ReadonlySet<string> = new Set(["warnings"]);
const WITHOUT_MAPPING: ReadonlySet<string> = new Set(["warnings", "mapping"]);

/**
 * How a result compares with a recomputation:
 * - `match`: every field is equal;
 * - `other_rules`: the result names another instrument id, version or fingerprint than the version
 *   in force on the record's `assessedOn` (made under other rules, or the rules were changed);
 * - `other_policy`: same rules, but the result was made under other policy flags than required;
 * - `different_answer`: same rules and policy, but fields differ (a tampered or wrong score, level …);
 * - `invalid_record`: the record itself is invalid, so nothing can be confirmed.
 */
export type VerificationStatus = "match" | "other_rules" | "other_policy" | "different_answer" | "invalid_record";

/** One field that differs, by JSON pointer into the result. */
export interface ResultDifference {
  path: string;
  /** The recomputed value (`undefined` when the result has a field the recomputation lacks). */
  expected: unknown;
  /** The value in the result given (`undefined` when missing). */
  actual: unknown;
}

/** What {@link verifyResult} returns. */
export interface ResultVerification {
  /** `true` exactly when `status` is `match`. */
  ok: boolean;
  status: VerificationStatus;
  /** Every field that differs, in the order of the result's fields. */
  differences: ResultDifference[];
  /** The recomputed result, or `null` when the record is invalid. */
  expected: AssessmentResult | null;
  /** The record's issues: the errors when `invalid_record`, otherwise its warnings. */
  issues: Issue[];
  /** One sentence saying what was found. */
  message: LocalizedText;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function diff(expected: unknown, actual: unknown, path: PathSegment[], out: ResultDifference[], annotations: ReadonlySet<string> = ANNOTATIONS): void {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const n = Math.max(expected.length, actual.length);
    for (let i = 0; i < n; i++) diff(expected[i], actual[i], [...path, i], out, annotations);
    return;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const key of Object.keys(expected)) diff(expected[key], actual[key], [...path, key], out, annotations);
    for (const key of Object.keys(actual)) {
      if (path.length === 0 && annotations.has(key)) continue;
      if (!Object.prototype.hasOwnProperty.call(expected, key)) diff(undefined, actual[key], [...path, key], out, annotations);
    }
    return;
  }
  if (expected === actual) return;
  if (expected === undefined && actual === undefined) return;
  out.push({ path: toPointer(path), expected, actual });
}

function describe(reference: unknown): string {
  if (!isObject(reference)) return "none";
  // A forged result's fields may be anything: String() of a deeply nested array would overflow the stack.
  const text = (value: unknown): string => (typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : Array.isArray(value) ? "(array)" : typeof value);
  return `${text(reference.id)} ${text(reference.version)} (${text(reference.fingerprint).slice(0, 19)}…)`;
}

/**
 * Recompute a result from its record and list every field that differs, telling apart a result
 * made under other rules (its instrument id, version or fingerprint is not that of the version in
 * force on `assessedOn`), one made under other policy flags than required (the instrument's
 * defaults, or those `options.flags` pins), and one made under the same rules and policy with a
 * different answer. The flags a result names are never used to recompute it: a forged result with
 * flipped flags is `other_policy`, not `match`. A result straight from {@link assess} always matches.
 *
 * @param instrument - a loaded instrument, or several versions of one
 * @param record - the record the result claims to come from
 * @param result - the result to check, as received (any JSON)
 * @param options - the flags required
 * @returns the status, every difference, and the recomputed result
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` for an instrument not returned by {@link loadInstrument}
 *   or required flags the instrument does not have
 *
 * @example
 * ```ts
 * const result = assess(gbt, record);
 * verifyResult(gbt, record, { ...result, level: 4 });
 * //=> { ok: false, status: "different_answer", differences: [{ path: "/level", expected: 2, actual: 4 }], … }
 * ```
 */
export function verifyResult(instrument: InstrumentSource, record: unknown, result: unknown, options?: VerifyResultOptions): ResultVerification;
/** @deprecated Use `verifyResult(instrument, record, result, { flags })`. */
export function verifyResult(result: unknown, record: unknown, options: VerifyResultOptions & { instrument: InstrumentSource }): ResultVerification;
export function verifyResult(first: unknown, second: unknown, third?: unknown, fourth?: VerifyResultOptions): ResultVerification {
  let source: InstrumentSource;
  let record: unknown;
  let result: unknown;
  let options: VerifyResultOptions;
  if (isInstrumentSource(first)) {
    source = first;
    record = second;
    result = third;
    options = fourth ?? {};
  } else if (isObject(third) && isInstrumentSource(third.instrument)) {
    source = third.instrument;
    record = second;
    result = first;
    options = third as VerifyResultOptions;
  } else {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, "verifyResult(instrument, record, result): the first argument must be an instrument returned by loadInstrument.", {
      messageZh: "verifyResult(instrument, record, result)：第一个参数必须是 loadInstrument 返回的评估工具。",
    });
  }
  const scored = scoreRecord(source, record, { flags: options.flags, mapping: options.mapping }, null);
  const issues: Issue[] = scored.issues;
  const expected: AssessmentResult | null = scored.result;
  if (expected === null) {
    return {
      ok: false,
      status: "invalid_record",
      differences: [],
      expected: null,
      issues,
      message: {
        zh: `记录无效（${issues.filter((i) => i.severity === "error").length} 处错误），无法确认该结果。`,
        en: `The record is invalid (${issues.filter((i) => i.severity === "error").length} error(s)), so the result cannot be confirmed.`,
      },
    };
  }
  const differences: ResultDifference[] = [];
  // Without the mapping, what is verified is the scoring of the interchange record, not the reading of a row.
  diff(expected, result, [], differences, options.mapping === undefined ? WITHOUT_MAPPING : ANNOTATIONS);
  const actualInstrument = isObject(result) ? result.instrument : undefined;
  let status: VerificationStatus;
  let message: LocalizedText;
  if (differences.some((d) => d.path.startsWith("/mapping"))) {
    status = "other_rules";
    const actualMapping = isObject(result) ? result.mapping : undefined;
    message = {
      zh: `该结果读取原始答案所用的映射不同：结果注明 ${actualMapping === undefined ? "无映射" : describe(actualMapping)}，核对所用的是 ${describe(expected.mapping)}。`,
      en: `The result's answers were read through another mapping: it names ${actualMapping === undefined ? "none" : describe(actualMapping)}, the verifier used ${describe(expected.mapping)}.`,
    };
  } else if (differences.some((d) => d.path.startsWith("/instrument"))) {
    status = "other_rules";
    message = {
      zh: `该结果使用的规则不同：结果注明 ${describe(actualInstrument)}，而 ${expected.assessedOn} 生效的是 ${describe(expected.instrument)}。`,
      en: `The result was made under other rules: it names ${describe(actualInstrument)}, but the version in force on ${expected.assessedOn} is ${describe(expected.instrument)}.`,
    };
  } else if (differences.some((d) => d.path.startsWith("/flags"))) {
    status = "other_policy";
    const list = differences.filter((d) => d.path.startsWith("/flags")).map((d) => `${d.path.slice(7)}=${String(d.actual)}`).join(", ");
    message = {
      zh: `规则相同，但政策开关不同：结果使用 ${list}，要求为 ${Object.entries(expected.flags).map(([k, v]) => `${k}=${v}`).join(", ")}。`,
      en: `Same rules, other policy flags: the result used ${list}; required: ${Object.entries(expected.flags).map(([k, v]) => `${k}=${v}`).join(", ")}.`,
    };
  } else if (differences.length > 0) {
    status = "different_answer";
    const paths = differences.map((d) => d.path).join(", ");
    message = {
      zh: `规则相同，结果不同：${differences.length} 个字段不一致（${paths}）。`,
      en: `Same rules, different answer: ${differences.length} field(s) differ (${paths}).`,
    };
  } else {
    status = "match";
    message = {
      zh: `结果与按 ${describe(expected.instrument)} 重新计算的结果一致。`,
      en: `The result matches a recomputation under ${describe(expected.instrument)}.`,
    };
  }
  return { ok: status === "match", status, differences, expected, issues, message };
}
