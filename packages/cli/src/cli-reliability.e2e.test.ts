import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gbt42195Instrument } from "@yiyang/standards";
import { beforeAll, describe, expect, it } from "vitest";
import { binPath, buildCli, runBin } from "./spawn-cli.test-helper";

const work = mkdtempSync(join(tmpdir(), "yiyang-reliability-"));

const ITEMS = {
  eating: 4, grooming: 4, bathing: 4, dressingUpper: 4, dressingLower: 4, urinaryControl: 4, bowelControl: 4, toileting: 4,
  bedMobility: 4, transfer: 4, walking: 4, stairs: 3,
  timeOrientation: 4, placeOrientation: 4, personOrientation: 4, memory: 4, comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2,
  vision: 2, hearing: 2, dailyAffairs: 4, transportation: 3, socialInteraction: 4,
};
/** The level-change inputs GB/T 42195 reads, given as none. */
const NONE = { coma: false, diseases: [], riskEvents: { fall: 0, wandering: 0, choking: 0, selfHarm: 0, other: 0 } };
const record = (id: string, extra: Record<string, unknown> = {}) => ({ id, assessedOn: "2025-03-10", items: ITEMS, ...NONE, ...extra });
const jsonl = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";
const parseLines = (stdout: string) => stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  await buildCli();
}, 120_000);

describe("yiyang assess: no record stops the batch (spawned)", () => {
  it("gives a record assessed in 9999 an issue, and scores the records after it", async () => {
    const input = jsonl([record("before"), record("y9999", { assessedOn: "9999-06-15" }), record("last-day", { assessedOn: "9998-12-31" }), record("after")]);
    const { code, stdout, stderr } = await runBin(["assess", "--instrument", "gbt42195-2022"], { stdin: input });
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const out = parseLines(stdout);
    expect(out.map((o) => o.id)).toEqual(["before", "y9999", "last-day", "after"]);
    expect(out[1]).toMatchObject({ line: 2, issues: [{ code: "due_date_out_of_range", path: "/assessedOn" }] });
    expect(out[2]).toMatchObject({ level: 0, nextAssessmentDue: "9999-12-31" });
    expect(out[3]).toMatchObject({ level: 0 });
  });

  it("writes a line for a record whose id nests 100,000 levels deep, in every format", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const input = `${JSON.stringify(record("first"))}\n{"id":${deep},"assessedOn":"2025-03-10","items":{}}\n${JSON.stringify(record("after"))}\n`;
    for (const format of ["jsonl", "json", "table"]) {
      const { code, stdout, stderr } = await runBin(["assess", "--instrument", "gbt42195-2022", "--format", format], { stdin: input });
      expect(stderr, format).toBe("");
      expect(code, format).toBe(1);
      if (format === "jsonl") {
        const out = parseLines(stdout);
        expect(out.map((o) => o.line ?? o.id)).toEqual(["first", 2, "after"]);
        expect(out[1]?.issues).toContainEqual(expect.objectContaining({ code: "invalid_type", path: "/id" }));
      } else if (format === "json") {
        expect((JSON.parse(stdout) as unknown[]).length).toBe(3);
      } else {
        // The header, three rows, and the note that marks results resting on provisional content.
        expect(stdout.trimEnd().split("\n")).toHaveLength(5);
      }
    }
  });

  it("refuses a record that repeats a key, naming the key, where JSON.parse would score the last value", async () => {
    const line = JSON.stringify(record("dup")).replace('"eating":4', '"eating":9,"eating":4');
    const { code, stdout } = await runBin(["assess", "--instrument", "gbt42195-2022"], { stdin: `${line}\n` });
    expect(code).toBe(1);
    expect(parseLines(stdout)[0]).toMatchObject({ id: null, line: 1, issues: [{ code: "duplicate_key", path: "/items/eating" }] });
  });

  it("reports a line that is not UTF-8 and says how to read a GB18030 file", async () => {
    // The id holds FF, which neither UTF-8 nor GB18030 has.
    const [head, tail] = JSON.stringify(record("@@")).split("@@") as [string, string];
    const input = Buffer.concat([Buffer.from(jsonl([record("ok")])), Buffer.from(head), Buffer.from([0xff]), Buffer.from(`${tail}\n`)]);
    const { stdout } = await runBin(["assess", "--instrument", "gbt42195-2022"], { stdin: input });
    const out = parseLines(stdout);
    expect(out[0]).toMatchObject({ id: "ok" });
    expect(out[1]).toMatchObject({ line: 2, issues: [{ code: "invalid_utf8" }] });
    expect((out[1]?.issues as Array<{ message: string }>)[0]?.message).toContain("--encoding gb18030");
  });

  it("reads a GB18030 CSV as Chinese Excel writes it: detected, or named by --encoding", async () => {
    const keys = Object.keys(ITEMS);
    const events = ["fall", "wandering", "choking", "selfHarm", "other"];
    const csv =
      [
        ["id", "assessedOn", ...keys.map((k) => `items.${k}`), "coma", "diseases", ...events.map((k) => `riskEvents.${k}`)].join(","),
        ["张三", "2025-03-10", ...keys.map((k) => String(ITEMS[k as keyof typeof ITEMS])), "false", "", ...events.map(() => "0")].join(","),
      ].join("\r\n") + "\r\n";
    const file = join(work, "gbk.csv");
    writeFileSync(file, Buffer.from(new Uint8Array(gb18030(csv))));
    const detected = await runBin(["assess", "--instrument", "gbt42195-2022", "--input", file]);
    expect(parseLines(detected.stdout)[0]).toMatchObject({ id: "张三", level: 0 });
    expect(detected.stderr).toContain("reading it as gb18030");
    const given = await runBin(["assess", "--instrument", "gbt42195-2022", "--input", file, "--encoding", "gbk"]);
    expect(parseLines(given.stdout)[0]).toMatchObject({ id: "张三", level: 0 });
    expect(given.stderr).toBe("");
    expect((await runBin(["assess", "--instrument", "gbt42195-2022", "--input", file, "--encoding", "latin9"])).code).toBe(2);
  });
});

