import type { IndicatorUnit } from "./indicator-catalog-schema";
import type { AppliedTarget, IndicatorReport, IndicatorResult, IndicatorValue, TargetAttainment } from "./types";

/** Options for {@link formatIndicatorReport}. */
export interface FormatIndicatorReportOptions {
  /** The language of titles and headings (default `zh`). */
  lang?: "zh" | "en";
  /** Whether to print the strata under each indicator (default `true`). */
  strata?: boolean;
}

const TEXT = {
  en: {
    catalog: "Catalog",
    period: "Period",
    referenceDate: "ages on",
    records: "Records",
    read: "read",
    counted: "counted",
    refused: "refused",
    headers: ["Indicator", "Stratum", "Numerator", "Denominator", "Value", "Target", "Met", "Shortfall"],
    all: "all",
    empty: "no denominator",
    yes: "yes",
    no: "no",
    provisional: "* provisional: definition or target not yet verified against an official text (see the catalog's provisional notes).",
    passed: "target year passed",
    undetermined: "? undetermined: refused records could change whether the target is met; the range is the values they allow.",
    overflow: "(other strata)",
    omitted: (n: number) => `… and ${n} more refused records not listed.`,
    refusedAt: (line: number, subject: string, id: string) => `line ${line} (${subject}${id})`,
    none: "(none)",
    points: " pp",
  },
  zh: {
    catalog: "指标目录",
    period: "统计期",
    referenceDate: "年龄计算日",
    records: "记录",
    read: "读取",
    counted: "计入",
    refused: "未计入",
    headers: ["指标", "分层", "分子", "分母", "数值", "目标", "达标", "差距"],
    all: "全部",
    empty: "分母为空",
    yes: "是",
    no: "否",
    provisional: "* 待核实：定义或目标尚未与正式文本核对（见目录的 provisional 说明）。",
    passed: "目标年份已过",
    undetermined: "? 待定：未计入的记录可能改变是否达标；区间为这些记录可能导致的取值范围。",
    overflow: "（其他分层）",
    omitted: (n: number) => `…… 另有 ${n} 条未计入的记录未列出。`,
    refusedAt: (line: number, subject: string, id: string) => `第 ${line} 行（${subject}${id}）`,
    none: "（空）",
    points: "个百分点",
  },
} as const;

const UNIT_SUFFIX: Record<IndicatorUnit, string> = { percent: "%", "per-mille": "‰", count: "" };

/** Columns a character takes in a terminal: 2 for East Asian wide characters. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x20000 && code <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

function pad(text: string, width: number, right: boolean): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

function formatCount(value: number): string {
  return value.toLocaleString("en-US");
}

function formatTarget(target: AppliedTarget | null, unit: IndicatorUnit, passed: string): string {
  if (target === null) return "—";
  const symbol = { ">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=" }[target.comparison];
  return `${symbol}${target.value}${UNIT_SUFFIX[unit]} (${target.year}${target.yearPassed ? `, ${passed}` : ""})`;
}

function attainmentCell(attainment: TargetAttainment | null, suffix: string, text: (typeof TEXT)["en" | "zh"]): string {
  if (attainment === null) return "—";
  if (attainment.met !== null) return attainment.met ? text.yes : text.no;
  if (attainment.status !== "undetermined" || attainment.range === null) return "—";
  const { low, high } = attainment.range;
  return high === null ? `? ≥${low}${suffix}` : `? ${low}–${high}${suffix}`;
}

function row(
  result: IndicatorResult,
  label: string,
  stratum: string,
  value: IndicatorValue,
  text: (typeof TEXT)["en" | "zh"],
): string[] {
  const suffix = UNIT_SUFFIX[result.unit];
  const attainment = value.attainment;
  return [
    label,
    stratum,
    formatCount(value.numerator),
    value.denominator === null ? "—" : formatCount(value.denominator),
    value.rate === null ? text.empty : value.rate + suffix,
    label === "" ? "" : formatTarget(result.target, result.unit, text.passed),
    attainmentCell(attainment, suffix, text),
    attainment === null || attainment.met !== false || attainment.shortfall === null
      ? "—"
      : attainment.shortfall + (result.unit === "percent" ? text.points : suffix),
  ];
}

/**
 * Lay out a report as a plain-text table for a terminal or a log: one row per indicator and per
 * stratum, with numerator, denominator, value, target, whether it is met and the shortfall.
 * Indicators with provisional content are marked `*`; a target that refused records could
 * decide either way is marked `?` with the range of values they allow.
 *
 * @param report - a report from {@link computeIndicators}
 * @param options - language (`zh` default, or `en`) and whether to list strata
 * @returns the text, lines separated by `\n`
 *
 * @example
 * ```ts
 * console.log(formatIndicatorReport(report, { lang: "en", strata: false }));
 * //=> Catalog city-elderly-health-indicators 1.0.0 (sha256:3f2a…)
 * //=> Period 2024-01-01 – 2024-12-31, ages on 2024-12-31
 * //=> …
 * //=> Indicator                            Stratum  Numerator  Denominator  Value  Target             Met  Shortfall
 * //=> 65+ health-management rate *         all        612,340      941,210  65.1%  ≥65% (2025)        yes  —
 * ```
 */
