import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gbt42195Instrument } from "@yiyang/standards";
import { describe, expect, it } from "vitest";
import { runCliInMemory } from "../../run-cli-in-memory.test-helper";

describe("yiyang assess", () => {
  it("scores with GB/T 42195-2022 when --instrument is absent, and its help says so", async () => {
    const record = (gbt42195Instrument.tests as Array<{ record: unknown }>)[0]?.record;
    const run = await runCliInMemory(["assess"], { cwd: mkdtempSync(join(tmpdir(), "yiyang-assess-")), stdin: `${JSON.stringify(record)}\n` });
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect((JSON.parse(run.stdout) as { instrument: { id: string } }).instrument.id).toBe("gbt42195-2022");
    const help = await runCliInMemory(["assess", "--help"], { cwd: tmpdir() });
    expect(help.stdout).toContain("gbt42195-2022 (the default when absent)");
  });
});
