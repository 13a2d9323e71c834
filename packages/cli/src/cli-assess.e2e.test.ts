import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gbt42195Instrument } from "@yiyang/standards";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, runBin } from "./spawn-cli.test-helper";

const work = mkdtempSync(join(tmpdir(), "yiyang-assess-"));
const docPath = join(work, "gbt42195-2022.json");
writeFileSync(docPath, JSON.stringify(gbt42195Instrument, null, 2));

const ITEMS = {
  eating: 4, grooming: 4, bathing: 4, dressingUpper: 4, dressingLower: 4, urinaryControl: 4, bowelControl: 4, toileting: 4,
  bedMobility: 4, transfer: 4, walking: 4, stairs: 3,
  timeOrientation: 4, placeOrientation: 4, personOrientation: 4, memory: 4, comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2,
  vision: 2, hearing: 2, dailyAffairs: 4, transportation: 3, socialInteraction: 4,
};
/** The level-change inputs GB/T 42195 requires, given as none. */
const NONE = { coma: false, diseases: [], riskEvents: { fall: 0, wandering: 0, choking: 0, selfHarm: 0, other: 0 } };
/** Full marks (90, level 0) minus the given points taken from self-care items. */
function record(id: string, minus = 0, extra: Record<string, unknown> = {}) {
  const items: Record<string, number> = { ...ITEMS };
  const keys = ["eating", "grooming", "bathing", "dressingUpper", "dressingLower", "urinaryControl", "bowelControl", "toileting"];
  for (let i = 0; i < minus; i++) items[keys[i % 8] as string] = (items[keys[i % 8] as string] as number) - 1;
  return { id, assessedOn: "2025-03-10", items, ...NONE, ...extra };
}

beforeAll(async () => {
  await buildCli();
}, 120_000);

describe("yiyang assess (spawned)", () => {
  it("gives one line per input line, in order, with errors for bad lines, and exits 1", async () => {
    const lines = [
      JSON.stringify(record("full")),
      "{not json",
      "",
      JSON.stringify(record("edge-66", 24)),
      JSON.stringify(record("bad-stairs", 0, { items: { ...ITEMS, stairs: 4 } })),
      JSON.stringify(record("edge-65", 25)),
    ];
    const input = "\ufeff" + lines.join("\r\n") + "\r\n";
    const { code, stdout } = await runBin(["assess", "--instrument", "gbt42195-2022"], { stdin: input });
    expect(code).toBe(1);
    const out = stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(6);
    expect(out.map((o) => o.level ?? null)).toEqual([0, null, null, 1, null, 2]);
    expect(out[0]).toMatchObject({ id: "full", total: 90, baseLevel: 0, label: { zh: "能力完好" }, instrument: { id: "gbt42195-2022" }, nextAssessmentDue: "2026-03-10" });
    expect(out[1]).toMatchObject({ line: 2, issues: [{ code: "invalid_json" }] });
    expect(out[2]).toMatchObject({ line: 3, issues: [{ code: "empty_line" }] });
    expect(out[4]).toMatchObject({ id: "bad-stairs", line: 5, issues: [{ path: "/items/stairs" }] });
    expect(out[4]).not.toHaveProperty("level");
  });

  it("exits 0 when every record is valid, and reads CSV with dotted headers", async () => {
    const keys = Object.keys(ITEMS);
    const csv = [
      ["id", "assessedOn", ...keys.map((k) => `items.${k}`), "diseases", "coma", ...Object.keys(NONE.riskEvents).map((k) => `riskEvents.${k}`)].join(","),
      ["c1", "2025-03-10", ...keys.map((k) => String(ITEMS[k as keyof typeof ITEMS])), "dementia", "false", "0", "0", "0", "0", "0"].join(","),
      "c2,2025-03-10,4",
    ].join("\n");
    const file = join(work, "records.csv");
    writeFileSync(file, csv);
    const { code, stdout } = await runBin(["assess", "--instrument", docPath, "--input", file]);
    const out = stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out[0]).toMatchObject({ id: "c1", total: 90, baseLevel: 0, level: 1, adjustments: [{ id: "dementia" }] });
    expect(out[1]).toMatchObject({ line: 3, issues: [{ code: "csv_column_count" }] });
    expect(code).toBe(1);
    const valid = await runBin(["assess", "--instrument", docPath, "--input", "-"], { stdin: JSON.stringify(record("ok")) + "\n" });
    expect(valid.code).toBe(0);
  });

  it("writes a JSON array and a table on request, and applies a policy flag", async () => {
    const input = [record("both", 24, { diseases: ["dementia"], riskEvents: { fall: 2, wandering: 0, choking: 0, selfHarm: 0, other: 0 } })].map((r) => JSON.stringify(r)).join("\n");
    const json = await runBin(["assess", "--instrument", "gbt42195-2022", "--format", "json"], { stdin: input });
    expect((JSON.parse(json.stdout) as Array<{ level: number }>)[0]?.level).toBe(2);
    const stacked = await runBin(["assess", "--instrument", "gbt42195-2022", "--format", "json", "--flag", "stackAdjustments=true"], { stdin: input });
    expect((JSON.parse(stacked.stdout) as Array<{ level: number }>)[0]?.level).toBe(3);
    const table = await runBin(["assess", "--instrument", "gbt42195-2022", "--format", "table", "--lang", "zh"], { stdin: input });
    expect(table.stdout).toContain("能力中度受损");
  });

  it("exits 2 for an unknown instrument, a bad flag or a bad format, before reading input", async () => {
    expect((await runBin(["assess", "--instrument", "gbt-1999"], { stdin: "" })).code).toBe(2);
    expect((await runBin(["assess", "--instrument", "gbt42195-2022", "--flag", "nope=true"], { stdin: "" })).code).toBe(2);
    expect((await runBin(["assess", "--instrument", "gbt42195-2022", "--format", "xml"], { stdin: "" })).code).toBe(2);
  });

  it("reports a line of several megabytes and goes on", async () => {
    const huge = JSON.stringify({ id: "huge", padding: "x".repeat(3 * 1024 * 1024) });
    const input = [huge, JSON.stringify(record("after"))].join("\n") + "\n";
    const { stdout } = await runBin(["assess", "--instrument", "gbt42195-2022"], { stdin: input });
    const out = stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out[0]).toMatchObject({ line: 1, issues: [{ code: "line_too_long" }] });
    expect(out[1]).toMatchObject({ id: "after", level: 0 });
  });

  it("shows no progress when stderr is not a terminal", async () => {
    const input = Array.from({ length: 3000 }, (_, i) => JSON.stringify(record(`r${i}`))).join("\n");
    const { stderr, code } = await runBin(["assess", "--instrument", "gbt42195-2022"], { stdin: input });
    expect(code).toBe(0);
    expect(stderr).toBe("");
  });
});