export function formatIndicatorReport(report: IndicatorReport, options: FormatIndicatorReportOptions = {}): string {
  const lang = options.lang ?? "zh";
  const text = TEXT[lang];
  const showStrata = options.strata ?? true;
  const lines: string[] = [];
  const { catalog, period, records } = report;
  lines.push(`${text.catalog} ${catalog.id} ${catalog.version} (${catalog.fingerprint.slice(0, 19)}…)`);
  lines.push(`${text.period} ${period.from} – ${period.to}, ${text.referenceDate} ${report.referenceDate}`);
  lines.push(`${text.records}: ${text.read} ${formatCount(records.read)}, ${text.counted} ${formatCount(records.valid)}, ${text.refused} ${formatCount(records.invalid)}`);
  lines.push("");

  const rows: string[][] = [];
  let anyProvisional = false;
  let anyUndetermined = false;
  for (const result of report.indicators) {
    const provisional = result.provisional.length > 0;
    anyProvisional ||= provisional;
    const undetermined = (value: IndicatorValue) => (anyUndetermined ||= value.attainment?.status === "undetermined");
    undetermined(result.overall);
    rows.push(row(result, result.title[lang] + (provisional ? " *" : ""), text.all, result.overall, text));
    if (!showStrata) continue;
    for (const stratifier of result.strata) {
      for (const stratum of stratifier.strata) {
        const name = stratum.stratum === null ? text.none : String(stratum.stratum);
        undetermined(stratum);
        rows.push(row(result, "", `${stratifier.title[lang]}=${name}`, stratum, text));
      }
      if (stratifier.overflow !== null) {
        rows.push(row(result, "", `${stratifier.title[lang]}=${text.overflow}`, stratifier.overflow, text));
      }
    }
  }
  const headers = [...text.headers];
  const widths = headers.map((header, c) => Math.max(displayWidth(header), ...rows.map((r) => displayWidth(r[c] ?? ""))));
  const rightAligned = [false, false, true, true, true, false, false, true];
  const layout = (cells: readonly string[]) =>
    cells
      .map((cell, c) => pad(cell, widths[c] ?? 0, rightAligned[c] ?? false))
      .join("  ")
      .trimEnd();
  lines.push(layout(headers));
  lines.push(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) lines.push(layout(r));
  if (anyProvisional || anyUndetermined) lines.push("");
  if (anyProvisional) lines.push(text.provisional);
  if (anyUndetermined) lines.push(text.undetermined);
  if (report.recordIssues.length > 0) {
    lines.push("");
    for (const entry of report.recordIssues) {
      const id = entry.id === undefined ? "" : ` ${entry.id}`;
      for (const issue of entry.issues) {
        const where = text.refusedAt(entry.line, entry.subject ?? "?", id);
        lines.push(`${where} ${issue.path || "/"}: ${lang === "zh" ? issue.messageZh : issue.message}`);
      }
    }
    if (report.recordIssuesOmitted > 0) lines.push(text.omitted(report.recordIssuesOmitted));
  }
  const warnings = report.issues.filter((issue) => issue.code !== "invalid_records");
  if (warnings.length > 0) {
    lines.push("");
    for (const issue of warnings) lines.push(`${issue.severity === "error" ? "!" : "~"} ${lang === "zh" ? issue.messageZh : issue.message}`);
  }
  return lines.join("\n");
}
