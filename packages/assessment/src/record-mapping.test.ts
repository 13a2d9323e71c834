import { fingerprint, isYiyangError } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { assess, safeAssess } from "./assess";
import { explainResult } from "./explain-result";
import { loadInstrument } from "./load-instrument";
import { miniDocument } from "./mini-instrument.fixture";
import { checkRecordMapping, isRecordMapping, loadRecordMapping, mapRecord, recordMappingKind, safeLoadRecordMapping, safeMapRecord } from "./record-mapping";
import { getRecordMappingJsonSchema } from "./record-mapping-schema";
import { verifyResult } from "./verify-result";

const instrument = loadInstrument(miniDocument());

/** A vendor's export of the mini instrument: Chinese headers, walk by position, stairs by code, memory by label. */
function vendorDocument(): Record<string, any> {
  return {
    kind: "record-mapping",
    id: "vendor-mini",
    version: "1.0.0",
    effective: { from: "2020-01-01" },
    title: { zh: "厂商导出", en: "Vendor export" },
    source: { title: "Test fixture" },
    instrument: { id: "mini" },
    codings: {
      "walk-positions": { by: "position", values: [3, 2, 1, 0] },
      "stairs-codes": { by: "code", values: { A: 3, B: 2, C: 1, D: 0 } },
      "memory-labels": { by: "label", values: { "记得 清楚": 4, 一般: 2, 不记得: 0 } },
      "yes-no": { by: "code", values: { 是: true, 否: false } },
      "disease-names": { by: "label", values: { 痴呆: "dementia", 流感: "flu" } },
      "sex-codes": { by: "code", values: { "01": "male", "02": "female" } },
    },
    fields: {
      id: { column: "编号" },
      assessedOn: { column: "评估日期", formats: ["YYYY/MM/DD", "YYYY/M/D", "YYYYMMDD", "YYYY年M月D日"] },
      subject: { birthDate: { column: "出生日期", formats: ["YYYYMMDD"] }, sex: { column: "性别", coding: "sex-codes" }, idNumber: { column: "身份证号" } },
      coma: { column: "昏迷", coding: "yes-no" },
      diseases: { column: "疾病", separator: "、", coding: "disease-names", none: ["无"] },
      riskEvents: { fall: { column: "跌倒" }, other: { column: "其他" } },
    },
    items: {
      walk: { column: "A.1", coding: "walk-positions" },
      stairs: { column: "上下楼梯", coding: "stairs-codes" },
      memory: { column: "记忆", coding: "memory-labels" },
    },
  };
}

/** A row of that export: walk position 1 (3), stairs A (3), memory 记得清楚 (4) — total 10, level 0. */
function row(): Record<string, unknown> {
  return { 编号: "V1", 评估日期: "2025/1/15", 出生日期: "19500102", 性别: "02", "A.1": "1", 上下楼梯: "A", 记忆: "记得清楚", 昏迷: "否", 疾病: "无", 跌倒: "0", 其他: "0", 姓名: "王某" };
}

const mapping = loadRecordMapping(vendorDocument());
const interchange = {
  id: "V1",
  assessedOn: "2025-01-15",
  subject: { birthDate: "1950-01-02", sex: "female" },
  items: { walk: 3, stairs: 3, memory: 4 },
  coma: false,
  diseases: [],
  riskEvents: { fall: 0, other: 0 },
};

