// CI, after the build: the release path, checked end to end without publishing.
// 1. Pack every published package with pnpm, the tool that publishes them.
// 2. Lint each tarball: publint --strict and arethetypeswrong (attw on the tarball is `attw --pack`
//    with pnpm's packing, which rewrites workspace: ranges as a publish does).
// 3. `pnpm publish -r --dry-run`: it must upload exactly those tarballs. pnpm hands each tarball to
//    npm (its `npm-path` setting names the binary), so a wrapper keeps a copy of each, and every
//    file must be byte-for-byte the approved one; package.json must say the same (pnpm -r may list
//    the rewritten workspace dependencies in another order).
// 4. `changeset version` on a copy of the repository's tracked files: every pending changeset is
//    consumed, and each package it names gets a new version and a CHANGELOG.md.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
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
const uploads = mkdtempSync(join(tmpdir(), "yiyang-uploads-"));
const realNpm = run("bash", ["-c", "command -v npm"], root).stdout.trim();
const wrapper = join(uploads, "npm");
writeFileSync(wrapper, `#!/usr/bin/env bash\nfor a in "$@"; do case "$a" in *.tgz) cp "$a" ${JSON.stringify(uploads)}/ ;; esac; done\nexec ${JSON.stringify(realNpm)} "$@"\n`);
chmodSync(wrapper, 0o755);
const dryRun = run("pnpm", ["publish", "-r", "--dry-run", "--no-git-checks", `--config.npm-path=${wrapper}`], root);
if (dryRun.status !== 0) problems.push(`pnpm publish -r --dry-run exited ${dryRun.status}:\n${dryRun.stdout}${dryRun.stderr}`);
const uploaded = readdirSync(uploads).filter((f) => f.endsWith(".tgz"));

/** The files of a tarball, by path, after unpacking it. */
function unpack(tarball: string): Map<string, Buffer> {
  const into = mkdtempSync(join(tmpdir(), "yiyang-unpack-"));
  const untar = run("tar", ["xzf", tarball, "-C", into], root);
  if (untar.status !== 0) throw new Error(`tar failed on ${tarball}: ${untar.stderr}`);
  const files = new Map<string, Buffer>();
  const walk = (folder: string, prefix: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else files.set(`${prefix}${name}`, readFileSync(path));
    }
  };
  walk(into, "");
  rmSync(into, { recursive: true, force: true });
  return files;
}

for (const { pkg } of published) {
  const name = `${pkg.name.replace(/^@/, "").replace("/", "-")}-${pkg.version}.tgz`;
  const id = `${pkg.name}@${pkg.version}`;
  if (!uploaded.includes(name)) {
    problems.push(`${id}: the dry run would not publish it`);
    continue;
  }
  const mine = unpack(join(packs, name));
  const theirs = unpack(join(uploads, name));
  const differ = [...new Set([...mine.keys(), ...theirs.keys()])].filter((file) => {
    const a = mine.get(file);
    const b = theirs.get(file);
    if (!a || !b) return true;
    if (file === "package/package.json") return !isDeepStrictEqual(JSON.parse(a.toString("utf8")), JSON.parse(b.toString("utf8")));
    return !a.equals(b);
  });
  console.log(`  ${id}: ${theirs.size} files, approved sha1 ${approved.get(id)}, ${differ.length === 0 ? "the dry run uploads the same" : `differs in ${differ.join(", ")}`}`);
  if (differ.length > 0) problems.push(`${id}: the dry run would upload other files than were approved: ${differ.join(", ")}`);
}
for (const name of uploaded) {
  if (!published.some(({ pkg }) => name === `${pkg.name.replace(/^@/, "").replace("/", "-")}-${pkg.version}.tgz`)) problems.push(`${name}: published without being checked`);
}
rmSync(uploads, { recursive: true, force: true });

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
