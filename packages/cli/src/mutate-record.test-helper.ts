/**
 * Mutated GB/T 42195 records for the fuzz tests: each case is one JSON Lines line, the record a
 * JSON reader makes of it, and whether that record must be refused (`true`), must be scored
 * (`false`) or may go either way (`null`, e.g. a valid date far in the future).
 */
import { gbt42195Instrument } from "@yiyang/standards";
import fc from "fast-check";

/** The kinds of damage a case does, reported per class by the fuzz test. */
export const MUTATION_CLASSES = [
  "item-values",
  "structure",
  "dates",
  "strings",
  "lists",
  "deep-values",
  "duplicate-keys",
  "text",
] as const;
export type MutationClass = (typeof MUTATION_CLASSES)[number];

export interface RecordCase {
  cls: MutationClass;
  /** The line as written to the CLI (never holds a line break). */
  line: Buffer;
  /** `JSON.parse` of the line (what a library caller would pass), or `undefined` when it is not JSON. */
  value: unknown;
  /** Whether the parsed record must be refused by `safeAssess` (`null`: either answer is right). */
  invalid: boolean | null;
  /** Whether the line must be refused by `yiyang assess` (differs from `invalid` for duplicate keys and broken text). */
  lineInvalid: boolean | null;
}

interface Item {
  key: string;
  scores: number[];
}

const DOC = gbt42195Instrument as unknown as { dimensions: Array<{ items: Array<{ key: string; options: Array<{ score: number }> }> }>; diseases: Array<{ id: string }>; riskEvents: { maxCount: number; types: Array<{ key: string }> } };
const ITEMS: Item[] = DOC.dimensions.flatMap((d) => d.items.map((i) => ({ key: i.key, scores: i.options.map((o) => o.score) })));
const DISEASES = DOC.diseases.map((d) => d.id);
const RISKS = DOC.riskEvents.types.map((t) => t.key);
const RISK_MAX = DOC.riskEvents.maxCount;
const TOP_FIELDS = ["id", "assessedOn", "subject", "items", "coma", "diseases", "riskEvents"];

/** Keys that reach prototypes or shadow Object methods if a reader is careless. */
const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "length", "0", ""];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Set an own property even when the key is `__proto__`. */
function put(target: JsonObject, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const validDate = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** A valid record: every item at one of its scores, maybe diseases, risk events and a subject. */
export const validRecord: fc.Arbitrary<JsonObject> = fc
  .record({
    scores: fc.tuple(...ITEMS.map((item) => fc.constantFrom(...item.scores))),
    assessedOn: validDate.filter((d) => d >= "2023-01-01"),
    diseases: fc.option(fc.uniqueArray(fc.constantFrom(...DISEASES), { maxLength: 3 }), { nil: undefined }),
    risks: fc.option(fc.tuple(...RISKS.map(() => fc.integer({ min: 0, max: RISK_MAX }))), { nil: undefined }),
    coma: fc.option(fc.constant(false), { nil: undefined }),
    age: fc.option(fc.integer({ min: 60, max: 105 }), { nil: undefined }),
  })
  .map(({ scores, assessedOn, diseases, risks, coma, age }) => {
    const items: JsonObject = {};
    ITEMS.forEach((item, i) => (items[item.key] = scores[i] as number));
    const record: JsonObject = { id: "r", assessedOn, items };
    if (diseases !== undefined) record.diseases = diseases;
    if (risks !== undefined) record.riskEvents = Object.fromEntries(RISKS.map((k, i) => [k, risks[i] as number]));
    if (coma !== undefined) record.coma = coma;
    if (age !== undefined) record.subject = { birthDate: `${Number(assessedOn.slice(0, 4)) - age - 1}${assessedOn.slice(4, 7)}-01` };
    return record;
  });

/** A JSON value of no record field's type, some of them large or odd. */
const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, "", "4", "\ud800", [], {}, [4], { score: 4 }, 1e308, -1e308, 2 ** 53, -(2 ** 31), 0.1, 1.5, -1),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

interface Mutated {
  record: Json;
  /** The line, when JSON.stringify cannot write the record. */
  line?: string;
  invalid: boolean | null;
}

const clone = (r: JsonObject): JsonObject => JSON.parse(JSON.stringify(r)) as JsonObject;

