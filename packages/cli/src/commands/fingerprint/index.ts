import { fingerprint } from "@yiyang/core";
import { readJsonFile, UsageError } from "../../cli-io";
import type { Command } from "../../command";

export const fingerprintCommand: Command = {
  name: "fingerprint",
  summary: {
    en: "Print the content fingerprint of rule documents (SHA-256 of the canonical JSON, tests excluded).",
    zh: "输出规则文档的内容指纹（规范化 JSON 的 SHA-256，不含 tests）。",
  },
  usage: "yiyang fingerprint <file.json…>",
  optionHelp: [],
  example: "yiyang fingerprint gbt42195-2022.json\n# sha256:3f5c…  gbt42195-2022.json",
  options: {},
  async run({ positionals, io }) {
    if (positionals.length === 0) throw new UsageError("Name at least one document file.", "请至少指定一个文档文件。");
    for (const file of positionals) {
      const doc = await readJsonFile(io, file);
      if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
        throw new UsageError(`${file} is not a JSON object.`, `${file} 不是 JSON 对象。`);
      }
      await io.out(`${fingerprint(doc as Record<string, unknown>)}  ${file}\n`);
    }
    return 0;
  },
};
