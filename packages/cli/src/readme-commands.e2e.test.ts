import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The README's command blocks, run exactly as printed, in order, in a fresh copy of the repository's
 * tracked files: the quick start's install, then every line after it. A line's exit code is 0 unless
 * its comment says `exits N`. The quick start's `pnpm test` line is the one left out (it would run
 * this test again); CI runs it as printed.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

interface ReadmeLine {
  command: string;
  exitCode: number;
}

/** The command lines of the README's ```sh blocks, without comment lines, each with the exit code it promises. */
export function readmeCommandLines(text: string): ReadmeLine[] {
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  return blocks
    .flatMap((block) => block.split("\n"))
    .filter((line) => line.trim() !== "" && !line.trim().startsWith("#"))
    .map((line) => {
      const comment = /\s#\s(.*)$/.exec(line);
      const promised = comment ? /\bexits (\d)\b/.exec(comment[1] as string) : null;
      return { command: (comment ? line.slice(0, comment.index) : line).trim(), exitCode: promised ? Number(promised[1]) : 0 };
    });
}

const RUNS_THE_TESTS = /pnpm@10 test\b/;
const lines = readmeCommandLines(readme);
const work = mkdtempSync(join(tmpdir(), "yiyang-readme-"));

function copyTrackedFiles(to: string): number {
  const listed = spawnSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${root}: ${listed.stderr}`);
  const files = listed.stdout.split("\0").filter((file) => file !== "" && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(root, file), join(to, file));
  }
  return files.length;
}

function runLine(command: string, cwd: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", command], { cwd, env: { ...process.env, FORCE_COLOR: "0" }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stderr }));
  });
}

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("the README's command blocks", () => {
  it("are found: the quick start and the command-line sections", () => {
    expect(readmeCommandLines("```sh\n# a comment\nnpx a --b c > d   # exits 1: why\n\nnpx e   # plain\n```\n")).toEqual([
      { command: "npx a --b c > d", exitCode: 1 },
      { command: "npx e", exitCode: 0 },
    ]);
    expect(lines.filter((l) => RUNS_THE_TESTS.test(l.command))).toHaveLength(1);
    expect(lines.filter((l) => l.command.includes(" yiyang ")).length).toBeGreaterThanOrEqual(7);
  });

  it("run as printed, in order, in a fresh copy of the repository, with the exit codes the README gives", async () => {
    expect(copyTrackedFiles(work)).toBeGreaterThan(100);
    const outcomes: Array<{ command: string; code: number; stderr?: string }> = [];
    for (const line of lines) {
      if (RUNS_THE_TESTS.test(line.command)) continue;
      const { code, stderr } = await runLine(line.command, work);
      outcomes.push(code === line.exitCode ? { command: line.command, code } : { command: line.command, code, stderr: stderr.slice(-2000) });
    }
    expect(outcomes).toEqual(lines.filter((l) => !RUNS_THE_TESTS.test(l.command)).map((l) => ({ command: l.command, code: l.exitCode })));

    // What the lines say they write: one line per record, in order, and the edited document with its schema beside it.
    const records = readFileSync(join(work, "examples", "sample-records", "records.jsonl"), "utf8").trim().split("\n");
    const reference = readFileSync(join(work, "reference.jsonl"), "utf8").trim().split("\n");
    expect(reference.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(records.map((l) => (JSON.parse(l) as { id: string }).id));
    const statuses = readFileSync(join(work, "report.jsonl"), "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { status: string }).status);
    expect(statuses).toEqual(["match", "match", "different_answer", "match", "match", "other_rules", "invalid_record", "invalid_record"]);
    expect((JSON.parse(readFileSync(join(work, "my-city.json"), "utf8")) as { $schema: string }).$schema).toBe("./instrument.schema.json");
    expect(existsSync(join(work, "instrument.schema.json"))).toBe(true);
  }, 900_000);
});