const itemValues = (base: JsonObject) =>
  fc.array(fc.record({ item: fc.integer({ min: 0, max: ITEMS.length - 1 }), value: fc.oneof(oddValue, fc.integer({ min: -5, max: 10 }), fc.constant(-0)) }), { minLength: 1, maxLength: 4 }).map((changes): Mutated => {
    const record = clone(base);
    const items = record.items as JsonObject;
    let invalid = false;
    for (const { item, value } of changes) items[(ITEMS[item] as Item).key] = value;
    for (const item of ITEMS) {
      const v = items[item.key];
      if (typeof v !== "number" || !item.scores.includes(v)) invalid = true;
    }
    return { record, invalid };
  });

const structure = (base: JsonObject) =>
  fc.oneof(
    fc.integer({ min: 0, max: ITEMS.length - 1 }).map((i): Mutated => {
      const record = clone(base);
      delete (record.items as JsonObject)[(ITEMS[i] as Item).key];
      return { record, invalid: true };
    }),
    fc.tuple(fc.constantFrom(...HOSTILE_KEYS, "Eating", "eating ", "items"), oddValue, fc.boolean()).map(([key, value, top]): Mutated => {
      const record = clone(base);
      put(top ? record : (record.items as JsonObject), key, value);
      // No hostile key is a field or an item, and "items" replaced by an odd value holds no items.
      return { record, invalid: true };
    }),
    fc.tuple(fc.constantFrom(...TOP_FIELDS), oddValue).map(([field, value]): Mutated => {
      const record = clone(base);
      record[field] = value;
      // Every field but the optional ones becomes wrong; an empty list of diseases, a false coma, an
      // empty risk-event object and an empty subject are still right.
      const stillValid =
        (field === "diseases" && Array.isArray(value) && value.length === 0) ||
        (field === "coma" && value === false) ||
        (field === "riskEvents" && isPlainObject(value) && Object.keys(value).length === 0) ||
        (field === "subject" && isPlainObject(value) && Object.keys(value).length === 0) ||
        (field === "id" && typeof value === "string" && value.length > 0);
      // A coma with consciousness above 0 is a warning; a subject with unknown fields may be one.
      const unsure = (field === "coma" && value === true) || (field === "subject" && isPlainObject(value)) || (field === "assessedOn" && isRealDate(value));
      return { record, invalid: unsure ? null : !stillValid };
    }),
    fc.constantFrom<Json>(null, [], "record", 42, true, [{}]).map((record): Mutated => ({ record, invalid: true })),
  );

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const EXTREME_VALID_DATES = ["9999-12-31", "9999-01-01", "9999-06-15", "9998-12-31", "9998-12-30", "9990-02-28", "0001-01-01", "2400-02-29", "2024-02-29", "2022-12-29", "2022-12-30"];
const INVALID_DATES: Json[] = ["2025-02-29", "1000-02-29", "2100-02-29", "2023-02-30", "2025-04-31", "2025-13-01", "2025-00-10", "0000-01-01", "10000-01-01", "25-01-01", "2025-1-1", "2025-01-01T00:00:00Z", " 2025-01-01", "2025-01-01 ", "２０２５-01-01", "", 20250101, null, ["2025-01-01"]];

/** An independent check of a real `YYYY-MM-DD` date, years 0001–9999. */
export function isRealDate(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return y >= 1 && days !== undefined && d >= 1 && d <= days;
}

/** The first day GB/T 42195-2022 is in force, and the last whose 12-month due date is a real date. */
const IN_FORCE = "2022-12-30";
const LAST_DUE = "9998-12-31";

const dates = (base: JsonObject) =>
  fc.oneof(
    fc.constantFrom(...EXTREME_VALID_DATES).map((assessedOn): Mutated => {
      const record = clone(base);
      record.assessedOn = assessedOn;
      delete record.subject;
      return { record, invalid: assessedOn < IN_FORCE || assessedOn > LAST_DUE };
    }),
    fc.constantFrom(...INVALID_DATES).map((assessedOn): Mutated => {
      const record = clone(base);
      record.assessedOn = assessedOn;
      return { record, invalid: true };
    }),
    fc.tuple(fc.constantFrom<Json>(...EXTREME_VALID_DATES, ...INVALID_DATES), fc.boolean()).map(([birthDate, future]): Mutated => {
      const record = clone(base);
      const assessedOn = record.assessedOn as string;
      const value = future ? `${Number(assessedOn.slice(0, 4)) + 1}${assessedOn.slice(4)}` : birthDate;
      const real = isRealDate(value);
      record.subject = { birthDate: value };
      // A real birth date on or before the assessment is scored (under 60 is only a warning); a
      // 29 February moved a year on is not a date.
      return { record, invalid: !real || value > assessedOn };
    }),
  );

