import { safeAssess, type Instrument } from "@yiyang/assessment";
import { createProgress, openInput, say } from "../../cli-io";
import { formatFromPath, readRecords } from "../../io/read-records";
import { ASSESSMENT_CSV } from "../assess";
import type { ImpactHandler } from "./handler";

/** Instruments: the matrix of level before × level after, and every record that moved. */
export const instrumentImpact: ImpactHandler = {
  kind: "instrument",
  async run({ before, after, input, io, lang, format }) {
    const a = before as Instrument;
    const b = after as Instrument;
    const levels = [...new Set([...a.document.levels.map((l) => l.level), ...b.document.levels.map((l) => l.level)])].sort((x, y) => x - y);
    const matrix = new Map<string, number>();
    let records = 0;
    let invalid = 0;
    let moved = 0;
    const progress = createProgress(io, lang);
    for await (const entry of readRecords(openInput(io, input), { format: formatFromPath(input), ...ASSESSMENT_CSV })) {
      progress.tick();
      records++;
      if (entry.issues) {
        invalid++;
        continue;
      }
      const x = safeAssess(a, entry.record);
      const y = safeAssess(b, entry.record);
      if (!x.ok || !y.ok) {
        invalid++;
        continue;
      }
      const key = `${x.value.level}>${y.value.level}`;
      matrix.set(key, (matrix.get(key) ?? 0) + 1);
      if (x.value.level !== y.value.level) {
        moved++;
        if (format === "jsonl") {
          await io.out(`${JSON.stringify({ line: entry.line, id: x.value.id, before: { level: x.value.level, total: x.value.total }, after: { level: y.value.level, total: y.value.total } })}\n`);
        }
      }
    }
    progress.done();
    const width = 8;
    const header = say(lang, "before \\ after", "调整前 \\ 调整后").padEnd(16) + levels.map((l) => String(l).padStart(width)).join("");
    const rows = levels.map((from) => String(from).padEnd(16) + levels.map((to) => String(matrix.get(`${from}>${to}`) ?? 0).padStart(width)).join(""));
    const summary = say(
      lang,
      `${records} records: ${moved} change level, ${records - moved - invalid} keep it, ${invalid} invalid (not scored).`,
      `共 ${records} 条记录：${moved} 条等级改变，${records - moved - invalid} 条不变，${invalid} 条无效（未计分）。`,
    );
    const text = [`${say(lang, "Level before × level after", "调整前后等级对照")} (${a.version} → ${b.version})`, header, ...rows, summary, ""].join("\n");
    if (format === "jsonl") io.err(text);
    else await io.out(text);
    return invalid > 0 ? 1 : 0;
  },
};
