import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gbt42195ChineseHeaderMapping, gbt42195OptionPositionMapping } from "@yiyang/standards";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, runBin } from "./spawn-cli.test-helper";

const work = mkdtempSync(join(tmpdir(), "yiyang-vendor-"));
const samples = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "standards", "src", "record-mappings");

const ITEMS = {
  eating: 4, grooming: 4, bathing: 4, dressingUpper: 4, dressingLower: 4, urinaryControl: 4, bowelControl: 4, toileting: 4,
  bedMobility: 4, transfer: 4, walking: 4, stairs: 3,
  timeOrientation: 4, placeOrientation: 4, personOrientation: 4, memory: 4, comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2,
  vision: 2, hearing: 2, dailyAffairs: 4, transportation: 3, socialInteraction: 4,
};
const NONE = { coma: false, diseases: [] as string[], riskEvents: { fall: 0, wandering: 0, choking: 0, selfHarm: 0, other: 0 } };

function lines(stdout: string): Array<Record<string, any>> {
  return stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, any>);
}

beforeAll(async () => {
  await buildCli();
}, 120_000);

describe("yiyang assess on a GB/T 42195 file with every sex coding, ID numbers and missing inputs (spawned)", () => {
  const sexCodings: unknown[] = ["male", "female", "other", "unknown", "0", "1", "2", "9", 1, 2, "M", "F", "O", "U", "A", "N", "男", "女", "未知"];
  const fhir = ["male", "female", "other", "unknown", "unknown", "male", "female", "unknown", "male", "female", "male", "female", "other", "unknown", "other", "unknown", "male", "female", "unknown"];
  const records: Array<Record<string, unknown>> = [
    ...sexCodings.map((sex, i) => ({ id: `sex-${i}`, assessedOn: "2025-03-10", subject: { sex }, items: ITEMS, ...NONE })),
    // 11010519491231002X: a valid number (born 1949-12-31, female); the last character changed to 1 makes it invalid.
    { id: "id-valid", assessedOn: "2025-03-10", subject: { idNumber: "11010519491231002X" }, items: ITEMS, ...NONE },
    { id: "id-invalid", assessedOn: "2025-03-10", subject: { idNumber: "110105194912310021" }, items: ITEMS, ...NONE },
    { id: "id-mismatch", assessedOn: "2025-03-10", subject: { idNumber: "11010519491231002X", birthDate: "1950-01-01" }, items: ITEMS, ...NONE },
    { id: "no-coma", assessedOn: "2025-03-10", items: ITEMS, diseases: [], riskEvents: NONE.riskEvents },
    { id: "no-diseases", assessedOn: "2025-03-10", items: ITEMS, coma: false, riskEvents: NONE.riskEvents },
    { id: "no-risk", assessedOn: "2025-03-10", items: ITEMS, coma: false, diseases: [] },
    { id: "no-fall", assessedOn: "2025-03-10", items: ITEMS, ...NONE, riskEvents: { wandering: 0, choking: 0, selfHarm: 0, other: 0 } },
  ];

  it("gives a result or the right issue for every line, in order, never echoing an ID number", async () => {
    const file = join(work, "mixed.jsonl");
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const { code, stdout } = await runBin(["assess", "--instrument", "gbt42195-2022", "--input", file]);
    expect(code).toBe(1);
    const out = lines(stdout);
    expect(out.map((o) => o.id)).toEqual(records.map((r) => r.id));
    expect(out.slice(0, sexCodings.length).map((o) => [o.level, o.subject?.sex])).toEqual(fhir.map((sex) => [0, sex]));
    expect(out.slice(sexCodings.length).map((o) => (o.level !== undefined ? `level ${o.level} ${o.subject?.sex}` : o.issues.map((i: { code: string; path: string }) => `${i.code} ${i.path}`).join("; ")))).toEqual([
      "level 0 female",
      "invalid_id_number /subject/idNumber",
      "id_number_mismatch /subject/birthDate",
      "missing_input /coma",
      "missing_input /diseases",
      "missing_input /riskEvents",
      "missing_input /riskEvents/fall",
    ]);
    expect(stdout).not.toContain("110105");
  });

  it("marks results resting on provisional content in the table, with a note", async () => {
    const input = JSON.stringify({ id: "t1", assessedOn: "2025-03-10", items: ITEMS, ...NONE }) + "\n";
    const table = await runBin(["assess", "--instrument", "gbt42195-2022", "--format", "table"], { stdin: input });
    // GB/T 42195's date in force and reassessment interval are provisional: every result rests on them.
    expect(table.stdout).toContain("Intact *");
    expect(table.stdout).toContain("* provisional:");
    const barthel = await runBin(["assess", "--instrument", "barthel-100", "--format", "table"], {
      stdin: JSON.stringify({ id: "b1", assessedOn: "2025-03-10", items: { eating: 10, bathing: 5, grooming: 5, dressing: 10, bowelControl: 10, urinaryControl: 10, toileting: 10, transfer: 15, walking: 15, stairs: 10 } }) + "\n",
    });
    expect(barthel.stdout).toContain("Intact *");
  });
});

