import {
  createIssue,
  defineDocumentKind,
  errorFromIssues,
  hasErrors,
  isCalendarDate,
  normalizeSex,
  toPointer,
  YIYANG_ERROR_CODES,
  YiyangError,
  type DocumentCompileContext,
  type DocumentKind,
  type DocumentTestContext,
  type Issue,
  type LoadDocumentOptions,
  type LoadedDocument,
  type PathSegment,
  type SafeResult,
} from "@yiyang/core";
import type { CompiledInstrument } from "./compiled-instrument";
import { getCompiled, isInstrument, type Instrument } from "./load-instrument";
import type { MappedRow, MappingReader } from "./mapping-reader";
import { recordMappingSchema, type ParsedRecordMapping, type RecordMappingCoding, type RecordMappingTestCase } from "./record-mapping-schema";
import type { InstrumentReference } from "./types";

/**
 * A loaded record mapping: a validated, frozen, fingerprinted document saying how one vendor's
 * export maps onto an instrument's interchange record. Pass it to {@link mapRecord}, or as
 * `mapping` to {@link assess}, {@link explainResult} and {@link verifyResult}.
 */
export interface RecordMapping extends LoadedDocument<ParsedRecordMapping> {
  /** The instrument whose interchange records it produces. */
  readonly instrument: { readonly id: string };
  /** Every column it reads, in the order of the document (give them to a CSV reader as text columns). */
  readonly columns: readonly string[];
}

/** Which mapping read a result's record: its id, version and content fingerprint. */
export type MappingReference = InstrumentReference;

/** Options for {@link loadRecordMapping}. */
export type LoadRecordMappingOptions = LoadDocumentOptions;

type Target = "integer" | "boolean" | "disease" | "sex";

/** A coding, compiled: what a written value means, or `undefined` when it means nothing known. */
type Decode = (raw: string | number | boolean) => unknown;

interface CompiledField {
  /** JSON pointer into the interchange record. */
  readonly target: string;
  readonly column: string;
  readonly read: (raw: string | number | boolean) => { ok: true; value: unknown } | { ok: false; issue: { code: string; en: string; zh: string; params?: Record<string, unknown> } };
}

/** A mapping compiled: its reader, for scoring, and what the mapping functions use. @internal */
export interface CompiledMapping extends MappingReader {
  readonly reference: MappingReference;
  readonly document: ParsedRecordMapping;
  readonly fields: readonly CompiledField[];
  /** Interchange pointer → column, to point issues at the vendor's columns. */
  readonly columnOf: ReadonlyMap<string, string>;
  readonly columns: readonly string[];
  /** Instruments already checked against this mapping, with the issues found. */
  readonly bound: WeakMap<CompiledInstrument, readonly Issue[]>;
}

const hasOwn = Object.prototype.hasOwnProperty;
/** Names an object inherits: never allowed as item or event keys of a mapping. */
const RESERVED_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), "prototype"]);
const FHIR_SEX = new Set(["male", "female", "other", "unknown"]);

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function stripSpace(text: string): string {
  return text.replace(/\s+/g, "");
}

function compileCoding(coding: RecordMappingCoding): Decode {
  switch (coding.by) {
    case "score":
      return (raw) => {
        if (typeof raw === "number") return Number.isInteger(raw) && raw >= 0 ? raw : undefined;
        if (typeof raw === "string" && /^(0|[1-9]\d*)$/.test(raw)) return Number(raw);
        return undefined;
      };
    case "position": {
      const values = coding.values;
      const first = coding.first;
      return (raw) => {
        const position = typeof raw === "number" ? raw : typeof raw === "string" && /^(0|[1-9]\d*)$/.test(raw) ? Number(raw) : Number.NaN;
        if (!Number.isInteger(position)) return undefined;
        return values[position - first];
      };
    }
    case "code": {
      const values = new Map(Object.entries(coding.values).map(([key, value]) => [key.trim(), value]));
      return (raw) => values.get(typeof raw === "string" ? raw : String(raw));
    }
    case "label": {
      const values = new Map(Object.entries(coding.values).map(([key, value]) => [stripSpace(key), value]));
      return (raw) => values.get(stripSpace(String(raw)));
    }
  }
}

