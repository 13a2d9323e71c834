import { isCalendarDate, type Issue } from "@yiyang/core";
import { toIndicatorBundle } from "@yiyang/fhir";
import { createIndicatorAccumulator, formatIndicatorReport, loadIndicatorCatalog, type IndicatorReport } from "@yiyang/indicators";
import { indicatorCatalogs } from "@yiyang/standards";
import { createProgress, openInput, say, UsageError } from "../../cli-io";
import type { Command } from "../../command";
import { formatOption, dateOption, inputOption } from "../../command-options";
import { readRecords } from "../../io/read-records";
import { resolveBundledDocument } from "../../resolve-documents";

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
  const rows = [["indicator", "stratifier", "stratum", "numerator", "denominator", "rate", "unit", "target", "met", "shortfall"].join(",")];
  for (const indicator of report.indicators) {
    const target = indicator.target ? `${indicator.target.comparison} ${indicator.target.value}` : "";
    const row = (stratifier: string, stratum: string, v: (typeof indicator)["overall"]) =>
      [indicator.id, stratifier, stratum, v.numerator, v.denominator, v.rate ?? v.status, indicator.unit, target, v.attainment ? v.attainment.met : "", v.attainment?.shortfall ?? ""].map(cell).join(",");
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
  usage: "yiyang indicators --catalog <id | file.json> --input records --period 2024 [--reference-date D] [--format table|json|csv]",
  optionHelp: [
    ["--catalog <id | file>", "city-elderly-health-indicators, or an edited catalog", "city-elderly-health-indicators，或编辑过的目录"],
    ["--input <file | ->", "records, each with its subject (person, facility, episode): JSON Lines, JSON or CSV", "记录（每条带 subject：person、facility、episode）：JSON Lines、JSON 或 CSV"],
    ["--period <2024 | from..to>", "the reporting period, both days inclusive", "统计期，含首尾两天"],
    ["--reference-date YYYY-MM-DD", "the date ages are taken on (default: the catalog's choice)", "计算年龄的基准日（默认按目录规定）"],
    ["--format table|json|csv|fhir", "output format (default table); fhir: a transaction Bundle of Measures and MeasureReports", "输出格式（默认 table）；fhir：含 Measure 与 MeasureReport 的事务 Bundle"],
  ],
  example: "yiyang indicators --catalog city-elderly-health-indicators --input city-2024.jsonl --period 2024 --format table",
  options: {
    catalog: { type: "string" },
    input: { type: "string" },
    "input-format": { type: "string" },
    period: { type: "string" },
    "reference-date": { type: "string" },
    format: { type: "string" },
  },
  async run({ values, io, lang }) {
    const format = formatOption(values, ["table", "json", "csv", "fhir"] as const);
    const period = parsePeriod(values.period as string | undefined);
    const referenceDate = dateOption(values, "reference-date");
    const catalog = await resolveBundledDocument(io, "--catalog", values.catalog as string | undefined, indicatorCatalogs, loadIndicatorCatalog);
    const { input, format: inputFormat } = inputOption(values);
    let accumulator;
    try {
      accumulator = createIndicatorAccumulator(catalog, referenceDate === undefined ? { period } : { period, referenceDate });
    } catch (error) {
      throw new UsageError((error as Error).message, (error as { messageZh?: string }).messageZh ?? (error as Error).message);
    }
    const progress = createProgress(io, lang);
    const unreadable: Array<{ line: number; issues: Issue[] }> = [];
    let index = 0;
    for await (const entry of readRecords(openInput(io, input), { format: inputFormat, csvTextFields: ["id", "facilityId"] })) {
      progress.tick();
      if (entry.issues) {
        // Counted as refused at its position, with the reason it could not be read.
        accumulator.add(null, { index, line: entry.line });
        unreadable.push({ line: entry.line, issues: entry.issues });
      } else {
        accumulator.add(entry.record, { index, line: entry.line });
      }
      index++;
    }
    progress.done();
    const report = accumulator.report();
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
  },
};
