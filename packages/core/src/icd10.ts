import { YiyangError, YIYANG_ERROR_CODES } from "./errors";

/**
 * An inclusive range of ICD-10 codes, as returned by {@link parseIcd10Ranges}. Both endpoints are in
 * the canonical form of {@link normalizeIcd10}, and each is compared at its own precision: `to: "F03"`
 * takes in every subcode of F03, `from: "M84.0"` starts at M84.0 itself.
 *
 * @example
 * ```ts
 * const dementia: Icd10Range = { from: "F00", to: "F03" };
 * isIcd10InRanges("F03.9", [dementia]); //=> true
 * ```
 */
export interface Icd10Range {
  /** The first code in the range, inclusive. */
  from: string;
  /** The last code in the range, inclusive, with all its subcodes. */
  to: string;
}

/** A letter, two digits, and optionally a dot and 1–4 letters or digits. ASCII only. */
const ICD10_PATTERN = /^[A-Za-z]\d{2}(?:\.[A-Za-z0-9]{1,4})?$/;
/** The dashes and tildes accepted between the two ends of a range: - – — ~ ～. */
const RANGE_SEPARATOR = /\s*[-\u2013\u2014~\uFF5E]\s*/g;
/** What separates the items of a string spec: whitespace, commas (ASCII and full-width) and 、. */
const ITEM_SEPARATOR = /[\s,\uFF0C\u3001]+/;

/**
 * Put an ICD-10 code in canonical form: surrounding whitespace removed, letters upper-cased, the dot
 * kept. Accepts a letter and two digits, optionally followed by `.` and one to four letters or digits.
 *
 * @param code - A code such as `"F03"`, `"f03.9 "`, `"M84.41"` or `"S72.0X"`.
 * @returns The canonical code, or `null` when `code` is not an ICD-10 code of that shape (including
 * a code without its dot, such as `"F039"`).
 *
 * @example
 * ```ts
 * normalizeIcd10(" f03.9 "); //=> "F03.9"
 * normalizeIcd10("S72.0x"); //=> "S72.0X"
 * normalizeIcd10("F03."); //=> null
 * normalizeIcd10("F3"); //=> null
 * ```
 */
export function normalizeIcd10(code: string): string | null {
  if (typeof code !== "string") return null;
  const trimmed = code.trim();
  // Check the shape before upper-casing: toUpperCase maps some non-ASCII letters to ASCII ones ("ſ" → "S").
  if (!ICD10_PATTERN.test(trimmed)) return null;
  return trimmed.toUpperCase();
}

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function invalidRange(part: string, spec: unknown, reason: string, reasonZh: string): YiyangError {
  const shownPart = describeValue(part);
  const shownSpec = describeValue(spec);
  return new YiyangError(
    YIYANG_ERROR_CODES.INVALID_ARGUMENT,
    `Invalid ICD-10 range ${shownPart} in ${shownSpec}: ${reason}`,
    { messageZh: `ICD-10 范围 ${shownSpec} 中的 ${shownPart} 无效：${reasonZh}` },
  );
}

/** Compare two canonical codes at the precision of the shorter one. */
function compareAtCommonPrecision(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  const left = a.slice(0, length);
  const right = b.slice(0, length);
  return left < right ? -1 : left > right ? 1 : 0;
}

function parseItem(item: string, spec: unknown): Icd10Range {
  const ends = item.split("-");
  const expected = 'expected a code such as "I25" or a range such as "F00-F03".';
  const expectedZh = "应为单个编码（如 \"I25\"）或编码范围（如 \"F00-F03\"）。";
  if (ends.length > 2 || ends.some((end) => end === "")) throw invalidRange(item, spec, expected, expectedZh);
  const from = normalizeIcd10(ends[0] ?? "");
  const to = ends.length === 2 ? normalizeIcd10(ends[1] ?? "") : from;
  if (from === null || to === null) {
    throw invalidRange(
      item,
      spec,
      `${expected} An ICD-10 code is a letter, two digits and optionally "." with 1–4 letters or digits.`,
      `${expectedZh}ICD-10 编码为一个字母加两位数字，可再跟 "." 及 1–4 位字母或数字。`,
    );
  }
  if (compareAtCommonPrecision(from, to) > 0) {
    throw invalidRange(
      item,
      spec,
      `the start ${from} comes after the end ${to}.`,
      `起点 ${from} 晚于终点 ${to}。`,
    );
  }
  return { from, to };
}

