import type { LoadedDocument } from "@yiyang/core";
import { readJsonFile, UsageError, type CliIo } from "../../cli-io";
import type { Command } from "../../command";
import { formatOption, dateOption } from "../../command-options";
import { DOCUMENT_REGISTRY } from "../../document-kinds";
import { documentError } from "../../resolve-documents";
import { IMPACT_HANDLERS } from "./handlers";

async function loadOne(io: CliIo, path: string, option: string): Promise<LoadedDocument> {
  const result = DOCUMENT_REGISTRY.safeLoad(await readJsonFile(io, path));
  if (!result.ok) documentError(result.issues, `${option} ${path}`);
  return result.value;
}

async function loadPair(io: CliIo, before: string, after: string): Promise<[LoadedDocument, LoadedDocument]> {
  const a = await loadOne(io, before, "--before");
  const b = await loadOne(io, after, "--after");
  if (a.kind !== b.kind) throw new UsageError(`--before is a ${a.kind} and --after a ${b.kind}: compare two versions of one kind.`, `--before 是 ${a.kind}，--after 是 ${b.kind}：请比较同一类文档的两个版本。`);
  return [a, b];
}

export const impactCommand: Command = {
  name: "impact",
  summary: {
    en: "Show what a rule change would do before it is published: who moves level, gains or loses a package, and how each rate changes.",
    zh: "发布前查看规则修改的影响：谁的等级改变、谁获得或失去服务包、各项指标如何变化。",
  },
  usage: "yiyang impact --before old.json --after new.json --input records [--format table|jsonl]",
  optionHelp: [
    ["--before <file>", "the document as published now", "当前发布的文档"],
    ["--after <file>", "the edited document", "修改后的文档"],
    ["--input <file | ->", "records (assessments, profiles or indicator records, by the documents' kind)", "记录（按文档类型：评估记录、个人档案或指标记录）"],
    ["--format table|jsonl", "table: the summary; jsonl: every record that changes, summary on stderr", "table：汇总表；jsonl：逐条输出有变化的记录，汇总写到标准错误"],
    ["--as-of YYYY-MM-DD", "service catalogs: the date to decide on (default today)", "服务目录：判断所依据的日期（默认今天）"],
    ["--period <2024 | from..to>", "indicator catalogs: the reporting period", "指标目录：统计期"],
  ],
  example: [
    "# raise the 66-point band edge to 67 in a copy, then:",
    "yiyang impact --before gbt42195-2022.json --after my-edit.json --input records.jsonl",
    "# before \\ after       0       1       2 …",
  ].join("\n"),
  options: { before: { type: "string" }, after: { type: "string" }, input: { type: "string" }, format: { type: "string" }, "as-of": { type: "string" }, period: { type: "string" } },
  async run({ values, io, lang }) {
    const before = values.before as string | undefined;
    const after = values.after as string | undefined;
    const input = (values.input as string | undefined) ?? "-";
    const format = formatOption(values, ["table", "jsonl"] as const);
    if (!before || !after) throw new UsageError("Give --before and --after.", "请给出 --before 和 --after。");
    const [a, b] = await loadPair(io, before, after);
    const kind = a.kind;
    const handler = IMPACT_HANDLERS.find((h) => h.kind === kind);
    if (!handler) throw new UsageError(`impact does not know documents of kind ${JSON.stringify(kind)}.`, `impact 不支持类型为 ${JSON.stringify(kind)} 的文档。`);
    const asOf = dateOption(values, "as-of");
    return handler.run({ before: a, after: b, input, io, lang, format, asOf, period: values.period as string | undefined });
  },
};
