import { parseArgs } from "node:util";
import { isYiyangError } from "@yiyang/core";
import { detectLang, say, UsageError, type CliIo, type Lang } from "./cli-io";
import type { Command } from "./command";
import { COMMANDS } from "./commands/registry";
import { INPUT_ENCODINGS, parseEncodingName, type InputEncoding } from "./io/decode-input";
import { VERSION } from "./version";

/**
 * Exit codes: 0 all good; 1 some records or documents were invalid, or tests failed (after
 * processing everything); 2 a usage or file error.
 */
export const EXIT = { OK: 0, INVALID: 1, USAGE: 2 } as const;

/** Whether a command reads records (and so takes `--encoding`). */
function readsRecords(command: Command): boolean {
  return "input" in command.options || "records" in command.options;
}

/** The `--encoding` given, checked: a name this reader takes, with a decoder in this Node.js. */
function encodingOption(value: string | undefined): InputEncoding | undefined {
  if (value === undefined) return undefined;
  const encoding = parseEncodingName(value);
  if (encoding === null) {
    throw new UsageError(`--encoding must be one of ${INPUT_ENCODINGS.join(", ")} (gbk and gb2312 are read as gb18030), not "${value}".`, `--encoding 必须是 ${INPUT_ENCODINGS.join("、")} 之一（gbk、gb2312 按 gb18030 读取），而不是 "${value}"。`);
  }
  try {
    new TextDecoder(encoding);
  } catch {
    throw new UsageError(`This Node.js cannot decode ${encoding} (it was built without full ICU).`, `当前 Node.js 无法解码 ${encoding}（未带完整 ICU 构建）。`);
  }
  return encoding;
}

function commandHelp(command: Command, lang: Lang): string {
  const lines = [
    `${command.usage}`,
    "",
    say(lang, command.summary.en, command.summary.zh),
    "",
    say(lang, "Options:", "选项："),
    ...command.optionHelp.map(([flag, en, zh]) => `  ${flag.padEnd(30)} ${say(lang, en, zh)}`),
    ...(readsRecords(command)
      ? [`  ${"--encoding utf-8|gb18030".padEnd(30)} ${say(lang, "the input's text encoding (default: from a byte-order mark, else GB18030 when the start is not UTF-8 but is GB18030, else UTF-8)", "输入文件的文本编码（默认：按字节顺序标记；开头不是 UTF-8 而是 GB18030 时按 GB18030；否则 UTF-8）")}`]
      : []),
    `  ${"--lang zh|en".padEnd(30)} ${say(lang, "language of messages (default: from the locale)", "消息语言（默认取自系统区域设置）")}`,
    `  ${"--help".padEnd(30)} ${say(lang, "show this help", "显示本帮助")}`,
    "",
    say(lang, "Example:", "示例："),
    ...command.example.split("\n").map((l) => `  ${l}`),
    "",
  ];
  return lines.join("\n");
}

function mainHelp(lang: Lang): string {
  return [
    say(lang, "yiyang: elderly-care assessment rules you can verify.", "yiyang：可核验的老年人能力评估与照护规则工具。"),
    "",
    say(lang, "Usage: yiyang <command> [options]", "用法：yiyang <命令> [选项]"),
    "",
    say(lang, "Commands:", "命令："),
    ...COMMANDS.map((c) => `  ${c.name.padEnd(14)} ${say(lang, c.summary.en, c.summary.zh)}`),
    "",
    say(lang, "Run `yiyang <command> --help` for a command's options and a worked example.", "运行 `yiyang <命令> --help` 查看选项和示例。"),
    say(lang, "Exit codes: 0 all good; 1 some input invalid or tests failed; 2 usage or file error.", "退出码：0 全部正常；1 有无效输入或测试失败；2 用法或文件错误。"),
    "",
  ].join("\n");
}

/**
 * Run the command line with the given arguments (without `node` and the script) and streams.
 *
 * @returns the exit code
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let lang: Lang = "en";
  try {
    const langAt = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
    const langFlag = langAt === -1 ? undefined : argv[langAt]?.includes("=") ? argv[langAt]?.split("=")[1] : argv[langAt + 1];
    lang = detectLang(langFlag, io.env);
    const [name, ...rest] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      await io.out(mainHelp(lang));
      await io.flush();
      return name === undefined ? EXIT.USAGE : EXIT.OK;
    }
    if (name === "--version" || name === "-v") {
      await io.out(`${VERSION}\n`);
      await io.flush();
      return EXIT.OK;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      throw new UsageError(`Unknown command "${name}". Run yiyang --help.`, `未知命令 "${name}"。请运行 yiyang --help。`);
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      await io.out(commandHelp(command, lang));
      await io.flush();
      return EXIT.OK;
    }
    let parsed;
    try {
      parsed = parseArgs({
        args: [...rest],
        options: { ...command.options, lang: { type: "string" }, ...(readsRecords(command) ? { encoding: { type: "string" as const } } : {}) },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new UsageError(`${(error as Error).message}. Run yiyang ${name} --help.`, `${(error as Error).message}。请运行 yiyang ${name} --help。`);
    }
    const inputEncoding = encodingOption(parsed.values.encoding as string | undefined);
    const runIo: CliIo = inputEncoding === undefined ? io : { ...io, inputEncoding };
    const code = await command.run({ values: parsed.values, positionals: parsed.positionals, io: runIo, lang });
    await io.flush();
    return code;
  } catch (error) {
    await io.flush();
    if (error instanceof UsageError) {
      io.err(`yiyang: ${say(lang, error.message, error.messageZh)}\n`);
      return EXIT.USAGE;
    }
    if (isYiyangError(error) && error.code !== "internal") {
      io.err(`yiyang: ${say(lang, error.message, error.messageZh)}\n`);
      for (const issue of error.issues) io.err(`  ${issue.path || "/"} ${issue.code} ${say(lang, issue.message, issue.messageZh)}\n`);
      return EXIT.USAGE;
    }
    const system = error as NodeJS.ErrnoException | null;
    if (typeof system?.code === "string" && typeof system.syscall === "string") {
      // A file or stream the system would not read or write (EIO, EACCES on stdin …) is not a bug of this tool.
      const what = system.path ?? say(lang, "the input", "输入");
      io.err(`yiyang: ${say(lang, `cannot ${system.syscall} ${what}: ${system.message}`, `无法${system.syscall === "write" ? "写入" : "读取"} ${what}：${system.message}`)}\n`);
      return EXIT.USAGE;
    }
    io.err(
      `yiyang: ${say(lang, "internal error, please open an issue with this output:", "内部错误，请附上以下输出提交 issue：")}\n${(error as Error)?.stack ?? String(error)}\n`,
    );
    return EXIT.USAGE;
  }
}

/** Entry point for `bin.js`. */
export async function main(): Promise<void> {
  const { processIo } = await import("./cli-io");
  process.exitCode = await runCli(process.argv.slice(2), processIo());
}
