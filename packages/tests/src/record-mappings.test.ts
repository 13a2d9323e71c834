import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  assess,
  checkRecordMapping,
  loadInstrument,
  loadRecordMapping,
  mapRecord,
  recordMappingKind,
  safeAssess,
  type AssessmentResult,
} from "@yiyang/assessment";
import { fingerprint } from "@yiyang/core";
import { gbt42195ChineseHeaderMapping, gbt42195Instrument, gbt42195OptionPositionMapping, phsSelfcareInstrument, recordMappings } from "@yiyang/standards";
import { describe, expect, it } from "vitest";

const folder = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "standards", "src", "record-mappings");
const gbt = loadInstrument(gbt42195Instrument);

/** The rows of a sample export: a plain CSV (no quoted cells), every cell as text, as a CSV reader gives them. */
function csvRows(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(join(folder, file), "utf8").trim().split("\n");
  const columns = (header as string).split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((cell, i) => [columns[i] as string, cell])));
}

/** The equivalent interchange records of both sample exports. */
const interchange = readFileSync(join(folder, "sample-vendor-gbt42195.records.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

/** What decides a result, without the mapping that read it. */
function decided(result: AssessmentResult): unknown {
  const { mapping: _mapping, ...rest } = result;
  return rest;
}

describe("the shipped record mappings", () => {
  it("are the Chinese-header CSV and the option-position coding, each loading, fingerprinted and fitting GB/T 42195", () => {
    expect(recordMappings.map((m) => m.id)).toEqual(["sample-vendor-gbt42195-zh-csv", "sample-vendor-gbt42195-positions"]);
    for (const doc of recordMappings) {
      const mapping = loadRecordMapping(doc);
      expect(mapping.fingerprint).toBe(fingerprint(doc));
      expect(checkRecordMapping(mapping, gbt)).toEqual([]);
      expect(Object.isFrozen(doc)).toBe(true);
      expect(existsSync(join(folder, doc.$schema ?? "missing"))).toBe(true);
    }
  });

  it("pass their own test cases", () => {
    for (const doc of recordMappings) {
      const failing = recordMappingKind.runTests(loadRecordMapping(doc)).filter((t) => !t.passed);
      expect([doc.id, failing]).toEqual([doc.id, []]);
    }
  });

  for (const [doc, file] of [
    [gbt42195ChineseHeaderMapping, "sample-vendor-gbt42195-zh.csv"],
    [gbt42195OptionPositionMapping, "sample-vendor-gbt42195-positions.csv"],
  ] as const) {
    it(`score the sample export ${file} to exactly what the equivalent interchange records score to`, () => {
      const mapping = loadRecordMapping(doc);
      const rows = csvRows(file);
      expect(rows.length).toBe(interchange.length);
      const viaMapping = rows.map((row) => assess(gbt, row, { mapping }));
      const direct = interchange.map((record) => assess(gbt, record));
      expect(viaMapping.map((r) => r.level)).toEqual([0, 3, 2, 4, 4]);
      expect(viaMapping.map(decided)).toEqual(direct);
      for (const result of viaMapping) expect(result.mapping).toEqual({ id: mapping.id, version: mapping.version, fingerprint: mapping.fingerprint });
      // The ID numbers of the export are checked and never copied.
      expect(JSON.stringify(viaMapping)).not.toMatch(/\d{15}/);
    });
  }

  it("read a healthy person coded by option position as level 0, not as 26 points", () => {
    const [healthy] = csvRows("sample-vendor-gbt42195-positions.csv");
    expect(Object.values(healthy as Record<string, string>).filter((v) => v === "1").length).toBeGreaterThanOrEqual(26);
    const result = assess(gbt, healthy, { mapping: loadRecordMapping(gbt42195OptionPositionMapping) });
    expect([result.total, result.level]).toEqual([90, 0]);
    // Read as scores, the same answers (every item 1) make 26 points: level 4, for a healthy person.
    const asScores = safeAssess(gbt, { ...interchange[0], items: Object.fromEntries(Object.keys((interchange[0] as { items: object }).items).map((k) => [k, 1])) });
    expect(asScores.ok && [asScores.value.total, asScores.value.level]).toEqual([26, 4]);
  });

  it("let a vendor declare the public-health self-care form's positions: eating 3 means 5 points, not 3", () => {
    const phs = loadInstrument(phsSelfcareInstrument);
    // The form's columns 可自理 / 轻度依赖 / 中度依赖 / 不能自理, numbered from 0.
    const mapping = loadRecordMapping({
      kind: "record-mapping",
      id: "vendor-phs",
      version: "1.0.0",
      effective: { from: "2017-02-28" },
      title: { zh: "自理能力评估表（按列序号）", en: "Self-care form by column" },
      source: { title: "Test" },
      instrument: { id: "phs-selfcare" },
      codings: {
        eating: { by: "position", first: 0, values: [0, 0, 3, 5] },
        grooming: { by: "position", first: 0, values: [0, 1, 3, 7] },
        dressing: { by: "position", first: 0, values: [0, 0, 3, 5] },
        toileting: { by: "position", first: 0, values: [0, 1, 5, 10] },
        activity: { by: "position", first: 0, values: [0, 1, 5, 10] },
      },
      fields: { id: { column: "id" }, assessedOn: { column: "date", formats: ["YYYY-MM-DD"] } },
      items: Object.fromEntries(["eating", "grooming", "dressing", "toileting", "activity"].map((k) => [k, { column: k, coding: k }])),
    });
    const row = { id: "p1", date: "2025-03-01", eating: "3", grooming: "0", dressing: "0", toileting: "0", activity: "0" };
    expect(mapRecord(mapping, row)).toEqual({ id: "p1", assessedOn: "2025-03-01", items: { eating: 5, grooming: 0, dressing: 0, toileting: 0, activity: 0 } });
    expect(assess(phs, row, { mapping })).toMatchObject({ total: 5, level: 1 });
  });
});
