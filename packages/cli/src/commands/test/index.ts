import type { DocumentEnvelope } from "@yiyang/core";
import { say } from "../../cli-io";
import type { Command } from "../../command";
import { kindOf } from "../../document-kinds";
import { readDocuments } from "../../read-documents";

export const testCommand: Command = {
  name: "test",
  summary: {
    en: "Run the test cases rule documents hold; print each failure with expected and actual values.",
    zh: "运行规则文档自带的测试用例；逐条输出失败用例的期望值与实际值。",
  },
  usage: "yiyang test <file.json | dir…>",
  optionHelp: [],
  example: "yiyang test my-city-gbt42195.json\n# FAIL my-city-gbt42195.json #12 total 65 → level 2: level expected 2, actual 3\n# 44 passed, 1 failed",
  options: {},
  async run({ positionals, io, lang }) {
    const files = await readDocuments(io, positionals);
    const loaded: Array<{ file: string; at: string; id: string; kind: ReturnType<typeof kindOf>; value: unknown }> = [];
    let passed = 0;
    let failed = 0;
    for (const { file, at, document } of files) {
      const kind = kindOf(document);
      if ("code" in kind) {
        failed++;
        await io.out(`FAIL ${file}${at} ${say(lang, kind.message, kind.messageZh)}\n`);
        continue;
      }
      const result = kind.load(document);
      if (!result.ok) {
        failed++;
        const first = result.issues.find((i) => i.severity === "error");
        await io.out(`FAIL ${file}${at} ${say(lang, "document is invalid (run yiyang validate):", "文档无效（请运行 yiyang validate）：")} ${first?.path ?? ""} ${first?.code ?? ""}\n`);
        continue;
      }
      loaded.push({ file, at, id: (document as DocumentEnvelope).id, kind, value: result.value });
    }
    for (const entry of loaded) {
      if ("code" in entry.kind) continue;
      const versions = loaded.filter((o) => o.id === entry.id && o.kind === entry.kind).map((o) => o.value);
      const outcomes = entry.kind.runTests(entry.value, versions);
      for (const outcome of outcomes) {
        if (outcome.passed) passed++;
        else failed++;
      }
      for (const [index, outcome] of outcomes.entries()) {
        if (outcome.passed) continue;
        const detail = outcome.failures
          .map((f) =>
            f.message
              ? `${f.field} ${say(lang, f.message.en, f.message.zh)}`
              : say(lang, `${f.field} expected ${JSON.stringify(f.expected)}, actual ${JSON.stringify(f.actual)}`, `${f.field} 期望 ${JSON.stringify(f.expected)}，实际 ${JSON.stringify(f.actual)}`),
          )
          .join("; ");
        await io.out(`FAIL ${entry.file}${entry.at} #${index} ${outcome.description}: ${detail}\n`);
      }
    }
    await io.out(`${passed} passed, ${failed} failed\n`);
    return failed > 0 ? 1 : 0;
  },
};