function codingValues(coding: RecordMappingCoding): unknown[] | null {
  return coding.by === "score" ? null : Array.isArray(coding.values) ? coding.values : Object.values(coding.values);
}

function describeCoding(name: string, coding: RecordMappingCoding): { en: string; zh: string } {
  switch (coding.by) {
    case "score":
      return { en: "a whole-number score", zh: "整数分值" };
    case "position":
      return { en: `an option position ${coding.first}–${coding.first + coding.values.length - 1} (coding ${name})`, zh: `选项序号 ${coding.first}–${coding.first + coding.values.length - 1}（编码 ${name}）` };
    default: {
      const keys = Object.keys(coding.values);
      const list = keys.length > 12 ? `${keys.slice(0, 12).join(", ")} …` : keys.join(", ");
      return { en: `one of ${list} (coding ${name})`, zh: `以下之一：${list}（编码 ${name}）` };
    }
  }
}

const DATE_TOKENS = ["YYYY", "MM", "M", "DD", "D"] as const;

/** A date format compiled to a matcher returning `YYYY-MM-DD` (not yet checked to be a real date) or `null`. */
function compileDateFormat(format: string): (text: string) => string | null {
  const parts: Array<{ token: (typeof DATE_TOKENS)[number] } | { literal: string }> = [];
  for (let i = 0; i < format.length; ) {
    const token = DATE_TOKENS.find((t) => format.startsWith(t, i));
    if (token !== undefined) {
      parts.push({ token });
      i += token.length;
    } else {
      parts.push({ literal: format.charAt(i) });
      i++;
    }
  }
  return (text) => {
    let at = 0;
    let year = "";
    let month = "";
    let day = "";
    const digits = (min: number, max: number): string | null => {
      let end = at;
      while (end < text.length && end - at < max && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
      if (end - at < min) return null;
      const out = text.slice(at, end);
      at = end;
      return out;
    };
    for (const part of parts) {
      if ("literal" in part) {
        if (text.charAt(at) !== part.literal) return null;
        at++;
        continue;
      }
      const value = part.token === "YYYY" ? digits(4, 4) : part.token === "MM" || part.token === "DD" ? digits(2, 2) : digits(1, 2);
      if (value === null) return null;
      if (part.token === "YYYY") year = value;
      else if (part.token.startsWith("M")) month = value.padStart(2, "0");
      else day = value.padStart(2, "0");
    }
    return at === text.length ? `${year}-${month}-${day}` : null;
  };
}

function dateReader(formats: readonly string[]): CompiledField["read"] {
  const matchers = formats.map(compileDateFormat);
  return (raw) => {
    const text = typeof raw === "number" && Number.isInteger(raw) ? String(raw) : typeof raw === "string" ? raw : null;
    if (text !== null) {
      for (const match of matchers) {
        const date = match(text);
        if (date !== null && isCalendarDate(date)) return { ok: true, value: date };
      }
    }
    return {
      ok: false,
      issue: {
        code: "invalid_date",
        en: `${show(raw)} is not a real date written ${formats.join(" or ")}.`,
        zh: `${show(raw)} 不是按 ${formats.join(" 或 ")} 书写的有效日期。`,
        params: { formats },
      },
    };
  };
}

function codedReader(name: string, coding: RecordMappingCoding): CompiledField["read"] {
  const decode = compileCoding(coding);
  const expected = describeCoding(name, coding);
  return (raw) => {
    const value = decode(raw);
    if (value !== undefined) return { ok: true, value };
    return {
      ok: false,
      issue: { code: "unknown_code", en: `${show(raw)} is not ${expected.en}.`, zh: `${show(raw)} 不是${expected.zh}。`, params: { coding: name, value: raw } },
    };
  };
}

const SCORE: RecordMappingCoding = { by: "score" };

/** Check and compile a parsed mapping (the kind's own checks, on core's document mechanism). */
function compileMapping(doc: ParsedRecordMapping, context: DocumentCompileContext): CompiledMapping | null {
  const issues = context.issues;
  const fields: CompiledField[] = [];
  const columnOf = new Map<string, string>();
  const columns: string[] = [];
  const columnAt = new Map<string, readonly PathSegment[]>();

  const use = (target: string, column: string, at: readonly PathSegment[], read: CompiledField["read"]) => {
    const earlier = columnAt.get(column);
    if (earlier !== undefined) {
      context.report("duplicate_column", [...at, "column"], `Column "${column}" is already read at ${toPointer(earlier)}.`, `列 "${column}" 已在 ${toPointer(earlier)} 读取。`, { severity: "warning", params: { column } });
    } else {
      columnAt.set(column, [...at, "column"]);
      columns.push(column);
    }
    columnOf.set(target, column);
    fields.push({ target, column, read });
  };

  const codingFor = (name: string | undefined, at: readonly PathSegment[], target: Target): { name: string; coding: RecordMappingCoding } | null => {
    if (name === undefined) return { name: "score", coding: SCORE };
    if (!hasOwn.call(doc.codings, name)) {
      context.report("unknown_coding", at, `There is no coding "${name}" in codings.`, `codings 中没有编码 "${name}"。`, { params: { coding: name } });
      return null;
    }
    const coding = doc.codings[name] as RecordMappingCoding;
    const values = codingValues(coding);
    const wrong = values === null ? (target === "integer" ? [] : [null]) : values.filter((v) => !fits(v, target));
    if (wrong.length > 0) {
      const expected = { integer: ["whole numbers of 0 or more", "不小于 0 的整数"], boolean: ["true or false", "true 或 false"], disease: ["disease ids", "疾病 id"], sex: ["male, female, other or unknown", "male、female、other 或 unknown"] }[target];
      context.report("coding_type", at, `Coding "${name}" must give ${expected[0]} here${values === null ? ", not scores" : `; it gives ${wrong.map(show).join(", ")}`}.`, `编码 "${name}" 在此处应给出${expected[1]}${values === null ? "，而不是分值" : `；实际给出 ${wrong.map(show).join("、")}`}。`, { params: { coding: name } });
      return null;
    }
    return { name, coding };
  };

  // Keys become property names of the record: none may be one an object inherits.
  const reserved = (keys: readonly string[], at: (key: string) => readonly PathSegment[]) => {
    for (const key of keys) {
      if (RESERVED_KEYS.has(key)) context.report("reserved_key", at(key), `"${key}" cannot be a key: it is a built-in property name.`, `"${key}" 是内置属性名，不能用作键。`, { params: { key } });
    }
  };
  reserved(Object.keys(doc.items), (key) => ["items", key]);
  reserved(Object.keys(doc.fields.riskEvents ?? {}), (key) => ["fields", "riskEvents", key]);
  const f = doc.fields;
  use("/id", f.id.column, ["fields", "id"], (raw) =>
    typeof raw === "string" ? { ok: true, value: raw } : typeof raw === "number" && Number.isSafeInteger(raw) ? { ok: true, value: String(raw) } : { ok: false, issue: { code: "invalid_type", en: `The id must be text, got ${show(raw)}.`, zh: `编号必须是文本，实际为 ${show(raw)}。` } },
  );
  use("/assessedOn", f.assessedOn.column, ["fields", "assessedOn"], dateReader(f.assessedOn.formats));
  if (f.subject?.birthDate !== undefined) use("/subject/birthDate", f.subject.birthDate.column, ["fields", "subject", "birthDate"], dateReader(f.subject.birthDate.formats));
  if (f.subject?.sex !== undefined) {
    const sexField = f.subject.sex;
    const coded = sexField.coding === undefined ? null : codingFor(sexField.coding, ["fields", "subject", "sex", "coding"], "sex");
    if (sexField.coding === undefined || coded !== null) {
      // Without a coding the written code is passed on: assessment reads every standard spelling.
      use("/subject/sex", sexField.column, ["fields", "subject", "sex"], coded === null ? (raw) => ({ ok: true, value: raw }) : codedReader(coded.name, coded.coding));
    }
  }
  if (f.subject?.idNumber !== undefined) {
    use("/subject/idNumber", f.subject.idNumber.column, ["fields", "subject", "idNumber"], (raw) =>
      typeof raw === "string"
        ? { ok: true, value: raw }
        : {
            ok: false,
            issue: {
              code: "id_number_not_text",
              en: "The ID number was read as a number, which cannot hold 18 digits exactly: read the column as text.",
              zh: "公民身份号码被读成了数字，数字无法精确保存 18 位：请按文本读取该列。",
            },
          },
    );
  }
  if (f.coma !== undefined) {
    const coded = codingFor(f.coma.coding, ["fields", "coma", "coding"], "boolean");
    if (coded !== null) use("/coma", f.coma.column, ["fields", "coma"], codedReader(coded.name, coded.coding));
  }
  if (f.diseases !== undefined) {
    const diseases = f.diseases;
    const coded = codingFor(diseases.coding, ["fields", "diseases", "coding"], "disease");
    if (coded !== null) {
      const one = codedReader(coded.name, coded.coding);
      const none = new Set(diseases.none.map((v) => v.trim()));
      use("/diseases", diseases.column, ["fields", "diseases"], (raw) => {
        const tokens = typeof raw === "string" ? raw.split(diseases.separator).map((t) => t.trim()).filter((t) => t !== "") : [raw];
        if (tokens.length === 1 && none.has(String(tokens[0]))) return { ok: true, value: [] };
        const ids: unknown[] = [];
        for (const token of tokens) {
          const read = one(token);
          if (!read.ok) return read;
          ids.push(read.value);
        }
        return { ok: true, value: ids };
      });
    }
  }
  for (const [key, field] of Object.entries(f.riskEvents ?? {})) {
    const coded = codingFor(field.coding, ["fields", "riskEvents", key, "coding"], "integer");
    if (coded !== null) use(`/riskEvents/${escapePointer(key)}`, field.column, ["fields", "riskEvents", key], codedReader(coded.name, coded.coding));
  }
  for (const [key, field] of Object.entries(doc.items)) {
    const coded = codingFor(field.coding, ["items", key, "coding"], "integer");
    if (coded !== null) use(`/items/${escapePointer(key)}`, field.column, ["items", key], codedReader(coded.name, coded.coding));
  }
  if (hasErrors(issues)) return null;
  const compiled: CompiledMapping = {
    reference: context.reference,
    document: doc,
    fields,
    columnOf,
    columns: Object.freeze(columns),
    bound: new WeakMap(),
    read: (row) => mapRow(compiled, row),
    requireFits: (c) => requireBound(compiled, c),
    scoredIssues: (mapped, scored) => mappedIssues(compiled, mapped, scored),
  };
  return compiled;
}

function fits(value: unknown, target: Target): boolean {
  switch (target) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value) && value >= 0;
    case "boolean":
      return typeof value === "boolean";
    case "disease":
      return typeof value === "string";
    case "sex":
      return typeof value === "string" && FHIR_SEX.has(value);
  }
}

