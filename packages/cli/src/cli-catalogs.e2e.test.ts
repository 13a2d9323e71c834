import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cityElderlyHealthIndicators, sampleCityServiceCatalog } from "@yiyang/standards";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, runBin } from "./spawn-cli.test-helper";

const work = mkdtempSync(join(tmpdir(), "yiyang-catalogs-"));
const write = (name: string, value: unknown): string => {
  const file = join(work, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return file;
};
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A 71-year-old living with a spouse, assessed at level 3 in the last year, not in long-term-care insurance. */
const profile = {
  id: "p-71",
  birthDate: "1954-01-03",
  residence: { city: "sample-city", district: "d3" },
  insurance: { ltciEnrolled: false, ltciScheme: "resident" },
  economicStatus: "none",
  livingArrangement: "with-spouse",
  familyCarerAtHome: true,
  chronicConditions: ["I10"],
  assessment: { instrument: { id: "gbt42195-2022" }, level: 3, assessedOn: "2025-01-10" },
  monthsInContinuousHomeCare: 0,
};

const person = (id: string, birthDate: string, managed: boolean) => ({
  subject: "person", id, birthDate, sex: "female", district: "d1", residentType: "permanent",
  ...(managed ? { healthManagedOn: "2024-03-01" } : {}), familyDoctorSigned: true, disabled: false, dementia: false,
});

beforeAll(async () => {
  await buildCli();
}, 120_000);

describe("yiyang eligibility (spawned)", () => {
  it("reports every package with the reason for every no, one report per profile, and exits 0", async () => {
    const { code, stdout } = await runBin(["eligibility", "--catalog", "sample-city-services", "--as-of", "2025-06-30"], { stdin: JSON.stringify(profile) + "\n" });
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { age: number; eligible: string[]; packages: Array<{ id: string; eligible: boolean; reasons: Array<{ condition: string; message: string; messageZh: string }> }> };
    expect(report.age).toBe(71);
    expect(report.eligible).toContain("family-doctor-elderly");
    const ltci = report.packages.find((p) => p.id === "ltci-home-care-1plus1");
    expect(ltci?.eligible).toBe(false);
    expect(ltci?.reasons.map((r) => r.condition)).toContain("ltci-enrolled");
    expect(ltci?.reasons.every((r) => r.message.length > 0 && r.messageZh.length > 0)).toBe(true);
  });

  it("answers a bad profile with its issues and no report, goes on, and exits 1", async () => {
    const bad = { ...profile, id: "bad", birthDate: "1954-02-30" };
    const { code, stdout } = await runBin(["eligibility", "--catalog", "sample-city-services", "--as-of", "2025-06-30"], { stdin: [bad, profile].map((p) => JSON.stringify(p)).join("\n") });
    expect(code).toBe(1);
    const [first, second] = stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ id: "bad", line: 1, issues: [{ path: "/birthDate" }] });
    expect(first).not.toHaveProperty("packages");
    expect(second).toHaveProperty("packages");
  });

  it("prints a table in Chinese with the reasons", async () => {
    const { stdout } = await runBin(["eligibility", "--catalog", "sample-city-services", "--as-of", "2025-06-30", "--format", "table", "--lang", "zh"], { stdin: JSON.stringify(profile) });
    expect(stdout).toContain("不符合「参加本市长期护理保险」");
  });
});

describe("bad options (spawned)", () => {
  const cases: Array<[string, string[]]> = [
    ["assess --input-format", ["assess", "--instrument", "gbt42195-2022", "--input-format", "xml"]],
    ["eligibility --input-format", ["eligibility", "--catalog", "sample-city-services", "--as-of", "2025-06-30", "--input-format", "xml"]],
    ["indicators --input-format", ["indicators", "--catalog", "city-elderly-health-indicators", "--period", "2024", "--input-format", "xml"]],
    ["eligibility --as-of", ["eligibility", "--catalog", "sample-city-services", "--as-of", "2025-02-30"]],
    ["indicators --reference-date", ["indicators", "--catalog", "city-elderly-health-indicators", "--period", "2024", "--reference-date", "2024-13-01"]],
    ["eligibility --format", ["eligibility", "--catalog", "sample-city-services", "--format", "xml"]],
  ];
  for (const [name, args] of cases) {
    it(`exits 2 on a bad ${name} before reading any record`, async () => {
      const { code, stdout, stderr } = await runBin(args, { stdin: JSON.stringify(profile) + "\n" });
      expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
      expect(stderr).toMatch(/must be/);
    });
  }
});

