import { isCalendarDate, type Issue } from "@yiyang/core";
import { toIndicatorBundle } from "@yiyang/fhir";
import { createIndicatorAccumulator, formatIndicatorReport, loadIndicatorCatalog, SUBJECT_KINDS, type IndicatorCatalog, type IndicatorReport, type SubjectKind } from "@yiyang/indicators";
import { indicatorCatalogs } from "@yiyang/standards";
import { createProgress, openInput, say, UsageError } from "../../cli-io";
import type { Command } from "../../command";
import { formatOption, dateOption, inputOption } from "../../command-options";
import { readRecords, type InputFormat } from "../../io/read-records";
import { resolveBundledDocument } from "../../resolve-documents";
import { tablesOption } from "../sql";
import { computeWithDuckDB, computeWithPostgres, CSV_TEXT_FIELDS, type EngineInput } from "./run-in-database";

const ENGINES = ["in-process", "duckdb", "postgres"] as const;

/** Every `--input`: `file`, or `kind=file` for a file of one kind's records; Parquet by its extension. */
function inputsOption(values: Record<string, unknown>): EngineInput[] {
  const given = values.input;
  const list = given === undefined ? ["-"] : Array.isArray(given) ? (given as string[]) : [given as string];
  const forced = values["input-format"] as string | undefined;
  return list.map((entry) => {
    const at = entry.indexOf("=");
    const kind = at > 0 ? entry.slice(0, at) : "";
    const subject = (SUBJECT_KINDS as readonly string[]).includes(kind) ? (kind as SubjectKind) : null;
    const path = subject === null ? entry : entry.slice(at + 1);
    const { format } = inputOption({ input: path, "input-format": forced });
    const parquet = forced === undefined && path.toLowerCase().endsWith(".parquet");
    return { subject, path, format: parquet ? "parquet" : (format as InputFormat) };
  });
}

/** `2024` (the calendar year) or `2024-01-01..2024-06-30` (both days inclusive). */
export function parsePeriod(text: string | undefined): { from: string; to: string } {
  if (text === undefined) throw new UsageError("--period is required: a year (2024) or from..to (2024-01-01..2024-12-31).", "必须给出 --period：年份（2024）或 起..止（2024-01-01..2024-12-31）。");
  if (/^\d{4}$/.test(text)) return { from: `${text}-01-01`, to: `${text}-12-31` };
  const [from, to] = text.split("..");
  if (from && to && isCalendarDate(from) && isCalendarDate(to) && from <= to) return { from, to };
  throw new UsageError(`--period "${text}" is neither a year nor from..to with real dates.`, `--period "${text}" 既不是年份，也不是有效的 起..止 日期。`);
}

/** The report as CSV: one row overall and one per stratum of every indicator. */
export function reportToCsv(report: IndicatorReport): string {
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? "" : String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = [["indicator", "stratifier", "stratum", "numerator", "denominator", "rate", "unit", "target", "met", "shortfall", "attainment", "low", "high"].join(",")];
  for (const indicator of report.indicators) {
    const target = indicator.target ? `${indicator.target.comparison} ${indicator.target.value}` : "";
    const row = (stratifier: string, stratum: string, v: (typeof indicator)["overall"]) =>
      [indicator.id, stratifier, stratum, v.numerator, v.denominator, v.rate ?? v.status, indicator.unit, target, v.attainment ? v.attainment.met : "", v.attainment?.shortfall ?? "", v.attainment?.status ?? "", v.attainment?.range?.low ?? "", v.attainment?.range?.high ?? ""].map(cell).join(",");
    rows.push(row("", "", indicator.overall));
    for (const stratifier of indicator.strata) {
      for (const stratum of stratifier.strata) rows.push(row(stratifier.id, String(stratum.stratum), stratum));
    }
  }
  return rows.join("\n") + "\n";
}

