import { runDocumentTests, type LoadedDocument } from "@yiyang/core";
import { say } from "../../cli-io";
import type { Command } from "../../command";
import { DOCUMENT_REGISTRY } from "../../document-kinds";
import { readDocuments } from "../../read-documents";

export const testCommand: Command = {
  name: "test",
  summary: {
    en: "Run the test cases rule documents hold; print each failure with expected and actual values.",
    zh: "运行规则文档自带的测试用例；逐条输出失败用例的期望值与实际值。",
  },
  usage: "yiyang test <file.json | dir…>",
  optionHelp: [],
  example: "yiyang test my-city-gbt42195.json\n# FAIL my-city-gbt42195.json #12 total 65 → level 2: /tests/12/expect/level level: expected 2, got 3.\n# 44 passed, 1 failed",
  options: {},
  async run({ positionals, io, lang }) {
    const files = await readDocuments(io, positionals);
    const loaded: Array<{ file: string; at: string; value: LoadedDocument }> = [];
    let passed = 0;
    let failed = 0;
    for (const { file, at, document } of files) {
      const result = DOCUMENT_REGISTRY.safeLoad(document);
      if (!result.ok) {
        failed++;
        const first = result.issues.find((i) => i.severity === "error");
        await io.out(`FAIL ${file}${at} ${say(lang, "document is invalid (run yiyang validate):", "文档无效（请运行 yiyang validate）：")} ${first?.path ?? ""} ${first?.code ?? ""}\n`);
        continue;
      }
      loaded.push({ file, at, value: result.value });
    }
    for (const entry of loaded) {
      const versions = loaded.filter((o) => o.value.id === entry.value.id && o.value.kind === entry.value.kind).map((o) => o.value);
      for (const outcome of runDocumentTests(entry.value, { versions })) {
        if (outcome.passed) {
          passed++;
          continue;
        }
        failed++;
        const detail = outcome.failures.map((f) => `${f.path} ${say(lang, f.message, f.messageZh)}`).join("; ");
        await io.out(`FAIL ${entry.file}${entry.at} #${outcome.index} ${outcome.description}: ${detail}\n`);
      }
    }
    await io.out(`${passed} passed, ${failed} failed\n`);
    return failed > 0 ? 1 : 0;
  },
};
