import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "tsup";

const here = dirname(fileURLToPath(import.meta.url));
/** Where the test build of the binary goes (ignored by git). */
export const testDist = join(here, "..", ".test-dist");
export const binPath = join(testDist, "bin.mjs");

/**
 * Build the CLI as one self-contained file from source, the way tsup builds the package, so
 * tests spawn a real `node bin.mjs` process with real files and stdin.
 */
export async function buildCli(): Promise<void> {
  mkdirSync(testDist, { recursive: true });
  const entry = join(testDist, "entry.ts");
  writeFileSync(entry, `import { main } from ${JSON.stringify(join(here, "index.ts"))};\nvoid main();\n`);
  await build({
    // The worker script of `assess --jobs` sits beside the binary, as dist/assess-worker.js does in the package.
    entry: { bin: entry, "assess-worker": join(here, "assess-worker.ts") },
    outDir: testDist,
    format: ["esm"],
    platform: "node",
    target: "node20",
    noExternal: [/.*/],
    outExtension: () => ({ js: ".mjs" }),
    silent: true,
    clean: false,
    dts: false,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    esbuildOptions(options) {
      options.conditions = ["@yiyang/source"];
    },
  });
}

export interface SpawnResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built binary with arguments, optional stdin and environment. */
export function runBin(args: string[], options: { stdin?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH ?? "", LANG: "en_US.UTF-8", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    else child.stdin.end();
  });
}
