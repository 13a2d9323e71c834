import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { say, UsageError } from "../../cli-io";
import type { Command } from "../../command";
import { serveWorkbench } from "./serve-workbench";

/**
 * The built page: copied beside the CLI's bundle when the CLI is built (`dist/workbench`); run from
 * source in the repository, the workbench package's own Vite build (`packages/workbench/dist`).
 */
function workbenchRoot(): string {
  const here = typeof __dirname === "string" ? __dirname : dirname(fileURLToPath(import.meta.url));
  const beside = join(here, "workbench");
  const inRepository = join(here, "..", "..", "..", "..", "workbench", "dist");
  return !existsSync(join(beside, "index.html")) && existsSync(join(inRepository, "index.html")) ? inRepository : beside;
}

export const workbenchCommand: Command = {
  name: "workbench",
  summary: {
    en: "Open the rule workbench in a browser: edit, validate, test and weigh a rule change; records never leave the machine.",
    zh: "在浏览器中打开规则工作台：修改、校验、测试并评估规则变更；记录不离开本机。",
  },
  usage: "yiyang workbench [--port N] [file.json]",
  optionHelp: [
    ["--port <N>", "the port on 127.0.0.1 (default: a free one)", "127.0.0.1 上的端口（默认：任一空闲端口）"],
    ["[file.json]", "a document to open (default: the bundled GB/T 42195-2022)", "要打开的文档（默认：内置的 GB/T 42195-2022）"],
  ],
  example: "yiyang workbench my-city-gbt42195.json\n# Workbench: http://127.0.0.1:41234/ (Ctrl-C to stop)",
  options: { port: { type: "string" } },
  async run({ values, positionals, io, lang }) {
    const portText = (values.port as string | undefined) ?? "0";
    const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port must be a number from 0 to 65535, not "${portText}".`, `--port 必须是 0 到 65535 的数字，而不是 "${portText}"。`);
    if (positionals.length > 1) throw new UsageError("Give at most one document file.", "最多只能给出一个文档文件。");
    const file = positionals[0] === undefined ? undefined : resolve(io.cwd, positionals[0]);
    // Only a file that cannot be read is refused: one that is not valid JSON or not a valid document
    // opens, with its issues at their places, so it can be fixed there.
    if (file !== undefined) {
      try {
        await readFile(file, "utf8");
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
        throw new UsageError(`Cannot read ${positionals[0]}: ${reason}.`, `无法读取 ${positionals[0]}：${reason === "no such file" ? "文件不存在" : reason}。`);
      }
    }
    const root = workbenchRoot();
    if (!existsSync(join(root, "index.html"))) {
      throw new UsageError(`The workbench page is not built (no ${join(root, "index.html")}): run npx -y pnpm@10 build.`, `工作台页面尚未构建（缺少 ${join(root, "index.html")}）：请运行 npx -y pnpm@10 build。`);
    }
    let served;
    try {
      served = await serveWorkbench({ root, port, document: file });
    } catch (error) {
      throw new UsageError(`Cannot listen on 127.0.0.1:${port}: ${(error as Error).message}.`, `无法在 127.0.0.1:${port} 上监听：${(error as Error).message}。`);
    }
    const { server, url } = served;
    await io.out(`${say(lang, "Workbench:", "工作台：")} ${url} ${say(lang, "(Ctrl-C to stop)", "（按 Ctrl-C 停止）")}\n`);
    await io.flush();
    await new Promise<void>((done) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        server.close(() => done());
        server.closeAllConnections();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    return 0;
  },
};
