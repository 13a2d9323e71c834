import type { ParseArgsConfig } from "node:util";
import type { CliIo, Lang } from "./cli-io";

/** What a command receives after its arguments are parsed. */
export interface CommandContext {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  io: CliIo;
  lang: Lang;
}

/** One `yiyang <name>` command. */
export interface Command {
  name: string;
  summary: { en: string; zh: string };
  /** The synopsis line, e.g. `yiyang fingerprint <file…>`. */
  usage: string;
  /** Option lines for `--help`, each `[flag, en, zh]`. */
  optionHelp: Array<[string, string, string]>;
  /** A worked example for `--help`. */
  example: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Returns the exit code: 0 all good, 1 some input invalid or tests failed. */
  run(context: CommandContext): Promise<number>;
}