describe("loadRecordMapping", () => {
  it("loads a mapping: fingerprinted, naming its instrument and every column it reads", () => {
    expect([mapping.kind, mapping.id, mapping.fingerprint]).toEqual(["record-mapping", "vendor-mini", fingerprint(vendorDocument())]);
    expect(mapping.instrument).toEqual({ id: "mini" });
    expect(mapping.columns).toEqual(["编号", "评估日期", "出生日期", "性别", "身份证号", "昏迷", "疾病", "跌倒", "其他", "A.1", "上下楼梯", "记忆"]);
    expect(isRecordMapping(mapping)).toBe(true);
    expect(isRecordMapping(vendorDocument())).toBe(false);
  });

  it("refuses a coding it does not have, and a coding of the wrong type where it is used", () => {
    const doc = vendorDocument();
    doc.items.walk.coding = "nope";
    doc.fields.coma.coding = "walk-positions";
    doc.fields.diseases.coding = "yes-no";
    const result = safeLoadRecordMapping(doc);
    expect(result.ok ? [] : result.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      "coding_type /fields/coma/coding",
      "coding_type /fields/diseases/coding",
      "unknown_coding /items/walk/coding",
    ]);
  });

  it("refuses item and event keys that are built-in property names", () => {
    const doc = JSON.parse(JSON.stringify(vendorDocument()).replace('"walk":', '"__proto__":').replace('"other": { "column"', '"constructor": { "column"').replace('"other":{"column"', '"constructor":{"column"'));
    const result = safeLoadRecordMapping(doc);
    // "__proto__" is refused by core wherever a document holds it, before the mapping is looked at.
    expect(result.ok ? [] : result.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["reserved_key /items/__proto__"]);
    const onlyConstructor = JSON.parse(JSON.stringify(vendorDocument()).replace('"other": { "column"', '"constructor": { "column"').replace('"other":{"column"', '"constructor":{"column"'));
    const refused = safeLoadRecordMapping(onlyConstructor);
    expect(refused.ok ? [] : refused.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["reserved_key /fields/riskEvents/constructor"]);
    const loaded = loadRecordMapping(vendorDocument());
    expect(Object.getPrototypeOf(mapRecord(loaded, row()).items)).toBe(Object.prototype);
  });

  it("refuses a date format without a year, and warns on a column read twice", () => {
    const bad = vendorDocument();
    bad.fields.assessedOn.formats = ["MM/DD"];
    expect(safeLoadRecordMapping(bad).issues.map((i) => i.path)).toEqual(["/fields/assessedOn/formats/0"]);
    const twice = vendorDocument();
    twice.items.memory.column = "上下楼梯";
    twice.items.memory.coding = "stairs-codes";
    const loaded = safeLoadRecordMapping(twice);
    expect(loaded.ok && loaded.issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual(["warning duplicate_column /items/memory/column"]);
  });

  it("ships its JSON Schema in schema/record-mapping.schema.json", async () => {
    await expect(JSON.stringify(getRecordMappingJsonSchema(), null, 2) + "\n").toMatchFileSnapshot("../schema/record-mapping.schema.json");
  });
});

describe("safeMapRecord", () => {
  it("reads a row into the interchange record, leaving other columns out", () => {
    expect(mapRecord(mapping, row())).toEqual(interchange);
  });

  it("reads every date format, and a date a reader turned into a number", () => {
    for (const written of ["2025/01/15", "2025/1/15", "20250115", 20250115, "2025年1月15日"]) {
      expect(mapRecord(mapping, { ...row(), 评估日期: written }).assessedOn).toBe("2025-01-15");
    }
    const wrong = safeMapRecord(mapping, { ...row(), 评估日期: "2025/02/30" });
    expect(wrong.issues.map((i) => [i.code, i.path, i.params?.field])).toEqual([["invalid_date", "/评估日期", "/assessedOn"]]);
    expect(wrong.issues[0]?.messageZh).toBe('列「评估日期」："2025/02/30" 不是按 YYYY/MM/DD 或 YYYY/M/D 或 YYYYMMDD 或 YYYY年M月D日 书写的有效日期。');
  });

  it("reads answers by option position, code and label (labels ignoring white space)", () => {
    const record = mapRecord(mapping, { ...row(), "A.1": "4", 上下楼梯: "C", 记忆: " 一 般 " });
    expect(record.items).toEqual({ walk: 0, stairs: 1, memory: 2 });
  });

  it("reads diseases split at the separator, 无 as none, and booleans from the vendor's words", () => {
    expect(mapRecord(mapping, { ...row(), 疾病: "痴呆、流感", 昏迷: "是" })).toMatchObject({ diseases: ["dementia", "flu"], coma: true });
  });

  it("reads a column a CSV reader split at its dots into objects", () => {
    const nested = { ...row(), A: { 1: "2" } } as Record<string, unknown>;
    delete nested["A.1"];
    expect(mapRecord(mapping, nested).items).toMatchObject({ walk: 2 });
  });

  it("leaves an empty cell out, never reading it as none", () => {
    const record = mapRecord(mapping, { ...row(), 昏迷: " ", 疾病: "" });
    expect(["coma" in record, "diseases" in record]).toEqual([false, false]);
  });

  it("reports every cell it cannot read at its column, and reads the rest", () => {
    const result = safeMapRecord(mapping, { ...row(), "A.1": "5", 上下楼梯: "E", 记忆: "忘了", 疾病: "痴呆、感冒", 跌倒: "一次", 性别: "03" });
    expect(result.ok ? [] : result.issues.map((i) => `${i.code} ${i.path} ${String(i.params?.field)}`)).toEqual([
      "unknown_code /性别 /subject/sex",
      "unknown_code /疾病 /diseases",
      "unknown_code /跌倒 /riskEvents/fall",
      "unknown_code /A.1 /items/walk",
      "unknown_code /上下楼梯 /items/stairs",
      "unknown_code /记忆 /items/memory",
    ]);
    expect(result.issues[3]?.message).toBe('Column "A.1": "5" is not an option position 1–4 (coding walk-positions).');
  });

  it("refuses an ID number read as a number without repeating it", () => {
    const result = safeMapRecord(mapping, { ...row(), 身份证号: 110105194912310020 });
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([["id_number_not_text", "/身份证号"]]);
    expect(JSON.stringify(result)).not.toContain("110105");
  });

  it("throws invalid_input from mapRecord, and invalid_argument for something that is not a mapping", () => {
    const bad = (() => {
      try {
        mapRecord(mapping, { ...row(), 评估日期: "x" });
      } catch (error) {
        return error;
      }
    })();
    expect(isYiyangError(bad) && bad.code).toBe("invalid_input");
    expect(() => safeMapRecord(vendorDocument() as never, row())).toThrow(/loadRecordMapping/);
  });

  it("runs the document's own test cases", () => {
    const doc = vendorDocument();
    doc.tests = [
      { description: "the row", row: row(), expect: { record: interchange } },
      { description: "a bad cell", row: { ...row(), 上下楼梯: "Z" }, expect: { issues: [{ code: "unknown_code", path: "/上下楼梯" }] } },
      { description: "a wrong expectation", row: row(), expect: { record: { ...interchange, coma: true } } },
    ];
    const results = recordMappingKind.runTests(loadRecordMapping(doc));
    expect(results.map((r) => r.passed)).toEqual([true, true, false]);
    expect(results[2]?.failures[0]?.path).toBe("/tests/2/expect/record");
  });
});

