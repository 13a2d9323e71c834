/**
 * The hot path: validate one record against a compiled instrument and, when it is valid, score it.
 * One pass, no per-instrument code, every threshold read from the compiled document.
 * @internal
 */
import {
  addMonths,
  ageOn,
  createIssue,
  isCalendarDate,
  normalizeSex,
  safeParseCitizenId,
  SEX_CODE_SPELLINGS,
  YIYANG_ERROR_CODES,
  YiyangError,
  type CitizenId,
  type Issue,
  type LocalizedText,
  type SexCode,
} from "@yiyang/core";
import type { CompiledAdjustment, CompiledInstrument, NoteTest } from "./compiled-instrument";
import type { AppliedAdjustment, AssessmentResult } from "./types";

/** What every rule of an instrument reads. @internal */
export interface EvaluationContext {
  assessedOn: string;
  /** Whole years on `assessedOn`, or `null` without a birth date. */
  age: number | null;
  items: Record<string, unknown>;
  dimensions: Record<string, number>;
  total: number | null;
  grades: Record<string, number>;
  baseLevel: number;
  computed: Record<string, unknown>;
  /**
   * A.5.11 coma, or `undefined` when the record does not say (allowed only when no rule deciding
   * the level reads it without a default; `var` then gives its default, or `null`).
   */
  coma: boolean | undefined;
  /** The disease ids, or `undefined` when the record does not say (as for `coma`). */
  diseases: readonly string[] | undefined;
  /** The risk-event counts the record gives (an absent count is `undefined`, read as a rule's default or `null`). */
  riskEvents: Readonly<Record<string, number>>;
  flags: Readonly<Record<string, boolean>>;
}

/** What explainResult needs beyond the result. @internal */
export interface EvaluationTrace {
  context: EvaluationContext | null;
  /** Each adjustment considered and whether its condition held (empty when skipped). */
  considered: Array<{ adjustment: CompiledAdjustment; held: boolean }>;
  skipped: boolean;
}

const EMPTY_RECORD: Readonly<Record<string, never>> = Object.freeze({});

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return typeName(value);
}

function invalidType(path: string, expected: string, expectedZh: string, value: unknown): Issue {
  return createIssue(
    "invalid_type",
    path,
    `Expected ${expected}, got ${show(value)}.`,
    `应为${expectedZh}，实际为 ${show(value)}。`,
    { params: { expected, received: typeName(value) } },
  );
}

function missingField(field: string, zh: string): Issue {
  return createIssue("missing_field", "/" + field, `The record has no ${field}.`, `记录缺少${zh}（${field}）。`);
}