/** A cell of a row: the column's own value, else (for a dotted column a reader split into objects) the nested one. */
function cellOf(row: Record<string, unknown>, column: string): unknown {
  if (hasOwn.call(row, column)) return row[column];
  if (column.indexOf(".") === -1) return undefined;
  let current: unknown = row;
  for (const key of column.split(".")) {
    if (typeof current !== "object" || current === null || !hasOwn.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function setAt(record: Record<string, unknown>, target: string, value: unknown): void {
  const keys = target.slice(1).split("/").map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node = record;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i] as string;
    if (!hasOwn.call(node, key)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

/** Read one vendor row into an interchange record, field by field, every problem at its column. @internal */
export function mapRow(m: CompiledMapping, row: unknown): MappedRow {
  if (typeof row !== "object" || row === null || Array.isArray(row)) {
    return {
      record: {},
      issues: [createIssue("invalid_type", "", `A row must be an object of columns, got ${row === null ? "null" : Array.isArray(row) ? "an array" : typeof row}.`, `每行必须是按列的对象，实际为 ${row === null ? "null" : Array.isArray(row) ? "数组" : typeof row}。`)],
      failed: new Set(["/"]),
    };
  }
  const input = row as Record<string, unknown>;
  // One literal, in the interchange format's order; the optional parts are removed below when empty.
  const record: Record<string, unknown> = { id: undefined, assessedOn: undefined, subject: {}, items: {}, coma: undefined, diseases: undefined, riskEvents: {} };
  const issues: Issue[] = [];
  const failed = new Set<string>();
  for (const field of m.fields) {
    let raw = cellOf(input, field.column);
    if (typeof raw === "string") {
      raw = raw.trim();
      if (raw === "") raw = undefined;
    }
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") {
      failed.add(field.target);
      issues.push(createIssue("invalid_type", "/" + escapePointer(field.column), `Column "${field.column}" holds ${Array.isArray(raw) ? "a list" : "an object"}, not a value.`, `列 "${field.column}" 的内容是${Array.isArray(raw) ? "列表" : "对象"}，不是单个值。`, { params: { column: field.column, field: field.target } }));
      continue;
    }
    const read = field.read(raw);
    if (read.ok) setAt(record, field.target, read.value);
    else {
      failed.add(field.target);
      issues.push(createIssue(read.issue.code, "/" + escapePointer(field.column), `Column "${field.column}": ${read.issue.en}`, `列「${field.column}」：${read.issue.zh}`, { params: { ...read.issue.params, column: field.column, field: field.target } }));
    }
  }
  if (record.id === undefined) delete record.id;
  if (record.assessedOn === undefined) delete record.assessedOn;
  if (Object.keys(record.subject as object).length === 0) delete record.subject;
  if (record.coma === undefined) delete record.coma;
  if (record.diseases === undefined) delete record.diseases;
  if (m.document.fields.riskEvents === undefined) delete record.riskEvents;
  return { record, issues, failed };
}

/**
 * Point a scoring issue at the vendor's column: an issue at an interchange field the mapping
 * reads from a column gets the column's pointer as its path, and the field in `params.field`.
 * @internal
 */
export function toColumnIssue(m: CompiledMapping, issue: Issue): Issue {
  let column: string | undefined;
  let best = -1;
  for (const [target, name] of m.columnOf) {
    if ((issue.path === target || issue.path.startsWith(target + "/")) && target.length > best) {
      best = target.length;
      column = name;
    }
  }
  if (column === undefined) return issue;
  return { ...issue, path: "/" + escapePointer(column), params: { ...issue.params, column, field: issue.path } };
}

/** Run one test case of a mapping: the row must map to exactly the record, or fail with exactly the issues. */
function runMappingTestCase(test: RecordMappingTestCase, context: DocumentTestContext<RecordMapping>): void {
  const mapped = mapRow(compiledMappingOf(context.loaded), test.row);
  const errors = mapped.issues.filter((i) => i.severity === "error");
  if ("issues" in test.expect) {
    const expected = test.expect.issues.map((i) => `${i.code} ${i.path}`).sort();
    context.expectEqual(["expect", "issues"], "issues", expected, errors.map((i) => `${i.code} ${i.path}`).sort());
    return;
  }
  if (errors.length > 0) {
    const actual = errors.map((i) => `${i.code} ${i.path}`);
    context.fail(["expect", "record"], `outcome: expected a record, got issues ${JSON.stringify(actual)}.`, `结果：期望得到记录，实际得到问题 ${JSON.stringify(actual)}。`, {
      params: { field: "outcome", expected: "record", actual },
    });
    return;
  }
  // Compared as JSON values: the order keys are written in does not matter.
  context.expectEqual(["expect", "record"], "record", sortKeys(test.expect.record), sortKeys(mapped.record));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * The record-mapping document kind: how one vendor's export (Chinese headers, item codes, option
 * positions, codes or labels, other date formats) maps onto an instrument's interchange record,
 * loaded by core's one document mechanism. Hand it to `createDocumentRegistry` (from
 * `@yiyang/core`) beside other kinds.
 *
 * @example
 * ```ts
 * recordMappingKind.safeLoad(gbt42195ChineseHeaderMapping).ok; //=> true
 * recordMappingKind.kind; //=> "record-mapping"
 * ```
 */
export const recordMappingKind: DocumentKind<ParsedRecordMapping, RecordMapping> = /* @__PURE__ */ defineDocumentKind({
  kind: "record-mapping",
  title: { en: "a record mapping (a vendor's export onto an instrument's interchange record)", zh: "记录映射（厂商导出数据到评估工具交换格式）" },
  schema: recordMappingSchema as unknown as import("zod").ZodType<ParsedRecordMapping>,
  compile: (document, context) => compileMapping(document, context),
  expose: (compiled, document) => ({ instrument: Object.freeze({ id: document.instrument.id }), columns: compiled.columns }),
  runTest: (test, context) => runMappingTestCase(test, context),
});

/**
 * Whether a value is a mapping returned by {@link loadRecordMapping} (by any copy of the package).
 *
 * @param value - anything
 * @returns `true` for a loaded record mapping
 *
 * @example
 * ```ts
 * isRecordMapping(loadRecordMapping(gbt42195ChineseHeaderMapping)); //=> true
 * isRecordMapping(gbt42195ChineseHeaderMapping); //=> false
 * ```
 */
export function isRecordMapping(value: unknown): value is RecordMapping {
  return recordMappingKind.is(value);
}

/** @internal */
export function compiledMappingOf(mapping: unknown): CompiledMapping {
  if (!recordMappingKind.is(mapping)) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, "The mapping must be one returned by loadRecordMapping.", { messageZh: "mapping 必须由 loadRecordMapping 返回。" });
  }
  return recordMappingKind.compiledOf(mapping) as CompiledMapping;
}

