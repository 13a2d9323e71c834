import { createIndicatorImpact, type IndicatorCatalog, type IndicatorResult } from "@yiyang/indicators";
import { createProgress, openInput, say, UsageError } from "../../cli-io";
import { formatFromPath, readRecords } from "../../io/read-records";
import { parsePeriod } from "../indicators";
import type { ImpactHandler } from "./handler";

function describe(result: IndicatorResult | null): string {
  if (!result) return "—";
  const v = result.overall;
  const met = v.attainment?.met;
  return `${v.rate ?? "∅"}${met === true ? " ✓" : met === false ? " ✗" : ""}`;
}

/** Indicator catalogs: each rate before and after, over the same records read once. */
export const indicatorCatalogImpact: ImpactHandler = {
  kind: "indicator-catalog",
  async run({ before, after, input, io, lang, format, period: periodText }) {
    const a = before as IndicatorCatalog;
    const b = after as IndicatorCatalog;
    const period = parsePeriod(periodText);
    let impact;
    try {
      impact = createIndicatorImpact(a, b, { period });
    } catch (error) {
      throw new UsageError((error as Error).message, (error as { messageZh?: string }).messageZh ?? (error as Error).message);
    }
    const progress = createProgress(io, lang);
    let index = 0;
    for await (const entry of readRecords(openInput(io, input), { format: formatFromPath(input), csvTextFields: ["id", "facilityId"] })) {
      progress.tick();
      impact.add(entry.issues ? null : entry.record, { index, line: entry.line });
      index++;
    }
    progress.done();
    const { before: rx, indicators } = impact.result();
    if (format === "jsonl") {
      for (const row of indicators) {
        await io.out(`${JSON.stringify({ indicator: row.id, before: row.before?.overall ?? null, after: row.after?.overall ?? null })}\n`);
      }
      return rx.records.invalid > 0 ? 1 : 0;
    }
    const lines = [
      `${say(lang, "Each rate before and after", "各项指标调整前后")} (${a.document.version} → ${b.document.version}, ${period.from}..${period.to})`,
      [say(lang, "indicator", "指标").padEnd(44), say(lang, "before", "调整前").padStart(14), say(lang, "after", "调整后").padStart(14)].join(""),
      ...indicators.map((row) => [row.id.padEnd(44), describe(row.before).padStart(14), describe(row.after).padStart(14)].join("")),
      say(lang, `${rx.records.read} records, ${rx.records.invalid} refused (✓ target met, ✗ not met).`, `共 ${rx.records.read} 条记录，${rx.records.invalid} 条未计入（✓ 达标，✗ 未达标）。`),
      "",
    ];
    await io.out(lines.join("\n"));
    return rx.records.invalid > 0 ? 1 : 0;
  },
};
