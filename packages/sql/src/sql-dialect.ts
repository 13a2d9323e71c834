/**
 * What a SQL dialect is to the compiler: what it can do, and how each small piece of SQL is
 * written in it. The compiler (compile-rule.ts, compile-indicator-sql.ts) builds every query out of
 * these pieces only, so a new dialect is one more object of this shape (see the guide).
 */

/** The dialects this package writes. */
export type SqlDialectName = "postgres" | "duckdb";

/** Comparison operators the dialect writes as they are. */
export type SqlComparison = "<" | "<=" | ">" | ">=" | "=" | "<>";

/** The native column types the compiler reads, besides JSON values and CSV text. */
export type NativeColumnType = "text" | "boolean" | "integer" | "double" | "date" | "text[]";

/**
 * A SQL dialect: its capabilities and its text rules. Every rule takes SQL text and returns SQL
 * text; none of them sees the rules of a catalog.
 */
export interface SqlDialect {
  /** The dialect's name. */
  readonly name: SqlDialectName;
  /** What the dialect can do; the compiler refuses what it cannot. */
  readonly capabilities: {
    /** `GROUP BY GROUPING SETS (…)` with `GROUPING(…)`. */
    readonly groupingSets: boolean;
    /** `count(*) FILTER (WHERE …)`; otherwise `sum(CASE WHEN … THEN 1 ELSE 0 END)` is written. */
    readonly filterClause: boolean;
    /** JSON values as a column type (PostgreSQL `jsonb`, DuckDB `JSON`). */
    readonly json: boolean;
  };
  /** A quoted identifier. */
  identifier(name: string): string;
  /** A string literal. */
  string(value: string): string;
  /** A double-precision literal of a finite number. */
  double(value: number): string;
  /** A DATE literal of a valid `YYYY-MM-DD`. */
  date(value: string): string;
  /** The `index`-th (1-based) bind parameter read as a DATE. */
  dateParameter(index: number): string;
  /** A value read as double precision. */
  toDouble(sql: string): string;
  /** A value read as a 64-bit integer (it is known to be integral and in range). */
  toBigint(sql: string): string;
  /** A text comparison by code point (binary collation). */
  compareText(left: string, op: SqlComparison, right: string): string;
  /** Whether text matches a regular expression written for both dialects (POSIX classes, no look-around). */
  matches(text: string, pattern: string): string;
  /** Text with JavaScript's `trim()` white space removed from both ends (the text is a column: it may be read more than once). */
  trimJs(text: string): string;
  /** Whether a text (a column) is a real calendar date written `YYYY-MM-DD`, years 0001–9999, as `isCalendarDate` says. */
  isDateText(text: string): string;
  /** A DATE as its `YYYY-MM-DD` text. */
  dateText(date: string): string;
  /** A valid `YYYY-MM-DD` text as a DATE. */
  textToDate(text: string): string;
  /** Year, month or day of a DATE as an integer. */
  datePart(part: "year" | "month" | "day", date: string): string;
  /** Integer division of two non-negative integers (truncated). */
  integerDivide(dividend: string, divisor: string): string;
  /** Whole days from one DATE to another. */
  daysBetween(from: string, to: string): string;
  /** Whether a double is finite. */
  isFinite(sql: string): string;
  /** The number of elements of a text list. */
  listLength(list: string): string;
  /** Whether a text list holds a text. */
  listContains(list: string, value: string): string;
  /** Whether some element `e` of a text list satisfies a predicate written over `e`. */
  listAny(list: string, predicate: (element: string) => string): string;
  /** The SQL type of a text list. */
  readonly textListType: string;
  /** Rules for JSON values (the `json` column type). */
  readonly json: {
    /** The dialect's own name of a JSON value's type (SQL NULL for an absent value), to test with `is`. */
    typeOf(value: string): string;
    /** Whether a type from `typeOf` is the JSON type named. */
    is(type: string, kind: "null" | "string" | "number" | "boolean" | "array"): string;
    /** The text of a JSON string. */
    text(value: string): string;
    /** A JSON number as the double JavaScript's `JSON.parse` gives; NULL when it is beyond the double range. */
    number(value: string): string;
    /** A JSON boolean. */
    boolean(value: string): string;
    /** Whether a JSON array holds strings only. */
    isStringArray(value: string): string;
    /** A JSON array of strings as a text list. */
    stringArray(value: string): string;
    /** The JSON text of a value (to rebuild a refused record). */
    serialize(value: string): string;
  };
  /** Count rows where a condition holds. */
  countIf(condition: string): string;
  /** Sum an integer expression where a condition holds (0 when none). */
  sumIf(expression: string, condition: string): string;
  /** `GROUPING(…)` of the grouping columns. */
  grouping(columns: readonly string[]): string;
  /**
   * What ends each layer of a query so that the database computes its columns once per row
   * instead of substituting their expressions into the next layer (PostgreSQL: `OFFSET 0`).
   */
  readonly layerFence: string;
  /** Any text cast to the SQL type named. */
  cast(sql: string, type: "double" | "bigint" | "text" | "date" | "boolean"): string;
  /** A column type of the dialect's catalog (as introspection reports it) read as one of ours, or `null`. */
  columnType(reported: string): NativeColumnType | "json" | null;
}

