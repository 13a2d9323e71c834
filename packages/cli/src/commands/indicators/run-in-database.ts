/**
 * `yiyang indicators --engine duckdb|postgres`: the same report, counted by SQL in a database.
 * The CLI opens the files and connections; `@yiyang/sql` only runs queries on what it is handed.
 */
import { resolve } from "node:path";
import type { IndicatorCatalog, IndicatorPeriod, IndicatorReport, SubjectKind } from "@yiyang/indicators";
import { SUBJECT_KINDS } from "@yiyang/indicators";
import { computeIndicatorsInDuckDB, computeIndicatorsInPostgres, type ColumnType, type SqlTable } from "@yiyang/sql";
import { openInput, UsageError, type CliIo } from "../../cli-io";
import { readRecords, type InputFormat } from "../../io/read-records";

/** The SQL engines `--engine` names besides the in-process one. */
export type SqlEngine = "duckdb" | "postgres";

/** One `--input`: a file of records of one kind, or of every kind (each naming its `subject`). */
export interface EngineInput {
  subject: SubjectKind | null;
  path: string;
  format: InputFormat | "parquet";
}

/** CSV columns the in-process reader keeps as text (as `yiyang indicators` reads CSV). */
export const CSV_TEXT_FIELDS = ["id", "facilityId"];

/** Load a module by a name esbuild cannot follow, so the native DuckDB binding is never bundled. */
async function importOptional<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    throw new UsageError(`${name} is needed for this engine and could not be loaded: ${(error as Error).message}`, `该引擎需要 ${name}，但无法加载：${(error as Error).message}`);
  }
}

function fieldsOf(catalog: IndicatorCatalog, subject: SubjectKind): string[] {
  return Object.keys(catalog.document.recordSchemas[subject]?.fields ?? {});
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The kinds the catalog's indicators count. */
function countedKinds(catalog: IndicatorCatalog): SubjectKind[] {
  return SUBJECT_KINDS.filter((kind) => catalog.document.indicators.some((indicator) => indicator.subject === kind));
}

interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string, values?: Array<string | number>): Promise<{ getRowObjectsJS(): Array<Record<string, unknown>> }>;
  closeSync(): void;
}

/**
 * A DuckDB view over a file: JSON Lines as one JSON value per field (exactly the values a JSON
 * record holds), CSV as text read the way the in-process CSV reader reads it, Parquet as its own
 * typed columns. Every view has the 1-based line of its row.
 */
