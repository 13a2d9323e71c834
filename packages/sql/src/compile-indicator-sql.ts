import {
  createIssue,
  isCalendarDate,
  YIYANG_ERROR_CODES,
  YiyangError,
  type Issue,
  type RuleNode,
  type SafeResult,
} from "@yiyang/core";
import { indicatorCatalogKind, isIndicatorCatalog, type IndicatorCatalog, type IndicatorPeriod, type SubjectKind } from "@yiyang/indicators";
import {
  AGE_FIELD,
  getCatalogPlan,
  type FieldType,
  type SubjectPlan,
} from "@yiyang/indicators/unstable-internals";
import { ageSql, pointerOf, RuleCompiler, Untranslatable, type Expr, type FieldBinding, type SqlKind } from "./compile-rule";
import { duckdbDialect } from "./dialects/duckdb-dialect";
import { postgresDialect } from "./dialects/postgres-dialect";
import { columnHolds, DEFAULT_COLUMNS, readField, type ColumnType } from "./read-field-sql";
import type { SqlDialect, SqlDialectName } from "./sql-dialect";

/** Where a subject kind's records are: a table (or view) and how its columns hold the fields. */
export interface SqlTable {
  /** The table or view, optionally with its schema (`schema.table`); each part is quoted. */
  table: string;
  /**
   * How each column holds its field (default: the interchange table's native type for the field's
   * type: text, date, boolean, integer, double, text[]). `null` for a field the table has no
   * column for (absent in every row). The runners read this from the database themselves.
   */
  columns?: Record<string, ColumnType | null>;
  /**
   * A column giving each row's 1-based line in its input: refused records are listed in its order,
   * with it as their line. Without it, rows are listed in the order the database scans them.
   */
  line?: string;
  /**
   * A column giving each row's 0-based index in its input (when the input held other rows, such as
   * records of other kinds). Default: the row's rank in line order, from 0.
   */
  index?: string;
}

/** Options for {@link compileIndicatorSql}. */
export interface CompileIndicatorSqlOptions {
  /** The SQL dialect: `postgres` (15+) or `duckdb`, or a dialect object. */
  dialect: SqlDialectName | SqlDialect;
  /**
   * Each subject kind's table: a name (default: the kind, e.g. `person`) or a {@link SqlTable};
   * `null` for a kind with no records (no SQL is written for it).
   */
  tables?: Partial<Record<SubjectKind, string | SqlTable | null>>;
  /**
   * The period and reference date written into the SQL as literals. Without them the SQL reads
   * them from bind parameters `$1` (period's first day), `$2` (its last day) and `$3` (the
   * reference date), so one text serves every period.
   */
  period?: IndicatorPeriod;
  /** The reference date for ages, with `period` (default: the catalog's `period.ageOn`). */
  referenceDate?: string;
}

/** How the result columns of a subject's counting query map back to tallies. @internal */
export interface SubjectLayout {
  /** Stratifier ids in the order of their key columns, with how each key is read back. */
  readonly strata: ReadonlyArray<{ readonly id: string; readonly kind: SqlKind | "null" }>;
  /** Indicator ids in the order of their five tally columns. */
  readonly indicators: readonly string[];
  /** Declared fields and how the refused-records query returns each. */
  readonly fields: ReadonlyArray<{ readonly name: string; readonly column: ColumnType | null }>;
}

/** The SQL of one subject kind. */
export interface CompiledSubjectSql {
  /** The subject kind. */
  subject: SubjectKind;
  /** The table read. */
  table: string;
  /**
   * One scan of the table: a row per grouping set (overall, then each stratifier) with `grouping_id`,
   * the stratum keys, `records_read`, `records_valid` and, per indicator, five integer tallies.
   */
  count: string;
  /**
   * The refused records in input order, with their raw values (to describe them), as many as the
   * last bind parameter says.
   */
  refused: string;
  /** @internal */
  layout: SubjectLayout;
}

/** What {@link compileIndicatorSql} returns. */
export interface CompiledIndicatorSql {
  /** The dialect written. */
  dialect: SqlDialectName;
  /** The catalog compiled. */
  catalog: { id: string; version: string; fingerprint: string };
  /** The bind parameters the queries read, in order (empty when the period was written in). */
  parameters: Array<"period.from" | "period.to" | "referenceDate">;
  /** The period written in, when given. */
  period: IndicatorPeriod | null;
  /** The reference date written in, when given. */
  referenceDate: string | null;
  /** One entry per subject kind the catalog's indicators count. */
  subjects: CompiledSubjectSql[];
  /** Every query, commented, ready to print. */
  text: string;
}

