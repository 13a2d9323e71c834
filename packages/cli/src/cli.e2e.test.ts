import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInstrument } from "@yiyang/assessment";
import { fingerprint } from "@yiyang/core";
import { gbt42195Instrument } from "@yiyang/standards";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, runBin } from "./spawn-cli.test-helper";

const work = mkdtempSync(join(tmpdir(), "yiyang-cli-"));

beforeAll(async () => {
  await buildCli();
}, 120_000);

describe("yiyang (spawned)", () => {
  it("prints help with every command and exits 0", async () => {
    const { code, stdout } = await runBin(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("fingerprint");
    expect(stdout).toContain("Exit codes");
  });

  it("speaks Chinese when the locale is Chinese, and English with --lang en", async () => {
    expect((await runBin(["--help"], { env: { LANG: "zh_CN.UTF-8" } })).stdout).toContain("命令");
    expect((await runBin(["--help", "--lang", "en"], { env: { LANG: "zh_CN.UTF-8" } })).stdout).toContain("Commands");
  });

  it("prints the version", async () => {
    const { code, stdout } = await runBin(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 on an unknown command or option, with the reason on stderr", async () => {
    const unknown = await runBin(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown command");
    const badFlag = await runBin(["fingerprint", "--nope"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stdout).toBe("");
  });

  it("prints a document's fingerprint, the same as the library computes", async () => {
    const doc = { ...gbt42195Instrument, tests: [] };
    const file = join(work, "doc.json");
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const { code, stdout } = await runBin(["fingerprint", file]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${fingerprint(doc)}  ${file}\n`);
    expect(stdout).toBe(`${loadInstrument(gbt42195Instrument).fingerprint}  ${file}\n`);
  });

  it("prints no fingerprint for a file that is not a valid document, and exits 1", async () => {
    const file = join(work, "not-a-document.json");
    writeFileSync(file, JSON.stringify({ id: "x", version: "1.0.0", rule: { ">=": [{ var: "a" }, 1] } }));
    const { code, stdout, stderr } = await runBin(["fingerprint", file]);
    expect([code, stdout]).toEqual([1, ""]);
    expect(stderr).toContain("unknown_kind");
  });

  it("exits 2 when a file is missing", async () => {
    const { code, stderr } = await runBin(["fingerprint", join(work, "absent.json")], { env: { LANG: "zh_CN.UTF-8" } });
    expect(code).toBe(2);
    expect(stderr).toContain("不存在");
  });
});