function escapeKey(key: string): string {
  return key.indexOf("~") === -1 && key.indexOf("/") === -1 ? key : key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * The issue for an input a rule deciding the level reads and the record lacks: naming the rule, and
 * saying how to write "none".
 */
function missingInput(c: CompiledInstrument, path: string, what: string, whatZh: string): Issue {
  const by = c.inputReaders.get(path) ?? { en: "a rule that decides the level", zh: "决定等级的规则" };
  return createIssue(
    "missing_input",
    path,
    `The record does not give ${what}, which ${by.en} reads: give it, written as false, [] or 0 when there is none (an absent value is never taken as none).`,
    `记录缺少${whatZh}，${by.zh}需要读取它：请填写；没有时写 false、[] 或 0（缺失不会被当作“无”）。`,
    { params: { field: path } },
  );
}

/**
 * The subject's birth date and sex, checked at the boundary: the sex code read into the FHIR code
 * (an unknown spelling is a warning, never an error), the ID number checked and its birth date and
 * sex used where the record gives none and compared where it does. No issue repeats the number.
 * Returns `null` after an error (pushed to `issues`).
 */
function readSubject(
  subject: Record<string, unknown>,
  assessedOn: string | null,
  issues: Issue[],
): { birthDate: string | null; birthPath: string; sex: SexCode | null } | null {
  let failed = false;
  for (const key in subject) {
    if (key !== "birthDate" && key !== "sex" && key !== "idNumber") {
      issues.push(
        createIssue("unknown_field", "/subject/" + escapeKey(key), `Unknown subject field "${key}" (ignored): a subject has birthDate, sex and idNumber.`, `未知的 subject 字段 "${key}"（已忽略）：subject 只有 birthDate、sex 和 idNumber。`, {
          severity: "warning",
          params: { field: key },
        }),
      );
    }
  }
  let id: CitizenId | null = null;
  if (subject.idNumber !== undefined) {
    const parsed = safeParseCitizenId(subject.idNumber);
    if (parsed.ok) id = parsed.value;
    else {
      failed = true;
      for (const issue of parsed.issues) issues.push({ ...issue, path: "/subject/idNumber" });
    }
  }
  let birthDate: string | null = null;
  const given = subject.birthDate;
  if (given !== undefined) {
    if (!isCalendarDate(given)) {
      failed = true;
      if (typeof given !== "string") issues.push(invalidType("/subject/birthDate", "a date YYYY-MM-DD", "YYYY-MM-DD 日期", given));
      else issues.push(createIssue("invalid_date", "/subject/birthDate", `${show(given)} is not a real calendar date YYYY-MM-DD.`, `${show(given)} 不是 YYYY-MM-DD 格式的有效日期。`));
    } else if (id !== null && id.birthDate !== given) {
      failed = true;
      issues.push(
        createIssue("id_number_mismatch", "/subject/birthDate", `The birth date ${given} differs from the birth date in the ID number, ${id.birthDate}.`, `出生日期 ${given} 与公民身份号码中的出生日期 ${id.birthDate} 不一致。`, {
          params: { field: "birthDate", given, fromIdNumber: id.birthDate },
        }),
      );
    } else birthDate = given;
  } else if (id !== null) birthDate = id.birthDate;
  if (birthDate !== null && assessedOn !== null && birthDate > assessedOn) {
    // Valid YYYY-MM-DD strings order as their dates.
    failed = true;
    issues.push(
      given !== undefined
        ? createIssue("birth_after_assessment", "/subject/birthDate", `The birth date ${birthDate} is after the assessment date ${assessedOn}.`, `出生日期 ${birthDate} 晚于评估日期 ${assessedOn}。`)
        : createIssue("birth_after_assessment", "/subject/idNumber", `The birth date in the ID number, ${birthDate}, is after the assessment date ${assessedOn}.`, `公民身份号码中的出生日期 ${birthDate} 晚于评估日期 ${assessedOn}。`),
    );
  }
  let sex: SexCode | null = null;
  const sexInput = subject.sex;
  if (sexInput !== undefined) {
    // FHIR codes as they are; every other spelling through core's reader.
    sex = sexInput === "female" || sexInput === "male" ? sexInput : normalizeSex(sexInput);
    if (sex === null) {
      sex = "unknown";
      issues.push(
        createIssue(
          "unknown_sex_code",
          "/subject/sex",
          `${show(sexInput)} is not a sex code (FHIR male/female/other/unknown, GB/T 2261.1 0/1/2/9, HL7 v2 M/F/O/U/A/N, 男/女/未知); it is read as unknown.`,
          `${show(sexInput)} 不是性别代码（FHIR male/female/other/unknown、GB/T 2261.1 0/1/2/9、HL7 v2 M/F/O/U/A/N、男/女/未知）；按“未知”处理。`,
          { severity: "warning", params: { values: SEX_CODE_SPELLINGS } },
        ),
      );
    } else if (id !== null && (sex === "male" || sex === "female") && sex !== id.sex) {
      failed = true;
      issues.push(
        createIssue("id_number_mismatch", "/subject/sex", `The sex ${sex} differs from the sex in the ID number, ${id.sex}.`, `性别 ${SEX_ZH[sex]} 与公民身份号码中的性别 ${SEX_ZH[id.sex]} 不一致。`, {
          params: { field: "sex", given: sex, fromIdNumber: id.sex },
        }),
      );
    }
  }
  if (id !== null && (sex === null || sex === "unknown")) sex = id.sex;
  return failed ? null : { birthDate, birthPath: given !== undefined ? "/subject/birthDate" : "/subject/idNumber", sex };
}

const SEX_ZH: Readonly<Record<SexCode, string>> = { male: "男", female: "女", other: "其他", unknown: "未知" };

/**
 * Validate `input` and, when it has no error, score it. Issues (errors and warnings) are pushed to
 * `issues`; the result is `null` when any error was found.
 * @internal
 */
export function evaluateRecord(
  c: CompiledInstrument,
  flags: Readonly<Record<string, boolean>>,
  input: unknown,
  issues: Issue[],
  trace: EvaluationTrace | null,
): AssessmentResult | null {
  if (!isObject(input)) {
    issues.push(
      createIssue("invalid_type", "", `A record must be a JSON object, got ${show(input)}.`, `记录必须是 JSON 对象，实际为 ${show(input)}。`, {
        params: { expected: "object", received: typeName(input) },
      }),
    );
    return null;
  }
  const record = input;
  let failed = false;

  for (const key in record) {
    switch (key) {
      case "id":
      case "assessedOn":
      case "subject":
      case "items":
      case "coma":
      case "diseases":
      case "riskEvents":
        continue;
      default:
        failed = true;
        issues.push(
          createIssue("unknown_field", "/" + escapeKey(key), `Unknown field "${key}": a record has id, assessedOn, subject, items, coma, diseases and riskEvents.`, `未知字段 "${key}"：记录只有 id、assessedOn、subject、items、coma、diseases、riskEvents。`, {
            params: { field: key },
          }),
        );
    }
  }

  const id = record.id;
  if (typeof id !== "string" || id.length === 0) {
    failed = true;
    issues.push(id === undefined ? missingField("id", "编号") : invalidType("/id", "a non-empty string", "非空字符串", id));
  }

  const assessedOn = record.assessedOn;
  const assessedOnValid = isCalendarDate(assessedOn);
  if (!assessedOnValid) {
    failed = true;
    if (assessedOn === undefined) issues.push(missingField("assessedOn", "评估日期"));
    else if (typeof assessedOn !== "string") issues.push(invalidType("/assessedOn", "a date YYYY-MM-DD", "YYYY-MM-DD 日期", assessedOn));
    else issues.push(createIssue("invalid_date", "/assessedOn", `${show(assessedOn)} is not a real calendar date YYYY-MM-DD.`, `${show(assessedOn)} 不是 YYYY-MM-DD 格式的有效日期。`));
  }

  let age: number | null = null;
  let sex: SexCode | null = null;
  let birthKnown = false;
  let birthPath = "/subject/birthDate";
  const subject = record.subject;
  if (subject !== undefined) {
    if (!isObject(subject)) {
      failed = true;
      birthKnown = true;
      issues.push(invalidType("/subject", "an object", "对象", subject));
    } else {
      const read = readSubject(subject, assessedOnValid ? (assessedOn as string) : null, issues);
      if (read === null) {
        failed = true;
        birthKnown = true;
      } else {
        sex = read.sex;
        birthPath = read.birthPath;
        birthKnown = read.birthDate !== null;
        if (read.birthDate !== null && assessedOnValid) age = ageOn(read.birthDate, assessedOn as string);
      }
    }
  }
  if (!birthKnown && c.requires.birthDate) {
    failed = true;
    issues.push(missingInput(c, "/subject/birthDate", "subject.birthDate (or subject.idNumber)", "出生日期 subject.birthDate（或 subject.idNumber）"));
  }

  const itemsInput = record.items;
  const sums = c.scratch;
  let items: Record<string, unknown> = EMPTY_RECORD;
  if (itemsInput === undefined) {
    failed = true;
    issues.push(missingField("items", "条目得分"));
  } else if (!isObject(itemsInput)) {
    failed = true;
    issues.push(invalidType("/items", "an object of item scores", "条目得分对象", itemsInput));
  } else {
    items = itemsInput;
    for (let d = 0; d < sums.length; d++) sums[d] = 0;
    const list = c.items;
    const seen = c.seen;
    const epoch = ++c.epoch;
    let known = 0;
    // Keys are read in the record's own order (for…in, whose keyed loads V8 serves from the enum
    // cache) and matched to items through the order of the previous record, which a batch shares.
    // An object with another prototype could bring inherited keys into for…in: scan a copy of its own.
    const proto: unknown = Object.getPrototypeOf(items);
    let scan: Record<string, unknown> = items;
    if (proto !== Object.prototype && proto !== null) {
      scan = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(items)) scan[key] = items[key];
    }
    const order = c.keyOrder;
    let position = 0;
    let sameOrder = true;
    for (const key in scan) {
      let index: number;
      if (sameOrder && position < order.keys.length && order.keys[position] === key) {
        index = order.indexes[position] as number;
      } else {
        if (sameOrder) {
          sameOrder = false;
          order.keys.length = position;
          order.indexes.length = position;
        }
        index = c.itemIndex.get(key) ?? -1;
        order.keys.push(key);
        order.indexes.push(index);
      }
      position++;
      if (index < 0) {
        failed = true;
        issues.push(createIssue("unknown_item", "/items/" + escapeKey(key), `"${key}" is not an item of ${c.reference.id}.`, `"${key}" 不是 ${c.reference.id} 的条目。`, { params: { item: key } }));
        continue;
      }
      const item = list[index] as (typeof list)[number];
      seen[index] = epoch;
      known++;
      const value = scan[key];
      if (typeof value === "number") {
        if (item.allowed[value] === 1) {
          sums[item.dimension] = (sums[item.dimension] as number) + value;
          continue;
        }
        failed = true;
        const path = "/items/" + item.key;
        if (!Number.isInteger(value)) {
          issues.push(createIssue("not_integer", path, `Item ${item.key} (${item.definition.code}) must be a whole number, got ${show(value)}.`, `条目 ${item.key}（${item.definition.code}）必须是整数，实际为 ${show(value)}。`, { params: { item: item.key, value, allowed: item.scores } }));
        } else {
          const allowed = item.scores.join(", ");
          issues.push(createIssue("invalid_option", path, `${value} is not a score of item ${item.key} (${item.definition.code}); allowed: ${allowed}.`, `${value} 不是条目 ${item.key}（${item.definition.code}）的可选分值；可选：${allowed}。`, { params: { item: item.key, value, allowed: item.scores } }));
        }
      } else {
        failed = true;
        issues.push(invalidType("/items/" + item.key, "a number", "数字", value));
      }
    }
    if (sameOrder && position !== order.keys.length) {
      order.keys.length = position;
      order.indexes.length = position;
    }
    if (known !== list.length) {
      for (let i = 0; i < list.length; i++) {
        if (seen[i] === epoch) continue;
        const item = list[i] as (typeof list)[number];
        failed = true;
        issues.push(createIssue("missing_item", "/items/" + item.key, `Item ${item.key} (${item.definition.code} ${item.definition.label.en}) is missing.`, `缺少条目 ${item.key}（${item.definition.code} ${item.definition.label.zh}）。`, { params: { item: item.key } }));
      }
    }
  }

  let coma: boolean | undefined;
  const comaInput = record.coma;
  if (comaInput === undefined) {
    if (c.requires.coma) {
      failed = true;
      issues.push(missingInput(c, "/coma", "coma", "昏迷（coma）"));
    }
  } else if (typeof comaInput === "boolean") coma = comaInput;
  else {
    failed = true;
    issues.push(invalidType("/coma", "true or false", "true 或 false", comaInput));
  }

  let diseases: readonly string[] | undefined;
  const diseasesInput = record.diseases;
  if (diseasesInput === undefined) {
    if (c.requires.diseases) {
      failed = true;
      issues.push(missingInput(c, "/diseases", "diseases", "疾病诊断（diseases）"));
    }
  } else if (!Array.isArray(diseasesInput)) {
    failed = true;
    issues.push(invalidType("/diseases", "a list of disease ids", "疾病 id 列表", diseasesInput));
  } else {
    const known = c.diseaseIds;
    for (let i = 0; i < diseasesInput.length; i++) {
      const disease: unknown = diseasesInput[i];
      if (typeof disease !== "string") {
        failed = true;
        issues.push(invalidType("/diseases/" + i, "a disease id", "疾病 id", disease));
      } else if (known !== null && !known.has(disease)) {
        failed = true;
        issues.push(createIssue("unknown_disease", "/diseases/" + i, `"${disease}" is not a disease id of ${c.reference.id}.`, `"${disease}" 不是 ${c.reference.id} 的疾病 id。`, { params: { disease } }));
      } else if (diseasesInput.indexOf(disease) < i) {
        issues.push(createIssue("duplicate_disease", "/diseases/" + i, `"${disease}" is listed twice.`, `"${disease}" 重复列出。`, { severity: "warning", params: { disease } }));
      }
    }
    diseases = diseasesInput as string[];
  }

  let riskEvents: Readonly<Record<string, number>> = EMPTY_RECORD;
  const riskInput = record.riskEvents;
  if (riskInput === undefined) {
    if (c.requires.riskEvents.length > 0) {
      failed = true;
      issues.push(missingInput(c, "/riskEvents", "riskEvents", "照护风险事件（riskEvents）"));
    }
  } else if (!isObject(riskInput)) {
    failed = true;
    issues.push(invalidType("/riskEvents", "an object of event counts", "风险事件次数对象", riskInput));
  } else if (c.riskKeys !== null) {
    const keys = c.riskKeys;
    const max = c.riskMax;
    let present = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const value = riskInput[key];
      if (value === undefined) {
        if (c.requires.riskEvents.includes(key)) {
          failed = true;
          issues.push(missingInput(c, "/riskEvents/" + key, `the ${key} count`, `${key} 次数`));
        }
        continue;
      }
      present++;
      if (typeof value === "number" && value >= 0 && value <= max && Number.isInteger(value)) continue;
      failed = true;
      const path = "/riskEvents/" + key;
      if (typeof value !== "number") issues.push(invalidType(path, "a count", "次数", value));
      else if (!Number.isInteger(value)) issues.push(createIssue("not_integer", path, `The ${key} count must be a whole number, got ${show(value)}.`, `${key} 次数必须是整数，实际为 ${show(value)}。`));
      else issues.push(createIssue("out_of_range", path, `The ${key} count is 0–${max} (${max} meaning ${max} or more), got ${value}.`, `${key} 次数应为 0–${max}（${max} 表示 ${max} 次及以上），实际为 ${value}。`, { params: { minimum: 0, maximum: max, value } }));
    }
    let count = 0;
    for (const key in riskInput) {
      void key;
      count++;
    }
    if (count !== present) {
      for (const key in riskInput) {
        if (!keys.includes(key)) {
          failed = true;
          issues.push(createIssue("unknown_risk_event", "/riskEvents/" + escapeKey(key), `"${key}" is not a risk event of ${c.reference.id} (${keys.join(", ")}).`, `"${key}" 不是 ${c.reference.id} 的风险事件（${keys.join("、")}）。`, { params: { event: key } }));
        }
      }
    }
    riskEvents = riskInput as Record<string, number>;
  }

  if (failed) return null;

  if (age !== null && c.minimumAge !== null && age < c.minimumAge) {
    issues.push(
      createIssue("under_minimum_age", birthPath, `The person is ${age} on ${assessedOn as string}, under the instrument's minimum age ${c.minimumAge}.`, `评估日 ${assessedOn as string} 时年龄 ${age} 岁，低于本工具的最低年龄 ${c.minimumAge} 岁。`, {
        severity: "warning",
        params: { age, minimumAge: c.minimumAge },
      }),
    );
  }

  // Scores.
  const dims = c.dimensions;
  const dimensions: Record<string, number> = { ...c.dimensionTemplate };
  let total = 0;
  for (let d = 0; d < dims.length; d++) {
    const sum = sums[d] as number;
    dimensions[(dims[d] as (typeof dims)[number]).key] = sum;
    total += sum;
  }
  const context: EvaluationContext = {
    assessedOn: assessedOn as string,
    age,
    items,
    dimensions,
    total: c.hasTotal ? total : null,
    grades: EMPTY_RECORD,
    baseLevel: -1,
    computed: EMPTY_RECORD,
    coma,
    diseases,
    riskEvents,
    flags,
  };
  if (trace !== null) trace.context = context;

  const adjustments: AppliedAdjustment[] = [];
  const level = decide(c, flags, context, adjustments, trace);
  const grades = context.grades === EMPTY_RECORD ? null : context.grades;
  const baseLevel = context.baseLevel;

  const checks = c.checks;
  let fired = 0;
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i] as (typeof checks)[number];
    if (check.when(context) !== true) continue;
    fired |= 1 << (i & 31);
    const definition = check.definition;
    if (definition.severity === "error") failed = true;
    issues.push(createIssue(definition.code, definition.path, definition.message.en, definition.message.zh, { severity: definition.severity }));
  }
  let nextAssessmentDue: string | null = null;
  if (c.intervalMonths !== null) {
    nextAssessmentDue = dueDate(assessedOn as string, c.intervalMonths);
    if (nextAssessmentDue === null) {
      failed = true;
      issues.push(
        createIssue("due_date_out_of_range", "/assessedOn", `The next assessment, ${c.intervalMonths} months after ${assessedOn as string}, would be due after 9999-12-31, the last date a result can name.`, `下次评估日期（${assessedOn as string} 之后 ${c.intervalMonths} 个月）晚于 9999-12-31，超出结果可表示的日期范围。`, {
          params: { intervalMonths: c.intervalMonths, maximum: "9999-12-31" },
        }),
      );
    }
  }
  if (failed) return null;

  const label = c.levelLabels[level] as LocalizedText;
  const provisional = c.notes.length === 0 ? NO_NOTES : provisionalOf(c, flags, context, level, fired, adjustments);
  // One literal per shape (with or without grades, with or without a known sex).
  if (sex !== null) {
    return grades !== null
      ? { id: id as string, assessedOn: assessedOn as string, subject: { sex }, instrument: c.reference, flags, dimensions, grades, total: context.total, baseLevel, adjustments, level, label, nextAssessmentDue, provisional }
      : { id: id as string, assessedOn: assessedOn as string, subject: { sex }, instrument: c.reference, flags, dimensions, total: context.total, baseLevel, adjustments, level, label, nextAssessmentDue, provisional };
  }
  return grades !== null
    ? { id: id as string, assessedOn: assessedOn as string, instrument: c.reference, flags, dimensions, grades, total: context.total, baseLevel, adjustments, level, label, nextAssessmentDue, provisional }
    : { id: id as string, assessedOn: assessedOn as string, instrument: c.reference, flags, dimensions, total: context.total, baseLevel, adjustments, level, label, nextAssessmentDue, provisional };
}

