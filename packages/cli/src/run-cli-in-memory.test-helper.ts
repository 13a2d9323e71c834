import type { CliIo } from "./cli-io";
import { runCli } from "./run-cli";

/** What a command run in this process printed, and its exit code. */
export interface InMemoryRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `yiyang <argv…>` in this process, in a working directory, with standard input. */
export async function runCliInMemory(argv: string[], options: { cwd: string; stdin?: string; env?: Record<string, string> }): Promise<InMemoryRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdin: (async function* () {
      if (options.stdin !== undefined) yield options.stdin;
    })(),
    out(text) {
      stdout += text;
      return Promise.resolve();
    },
    flush: () => Promise.resolve(),
    err(text) {
      stderr += text;
    },
    env: { LANG: "en_US.UTF-8", ...options.env },
    cwd: options.cwd,
    stderrIsTTY: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
