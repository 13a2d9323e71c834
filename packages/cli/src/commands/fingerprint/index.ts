import { say } from "../../cli-io";
import type { Command } from "../../command";
import { DOCUMENT_REGISTRY } from "../../document-kinds";
import { readDocuments } from "../../read-documents";

export const fingerprintCommand: Command = {
  name: "fingerprint",
  summary: {
    en: "Print the content fingerprint of rule documents (SHA-256 of the canonical JSON, without tests, $schema and effective.to).",
    zh: "输出规则文档的内容指纹（规范化 JSON 的 SHA-256，不含 tests、$schema 和 effective.to）。",
  },
  usage: "yiyang fingerprint <file.json | dir…>",
  optionHelp: [],
  example: "yiyang fingerprint gbt42195-2022.json\n# sha256:3f5c…  gbt42195-2022.json",
  options: {},
  async run({ positionals, io, lang }) {
    let invalid = 0;
    for (const { file, at, document } of await readDocuments(io, positionals)) {
      // Only a valid document has a fingerprint results can name: it is taken of the document as loaded.
      const result = DOCUMENT_REGISTRY.safeLoad(document);
      if (result.ok) {
        await io.out(`${result.value.fingerprint}  ${file}${at}\n`);
        continue;
      }
      invalid++;
      const first = result.issues.find((i) => i.severity === "error");
      io.err(`${file}${at}: ${say(lang, "not a valid document (run yiyang validate):", "不是有效的文档（请运行 yiyang validate）：")} ${first?.path || "/"} ${first?.code ?? ""}\n`);
    }
    return invalid > 0 ? 1 : 0;
  },
};