const DIALECTS: Record<SqlDialectName, SqlDialect> = { postgres: postgresDialect, duckdb: duckdbDialect };

/** The dialect object of a name. @internal */
export function dialectOf(dialect: SqlDialectName | SqlDialect): SqlDialect {
  if (typeof dialect === "object" && dialect !== null) return dialect;
  const known = DIALECTS[dialect];
  if (known === undefined) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `Unknown SQL dialect "${String(dialect)}"; use postgres or duckdb.`, {
      messageZh: `未知的 SQL 方言 "${String(dialect)}"；请用 postgres 或 duckdb。`,
    });
  }
  return known;
}

/** A table name with its parts quoted. */
function quoteTable(d: SqlDialect, name: string): string {
  return name
    .split(".")
    .map((part) => d.identifier(part))
    .join(".");
}

const col = (d: SqlDialect, prefix: string, name: string) => d.identifier(`${prefix}${name}`);

/** The kind of value a rule sees for a field. */
function bindingOf(d: SqlDialect, name: string, type: FieldType): FieldBinding {
  const sql = col(d, "v_", name);
  const nullable = type.optional;
  switch (type.kind) {
    case "boolean":
      return { sql, kind: "finite", domain: [true, false], nullable };
    case "enum":
    case "sex":
      return { sql, kind: "finite", domain: type.values ?? [], nullable };
    case "date":
      return { sql, kind: "date", nullable };
    case "integer":
    case "number":
      return { sql, kind: "num", nullable };
    case "string[]":
      return { sql, kind: "list", nullable };
    default:
      return { sql, kind: "text", nullable };
  }
}

/** What went wrong while compiling, kept to report every issue at once. */
class Issues {
  readonly list: Issue[] = [];
  untranslatable(pointer: string, error: Untranslatable): void {
    const path = pointerOf(pointer, error.path);
    this.list.push(
      createIssue("untranslatable_rule", path, `The rule at ${path} has no exact SQL translation: ${error.message}`, `位于 ${path} 的规则无法精确翻译为 SQL：${error.messageZh}`, {
        params: { rule: pointer },
      }),
    );
  }
}

interface SubjectContext {
  readonly d: SqlDialect;
  readonly plan: SubjectPlan;
  readonly compiler: RuleCompiler;
  readonly issues: Issues;
  /** SQL truth of each rule used, by rule index. */
  readonly truths: Map<number, string>;
}

function truthOf(ctx: SubjectContext, index: number): string {
  const known = ctx.truths.get(index);
  if (known !== undefined) return known;
  const rule = ctx.plan.rules[index] as RuleNode;
  let sql = "FALSE";
  try {
    sql = ctx.compiler.truth(ctx.compiler.compile(rule), rule);
  } catch (error) {
    if (!(error instanceof Untranslatable)) throw error;
    ctx.issues.untranslatable(ctx.plan.rulePaths[index] ?? "", error);
  }
  ctx.truths.set(index, sql);
  return sql;
}

