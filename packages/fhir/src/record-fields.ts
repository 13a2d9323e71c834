/**
 * How each field of an interchange record is written as QuestionnaireResponse items and read back:
 * one table for the subject's fields, one encoder and one decoder per field, so the two directions
 * cannot drift apart. Values an instrument would refuse (a score that is no option, an impossible
 * date, an unknown disease id) are carried as they are, so the receiver finds the same problems the
 * sender would. Internal.
 * @internal
 */
import { createIssue, type Issue, type LocalizedText } from "@yiyang/core";
import type { Coding, QuestionnaireItem, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer } from "fhir/r4";
import { bilingualCoding, isFhirCode, isFhirDate, isFhirInteger, isFhirString, isObject, show } from "./fhir-json";
import { HL7_URLS, YIYANG_CODE_SYSTEMS } from "./fhir-urls";
import { LINK, type LayoutItem, type QuestionnaireLayout } from "./questionnaire-layout";

type Answer = QuestionnaireResponseItemAnswer;

/** The record fields, in the order a record lists them. @internal */
export const RECORD_FIELDS: ReadonlySet<string> = new Set(["id", "assessedOn", "subject", "items", "coma", "diseases", "riskEvents"]);

/** The answer that says "no diseases": SNOMED CT 260413007 None. @internal */
export const NO_DISEASE: Coding = bilingualCoding(HL7_URLS.snomed, "260413007", { zh: "无", en: "None" });

/** A value that cannot be written as an answer, with where it is in the record. */
class NotRepresentable extends Error {
  constructor(readonly issue: Issue) {
    super(issue.message);
  }
}

function refuse(path: string, en: string, zh: string): never {
  throw new NotRepresentable(createIssue("not_representable", path, en, zh));
}

/** A JSON pointer segment. */
const escapeSegment = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");
const unescapeSegment = (segment: string) => segment.replace(/~1/g, "/").replace(/~0/g, "~");

/** A string, number or boolean as the answer of that type. */
function carry(value: unknown, path: string): Answer {
  if (typeof value === "boolean") return { valueBoolean: value };
  if (typeof value === "number") {
    if (isFhirInteger(value)) return { valueInteger: value };
    if (Number.isFinite(value)) return { valueDecimal: value };
  }
  if (typeof value === "string") {
    if (isFhirString(value)) return { valueString: value };
    refuse(
      path,
      `${show(value)} cannot be a FHIR string (it is empty, or has white space other than spaces, tabs and line breaks).`,
      `${show(value)} 不能作为 FHIR 字符串（为空，或含空格、制表符、换行以外的空白字符）。`,
    );
  }
  return refuse(path, `${show(value)} cannot be an answer: an answer holds one string, number or boolean.`, `${show(value)} 不能作为答案：答案只能是一个字符串、数字或布尔值。`);
}

const dateAnswer = (value: unknown, path: string): Answer => (isFhirDate(value) ? { valueDate: value } : carry(value, path));

/** The fields of the person assessed: how each is asked and written. Add a field here and both directions follow. @internal */
export interface SubjectField {
  readonly key: string;
  readonly text: LocalizedText;
  /** The Questionnaire item's type. */
  readonly type: QuestionnaireItem["type"];
  /** The element SDC definition-based extraction fills from it. */
  readonly definition: string;
  /** Extra properties of the Questionnaire item. */
  readonly item?: Partial<QuestionnaireItem>;
  encode(value: unknown, path: string): Answer;
  /** A coding's value, or `undefined` when the field takes no such coding. */
  decodeCoding?(coding: Coding): string | undefined;
  /** Whether the field identifies the person and so is left out of results (a record's response still carries it). */
  readonly identifying?: boolean;
}

const PATIENT = "http://hl7.org/fhir/StructureDefinition/Patient#Patient";
const GENDERS: ReadonlySet<string> = new Set(["male", "female", "other", "unknown"]);

/**
 * The subject's fields. `sex` in a FHIR code travels as an AdministrativeGender coding; any other
 * spelling (GB/T 2261.1, HL7 v2, 男/女) travels as written, for the reader to normalise. @internal
 */
