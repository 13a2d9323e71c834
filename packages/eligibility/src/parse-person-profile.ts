import { createIssue, isCalendarDate, normalizeIcd10, safeParseWith, YIYANG_ERROR_CODES, YiyangError, type Issue, type SafeResult, errorFromIssues } from "@yiyang/core";
import { ECONOMIC_STATUSES, LIVING_ARRANGEMENTS, personProfileSchema, type PersonProfile, type ProfileAssessment } from "./person-profile-schema";

const hasOwn = Object.prototype.hasOwnProperty;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `value`'s prototype is `Object.prototype` or `null` (so what it holds is its own or plain JavaScript's). */
function hasPlainPrototype(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Whether every own enumerable key of `value` is in `allowed`. */
function onlyKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key in value) if (hasOwn.call(value, key) && !allowed.has(key)) return false;
  return true;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isLocalizedText(value: unknown): boolean {
  return isPlainObject(value) && onlyKeys(value, LOCALIZED_KEYS) && isNonEmptyString(value["zh"]) && isNonEmptyString(value["en"]);
}

const PROFILE_KEYS = new Set(Object.keys(personProfileSchema.shape));
const RESIDENCE_KEYS = new Set(["city", "district"]);
const INSURANCE_KEYS = new Set(["ltciEnrolled", "ltciScheme"]);
const GRADE_KEYS = new Set(["scheme", "grade", "assessedOn", "nextAssessmentDue", "label"]);
const LOCALIZED_KEYS = new Set(["zh", "en"]);

/** Copy the keys of `from` present in it (even when undefined) onto `to`, as zod does for optional keys. */
function copyPresent(from: Record<string, unknown>, to: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of keys) if (hasOwn.call(from, key)) to[key] = from[key];
}

/** Whether a result is certainly valid as it is (what {@link fastAssessment} would accept). */
function isPlainAssessment(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const instrument = value["instrument"];
  if (!isPlainObject(instrument) || !isNonEmptyString(instrument["id"])) return false;
  const version = instrument["version"];
  const fingerprint = instrument["fingerprint"];
  if ((version !== undefined && typeof version !== "string") || (fingerprint !== undefined && typeof fingerprint !== "string")) return false;
  const { level, assessedOn, nextAssessmentDue, label } = value;
  if (!isCount(level) || !isCalendarDate(assessedOn)) return false;
  if (nextAssessmentDue !== undefined && nextAssessmentDue !== null && (!isCalendarDate(nextAssessmentDue) || nextAssessmentDue <= assessedOn)) return false;
  return label === undefined || isLocalizedText(label);
}

function fastAssessment(value: unknown): PersonProfile["assessment"] | null {
  if (!isPlainAssessment(value)) return null;
  const label = value["label"];
  const out: Record<string, unknown> = { ...value, instrument: { ...(value["instrument"] as Record<string, unknown>) } };
  if (label !== undefined) out["label"] = { zh: (label as Record<string, unknown>)["zh"], en: (label as Record<string, unknown>)["en"] };
  return out as PersonProfile["assessment"];
}

/** Whether a local care grade is certainly valid as it is (what {@link fastLocalGrade} would accept). */
function isPlainLocalGrade(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value) || !onlyKeys(value, GRADE_KEYS)) return false;
  const { scheme, grade, assessedOn, nextAssessmentDue, label } = value;
  if (!isNonEmptyString(scheme) || !isCount(grade) || !isCalendarDate(assessedOn)) return false;
  if (nextAssessmentDue !== undefined && (!isCalendarDate(nextAssessmentDue) || nextAssessmentDue <= assessedOn)) return false;
  return label === undefined || isLocalizedText(label);
}

function fastLocalGrade(value: unknown): PersonProfile["localCareGrade"] | null {
  if (!isPlainLocalGrade(value)) return null;
  const { scheme, grade, assessedOn, label } = value;
  const out: Record<string, unknown> = { scheme, grade, assessedOn };
  copyPresent(value, out, ["nextAssessmentDue"]);
  if (hasOwn.call(value, "label")) out["label"] = label === undefined ? undefined : { zh: (label as Record<string, unknown>)["zh"], en: (label as Record<string, unknown>)["en"] };
  return out as PersonProfile["localCareGrade"];
}