describe("yiyang assess --jobs (spawned)", () => {
  it("writes on worker threads exactly what one thread writes, in order, in every format", async () => {
    const lines = Array.from({ length: 3_000 }, (_, i) =>
      i % 97 === 5 ? "{not json" : i % 89 === 7 ? "" : i % 83 === 3 ? JSON.stringify(record(`d${i}`)).replace('"eating":4', '"eating":1,"eating":4') : JSON.stringify(record(`r${i}`, i % 3 === 0 ? { diseases: ["dementia"] } : {})),
    );
    const file = join(work, "jobs.jsonl");
    // A byte-order mark first, a line break written \r\n, a U+FEFF starting a later line (not a
    // byte-order mark there), a line of bad UTF-8, a line too long to hold, and no final line break.
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(lines.join("\n") + "\r\n"),
        Buffer.from(`\ufeff${JSON.stringify(record("bom"))}\n`),
        Buffer.from([0xff, 0x0a]),
        Buffer.from("x".repeat(2 * 1024 * 1024) + "\n"),
        Buffer.from(JSON.stringify(record("last"))),
      ]),
    );
    for (const format of ["jsonl", "json", "table"]) {
      const one = await runBin(["assess", "--instrument", "gbt42195-2022", "--input", file, "--format", format]);
      const three = await runBin(["assess", "--instrument", "gbt42195-2022", "--input", file, "--format", format, "--jobs", "3"]);
      expect(three.stderr, format).toBe("");
      expect([three.code, three.stdout.length], format).toEqual([one.code, one.stdout.length]);
      expect(three.stdout === one.stdout, format).toBe(true);
    }
    const two = parseLines((await runBin(["assess", "--instrument", "gbt42195-2022", "--input", file, "--jobs", "2"])).stdout) as Array<{ id?: unknown; line?: number; issues?: Array<{ code: string }> }>;
    expect(two).toHaveLength(3_004);
    expect(two[0]?.id).toBe("r0");
    expect(two.slice(-4).map((r) => r.issues?.[0]?.code ?? r.id)).toEqual(["invalid_json", "invalid_utf8", "line_too_long", "last"]);
    expect((await runBin(["assess", "--instrument", "gbt42195-2022", "--input", file, "--jobs", "0"])).code).toBe(2);
    // Without --instrument the workers score with the default instrument, as one thread does.
    const defaulted = await runBin(["assess", "--input", file, "--jobs", "2"]);
    const single = await runBin(["assess", "--input", file]);
    expect(defaulted.stderr).toBe("");
    expect([defaulted.code, defaulted.stdout === single.stdout, parseLines(defaulted.stdout).length]).toEqual([single.code, true, 3_004]);
  }, 60_000);
});

