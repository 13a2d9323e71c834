import { findVersionOverlaps, validateDocument, type DocumentEnvelope, type Issue } from "@yiyang/core";
import { say } from "../../cli-io";
import type { Command } from "../../command";
import { DOCUMENT_REGISTRY } from "../../document-kinds";
import { readDocuments } from "../../read-documents";

export const validateCommand: Command = {
  name: "validate",
  summary: {
    en: "Check rule documents: schema, JSON Logic (operators allowed, arguments), version overlaps, missing tests.",
    zh: "检查规则文档：结构、JSON Logic（允许的运算符、参数）、版本日期重叠、缺少测试用例。",
  },
  usage: "yiyang validate <file.json | dir…>",
  optionHelp: [],
  example: "yiyang validate my-city-gbt42195.json\n# my-city-gbt42195.json:/bands/1/min invalid_value Bands overlap …\n# 1 document, 1 error, 0 warnings",
  options: {},
  async run({ positionals, io, lang }) {
    // Every file is checked, even after one that cannot be read or is not JSON; each issue names its file.
    const files = await readDocuments(io, positionals, { keepGoing: true });
    let errors = 0;
    let warnings = 0;
    const print = async (file: string, issue: Issue) => {
      if (issue.severity === "error") errors++;
      else warnings++;
      const tag = issue.severity === "warning" ? say(lang, " (warning)", "（警告）") : "";
      await io.out(`${file}:${issue.path || "/"} ${issue.code}${tag} ${say(lang, issue.message, issue.messageZh)}\n`);
    };
    const loadedEnvelopes: Array<{ file: string; doc: DocumentEnvelope }> = [];
    for (const { file, at, document, issues } of files) {
      if (issues !== undefined) {
        for (const issue of issues) await print(file, issue);
        continue;
      }
      const result = validateDocument(DOCUMENT_REGISTRY, document);
      for (const issue of result.issues) await print(file, { ...issue, path: at + issue.path });
      if (result.ok) loadedEnvelopes.push({ file, doc: document as DocumentEnvelope });
    }
    for (const overlap of findVersionOverlaps(loadedEnvelopes.map((e) => e.doc))) {
      const id = (overlap.params as { id?: string } | undefined)?.id;
      const where = loadedEnvelopes.filter((e) => e.doc.id === id).map((e) => e.file);
      await print([...new Set(where)].join(","), overlap);
    }
    io.err(say(lang, `${files.length} document(s), ${errors} error(s), ${warnings} warning(s)\n`, `${files.length} 个文档，${errors} 个错误，${warnings} 个警告\n`));
    // A file that could not be read at all is a file error (2), reported after every other file was checked.
    return files.some((f) => f.unreadable) ? 2 : errors > 0 ? 1 : 0;
  },
};
