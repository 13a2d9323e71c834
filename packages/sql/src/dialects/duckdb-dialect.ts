import { standardDouble, standardIdentifier, standardString, trimJsWith, type SqlDialect } from "../sql-dialect";


/**
 * DuckDB 1.1 and later, embedded (`@duckdb/node-api`) or any other client. Strings compare by
 * code point under DuckDB's default binary collation.
 */
export const duckdbDialect: SqlDialect = {
  name: "duckdb",
  capabilities: { groupingSets: true, filterClause: false, json: true },
  identifier: standardIdentifier,
  string: standardString,
  double: (value) => standardDouble(value, "DOUBLE"),
  date: (value) => `DATE '${value}'`,
  dateParameter: (index) => `CAST($${index} AS DATE)`,
  toDouble: (sql) => `CAST(${sql} AS DOUBLE)`,
  toBigint: (sql) => `CAST(${sql} AS BIGINT)`,
  compareText: (left, op, right) => `(${left} ${op} ${right})`,
  matches: (text, pattern) => `regexp_full_match(${text}, ${standardString(pattern)})`,
  trimJs: (text) => trimJsWith(text, (c) => `ord(${c})`, (t, set) => `trim(${t}, ${set})`),
  // A date read back exactly as written is canonical YYYY-MM-DD; the cast fails softly on impossible days.
  isDateText: (text) => `coalesce(length(${text}) = 10 AND strftime(TRY_CAST(${text} AS DATE), '%Y-%m-%d') = ${text} AND substr(${text}, 1, 4) <> '0000', FALSE)`,
  dateText: (date) => `strftime(${date}, '%Y-%m-%d')`,
  textToDate: (text) => `CAST(${text} AS DATE)`,
  datePart: (part, date) => `CAST(${part}(${date}) AS INTEGER)`,
  integerDivide: (a, b) => `(${a} // ${b})`,
  daysBetween: (from, to) => `date_diff('day', ${from}, ${to})`,
  isFinite: (sql) => `isfinite(${sql})`,
  listLength: (list) => `coalesce(len(${list}), 0)`,
  listContains: (list, value) => `list_contains(${list}, ${value})`,
  listAny: (list, predicate) => `(len(list_filter(${list}, e -> ${predicate("e")})) > 0)`,
  textListType: "VARCHAR[]",
  json: {
    typeOf: (value) => `json_type(${value})`,
    is: (type, kind) =>
      kind === "number"
        ? `(${type} IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT'))`
        : `(${type} = '${{ null: "NULL", string: "VARCHAR", boolean: "BOOLEAN", array: "ARRAY" }[kind]}')`,
    text: (value) => `(${value} ->> '$')`,
    number: (value) => `TRY_CAST(CAST(${value} AS VARCHAR) AS DOUBLE)`,
    boolean: (value) => `CAST(${value} AS BOOLEAN)`,
    isStringArray: (value) => `(len(list_filter(json_type(${value}, '$[*]'), t -> t <> 'VARCHAR')) = 0)`,
    stringArray: (value) => `CAST(${value} AS VARCHAR[])`,
    serialize: (value) => `CAST(${value} AS VARCHAR)`,
  },
  // FILTER aggregates are measured far slower than CASE sums under GROUPING SETS in DuckDB 1.x.
  countIf: (condition) => `sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`,
  sumIf: (expression, condition) => `sum(CASE WHEN ${condition} THEN ${expression} ELSE 0 END)`,
  grouping: (columns) => `GROUPING(${columns.join(", ")})`,
  layerFence: "",
  cast: (sql, type) => `CAST(${sql} AS ${type.toUpperCase()})`,
  columnType(reported) {
    const type = reported.toUpperCase();
    if (type === "JSON") return "json";
    if (type === "VARCHAR" || type.startsWith("VARCHAR(")) return "text";
    if (type === "BOOLEAN") return "boolean";
    if (["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT"].includes(type)) return "integer";
    if (type === "DOUBLE" || type === "FLOAT") return "double";
    if (type === "DATE") return "date";
    if (type === "VARCHAR[]") return "text[]";
    return null;
  },
};