/**
 * The common case without zod: a profile that is certainly valid, parsed to exactly what
 * {@link personProfileSchema} would return; `null` whenever anything is unusual, and zod then has
 * the last word (and writes the issues). A property test holds the two to the same answers.
 * With `copy` false, a profile already in that form is returned as it is (for read-only use).
 * @internal
 */
export function fastParsePersonProfile(input: unknown, copy = true): PersonProfile | null {
  if (!isPlainObject(input) || !onlyKeys(input, PROFILE_KEYS)) return null;
  const { id, birthDate, residence, insurance, economicStatus, livingArrangement } = input;
  if (id !== undefined && typeof id !== "string") return null;
  if (!isCalendarDate(birthDate)) return null;
  if (!isPlainObject(residence) || !onlyKeys(residence, RESIDENCE_KEYS) || !isNonEmptyString(residence["city"])) return null;
  if (residence["district"] !== undefined && !isNonEmptyString(residence["district"])) return null;
  if (!isPlainObject(insurance) || !onlyKeys(insurance, INSURANCE_KEYS) || typeof insurance["ltciEnrolled"] !== "boolean") return null;
  if (insurance["ltciScheme"] !== undefined && !isNonEmptyString(insurance["ltciScheme"])) return null;
  if (typeof economicStatus !== "string" || !hasOwn.call(ECONOMIC_STATUSES, economicStatus)) return null;
  if (typeof livingArrangement !== "string" || !hasOwn.call(LIVING_ARRANGEMENTS, livingArrangement)) return null;
  const carer = input["familyCarerAtHome"];
  if (carer !== undefined && typeof carer !== "boolean") return null;
  const months = input["monthsInContinuousHomeCare"];
  if (months !== undefined && !isCount(months)) return null;
  const codes = input["chronicConditions"];
  let chronicConditions: string[] = [];
  // Already what zod would return (defaults present, codes normalised): no copy needed.
  let canonical = carer !== undefined && months !== undefined && codes !== undefined;
  if (codes !== undefined) {
    if (!Array.isArray(codes)) return null;
    chronicConditions = new Array<string>(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i] as unknown;
      const normal = typeof code === "string" ? normalizeIcd10(code) : null;
      if (normal === null) return null;
      if (normal !== code) canonical = false;
      chronicConditions[i] = normal;
    }
  }
  const list = input["assessments"];
  if (list !== undefined && (!Array.isArray(list) || list.length > 20)) return null;
  // As it is only when the objects the rules read are plain, with nothing inherited to read.
  if (!copy && canonical && hasPlainPrototype(input) && hasPlainPrototype(residence) && hasPlainPrototype(insurance)) {
    const assessment = input["assessment"];
    const grade = input["localCareGrade"];
    if ((assessment !== undefined && !isPlainAssessment(assessment)) || (grade !== undefined && !isPlainLocalGrade(grade))) return null;
    if (list !== undefined) for (let i = 0; i < (list as unknown[]).length; i++) if (!isPlainAssessment((list as unknown[])[i])) return null;
    return input as PersonProfile;
  }
  const out: Record<string, unknown> = {};
  copyPresent(input, out, ["id"]);
  out["birthDate"] = birthDate;
  const residenceOut: Record<string, unknown> = { city: residence["city"] };
  copyPresent(residence, residenceOut, ["district"]);
  out["residence"] = residenceOut;
  const insuranceOut: Record<string, unknown> = { ltciEnrolled: insurance["ltciEnrolled"] };
  copyPresent(insurance, insuranceOut, ["ltciScheme"]);
  out["insurance"] = insuranceOut;
  out["economicStatus"] = economicStatus;
  out["livingArrangement"] = livingArrangement;
  out["familyCarerAtHome"] = carer ?? false;
  out["chronicConditions"] = chronicConditions;
  if (hasOwn.call(input, "assessments")) {
    if (list === undefined) out["assessments"] = undefined;
    else {
      const assessments = new Array<unknown>((list as unknown[]).length);
      for (let i = 0; i < assessments.length; i++) {
        const assessment = fastAssessment((list as unknown[])[i]);
        if (assessment === null) return null;
        assessments[i] = assessment;
      }
      out["assessments"] = assessments;
    }
  }
  if (hasOwn.call(input, "assessment")) {
    if (input["assessment"] === undefined) out["assessment"] = undefined;
    else {
      const assessment = fastAssessment(input["assessment"]);
      if (assessment === null) return null;
      out["assessment"] = assessment;
    }
  }
  if (hasOwn.call(input, "localCareGrade")) {
    if (input["localCareGrade"] === undefined) out["localCareGrade"] = undefined;
    else {
      const grade = fastLocalGrade(input["localCareGrade"]);
      if (grade === null) return null;
      out["localCareGrade"] = grade;
    }
  }
  out["monthsInContinuousHomeCare"] = months ?? 0;
  return out as PersonProfile;
}