describe("yiyang assess --mapping (spawned)", () => {
  it("scores both sample exports to the levels of the equivalent interchange records, naming the mapping", async () => {
    const direct = lines((await runBin(["assess", "--instrument", "gbt42195-2022", "--input", join(samples, "sample-vendor-gbt42195.records.jsonl")])).stdout);
    for (const [id, file, mapping] of [
      ["sample-vendor-gbt42195-zh-csv", "sample-vendor-gbt42195-zh.csv", gbt42195ChineseHeaderMapping],
      ["sample-vendor-gbt42195-positions", "sample-vendor-gbt42195-positions.csv", gbt42195OptionPositionMapping],
    ] as const) {
      const { code, stdout, stderr } = await runBin(["assess", "--instrument", "gbt42195-2022", "--mapping", id, "--input", join(samples, file)]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      const viaMapping = lines(stdout);
      expect(viaMapping.map((o) => [o.id, o.level, o.total, o.adjustments.map((a: { id: string }) => a.id)])).toEqual(direct.map((o) => [o.id, o.level, o.total, o.adjustments.map((a: { id: string }) => a.id)]));
      expect(viaMapping.map((o) => o.level)).toEqual([0, 3, 2, 4, 4]);
      expect(viaMapping[0]?.mapping).toEqual({ id, version: "1.0.0", fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
      expect(mapping.id).toBe(id);
    }
  });

  it("reads a mapping file, points bad cells at their columns, and refuses a mapping that does not fit", async () => {
    const mappingFile = join(work, "vendor.json");
    writeFileSync(mappingFile, JSON.stringify(gbt42195ChineseHeaderMapping));
    const csv = readFileSync(join(samples, "sample-vendor-gbt42195-zh.csv"), "utf8").trim().split("\n");
    const bad = (csv[2] as string).replace("高血压病、痴呆", "高血压").replace(",否,", ",,");
    const export_ = join(work, "export.csv");
    writeFileSync(export_, [csv[0], csv[1], bad].join("\n") + "\n");
    const { code, stdout } = await runBin(["assess", "--instrument", "gbt42195-2022", "--mapping", mappingFile, "--input", export_]);
    expect(code).toBe(1);
    const out = lines(stdout);
    expect(out[0]).toMatchObject({ id: "V-0001", level: 0 });
    expect(out[1]).toMatchObject({ id: "V-0002", line: 3 });
    expect(out[1]?.issues.map((i: { code: string; path: string }) => `${i.code} ${i.path}`)).toEqual(["unknown_code /疾病诊断", "missing_input /昏迷"]);

    const wrong = await runBin(["assess", "--instrument", "mzt039-2013", "--mapping", mappingFile, "--input", export_]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("mapping_instrument_mismatch");
  });

  it("validates, tests and fingerprints mapping documents like every other kind", async () => {
    const mappingFile = join(work, "positions.json");
    writeFileSync(mappingFile, JSON.stringify(gbt42195OptionPositionMapping));
    expect((await runBin(["validate", mappingFile])).code).toBe(0);
    const tested = await runBin(["test", mappingFile]);
    expect(tested.code).toBe(0);
    const fingerprint = await runBin(["fingerprint", mappingFile]);
    expect(fingerprint.stdout).toMatch(/sha256:[0-9a-f]{64}/);
    const schema = await runBin(["schema", "record-mapping"]);
    expect(JSON.parse(schema.stdout)).toMatchObject({ title: "Yiyang record-mapping document" });
  });
});

describe("yiyang eligibility with several results (spawned)", () => {
  const profile = {
    id: "p-ltci",
    birthDate: "1940-05-01",
    residence: { city: "sample-city" },
    insurance: { ltciEnrolled: true },
    economicStatus: "none",
    livingArrangement: "with-spouse",
    assessments: [
      { instrument: { id: "gbt42195-2022" }, level: 2, assessedOn: "2025-03-01" },
      { instrument: { id: "ltci-2021" }, level: 4, assessedOn: "2025-03-01" },
    ],
  };

  it("gives the LTCI home-care package to an ltci-2021 level 4, and marks provisional answers in the table", async () => {
    const json = await runBin(["eligibility", "--catalog", "sample-city-services", "--as-of", "2025-06-30"], { stdin: JSON.stringify(profile) + "\n" });
    const report = JSON.parse(json.stdout) as { eligible: string[]; provisional: string[] };
    expect(report.eligible).toContain("ltci-home-care-1plus1");
    expect(report.provisional).toContain("/packages/0/assessment");
    const table = await runBin(["eligibility", "--catalog", "sample-city-services", "--as-of", "2025-06-30", "--format", "table"], { stdin: JSON.stringify(profile) + "\n" });
    expect(table.stdout).toContain('✓ LTCI home care, the "1+1" model *: ');
    expect(table.stdout).toContain("* provisional:");
  });
});