async function duckdbView(connection: DuckConnection, catalog: IndicatorCatalog, name: string, input: EngineInput, subject: SubjectKind, cwd: string): Promise<SqlTable> {
  const file = literal(resolve(cwd, input.path));
  const fields = fieldsOf(catalog, subject);
  const where = input.subject === null ? ` WHERE subject_ = ${literal(subject)}` : "";
  if (input.format === "parquet") {
    const select = input.subject === null ? `*, "subject" AS subject_` : "*";
    // Parquet numbers its rows itself: no window over the whole file.
    await connection.run(`CREATE OR REPLACE TEMP VIEW ${ident(name)} AS SELECT * FROM (SELECT ${select}, file_row_number + 1 AS line_, file_row_number AS index_ FROM read_parquet(${file}, file_row_number = true))${where}`);
    return { table: name, line: "line_", index: "index_" };
  }
  if (input.format === "csv") {
    const columns: Record<string, ColumnType | null> = {};
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_csv(${file}, header = true, all_varchar = true)`)).getRowObjectsJS();
    const present = new Set(described.map((row) => String(row.column_name)));
    for (const field of fields) columns[field] = present.has(field) ? (CSV_TEXT_FIELDS.includes(field) ? "csv-text" : "csv") : null;
    const subjectColumn = input.subject === null ? `, trim("subject") AS subject_` : "";
    // The header is line 1.
    await connection.run(
      `CREATE OR REPLACE TEMP VIEW ${ident(name)} AS SELECT * FROM (SELECT *${subjectColumn}, row_number() OVER () + 1 AS line_, row_number() OVER () - 1 AS index_ FROM read_csv(${file}, header = true, all_varchar = true))${where}`,
    );
    return { table: name, line: "line_", index: "index_", columns };
  }
  if (input.format === "json") throw new UsageError("--engine duckdb reads JSON Lines, CSV or Parquet; convert a JSON array to JSON Lines.", "--engine duckdb 读取 JSON Lines、CSV 或 Parquet；请把 JSON 数组转换为 JSON Lines。");
  const columns: Record<string, ColumnType | null> = Object.fromEntries(fields.map((field) => [field, "json" as const]));
  const values = fields.map((field) => `json -> ${literal(field)} AS ${ident(field)}`).join(", ");
  const subjectColumn = input.subject === null ? `, json ->> 'subject' AS subject_` : "";
  await connection.run(
    `CREATE OR REPLACE TEMP VIEW ${ident(name)} AS SELECT * FROM (SELECT ${values}${subjectColumn}, row_number() OVER () AS line_, row_number() OVER () - 1 AS index_ FROM read_ndjson_objects(${file}))${where}`,
  );
  return { table: name, line: "line_", index: "index_", columns };
}

/** Rows of a mixed input whose subject is no kind the catalog counts: the SQL engines cannot count them. */
async function checkSubjects(rows: Array<Record<string, unknown>>, kinds: readonly SubjectKind[]): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  throw new UsageError(
    `${String(first.n)} records name no subject kind of the catalog (${kinds.join(", ")}); the first is at line ${String(first.line_)}. Split the input by kind (--input person=file …), or compute in process.`,
    `${String(first.n)} 条记录的 subject 不是目录中的记录类型（${kinds.join("、")}）；第一条在第 ${String(first.line_)} 行。请按类型拆分输入（--input person=文件 …），或在进程内计算。`,
  );
}

/** Compute over files with an embedded DuckDB. */
export async function computeWithDuckDB(catalog: IndicatorCatalog, inputs: readonly EngineInput[], options: { period: IndicatorPeriod; referenceDate?: string; cwd: string }): Promise<IndicatorReport> {
  const duckdb = await importOptional<{ DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckConnection> }> } }>("@duckdb/node-api");
  const instance = await duckdb.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const kinds = countedKinds(catalog);
    const tables: Partial<Record<SubjectKind, SqlTable>> = {};
    for (const [i, input] of inputs.entries()) {
      for (const subject of input.subject === null ? kinds : [input.subject]) {
        if (!kinds.includes(subject)) continue;
        tables[subject] = await duckdbView(connection, catalog, `input_${i}_${subject}`, input, subject, options.cwd);
      }
      if (input.subject === null) {
        const check = await connection.runAndReadAll(
          `SELECT count(*) OVER () AS n, line_ FROM (${rebuildAll(input, options.cwd)}) WHERE subject_ IS NULL OR subject_ NOT IN (${kinds.map(literal).join(", ")}) ORDER BY line_ LIMIT 1`,
        );
        await checkSubjects(check.getRowObjectsJS(), kinds);
      }
    }
    for (const kind of kinds) if (tables[kind] === undefined) tables[kind] = await emptyDuckTable(connection, catalog, kind);
    return await computeIndicatorsInDuckDB(catalog, connection, { period: options.period, ...(options.referenceDate === undefined ? {} : { referenceDate: options.referenceDate }), tables });
  } finally {
    connection.closeSync();
  }
}

/** Every row of a mixed input with its subject and line, for the subject check. */
function rebuildAll(input: EngineInput, cwd: string): string {
  const file = literal(resolve(cwd, input.path));
  if (input.format === "parquet") return `SELECT "subject" AS subject_, file_row_number + 1 AS line_ FROM read_parquet(${file}, file_row_number = true)`;
  if (input.format === "csv") return `SELECT trim("subject") AS subject_, row_number() OVER () + 1 AS line_ FROM read_csv(${file}, header = true, all_varchar = true)`;
  return `SELECT json ->> 'subject' AS subject_, row_number() OVER () AS line_ FROM read_ndjson_objects(${file})`;
}

async function emptyDuckTable(connection: DuckConnection, catalog: IndicatorCatalog, kind: SubjectKind): Promise<SqlTable> {
  const fields = fieldsOf(catalog, kind);
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${ident(`empty_${kind}`)} (line_ BIGINT${fields.map((f) => `, ${ident(f)} JSON`).join("")})`);
  return { table: `empty_${kind}`, line: "line_", columns: Object.fromEntries(fields.map((f) => [f, "json" as const])) };
}