const strings = (base: JsonObject) =>
  fc.oneof(
    fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 40 }), fc.constantFrom("\ud800", "\udfff", "a\ud800b", "\u0000", "\u2028\u2029", "😀", "x".repeat(100_000))).map((id): Mutated => {
      const record = clone(base);
      record.id = id;
      return { record, invalid: false };
    }),
    fc.constantFrom<Json>("", 0, 1, null, true, [], {}, ["a"], { id: "a" }).map((id): Mutated => {
      const record = clone(base);
      record.id = id;
      return { record, invalid: true };
    }),
    fc.string({ unit: "binary", maxLength: 20 }).map((key): Mutated => {
      const record = clone(base);
      put(record.items as JsonObject, key, 1);
      return { record, invalid: !ITEMS.some((i) => i.key === key) ? true : null };
    }),
  );

const lists = (base: JsonObject) =>
  fc.oneof(
    fc.array(fc.oneof(fc.constantFrom<Json>(...DISEASES), oddValue, fc.constantFrom<Json>("Dementia", "dementia ", "__proto__", "constructor")), { maxLength: 5 }).map((diseases): Mutated => {
      const record = clone(base);
      record.diseases = diseases;
      return { record, invalid: diseases.some((d) => typeof d !== "string" || !DISEASES.includes(d)) };
    }),
    fc.dictionary(fc.constantFrom(...RISKS, "falls", "__proto__", "constructor", "toString"), fc.oneof(fc.integer({ min: -2, max: RISK_MAX + 2 }), oddValue), { maxKeys: 6 }).map((events): Mutated => {
      const record = clone(base);
      const riskEvents: JsonObject = {};
      for (const [k, v] of Object.entries(events)) put(riskEvents, k, v);
      record.riskEvents = riskEvents;
      const bad = Object.entries(riskEvents).some(([k, v]) => !RISKS.includes(k) || typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > RISK_MAX);
      return { record, invalid: bad };
    }),
  );

const DEEP = "@@deep@@";

const deepValues = (base: JsonObject) =>
  fc.tuple(fc.constantFrom("id", "items.eating", "diseases", "riskEvents.fall", "subject", "subject.birthDate", "coma", "extra"), fc.constantFrom(20, 300, 1_000, 10_000, 30_000), fc.boolean()).map(([where, depth, asObject]): Mutated => {
    const record = clone(base);
    const [head, leaf] = where.split(".") as [string, string | undefined];
    if (leaf === undefined) record[head] = DEEP;
    else {
      if (!isPlainObject(record[head])) record[head] = {};
      (record[head] as JsonObject)[leaf] = DEEP;
    }
    // Spliced in as text: the value is too deep for JSON.stringify.
    const nested = asObject ? '{"a":'.repeat(depth) + "1" + "}".repeat(depth) : "[".repeat(depth) + "1" + "]".repeat(depth);
    const line = JSON.stringify(record).replace(JSON.stringify(DEEP), nested);
    // A subject with an unknown field may be only a warning.
    return { record: JSON.parse(line) as Json, line, invalid: where === "subject" && asObject ? null : true };
  });

interface TextCase {
  line: Buffer;
  lineInvalid: boolean | null;
}

const duplicateKeys = (base: JsonObject) =>
  fc.tuple(fc.integer({ min: 0, max: ITEMS.length - 1 }), fc.boolean(), fc.boolean()).map(([i, top, sameValue]): TextCase => {
    const item = ITEMS[i] as Item;
    const text = JSON.stringify(base);
    const current = (base.items as JsonObject)[item.key] as number;
    const other = sameValue ? current : (item.scores.find((s) => s !== current) ?? current);
    const line = top
      ? text.replace('"id":"r"', '"id":"r","id":"r2"')
      : text.replace(`"${item.key}":${current}`, `"${item.key}":${other},"${item.key}":${current}`);
    return { line: Buffer.from(line), lineInvalid: true };
  });

