import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gbt42195Instrument } from "@yiyang/standards";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, runBin } from "./spawn-cli.test-helper";

/**
 * Every `yiyang …` line in the README's vendor and policy-staff sections runs here, exactly as
 * written, in a folder holding the files the lines name.
 */
const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "README.md"), "utf8");
const shellBlocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const lines = shellBlocks
  .flatMap((block) => block.split("\n"))
  .map((line) => line.replace(/\s+#.*$/, "").trim())
  .filter((line) => line.startsWith("yiyang ") || line.startsWith("cp "));

const work = mkdtempSync(join(tmpdir(), "yiyang-readme-"));
const ITEMS = {
  eating: 3, grooming: 2, bathing: 1, dressingUpper: 3, dressingLower: 2, urinaryControl: 3, bowelControl: 3, toileting: 2,
  bedMobility: 3, transfer: 3, walking: 2, stairs: 1, timeOrientation: 2, placeOrientation: 2, personOrientation: 3, memory: 2,
  comprehension: 3, expression: 3, aggression: 1, depression: 1, consciousness: 2, vision: 1, hearing: 1, dailyAffairs: 2, transportation: 1, socialInteraction: 3,
};

/** The level-change inputs GB/T 42195 requires, given as none. */
const NONE = { coma: false, diseases: [], riskEvents: { fall: 0, wandering: 0, choking: 0, selfHarm: 0, other: 0 } };

beforeAll(async () => {
  await buildCli();
  const records = [
    { id: "r1", assessedOn: "2025-03-10", items: ITEMS, ...NONE },
    { id: "r2", assessedOn: "2025-03-10", items: { ...ITEMS, eating: 4, grooming: 4 }, ...NONE, diseases: ["dementia"] },
  ];
  writeFileSync(join(work, "records.jsonl"), records.map((r) => JSON.stringify(r)).join("\n") + "\n");
  writeFileSync(join(work, "gbt42195-2022.json"), JSON.stringify(gbt42195Instrument, null, 2));
}, 120_000);

describe("the README's yiyang commands", () => {
  it("finds the commands", () => {
    expect(lines.filter((l) => l.startsWith("yiyang ")).length).toBeGreaterThanOrEqual(6);
  });

  it("run as written, in order, and do what the README says", async () => {
    for (const line of lines) {
      const [command, redirect] = line.split(/\s+>\s+/) as [string, string | undefined];
      const words = command.split(/\s+/);
      if (words[0] === "cp") {
        copyFileSync(join(work, words[1] as string), join(work, words[2] as string));
        continue;
      }
      if (line.startsWith("yiyang verify")) {
        // The vendor's own results: ours, with one level changed.
        const ours = readFileSync(join(work, "reference.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { level: number });
        (ours[1] as { level: number }).level = 0;
        writeFileSync(join(work, "your-results.jsonl"), ours.map((r) => JSON.stringify(r)).join("\n") + "\n");
      }
      const { code, stdout, stderr } = await runBin(words.slice(1), { cwd: work });
      if (redirect) writeFileSync(join(work, redirect), stdout);
      if (line.startsWith("yiyang verify")) {
        expect(code, line).toBe(1);
        expect(stdout).toContain('"status":"different_answer"');
      } else {
        expect({ line, code, stderr: code === 0 ? "" : stderr }).toEqual({ line, code: 0, stderr: "" });
      }
    }
  });
});