interface PgClient {
  connect(): Promise<void>;
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  end(): Promise<void>;
}

/**
 * Compute in PostgreSQL: on existing tables (`--table`), or on `--input` files read by the CLI's
 * own reader (JSON Lines, JSON, CSV, as in process) and loaded into temporary tables of JSON values.
 */
export async function computeWithPostgres(
  catalog: IndicatorCatalog,
  io: CliIo,
  inputs: readonly EngineInput[],
  tables: Partial<Record<SubjectKind, string>>,
  options: { period: IndicatorPeriod; referenceDate?: string; database: string },
): Promise<IndicatorReport> {
  const pg = await importOptional<{ default: { Client: new (config: { connectionString: string }) => PgClient } }>("pg");
  const client = new pg.default.Client({ connectionString: options.database });
  try {
    await client.connect();
  } catch (error) {
    throw new UsageError(`Cannot connect to --database: ${(error as Error).message}`, `无法连接 --database：${(error as Error).message}`);
  }
  try {
    const kinds = countedKinds(catalog);
    const given: Partial<Record<SubjectKind, string | SqlTable>> = { ...tables };
    if (inputs.length > 0) {
      const rows = new Map<SubjectKind, Array<{ line: number; index: number; record: unknown }>>(kinds.map((kind) => [kind, []]));
      for (const input of inputs) {
        let index = 0;
        if (input.format === "parquet") throw new UsageError("--engine postgres loads JSON Lines, JSON or CSV; load Parquet into a table and name it with --table.", "--engine postgres 可载入 JSON Lines、JSON 或 CSV；Parquet 请先导入表再用 --table 指定。");
        for await (const entry of readRecords(openInput(io, input.path), { format: input.format, csvTextFields: CSV_TEXT_FIELDS })) {
          const record = entry.record as Record<string, unknown> | undefined;
          const kind = input.subject ?? (typeof record === "object" && record !== null ? (record.subject as SubjectKind) : undefined);
          if (entry.issues !== undefined || record === undefined || typeof record !== "object" || record === null || Array.isArray(record) || kind === undefined || !kinds.includes(kind)) {
            throw new UsageError(
              `Line ${entry.line} of ${input.path} cannot be loaded as a record of the catalog's kinds (${kinds.join(", ")}); the in-process engine counts it as refused.`,
              `${input.path} 第 ${entry.line} 行无法作为目录记录类型（${kinds.join("、")}）载入；进程内引擎会将其计为未计入。`,
            );
          }
          rows.get(kind)?.push({ line: entry.line, index: index++, record });
        }
      }
      for (const kind of kinds) {
        if (given[kind] !== undefined) continue;
        const name = `yiyang_input_${kind}`;
        const fields = fieldsOf(catalog, kind);
        await client.query(`CREATE TEMP TABLE ${ident(name)} (line_ bigint, index_ bigint${fields.map((f) => `, ${ident(f)} jsonb`).join("")})`);
        const list = rows.get(kind) ?? [];
        for (let start = 0; start < list.length; start += 5000) {
          const batch = list.slice(start, start + 5000);
          await client.query(
            `INSERT INTO ${ident(name)} SELECT (e.r ->> 'line')::bigint, (e.r ->> 'index')::bigint${fields.map((f) => `, e.r -> 'record' -> ${literal(f)}`).join("")} FROM jsonb_array_elements($1::jsonb) AS e(r)`,
            [JSON.stringify(batch)],
          );
        }
        given[kind] = { table: name, line: "line_", index: "index_" };
      }
    }
    for (const kind of kinds) {
      if (given[kind] === undefined) throw new UsageError(`No table for ${kind} records: give --table ${kind}=schema.table or --input.`, `缺少 ${kind} 记录的表：请给出 --table ${kind}=模式.表 或 --input。`);
    }
    return await computeIndicatorsInPostgres(catalog, client, { period: options.period, ...(options.referenceDate === undefined ? {} : { referenceDate: options.referenceDate }), tables: given });
  } finally {
    await client.end();
  }
}