/**
 * Load a record-mapping document: check its structure, that every coding it names exists and
 * gives values of the right type where it is used (scores, true/false, disease ids, sex codes),
 * compile its date formats and codings, and fingerprint it.
 *
 * @param document - the mapping document, as parsed from JSON
 * @param options - limits (mappings hold no rules; accepted for symmetry with the other kinds)
 * @returns the loaded mapping
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_document` with every issue
 *
 * @example
 * ```ts
 * import { gbt42195ChineseHeaderMapping } from "@yiyang/standards";
 * const mapping = loadRecordMapping(gbt42195ChineseHeaderMapping);
 * mapping.instrument; //=> { id: "gbt42195-2022" }
 * ```
 */
export function loadRecordMapping(document: unknown, options: LoadRecordMappingOptions = {}): RecordMapping {
  return recordMappingKind.load(document, options);
}

/**
 * {@link loadRecordMapping}, returning every issue instead of throwing. Never throws.
 *
 * @param document - the mapping document, as parsed from JSON
 * @param options - as {@link loadRecordMapping}
 * @returns the loaded mapping, or every issue
 *
 * @example
 * ```ts
 * safeLoadRecordMapping({ ...doc, items: { eating: { column: "进食", coding: "nope" } } }).issues[0].code; //=> "unknown_coding"
 * ```
 */
