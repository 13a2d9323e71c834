import { parseJson } from "@yiyang/core";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

/** The language of messages. */
export type Lang = "zh" | "en";

/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface CliIo {
  stdin: AsyncIterable<Uint8Array | string>;
  /** Write to standard output; resolves when the stream can take more (back-pressure). */
  out(text: string): Promise<void>;
  /** Write out anything `out` still holds; called once when a command ends. */
  flush(): Promise<void>;
  /** Write to standard error. */
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Whether standard error is a terminal (progress is shown only then, and never in CI). */
  stderrIsTTY: boolean;
}

/** A usage or file problem: exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** The language from `--lang`, else from the locale variables (zh… → Chinese), else English. */
export function detectLang(flag: string | undefined, env: CliIo["env"]): Lang {
  if (flag === "zh" || flag === "en") return flag;
  if (flag !== undefined) throw new UsageError(`--lang must be zh or en, not "${flag}".`, `--lang 只能是 zh 或 en，而不是 "${flag}"。`);
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return locale.toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** Pick the message in the chosen language. */
export function say(lang: Lang, en: string, zh: string): string {
  return lang === "zh" ? zh : en;
}

/** Open a file (or `-` for standard input) as a byte stream. */
export function openInput(io: CliIo, path: string): AsyncIterable<Uint8Array | string> {
  if (path === "-") return io.stdin;
  return createReadStream(resolve(io.cwd, path));
}

/** Read and parse a JSON file, with usage errors that name it. */
export async function readJsonFile(io: CliIo, path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new UsageError(`Cannot read ${path}: ${reason}.`, `无法读取 ${path}：${reason === "no such file" ? "文件不存在" : reason}。`);
  }
  // Strictly: a duplicate key (which JSON.parse would resolve silently, last one wins) is refused.
  const parsed = parseJson(text);
  if (parsed.ok) return parsed.value;
  const lines = parsed.issues.map((i) => `  ${path}:${i.path || "/"} ${i.code} ${i.message}`);
  const linesZh = parsed.issues.map((i) => `  ${path}:${i.path || "/"} ${i.code} ${i.messageZh}`);
  throw new UsageError(`${path} is not valid JSON:\n${lines.join("\n")}`, `${path} 不是有效的 JSON：\n${linesZh.join("\n")}`);
}

/** Shows `count, rate` on standard error while a long run goes on; silent when piped or in CI. */
export function createProgress(io: CliIo, lang: Lang): { tick(): void; done(): void } {
  const enabled = io.stderrIsTTY && !io.env.CI;
  let count = 0;
  const started = Date.now();
  let last = started;
  return {
    tick() {
      count++;
      if (!enabled || (count & 1023) !== 0) return;
      const now = Date.now();
      if (now - last < 500) return;
      last = now;
      const rate = Math.round((count * 1000) / Math.max(1, now - started));
      io.err(`\r${say(lang, `${count.toLocaleString("en-US")} records, ${rate.toLocaleString("en-US")}/s`, `已处理 ${count} 条，每秒 ${rate} 条`)}`);
    },
    done() {
      if (enabled && count >= 1024) io.err("\n");
    },
  };
}

/** Output is gathered into writes of about this many characters: one write per line is slow. */
const OUTPUT_CHUNK = 64 * 1024;

/** The real process, for `bin.js`. */
export function processIo(): CliIo {
  const stdout = process.stdout;
  // A reader that goes away (`yiyang … | head`) is not an error.
  stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  let pending = "";
  const write = (text: string): Promise<void> =>
    stdout.write(text) ? Promise.resolve() : new Promise((done) => stdout.once("drain", () => done()));
  return {
    stdin: process.stdin,
    out(text) {
      pending += text;
      if (pending.length < OUTPUT_CHUNK) return Promise.resolve();
      const chunk = pending;
      pending = "";
      return write(chunk);
    },
    flush() {
      const chunk = pending;
      pending = "";
      return chunk === "" ? Promise.resolve() : write(chunk);
    },
    err(text) {
      process.stderr.write(text);
    },
    env: process.env,
    cwd: process.cwd(),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
