import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The README's `npx -y pnpm@10 -s yiyang workbench`, in the repository, with no build: the repo's
 * `yiyang` script builds the page with Vite when it is missing or older than its sources, and the
 * command line, run from source, serves it.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const page = join(root, "packages", "workbench", "dist", "index.html");

/** Run `yiyang workbench` from source as the README's script does; resolves with the URL and stderr once it serves. */
function serveFromSource(): Promise<{ url: string; stderr: string; stop: () => void }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--conditions=@yiyang/source", "--import", "tsx", join(root, "scripts", "yiyang.ts"), "workbench", "--port", "0", "--lang", "en"], {
      // As pnpm runs the script: in the root, with the directory it was typed in as INIT_CWD.
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), INIT_CWD: mkdtempSync(join(tmpdir(), "yiyang-workbench-source-")) },
    });
    let out = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (match) done({ url: match[0], stderr, stop: () => child.kill("SIGTERM") });
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("exit", (code) => fail(new Error(`yiyang workbench exited with ${code}: ${stderr}`)));
  });
}

describe("yiyang workbench, run from source in the repository", () => {
  it("builds the page when it is older than its sources, then serves it under its strict policy", async () => {
    // A page older than every source counts as stale: the script must rebuild it.
    if (existsSync(page)) utimesSync(page, new Date(0), new Date(0));
    const first = await serveFromSource();
    try {
      expect(first.stderr).toContain("Building the workbench page");
      expect(statSync(page).mtimeMs).toBeGreaterThan(0);
      const response = await fetch(first.url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(await response.text()).toContain('<script type="module"');
    } finally {
      first.stop();
    }
    // Up to date now: served without building again.
    const second = await serveFromSource();
    try {
      expect(second.stderr).not.toContain("Building the workbench page");
      expect((await fetch(second.url)).status).toBe(200);
    } finally {
      second.stop();
    }
  }, 180_000);
});