/** The SQL key of a stratifier and the kind it is read back as. */
function stratumKey(ctx: SubjectContext, k: number): { sql: string; kind: SqlKind | "null" } {
  const { d, plan, compiler } = ctx;
  const stratifier = plan.stratifiers[k] as SubjectPlan["stratifiers"][number];
  const fail = (pointer: string, error: Untranslatable) => {
    ctx.issues.untranslatable(pointer, error);
    return { sql: "NULL", kind: "null" as const };
  };
  let value: Expr;
  let pointer: string;
  if (stratifier.field === AGE_FIELD) {
    value = { k: "sql", kind: "num", sql: d.identifier("age"), nullable: false };
    pointer = `/stratifiers`;
  } else if (stratifier.field >= 0) {
    const field = plan.fields[stratifier.field] as SubjectPlan["fields"][number];
    const binding = bindingOf(d, field.name, field.type);
    value = binding.kind === "finite" ? { k: "sql", kind: "text", sql: binding.sql, nullable: binding.nullable } : { k: "sql", kind: binding.kind, sql: binding.sql, nullable: binding.nullable };
    if (field.type.kind === "boolean") value = { k: "sql", kind: "bool", sql: binding.sql, nullable: binding.nullable };
    pointer = `/stratifiers`;
  } else {
    pointer = stratifier.rulePath;
    const rule = plan.rules[stratifier.rule] as RuleNode;
    try {
      value = compiler.compile(rule);
    } catch (error) {
      if (!(error instanceof Untranslatable)) throw error;
      return fail(pointer, error);
    }
  }
  try {
    const rule = stratifier.rule >= 0 ? (plan.rules[stratifier.rule] as RuleNode) : ({ kind: "literal", value: null, path: [] } as RuleNode);
    if (stratifier.bands !== null) {
      if (value.k !== "sql" || value.kind !== "num") throw new Untranslatable([], "Bands of a value that is not a number.", "对非数值分段。");
      value = compiler.bandSql(value, stratifier.bands, rule);
    }
    const scalar = compiler.value(value, rule);
    if (scalar.k === "const") {
      const v = scalar.value;
      if (v === null || v === undefined) return { sql: "NULL", kind: "null" };
      if (typeof v === "string") return { sql: d.string(v), kind: "text" };
      if (typeof v === "boolean") return { sql: v ? "TRUE" : "FALSE", kind: "bool" };
      if (typeof v === "number" && Number.isFinite(v)) return { sql: d.double(v), kind: "num" };
      throw new Untranslatable([], "A stratum that is not a single value.", "分层取值不是单个值。");
    }
    if (scalar.kind === "list") throw new Untranslatable([], "A stratum that is a list: every record would be refused.", "分层取值为列表：每条记录都会被拒。");
    if (scalar.kind === "date") return { sql: d.dateText(scalar.sql), kind: "text" };
    return { sql: scalar.sql, kind: scalar.kind };
  } catch (error) {
    if (!(error instanceof Untranslatable)) throw error;
    return fail(pointer, error);
  }
}

function resolveTable(subject: SubjectKind, given: string | SqlTable | undefined): SqlTable {
  if (given === undefined) return { table: subject };
  return typeof given === "string" ? { table: given } : given;
}