export const indicatorsCommand: Command = {
  name: "indicators",
  summary: {
    en: "Compute a catalog's indicators over a city's records in one pass: rates, strata and targets.",
    zh: "一次遍历城市记录，计算指标目录中的各项指标：比率、分层与目标达成情况。",
  },
  usage:
    "yiyang indicators --catalog <id | file.json> --input records [--input kind=file …] --period 2024 [--reference-date D] [--engine in-process|duckdb|postgres] [--database URL] [--table kind=schema.table …] [--format table|json|csv]",
  optionHelp: [
    ["--catalog <id | file>", "city-elderly-health-indicators, or an edited catalog", "city-elderly-health-indicators，或编辑过的目录"],
    ["--input <file | ->", "records, each with its subject (person, facility, episode): JSON Lines, JSON or CSV", "记录（每条带 subject：person、facility、episode）：JSON Lines、JSON 或 CSV"],
    ["--input kind=file", "a file of one kind's records (repeatable); Parquet too with --engine duckdb", "一类记录的文件（可重复）；--engine duckdb 时也可为 Parquet"],
    ["--engine in-process|duckdb|postgres", "count in process (default), in an embedded DuckDB over the files, or in PostgreSQL", "在进程内计数（默认）、在内嵌 DuckDB 中直接读文件，或在 PostgreSQL 中计数"],
    ["--database URL", "with --engine postgres: the server (postgres://…)", "与 --engine postgres 一起：服务器地址（postgres://…）"],
    ["--table kind=schema.table", "with --engine postgres: existing tables to count instead of --input (repeatable)", "与 --engine postgres 一起：用已有的表代替 --input（可重复）"],
    ["--period <2024 | from..to>", "the reporting period, both days inclusive", "统计期，含首尾两天"],
    ["--reference-date YYYY-MM-DD", "the date ages are taken on (default: the catalog's choice)", "计算年龄的基准日（默认按目录规定）"],
    ["--format table|json|csv|fhir", "output format (default table); fhir: a transaction Bundle of Measures and MeasureReports", "输出格式（默认 table）；fhir：含 Measure 与 MeasureReport 的事务 Bundle"],
  ],
  example: "yiyang indicators --catalog city-elderly-health-indicators --input city-2024.jsonl --period 2024 --format table",
  options: {
    catalog: { type: "string" },
    input: { type: "string", multiple: true },
    "input-format": { type: "string" },
    engine: { type: "string" },
    database: { type: "string" },
    table: { type: "string", multiple: true },
    period: { type: "string" },
    "reference-date": { type: "string" },
    format: { type: "string" },
  },
  async run({ values, io, lang }) {
    const format = formatOption(values, ["table", "json", "csv", "fhir"] as const);
    const period = parsePeriod(values.period as string | undefined);
    const referenceDate = dateOption(values, "reference-date");
    const catalog = await resolveBundledDocument(io, "--catalog", values.catalog as string | undefined, indicatorCatalogs, loadIndicatorCatalog);
    const engine = (values.engine as string | undefined) ?? "in-process";
    if (!(ENGINES as readonly string[]).includes(engine)) throw new UsageError(`--engine must be ${ENGINES.join(", ")}.`, `--engine 须为 ${ENGINES.join("、")} 之一。`);
    const tables = tablesOption(values);
    if (engine !== "postgres" && (Object.keys(tables).length > 0 || values.database !== undefined)) {
      throw new UsageError("--table and --database go with --engine postgres.", "--table 与 --database 须与 --engine postgres 一起使用。");
    }
    const inputs = values.input === undefined && Object.keys(tables).length > 0 ? [] : inputsOption(values);
    if (engine !== "in-process") {
      const dates = referenceDate === undefined ? { period } : { period, referenceDate };
      let report: IndicatorReport;
      try {
        if (engine === "duckdb") {
          if (inputs.some((input) => input.path === "-")) throw new UsageError("--engine duckdb reads files: give --input file.", "--engine duckdb 读取文件：请给出 --input 文件。");
          report = await computeWithDuckDB(catalog, inputs, { ...dates, cwd: io.cwd });
        } else {
          const database = values.database as string | undefined;
          if (database === undefined) throw new UsageError("--engine postgres needs --database postgres://…", "--engine postgres 需要 --database postgres://…");
          report = await computeWithPostgres(catalog, io, inputs, tables, { ...dates, database });
        }
      } catch (error) {
        if (error instanceof UsageError) throw error;
        const messageZh = (error as { messageZh?: string }).messageZh ?? (error as Error).message;
        throw new UsageError((error as Error).message, messageZh);
      }
      return writeReport(io, lang, format, catalog, report, []);
    }
    if (inputs.some((input) => input.format === "parquet")) {
      throw new UsageError("Parquet is read with --engine duckdb.", "Parquet 文件请用 --engine duckdb 读取。");
    }
    let accumulator;
    try {
      accumulator = createIndicatorAccumulator(catalog, referenceDate === undefined ? { period } : { period, referenceDate });
    } catch (error) {
      throw new UsageError((error as Error).message, (error as { messageZh?: string }).messageZh ?? (error as Error).message);
    }
    const progress = createProgress(io, lang);
    const unreadable: Array<{ line: number; issues: Issue[] }> = [];
    // Files of one kind are read in the kinds' order, after any mixed input, as computeIndicators reads its streams.
    const ordered = [...inputs.filter((i) => i.subject === null), ...SUBJECT_KINDS.flatMap((kind) => inputs.filter((i) => i.subject === kind))];
    for (const input of ordered) {
      let index = 0;
      const position = (line: number) => (input.subject === null ? { index, line } : { subject: input.subject, index, line });
      for await (const entry of readRecords(openInput(io, input.path), { format: input.format as InputFormat, csvTextFields: CSV_TEXT_FIELDS })) {
        progress.tick();
        if (entry.issues) {
          // Counted as refused at its position, with the reason it could not be read.
          accumulator.add(null, position(entry.line));
          unreadable.push({ line: entry.line, issues: entry.issues });
        } else {
          accumulator.add(entry.record, position(entry.line));
        }
        index++;
      }
    }
    progress.done();
    return writeReport(io, lang, format, catalog, accumulator.report(), unreadable);
  },
};

async function writeReport(
  io: Parameters<Command["run"]>[0]["io"],
  lang: Parameters<Command["run"]>[0]["lang"],
  format: "table" | "json" | "csv" | "fhir",
  catalog: IndicatorCatalog,
  report: IndicatorReport,
  unreadable: Array<{ line: number; issues: Issue[] }>,
): Promise<number> {
  {
    if (format === "json") await io.out(`${JSON.stringify({ ...report, unreadableLines: unreadable }, null, 2)}\n`);
    else if (format === "csv") await io.out(reportToCsv(report));
    else if (format === "fhir") await io.out(`${JSON.stringify(toIndicatorBundle(catalog, report), null, 2)}\n`);
    else await io.out(formatIndicatorReport(report, { lang }) + "\n");
    if (format !== "json") {
      for (const u of unreadable) io.err(`line ${u.line}: ${u.issues.map((i) => say(lang, i.message, i.messageZh)).join("; ")}\n`);
      for (const r of report.recordIssues) {
        if (unreadable.some((u) => u.line === r.line)) continue;
        io.err(`line ${r.line}: ${r.issues.map((i) => `${i.path} ${i.code} ${say(lang, i.message, i.messageZh)}`).join("; ")}\n`);
      }
    }
    return report.records.invalid > 0 ? 1 : 0;
  }
}
