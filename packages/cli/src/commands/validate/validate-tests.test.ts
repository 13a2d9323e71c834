import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gbt42195Instrument } from "@yiyang/standards";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../cli-io";
import { runCli } from "../../run-cli";

const work = mkdtempSync(join(tmpdir(), "yiyang-validate-"));

async function validate(document: unknown): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(work, `doc-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(document));
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdin: (async function* () {})(),
    out: async (text) => {
      stdout += text;
    },
    flush: async () => {},
    err: (text) => {
      stderr += text;
    },
    env: { LANG: "en_US.UTF-8" },
    cwd: work,
    stderrIsTTY: false,
  };
  const code = await runCli(["validate", file], io);
  return { code, stdout, stderr };
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe("yiyang validate runs the document's test cases", () => {
  it("refuses a document whose rule runs past the work budget in a test case, before it is published", async () => {
    const doc = clone(gbt42195Instrument) as unknown as { computed: Array<Record<string, unknown>>; tests: unknown[] };
    const doubled = { reduce: [Array.from({ length: 19 }, () => 0), { merge: [{ var: "accumulator" }, { var: "accumulator" }] }, [0]] };
    doc.computed.push({ key: "bomb", label: { zh: "炸弹", en: "A bomb" }, rule: { reduce: [doubled, { if: [{ in: ["x", { var: "accumulator" }] }, 1, 0] }, doubled] } });
    doc.tests = doc.tests.slice(0, 1);
    const { code, stdout, stderr } = await validate(doc);
    expect(code).toBe(1);
    expect(stdout).toMatch(/:\/tests\/0 limit_exceeded Test case #0 \(.+\): The work of one evaluation/);
    expect(stderr).toContain("1 document(s), 1 error(s)");
  });

  it("reports a case whose expectation does not hold as a warning (yiyang test shows the details)", async () => {
    const doc = clone(gbt42195Instrument) as unknown as { tests: Array<{ expect: { level?: number } }> };
    doc.tests = doc.tests.slice(0, 1);
    (doc.tests[0] as { expect: { level?: number } }).expect.level = 3;
    const { code, stdout, stderr } = await validate(doc);
    expect(code).toBe(0);
    expect(stdout).toMatch(/:\/tests\/0\/expect\/level test_mismatch \(warning\) Test case #0/);
    expect(stderr).toContain("1 document(s), 0 error(s), 1 warning(s)");
  });

  it("is quiet about a document whose cases all pass", async () => {
    const { code, stdout } = await validate(gbt42195Instrument);
    expect(code).toBe(0);
    expect(stdout).toBe("");
  });
});
