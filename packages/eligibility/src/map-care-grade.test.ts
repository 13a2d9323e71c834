import { isYiyangError } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { isCareGradeMapping, loadCareGradeMapping, mapCareGrade, safeLoadCareGradeMapping, safeMapCareGrade } from "./map-care-grade";

const text = (zh: string, en: string) => ({ zh, en });

function mapping(rows: unknown[] = [
  { level: 0, grade: "self-care" },
  { level: 1, grade: "grade-2" },
]): Record<string, unknown> {
  return {
    kind: "care-grade-mapping",
    id: "test-mapping",
    version: "1.0.0",
    effective: { from: "2025-01-01" },
    title: text("测试映射", "Test mapping"),
    source: { title: "unit test" },
    from: { instrument: "gbt42195-2022" },
    to: { scheme: "nursing-grade", label: text("护理等级", "Nursing grade"), grades: [{ code: "self-care", label: text("自理", "Self-care") }, { code: "grade-2", label: text("二级护理", "Grade-2 nursing") }] },
    rows,
  };
}

describe("mapCareGrade", () => {
  it("maps a level to the local grade and names the mapping", () => {
    const loaded = loadCareGradeMapping(mapping());
    expect(mapCareGrade(loaded, { instrumentId: "gbt42195-2022", level: 1 })).toEqual({
      scheme: "nursing-grade",
      code: "grade-2",
      label: { zh: "二级护理", en: "Grade-2 nursing" },
      mapping: { id: "test-mapping", version: "1.0.0", fingerprint: loaded.fingerprint },
    });
  });

  it("accepts a mapping document and loads it once", () => {
    const doc = mapping();
    expect(mapCareGrade(doc, { instrumentId: "gbt42195-2022", level: 0 })).toBe(mapCareGrade(doc, { instrumentId: "gbt42195-2022", level: 0 }));
  });

  it("refuses a level of another instrument", () => {
    const result = safeMapCareGrade(mapping(), { instrumentId: "mzt039-2013", level: 1 });
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([["instrument_mismatch", "/instrumentId"]]);
  });

  it("refuses a level without a row, and throws with the issue", () => {
    expect(safeMapCareGrade(mapping(), { instrumentId: "gbt42195-2022", level: 4 }).issues.map((i) => i.code)).toEqual(["level_not_mapped"]);
    let caught: unknown;
    try {
      mapCareGrade(mapping(), { instrumentId: "gbt42195-2022", level: 4 });
    } catch (error) {
      caught = error;
    }
    expect(isYiyangError(caught) && caught.issues[0]?.messageZh).toBe("映射 test-mapping 中没有 gbt42195-2022 等级 4 对应的照护等级。");
  });
});

describe("loadCareGradeMapping", () => {
  it("reports rows naming unknown grades and levels mapped twice", () => {
    const result = safeLoadCareGradeMapping(mapping([{ level: 0, grade: "self-care" }, { level: 0, grade: "grade-9" }]));
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ["duplicate_level", "/rows/1/level"],
      ["unknown_grade", "/rows/1/grade"],
    ]);
  });

  it("tells loaded mappings from documents", () => {
    const doc = mapping();
    expect([isCareGradeMapping(loadCareGradeMapping(doc)), isCareGradeMapping(doc)]).toEqual([true, false]);
  });
});
