import { findVersionOverlaps, runDocumentTests, validateDocument, type DocumentEnvelope, type Issue, type LoadedDocument } from "@yiyang/core";
import { say } from "../../cli-io";
import type { Command } from "../../command";
import { DOCUMENT_REGISTRY } from "../../document-kinds";
import { readDocuments } from "../../read-documents";

export const validateCommand: Command = {
  name: "validate",
  summary: {
    en: "Check rule documents: schema, JSON Logic (operators allowed, arguments), version overlaps, missing tests; run their test cases under the work budget.",
    zh: "检查规则文档：结构、JSON Logic（允许的运算符、参数）、版本日期重叠、缺少测试用例；在工作量上限内运行其测试用例。",
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
    const loadedDocuments: Array<{ file: string; at: string; value: LoadedDocument }> = [];
    for (const { file, at, document, issues } of files) {
      if (issues !== undefined) {
        for (const issue of issues) await print(file, issue);
        continue;
      }
      const result = validateDocument(DOCUMENT_REGISTRY, document);
      for (const issue of result.issues) await print(file, { ...issue, path: at + issue.path });
      if (result.ok) {
        loadedEnvelopes.push({ file, doc: document as DocumentEnvelope });
        loadedDocuments.push({ file, at, value: result.value });
      }
    }
    // The documents' own cases run under the engine's work budget: a rule that cannot be evaluated
    // (over the budget, or failing) is an error; an expectation that does not hold is a warning
    // (`yiyang test` shows them all).
    for (const entry of loadedDocuments) {
      const versions = loadedDocuments.filter((o) => o.value.id === entry.value.id && o.value.kind === entry.value.kind).map((o) => o.value);
      for (const outcome of runDocumentTests(entry.value, { versions })) {
        for (const failure of outcome.failures) {
          const fatal = failure.code === "limit_exceeded" || failure.code === "evaluation_failed";
          await print(entry.file, {
            ...failure,
            path: entry.at + failure.path,
            message: `Test case #${outcome.index} (${outcome.description}): ${failure.message}`,
            messageZh: `测试用例 #${outcome.index}（${outcome.description}）：${failure.messageZh}`,
            severity: fatal ? "error" : "warning",
          });
        }
      }
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
