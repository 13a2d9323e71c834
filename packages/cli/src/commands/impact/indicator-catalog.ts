import { createIndicatorAccumulator, type IndicatorCatalog, type IndicatorResult } from "@yiyang/indicators";
import { createProgress, openInput, say, UsageError } from "../../cli-io";
import { formatFromPath, readRecords } from "../../io/read-records";
import { parsePeriod } from "../indicators";
import type { ImpactHandler } from "./handler";

function describe(result: IndicatorResult | undefined): string {
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
    let x;
    let y;
    try {
      x = createIndicatorAccumulator(a, { period });
      y = createIndicatorAccumulator(b, { period });
    } catch (error) {
      throw new UsageError((error as Error).message, (error as { messageZh?: string }).messageZh ?? (error as Error).message);
    }
    const progress = createProgress(io, lang);
    let index = 0;
    for await (const entry of readRecords(openInput(io, input), { format: formatFromPath(input), csvTextFields: ["id", "facilityId"] })) {
      progress.tick();
      const record = entry.issues ? null : entry.record;
      x.add(record, { index, line: entry.line });
      y.add(record, { index, line: entry.line });
      index++;
    }
    progress.done();
    const rx = x.report();
    const ry = y.report();
    const ids = [...new Set([...rx.indicators.map((i) => i.id), ...ry.indicators.map((i) => i.id)])];
    if (format === "jsonl") {
      for (const id of ids) {
        const p = rx.indicators.find((i) => i.id === id);
        const q = ry.indicators.find((i) => i.id === id);
        await io.out(`${JSON.stringify({ indicator: id, before: p?.overall ?? null, after: q?.overall ?? null })}\n`);
      }
      return rx.records.invalid > 0 ? 1 : 0;
    }
    const lines = [
      `${say(lang, "Each rate before and after", "各项指标调整前后")} (${a.document.version} → ${b.document.version}, ${period.from}..${period.to})`,
      [say(lang, "indicator", "指标").padEnd(44), say(lang, "before", "调整前").padStart(14), say(lang, "after", "调整后").padStart(14)].join(""),
      ...ids.map((id) => [id.padEnd(44), describe(rx.indicators.find((i) => i.id === id)).padStart(14), describe(ry.indicators.find((i) => i.id === id)).padStart(14)].join("")),
      say(lang, `${rx.records.read} records, ${rx.records.invalid} refused (✓ target met, ✗ not met).`, `共 ${rx.records.read} 条记录，${rx.records.invalid} 条未计入（✓ 达标，✗ 未达标）。`),
      "",
    ];
    await io.out(lines.join("\n"));
    return rx.records.invalid > 0 ? 1 : 0;
  },
};