/**
 * Validate a person profile, returning every problem as an issue with a JSON pointer and messages in
 * English and Chinese. Optional fields get their defaults and ICD-10 codes are normalised.
 *
 * @param input - the profile JSON
 * @returns the profile, or every issue
 *
 * @example
 * ```ts
 * const result = safeParsePersonProfile({ birthDate: "1950-02-30" });
 * result.ok; //=> false
 * result.issues[0]; //=> { code: "invalid_value", path: "/birthDate", messageZh: "必须是 YYYY-MM-DD 格式的有效日期。", … }
 * ```
 */
export function safeParsePersonProfile(input: unknown): SafeResult<PersonProfile> {
  const fast = fastParsePersonProfile(input);
  const parsed: SafeResult<PersonProfile> = fast !== null ? { ok: true, value: fast, issues: [] } : safeParseWith(personProfileSchema, input);
  if (!parsed.ok) return parsed;
  const issues = assessmentListIssues(parsed.value);
  return issues.length === 0 ? parsed : { ok: false, issues };
}

/**
 * The results a profile carries, each with its JSON pointer: `assessments`, or the deprecated
 * single `assessment` read as a list of one.
 * @internal
 */
export function profileResults(profile: PersonProfile): ReadonlyArray<{ readonly assessment: ProfileAssessment; readonly path: string }> {
  if (profile.assessments !== undefined) return profile.assessments.map((assessment, i) => ({ assessment, path: RESULT_PATHS[i] ?? `/assessments/${i}` }));
  if (profile.assessment !== undefined) return [{ assessment: profile.assessment, path: "/assessment" }];
  return NO_RESULTS;
}

/** The pointers of the first results (a list holds at most 20), written once. */
const RESULT_PATHS: readonly string[] = Array.from({ length: 20 }, (_, i) => `/assessments/${i}`);

const NO_RESULTS: ReadonlyArray<{ assessment: ProfileAssessment; path: string }> = Object.freeze([]);

/**
 * What the schema cannot say about a profile's results: both `assessments` and the deprecated
 * `assessment` given, or two results of one instrument.
 * @internal
 */
export function assessmentListIssues(profile: PersonProfile): Issue[] {
  const list = profile.assessments;
  if (list === undefined) return [];
  const issues: Issue[] = [];
  if (profile.assessment !== undefined) {
    issues.push(
      createIssue("conflicting_fields", "/assessment", "Give assessments (one result per instrument) or the older assessment, not both.", "请给出 assessments（每个评估工具一个结果）或旧的 assessment，不能同时给出。", {
        params: { fields: ["assessments", "assessment"] },
      }),
    );
  }
  for (let i = 1; i < list.length; i++) {
    const id = (list[i] as ProfileAssessment).instrument.id;
    const first = list.findIndex((a) => a.instrument.id === id);
    if (first < i) {
      issues.push(
        createIssue("duplicate_instrument", `/assessments/${i}/instrument/id`, `Two results of ${id} (${first} and ${i}): give only the latest result of each instrument.`, `有两个 ${id} 的结果（第 ${first} 与第 ${i} 项）：每个评估工具只给出最新的结果。`, {
          params: { instrument: id, first, duplicate: i },
        }),
      );
    }
  }
  return issues;
}

/**
 * Validate a person profile.
 *
 * @param input - the profile JSON
 * @returns the profile with defaults filled in and ICD-10 codes normalised
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_input` carrying every issue
 *
 * @example
 * ```ts
 * parsePersonProfile(profile).chronicConditions; //=> ["I10"]
 * ```
 */
export function parsePersonProfile(input: unknown): PersonProfile {
  const result = safeParsePersonProfile(input);
  if (result.ok) return result.value;
  throw errorFromIssues(YIYANG_ERROR_CODES.INVALID_INPUT, result.issues, { en: "The profile is invalid", zh: "个人档案无效" });
}