describe("checkRecordMapping", () => {
  it("finds nothing wrong with a mapping that fits its instrument", () => {
    expect(checkRecordMapping(mapping, instrument)).toEqual([]);
  });

  it("names an instrument mismatch, an unmapped item or input, and codings giving what the instrument lacks", () => {
    const doc = vendorDocument();
    delete doc.items.memory;
    delete doc.fields.coma;
    delete doc.fields.riskEvents.other;
    doc.codings["walk-positions"].values = [4, 2, 1, 0];
    doc.codings["disease-names"].values = { 痴呆: "dementia", 感冒: "cold" };
    const issues = checkRecordMapping(loadRecordMapping(doc), instrument);
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      "invalid_option /items/walk/coding",
      "unmapped_item /items",
      "unmapped_input /fields",
      "unmapped_input /fields",
      "unknown_disease /codings/disease-names",
    ]);
    expect(issues[0]?.message).toBe('Coding "walk-positions" gives 4, not scores of item walk (0, 1, 2, 3).');
    const other = loadRecordMapping({ ...vendorDocument(), instrument: { id: "gbt42195-2022" } });
    expect(checkRecordMapping(other, instrument).map((i) => i.code)).toEqual(["mapping_instrument_mismatch"]);
  });
});

describe("assess with a mapping", () => {
  it("scores a vendor row as the interchange record, naming the mapping after the instrument", () => {
    const viaMapping = assess(instrument, row(), { mapping });
    const direct = assess(instrument, interchange);
    expect(viaMapping).toEqual({ ...direct, mapping: { id: "vendor-mini", version: "1.0.0", fingerprint: mapping.fingerprint } });
    expect(Object.keys(viaMapping).slice(0, 5)).toEqual(["id", "assessedOn", "subject", "instrument", "mapping"]);
  });

  it("points every issue at the vendor's column, without repeating what the mapping already said", () => {
    const outcome = safeAssess(instrument, { ...row(), 昏迷: "", 疾病: "感冒", 跌倒: "4" }, { mapping });
    expect(outcome.ok ? [] : outcome.issues.map((i) => `${i.code} ${i.path} ${String(i.params?.field)}`)).toEqual([
      "unknown_code /疾病 /diseases",
      "missing_input /昏迷 /coma",
      "out_of_range /跌倒 /riskEvents/fall",
    ]);
  });

  it("throws invalid_argument for a mapping that does not fit the instrument", () => {
    const doc = vendorDocument();
    delete doc.items.memory;
    let caught: unknown;
    try {
      safeAssess(instrument, row(), { mapping: loadRecordMapping(doc) });
    } catch (error) {
      caught = error;
    }
    expect(isYiyangError(caught) && [caught.code, caught.issues.map((i) => i.code)]).toEqual(["invalid_argument", ["unmapped_item"]]);
  });

  it("verifies the result against the row and the mapping, and tells another mapping apart", () => {
    const result = JSON.parse(JSON.stringify(assess(instrument, row(), { mapping })));
    expect(verifyResult(instrument, row(), result, { mapping }).status).toBe("match");
    // The interchange record alone verifies the scoring; the mapping is not compared then.
    expect(verifyResult(instrument, interchange, result).status).toBe("match");
    const other = loadRecordMapping({ ...vendorDocument(), version: "1.1.0" });
    expect(verifyResult(instrument, row(), result, { mapping: other })).toMatchObject({ status: "other_rules", differences: [{ path: "/mapping/version" }, { path: "/mapping/fingerprint" }] });
  });

  it("explains a mapped row with the same result", () => {
    expect(explainResult(instrument, row(), { mapping }).result).toEqual(assess(instrument, row(), { mapping }));
  });
});