describe("yiyang verify (spawned)", () => {
  it("confirms untouched results and names a tampered level and a tampered score", async () => {
    const records = [record("a"), record("b", 24), record("c", 30)];
    const recordsFile = join(work, "v-records.jsonl");
    writeFileSync(recordsFile, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const ours = await runBin(["assess", "--instrument", "gbt42195-2022", "--input", recordsFile]);
    const results = ours.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    (results[1] as { level: number }).level = 3;
    (results[2] as { total: number }).total = 66;
    const resultsFile = join(work, "v-results.jsonl");
    writeFileSync(resultsFile, results.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const { code, stdout } = await runBin(["verify", "--instrument", "gbt42195-2022", "--records", recordsFile, "--results", resultsFile]);
    expect(code).toBe(1);
    const out = stdout.trim().split("\n").map((l) => JSON.parse(l) as { status: string; differences: Array<{ path: string }> });
    expect(out.map((o) => o.status)).toEqual(["match", "different_answer", "different_answer"]);
    expect(out[1]?.differences.map((d) => d.path)).toEqual(["/level"]);
    expect(out[2]?.differences.map((d) => d.path)).toContain("/total");
  });
});

describe("yiyang validate, test and impact (spawned): a policy edit", () => {
  const edited = JSON.parse(JSON.stringify(gbt42195Instrument)) as { version: string; preliminaryLevel: { bands: Array<{ min: number; max: number }> } };
  edited.version = "1.1.0";
  (edited.preliminaryLevel.bands[1] as { min: number }).min = 70;
  (edited.preliminaryLevel.bands[2] as { max: number }).max = 69;
  const editedPath = join(work, "edited.json");
  writeFileSync(editedPath, JSON.stringify(edited, null, 2));

  it("validates the edited document", async () => {
    const { code, stderr } = await runBin(["validate", editedPath]);
    expect(code).toBe(0);
    expect(stderr).toContain("1 document(s), 0 error(s)");
  });

  it("refuses two versions of one id that are both in force on the same day", async () => {
    const { code, stdout } = await runBin(["validate", docPath, editedPath]);
    expect(code).toBe(1);
    expect(stdout).toContain("overlapping_versions");
  });

  it("reports a broken document with file, pointer and code, and exits 1", async () => {
    const broken = JSON.parse(readFileSync(editedPath, "utf8")) as { adjustments: Array<Record<string, unknown>> };
    (broken.adjustments[0] as Record<string, unknown>).when = { eval: "x" };
    const brokenPath = join(work, "broken.json");
    writeFileSync(brokenPath, JSON.stringify(broken));
    const { code, stdout } = await runBin(["validate", brokenPath]);
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`${brokenPath.replace(/[/\\]/g, ".")}:/adjustments/0/when unknown_operator`));
  });

  it("runs the documents' own tests and prints the failures the edit causes", async () => {
    const ok = await runBin(["test", docPath]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    const edit = await runBin(["test", editedPath]);
    expect(edit.code).toBe(1);
    expect(edit.stdout).toContain("level: expected 1, got 2");
    expect(edit.stdout).toMatch(/^\d+ passed, [1-9]\d* failed$/m);
  });

  it("shows the level-before × level-after matrix and the records that move", async () => {
    const input = [record("stays-0"), record("moves-66", 24), record("stays-65", 25)].map((r) => JSON.stringify(r)).join("\n");
    const table = await runBin(["impact", "--before", docPath, "--after", editedPath, "--input", "-"], { stdin: input });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("3 records: 1 change level, 2 keep it, 0 invalid");
    const moves = await runBin(["impact", "--before", docPath, "--after", editedPath, "--format", "jsonl"], { stdin: input });
    expect(JSON.parse(moves.stdout.trim())).toMatchObject({ id: "moves-66", before: { level: 1, total: 66 }, after: { level: 2, total: 66 } });
  });

  it("prints a document kind's JSON Schema", async () => {
    const { code, stdout } = await runBin(["schema", "instrument"]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { $schema: string }).$schema).toContain("json-schema.org");
  });
});
