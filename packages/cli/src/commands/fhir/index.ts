import { resolvePolicyFlags, type Instrument } from "@yiyang/assessment";
import { safeToQuestionnaire, safeToQuestionnaireResponse, toLevelCodeSystem, toOperationOutcome } from "@yiyang/fhir";
import { createProgress, openInput, say, UsageError, type CliIo } from "../../cli-io";
import type { Command, CommandContext } from "../../command";
import { inputOption } from "../../command-options";
import { readRecords } from "../../io/read-records";
import { parseFlags, resolveInstrument } from "../../resolve-documents";
import { ASSESSMENT_CSV } from "../assess";
import { versionFor } from "./fhir-io";

const SUBCOMMANDS = ["questionnaire", "codesystem", "response"] as const;

/** One resource per version, or a collection Bundle of them when a file holds several versions. */
async function printResources(io: CliIo, resources: unknown[]): Promise<void> {
  const out = resources.length === 1 ? resources[0] : { resourceType: "Bundle", type: "collection", entry: resources.map((resource) => ({ resource })) };
  await io.out(`${JSON.stringify(out, null, 2)}\n`);
}

function checkedFlags(instruments: readonly Instrument[], values: CommandContext["values"]): Record<string, boolean> {
  const flags = parseFlags(values.flag);
  for (const version of instruments) {
    try {
      resolvePolicyFlags(version, flags);
    } catch (error) {
      throw new UsageError((error as Error).message, (error as { messageZh?: string }).messageZh ?? (error as Error).message);
    }
  }
  return flags;
}

async function questionnaire(context: CommandContext, spec: string | undefined): Promise<number> {
  const { io, lang, values } = context;
  const instruments = await resolveInstrument(io, spec);
  const flags = checkedFlags(instruments, values);
  const resources: unknown[] = [];
  for (const instrument of instruments) {
    const made = safeToQuestionnaire(instrument, { flags });
    for (const issue of made.issues) {
      io.err(`${instrument.id} ${instrument.version}: ${issue.severity} ${issue.path || "/"} ${issue.code} ${say(lang, issue.message, issue.messageZh)}\n`);
    }
    if (!made.ok) return 1;
    resources.push(made.value);
  }
  await printResources(io, resources);
  return 0;
}

async function response({ io, lang, values }: CommandContext): Promise<number> {
  const instruments = await resolveInstrument(io, values.instrument as string | undefined);
  const flags = checkedFlags(instruments, values);
  const { input, format } = inputOption(values);
  const identifierSystem = values["identifier-system"] as string | undefined;
  const progress = createProgress(io, lang);
  let refused = 0;
  for await (const entry of readRecords(openInput(io, input), { format, ...ASSESSMENT_CSV })) {
    progress.tick();
    let issues = entry.issues;
    if (issues === undefined) {
      const made = safeToQuestionnaireResponse(versionFor(instruments, entry.record), entry.record, { flags, identifierSystem });
      if (made.ok) {
        await io.out(`${JSON.stringify(made.value)}\n`);
        continue;
      }
      issues = made.issues;
    }
    // Every input line gives one output line: a record that cannot be a response is its OperationOutcome.
    refused++;
    await io.out(`${JSON.stringify(toOperationOutcome(issues, { source: `line ${entry.line}` }))}\n`);
    io.err(`line ${entry.line}: ${issues.map((i) => `${i.path || "/"} ${i.code} ${say(lang, i.message, i.messageZh)}`).join("; ")}\n`);
  }
  progress.done();
  return refused > 0 ? 1 : 0;
}

export const fhirCommand: Command = {
  name: "fhir",
  summary: {
    en: "Write HL7 FHIR R4: an instrument as a Questionnaire or level CodeSystem, records as QuestionnaireResponses (NDJSON).",
    zh: "输出 HL7 FHIR R4：评估工具的问卷（Questionnaire）或等级代码系统，记录的问卷答复（NDJSON）。",
  },
  usage: "yiyang fhir questionnaire <instrument> | fhir codesystem <instrument> | fhir response --instrument <id | file> [--input FILE]",
  optionHelp: [
    ["questionnaire <instrument>", "the SDC Questionnaire, scores and level calculated in FHIRPath", "SDC 问卷，得分与等级用 FHIRPath 计算"],
    ["codesystem <instrument>", "the CodeSystem of the instrument's levels", "评估工具的能力等级代码系统"],
    ["response --instrument <id | file>", "each record as a QuestionnaireResponse, one per line (FHIR bulk-data NDJSON)", "每条记录输出一个问卷答复，每行一个（FHIR 批量数据 NDJSON）"],
    ["--input <file | ->", "records: JSON Lines, a JSON array (.json) or CSV (.csv); - or absent for stdin", "记录文件：JSON Lines、JSON 数组（.json）或 CSV（.csv）；- 或省略表示标准输入"],
    ["--input-format jsonl|json|csv", "override the format guessed from the file name", "覆盖根据文件名判断的格式"],
    ["--identifier-system <uri>", "whose record ids these are (default: Yiyang's record-id system)", "记录 id 的标识符体系（默认 Yiyang 的 record-id）"],
    ["--flag name=true|false", "a policy flag of the calculated level (repeatable)", "计算等级所用的政策开关（可重复）"],
  ],
  example: [
    "yiyang fhir questionnaire gbt42195-2022 > Questionnaire-gbt42195-2022.json",
    "yiyang fhir response --instrument gbt42195-2022 --input records.jsonl > QuestionnaireResponse.ndjson",
    "yiyang assess --instrument gbt42195-2022 --input QuestionnaireResponse.ndjson --input-format fhir --format fhir",
  ].join("\n"),
  options: {
    instrument: { type: "string" },
    input: { type: "string" },
    "input-format": { type: "string" },
    "identifier-system": { type: "string" },
    flag: { type: "string", multiple: true },
  },
  async run(context) {
    const [what, spec, ...rest] = context.positionals;
    if (what === "questionnaire" || what === "codesystem") {
      if (spec === undefined || rest.length > 0) {
        throw new UsageError(`yiyang fhir ${what} takes one instrument: an id or a document file.`, `yiyang fhir ${what} 需要一个评估工具：id 或文档文件。`);
      }
      if (what === "questionnaire") return questionnaire(context, spec);
      await printResources(context.io, (await resolveInstrument(context.io, spec)).map((i) => toLevelCodeSystem(i)));
      return 0;
    }
    if (what === "response" && spec === undefined) return response(context);
    throw new UsageError(`Name what to write: ${SUBCOMMANDS.join(", ")}. Run yiyang fhir --help.`, `请指定要输出的内容：${SUBCOMMANDS.join("、")}。请运行 yiyang fhir --help。`);
  },
};