export const SUBJECT_FIELDS: readonly SubjectField[] = [
  {
    key: "birthDate",
    text: { zh: "出生日期", en: "Date of birth" },
    type: "date",
    definition: `${PATIENT}.birthDate`,
    encode: dateAnswer,
  },
  {
    key: "sex",
    text: { zh: "性别", en: "Sex" },
    type: "choice",
    definition: `${PATIENT}.gender`,
    item: { answerValueSet: HL7_URLS.administrativeGenderValueSet },
    encode: (value, path) => (typeof value === "string" && GENDERS.has(value) ? { valueCoding: { system: HL7_URLS.administrativeGender, code: value } } : carry(value, path)),
    decodeCoding: (coding) => (coding.system === HL7_URLS.administrativeGender && typeof coding.code === "string" ? coding.code : undefined),
  },
  {
    key: "idNumber",
    text: { zh: "公民身份号码", en: "Citizen ID number" },
    type: "string",
    definition: `${PATIENT}.identifier`,
    encode: carry,
    identifying: true,
  },
];

/** The record without the subject's identifying fields (the ID number): what results may repeat of it. @internal */
export function withoutIdentifyingFields(record: unknown): unknown {
  if (!isObject(record) || !isObject(record.subject)) return record;
  const subject = { ...record.subject };
  let changed = false;
  for (const field of SUBJECT_FIELDS) {
    if (field.identifying === true && field.key in subject) {
      delete subject[field.key];
      changed = true;
    }
  }
  return changed ? { ...record, subject } : record;
}

const SUBJECT_BY_KEY = new Map(SUBJECT_FIELDS.map((f) => [f.key, f]));

/** The answer of an item score: the option's coding, or the value as it is when it is no option. */
function scoreAnswer(layout: QuestionnaireLayout, item: LayoutItem, value: unknown, path: string): Answer {
  if (typeof value === "number") {
    const code = item.codeOf.get(value);
    if (code !== undefined) return { valueCoding: bilingualCoding(layout.urls.answer, code, item.textOf.get(value) as LocalizedText) };
  }
  return carry(value, path);
}

function diseaseAnswer(layout: QuestionnaireLayout, value: unknown, path: string): Answer {
  if (isFhirCode(value)) {
    const label = layout.diseaseLabels?.get(value);
    return { valueCoding: label === undefined ? { system: YIYANG_CODE_SYSTEMS.disease, code: value } : bilingualCoding(YIYANG_CODE_SYSTEMS.disease, value, label) };
  }
  return carry(value, path);
}

function mustBeObject(value: unknown, path: string, what: LocalizedText): asserts value is Record<string, unknown> {
  if (!isObject(value)) refuse(path, `${what.en} must be an object to be written as a response, got ${show(value)}.`, `${what.zh}必须是对象才能写成问卷答复，实际为 ${show(value)}。`);
}

/** What {@link encodeRecord} gives: the record's id and date, and the response items. @internal */
export interface EncodedRecord {
  readonly id: string | undefined;
  readonly assessedOn: string | undefined;
  readonly items: QuestionnaireResponseItem[];
}

/**
 * Write a record as QuestionnaireResponse items, in the Questionnaire's order.
 * @internal
 */
