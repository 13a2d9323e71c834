/**
 * How a column is read as a declared field, exactly as the in-process engine reads the same value
 * (`acceptsValue` of the field's type, after the reader the CLI uses for that input): whether the
 * value is absent, whether it is acceptable, and its validated SQL value.
 */
import { normalizeSex, SEX_CODE_SPELLINGS } from "@yiyang/core";
import type { FieldType } from "@yiyang/indicators/unstable-internals";
import type { NativeColumnType, SqlDialect } from "./sql-dialect";

/**
 * How a column holds a field's values:
 * - `json`: a JSON value per row (PostgreSQL `jsonb`, DuckDB `JSON`), as in a JSON Lines record;
 * - `csv`: CSV text, read as the CLI reads CSV (trimmed, empty is absent, numbers and `true` /
 *   `false` become numbers and booleans);
 * - `csv-text`: CSV text kept as text (the CLI's text columns, such as ids);
 * - a native type: `text`, `boolean`, `integer`, `double`, `date`, `text[]`.
 */
export type ColumnType = NativeColumnType | "json" | "csv" | "csv-text";

/** The native column types each field type can be read from (besides `json`, `csv` and `csv-text`). */
export const NATIVE_COLUMNS: Readonly<Record<FieldType["kind"], readonly NativeColumnType[]>> = Object.freeze({
  string: ["text"],
  enum: ["text"],
  sex: ["text", "integer"],
  date: ["date", "text"],
  boolean: ["boolean"],
  integer: ["integer", "double"],
  number: ["integer", "double"],
  "string[]": ["text[]"],
});

/** The native column type an interchange table has for each field type. */
export const DEFAULT_COLUMNS: Readonly<Record<FieldType["kind"], NativeColumnType>> = Object.freeze({
  string: "text",
  enum: "text",
  sex: "text",
  date: "date",
  boolean: "boolean",
  integer: "integer",
  number: "double",
  "string[]": "text[]",
});

/**
 * A field read from a column. Its expressions read the column and the *atoms* `readField`
 * registered through its callback: sub-expressions computed once per row in a layer of their own,
 * so no heavy expression is written (and evaluated) more than once.
 */
export interface FieldRead {
  /** Whether the value is absent (null or missing; for CSV, an empty cell). */
  readonly absent: string;
  /** Whether the value is present and acceptable. */
  readonly valid: string;
  /** The validated value (evaluated only where `valid` holds, unless `safe`). */
  readonly value: string;
  /** Whether `value` can be evaluated on any row without an error (then it is used without a guard). */
  readonly safe?: boolean;
}

const NUMERIC_TEXT = "^-?(0|[1-9][0-9]*)([.][0-9]+)?$";
const LETTERS = "^[A-Za-z]+$";
const DATE_SHAPE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const MAX_SAFE = "9007199254740991";

/** Whether a text is a real calendar date YYYY-MM-DD (years 0001–9999), as `isCalendarDate` says. */
function validDateText(d: SqlDialect, text: string): string {
  return d.isDateText(text);
}

/** Whether a text is a real date, from its digits: for dialects without a cast that fails softly. */
export function dateTextByDigits(d: SqlDialect, text: string): string {
  const part = (from: number, length: number) => d.cast(`substr(${text}, ${from}, ${length})`, "bigint");
  const y = part(1, 4);
  const m = part(6, 2);
  const day = part(9, 2);
  const leap = `((${y} % 4 = 0 AND ${y} % 100 <> 0) OR ${y} % 400 = 0)`;
  const dim = `(CASE WHEN ${m} = 2 THEN (CASE WHEN ${leap} THEN 29 ELSE 28 END) WHEN ${m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END)`;
  // CASE keeps the casts from running on text of another shape.
  return `(CASE WHEN ${d.matches(text, DATE_SHAPE)} THEN (${y} >= 1 AND ${m} BETWEEN 1 AND 12 AND ${day} BETWEEN 1 AND ${dim}) ELSE FALSE END)`;
}

/** A sex code written as text, read as `normalizeSex` reads a string: the FHIR code, or NULL. */
function sexOfText(d: SqlDialect, raw: string, trimmed = false): string {
  const t = trimmed ? raw : d.trimJs(raw);
  const words: string[] = [];
  const letters: string[] = [];
  const exact: string[] = [];
  for (const spelling of SEX_CODE_SPELLINGS) {
    const code = normalizeSex(spelling) as string;
    if (/^[A-Za-z]$/.test(spelling)) letters.push(`WHEN ${t} IN (${d.string(spelling)}, ${d.string(spelling.toLowerCase())}) THEN ${d.string(code)}`);
    else if (/^[A-Za-z]+$/.test(spelling)) words.push(`WHEN ${d.string(spelling)} THEN ${d.string(code)}`);
    else exact.push(`WHEN ${t} = ${d.string(spelling)} THEN ${d.string(code)}`);
  }
  const canonical = ["male", "female", "other", "unknown"].map(d.string).join(", ");
  return `(CASE WHEN ${t} IN (${canonical}) THEN ${t} WHEN ${d.matches(t, LETTERS)} AND length(${t}) > 1 THEN (CASE lower(${t}) ${words.join(" ")} END) ${letters.join(" ")} ${exact.join(" ")} END)`;
}

