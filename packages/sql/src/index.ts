/**
 * Indicator catalogs compiled to SQL for PostgreSQL and DuckDB: the same catalog, counted where a city's records live,
 * giving the same report as the in-process computation.
 *
 * @module @yiyang/sql
 */
export { compileIndicatorSql, safeCompileIndicatorSql } from "./compile-indicator-sql";
export type { CompiledIndicatorSql, CompiledSubjectSql, CompileIndicatorSqlOptions, SqlTable } from "./compile-indicator-sql";
export { computeIndicatorsInDuckDB, computeIndicatorsInPostgres, duckdbExecutor, postgresExecutor, runIndicatorSql } from "./run-indicator-sql";
export type { DuckDBConnectionLike, PgClientLike, RunIndicatorSqlOptions, SqlExecutor } from "./run-indicator-sql";
export { duckdbDialect } from "./dialects/duckdb-dialect";
export { postgresDialect } from "./dialects/postgres-dialect";
export type { NativeColumnType, SqlComparison, SqlDialect, SqlDialectName } from "./sql-dialect";
export type { ColumnType } from "./read-field-sql";