describe("yiyang indicators (spawned)", () => {
  const records = [person("a", "1959-12-31", true), person("b", "1959-12-30", false), person("c", "1970-01-01", true), { subject: "person", id: "broken" }];
  const input = records.map((r) => JSON.stringify(r)).join("\n") + "\nnot json\n";

  it("computes the catalog in one pass, counts refused records with their lines, and exits 1", async () => {
    const { code, stdout, stderr } = await runBin(["indicators", "--catalog", "city-elderly-health-indicators", "--period", "2024", "--format", "json"], { stdin: input });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { records: { read: number; invalid: number }; indicators: Array<{ id: string; overall: { numerator: number; denominator: number; rate: string } }>; unreadableLines: Array<{ line: number }> };
    expect(report.records).toMatchObject({ read: 5, invalid: 2 });
    expect(report.unreadableLines.map((u) => u.line)).toEqual([5]);
    // a is 65 on 31 December 2024 and managed; b turns 65 on 30 December and is not; c is 54.
    expect(report.indicators.find((i) => i.id === "health-management-65")?.overall).toMatchObject({ numerator: 1, denominator: 2, rate: "50.0" });
    expect(stderr).toBe("");
  });

  it("prints a table and CSV, with refused lines on stderr", async () => {
    const table = await runBin(["indicators", "--catalog", "city-elderly-health-indicators", "--period", "2024", "--lang", "en"], { stdin: input });
    expect(table.stdout).toContain("Records: read 5, counted 3, refused 2");
    expect(table.stderr).toContain("line 5");
    const csv = await runBin(["indicators", "--catalog", "city-elderly-health-indicators", "--period", "2024", "--format", "csv"], { stdin: input });
    expect(csv.stdout.split("\n")[0]).toBe("indicator,stratifier,stratum,numerator,denominator,rate,unit,target,met,shortfall,attainment,low,high");
    expect(csv.stdout).toContain("health-management-65,,,1,2,50.0,percent");
  });

  it("exits 2 without a period", async () => {
    expect((await runBin(["indicators", "--catalog", "city-elderly-health-indicators"], { stdin: input })).code).toBe(2);
  });
});

describe("yiyang validate, test and impact on catalogs (spawned)", () => {
  const catalogFile = write("services.json", sampleCityServiceCatalog);
  const edited = clone(sampleCityServiceCatalog) as unknown as { version: string; packages: Array<{ conditions?: Array<{ rule?: unknown }> }> };
  edited.version = "1.1.0";
  let changed = 0;
  for (const p of edited.packages) {
    for (const c of p.conditions ?? []) {
      const text = JSON.stringify(c.rule);
      if (text?.includes('{"var":"age"},65]')) {
        c.rule = JSON.parse(text.replace('{"var":"age"},65]', '{"var":"age"},70]'));
        changed++;
      }
    }
  }
  const editedFile = write("services-edit.json", edited);
  const indicatorsFile = write("indicators.json", cityElderlyHealthIndicators);
  const indicatorsEdited = clone(cityElderlyHealthIndicators) as unknown as { version: string; indicators: Array<{ id: string; targets: Array<{ value: number }> }> };
  indicatorsEdited.version = "0.2.0";
  (indicatorsEdited.indicators.find((i) => i.id === "health-management-65")?.targets[0] as { value: number }).value = 70;
  const indicatorsEditedFile = write("indicators-edit.json", indicatorsEdited);

  it("validates and tests the bundled catalogs", async () => {
    const valid = await runBin(["validate", catalogFile, indicatorsFile]);
    expect(valid.code).toBe(0);
    const tested = await runBin(["test", catalogFile, indicatorsFile]);
    expect(tested.code).toBe(0);
    expect(tested.stdout).toMatch(/^\d+ passed, 0 failed$/m);
  });

  it("shows who loses a package when an age threshold rises", async () => {
    expect(changed).toBe(1);
    const profiles = [profile, { ...profile, id: "p-66", birthDate: "1959-01-03" }].map((p) => JSON.stringify(p)).join("\n");
    const { code, stdout } = await runBin(["impact", "--before", catalogFile, "--after", editedFile, "--as-of", "2025-06-30", "--format", "jsonl"], { stdin: profiles });
    expect(code).toBe(0);
    const moved = stdout.trim().split("\n").map((l) => JSON.parse(l) as { id: string; lost: string[] });
    expect(moved.map((m) => m.id)).toEqual(["p-66"]);
    expect(moved[0]?.lost).toContain("family-doctor-elderly");
  });

  it("shows each rate before and after a target change", async () => {
    const records = [person("a", "1959-12-31", true), person("b", "1955-01-01", false), person("c", "1950-01-01", true)].map((r) => JSON.stringify(r)).join("\n");
    const { stdout } = await runBin(["impact", "--before", indicatorsFile, "--after", indicatorsEditedFile, "--period", "2024"], { stdin: records });
    expect(stdout).toMatch(/health-management-65\s+66\.7 ✓\s+66\.7 ✗/);
  });
});
