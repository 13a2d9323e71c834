import { dateTextByDigits } from "../read-field-sql";
import { standardDouble, standardIdentifier, standardString, trimJsWith, type SqlDialect } from "../sql-dialect";


/** JSON numbers at or beyond this magnitude are Infinity in JavaScript (2^1024 − 2^970, rounded to 17 digits). */
const INFINITY_AT = "1.7976931348623158e308";
/** JSON numbers at or below this magnitude are 0 in JavaScript (2^−1075, rounded to 17 digits). */
const ZERO_AT = "2.4703282292062328e-324";

/**
 * PostgreSQL 15 and later (and the PostgreSQL family: openGauss/GaussDB, KingbaseES, Greenplum
 * where they speak its SQL). Text comparisons use the `C` collation, so they compare code points
 * whatever the database's collation; the database must be UTF-8.
 */
export const postgresDialect: SqlDialect = {
  name: "postgres",
  capabilities: { groupingSets: true, filterClause: true, json: true },
  identifier: standardIdentifier,
  string: standardString,
  double: (value) => standardDouble(value, "double precision"),
  date: (value) => `DATE '${value}'`,
  dateParameter: (index) => `CAST($${index} AS date)`,
  toDouble: (sql) => `CAST(${sql} AS double precision)`,
  toBigint: (sql) => `CAST(${sql} AS bigint)`,
  compareText: (left, op, right) => `(${left} COLLATE "C" ${op} ${right} COLLATE "C")`,
  matches: (text, pattern) => `(${text} ~ ${standardString(pattern)})`,
  trimJs: (text) => trimJsWith(text, (c) => `ascii(${c})`, (t, set) => `btrim(${t}, ${set})`),
  isDateText: (text) => dateTextByDigits(postgresDialect, text),
  dateText: (date) => `to_char(${date}, 'YYYY-MM-DD')`,
  textToDate: (text) => `CAST(${text} AS date)`,
  datePart: (part, date) => `CAST(extract(${part} FROM ${date}) AS integer)`,
  integerDivide: (a, b) => `(${a} / ${b})`,
  daysBetween: (from, to) => `(${to} - ${from})`,
  isFinite: (sql) => `(${sql} NOT IN ('Infinity'::double precision, '-Infinity'::double precision, 'NaN'::double precision))`,
  listLength: (list) => `coalesce(cardinality(${list}), 0)`,
  listContains: (list, value) => `(${value} = ANY(${list}))`,
  listAny: (list, predicate) => `EXISTS (SELECT 1 FROM unnest(${list}) AS u(e) WHERE ${predicate("u.e")})`,
  textListType: "text[]",
  json: {
    typeOf: (value) => `jsonb_typeof(${value})`,
    is: (type, kind) => `(${type} = '${kind}')`,
    text: (value) => `(${value} #>> '{}')`,
    number: (value) =>
      `(CASE WHEN abs(CAST(${value} AS numeric)) >= ${INFINITY_AT} THEN NULL WHEN abs(CAST(${value} AS numeric)) <= ${ZERO_AT} THEN 0 ELSE CAST(CAST(${value} AS numeric) AS double precision) END)`,
    boolean: (value) => `CAST(${value} AS boolean)`,
    isStringArray: (value) => `NOT jsonb_path_exists(${value}, '$[*] ? (@.type() != "string")')`,
    stringArray: (value) => `ARRAY(SELECT jsonb_array_elements_text(${value}))`,
    serialize: (value) => `CAST(${value} AS text)`,
  },
  countIf: (condition) => `count(*) FILTER (WHERE ${condition})`,
  sumIf: (expression, condition) => `coalesce(sum(${expression}) FILTER (WHERE ${condition}), 0)`,
  grouping: (columns) => `GROUPING(${columns.join(", ")})`,
  layerFence: "\n  OFFSET 0",
  cast: (sql, type) => `CAST(${sql} AS ${type === "double" ? "double precision" : type})`,
  columnType(reported) {
    const type = reported.toLowerCase();
    if (type === "jsonb" || type === "json") return "json";
    if (type === "text" || type.startsWith("character") || type === "varchar" || type === "bpchar" || type === "name") return "text";
    if (type === "boolean" || type === "bool") return "boolean";
    if (["smallint", "integer", "bigint", "int2", "int4", "int8"].includes(type)) return "integer";
    if (["double precision", "real", "float4", "float8"].includes(type)) return "double";
    if (type === "date") return "date";
    if (type === "text[]" || type === "_text" || type === "_varchar" || type === "character varying[]") return "text[]";
    return null;
  },
};
