/**
 * Sex codes as the systems around an assessment write them, read into one code.
 */

/** Administrative sex as FHIR R4 codes it (`AdministrativeGender`), the code every result carries. */
export type SexCode = "male" | "female" | "other" | "unknown";

/** The codes {@link normalizeSex} reads, by the code they mean. */
const SEX_CODES: Readonly<Record<string, SexCode>> = Object.freeze({
  // FHIR R4 AdministrativeGender.
  male: "male",
  female: "female",
  other: "other",
  unknown: "unknown",
  // GB/T 2261.1-2003 人的性别代码: 0 未知的性别, 1 男性, 2 女性, 9 未说明的性别.
  "0": "unknown",
  "1": "male",
  "2": "female",
  "9": "unknown",
  // HL7 v2 table 0001: F, M, O, U, A (ambiguous), N (not applicable).
  M: "male",
  F: "female",
  O: "other",
  U: "unknown",
  A: "other",
  N: "unknown",
  // Chinese.
  男: "male",
  女: "female",
  未知: "unknown",
  男性: "male",
  女性: "female",
  未说明: "unknown",
});

/** Every spelling {@link normalizeSex} accepts, for messages and schemas. */
export const SEX_CODE_SPELLINGS: readonly string[] = Object.freeze(Object.keys(SEX_CODES));

/**
 * Read a sex code written the way a vendor's system writes it (FHIR `male`/`female`/`other`/
 * `unknown`, GB/T 2261.1 `0`/`1`/`2`/`9` as a string or a number, HL7 v2 `M`/`F`/`O`/`U`/`A`/`N`,
 * or `男`/`女`/`未知`) as the FHIR code. Surrounding white space is ignored, and the FHIR and HL7
 * letters in any case. Anything else is `null`.
 *
 * @param value - the code as written
 * @returns the FHIR code, or `null` when the value is not a sex code
 *
 * @example
 * ```ts
 * normalizeSex("F"); //=> "female"
 * normalizeSex(2); //=> "female"
 * normalizeSex("男"); //=> "male"
 * normalizeSex("9"); //=> "unknown"
 * normalizeSex("x"); //=> null
 * ```
 */
export function normalizeSex(value: unknown): SexCode | null {
  let key: string;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return null;
    key = String(value);
  } else if (typeof value === "string") {
    key = value.trim();
    if (key.length === 1) key = key.toUpperCase();
    else if (/^[A-Za-z]+$/.test(key)) key = key.toLowerCase();
  } else {
    return null;
  }
  return Object.prototype.hasOwnProperty.call(SEX_CODES, key) ? (SEX_CODES[key] as SexCode) : null;
}
