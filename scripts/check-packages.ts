// CI, after the build: the release path, checked end to end without publishing.
// 1. Pack every published package with pnpm, the tool that publishes them.
// 2. Lint each tarball: publint --strict and arethetypeswrong (attw on the tarball is `attw --pack`
//    with pnpm's packing, which rewrites workspace: ranges as a publish does).
// 3. `pnpm publish -r --dry-run`: it must upload exactly those tarballs (same SHA-1, same packages).
// 4. `changeset version` on a copy of the repository's tracked files: every pending changeset is
//    consumed, and each package it names gets a new version and a CHANGELOG.md.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const problems: string[] = [];

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" }, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
}

const published = readdirSync(join(root, "packages"))
  .map((folder) => ({ folder: join(root, "packages", folder), pkg: JSON.parse(readFileSync(join(root, "packages", folder, "package.json"), "utf8")) as PackageJson }))
  .filter(({ pkg }) => !pkg.private);

console.log(`== pack ${published.map(({ pkg }) => pkg.name).join(", ")}`);
const packs = mkdtempSync(join(tmpdir(), "yiyang-packs-"));
const approved = new Map<string, string>();
for (const { folder, pkg } of published) {
  const packed = run("pnpm", ["pack", "--pack-destination", packs], folder);
  const tarball = join(packs, `${pkg.name.replace(/^@/, "").replace("/", "-")}-${pkg.version}.tgz`);
  if (packed.status !== 0 || !existsSync(tarball)) {
    problems.push(`pnpm pack failed for ${pkg.name}:\n${packed.stderr}`);
    continue;
  }
  console.log(`\n== ${pkg.name}@${pkg.version}: publint --strict`);
  const lint = run(bin("publint"), ["--strict", tarball], root);
  process.stdout.write(lint.stdout + lint.stderr);
  if (lint.status !== 0) problems.push(`publint --strict: ${pkg.name}`);
  console.log(`== ${pkg.name}@${pkg.version}: arethetypeswrong`);
  const types = run(bin("attw"), [tarball, "--format", "table-flipped"], root);
  process.stdout.write(types.stdout + types.stderr);
  if (types.status !== 0) problems.push(`arethetypeswrong: ${pkg.name}`);
  approved.set(`${pkg.name}@${pkg.version}`, createHash("sha1").update(readFileSync(tarball)).digest("hex"));
}

console.log("\n== pnpm publish -r --dry-run");
const dryRun = run("pnpm", ["publish", "-r", "--dry-run", "--no-git-checks"], root);
const log = dryRun.stdout + dryRun.stderr;
if (dryRun.status !== 0) problems.push(`pnpm publish -r --dry-run exited ${dryRun.status}:\n${log}`);
const uploaded = new Map<string, string>();
let current: string | undefined;
for (const line of log.split("\n")) {
  const name = /📦\s+(\S+)/.exec(line);
  if (name) current = name[1];
  const sha = /shasum:\s+([0-9a-f]{40})/.exec(line);
  if (sha && current) uploaded.set(current, sha[1] as string);
}
for (const [id, sha] of approved) {
  const got = uploaded.get(id);
  console.log(`  ${id}: approved ${sha}, publish would upload ${got ?? "nothing"}`);
  if (got !== sha) problems.push(`${id}: the dry run would upload ${got ?? "nothing"}, not the approved tarball ${sha}`);
}
for (const id of uploaded.keys()) if (!approved.has(id)) problems.push(`${id}: published without being checked`);

console.log("\n== changeset version, on a copy of the tracked files");
const copy = mkdtempSync(join(tmpdir(), "yiyang-release-"));
const tracked = run("git", ["ls-files", "-z"], root);
if (tracked.status !== 0) throw new Error(`git ls-files failed: ${tracked.stderr}`);
for (const file of tracked.stdout.split("\0").filter((f) => f !== "" && existsSync(join(root, f)))) {
  mkdirSync(dirname(join(copy, file)), { recursive: true });
  cpSync(join(root, file), join(copy, file));
}
symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
const pending = readdirSync(join(copy, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
const version = run(bin("changeset"), ["version"], copy);
process.stdout.write(version.stdout + version.stderr);
if (version.status !== 0) problems.push(`changeset version exited ${version.status}`);
const left = readdirSync(join(copy, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
if (left.length > 0) problems.push(`changeset version left ${left.join(", ")}`);
for (const { folder, pkg } of published) {
  const named = pending.some((file) => readFileSync(join(root, ".changeset", file), "utf8").includes(`"${pkg.name}"`));
  if (!named) continue;
  const relative = folder.slice(root.length + 1);
  const after = JSON.parse(readFileSync(join(copy, relative, "package.json"), "utf8")) as PackageJson;
  const changelog = existsSync(join(copy, relative, "CHANGELOG.md"));
  console.log(`  ${pkg.name}: ${pkg.version} → ${after.version}${changelog ? ", CHANGELOG.md written" : ""}`);
  if (after.version === pkg.version || !changelog) problems.push(`${pkg.name}: changeset version did not release it`);
}
rmSync(copy, { recursive: true, force: true });
rmSync(packs, { recursive: true, force: true });

for (const problem of problems) console.error(`problem: ${problem}`);
console.log(problems.length === 0 ? "\nrelease path: every check passed" : `\nrelease path: ${problems.length} problem(s)`);
process.exitCode = problems.length === 0 ? 0 : 1;
