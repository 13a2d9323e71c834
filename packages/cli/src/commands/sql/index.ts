import { loadIndicatorCatalog, SUBJECT_KINDS, type SubjectKind } from "@yiyang/indicators";
import { safeCompileIndicatorSql, type SqlDialectName } from "@yiyang/sql";
import { indicatorCatalogs } from "@yiyang/standards";
import { say, UsageError } from "../../cli-io";
import type { Command } from "../../command";
import { dateOption } from "../../command-options";
import { resolveBundledDocument } from "../../resolve-documents";
import { parsePeriod } from "../indicators";

const DIALECTS: readonly SqlDialectName[] = ["postgres", "duckdb"];

/** `--table person=schema.table`, repeatable: each subject kind's table. */
export function tablesOption(values: Record<string, unknown>): Partial<Record<SubjectKind, string>> {
  const given = values.table;
  const list = given === undefined ? [] : Array.isArray(given) ? (given as string[]) : [given as string];
  const tables: Partial<Record<SubjectKind, string>> = {};
  for (const entry of list) {
    const at = entry.indexOf("=");
    const kind = entry.slice(0, at) as SubjectKind;
    const table = entry.slice(at + 1);
    if (at < 1 || !(SUBJECT_KINDS as readonly string[]).includes(kind) || !/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/.test(table)) {
      throw new UsageError(
        `--table "${entry}" must be kind=table or kind=schema.table, with kind one of ${SUBJECT_KINDS.join(", ")}.`,
        `--table "${entry}" 须为 类型=表 或 类型=模式.表，类型为 ${SUBJECT_KINDS.join("、")} 之一。`,
      );
    }
    tables[kind] = table;
  }
  return tables;
}

export const sqlCommand: Command = {
  name: "sql",
  summary: {
    en: "Print the SQL that computes a catalog's indicators in PostgreSQL or DuckDB (integer counts, one scan per kind).",
    zh: "输出在 PostgreSQL 或 DuckDB 中计算指标目录的 SQL（只返回整数计数，每类记录扫描一次）。",
  },
  usage: "yiyang sql --catalog <id | file.json> --dialect postgres|duckdb [--table person=schema.table …] [--period 2024] [--reference-date D]",
  optionHelp: [
    ["--catalog <id | file>", "city-elderly-health-indicators, or an edited catalog", "city-elderly-health-indicators，或编辑过的目录"],
    ["--dialect postgres|duckdb", "the SQL dialect (PostgreSQL 15+, DuckDB)", "SQL 方言（PostgreSQL 15+、DuckDB）"],
    ["--table kind=schema.table", "each kind's table (default: person, facility, episode); repeatable", "各类记录所在的表（默认 person、facility、episode）；可重复"],
    ["--period <2024 | from..to>", "write the period in; without it the SQL reads $1 $2 $3 (period start, end, reference date)", "把统计期写入 SQL；不给时 SQL 读取参数 $1 $2 $3（统计期起、止、年龄基准日）"],
    ["--reference-date YYYY-MM-DD", "the date ages are taken on, with --period (default: the catalog's choice)", "与 --period 一起：计算年龄的基准日（默认按目录规定）"],
  ],
  example: "yiyang sql --catalog city-elderly-health-indicators --dialect postgres --table person=health.residents --period 2024",
  options: {
    catalog: { type: "string" },
    dialect: { type: "string" },
    table: { type: "string", multiple: true },
    period: { type: "string" },
    "reference-date": { type: "string" },
  },
  async run({ values, io, lang }) {
    const dialect = values.dialect as string | undefined;
    if (dialect === undefined || !(DIALECTS as readonly string[]).includes(dialect)) {
      throw new UsageError("--dialect must be postgres or duckdb.", "--dialect 须为 postgres 或 duckdb。");
    }
    const catalog = await resolveBundledDocument(io, "--catalog", values.catalog as string | undefined, indicatorCatalogs, loadIndicatorCatalog);
    const referenceDate = dateOption(values, "reference-date");
    const period = values.period === undefined ? undefined : parsePeriod(values.period as string);
    if (referenceDate !== undefined && period === undefined) {
      throw new UsageError("--reference-date goes with --period.", "--reference-date 须与 --period 一起使用。");
    }
    const result = safeCompileIndicatorSql(catalog, {
      dialect: dialect as SqlDialectName,
      tables: tablesOption(values),
      ...(period === undefined ? {} : { period }),
      ...(referenceDate === undefined ? {} : { referenceDate }),
    });
    if (!result.ok) {
      for (const issue of result.issues) io.err(`${issue.path || "/"} ${issue.code}: ${say(lang, issue.message, issue.messageZh)}\n`);
      return 1;
    }
    const sql = result.value;
    const head = [
      `-- yiyang sql: ${sql.catalog.id} ${sql.catalog.version} (${sql.catalog.fingerprint}), ${sql.dialect}`,
      sql.parameters.length > 0
        ? `-- Parameters: $1 the period's first day, $2 its last day, $3 the reference date for ages (DATE); the refused-records queries take $4, how many to list.`
        : `-- Period ${sql.period?.from} to ${sql.period?.to}, ages on ${sql.referenceDate}; the refused-records queries take $1, how many to list.`,
      `-- Each counting query returns integer counts only, by grouping set; yiyang builds the report (rates, rounding, targets) from them.`,
      "",
    ];
    await io.out(head.join("\n") + sql.text);
    return 0;
  },
};
