import { YIYANG_ERROR_CODES, YiyangError, createIssue, type Issue } from "@yiyang/core";
import {
  buildIndicatorReport,
  createIndicatorAccumulator,
  DEFAULT_MAX_RECORD_ISSUES,
  type IndicatorCatalog,
  type IndicatorCounts,
  type IndicatorPeriod,
  type IndicatorReport,
  type IndicatorTallies,
  type IndicatorTally,
  type RecordIssue,
  type SubjectKind,
} from "@yiyang/indicators";
import { getCatalogPlan, resolveReportSettings } from "@yiyang/indicators/unstable-internals";
import { compileIndicatorSql, dialectOf, type CompiledSubjectSql, type SqlTable } from "./compile-indicator-sql";
import type { ColumnType } from "./read-field-sql";
import type { SqlDialect, SqlDialectName } from "./sql-dialect";

/**
 * Runs SQL on a database connection it was given: the one thing a runner needs from a driver.
 * {@link duckdbExecutor} and {@link postgresExecutor} adapt the usual clients.
 */
export interface SqlExecutor {
  /** The dialect the connection speaks. */
  readonly dialect: SqlDialectName;
  /** Run a query with positional bind parameters (`$1`, `$2` …) and return its rows as objects. */
  query(sql: string, parameters: readonly unknown[]): Promise<Array<Record<string, unknown>>>;
  /** The columns of a table or view and their types as the database names them. */
  describe(table: string): Promise<Record<string, string>>;
  /**
   * Run a query whose filter must not be pushed into its layers (where each layer's columns are
   * computed once per row); defaults to `query`.
   */
  queryInLayers?(sql: string, parameters: readonly unknown[]): Promise<Array<Record<string, unknown>>>;
}

/** Options for {@link runIndicatorSql} and the engine-specific runners. */
export interface RunIndicatorSqlOptions {
  /** The reporting period, both days inclusive; it must fit the catalog's `period.unit`. */
  period: IndicatorPeriod;
  /** The reference date for ages (default: the catalog's `period.ageOn`); another date is reported as a warning. */
  referenceDate?: string;
  /**
   * Each subject kind's table (default: the kind's name); `null` for a kind with no records. Column
   * types not given are read from the database.
   */
  tables?: Partial<Record<SubjectKind, string | SqlTable | null>>;
  /** Most refused records described (default 1000, as in-process); all are counted. */
  maxRecordIssues?: number;
}

/** A DuckDB connection as `@duckdb/node-api` gives it (only what is used). */
export interface DuckDBConnectionLike {
  runAndReadAll(sql: string, values?: Array<string | number>): Promise<{ getRowObjectsJS(): Array<Record<string, unknown>> }>;
}