/** GB18030 bytes of a text made of ASCII and the two characters used here (张 D5C5, 三 C8FD). */
function gb18030(text: string): number[] {
  const table: Record<string, number[]> = { 张: [0xd5, 0xc5], 三: [0xc8, 0xfd] };
  return [...text].flatMap((ch) => table[ch] ?? [ch.charCodeAt(0)]);
}

describe("an --input that cannot be read (spawned)", () => {
  mkdirSync(join(work, "a-directory"));
  for (const [name, path] of [["missing", "no-such-file.jsonl"], ["a directory", "a-directory"]] as const) {
    it(`is a usage error when it is ${name}, with nothing written to stdout first`, async () => {
      for (const format of ["jsonl", "json", "table"]) {
        const { code, stdout, stderr } = await runBin(["assess", "--instrument", "gbt42195-2022", "--input", path, "--format", format], { cwd: work });
        expect(code, format).toBe(2);
        expect(stdout, format).toBe("");
        expect(stderr).toMatch(new RegExp(`^yiyang: Cannot read ${path}: (no such file|it is a directory)\\.\\n$`));
      }
      const verify = await runBin(["verify", "--instrument", "gbt42195-2022", "--records", path, "--results", path], { cwd: work });
      expect(verify.code).toBe(2);
      expect(verify.stdout).toBe("");
      expect(verify.stderr).toContain("Cannot read");
    });
  }
});

/** Spawn `assess` over a big file, read its output slowly, and send `signal` once output has started. */
function interrupt(file: string, signal: "SIGTERM" | "SIGINT", afterMs: number): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, "assess", "--instrument", "gbt42195-2022", "--input", file], { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    let sent = false;
    child.stdout.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      // A slow reader: the pipe fills and the writer is mid-line much of the time.
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 5);
      if (!sent) {
        sent = true;
        setTimeout(() => child.kill(signal), afterMs);
      }
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }));
  });
}

describe("stopping (spawned)", () => {
  const big = join(work, "big.jsonl");
  // Results of varied length, with Chinese in them: output chunks then end anywhere in the pipe.
  const varied = (i: number) =>
    record(`r${i}`, {
      ...(i % 3 === 0 ? { diseases: ["dementia"] } : {}),
      ...(i % 5 === 0 ? { riskEvents: { fall: 1, wandering: 1, choking: 0, selfHarm: 0, other: 0 } } : {}),
      ...(i % 7 === 0 ? { subject: { birthDate: "1950-01-01" } } : {}),
    });
  writeFileSync(big, jsonl(Array.from({ length: 60_000 }, (_, i) => varied(i))));

  it("ends the output with a whole line and exits 143 on SIGTERM, 130 on SIGINT", async () => {
    const runs: Array<{ name: string; exit: number; code: number | null; stdout: Buffer; stderr: string; signal: string }> = [];
    for (const [signal, exit] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
      for (const afterMs of [150, 300, 450]) runs.push({ name: `${signal} after ${afterMs} ms`, exit, signal, ...(await interrupt(big, signal, afterMs)) });
    }
    // Every run first, then the checks: a cut line shows in any of them.
    expect(runs.filter((r) => r.stdout.length === 0 || r.stdout[r.stdout.length - 1] !== 0x0a).map((r) => r.name)).toEqual([]);
    for (const run of runs) {
      expect(run.code, run.name).toBe(run.exit);
      const lines = run.stdout.toString("utf8").trimEnd().split("\n");
      expect(lines.length).toBeLessThan(60_000);
      lines.forEach((line, i) => expect((JSON.parse(line) as { id: string }).id).toBe(`r${i}`));
      expect(run.stderr).toContain(`stopped by ${run.signal}`);
    }
  }, 60_000);
});