export function safeLoadRecordMapping(document: unknown, options: LoadRecordMappingOptions = {}): SafeResult<RecordMapping> {
  return recordMappingKind.safeLoad(document, options);
}

/**
 * Read one row of a vendor's export into an interchange record with a mapping, returning every
 * problem instead of throwing: each issue points at the vendor's column (`/进食`) and names the
 * interchange field in `params.field`. An empty cell is left out of the record (so scoring then
 * reports it as missing), never read as "none". It never throws for anything a row holds.
 *
 * @param mapping - a loaded record mapping
 * @param row - one row, by column (as a CSV reader or `JSON.parse` gives it)
 * @returns the interchange record, or every issue
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` for a mapping not returned by {@link loadRecordMapping}
 *
 * @example
 * ```ts
 * safeMapRecord(mapping, { 评估编号: "A1", 评估日期: "2026/06/15", 进食: "4", 昏迷: "否", … }).value;
 * //=> { id: "A1", assessedOn: "2026-06-15", items: { eating: 4, … }, coma: false, … }
 * ```
 */
export function safeMapRecord(mapping: RecordMapping, row: unknown): SafeResult<Record<string, unknown>> {
  const mapped = mapRow(compiledMappingOf(mapping), row);
  if (hasErrors(mapped.issues)) return { ok: false, issues: mapped.issues };
  return { ok: true, value: mapped.record, issues: mapped.issues };
}

