import { loadServiceCatalog, safeCheckEligibility } from "@yiyang/eligibility";
import { serviceCatalogs } from "@yiyang/standards";
import { createProgress, openInput, say } from "../../cli-io";
import type { Command } from "../../command";
import { formatOption, dateOption, inputOption } from "../../command-options";
import { readRecords } from "../../io/read-records";
import { resolveBundledDocument } from "../../resolve-documents";

/** Today's calendar date where the command runs. */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

/** CSV columns of person profiles that are lists or must stay text. */
const PROFILE_CSV = { csvListFields: ["chronicConditions", "conditions"], csvTextFields: ["id", "birthDate", "assessedOn", "nextAssessmentDue"] };

export const eligibilityCommand: Command = {
  name: "eligibility",
  summary: {
    en: "Decide which service packages each person qualifies for, with entitlements and the reason for every no.",
    zh: "判断每位老人可享受哪些服务包，给出待遇，以及每一项“不符合”的原因。",
  },
  usage: "yiyang eligibility --catalog <id | file.json> --input profiles [--as-of YYYY-MM-DD] [--format jsonl|table]",
  optionHelp: [
    ["--catalog <id | file>", "sample-city-services, or an edited catalog document", "sample-city-services，或编辑过的目录文档"],
    ["--input <file | ->", "person profiles: JSON Lines, a JSON array or CSV", "个人档案：JSON Lines、JSON 数组或 CSV"],
    ["--as-of YYYY-MM-DD", "the date to decide on: ages, staleness, the catalog version (default: today)", "判断所依据的日期：年龄、评估是否过期、目录版本（默认今天）"],
    ["--format jsonl|table", "jsonl: one full report per profile; table: eligible packages and reasons", "jsonl：每人一份完整报告；table：可享受的服务包及原因"],
  ],
  example: "yiyang eligibility --catalog sample-city-services --input profiles.jsonl --as-of 2025-06-30 --format table",
  options: { catalog: { type: "string" }, input: { type: "string" }, "input-format": { type: "string" }, "as-of": { type: "string" }, format: { type: "string" } },
  async run({ values, io, lang }) {
    const asOf = dateOption(values, "as-of") ?? today();
    const format = formatOption(values, ["jsonl", "table"] as const);
    const catalog = await resolveBundledDocument(io, "--catalog", values.catalog as string | undefined, serviceCatalogs, loadServiceCatalog);
    const { input, format: inputFormat } = inputOption(values);
    const progress = createProgress(io, lang);
    let invalid = 0;
    let provisional = false;
    for await (const entry of readRecords(openInput(io, input), { format: inputFormat, ...PROFILE_CSV })) {
      progress.tick();
      const id = (entry.record as { id?: unknown } | null | undefined)?.id ?? null;
      const checked = entry.issues ? { ok: false as const, issues: entry.issues } : safeCheckEligibility(catalog, entry.record, { asOf });
      if (!checked.ok) {
        invalid++;
        await io.out(format === "table" ? `${entry.line}\t${String(id ?? "")}\t${say(lang, "invalid", "无效")}\t${checked.issues.map((i) => `${i.path} ${i.code}`).join("; ")}\n` : `${JSON.stringify({ id, line: entry.line, issues: checked.issues })}\n`);
        continue;
      }
      const report = checked.value;
      if (format === "jsonl") {
        await io.out(`${JSON.stringify(report)}\n`);
        continue;
      }
      const lines = [`${entry.line}\t${report.profileId ?? ""}\t${say(lang, "age", "年龄")} ${report.age}`];
      for (const p of report.packages) {
        provisional ||= p.provisional.length > 0;
        const name = (lang === "zh" ? p.name.zh : p.name.en) + (p.provisional.length > 0 ? " *" : "");
        if (p.eligible) {
          const gives = p.entitlements.map((e) => (lang === "zh" ? e.text.zh : e.text.en));
          lines.push(`  ✓ ${name}${gives.length ? `: ${gives.join("; ")}` : ""}`);
        } else {
          lines.push(`  ✗ ${name}: ${p.reasons.map((r) => say(lang, r.message, r.messageZh)).join(say(lang, "; ", ""))}`);
        }
      }
      for (const a of report.alternatives) lines.push(`  ${say(lang, "choose one of", "只能选一项")} (${lang === "zh" ? a.label.zh : a.label.en}): ${a.packages.join(", ")}`);
      for (const w of report.issues) lines.push(`  ! ${say(lang, w.message, w.messageZh)}`);
      await io.out(lines.join("\n") + "\n");
    }
    if (provisional) {
      await io.out(say(lang, "* provisional: the answer rests on catalog content not yet verified against an official text (see the report's provisional).\n", "* 暂定：结果依据目录中尚未与正式文本核对的内容（见报告的 provisional）。\n"));
    }
    progress.done();
    return invalid > 0 ? 1 : 0;
  },
};