/** A sex code written as a number (a finite double), read as `normalizeSex` reads a number. */
function sexOfNumber(d: SqlDialect, n: string): string {
  const codes = [0, 1, 2, 9].map((k) => `WHEN ${n} = ${k} THEN ${d.string(normalizeSex(k) as string)}`);
  return `(CASE ${codes.join(" ")} END)`;
}

/** Whether a (possibly NULL) double is a safe integer at least `lower`. */
function safeInteger(d: SqlDialect, n: string, lower: number | null): string {
  const bound = lower === null ? "" : ` AND ${n} >= ${d.double(lower)}`;
  return `coalesce(${d.isFinite(n)} AND ${n} = floor(${n}) AND abs(${n}) <= ${MAX_SAFE}${bound}, FALSE)`;
}

function finiteAtLeast(d: SqlDialect, n: string, lower: number | null): string {
  const bound = lower === null ? "" : ` AND ${n} >= ${d.double(lower)}`;
  return `coalesce(${d.isFinite(n)}${bound}, FALSE)`;
}

/** A text that matched {@link NUMERIC_TEXT}, read as `Number()` reads it (NULL for Infinity). */
function numberOfText(d: SqlDialect, text: string): string {
  return d.json.number(text);
}

/**
 * Read a field from a column: absent, acceptable, and its value. `column` is SQL of the column, or
 * `null` when the table has no such column (the field is then absent in every row).
 */