/**
 * Parse a list of ICD-10 codes and code ranges, as written in the standards, into {@link Icd10Range}
 * values. A single code stands for itself and all its subcodes (`"I25"` is I25 to I25.9…); a range
 * is two codes joined by `-`, `–`, `—`, `~` or `～` (`"F00-F03"`, `"K20–K31"`, `"M84.0-M84.3"`).
 * Spaces around the dash are allowed; letters may be in either case.
 *
 * @param spec - A string of items separated by commas (`,` `，`), `、` or whitespace, such as
 * `"I10-I15, I25"`; or an array with one item per element, such as `["I10-I15", "I25"]`.
 * @returns One range per item, in the order given.
 * @throws {@link YiyangError} `invalid_argument` (naming the bad item in English and Chinese) when
 * `spec` lists nothing, an item is not a code or range, or a range starts after it ends.
 *
 * @example
 * ```ts
 * parseIcd10Ranges("F00-F03, I25"); //=> [{ from: "F00", to: "F03" }, { from: "I25", to: "I25" }]
 * parseIcd10Ranges(["c00–d48"]); //=> [{ from: "C00", to: "D48" }]
 * parseIcd10Ranges("F03-F00"); // throws YiyangError "invalid_argument"
 * ```
 */
export function parseIcd10Ranges(spec: string | readonly string[]): Icd10Range[] {
  let items: string[];
  if (typeof spec === "string") {
    items = spec.replace(RANGE_SEPARATOR, "-").split(ITEM_SEPARATOR).filter((item) => item !== "");
  } else if (Array.isArray(spec)) {
    items = (spec as readonly unknown[]).map((element) => {
      if (typeof element !== "string") {
        throw invalidRange(
          String(element),
          spec,
          "every element of the array must be a string.",
          "数组的每个元素都必须是字符串。",
        );
      }
      return element.trim().replace(RANGE_SEPARATOR, "-");
    });
  } else {
    throw new YiyangError(
      YIYANG_ERROR_CODES.INVALID_ARGUMENT,
      `An ICD-10 range spec must be a string or an array of strings, got ${describeValue(spec)}.`,
      { messageZh: `ICD-10 范围必须是字符串或字符串数组，实际为 ${describeValue(spec)}。` },
    );
  }
  if (items.length === 0) {
    throw new YiyangError(
      YIYANG_ERROR_CODES.INVALID_ARGUMENT,
      `The ICD-10 range spec ${describeValue(spec)} lists no codes.`,
      { messageZh: `ICD-10 范围 ${describeValue(spec)} 未列出任何编码。` },
    );
  }
  return items.map((item) => parseItem(item, spec));
}

/**
 * Whether an ICD-10 code falls in any of a list of ranges. The code is normalized, then compared
 * with each endpoint at that endpoint's precision (the code cut to the endpoint's length, compared
 * as a string): `F03.9` is in `F00-F03`, `D48.7` is in `C00-D48`, `M84.31` is in `M84.0-M84.3`,
 * but `D49` is not in `C00-D48`, `M84.4` is not in `M84.0-M84.3`, and neither is the bare category `M84`.
 *
 * @param code - The code to test, in any case, with or without surrounding whitespace.
 * @param ranges - Ranges from {@link parseIcd10Ranges}.
 * @returns `true` when the code lies in at least one range; `false` otherwise, and for any string
 * that is not an ICD-10 code (this function never throws on a bad code).
 *
 * @example
 * ```ts
 * const ranges = parseIcd10Ranges("F00-F03, C00-D48");
 * isIcd10InRanges("f03.9", ranges); //=> true
 * isIcd10InRanges("D49", ranges); //=> false
 * isIcd10InRanges("not a code", ranges); //=> false
 * ```
 */
export function isIcd10InRanges(code: string, ranges: readonly Icd10Range[]): boolean {
  if (!Array.isArray(ranges)) {
    throw new YiyangError(
      YIYANG_ERROR_CODES.INVALID_ARGUMENT,
      `ICD-10 ranges must be an array (from parseIcd10Ranges), got ${describeValue(ranges)}.`,
      { messageZh: `ICD-10 范围必须是数组（由 parseIcd10Ranges 生成），实际为 ${describeValue(ranges)}。` },
    );
  }
  const normalized = normalizeIcd10(code);
  if (normalized === null) return false;
  return ranges.some(({ from, to }) => {
    const atFrom = normalized.slice(0, from.length);
    const atTo = normalized.slice(0, to.length);
    return atFrom >= from && atTo <= to;
  });
}