/** Compile one subject kind's two queries. */
function compileSubject(
  d: SqlDialect,
  catalog: IndicatorCatalog,
  plan: SubjectPlan,
  table: SqlTable,
  params: { from: string; to: string; referenceDate: string },
  issues: Issues,
): CompiledSubjectSql {
  /** Atoms by depth: an atom reading other atoms goes one layer after the deepest it reads. */
  const atoms: Array<Array<string>> = [];
  const atomDepth = new Map<string, number>();
  const fields = plan.fields.map((field) => {
    const given = table.columns === undefined ? DEFAULT_COLUMNS[field.type.kind] : Object.prototype.hasOwnProperty.call(table.columns, field.name) ? table.columns[field.name] : null;
    const column = given ?? null;
    if (column !== null && !columnHolds(column, field.type)) {
      issues.list.push(
        createIssue(
          "column_type_mismatch",
          ["recordSchemas", plan.subject, "fields", field.name],
          `Column ${field.name} of ${table.table} is ${column}; a ${field.type.spelling} field cannot be read from it exactly.`,
          `${table.table} 的 ${field.name} 列为 ${column}，无法从中精确读取 ${field.type.spelling} 字段。`,
          { params: { field: field.name, column } },
        ),
      );
      return { ...field, column: null as ColumnType | null, read: readField(d, field.type, "json", null) };
    }
    let n = 0;
    const atom = (sql: string) => {
      const name = col(d, `a${n++}_`, field.name);
      let depth = 0;
      for (const [known, at] of atomDepth) if (sql.includes(known)) depth = Math.max(depth, at + 1);
      atomDepth.set(name, depth);
      (atoms[depth] ??= []).push(`${sql} AS ${name}`);
      return name;
    };
    return { ...field, column, read: readField(d, field.type, column ?? "json", column === null ? null : col(d, "c_", field.name), atom) };
  });
  const bindings = new Map<string, FieldBinding>(plan.fields.map((f) => [f.name, bindingOf(d, f.name, f.type)]));
  // The period and reference date are written where they are used (literals or bind parameters):
  // no one-row table to join on every layer.
  const p = (name: "period_from" | "period_to" | "reference_date") => (name === "period_from" ? params.from : name === "period_to" ? params.to : params.referenceDate);
  const ageFrom = plan.ageField >= 0 ? (plan.fields[plan.ageField] as SubjectPlan["fields"][number]).name : null;
  const compiler = new RuleCompiler({
    dialect: d,
    engine: indicatorCatalogKind.engine,
    fields: bindings,
    age: ageFrom === null ? null : d.identifier("age"),
    ageFrom,
    period: { from: p("period_from"), to: p("period_to"), referenceDate: p("reference_date") },
  });
  const ctx: SubjectContext = { d, plan, compiler, issues, truths: new Map() };
  const relation = quoteTable(d, table.table);

  // Layers, each computed once per row from the one before: raw columns, atoms, validity, values,
  // age, rule truths, the record's verdict, then stages and strata.
  const rawColumns = fields.filter((f) => f.column !== null).map((f) => `${d.identifier(f.name)} AS ${col(d, "c_", f.name)}`);
  if (table.line !== undefined) rawColumns.push(`${d.identifier(table.line)} AS ${d.identifier("line_")}`);
  if (table.index !== undefined) rawColumns.push(`${d.identifier(table.index)} AS ${d.identifier("index_")}`);
  const validity = fields.flatMap((f) => [`${f.read.valid} AS ${col(d, "ok_", f.name)}`, `${f.read.absent} AS ${col(d, "no_", f.name)}`]);
  const fieldsOk = fields.map((f) => (f.type.optional ? `(${col(d, "ok_", f.name)} OR ${col(d, "no_", f.name)})` : col(d, "ok_", f.name)));
  // A value that cannot fail is used as it is: on a refused row no rule's value counts.
  const values = fields.map((f) => `${f.read.safe === true ? f.read.value : `(CASE WHEN ${col(d, "ok_", f.name)} THEN ${f.read.value} END)`} AS ${col(d, "v_", f.name)}`);
  const typed = [...values, `(${fieldsOk.length === 0 ? "TRUE" : fieldsOk.join("\n      AND ")}) AS ${d.identifier("fields_ok")}`];
  const age = ageFrom === null ? null : ageSql(d, col(d, "v_", ageFrom), p("reference_date"));
  const bornAfter = ageFrom === null ? "FALSE" : `coalesce(${col(d, "v_", ageFrom)} > ${p("reference_date")}, FALSE)`;
  const ruleColumn = (index: number) => d.identifier(`r${index}`);
  const usedRules = new Set<number>();
  const rule = (index: number) => {
    usedRules.add(index);
    return ruleColumn(index);
  };
  const checks = plan.checks.map((check) => rule(check.rule));
  const valid = `(${d.identifier("fields_ok")} AND NOT ${bornAfter}${checks.map((c) => `\n      AND ${c}`).join("")})`;

  // Stages per indicator: 0 out, 1 population only, 2 denominator exclusion, 3 denominator, 4 numerator exclusion, 5 numerator.
  const stages = plan.indicators.map((indicator, i) => {
    const when: string[] = [`WHEN NOT ${d.identifier("valid")} THEN 0`, `WHEN NOT ${rule(indicator.population)} THEN 0`];
    if (indicator.hasDenominator) {
      if (indicator.denominator >= 0) when.push(`WHEN NOT ${rule(indicator.denominator)} THEN 1`);
      if (indicator.denominatorExclusions >= 0) when.push(`WHEN ${rule(indicator.denominatorExclusions)} THEN 2`);
    }
    when.push(`WHEN NOT ${rule(indicator.numerator)} THEN 3`);
    if (indicator.numeratorExclusions >= 0) when.push(`WHEN ${rule(indicator.numeratorExclusions)} THEN 4`);
    return `(CASE ${when.join(" ")} ELSE 5 END) AS ${d.identifier(`stage_${i}`)}`;
  });
  const used = [...new Set(plan.indicators.flatMap((indicator) => indicator.stratifiers))].sort((a, b) => a - b);
  const keys = used.map((k) => ({ k, ...stratumKey(ctx, k) }));
  const keyColumns = keys.map((_, j) => d.identifier(`key_${j}`));

  const header = `-- ${catalog.id} ${catalog.version} (${catalog.fingerprint}): ${plan.subject} records from ${table.table}`;
  const fence = d.layerFence;
  const layer = (name: string, from: string, columns: readonly string[]) =>
    `${d.identifier(name)} AS (\n  SELECT ${d.identifier(from)}.*${columns.map((c) => `,\n    ${c}`).join("")}\n  FROM ${d.identifier(from)}${fence}\n)`;
  const rules = [...usedRules].sort((a, b) => a - b).map((index) => `${truthOf(ctx, index)} AS ${ruleColumn(index)}`);
  const ctes = [
    // Every bind parameter is read here once (a reversed period counts nothing), so each query takes all three.
    `${d.identifier("raw")} AS (\n  SELECT ${rawColumns.length === 0 ? "1 AS one" : rawColumns.join(",\n    ")}\n  FROM ${relation}${params.from.includes("$") ? `\n  WHERE ${params.from} <= ${params.to} AND ${params.referenceDate} IS NOT NULL` : ""}${fence}\n)`,
    ...atoms.map((list, depth) => layer(`atoms${depth}`, depth === 0 ? "raw" : `atoms${depth - 1}`, list)),
    layer("checked", atoms.length === 0 ? "raw" : `atoms${atoms.length - 1}`, validity),
    layer("typed", "checked", typed),
    layer("aged", "typed", age === null ? [] : [`${age} AS ${d.identifier("age")}`]),
    layer("ruled", "aged", rules),
    layer("judged", "ruled", [`${valid} AS ${d.identifier("valid")}`]),
  ];
  const summed = [...new Set(plan.indicators.flatMap((indicator) => [indicator.denominatorSum, indicator.numeratorSum]).filter((f) => f >= 0))];
  const stagedColumns = [
    d.identifier("valid"),
    ...summed.map((f) => col(d, "v_", (plan.fields[f] as SubjectPlan["fields"][number]).name)),
    ...stages,
    ...keys.map((key, j) => `${key.sql} AS ${keyColumns[j]}`),
  ];
  const staged = `${d.identifier("staged")} AS (\n  SELECT\n    ${stagedColumns.join(",\n    ")}\n  FROM ${d.identifier("judged")}${fence}\n)`;
  // First one small group per combination of stages, strata and verdict (a plain count per
  // row), then the grouping sets over those few combinations.
  const summedName = (f: number) => d.identifier(`s_${(plan.fields[f] as SubjectPlan["fields"][number]).name}`);
  // The verdict and the stages packed into integers (base 6, 20 stages a column), so the per-row
  // grouping hashes few columns; they are unpacked over the few combinations.
  const PER_CODE = 20;
  const codeCount = Math.ceil(plan.indicators.length / PER_CODE);
  const codeColumn = (c: number) => d.identifier(`code_${c}`);
  const codes = Array.from({ length: Math.max(codeCount, 1) }, (_, c) => {
    const terms = plan.indicators
      .map((_, i) => i)
      .filter((i) => Math.floor(i / PER_CODE) === c)
      .map((i) => `${d.cast(d.identifier(`stage_${i}`), "bigint")} * ${6 ** (i % PER_CODE)}`);
    const valid = c === 0 ? [`(CASE WHEN ${d.identifier("valid")} THEN ${6 ** PER_CODE} ELSE 0 END)`] : [];
    return `CAST(${[...valid, ...terms].join(" + ") || "0"} AS BIGINT) AS ${codeColumn(c)}`;
  });
  const stageOf = (i: number) => `(${d.integerDivide(codeColumn(Math.floor(i / PER_CODE)), String(6 ** (i % PER_CODE)))} % 6)`;
  const combinationColumns = [...codes.map((_, c) => codeColumn(c)), ...keyColumns];
  const combinations = `${d.identifier("combinations")} AS (\n  SELECT ${[...codes, ...keyColumns].join(", ")},\n    count(*) AS ${d.identifier("n")}${summed
    .map((f) => `,\n    sum(${col(d, "v_", (plan.fields[f] as SubjectPlan["fields"][number]).name)}) AS ${summedName(f)}`)
    .join("")}\n  FROM ${d.identifier("staged")}\n  GROUP BY ${combinationColumns.map((_, j) => String(j + 1)).join(", ")}\n)`;
  const n = d.identifier("n");
  const tallies: string[] = [];
  plan.indicators.forEach((indicator, i) => {
    const stage = stageOf(i);
    const den = indicator.denominatorSum < 0 ? n : summedName(indicator.denominatorSum);
    const num = indicator.numeratorSum < 0 ? n : summedName(indicator.numeratorSum);
    tallies.push(
      `${d.sumIf(n, `${stage} >= 1`)} AS ${d.identifier(`t${i}_initial_population`)}`,
      `${d.sumIf(n, `${stage} = 2`)} AS ${d.identifier(`t${i}_denominator_exclusions`)}`,
      `${d.sumIf(den, `${stage} >= 3`)} AS ${d.identifier(`t${i}_denominator`)}`,
      `${d.sumIf(n, `${stage} = 4`)} AS ${d.identifier(`t${i}_numerator_exclusions`)}`,
      `${d.sumIf(num, `${stage} = 5`)} AS ${d.identifier(`t${i}_numerator`)}`,
    );
  });
  const sets = ["()", ...keyColumns.map((c) => `(${c})`)];
  const grouping = keyColumns.length === 0 ? "0" : d.grouping(keyColumns);
  const count = [
    header,
    `WITH ${ctes.join(",\n")},\n${staged},\n${combinations}`,
    `SELECT ${grouping} AS ${d.identifier("grouping_id")},${keyColumns.map((c) => `\n  ${c},`).join("")}\n  ${d.sumIf(n, "TRUE")} AS ${d.identifier("records_read")},\n  ${d.sumIf(n, `${codeColumn(0)} >= ${6 ** PER_CODE}`)} AS ${d.identifier("records_valid")},\n  ${tallies.join(",\n  ")}`,
    `FROM ${d.identifier("combinations")}`,
    keyColumns.length === 0 ? "" : `GROUP BY GROUPING SETS (${sets.join(", ")})`,
  ]
    .filter((line) => line !== "")
    .join("\n");

  const order = table.line === undefined ? "" : `ORDER BY ${d.identifier("line_")}`;
  const rawValue = (f: (typeof fields)[number]) => {
    if (f.column === null) return "NULL";
    const c = col(d, "c_", f.name);
    if (f.column === "json") return d.json.serialize(c);
    if (f.column === "text[]") return d.json.serialize(d.name === "postgres" ? `array_to_json(${c})` : `to_json(${c})`);
    return d.cast(c, "text");
  };
  const refusedColumns = [
    `${d.identifier("row_")} AS ${d.identifier("row_")}`,
    table.line === undefined ? `${d.identifier("row_")} AS ${d.identifier("line_")}` : d.identifier("line_"),
    table.index === undefined ? `${d.identifier("row_")} - 1 AS ${d.identifier("index_")}` : d.identifier("index_"),
    ...fields.map((f, j) => `${rawValue(f)} AS ${d.identifier(`raw_${j}`)}`),
  ];
  const limitParam = params.from.includes("$") ? "$4" : "$1";
  const refused = [
    `-- ${catalog.id} ${catalog.version}: refused ${plan.subject} records from ${table.table}, in input order`,
    table.index === undefined
      ? `WITH ${ctes.join(",\n")},\n${d.identifier("numbered")} AS (\n  SELECT ${d.identifier("judged")}.*, row_number() OVER (${order}) AS ${d.identifier("row_")}\n  FROM ${d.identifier("judged")}\n)`
      : `WITH ${ctes.join(",\n")},\n${d.identifier("numbered")} AS (\n  SELECT ${d.identifier("judged")}.*, ${d.identifier("index_")} + 1 AS ${d.identifier("row_")}\n  FROM ${d.identifier("judged")}\n)`,
    `SELECT ${refusedColumns.join(",\n  ")}`,
    `FROM ${d.identifier("numbered")}`,
    `WHERE NOT ${d.identifier("valid")}`,
    `ORDER BY ${d.identifier("row_")}`,
    `LIMIT ${d.cast(limitParam, "bigint")}`,
  ].join("\n");
  return {
    subject: plan.subject,
    table: table.table,
    count,
    refused,
    layout: {
      strata: keys.map((key) => ({ id: (plan.stratifiers[key.k] as SubjectPlan["stratifiers"][number]).id, kind: key.kind })),
      indicators: plan.indicators.map((indicator) => indicator.definition.id),
      fields: fields.map((f) => ({ name: f.name, column: f.column })),
    },
  };
}

