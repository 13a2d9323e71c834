import { isCalendarDate } from "@yiyang/core";
import { checkEligibility, safeCheckEligibility, type ServiceCatalog } from "@yiyang/eligibility";
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
    const counts = new Map<string, { before: number; after: number; gained: number; lost: number }>();
    const row = (id: string) => {
      let r = counts.get(id);
      if (!r) counts.set(id, (r = { before: 0, after: 0, gained: 0, lost: 0 }));
      return r;
    };
    let profiles = 0;
    let invalid = 0;
    let changed = 0;
    const progress = createProgress(io, lang);
    for await (const entry of readRecords(openInput(io, input), { format: formatFromPath(input), csvTextFields: ["id", "birthDate"] })) {
      progress.tick();
      profiles++;
      const x = entry.issues ? null : safeCheckEligibility(a, entry.record, { asOf: date, explain: false });
      if (!x?.ok) {
        invalid++;
        continue;
      }
      const y = checkEligibility(b, entry.record, { asOf: date, explain: false });
      const was = new Set(x.value.eligible);
      const now = new Set(y.eligible);
      for (const id of was) row(id).before++;
      for (const id of now) row(id).after++;
      const gained = [...now].filter((id) => !was.has(id));
      const lost = [...was].filter((id) => !now.has(id));
      for (const id of gained) row(id).gained++;
      for (const id of lost) row(id).lost++;
      if (gained.length || lost.length) {
        changed++;
        if (format === "jsonl") await io.out(`${JSON.stringify({ line: entry.line, id: x.value.profileId, gained, lost })}\n`);
      }
    }
    progress.done();
    const ids = [...new Set([...a.document.packages.map((p) => p.id), ...b.document.packages.map((p) => p.id)])];
    const header = [say(lang, "package", "服务包").padEnd(36), say(lang, "before", "调整前").padStart(8), say(lang, "after", "调整后").padStart(8), say(lang, "gain", "新增").padStart(8), say(lang, "lose", "失去").padStart(8)].join("");
    const lines = ids.map((id) => {
      const r = counts.get(id) ?? { before: 0, after: 0, gained: 0, lost: 0 };
      return [id.padEnd(36), String(r.before).padStart(8), String(r.after).padStart(8), String(r.gained).padStart(8), String(r.lost).padStart(8)].join("");
    });
    const summary = say(lang, `${profiles} profiles on ${date}: ${changed} change, ${invalid} invalid (not checked).`, `${date} 共 ${profiles} 份档案：${changed} 份有变化，${invalid} 份无效（未判断）。`);
    const text = [`${say(lang, "Who gains or loses each package", "各服务包的获得与失去")} (${a.version} → ${b.version})`, header, ...lines, summary, ""].join("\n");
    if (format === "jsonl") io.err(text);
    else await io.out(text);
    return invalid > 0 ? 1 : 0;
  },
};
