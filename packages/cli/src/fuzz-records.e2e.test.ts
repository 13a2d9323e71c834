/**
 * Mutated records, thousands of them, through safeAssess and through `yiyang assess` (spawned):
 * nothing throws, every input line gives one output line, in order, each valid JSON, and no record
 * that must be refused is scored.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInstrument, safeAssess } from "@yiyang/assessment";
import { gbt42195Instrument } from "@yiyang/standards";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { anyMutation, checkOutputLine, MUTATION_CLASSES, MUTATIONS, numberCases, type RecordCase } from "./mutate-record.test-helper";
import { binPath, buildCli } from "./spawn-cli.test-helper";

const gbt = loadInstrument(gbt42195Instrument);
/** Cases per class in process (8 classes: 6,400 records). */
const PER_CLASS = 800;
/** Each case is cheap, but the machine may be shared: a bound far above what a run takes. */
const CLASS_TIMEOUT = 60_000;
/** Lines through one spawned `yiyang assess`. */
const CLI_LINES = 5_600;

beforeAll(async () => {
  await buildCli();
}, 120_000);

describe("safeAssess over mutated records", () => {
  for (const cls of MUTATION_CLASSES) {
    it(`never throws and never scores a record it must refuse: ${cls}`, () => {
      fc.assert(
        fc.property(MUTATIONS[cls], (c: RecordCase) => {
          if (c.value === undefined) return true;
          const result = safeAssess(gbt, c.value);
          if (c.invalid === true && result.ok) return false;
          // Every refusal says why, and every issue says where.
          return result.ok || (result.issues.length > 0 && result.issues.every((i) => typeof i.path === "string" && i.message !== "" && i.messageZh !== ""));
        }),
        { numRuns: PER_CLASS },
      );
    }, CLASS_TIMEOUT);
  }
});

describe("yiyang assess over a file of mutated records (spawned)", () => {
  it(`gives ${CLI_LINES.toLocaleString("en-US")} lines one valid JSON line each, in order, scoring none it must refuse`, () => {
    const seed = Date.now() % 2 ** 31;
    const cases = numberCases(fc.sample(anyMutation, { numRuns: CLI_LINES, seed }));
    const file = join(mkdtempSync(join(tmpdir(), "yiyang-fuzz-")), "mutated.jsonl");
    writeFileSync(file, Buffer.concat(cases.flatMap((c) => [c.line, Buffer.from("\n")])));
    // UTF-8 named: some seeds put bytes at the start that are not UTF-8 but are GB18030, and the
    // reader would then (rightly) read the whole file as GB18030 and say so (seed 1394141488).
    const run = spawnSync(process.execPath, [binPath, "assess", "--instrument", "gbt42195-2022", "--encoding", "utf-8", "--input", file], {
      env: { PATH: process.env.PATH ?? "", LANG: "en_US.UTF-8" },
      maxBuffer: 1 << 30,
    });
    const where = `seed ${seed}, input ${file}`;
    expect(run.stderr.toString("utf8"), where).toBe("");
    expect(run.status, where).toBe(1);
    const lines = run.stdout.toString("utf8").split("\n");
    expect(lines.pop(), where).toBe("");
    expect(lines.length, where).toBe(cases.length);
    const wrong = cases.flatMap((c, i) => {
      const why = checkOutputLine(c, i, lines[i]);
      return why === null ? [] : [`line ${i + 1} (${c.cls}): ${why}: ${c.line.subarray(0, 160).toString("utf8")}`];
    });
    expect(wrong.slice(0, 10), where).toEqual([]);
    // The command line and the library agree on every record both read the same way.
    const disagree = cases.flatMap((c, i) => {
      if (c.value === undefined || c.lineInvalid !== c.invalid || c.cls === "duplicate-keys") return [];
      const scored = "level" in (JSON.parse(lines[i] as string) as object);
      return scored === safeAssess(gbt, c.value).ok ? [] : [`line ${i + 1} (${c.cls}): cli ${scored ? "scored" : "refused"} it`];
    });
    expect(disagree.slice(0, 10), where).toEqual([]);
  }, 120_000);
});
