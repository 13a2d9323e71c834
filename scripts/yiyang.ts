// The command line from source, with no build: `npx -y pnpm@10 -s yiyang <command> …` anywhere in this
// repository. pnpm runs scripts in the root; paths on the command line are relative to where it was typed.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "@yiyang/cli";

const workbench = join(dirname(fileURLToPath(import.meta.url)), "..", "packages", "workbench");

/** The newest modification time of the page's sources (its own and the packages it bundles). */
function newestSource(): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "dist") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const pkg of ["workbench", "core", "assessment", "eligibility", "indicators", "standards"]) visit(join(workbench, "..", pkg, "src"));
  return newest;
}

/** `yiyang workbench` from source serves the page's Vite build: build it when it is missing or older than its sources. */
async function ensureWorkbenchPage(): Promise<void> {
  const page = join(workbench, "dist", "index.html");
  if (existsSync(page) && statSync(page).mtimeMs >= newestSource()) return;
  process.stderr.write("Building the workbench page (packages/workbench/dist)…\n");
  const { build } = await import("vite");
  await build({ root: workbench, configFile: join(workbench, "vite.config.ts"), logLevel: "error" });
}

if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
if (process.argv[2] === "workbench") await ensureWorkbenchPage();
void main();