/** Characters JavaScript's `String.prototype.trim` removes (white space and line terminators), as code points. */
export const JS_WHITESPACE: readonly number[] = Object.freeze([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
  0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]);

/**
 * Code points between JavaScript's white space characters: a text that starts and ends with one of
 * these needs no trimming (the common case, tested with integer comparisons only).
 */
export const NOT_WHITESPACE: ReadonlyArray<readonly [number, number]> = Object.freeze(
  (() => {
    const ranges: Array<[number, number]> = [];
    let start = 0;
    for (const c of [...JS_WHITESPACE, 0x110000]) {
      if (c > start) ranges.push([start, c - 1]);
      start = c + 1;
    }
    return ranges.filter(([from]) => from > 0x20 || from === 0x0e).filter(([from]) => from >= 0x21);
  })(),
);

/** JavaScript's `trim()` of a text (a column): tested at both ends first, trimmed only when needed. */
export function trimJsWith(text: string, codePoint: (character: string) => string, trimSet: (text: string, characters: string) => string): string {
  const safe = (character: string) => `(${NOT_WHITESPACE.map(([from, to]) => `${codePoint(character)} BETWEEN ${from} AND ${to}`).join(" OR ")})`;
  return `(CASE WHEN ${text} IS NULL OR ${text} = '' OR (${safe(`left(${text}, 1)`)} AND ${safe(`right(${text}, 1)`)}) THEN ${text} ELSE ${trimSet(text, whitespaceText())} END)`;
}

/** The characters of {@link JS_WHITESPACE} as one SQL text, built with `chr()` (no invisible characters in the SQL). */
export function whitespaceText(): string {
  return JS_WHITESPACE.map((c) => `chr(${c})`).join(" || ");
}

/** A SQL string literal with single quotes doubled (standard SQL, both dialects). */
export function standardString(value: string): string {
  if (value.includes("\u0000")) throw new RangeError("A SQL string cannot hold U+0000.");
  return `'${value.replace(/'/g, "''")}'`;
}

/** A quoted SQL identifier with double quotes doubled (standard SQL, both dialects). */
export function standardIdentifier(name: string): string {
  if (name.includes("\u0000")) throw new RangeError("A SQL identifier cannot hold U+0000.");
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A finite double written so that a dialect reads back the same double: a safe integer as digits,
 * anything else as JavaScript's shortest round-trip spelling cast to the dialect's double type.
 */
export function standardDouble(value: number, doubleType: string): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  const v = value === 0 ? 0 : value;
  if (Number.isSafeInteger(v)) return String(v);
  return `CAST('${String(v)}' AS ${doubleType})`;
}
