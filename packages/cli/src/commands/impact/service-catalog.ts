import { isCalendarDate } from "@yiyang/core";
import { createEligibilityImpact, type ServiceCatalog } from "@yiyang/eligibility";
import { createProgress, openInput, say } from "../../cli-io";
import { formatFromPath, readRecords } from "../../io/read-records";
import { today } from "../eligibility";
import type { ImpactHandler } from "./handler";

/** Service catalogs: for every package, who gains it and who loses it. */
export const serviceCatalogImpact: ImpactHandler = {
  kind: "service-catalog",
  async run({ before, after, input, io, lang, format, asOf }) {
    const a = before as ServiceCatalog;
    const b = after as ServiceCatalog;
    const date = asOf ?? today();
    if (!isCalendarDate(date)) throw new Error("unreachable: --as-of is checked by the command");
    const impact = createEligibilityImpact(a, b, { asOf: date });
    const progress = createProgress(io, lang);
    for await (const entry of readRecords(openInput(io, input), { format: formatFromPath(input), csvTextFields: ["id", "birthDate"] })) {
      progress.tick();
      const outcome = entry.issues ? impact.addUnreadable(entry.issues) : impact.add(entry.record);
      if (outcome.status === "changed" && format === "jsonl") {
        await io.out(`${JSON.stringify({ line: entry.line, id: outcome.id, gained: outcome.gained, lost: outcome.lost })}\n`);
      }
    }
    progress.done();
    const { packages, profiles, changed, invalid } = impact.summary();
    const header = [say(lang, "package", "服务包").padEnd(36), say(lang, "before", "调整前").padStart(8), say(lang, "after", "调整后").padStart(8), say(lang, "gain", "新增").padStart(8), say(lang, "lose", "失去").padStart(8)].join("");
    const lines = packages.map((r) => [r.id.padEnd(36), String(r.before).padStart(8), String(r.after).padStart(8), String(r.gained).padStart(8), String(r.lost).padStart(8)].join(""));
    const summary = say(lang, `${profiles} profiles on ${date}: ${changed} change, ${invalid} invalid (not checked).`, `${date} 共 ${profiles} 份档案：${changed} 份有变化，${invalid} 份无效（未判断）。`);
    const text = [`${say(lang, "Who gains or loses each package", "各服务包的获得与失去")} (${a.version} → ${b.version})`, header, ...lines, summary, ""].join("\n");
    if (format === "jsonl") io.err(text);
    else await io.out(text);
    return invalid > 0 ? 1 : 0;
  },
};
