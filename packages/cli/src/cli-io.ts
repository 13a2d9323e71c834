import { parseJson } from "@yiyang/core";
import { open, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { decodeInput, type InputEncoding } from "./io/decode-input";

/** The language of messages. */
export type Lang = "zh" | "en";

/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface CliIo {
  stdin: AsyncIterable<Uint8Array | string>;
  /** Write to standard output; resolves when the stream can take more (back-pressure). */
  out(text: string): Promise<void>;
  /** Write out anything `out` still holds; called once when a command ends. */
  flush(): Promise<void>;
  /** Write UTF-8 bytes after what `out` holds (output made on a worker thread); absent: decoded and given to `out`. */
  outBytes?(bytes: Uint8Array): Promise<void>;
  /** Write to standard error. */
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Whether standard error is a terminal (progress is shown only then, and never in CI). */
  stderrIsTTY: boolean;
  /** The encoding of record input (`--encoding`); detected when absent. */
  inputEncoding?: InputEncoding | undefined;
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

/** The reason a file cannot be read, in English and Chinese. */
function unreadable(error: unknown): [string, string] {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT") return ["no such file", "文件不存在"];
  if (code === "EISDIR") return ["it is a directory", "这是一个目录"];
  if (code === "EACCES" || code === "EPERM") return ["permission denied", "没有读取权限"];
  const message = (error as Error | null)?.message ?? String(error);
  return [message, message];
}

/** A usage error for a file that cannot be read. */
export function cannotRead(path: string, error: unknown): UsageError {
  const [en, zh] = unreadable(error);
  return new UsageError(`Cannot read ${path}: ${en}.`, `无法读取 ${path}：${zh}。`);
}

async function* readInputBytes(io: CliIo, path: string): AsyncGenerator<Uint8Array | string> {
  if (path === "-") {
    yield* io.stdin;
    return;
  }
  let handle;
  try {
    handle = await open(resolve(io.cwd, path), "r");
    // Opening a directory succeeds on Linux; reading it does not.
    if ((await handle.stat()).isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
  } catch (error) {
    await handle?.close();
    throw cannotRead(path, error);
  }
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false, highWaterMark: 64 * 1024 })) yield chunk as Uint8Array;
  } catch (error) {
    throw cannotRead(path, error);
  } finally {
    await handle.close();
  }
}

/**
 * Open a file (or `-` for standard input) as a stream of UTF-8 bytes. The file is opened when the
 * stream is first read: a missing file or a directory is a {@link UsageError} then, before a
 * command writes anything. A GB18030 or UTF-16 input (named by `--encoding`, a byte-order mark, or
 * detected) is converted to UTF-8, and standard error says so once.
 */
export function openInput(io: CliIo, path: string): AsyncIterable<Uint8Array> {
  const shown = path === "-" ? "standard input" : path;
  const shownZh = path === "-" ? "标准输入" : path;
  return decodeInput(readInputBytes(io, path), {
    encoding: io.inputEncoding,
    onEncoding(encoding, how) {
      if (how === "given") return;
      const en = how === "detected" ? `${shown} is not UTF-8; reading it as ${encoding} (give --encoding to choose).` : `${shown} has a ${encoding} byte-order mark; reading it as ${encoding}.`;
      const zh = how === "detected" ? `${shownZh} 不是 UTF-8 编码；按 ${encoding} 读取（可用 --encoding 指定）。` : `${shownZh} 带有 ${encoding} 字节顺序标记；按 ${encoding} 读取。`;
      io.err(`yiyang: ${say(detectLang(undefined, io.env), en, zh)}\n`);
    },
  });
}

/** Read and parse a JSON file, with usage errors that name it. */
export async function readJsonFile(io: CliIo, path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), "utf8");
  } catch (error) {
    throw cannotRead(path, error);
  }
  // Strictly: a duplicate key (which JSON.parse would resolve silently, last one wins) is refused.
  const parsed = parseJson(text);
  if (parsed.ok) return parsed.value;
  const lines = parsed.issues.map((i) => `  ${path}:${i.path || "/"} ${i.code} ${i.message}`);
  const linesZh = parsed.issues.map((i) => `  ${path}:${i.path || "/"} ${i.code} ${i.messageZh}`);
  throw new UsageError(`${path} is not valid JSON:\n${lines.join("\n")}`, `${path} 不是有效的 JSON：\n${linesZh.join("\n")}`);
}

/** Shows `count, rate` on standard error while a long run goes on; silent when piped or in CI. */
export function createProgress(io: CliIo, lang: Lang): { tick(records?: number): void; done(): void } {
  const enabled = io.stderrIsTTY && !io.env.CI;
  let count = 0;
  const started = Date.now();
  let last = started;
  return {
    tick(records = 1) {
      const before = count;
      count += records;
      if (!enabled || count >> 10 === before >> 10) return;
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

/** The exit code after a signal: 128 + its number. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * The real process, for `bin.js`. SIGINT and SIGTERM end the run between two lines: output not yet
 * handed to the system (whole lines only) is written, nothing more is, standard error says the
 * output is incomplete, and once what was written has reached the reader the process exits with
 * 128 + the signal's number (130, 143). A second signal exits at once.
 */
export function processIo(): CliIo {
  const stdout = process.stdout;
  // A reader that goes away (`yiyang … | head`) is not an error.
  stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  let pending = "";
  let stopping = false;
  const never = new Promise<void>(() => {});
  const write = (text: string | Uint8Array): Promise<void> =>
    stdout.write(text) ? Promise.resolve() : new Promise((done) => stdout.once("drain", () => done()));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      const code = SIGNAL_EXIT[signal];
      if (stopping) process.exit(code);
      stopping = true;
      if (pending !== "") stdout.write(pending);
      pending = "";
      const lang = detectLang(undefined, process.env);
      process.stderr.write(`\nyiyang: ${say(lang, `stopped by ${signal}: the output is incomplete, and ends with a whole line.`, `收到 ${signal}，已停止：输出不完整，但以完整的一行结束。`)}\n`);
      // A pipe is written asynchronously: wait until what was handed over is out.
      const exitWhenWritten = (): void => {
        if (stdout.writableLength === 0) process.exit(code);
        else setTimeout(exitWhenWritten, 5);
      };
      exitWhenWritten();
    });
  }
  return {
    stdin: process.stdin,
    out(text) {
      // After a signal nothing more is written, and the command waits here until the process exits.
      if (stopping) return never;
      pending += text;
      if (pending.length < OUTPUT_CHUNK) return Promise.resolve();
      const chunk = pending;
      pending = "";
      return write(chunk);
    },
    flush() {
      if (stopping) return never;
      const chunk = pending;
      pending = "";
      return chunk === "" ? Promise.resolve() : write(chunk);
    },
    async outBytes(bytes) {
      if (stopping) return never;
      if (pending !== "") {
        const chunk = pending;
        pending = "";
        stdout.write(chunk);
      }
      return write(bytes);
    },
    err(text) {
      process.stderr.write(text);
    },
    env: process.env,
    cwd: process.cwd(),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
