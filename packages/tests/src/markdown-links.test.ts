import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Every relative link in the READMEs and the guides points at a file or folder that is in the
 * repository (tracked by git: a generated file such as docs/reference/index.html does not count).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const listed = spawnSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" });
const TRACKED = new Set(listed.stdout.split("\0").filter((f) => f !== ""));
for (const file of [...TRACKED]) for (let at = file.lastIndexOf("/"); at > 0; at = file.lastIndexOf("/", at - 1)) TRACKED.add(file.slice(0, at));
const inRepository = (path: string) => TRACKED.has(relative(root, path).replace(/\/$/, ""));

function markdownFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (name === "node_modules" || name === "reference" || name.startsWith(".")) return [];
    return statSync(path).isDirectory() ? markdownFiles(path) : name.endsWith(".md") ? [path] : [];
  });
}

const FILES = [
  join(root, "README.md"),
  ...markdownFiles(join(root, "docs")),
  ...["packages", "examples"].flatMap((top) => readdirSync(join(root, top)).map((p) => join(root, top, p, "README.md"))).filter((f) => existsSync(f)),
];

/** The relative targets of a markdown text's links, outside code. */
export function relativeLinks(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith("#"))
    .map((target) => target.split("#")[0] as string);
}

describe("the markdown links", () => {
  it("are read from prose, not from code", () => {
    expect(relativeLinks("see [a](docs/a.md#x), [b](https://x.org) and `[c](nope.md)`\n```\n[d](no.md)\n```")).toEqual(["docs/a.md"]);
  });

  it("point at files that exist", () => {
    expect(listed.status, "git ls-files").toBe(0);
    expect(FILES.length).toBeGreaterThanOrEqual(10);
    const broken = FILES.flatMap((file) =>
      relativeLinks(readFileSync(file, "utf8"))
        .filter((target) => !inRepository(resolve(dirname(file), target)))
        .map((target) => `${relative(root, file)} → ${target}`),
    );
    expect(broken).toEqual([]);
  });
});