/**
 * Read one row of a vendor's export into an interchange record with a mapping.
 *
 * @param mapping - a loaded record mapping
 * @param row - one row, by column
 * @returns the interchange record
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_input` with every issue when a cell cannot be read;
 *   `invalid_argument` for a mapping not returned by {@link loadRecordMapping}
 *
 * @example
 * ```ts
 * mapRecord(mapping, row).assessedOn; //=> "2026-06-15"
 * ```
 */
export function mapRecord(mapping: RecordMapping, row: unknown): Record<string, unknown> {
  const result = safeMapRecord(mapping, row);
  if (result.ok) return result.value;
  throw errorFromIssues(YIYANG_ERROR_CODES.INVALID_INPUT, result.issues, { en: "The row cannot be read with the mapping", zh: "无法用该映射读取此行" });
}

/**
 * Check that a mapping fits an instrument: the same instrument id; every item mapped, each to a
 * coding giving only the item's scores; every input a rule deciding the level reads mapped (see
 * `Instrument.requiredInputs`); disease codings giving the instrument's disease ids, risk-event keys
 * and counts the instrument's. Issues point into the mapping document.
 *
 * @param mapping - a loaded record mapping
 * @param instrument - a loaded instrument
 * @returns every issue (empty when the mapping fits)
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` when either is not loaded
 *
 * @example
 * ```ts
 * checkRecordMapping(mapping, loadInstrument(gbt42195Instrument)); //=> []
 * checkRecordMapping(mapping, loadInstrument(mzt039Instrument))[0].code; //=> "mapping_instrument_mismatch"
 * ```
 */