/**
 * Compile a catalog to SQL, returning issues instead of throwing: every rule, record check and
 * stratifier of every subject kind the catalog's indicators count, with JSON Logic's semantics kept
 * exactly, or an `untranslatable_rule` issue naming the rule's JSON pointer.
 *
 * @param catalog - a catalog from `loadIndicatorCatalog`
 * @param options - the dialect, the tables, and optionally the period to write in
 * @returns the compiled SQL, or every issue
 *
 * @example
 * ```ts
 * const result = safeCompileIndicatorSql(catalog, { dialect: "postgres", tables: { person: "health.residents" } });
 * result.ok && result.value.subjects.map((s) => s.subject); //=> ["person", "facility", "episode"]
 * ```
 */
export function safeCompileIndicatorSql(catalog: IndicatorCatalog, options: CompileIndicatorSqlOptions): SafeResult<CompiledIndicatorSql> {
  const plan = isIndicatorCatalog(catalog) ? getCatalogPlan(catalog) : undefined;
  if (plan === undefined) {
    return { ok: false, issues: [createIssue("invalid_argument", "", "compileIndicatorSql takes a catalog from loadIndicatorCatalog.", "compileIndicatorSql 需要 loadIndicatorCatalog 返回的目录。")] };
  }
  let d: SqlDialect;
  try {
    d = dialectOf(options?.dialect);
  } catch (error) {
    return { ok: false, issues: [createIssue("invalid_argument", "/dialect", (error as YiyangError).message, (error as YiyangError).messageZh)] };
  }
  const issues = new Issues();
  const given = options.period;
  if (given !== undefined && (!isCalendarDate(given.from) || !isCalendarDate(given.to) || given.to < given.from)) {
    issues.list.push(createIssue("invalid_period", "/period", "The period must be { from, to } with two dates, from first.", "统计期须为 { from, to }，两个日期，起在前。"));
  }
  if (options.referenceDate !== undefined && (given === undefined || !isCalendarDate(options.referenceDate))) {
    issues.list.push(createIssue("invalid_date", "/referenceDate", "referenceDate goes with period and must be a date.", "referenceDate 须与 period 一起给出，且须为日期。"));
  }
  if (issues.list.length > 0) return { ok: false, issues: issues.list };
  const referenceDate = given === undefined ? null : (options.referenceDate ?? (catalog.document.period.ageOn === "period-start" ? given.from : given.to));
  const params =
    given === undefined
      ? { from: d.dateParameter(1), to: d.dateParameter(2), referenceDate: d.dateParameter(3) }
      : { from: d.date(given.from), to: d.date(given.to), referenceDate: d.date(referenceDate as string) };
  const subjects: CompiledSubjectSql[] = [];
  for (const [subject, subjectPlan] of plan.subjects) {
    const given = options.tables?.[subject];
    if (subjectPlan.indicators.length === 0 || given === null) continue;
    subjects.push(compileSubject(d, catalog, subjectPlan, resolveTable(subject, given), params, issues));
  }
  if (issues.list.length > 0) return { ok: false, issues: issues.list };
  const text = subjects.map((s) => `${s.count};\n\n${s.refused};\n`).join("\n");
  return {
    ok: true,
    value: {
      dialect: d.name,
      catalog: { id: catalog.id, version: catalog.version, fingerprint: catalog.fingerprint },
      parameters: given === undefined ? ["period.from", "period.to", "referenceDate"] : [],
      period: given === undefined ? null : { from: given.from, to: given.to },
      referenceDate,
      subjects,
      text,
    },
    issues: [],
  };
}

