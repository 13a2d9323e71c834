import { createLevelImpact, type Instrument } from "@yiyang/assessment";
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
    const impact = createLevelImpact(a, b);
    const progress = createProgress(io, lang);
    for await (const entry of readRecords(openInput(io, input), { format: formatFromPath(input), ...ASSESSMENT_CSV })) {
      progress.tick();
      const outcome = entry.issues ? impact.addUnreadable(entry.issues) : impact.add(entry.record);
      if (outcome.status === "moved" && format === "jsonl") {
        await io.out(`${JSON.stringify({ line: entry.line, id: outcome.before.id, before: { level: outcome.before.level, total: outcome.before.total }, after: { level: outcome.after.level, total: outcome.after.total } })}\n`);
      }
    }
    progress.done();
    const { levels, matrix, records, moved, kept, invalid } = impact.summary();
    const count = (from: number, to: number) => matrix.find((c) => c.from === from && c.to === to)?.count ?? 0;
    const width = 8;
    const header = say(lang, "before \\ after", "调整前 \\ 调整后").padEnd(16) + levels.map((l) => String(l).padStart(width)).join("");
    const rows = levels.map((from) => String(from).padEnd(16) + levels.map((to) => String(count(from, to)).padStart(width)).join(""));
    const summary = say(
      lang,
      `${records} records: ${moved} change level, ${kept} keep it, ${invalid} invalid (not scored).`,
      `共 ${records} 条记录：${moved} 条等级改变，${kept} 条不变，${invalid} 条无效（未计分）。`,
    );
    const text = [`${say(lang, "Level before × level after", "调整前后等级对照")} (${a.version} → ${b.version})`, header, ...rows, summary, ""].join("\n");
    if (format === "jsonl") io.err(text);
    else await io.out(text);
    return invalid > 0 ? 1 : 0;
  },
};