export function checkRecordMapping(mapping: RecordMapping, instrument: Instrument): readonly Issue[] {
  if (!isInstrument(instrument)) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, "The instrument must be one returned by loadInstrument.", { messageZh: "instrument 必须由 loadInstrument 返回。" });
  }
  return bindMapping(compiledMappingOf(mapping), getCompiled(instrument));
}

/** The issues of a mapping against a compiled instrument, found once and kept. @internal */
export function bindMapping(m: CompiledMapping, c: CompiledInstrument): readonly Issue[] {
  const known = m.bound.get(c);
  if (known !== undefined) return known;
  const issues: Issue[] = [];
  const doc = m.document;
  const report = (code: string, path: readonly PathSegment[], en: string, zh: string, params?: Record<string, unknown>) =>
    issues.push(createIssue(code, path, en, zh, params === undefined ? {} : { params }));
  if (doc.instrument.id !== c.reference.id) {
    report("mapping_instrument_mismatch", ["instrument", "id"], `The mapping is for ${doc.instrument.id}, not ${c.reference.id}.`, `该映射用于 ${doc.instrument.id}，不是 ${c.reference.id}。`, { mapping: doc.instrument.id, instrument: c.reference.id });
    Object.freeze(issues);
    m.bound.set(c, issues);
    return issues;
  }
  const codingOf = (name: string | undefined): RecordMappingCoding => (name === undefined ? SCORE : (doc.codings[name] as RecordMappingCoding));
  for (const item of c.items) {
    const field = doc.items[item.key];
    if (field === undefined) {
      report("unmapped_item", ["items"], `Item ${item.key} (${item.definition.code} ${item.definition.label.en}) has no column.`, `条目 ${item.key}（${item.definition.code} ${item.definition.label.zh}）没有对应的列。`, { item: item.key });
      continue;
    }
    const values = codingValues(codingOf(field.coding));
    const wrong = values === null ? [] : values.filter((v) => typeof v !== "number" || item.allowed[v] !== 1);
    if (wrong.length > 0) {
      report("invalid_option", ["items", item.key, "coding"], `Coding "${field.coding}" gives ${wrong.map(show).join(", ")}, not scores of item ${item.key} (${item.scores.join(", ")}).`, `编码 "${field.coding}" 给出 ${wrong.map(show).join("、")}，不是条目 ${item.key} 的分值（${item.scores.join("、")}）。`, { item: item.key, values: wrong });
    }
  }
  for (const key of Object.keys(doc.items)) {
    if (!c.itemIndex.has(key)) report("unknown_item", ["items", key], `"${key}" is not an item of ${c.reference.id}.`, `"${key}" 不是 ${c.reference.id} 的条目。`, { item: key });
  }
  const f = doc.fields;
  for (const pointer of c.requiredInputs) {
    const mapped =
      pointer === "/coma" ? f.coma !== undefined
      : pointer === "/diseases" ? f.diseases !== undefined
      : pointer === "/subject/birthDate" ? f.subject?.birthDate !== undefined || f.subject?.idNumber !== undefined
      : pointer.startsWith("/riskEvents/") ? f.riskEvents?.[pointer.slice("/riskEvents/".length)] !== undefined
      : true;
    if (!mapped) {
      report("unmapped_input", ["fields"], `${c.reference.id} needs ${pointer.slice(1).replace("/", ".")} (a rule deciding the level reads it), but the mapping reads it from no column.`, `${c.reference.id} 需要 ${pointer.slice(1).replace("/", ".")}（决定等级的规则要读取），但映射没有为它指定列。`, { field: pointer });
    }
  }
  if (f.diseases !== undefined && c.diseaseIds !== null) {
    const values = codingValues(codingOf(f.diseases.coding)) ?? [];
    const wrong = values.filter((v) => typeof v !== "string" || !(c.diseaseIds as ReadonlySet<string>).has(v));
    if (wrong.length > 0) report("unknown_disease", ["codings", f.diseases.coding], `Coding "${f.diseases.coding}" gives ${wrong.map(show).join(", ")}, not disease ids of ${c.reference.id}.`, `编码 "${f.diseases.coding}" 给出 ${wrong.map(show).join("、")}，不是 ${c.reference.id} 的疾病 id。`, { values: wrong });
  }
  for (const [key, field] of Object.entries(f.riskEvents ?? {})) {
    if (c.riskKeys === null || !c.riskKeys.includes(key)) {
      report("unknown_risk_event", ["fields", "riskEvents", key], `"${key}" is not a risk event of ${c.reference.id}.`, `"${key}" 不是 ${c.reference.id} 的风险事件。`, { event: key });
      continue;
    }
    const values = codingValues(codingOf(field.coding));
    const wrong = values === null ? [] : values.filter((v) => typeof v !== "number" || v > c.riskMax);
    if (wrong.length > 0) report("out_of_range", ["fields", "riskEvents", key, "coding"], `Coding "${field.coding}" gives ${wrong.map(show).join(", ")}; a count is 0–${c.riskMax}.`, `编码 "${field.coding}" 给出 ${wrong.map(show).join("、")}；次数应为 0–${c.riskMax}。`, { values: wrong });
  }
  Object.freeze(issues);
  m.bound.set(c, issues);
  return issues;
}