const NO_NOTES: readonly string[] = Object.freeze([]);

/** `addMonths(date, months)`, or `null` where that would fall outside 0001-01-01 to 9999-12-31 (it would throw). */
function dueDate(date: string, months: number): string | null {
  // `date` is a valid YYYY-MM-DD: its year and month from the digits' codes, without slicing.
  const year = date.charCodeAt(0) * 1000 + date.charCodeAt(1) * 100 + date.charCodeAt(2) * 10 + date.charCodeAt(3) - 48 * 1111;
  const index = year * 12 + (date.charCodeAt(5) * 10 + date.charCodeAt(6) - 48 * 11) - 1 + months;
  return index >= 12 && index <= 9999 * 12 + 11 ? addMonths(date, months) : null;
}

/**
 * Grades, the preliminary level, the computed values and the level-change rules, on a context whose
 * items, dimensions and total are set: fills `grades`, `baseLevel` and `computed` and returns the
 * final level. Pushes each adjustment applied to `applied` (when given); a trace records each one
 * considered.
 * @throws `YiyangError` `evaluation_failed` when a rule returns something that is not a grade or level
 * @internal
 */
export function decide(
  c: CompiledInstrument,
  flags: Readonly<Record<string, boolean>>,
  context: EvaluationContext,
  applied: AppliedAdjustment[] | null,
  trace: EvaluationTrace | null,
): number {
  const dims = c.dimensions;
  const dimensions = context.dimensions;
  let grades: Record<string, number> | null = null;
  if (c.graded) {
    grades = {};
    context.grades = grades;
    for (let d = 0; d < dims.length; d++) {
      const dimension = dims[d] as (typeof dims)[number];
      if (!dimension.graded) continue;
      let grade: unknown;
      if (dimension.gradeLookup !== null) grade = dimension.gradeLookup[(dimensions[dimension.key] as number) - dimension.min];
      else grade = (dimension.gradeRule as NonNullable<typeof dimension.gradeRule>)(context);
      if (typeof grade !== "number" || !Number.isInteger(grade) || grade < 0 || grade >= c.gradeCount) {
        throw badRuleResult(`/dimensions/${d}/grade`, "grade", grade);
      }
      grades[dimension.key] = grade;
    }
  }

  let baseLevel: unknown;
  if (c.levelLookup !== null) baseLevel = c.levelLookup[(context.total as number) - c.totalMin];
  else if (c.levelRule !== null) baseLevel = c.levelRule(context);
  else {
    const matrix = c.matrix as NonNullable<typeof c.matrix>;
    const g = grades as Record<string, number>;
    const row = g[(dims[matrix.row] as (typeof dims)[number]).key] as number;
    let column = 0;
    for (const index of matrix.columns) column = Math.max(column, g[(dims[index] as (typeof dims)[number]).key] as number);
    baseLevel = matrix.cells[row]?.[column];
  }
  if (typeof baseLevel !== "number" || !Number.isInteger(baseLevel) || baseLevel < 0 || baseLevel >= c.levelLabels.length) {
    throw badRuleResult("/preliminaryLevel", "level", baseLevel);
  }
  context.baseLevel = baseLevel;

  if (c.computed.length > 0) {
    const computed: Record<string, unknown> = {};
    context.computed = computed;
    for (const value of c.computed) computed[value.key] = value.rule(context);
  }

  // Adjustments: raises first (added up or the largest alone, up to the ceiling), then set-level rules.
  let level = baseLevel;
  if (baseLevel < c.skipFromLevel) {
    const stack = typeof c.stackRaises === "boolean" ? c.stackRaises : flags[c.stackRaises] === true;
    let raised = 0;
    const raises = c.raises;
    for (let i = 0; i < raises.length; i++) {
      const adjustment = raises[i] as CompiledAdjustment;
      const held = adjustment.when(context) === true;
      if (trace !== null) trace.considered.push({ adjustment, held });
      if (!held) continue;
      const from = level;
      raised = stack ? raised + adjustment.raise : Math.max(raised, adjustment.raise);
      level = Math.min(c.ceiling, baseLevel + raised);
      if (applied !== null) applied.push(appliedAdjustment(c, adjustment, from, level, context));
    }
    const sets = c.sets;
    for (let i = 0; i < sets.length; i++) {
      const adjustment = sets[i] as CompiledAdjustment;
      const held = adjustment.when(context) === true;
      if (trace !== null) trace.considered.push({ adjustment, held });
      if (!held) continue;
      const from = level;
      level = adjustment.setLevel;
      if (applied !== null) applied.push(appliedAdjustment(c, adjustment, from, level, context));
    }
  } else if (trace !== null) {
    trace.skipped = true;
  }
  return level;
}