/**
 * Compile a catalog to SQL for PostgreSQL or DuckDB: per subject kind, one query that scans its
 * table once and returns only integer counts per population stage and stratum (`GROUPING SETS`),
 * and one that lists the refused records. Record validation (types, enums, required fields,
 * cross-field checks, birth after the reference date) happens in the SQL too.
 *
 * @param catalog - a catalog from `loadIndicatorCatalog`
 * @param options - the dialect, the tables, and optionally the period to write in
 * @returns the compiled SQL
 * @throws `YiyangError` `invalid_argument` carrying every issue (`untranslatable_rule` with the
 *   rule's JSON pointer, `column_type_mismatch`) when the catalog cannot be compiled exactly
 *
 * @example
 * ```ts
 * const sql = compileIndicatorSql(catalog, { dialect: "duckdb", period: { from: "2024-01-01", to: "2024-12-31" } });
 * sql.text.startsWith("-- city-elderly-health-indicators"); //=> true
 * ```
 */
export function compileIndicatorSql(catalog: IndicatorCatalog, options: CompileIndicatorSqlOptions): CompiledIndicatorSql {
  const result = safeCompileIndicatorSql(catalog, options);
  if (result.ok) return result.value;
  const first = result.issues[0] as Issue;
  throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `Cannot compile the catalog to SQL: ${first.message}`, {
    issues: result.issues,
    messageZh: `无法将目录编译为 SQL：${first.messageZh}`,
  });
}