/**
 * The mapping to read records with in a scoring call, checked against the instrument version in
 * force, or `null` without one.
 * @throws `YiyangError` `invalid_argument` with the issues when the mapping does not fit the instrument
 * @internal
 */
export function requireBound(m: CompiledMapping, c: CompiledInstrument): void {
  const issues = bindMapping(m, c);
  if (hasErrors([...issues])) {
    const first = issues[0] as Issue;
    throw new YiyangError(
      YIYANG_ERROR_CODES.INVALID_ARGUMENT,
      `The mapping ${m.reference.id} ${m.reference.version} does not fit ${c.reference.id} ${c.reference.version}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}`,
      { messageZh: `映射 ${m.reference.id} ${m.reference.version} 与 ${c.reference.id} ${c.reference.version} 不符：${first.messageZh}${issues.length > 1 ? `（另有 ${issues.length - 1} 处）` : ""}`, issues: [...issues] },
    );
  }
}

/**
 * Issues of scoring a mapped row, pointed at the vendor's columns, without those that only repeat a
 * problem the mapping already reported (a field it could not read is then missing).
 * @internal
 */
export function mappedIssues(m: CompiledMapping, mapped: MappedRow, issues: readonly Issue[]): Issue[] {
  const out = [...mapped.issues];
  for (const issue of issues) {
    let consequence = false;
    if (issue.code === "missing_field" || issue.code === "missing_item" || issue.code === "missing_input") {
      for (const target of mapped.failed) if (issue.path === target || issue.path.startsWith(target + "/") || target === "/") consequence = true;
    }
    if (!consequence) out.push(toColumnIssue(m, issue));
  }
  return out;
}