/**
 * The final level of a context copied with other flags, dimensions or total: what the level would
 * be if only those differed (everything else the record holds stays as it is).
 * @internal
 */
export function levelUnder(
  c: CompiledInstrument,
  flags: Readonly<Record<string, boolean>>,
  context: EvaluationContext,
  change: { dimensions?: Record<string, number>; total?: number | null } = {},
): { level: number; baseLevel: number; grades: Readonly<Record<string, number>> } {
  const copy: EvaluationContext = {
    ...context,
    dimensions: change.dimensions ?? context.dimensions,
    total: change.total === undefined ? context.total : change.total,
    grades: EMPTY_RECORD,
    baseLevel: -1,
    computed: EMPTY_RECORD,
    flags,
  };
  const level = decide(c, flags, copy, null, null);
  return { level, baseLevel: copy.baseLevel, grades: copy.grades };
}

/**
 * The pointers of the instrument's provisional notes this result rests on (see the assessment
 * guide: each note applies when the content it points at took part in the result).
 */
function provisionalOf(
  c: CompiledInstrument,
  flags: Readonly<Record<string, boolean>>,
  context: EvaluationContext,
  level: number,
  fired: number,
  adjustments: readonly AppliedAdjustment[],
): readonly string[] {
  const notes = c.notes;
  const considered = context.baseLevel < c.skipFromLevel;
  // The notes that apply, as bits: the same set gives the same frozen list, so a batch allocates none.
  let mask = 0;
  let many: boolean[] | null = null;
  for (let i = 0; i < notes.length; i++) {
    const test = (notes[i] as (typeof notes)[number]).test;
    let applies: boolean;
    switch (test.kind) {
      case "always":
        applies = true;
        break;
      case "option":
        applies = context.items[test.item] === test.score;
        break;
      case "band":
        applies = context.total !== null && (test.min === null || context.total >= test.min) && (test.max === null || context.total <= test.max);
        break;
      case "level":
        applies = context.baseLevel === test.level || level === test.level;
        break;
      case "adjustments":
        applies = considered;
        break;
      case "adjustment":
        applies = considered && adjustments.some((a) => a.id === test.id);
        break;
      case "check":
        applies = (fired & (1 << (test.index & 31))) !== 0;
        break;
      case "disease":
        applies = context.diseases !== undefined && context.diseases.includes(test.id);
        break;
      case "risk": {
        const count = context.riskEvents[test.key];
        applies = typeof count === "number" && count > 0;
        break;
      }
      case "age":
        applies = context.age !== null;
        break;
      case "flag":
        applies = test.always || (considered && flagMatters(c, flags, context, level, test, adjustments));
        break;
    }
    if (!applies) continue;
    if (i < 30) mask |= 1 << i;
    else (many ??= [])[i] = true;
  }
  if (many !== null) {
    const out: string[] = [];
    for (let i = 0; i < notes.length; i++) if ((i < 30 && (mask & (1 << i)) !== 0) || many[i] === true) out.push((notes[i] as (typeof notes)[number]).path);
    return Object.freeze(out);
  }
  let list = c.noteLists.get(mask);
  if (list === undefined) {
    const out: string[] = [];
    for (let i = 0; i < notes.length; i++) if ((mask & (1 << i)) !== 0) out.push((notes[i] as (typeof notes)[number]).path);
    list = out.length === 0 ? NO_NOTES : Object.freeze(out);
    c.noteLists.set(mask, list);
  }
  return list;
}