describe("yiyang validate: every file, each issue with its file (spawned)", () => {
  it("checks every file even after one that is missing or not JSON, and names the file of every issue", async () => {
    const good = join(work, "good.json");
    writeFileSync(good, JSON.stringify(gbt42195Instrument));
    const notJson = join(work, "not-json.json");
    writeFileSync(notJson, "{ nope");
    const duplicate = join(work, "duplicate.json");
    writeFileSync(duplicate, JSON.stringify({ ...gbt42195Instrument, id: "other-id" }).replace('"version":', '"version":"0.0.1","version":'));
    const deep = join(work, "deep.json");
    writeFileSync(deep, JSON.stringify({ ...gbt42195Instrument, id: "deep-id" }).replace('"source":', `"source":${'{"a":'.repeat(1000)}1${"}".repeat(1000)},"x":`));
    const { code, stdout, stderr } = await runBin(["validate", notJson, join(work, "missing.json"), good, duplicate, deep]);
    expect(code).toBe(2);
    const lines = stdout.trimEnd().split("\n");
    expect(lines.some((l) => l.startsWith(`${notJson}:/ invalid_json`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${join(work, "missing.json")}:/ unreadable_file`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${duplicate}:/version duplicate_key`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${deep}:/source/`) && l.includes("document_too_deep"))).toBe(true);
    expect(lines.every((l) => /^\/\S+:\/\S* \w+/.test(l))).toBe(true);
    expect(stderr).toContain("5 document(s)");
  });
});

describe("yiyang verify of yiyang assess's own output (spawned)", () => {
  it("matches every result straight from assess, warnings and all", async () => {
    const records = [
      record("plain"),
      record("young", { subject: { birthDate: "1990-01-01" } }),
      record("coma", { coma: true }),
      record("raised", { diseases: ["dementia"], riskEvents: { fall: 2, wandering: 0, choking: 0, selfHarm: 0, other: 0 } }),
    ];
    const recordsFile = join(work, "own-records.jsonl");
    writeFileSync(recordsFile, jsonl(records));
    const assessed = await runBin(["assess", "--instrument", "gbt42195-2022", "--input", recordsFile]);
    expect(parseLines(assessed.stdout).filter((o) => Array.isArray(o.warnings)).length).toBeGreaterThanOrEqual(2);
    const resultsFile = join(work, "own-results.jsonl");
    writeFileSync(resultsFile, assessed.stdout);
    const verified = await runBin(["verify", "--instrument", "gbt42195-2022", "--records", recordsFile, "--results", resultsFile]);
    expect(parseLines(verified.stdout).map((o) => o.status)).toEqual(["match", "match", "match", "match"]);
    expect(verified.code).toBe(0);
    const pinned = await runBin(["verify", "--instrument", "gbt42195-2022", "--records", recordsFile, "--results", resultsFile, "--flag", "stackAdjustments=true"]);
    expect(parseLines(pinned.stdout).map((o) => o.status)).toEqual(["other_policy", "other_policy", "other_policy", "other_policy"]);
  });
});
