import { documentJsonSchema } from "@yiyang/core";
import { UsageError } from "../../cli-io";
import type { Command } from "../../command";
import { DOCUMENT_REGISTRY, envelopeJsonSchema } from "../../document-kinds";

export const schemaCommand: Command = {
  name: "schema",
  summary: {
    en: "Print the JSON Schema of a document kind, for editors to validate and complete rule files.",
    zh: "输出某类文档的 JSON Schema，供编辑器校验和补全规则文件。",
  },
  usage: "yiyang schema <kind>",
  optionHelp: [],
  example: "yiyang schema instrument > instrument.schema.json",
  options: {},
  async run({ positionals, io }) {
    const kind = positionals[0];
    const kinds = [...DOCUMENT_REGISTRY.kinds.map((k) => k.kind), "envelope"];
    if (kind === undefined || positionals.length > 1) {
      throw new UsageError(`Name one kind: ${kinds.join(", ")}.`, `请指定一种文档类型：${kinds.join("、")}。`);
    }
    const support = DOCUMENT_REGISTRY.get(kind);
    if (!support && kind !== "envelope") throw new UsageError(`Unknown kind "${kind}"; one of ${kinds.join(", ")}.`, `未知的文档类型 "${kind}"；应为 ${kinds.join("、")} 之一。`);
    await io.out(`${JSON.stringify(support ? documentJsonSchema(support) : envelopeJsonSchema(), null, 2)}\n`);
    return 0;
  },
};
