/**
 * Citizen identity numbers (公民身份号码, GB 11643-1999): the check digit, and the birth date and
 * sex they carry. Nothing here ever puts the number itself into a message or an issue.
 */
import { isCalendarDate } from "./calendar-date";
import { errorFromIssues, YIYANG_ERROR_CODES } from "./errors";
import { createIssue, type Issue, type SafeResult } from "./issues";

/** What a citizen identity number says about its holder. */
export interface CitizenId {
  /** 18 (GB 11643-1999, with a check digit) or 15 (the legacy form without one, birth year 19xx). */
  readonly form: 18 | 15;
  /** The six-digit administrative division code of where the number was issued (GB/T 2260). */
  readonly region: string;
  /** The birth date the number encodes, `YYYY-MM-DD`. */
  readonly birthDate: string;
  /** The sex the number encodes (an odd sequence digit is male), as the FHIR code. */
  readonly sex: "male" | "female";
}

/** Weights of the first 17 digits in the ISO 7064 MOD 11-2 check (2^(17-i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** The check character for each remainder of the weighted sum mod 11. */
const CHECK_CHARACTERS = "10X98765432";

function isDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/**
 * The check character (`0`–`9` or `X`) of the first 17 digits of an 18-digit number, by ISO 7064
 * MOD 11-2.
 * @internal
 */
export function citizenIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK_CHARACTERS[sum % 11] as string;
}

function invalid(reason: string, en: string, zh: string): SafeResult<CitizenId> {
  return {
    ok: false,
    issues: [createIssue("invalid_id_number", "", `The ID number ${en}`, `公民身份号码${zh}`, { params: { reason } })],
  };
}

/**
 * Check a citizen identity number (公民身份号码, GB 11643-1999) and read the birth date and sex it
 * encodes. The 18-digit form is six digits of region, eight of birth date, three of sequence (odd
 * for a man) and a check character verified by ISO 7064 MOD 11-2 (`X`, in either case, stands for
 * 10); the legacy 15-digit form has a six-digit birth date in the 1900s and no check character.
 * White space around the number is ignored. The region code is not looked up in GB/T 2260.
 * Never throws, and no issue repeats the number or any part of it.
 *
 * @param value - the number as written (a string: a number cannot hold 18 digits exactly)
 * @returns the form, region, birth date and sex; or an `invalid_id_number` issue whose
 *   `params.reason` is `type`, `length`, `characters`, `birth_date` or `check_digit`
 *
 * @example
 * ```ts
 * safeParseCitizenId("11010519491231002X");
 * //=> { ok: true, value: { form: 18, region: "110105", birthDate: "1949-12-31", sex: "female" }, issues: [] }
 * safeParseCitizenId("110105194912310021").issues[0].params; //=> { reason: "check_digit" }
 * ```
 */
export function safeParseCitizenId(value: unknown): SafeResult<CitizenId> {
  if (typeof value !== "string") {
    return invalid("type", "must be written as text (a number cannot hold 18 digits exactly).", "必须以文本形式填写（数字无法精确保存 18 位）。");
  }
  const text = value.trim();
  if (text.length !== 18 && text.length !== 15) {
    return invalid("length", "must have 18 characters (or 15 in the legacy form).", "应为 18 位（旧版为 15 位）。");
  }
  const form = text.length === 18 ? 18 : 15;
  const digitsEnd = form === 18 ? 17 : 15;
  const last = text.charAt(17);
  if (!isDigits(text, 0, digitsEnd) || (form === 18 && !isDigits(last, 0, 1) && last !== "X" && last !== "x")) {
    return invalid(
      "characters",
      form === 18 ? "must be 17 digits and a check character (a digit or X)." : "must be 15 digits.",
      form === 18 ? "应为 17 位数字加 1 位校验码（数字或 X）。" : "应为 15 位数字。",
    );
  }
  const birthDate =
    form === 18
      ? `${text.slice(6, 10)}-${text.slice(10, 12)}-${text.slice(12, 14)}`
      : `19${text.slice(6, 8)}-${text.slice(8, 10)}-${text.slice(10, 12)}`;
  if (!isCalendarDate(birthDate)) {
    return invalid("birth_date", "does not hold a real birth date.", "中的出生日期不是有效日期。");
  }
  if (form === 18 && citizenIdCheckCharacter(text) !== last.toUpperCase()) {
    return invalid("check_digit", "has a check character that does not match its first 17 digits (a digit was mistyped).", "的校验码与前 17 位不符（有数字录入错误）。");
  }
  const sequenceDigit = text.charCodeAt(form === 18 ? 16 : 14) - 48;
  return {
    ok: true,
    value: Object.freeze({ form, region: text.slice(0, 6), birthDate, sex: sequenceDigit % 2 === 1 ? "male" : "female" }),
    issues: [],
  };
}

/**
 * {@link safeParseCitizenId}, throwing for a number that is not valid.
 *
 * @param value - the number as written
 * @returns the form, region, birth date and sex the number encodes
 * @throws {@link YiyangError} `invalid_input` with the `invalid_id_number` issue (which does not repeat the number)
 *
 * @example
 * ```ts
 * parseCitizenId("330106450312123").birthDate; //=> "1945-03-12"
 * ```
 */
export function parseCitizenId(value: unknown): CitizenId {
  const result = safeParseCitizenId(value);
  if (result.ok) return result.value;
  throw errorFromIssues(YIYANG_ERROR_CODES.INVALID_INPUT, result.issues as Issue[], { en: "The ID number is invalid", zh: "公民身份号码无效" });
}