const brokenText = (base: JsonObject) =>
  fc.oneof(
    fc.integer({ min: 1, max: 400 }).map((cut): TextCase => ({ line: Buffer.from(JSON.stringify(base).slice(0, -cut)), lineInvalid: true })),
    fc.constantFrom("", " ", "\t", "null", "[]", "{}", "1", '"text"', "\ufeff{}", "{\u0000}", "{'id':'x'}", "NaN", "[1,]", '{"id":"x",}').map((t): TextCase => ({ line: Buffer.from(t), lineInvalid: true })),
    fc.tuple(fc.constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]), fc.boolean()).map(([bytes, inId]): TextCase => {
      const text = JSON.stringify({ ...base, id: "@@" });
      const [before, after] = text.split("@@") as [string, string];
      const bad = Buffer.from(bytes);
      return { line: inId ? Buffer.concat([Buffer.from(before), bad, Buffer.from(after)]) : Buffer.concat([Buffer.from(text), bad]), lineInvalid: true };
    }),
    // U+2028 is not JSON white space.
    fc.constantFrom("\r", " ", "\t", "\u2028").map((tail): TextCase => ({ line: Buffer.from(JSON.stringify(base) + tail), lineInvalid: tail === "\u2028" })),
  );

/** What a library caller would get from the line: `undefined` when it is not UTF-8 JSON. */
function tryParse(line: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(line)) as unknown;
  } catch {
    return undefined;
  }
}

function asCase(cls: MutationClass, m: Mutated): RecordCase {
  return withLabel({ cls, line: Buffer.from(m.line ?? JSON.stringify(m.record)), value: m.record, invalid: m.invalid, lineInvalid: m.invalid });
}

/** Counterexamples print as their class and the start of their line, never as the (maybe very deep) value. */
function withLabel(c: RecordCase): RecordCase {
  Object.defineProperty(c, fc.toStringMethod, { value: () => `${c.cls}: ${c.line.subarray(0, 300).toString("utf8")}`, enumerable: false });
  return c;
}

/** One arbitrary per class of mutation. */
export const MUTATIONS: Record<MutationClass, fc.Arbitrary<RecordCase>> = {
  "item-values": validRecord.chain(itemValues).map((m) => asCase("item-values", m)),
  structure: validRecord.chain(structure).map((m) => asCase("structure", m)),
  dates: validRecord.chain(dates).map((m) => asCase("dates", m)),
  strings: validRecord.chain(strings).map((m) => asCase("strings", m)),
  lists: validRecord.chain(lists).map((m) => asCase("lists", m)),
  "deep-values": validRecord.chain(deepValues).map((m) => asCase("deep-values", m)),
  // The last of two equal keys wins in JSON.parse, leaving a valid record; the line must still be refused.
  "duplicate-keys": validRecord.chain(duplicateKeys).map((t) => withLabel({ cls: "duplicate-keys", line: t.line, value: tryParse(t.line), invalid: false, lineInvalid: t.lineInvalid })),
  text: validRecord.chain(brokenText).map((t) => withLabel({ cls: "text", line: t.line, value: tryParse(t.line), invalid: t.lineInvalid, lineInvalid: t.lineInvalid })),
};

/** Every class, in turn. */
export const anyMutation: fc.Arbitrary<RecordCase> = fc.oneof(...MUTATION_CLASSES.map((cls) => MUTATIONS[cls]));

/**
 * Give each case its own id (`r<index>`) where the line starts with the base record's id, so the
 * order of the output can be checked.
 */
export function numberCases(cases: readonly RecordCase[]): RecordCase[] {
  const prefix = Buffer.from('{"id":"r",');
  return cases.map((c, i) => {
    if (!c.line.subarray(0, prefix.length).equals(prefix)) return c;
    const line = Buffer.concat([Buffer.from(`{"id":"r${i}",`), c.line.subarray(prefix.length)]);
    const value = isPlainObject(c.value) && c.value.id === "r" ? Object.assign(c.value, { id: `r${i}` }) : c.value;
    return withLabel({ ...c, line, value });
  });
}

/** What is wrong with one output line of `yiyang assess` for its case, or `null` when it is right. */
export function checkOutputLine(c: RecordCase, index: number, output: string | undefined): string | null {
  if (output === undefined) return "no output line";
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(output) as Record<string, unknown>;
  } catch {
    return "output line is not JSON";
  }
  if (typeof parsed !== "object" || parsed === null) return "output line is not an object";
  const scored = "level" in parsed;
  if (scored) {
    if (c.lineInvalid === true) return "an invalid record was scored";
    const id = isPlainObject(c.value) ? c.value.id : undefined;
    if (parsed.id !== id) return "out of order (id)";
  } else {
    if (parsed.line !== index + 1) return "out of order (line)";
    if (!Array.isArray(parsed.issues) || parsed.issues.length === 0) return "refused without issues";
  }
  return null;
}