/** A PostgreSQL client or pool as `pg` gives it (only what is used). */
export interface PgClientLike {
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/**
 * An executor over a DuckDB connection from `@duckdb/node-api`.
 *
 * @param connection - an open connection (`await (await DuckDBInstance.create()).connect()`)
 * @returns the executor
 *
 * @example
 * ```ts
 * const executor = duckdbExecutor(await instance.connect());
 * executor.dialect; //=> "duckdb"
 * ```
 */
export function duckdbExecutor(connection: DuckDBConnectionLike): SqlExecutor {
  return {
    dialect: "duckdb",
    async query(sql, parameters) {
      const reader = await connection.runAndReadAll(sql, parameters.length === 0 ? undefined : (parameters as Array<string | number>));
      return reader.getRowObjectsJS();
    },
    async queryInLayers(sql, parameters) {
      // DuckDB pushes a filter into the projections below it, writing each layer's expressions
      // into the filter as many times as they are read: measured 2.3 times slower on the refused
      // records of 10M rows. The setting is put back as it was.
      const before = String((await connection.runAndReadAll("SELECT current_setting('disabled_optimizers') AS v")).getRowObjectsJS()[0]?.v ?? "");
      const disabled = [...before.split(",").map((o) => o.trim()).filter((o) => o !== ""), "filter_pushdown"].join(",");
      await connection.runAndReadAll(`SET disabled_optimizers = '${disabled.replace(/'/g, "''")}'`);
      try {
        return await this.query(sql, parameters);
      } finally {
        await connection.runAndReadAll(`SET disabled_optimizers = '${before.replace(/'/g, "''")}'`);
      }
    },
    async describe(table) {
      const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${quoteName(dialectOf("duckdb"), table)}`);
      const columns: Record<string, string> = {};
      for (const row of reader.getRowObjectsJS()) columns[String(row.column_name)] = String(row.column_type);
      return columns;
    },
  };
}

/**
 * An executor over a PostgreSQL client (a `pg` `Client`, `PoolClient` or `Pool`).
 *
 * @param client - a connected client
 * @returns the executor
 *
 * @example
 * ```ts
 * const executor = postgresExecutor(client);
 * executor.dialect; //=> "postgres"
 * ```
 */
export function postgresExecutor(client: PgClientLike): SqlExecutor {
  return {
    dialect: "postgres",
    async query(sql, parameters) {
      return (await client.query(sql, [...parameters])).rows;
    },
    async describe(table) {
      const { rows } = await client.query(
        "SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = CAST($1 AS regclass) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
        [quoteName(dialectOf("postgres"), table)],
      );
      const columns: Record<string, string> = {};
      for (const row of rows) columns[String(row.name)] = String(row.type);
      return columns;
    },
  };
}

function quoteName(d: SqlDialect, name: string): string {
  return name
    .split(".")
    .map((part) => d.identifier(part))
    .join(".");
}

function invalid(message: string, messageZh: string, issues: Issue[] = []): YiyangError {
  return new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, message, { messageZh, issues });
}

/** An integer count as a driver returns it (number, bigint or numeric text). */
function countOf(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  if (value === null || value === undefined) return 0;
  throw new YiyangError(YIYANG_ERROR_CODES.INTERNAL, `The database returned ${String(value)} for a count.`, { messageZh: `数据库返回的计数为 ${String(value)}。` });
}

function stratumOf(kind: string, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (kind === "text") return String(value);
  if (kind === "num") return typeof value === "number" ? value : Number(typeof value === "bigint" ? value : String(value));
  if (kind === "bool") return value === true || value === "t" || value === "true";
  return null;
}

/** A raw value from the refused-records query, as the in-process reader would have given it. */
function rebuildValue(column: ColumnType | null, raw: unknown): unknown {
  if (raw === null || raw === undefined || column === null) return undefined;
  const text = String(raw);
  switch (column) {
    case "json":
    case "text[]":
      return JSON.parse(text) as unknown;
    case "csv":
    case "csv-text": {
      const trimmed = text.trim();
      if (trimmed === "") return undefined;
      if (column === "csv-text") return trimmed;
      if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(trimmed)) return Number(trimmed);
      if (trimmed === "true") return true;
      if (trimmed === "false") return false;
      return trimmed;
    }
    case "boolean":
      return text === "true" || text === "t";
    case "integer":
      return Number(text);
    case "double": {
      const lower = text.toLowerCase();
      if (lower === "infinity" || lower === "inf") return Infinity;
      if (lower === "-infinity" || lower === "-inf") return -Infinity;
      if (lower === "nan" || lower === "-nan") return NaN;
      return Number(text);
    }
    default:
      return text;
  }
}

/** The tallies of one result row's indicator `i`. */
function tallyOf(row: Record<string, unknown>, i: number): IndicatorTally {
  return {
    initialPopulation: countOf(row[`t${i}_initial_population`]),
    denominatorExclusions: countOf(row[`t${i}_denominator_exclusions`]),
    denominator: countOf(row[`t${i}_denominator`]),
    numeratorExclusions: countOf(row[`t${i}_numerator_exclusions`]),
    numerator: countOf(row[`t${i}_numerator`]),
  };
}

/** The column types of a table, read from the database, as the compiler takes them. */
async function columnsOf(executor: SqlExecutor, d: SqlDialect, subject: SubjectKind, table: SqlTable, fieldNames: readonly string[]): Promise<Record<string, ColumnType | null>> {
  const reported = await executor.describe(table.table);
  const columns: Record<string, ColumnType | null> = {};
  const unsupported: Issue[] = [];
  for (const name of fieldNames) {
    const type = reported[name];
    if (type === undefined) {
      columns[name] = null;
      continue;
    }
    const read = d.columnType(type);
    if (read === null) {
      unsupported.push(
        createIssue("unsupported_column_type", ["tables", subject, name], `Column ${name} of ${table.table} is ${type}, a type the SQL engine does not read.`, `${table.table} 的 ${name} 列类型为 ${type}，SQL 引擎不读取该类型。`, {
          params: { column: name, type },
        }),
      );
    }
    columns[name] = read;
  }
  if (unsupported.length > 0) throw invalid(`Cannot read ${table.table}: ${(unsupported[0] as Issue).message}`, `无法读取 ${table.table}：${(unsupported[0] as Issue).messageZh}`, unsupported);
  return columns;
}

/**
 * Compute a catalog's indicators in a database: compile the catalog for the executor's dialect,
 * run one counting query per subject kind (and, when records were refused, one that lists the
 * first of them), and build the report from the counts with `buildIndicatorReport`, so it is the
 * report `computeIndicators` gives over the same records (the in-process engine's order of
 * refused records is the tables' line order, or the database's scan order without a line column).
 *
 * @param catalog - a catalog from `loadIndicatorCatalog`
 * @param executor - the connection to run on (see {@link duckdbExecutor}, {@link postgresExecutor})
 * @param options - the period, the reference date, the tables, the cap on described refused records
 * @returns a promise of the report
 * @throws `YiyangError` (as a rejected promise) `invalid_argument` when the period does not fit,
 *   the catalog cannot be compiled exactly (`untranslatable_rule`) or a column's type cannot be
 *   read; the driver's error when a query fails
 *
 * @example
 * ```ts
 * const report = await runIndicatorSql(catalog, duckdbExecutor(connection), { period: { from: "2024-01-01", to: "2024-12-31" }, tables: { person: "people" } });
 * report.records.bySubject.person; //=> { read: 1000000, valid: 999812, invalid: 188 }
 * ```
 */
export async function runIndicatorSql(catalog: IndicatorCatalog, executor: SqlExecutor, options: RunIndicatorSqlOptions): Promise<IndicatorReport> {
  const plan = getCatalogPlan(catalog);
  if (plan === undefined) throw invalid("runIndicatorSql takes a catalog from loadIndicatorCatalog.", "runIndicatorSql 需要 loadIndicatorCatalog 返回的目录。");
  const maxRecordIssues = options.maxRecordIssues ?? DEFAULT_MAX_RECORD_ISSUES;
  if (!Number.isSafeInteger(maxRecordIssues) || maxRecordIssues < 0) {
    throw invalid("maxRecordIssues must be a whole number ≥ 0.", "maxRecordIssues 必须是不小于 0 的整数。");
  }
  const settings = resolveReportSettings(catalog, options);
  const d = dialectOf(executor.dialect);
  const tables: Partial<Record<SubjectKind, SqlTable | null>> = {};
  for (const [subject, subjectPlan] of plan.subjects) {
    if (subjectPlan.indicators.length === 0) continue;
    const given = options.tables?.[subject];
    if (given === null) {
      tables[subject] = null;
      continue;
    }
    const table: SqlTable = given === undefined ? { table: subject } : typeof given === "string" ? { table: given } : { ...given };
    if (table.columns === undefined) table.columns = await columnsOf(executor, d, subject, table, subjectPlan.fields.map((f) => f.name));
    tables[subject] = table;
  }
  const compiled = compileIndicatorSql(catalog, { dialect: d, tables });
  const parameters = [settings.period.from, settings.period.to, settings.referenceDate];
  const counts: IndicatorCounts = { records: {}, unattributed: 0, indicators: {}, recordIssues: [], recordIssuesOmitted: 0 };
  for (const indicator of plan.indicators) counts.indicators[indicator.definition.id] = { overall: { initialPopulation: 0, denominatorExclusions: 0, denominator: 0, numeratorExclusions: 0, numerator: 0 }, strata: {} };
  const refusedBySubject: Array<{ subject: CompiledSubjectSql; invalid: number }> = [];
  for (const subject of compiled.subjects) {
    const rows = await executor.query(subject.count, parameters);
    const { strata, indicators } = subject.layout;
    const n = strata.length;
    const all = n === 0 ? 0 : 2 ** n - 1;
    for (const row of rows) {
      const g = countOf(row.grouping_id);
      if (g === all) {
        const read = countOf(row.records_read);
        const valid = countOf(row.records_valid);
        counts.records[subject.subject] = { read, valid, invalid: read - valid };
        if (read - valid > 0) refusedBySubject.push({ subject, invalid: read - valid });
        indicators.forEach((id, i) => {
          (counts.indicators[id] as IndicatorTallies).overall = tallyOf(row, i);
        });
        continue;
      }
      const j = strata.findIndex((_, k) => ((g >> (n - 1 - k)) & 1) === 0);
      const key = strata[j];
      if (key === undefined) continue;
      const stratum = stratumOf(key.kind, row[`key_${j}`]);
      indicators.forEach((id, i) => {
        const indicatorPlan = plan.indicators.find((p) => p.definition.id === id);
        const usesIt = indicatorPlan?.stratifiers.some((k) => plan.subjects.get(subject.subject)?.stratifiers[k]?.id === key.id);
        if (!usesIt) return;
        const tallies = counts.indicators[id] as IndicatorTallies;
        const entry = ((tallies.strata ??= {})[key.id] ??= { strata: [] });
        entry.strata.push({ stratum, tally: tallyOf(row, i) });
      });
    }
    counts.records[subject.subject] ??= { read: 0, valid: 0, invalid: 0 };
  }
  // Describe the first refused records, in input order, as the in-process engine does: each is
  // rebuilt from its raw values and checked again, which also holds SQL and TypeScript together.
  const describer = createIndicatorAccumulator(catalog, { period: settings.period, referenceDate: settings.referenceDate, maxRecordIssues: Number.MAX_SAFE_INTEGER });
  let room = maxRecordIssues;
  let totalInvalid = 0;
  const listed: RecordIssue[] = [];
  for (const { subject, invalid: count } of refusedBySubject) {
    totalInvalid += count;
    if (room === 0) continue;
    const refusedParameters = [...parameters, Math.min(room, count)];
    const rows = executor.queryInLayers === undefined ? await executor.query(subject.refused, refusedParameters) : await executor.queryInLayers(subject.refused, refusedParameters);
    for (const row of rows) {
      const record: Record<string, unknown> = {};
      subject.layout.fields.forEach((field, j) => {
        const value = rebuildValue(field.column, row[`raw_${j}`]);
        if (value !== undefined) record[field.name] = value;
      });
      const index = countOf(row.index_);
      const line = countOf(row.line_);
      if (describer.add(record, { subject: subject.subject, index, line })) {
        throw new YiyangError(
          YIYANG_ERROR_CODES.INTERNAL,
          `SQL refused the ${subject.subject} record at line ${line}, which the in-process engine counts: please open an issue.`,
          { messageZh: `SQL 拒绝了第 ${line} 行的 ${subject.subject} 记录，而进程内引擎计入了它：请报告此问题。` },
        );
      }
    }
    room -= rows.length;
  }
  const described = describer.report().recordIssues;
  listed.push(...described);
  counts.recordIssues = listed;
  counts.recordIssuesOmitted = totalInvalid - listed.length;
  return buildIndicatorReport(catalog, counts, { period: settings.period, ...(options.referenceDate === undefined ? {} : { referenceDate: options.referenceDate }) });
}

/**
 * Compute a catalog's indicators with DuckDB, on tables or views of the connection (for files,
 * create views over `read_parquet`, `read_csv` or `read_json` first).
 *
 * @param catalog - a catalog from `loadIndicatorCatalog`
 * @param connection - a `@duckdb/node-api` connection
 * @param options - the period, the reference date, the tables
 * @returns a promise of the report, field for field what `computeIndicators` gives
 * @throws as {@link runIndicatorSql}
 *
 * @example
 * ```ts
 * await connection.run("CREATE VIEW person AS SELECT * FROM read_parquet('people.parquet')");
 * const report = await computeIndicatorsInDuckDB(catalog, connection, { period: { from: "2024-01-01", to: "2024-12-31" } });
 * report.indicators[0].overall.rate; //=> "65.1"
 * ```
 */
export function computeIndicatorsInDuckDB(catalog: IndicatorCatalog, connection: DuckDBConnectionLike, options: RunIndicatorSqlOptions): Promise<IndicatorReport> {
  return runIndicatorSql(catalog, duckdbExecutor(connection), options);
}

/**
 * Compute a catalog's indicators in PostgreSQL (15 or later), on tables the client can read.
 *
 * @param catalog - a catalog from `loadIndicatorCatalog`
 * @param client - a connected `pg` client (or pool)
 * @param options - the period, the reference date, the tables (`schema.table`)
 * @returns a promise of the report, field for field what `computeIndicators` gives
 * @throws as {@link runIndicatorSql}
 *
 * @example
 * ```ts
 * const report = await computeIndicatorsInPostgres(catalog, client, { period: { from: "2024-01-01", to: "2024-12-31" }, tables: { person: "health.residents" } });
 * report.records.read; //=> 1200000
 * ```
 */
export function computeIndicatorsInPostgres(catalog: IndicatorCatalog, client: PgClientLike, options: RunIndicatorSqlOptions): Promise<IndicatorReport> {
  return runIndicatorSql(catalog, postgresExecutor(client), options);
}