/** Whether the other value of a policy flag would give another final level for this record. */
function flagMatters(
  c: CompiledInstrument,
  flags: Readonly<Record<string, boolean>>,
  context: EvaluationContext,
  level: number,
  test: Extract<NoteTest, { kind: "flag" }>,
  adjustments: readonly AppliedAdjustment[],
): boolean {
  // Stacking alone changes nothing unless two raises held.
  if (test.stack) {
    let raises = 0;
    for (const a of adjustments) if ("raise" in a.effect) raises++;
    if (raises < 2) return false;
  }
  const flipped = flippedFlags(c, flags, test.name);
  if (test.computedOnly) {
    // Only computed values read the flag: if none comes out differently, nothing downstream can.
    const saved = context.flags;
    context.flags = flipped;
    let same = true;
    try {
      for (const value of c.computed) {
        if (!Object.is(value.rule(context), context.computed[value.key])) {
          same = false;
          break;
        }
      }
    } finally {
      context.flags = saved;
    }
    if (same) return false;
  }
  return levelUnder(c, flipped, context).level !== level;
}

/** The flags with one flag's value flipped, kept for the flags object a batch passes again and again. */
function flippedFlags(c: CompiledInstrument, flags: Readonly<Record<string, boolean>>, name: string): Readonly<Record<string, boolean>> {
  const cache = c.flipped;
  if (cache.flags !== flags) {
    cache.flags = flags;
    cache.byName.clear();
  }
  let flipped = cache.byName.get(name);
  if (flipped === undefined) {
    const copy: Record<string, boolean> = { ...flags };
    copy[name] = flags[name] !== true;
    flipped = Object.freeze(copy);
    cache.byName.set(name, flipped);
  }
  return flipped;
}

