import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { documentJsonSchema, isYiyangError, selectVersion, type DocumentEnvelope } from "@yiyang/core";
import { say, UsageError } from "../../cli-io";
import type { Command } from "../../command";
import { dateOption } from "../../command-options";
import { DOCUMENT_REGISTRY } from "../../document-kinds";
import { today } from "../eligibility";
import { BUNDLED_DOCUMENTS, bundledDocumentIds } from "./bundled-documents";

/** The name of the JSON Schema file of a kind, the same as the packages ship: `instrument.schema.json` … */
export function schemaFileName(kind: string): string {
  return `${kind}.schema.json`;
}

function pick(id: string, asOf: string | undefined): DocumentEnvelope {
  const versions = BUNDLED_DOCUMENTS.filter((d) => d.id === id);
  if (versions.length === 0) {
    const ids = bundledDocumentIds().join(", ");
    throw new UsageError(`No bundled document has the id "${id}"; one of ${ids}.`, `没有 id 为 "${id}" 的内置文档；应为 ${ids} 之一。`);
  }
  if (versions.length === 1 && asOf === undefined) return versions[0] as DocumentEnvelope;
  try {
    return selectVersion(versions, asOf ?? today());
  } catch (error) {
    if (isYiyangError(error)) throw new UsageError(error.message, error.messageZh);
    throw error;
  }
}

async function writeNew(path: string, text: string, force: boolean): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, text, { flag: force ? "w" : "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new UsageError(`${path} exists; pass --force to overwrite it.`, `${path} 已存在；如需覆盖请加 --force。`);
    throw new UsageError(`Cannot write ${path}: ${(error as Error).message}.`, `无法写入 ${path}：${(error as Error).message}。`);
  }
}

export const exportCommand: Command = {
  name: "export",
  summary: {
    en: "Write a bundled document to a file for editing, with its JSON Schema beside it for editor completion.",
    zh: "把内置文档写成文件以便编辑，并在旁边写出其 JSON Schema，供编辑器补全和校验。",
  },
  usage: "yiyang export <document-id> [--out FILE | -] [--schema REF] [--as-of YYYY-MM-DD] [--force]",
  optionHelp: [
    ["<document-id>", `a bundled document: ${bundledDocumentIds().join(", ")}`, `内置文档：${bundledDocumentIds().join("、")}`],
    ["--out <file | ->", "where to write it (default: <document-id>.json here); - for standard output", "写到哪里（默认：当前目录下的 <document-id>.json）；- 表示标准输出"],
    [
      "--schema <ref>",
      "set $schema to this URL or path and write no schema file (default: write <kind>.schema.json beside the document and point at it)",
      "把 $schema 设为此 URL 或路径，不写出 Schema 文件（默认：在文档旁写出 <kind>.schema.json 并指向它）",
    ],
    ["--as-of YYYY-MM-DD", "the version in force on this date, when several are bundled (default: today)", "内置多个版本时，取该日期生效的版本（默认今天）"],
    ["--force", "overwrite the document file if it exists", "文档文件已存在时覆盖"],
  ],
  example: [
    "yiyang export gbt42195-2022 --out my-city.json",
    "# wrote my-city.json (instrument gbt42195-2022 1.0.0) and instrument.schema.json beside it",
  ].join("\n"),
  options: { out: { type: "string" }, schema: { type: "string" }, "as-of": { type: "string" }, force: { type: "boolean" } },
  async run({ values, positionals, io, lang }) {
    if (positionals.length !== 1) {
      const ids = bundledDocumentIds().join(", ");
      throw new UsageError(`Name one bundled document: ${ids}.`, `请指定一个内置文档：${bundledDocumentIds().join("、")}。`);
    }
    const document = pick(positionals[0] as string, dateOption(values, "as-of"));
    const kind = DOCUMENT_REGISTRY.get(document.kind);
    if (!kind) throw new Error(`The bundled document ${document.id} is of a kind the command line does not know: ${document.kind}.`);
    const out = (values.out as string | undefined) ?? `${document.id}.json`;
    const given = values.schema as string | undefined;
    if (given === "") throw new UsageError("--schema needs a URL or a path.", "--schema 需要一个 URL 或路径。");
    const schemaName = schemaFileName(document.kind);
    // `$schema` first, as in the bundled files; the rest exactly as bundled (the fingerprint leaves `$schema` out).
    const { $schema: _bundled, ...rest } = document as DocumentEnvelope & { $schema?: unknown };
    const text = `${JSON.stringify({ $schema: given ?? `./${schemaName}`, ...rest }, null, 2)}\n`;
    const what = `${document.kind} ${document.id} ${document.version}`;
    if (out === "-") {
      await io.out(text);
      if (given === undefined) {
        io.err(
          say(
            lang,
            `Its $schema is ./${schemaName}: write that file beside it with \`yiyang schema ${document.kind} > ${schemaName}\`, or pass --schema.\n`,
            `其 $schema 为 ./${schemaName}：请用 \`yiyang schema ${document.kind} > ${schemaName}\` 在其旁写出该文件，或使用 --schema。\n`,
          ),
        );
      }
      return 0;
    }
    const path = resolve(io.cwd, out);
    const schemaPath = resolve(dirname(path), schemaName);
    if (given === undefined && schemaPath === path) {
      throw new UsageError(`--out ${out} is the schema file's own name; choose another.`, `--out ${out} 与 Schema 文件同名；请换一个名字。`);
    }
    await writeNew(path, text, values.force === true);
    if (given === undefined) {
      await writeNew(schemaPath, `${JSON.stringify(documentJsonSchema(kind), null, 2)}\n`, true);
      io.err(say(lang, `wrote ${out} (${what}) and ${schemaName} beside it\n`, `已写出 ${out}（${what}）及其旁的 ${schemaName}\n`));
    } else {
      io.err(say(lang, `wrote ${out} (${what}), $schema ${given}\n`, `已写出 ${out}（${what}），$schema 为 ${given}\n`));
    }
    return 0;
  },
};
