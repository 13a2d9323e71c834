// Copy the built workbench page into the CLI's dist/, so `yiyang workbench` serves it from the
// published package. The page is a private workspace package: it ships only inside the CLI.
import { cpSync, existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const page = join(dirname(createRequire(import.meta.url).resolve("@yiyang/workbench/package.json")), "dist");
if (!existsSync(join(page, "index.html"))) {
  console.error(`copy-workbench: ${page} has no index.html; build @yiyang/workbench first.`);
  process.exit(1);
}
const target = join(here, "..", "dist", "workbench");
rmSync(target, { recursive: true, force: true });
cpSync(page, target, { recursive: true });
console.log(`copy-workbench: ${page} -> ${target}`);