export function encodeRecord(layout: QuestionnaireLayout, record: unknown): { ok: true; value: EncodedRecord } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const attempt = <T>(make: () => T): T | undefined => {
    try {
      return make();
    } catch (error) {
      if (!(error instanceof NotRepresentable)) throw error;
      issues.push(error.issue);
      return undefined;
    }
  };
  if (!isObject(record)) {
    return { ok: false, issues: [createIssue("not_representable", "", `A record must be a JSON object, got ${show(record)}.`, `记录必须是 JSON 对象，实际为 ${show(record)}。`)] };
  }
  let id: string | undefined;
  let assessedOn: Answer | undefined;
  let subject: QuestionnaireResponseItem | undefined;
  let coma: Answer | undefined;
  let diseases: Answer[] | undefined;
  let risks: QuestionnaireResponseItem | undefined;
  let groups: QuestionnaireResponseItem[] | undefined;
  const strayItems: QuestionnaireResponseItem[] = [];
  const strayFields: QuestionnaireResponseItem[] = [];
  for (const key of Object.keys(record)) {
    const value = record[key];
    const path = `/${escapeSegment(key)}`;
    switch (key) {
      case "id":
        if (isFhirString(value)) id = value;
        else attempt(() => refuse(path, `The id ${show(value)} cannot be a FHIR identifier value (a non-empty string).`, `id ${show(value)} 不能作为 FHIR 标识符的值（须为非空字符串）。`));
        break;
      case "assessedOn":
        assessedOn = attempt(() => dateAnswer(value, path));
        break;
      case "subject":
        subject = attempt(() => {
          mustBeObject(value, path, { en: "subject", zh: "subject" });
          const children: QuestionnaireResponseItem[] = [];
          for (const field of Object.keys(value)) {
            const fieldPath = `${path}/${escapeSegment(field)}`;
            const spec = SUBJECT_BY_KEY.get(field);
            const answer = attempt(() => (spec === undefined ? carry(value[field], fieldPath) : spec.encode(value[field], fieldPath)));
            if (answer !== undefined) children.push({ linkId: fieldPath, answer: [answer] });
          }
          return { linkId: LINK.subject, ...(children.length > 0 ? { item: children } : {}) };
        });
        break;
      case "items":
        attempt(() => {
          mustBeObject(value, path, { en: "items", zh: "items" });
          const answers = new Map<string, Answer>();
          for (const itemKey of Object.keys(value)) {
            const itemPath = `${path}/${escapeSegment(itemKey)}`;
            const item = layout.itemByKey.get(itemKey);
            const answer = attempt(() => (item === undefined ? carry(value[itemKey], itemPath) : scoreAnswer(layout, item, value[itemKey], itemPath)));
            if (answer === undefined) continue;
            if (item === undefined) strayItems.push({ linkId: itemPath, answer: [answer] });
            else answers.set(itemKey, answer);
          }
          groups = layout.dimensions.map((d) => {
            const children = d.items.filter((i) => answers.has(i.key)).map((i) => ({ linkId: i.linkId, answer: [answers.get(i.key) as Answer] }));
            return { linkId: d.linkId, ...(children.length > 0 ? { item: children } : {}) };
          });
        });
        break;
      case "coma":
        coma = attempt(() => carry(value, path));
        break;
      case "diseases":
        diseases = attempt(() => {
          if (!Array.isArray(value)) {
            return refuse(path, `diseases must be a list to be written as a response, got ${show(value)}.`, `diseases 必须是列表才能写成问卷答复，实际为 ${show(value)}。`);
          }
          if (value.length === 0) return [{ valueCoding: NO_DISEASE }];
          const list: Answer[] = [];
          value.forEach((disease: unknown, i) => {
            const answer = attempt(() => diseaseAnswer(layout, disease, `${path}/${i}`));
            if (answer !== undefined) list.push(answer);
          });
          return list;
        });
        break;
      case "riskEvents":
        risks = attempt(() => {
          mustBeObject(value, path, { en: "riskEvents", zh: "riskEvents" });
          const children: QuestionnaireResponseItem[] = [];
          for (const event of Object.keys(value)) {
            const eventPath = `${path}/${escapeSegment(event)}`;
            const answer = attempt(() => carry(value[event], eventPath));
            if (answer !== undefined) children.push({ linkId: eventPath, answer: [answer] });
          }
          return { linkId: LINK.riskEvents, ...(children.length > 0 ? { item: children } : {}) };
        });
        break;
      default: {
        const answer = attempt(() => carry(value, path));
        if (answer !== undefined) strayFields.push({ linkId: path, answer: [answer] });
      }
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const items: QuestionnaireResponseItem[] = [];
  if (assessedOn !== undefined) items.push({ linkId: LINK.assessedOn, answer: [assessedOn] });
  if (subject !== undefined) items.push(subject);
  if (coma !== undefined) items.push({ linkId: LINK.coma, answer: [coma] });
  if (diseases !== undefined) items.push({ linkId: LINK.diseases, answer: diseases });
  if (risks !== undefined) items.push(risks);
  if (groups !== undefined) items.push(...(groups as QuestionnaireResponseItem[]));
  items.push(...strayItems, ...strayFields);
  return { ok: true, value: { id, assessedOn: isFhirDate(record.assessedOn) ? record.assessedOn : undefined, items } };
}

const ANSWER_KEYS: ReadonlySet<string> = new Set(["valueBoolean", "valueDecimal", "valueInteger", "valueDate", "valueString", "valueCoding"]);

/** The one value of an answer: a coding, or a string, number or boolean (a date is its string). */
function answerValue(answer: unknown, path: string, issues: Issue[]): { coding: Coding } | { value: string | number | boolean } | null {
  if (!isObject(answer)) {
    issues.push(createIssue("invalid_response", path, `An answer must be an object, got ${show(answer)}.`, `答案必须是对象，实际为 ${show(answer)}。`));
    return null;
  }
  const keys = Object.keys(answer).filter((k) => k.startsWith("value"));
  if (answer.item !== undefined) {
    issues.push(createIssue("invalid_response", `${path}/item`, "An answer here has no nested items.", "此处的答案不应包含嵌套条目。"));
    return null;
  }
  if (keys.length !== 1 || !ANSWER_KEYS.has(keys[0] as string)) {
    issues.push(
      createIssue(
        "unsupported_answer",
        path,
        `An answer here holds exactly one of valueCoding, valueString, valueInteger, valueDecimal, valueBoolean or valueDate; got ${keys.join(", ") || "none"}.`,
        `此处的答案必须恰好包含 valueCoding、valueString、valueInteger、valueDecimal、valueBoolean、valueDate 之一；实际为 ${keys.join("、") || "无"}。`,
      ),
    );
    return null;
  }
  const key = keys[0] as string;
  const value = answer[key];
  if (key === "valueCoding") {
    if (isObject(value)) return { coding: value as Coding };
  } else if (key === "valueBoolean" ? typeof value === "boolean" : key === "valueDecimal" || key === "valueInteger" ? typeof value === "number" && Number.isFinite(value) : typeof value === "string") {
    return { value: value as string | number | boolean };
  }
  issues.push(createIssue("invalid_response", `${path}/${key}`, `${key} holds ${show(value)}.`, `${key} 的值为 ${show(value)}。`));
  return null;
}

function unexpectedCoding(coding: Coding, path: string): Issue {
  return createIssue(
    "unknown_answer_code",
    `${path}/valueCoding`,
    `The coding ${coding.system ?? "(no system)"}#${coding.code ?? "(no code)"} is no answer of this question.`,
    `编码 ${coding.system ?? "（无 system）"}#${coding.code ?? "（无 code）"} 不是此问题的答案。`,
    { params: { system: coding.system, code: coding.code } },
  );
}

/** The single answer's value of an item (`undefined` when it has no answer). */
function singleValue(node: Record<string, unknown>, path: string, issues: Issue[], coding: (coding: Coding) => unknown): unknown {
  const answers = node.answer;
  if (answers === undefined) return undefined;
  if (!Array.isArray(answers)) {
    issues.push(createIssue("invalid_response", `${path}/answer`, "answer must be a list.", "answer 必须是列表。"));
    return undefined;
  }
  if (answers.length === 0) return undefined;
  if (answers.length > 1) {
    issues.push(createIssue("too_many_answers", `${path}/answer`, `Item ${String(node.linkId)} takes one answer, got ${answers.length}.`, `条目 ${String(node.linkId)} 只能有一个答案，实际有 ${answers.length} 个。`));
    return undefined;
  }
  const value = answerValue(answers[0], `${path}/answer/0`, issues);
  if (value === null) return undefined;
  if ("value" in value) return value.value;
  const decoded = coding(value.coding);
  if (decoded === undefined) issues.push(unexpectedCoding(value.coding, `${path}/answer/0`));
  return decoded;
}

const noCoding = () => undefined;

/** The children of a group item. */
function childrenOf(node: Record<string, unknown>, path: string, issues: Issue[]): Array<{ node: Record<string, unknown>; path: string }> {
  const children = node.item;
  if (children === undefined) return [];
  if (!Array.isArray(children)) {
    issues.push(createIssue("invalid_response", `${path}/item`, "item must be a list.", "item 必须是列表。"));
    return [];
  }
  const out: Array<{ node: Record<string, unknown>; path: string }> = [];
  children.forEach((child: unknown, i) => {
    const childPath = `${path}/item/${i}`;
    if (!isObject(child) || typeof child.linkId !== "string") {
      issues.push(createIssue("invalid_response", childPath, "An item must be an object with a linkId.", "条目必须是带 linkId 的对象。"));
      return;
    }
    out.push({ node: child, path: childPath });
  });
  return out;
}

/**
 * Read a record back from the items of a QuestionnaireResponse (the paths of issues point into
 * the response).
 * @internal
 */
export function decodeItems(layout: QuestionnaireLayout, node: Record<string, unknown>, issues: Issue[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const seen = new Set<string>();
  const once = (key: string, path: string): boolean => {
    if (seen.has(key)) {
      issues.push(createIssue("duplicate_answer", path, `The record field ${key} is answered twice.`, `记录字段 ${key} 被回答了两次。`, { params: { field: key } }));
      return false;
    }
    seen.add(key);
    return true;
  };
  const items = (): Record<string, unknown> => (record.items ??= {}) as Record<string, unknown>;
  const question = (child: Record<string, unknown>, path: string): boolean => {
    const item = layout.itemByLinkId.get(child.linkId as string);
    if (item !== undefined) {
      if (!once(`/items/${item.key}`, path)) return true;
      const value = singleValue(child, path, issues, (coding) => (coding.system === layout.urls.answer && typeof coding.code === "string" ? item.scoreOf.get(coding.code) : undefined));
      if (value !== undefined) items()[item.key] = value;
      return true;
    }
    const linkId = child.linkId as string;
    if (linkId.startsWith("/items/") && !linkId.slice(7).includes("/")) {
      const key = unescapeSegment(linkId.slice(7));
      if (!once(`/items/${key}`, path)) return true;
      const value = singleValue(child, path, issues, noCoding);
      if (value !== undefined) items()[key] = value;
      return true;
    }
    return false;
  };
  const unknownLink = (linkId: string, path: string) =>
    issues.push(
      createIssue("unknown_link_id", `${path}/linkId`, `"${linkId}" is not a linkId of ${layout.urls.questionnaire}.`, `"${linkId}" 不是 ${layout.urls.questionnaire} 的 linkId。`, { params: { linkId } }),
    );

  for (const { node: child, path } of childrenOf(node, "", issues)) {
    const linkId = child.linkId as string;
    if (layout.calculated.has(linkId)) continue;
    if (linkId === LINK.assessedOn) {
      if (!once("/assessedOn", path)) continue;
      const value = singleValue(child, path, issues, noCoding);
      if (value !== undefined) record.assessedOn = value;
    } else if (linkId === LINK.coma) {
      if (!once("/coma", path)) continue;
      const value = singleValue(child, path, issues, noCoding);
      if (value !== undefined) record.coma = value;
    } else if (linkId === LINK.subject) {
      if (!once("/subject", path)) continue;
      const subject: Record<string, unknown> = {};
      record.subject = subject;
      for (const { node: field, path: fieldPath } of childrenOf(child, path, issues)) {
        const fieldLink = field.linkId as string;
        const name = fieldLink.startsWith("/subject/") && !fieldLink.slice(9).includes("/") ? unescapeSegment(fieldLink.slice(9)) : null;
        if (name === null) {
          unknownLink(fieldLink, fieldPath);
          continue;
        }
        if (!once(`/subject/${name}`, fieldPath)) continue;
        const spec = SUBJECT_BY_KEY.get(name);
        const value = singleValue(field, fieldPath, issues, (coding) => spec?.decodeCoding?.(coding));
        if (value !== undefined) subject[name] = value;
      }
    } else if (linkId === LINK.diseases) {
      if (!once("/diseases", path)) continue;
      const answers = Array.isArray(child.answer) ? (child.answer as unknown[]) : [];
      const list: unknown[] = [];
      let none = false;
      answers.forEach((answer, i) => {
        const value = answerValue(answer, `${path}/answer/${i}`, issues);
        if (value === null) return;
        if ("value" in value) list.push(value.value);
        else if (value.coding.system === HL7_URLS.snomed && value.coding.code === NO_DISEASE.code) none = true;
        else if (value.coding.system === YIYANG_CODE_SYSTEMS.disease && typeof value.coding.code === "string") list.push(value.coding.code);
        else issues.push(unexpectedCoding(value.coding, `${path}/answer/${i}`));
      });
      if (none && answers.length > 1) {
        issues.push(createIssue("exclusive_answer", `${path}/answer`, "“None” cannot be answered together with diseases.", "“无”不能与疾病同时选择。"));
      }
      if (answers.length > 0) record.diseases = list;
    } else if (linkId === LINK.riskEvents) {
      if (!once("/riskEvents", path)) continue;
      const risks: Record<string, unknown> = {};
      record.riskEvents = risks;
      for (const { node: event, path: eventPath } of childrenOf(child, path, issues)) {
        const eventLink = event.linkId as string;
        const name = eventLink.startsWith("/riskEvents/") && !eventLink.slice(12).includes("/") ? unescapeSegment(eventLink.slice(12)) : null;
        if (name === null) {
          unknownLink(eventLink, eventPath);
          continue;
        }
        if (!once(`/riskEvents/${name}`, eventPath)) continue;
        const value = singleValue(event, eventPath, issues, noCoding);
        if (value !== undefined) risks[name] = value;
      }
    } else if (layout.dimensionByLinkId.has(linkId)) {
      items();
      for (const { node: q, path: qPath } of childrenOf(child, path, issues)) {
        if (!question(q, qPath)) unknownLink(q.linkId as string, qPath);
      }
    } else if (question(child, path)) {
      // a question outside its group, or an item key the instrument does not have
    } else if (linkId.startsWith("/") && !linkId.slice(1).includes("/") && !RECORD_FIELDS.has(unescapeSegment(linkId.slice(1)))) {
      const name = unescapeSegment(linkId.slice(1));
      if (!once(`/${name}`, path)) continue;
      const value = singleValue(child, path, issues, noCoding);
      if (value !== undefined) record[name] = value;
    } else {
      unknownLink(linkId, path);
    }
  }
  return record;
}