export function readField(d: SqlDialect, type: FieldType, columnType: ColumnType, column: string | null, atom: (sql: string) => string = (sql) => sql): FieldRead {
  const sqlType = type.kind === "date" ? "date" : type.kind === "boolean" ? "boolean" : type.kind === "integer" ? "bigint" : type.kind === "number" ? "double" : "text";
  const nothing = (): FieldRead => ({
    absent: "TRUE",
    valid: "FALSE",
    value: type.kind === "string[]" ? `CAST(NULL AS ${d.textListType})` : d.cast("NULL", sqlType),
  });
  if (column === null) return nothing();
  const x = column;
  const lower = type.min;
  switch (columnType) {
    case "json": {
      const jt = atom(d.json.typeOf(x));
      const t = (kind: "null" | "string" | "number" | "boolean" | "array") => d.json.is(jt, kind);
      const absent = `(${x} IS NULL OR ${t("null")})`;
      const needsText = type.kind === "string" || type.kind === "enum" || type.kind === "sex" || type.kind === "date";
      const needsNumber = type.kind === "integer" || type.kind === "number" || type.kind === "sex";
      const text = needsText ? atom(`(CASE WHEN ${t("string")} THEN ${d.json.text(x)} END)`) : "NULL";
      const isString = t("string");
      const number = needsNumber ? atom(`(CASE WHEN ${t("number")} THEN ${d.json.number(x)} END)`) : "NULL";
      switch (type.kind) {
        case "string":
          return { absent, valid: `coalesce(${isString} AND ${text} <> '', FALSE)`, value: text };
        case "enum":
          return { absent, valid: `coalesce(${isString} AND ${text} IN (${(type.values ?? []).map(d.string).join(", ")}), FALSE)`, value: text };
        case "sex": {
          const trimmed = atom(d.trimJs(text));
          const value = atom(`(CASE WHEN ${isString} THEN ${sexOfText(d, trimmed, true)} WHEN ${t("number")} THEN ${sexOfNumber(d, number)} END)`);
          return { absent, valid: `(${value} IS NOT NULL)`, value };
        }
        case "date":
          return { absent, valid: `coalesce(${isString} AND ${validDateText(d, text)}, FALSE)`, value: d.textToDate(text) };
        case "boolean":
          return { absent, valid: `coalesce(${t("boolean")}, FALSE)`, value: d.json.boolean(x) };
        case "integer":
        case "number": {
          const n = number;
          const valid = type.kind === "integer" ? safeInteger(d, n, lower) : finiteAtLeast(d, n, lower);
          return { absent, valid, value: type.kind === "integer" ? d.toBigint(n) : n };
        }
        case "string[]": {
          const isList = `coalesce(${t("array")}, FALSE)`;
          const valid = `(CASE WHEN ${isList} THEN ${d.json.isStringArray(x)} ELSE FALSE END)`;
          return { absent, valid, value: d.json.stringArray(x) };
        }
      }
      break;
    }
    case "csv":
    case "csv-text": {
      const t = atom(d.trimJs(x));
      const absent = `(${x} IS NULL OR ${t} = '')`;
      const coerce = columnType === "csv";
      const numeric = type.kind === "integer" || type.kind === "number" || type.kind === "sex";
      // Only a cell starting with a digit or "-" can read as a number; only those meet the expression.
      const needsNumber = coerce && (numeric || type.kind === "string");
      const isNumber = needsNumber ? atom(`(CASE WHEN left(${t}, 1) BETWEEN '0' AND '9' OR left(${t}, 1) = '-' THEN coalesce(${d.matches(t, NUMERIC_TEXT)}, FALSE) ELSE FALSE END)`) : "FALSE";
      const isBoolean = coerce ? `${t} IN ('true', 'false')` : "FALSE";
      const isString = `NOT (${isNumber}) AND NOT (${isBoolean})`;
      const n = numeric ? atom(`(CASE WHEN ${isNumber} THEN ${numberOfText(d, t)} END)`) : "NULL";
      switch (type.kind) {
        case "string":
          return { absent, valid: `coalesce(NOT ${absent} AND ${isString}, FALSE)`, value: t };
        case "enum": {
          // A value that reads as a number or a boolean in CSV can never be the enum's string.
          const readable = (type.values ?? []).filter((v) => !coerce || (!new RegExp(NUMERIC_TEXT).test(v) && v !== "true" && v !== "false"));
          return { absent, valid: readable.length === 0 ? "FALSE" : `coalesce(${t} IN (${readable.map(d.string).join(", ")}), FALSE)`, value: t };
        }
        case "sex": {
          const value = atom(`(CASE WHEN ${absent} THEN NULL WHEN ${isNumber} THEN ${sexOfNumber(d, n)} WHEN ${isBoolean} THEN NULL ELSE ${sexOfText(d, t, true)} END)`);
          return { absent, valid: `(${value} IS NOT NULL)`, value };
        }
        case "date": {
          // A real date never reads as a number or a boolean.
          const valid = `coalesce(NOT ${absent} AND ${validDateText(d, t)}, FALSE)`;
          return { absent, valid, value: d.textToDate(t) };
        }
        case "boolean":
          return { absent, valid: `coalesce(${isBoolean}, FALSE)`, value: `(${t} = 'true')` };
        case "integer":
        case "number": {
          const valid = type.kind === "integer" ? safeInteger(d, n, lower) : finiteAtLeast(d, n, lower);
          return { absent, valid, value: type.kind === "integer" ? d.toBigint(n) : n };
        }
        case "string[]":
          // The CLI reads a CSV cell as one string, never a list.
          return { absent, valid: "FALSE", value: `CAST(NULL AS ${d.textListType})` };
      }
      break;
    }
    case "text": {
      const absent = `(${x} IS NULL)`;
      switch (type.kind) {
        case "string":
          return { absent, valid: `coalesce(${x} <> '', FALSE)`, value: x, safe: true };
        case "enum":
          return { absent, valid: `coalesce(${x} IN (${(type.values ?? []).map(d.string).join(", ")}), FALSE)`, value: x, safe: true };
        case "sex": {
          // Most rows hold a FHIR code already: only the others are trimmed and read.
          const canonical = ["male", "female", "other", "unknown"].map(d.string).join(", ");
          const trimmed = atom(`(CASE WHEN ${x} IN (${canonical}) THEN ${x} ELSE ${d.trimJs(x)} END)`);
          const value = atom(sexOfText(d, trimmed, true));
          return { absent, valid: `(${value} IS NOT NULL)`, value, safe: true };
        }
        case "date":
          return { absent, valid: `coalesce(${validDateText(d, x)}, FALSE)`, value: d.textToDate(x) };
        default:
          break;
      }
      break;
    }
    case "boolean":
      if (type.kind === "boolean") return { absent: `(${x} IS NULL)`, valid: `(${x} IS NOT NULL)`, value: x, safe: true };
      break;
    case "integer":
    case "double": {
      const absent = `(${x} IS NULL)`;
      const n = d.toDouble(x);
      if (type.kind === "integer") return { absent, valid: safeInteger(d, n, lower), value: d.toBigint(x), safe: columnType === "integer" };
      if (type.kind === "number") return { absent, valid: finiteAtLeast(d, n, lower), value: n, safe: true };
      if (type.kind === "sex") {
        const integral = columnType === "integer" ? "TRUE" : `${d.isFinite(n)} AND ${n} = floor(${n})`;
        const value = atom(`(CASE WHEN ${integral} THEN ${sexOfNumber(d, n)} END)`);
        return { absent, valid: `(${value} IS NOT NULL)`, value };
      }
      break;
    }
    case "date":
      if (type.kind === "date") {
        return { absent: `(${x} IS NULL)`, valid: `coalesce(${x} BETWEEN ${d.date("0001-01-01")} AND ${d.date("9999-12-31")}, FALSE)`, value: x, safe: true };
      }
      break;
    case "text[]":
      if (type.kind === "string[]") {
        return { absent: `(${x} IS NULL)`, valid: `coalesce(NOT ${d.listAny(x, (e) => `${e} IS NULL`)}, FALSE)`, value: x, safe: true };
      }
      break;
  }
  throw new RangeError(`A ${columnType} column cannot hold a ${type.spelling} field.`);
}

/** Whether a column type can hold a field type. */
export function columnHolds(columnType: ColumnType, type: FieldType): boolean {
  if (columnType === "json" || columnType === "csv" || columnType === "csv-text") return true;
  return NATIVE_COLUMNS[type.kind].includes(columnType);
}