function appliedAdjustment(c: CompiledInstrument, adjustment: CompiledAdjustment, fromLevel: number, toLevel: number, context: EvaluationContext): AppliedAdjustment {
  const definition = adjustment.definition;
  return {
    id: definition.id,
    clause: definition.clause,
    effect: definition.effect,
    fromLevel,
    toLevel,
    reason: adjustment.reason === null ? definition.reason : { zh: fillTemplate(c, adjustment.reason.zh, context, "zh"), en: fillTemplate(c, adjustment.reason.en, context, "en") },
  };
}

/**
 * A reason template split at its `{{path}}` placeholders: literal text at even indexes, the
 * placeholder's path (already split at its dots) at odd indexes. @internal
 */
export type TemplateParts = ReadonlyArray<string | readonly string[]>;

/** Read a path of own properties, `null` when any step is missing. @internal */
export function readContextPath(context: unknown, keys: readonly string[]): unknown {
  let current: unknown = context;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (typeof current !== "object" || current === null || !Object.prototype.hasOwnProperty.call(current, key)) return null;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * A context value as a reason or an explanation shows it, in one language: disease ids as the
 * instrument's labels, lists joined the language's way, an absent value as a dash.
 * @internal
 */
export function formatContextValue(c: CompiledInstrument, keys: readonly string[], value: unknown, lang: "zh" | "en"): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) {
    const separator = lang === "zh" ? "、" : ", ";
    if (value.length === 0) return lang === "zh" ? "无" : "none";
    const labels = keys.length === 1 && keys[0] === "diseases" ? c.diseaseLabels : null;
    let out = "";
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const label = labels !== null && typeof item === "string" ? labels.get(item) : undefined;
      out += (i === 0 ? "" : separator) + (label !== undefined ? label[lang] : formatContextValue(c, [], item, lang));
    }
    return out;
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function fillTemplate(c: CompiledInstrument, parts: TemplateParts, context: EvaluationContext, lang: "zh" | "en"): string {
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const keys = parts[i] as readonly string[];
    out += formatContextValue(c, keys, readContextPath(context, keys), lang) + (parts[i + 1] as string);
  }
  return out;
}

function badRuleResult(at: string, what: "level" | "grade", value: unknown): YiyangError {
  const issue = createIssue(
    "invalid_rule_result",
    "",
    `The instrument's rule at ${at} returned ${show(value)}, which is not a ${what} of the instrument.`,
    `评估工具在 ${at} 的规则返回 ${show(value)}，不是本工具定义的${what === "level" ? "等级" : "分级"}。`,
    { params: { rule: at, value } },
  );
  return new YiyangError(YIYANG_ERROR_CODES.EVALUATION_FAILED, issue.message, { messageZh: issue.messageZh, issues: [issue] });
}
