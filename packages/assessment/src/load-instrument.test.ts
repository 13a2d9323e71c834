import { fingerprint, isYiyangError } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { loadInstrument, safeLoadInstrument } from "./load-instrument";
import { miniDocument } from "./mini-instrument.fixture";

function codesOf(document: unknown): string[] {
  const result = safeLoadInstrument(document);
  return result.ok ? [] : result.issues.map((i) => `${i.code} ${i.path}`);
}

describe("loadInstrument", () => {
  it("loads a valid document with its id, version, fingerprint and default flags", () => {
    const doc = miniDocument();
    const instrument = loadInstrument(doc);
    expect(instrument.id).toBe("mini");
    expect(instrument.version).toBe("1.0.0");
    expect(instrument.fingerprint).toBe(fingerprint(doc));
    expect(instrument.defaultFlags).toEqual({ stack: false, countOther: true });
  });

  it("keeps a frozen copy: changing the input afterwards changes nothing", () => {
    const doc = miniDocument();
    const instrument = loadInstrument(doc);
    doc.levels[0].label.en = "Changed";
    expect(instrument.document.levels[0]?.label.en).toBe("Good");
    expect(Object.isFrozen(instrument.document.levels[0])).toBe(true);
  });

  it("leaves the tests out of the fingerprint", () => {
    const doc = miniDocument();
    const withTests = { ...miniDocument(), tests: [{ description: "x", record: {}, expect: { level: 0 } }] };
    expect(loadInstrument(withTests).fingerprint).toBe(loadInstrument(doc).fingerprint);
  });

  it("throws invalid_document carrying every issue", () => {
    const doc = miniDocument();
    doc.levels = [{ level: 0, label: { zh: "好", en: "Good" } }, { level: 2, label: { zh: "差", en: "Poor" } }];
    doc.dimensions[0].max = 7;
    let caught: unknown;
    try {
      loadInstrument(doc);
    } catch (error) {
      caught = error;
    }
    expect(isYiyangError(caught) && caught.code).toBe("invalid_document");
    const codes = isYiyangError(caught) ? caught.issues.map((i) => i.code) : [];
    expect(codes).toContain("levels_not_contiguous");
    expect(codes).toContain("dimension_max_mismatch");
  });
});

describe("safeLoadInstrument", () => {
  it("rejects a wrong kind and unknown fields, with JSON pointers", () => {
    const doc: Record<string, any> = { ...miniDocument(), kind: "service-catalog", colour: "red" };
    doc.dimensions[0].items[0].weight = 2;
    const result = safeLoadInstrument(doc);
    // As zod (and every other document kind) reports them: unknown keys at the object holding them.
    expect(result.issues.map((i) => `${i.code} ${i.path}`)).toEqual(
      expect.arrayContaining(["invalid_value /kind", "unrecognized_keys ", "unrecognized_keys /dimensions/0/items/0"]),
    );
    expect(result.issues.find((i) => i.path === "")?.params).toMatchObject({ keys: ["colour"] });
    expect(result.issues.find((i) => i.path === "/dimensions/0/items/0")?.params).toMatchObject({ keys: ["weight"] });
  });

  it("reports structural problems with zod's issue codes and bilingual messages", () => {
    const doc = miniDocument();
    doc.dimensions[0].items[0].key = "Walk";
    doc.checks[0].code = "ComaWithMemory";
    doc.checks[0].path = "coma";
    doc.policyFlags["count-other"] = { default: true, description: { zh: "x", en: "x" } };
    doc.adjustments[0].effect = { raise: 0 };
    doc.adjustments[1].effect = { raise: "1" };
    doc.levels[0].label.zh = "";
    delete doc.adjustments[2].when;
    const result = safeLoadInstrument(doc);
    expect(result.issues.map((i) => `${i.code} ${i.path}`).sort()).toEqual([
      "invalid_format /checks/0/path",
      "invalid_key /policyFlags/count-other",
      "invalid_type /adjustments/2/when",
      "invalid_union /adjustments/1/effect",
      "invalid_value /checks/0/code",
      "invalid_value /dimensions/0/items/0/key",
      "too_small /adjustments/0/effect/raise",
      "too_small /levels/0/label/zh",
    ]);
    expect(result.issues.find((i) => i.path === "/dimensions/0/items/0/key")).toMatchObject({
      message: "A key is camelCase: a lower-case letter, then letters and digits.",
      messageZh: "键名须为 camelCase：小写字母开头，其后为字母或数字。",
    });
  });

  it("reports an unknown preliminary-level basis at the basis", () => {
    const doc = miniDocument();
    doc.preliminaryLevel.basis = "sum";
    const result = safeLoadInstrument(doc);
    expect(result.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["invalid_union /preliminaryLevel/basis"]);
    expect(result.issues[0]?.message).toContain("'total' | 'rule' | 'matrix'");
  });

  it("reports envelope problems through @yiyang/core", () => {
    const doc = { ...miniDocument(), version: "1", effective: { from: "2025-02-30" } };
    expect(codesOf(doc)).toEqual(expect.arrayContaining(["invalid_value /version", "invalid_value /effective/from"]));
  });

  it("reports a declared maximum that the options do not add up to", () => {
    const doc = miniDocument();
    doc.dimensions[1].max = 5;
    doc.total.max = 11;
    expect(codesOf(doc)).toEqual(["dimension_max_mismatch /dimensions/1/max", "total_range_mismatch /total"]);
  });

  it("reports a reachable total that no band holds, naming the values", () => {
    const doc = miniDocument();
    doc.preliminaryLevel.bands[1] = { min: 6, max: 8, level: 1 };
    const result = safeLoadInstrument(doc);
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({ code: "band_gap", path: "/preliminaryLevel/bands", params: { values: [5] } });
  });

  it("accepts a gap that no record can reach", () => {
    const doc = miniDocument();
    const options = (scores: number[]) => scores.map((score) => ({ score, text: { zh: "x", en: "x" } }));
    doc.dimensions[0].items[0].options = options([0, 3]);
    doc.dimensions[0].items[1].options = options([0, 3]);
    doc.dimensions[1].items[0].options = options([0, 4]);
    // Totals are sums of 0/3, 0/3 and 0/4: 0, 3, 4, 6, 7, 10. No band needs 5, 8 or 9.
    doc.preliminaryLevel.bands = [
      { min: 10, max: 10, level: 0 },
      { min: 6, max: 7, level: 1 },
      { min: 0, max: 4, level: 2 },
    ];
    expect(codesOf(doc)).toEqual([]);
  });

  it("reports overlapping bands", () => {
    const doc = miniDocument();
    doc.preliminaryLevel.bands[1] = { min: 4, max: 8, level: 1 };
    expect(codesOf(doc)).toEqual(["overlapping_bands /preliminaryLevel/bands/2"]);
  });

  it("reports a band or an effect pointing at a level that does not exist", () => {
    const doc = miniDocument();
    doc.preliminaryLevel.bands[2].level = 3;
    doc.adjustments[2].effect = { setLevel: 5 };
    expect(codesOf(doc)).toEqual(["unknown_level /preliminaryLevel/bands/2/level", "unknown_level /adjustments/2/effect/setLevel"]);
  });

  it("reports duplicate keys, duplicate scores and reserved names", () => {
    const doc = miniDocument();
    doc.dimensions[1].items[0].key = "walk";
    doc.dimensions[0].items[1].options[1].score = 0;
    doc.dimensions[0].max = 5;
    doc.total.max = 9;
    doc.preliminaryLevel.bands[0] = { min: 9, max: 9, level: 0 };
    doc.riskEvents.types[1].key = "constructor";
    expect(codesOf(doc)).toEqual(
      expect.arrayContaining(["duplicate_id /dimensions/1/items/0/key", "duplicate_score /dimensions/0/items/1/options/1/score", "reserved_key /riskEvents/types/1/key"]),
    );
  });

  it("reports a rule reading a field the context does not have, such as a misspelt item", () => {
    const doc = miniDocument();
    doc.checks[0].when = { ">": [{ var: "items.memroy" }, 0] };
    doc.adjustments[0].when = { in: ["dementia", { var: "disease" }] };
    doc.computed[0].rule = { "+": [{ var: "riskEvents.falls" }, { var: "flags.countOthers" }] };
    expect(codesOf(doc)).toEqual([
      "unknown_variable /computed/0/rule/+/0/var",
      "unknown_variable /computed/0/rule/+/1/var",
      "unknown_variable /adjustments/0/when/in/1/var",
      "unknown_variable /checks/0/when/>/0/var",
    ]);
  });

  it("reports a reason placeholder that names nothing", () => {
    const doc = miniDocument();
    doc.adjustments[1].reason = { zh: "{{computed.event}} 次", en: "{{computed.events}} events" };
    expect(codesOf(doc)).toEqual(["unknown_variable /adjustments/1/reason/zh"]);
  });

  it("does not check the data of an iteration against the context", () => {
    const doc = miniDocument();
    doc.adjustments[0].when = { some: [{ var: "diseases" }, { "==": [{ var: "" }, "dementia"] }] };
    doc.adjustments[1].when = { some: [{ var: "diseases" }, { "==": [{ var: "anything.at.all" }, 1] }] };
    expect(codesOf(doc)).toEqual([]);
  });

  it("reports JSON Logic that does not compile, at its path", () => {
    const doc = miniDocument();
    doc.adjustments[0].when = { and: [{ eval: ["x"] }] };
    expect(codesOf(doc)).toEqual(["unknown_operator /adjustments/0/when/and/0"]);
  });

  it("reports a stacking flag that is not declared, and raises without levelChange", () => {
    const doc = miniDocument();
    doc.levelChange.stackRaises = { flag: "stacking" };
    expect(codesOf(doc)).toEqual(["unknown_flag /levelChange/stackRaises/flag"]);
    const without = miniDocument();
    delete without.levelChange;
    expect(codesOf(without)).toEqual(["missing_level_change /levelChange"]);
  });

  it("reports a provisional note that points at nothing", () => {
    const doc = { ...miniDocument(), provisional: [{ path: "/reassessment/intervalMonths", note: { zh: "待核", en: "check" } }, { path: "/nothing", note: { zh: "待核", en: "check" } }] };
    expect(codesOf(doc)).toEqual(["unresolved_pointer /provisional/1/path"]);
  });

  it("reports a matrix of the wrong shape and ungraded dimensions", () => {
    const doc = miniDocument();
    doc.preliminaryLevel = { basis: "matrix", rowDimension: "body", columnDimensions: ["mind"], cells: [[0, 1], [1, 2, 2]], description: { zh: "表", en: "Table" } };
    doc.grades = [{ grade: 0, label: { zh: "好", en: "Good" } }, { grade: 1, label: { zh: "差", en: "Poor" } }];
    expect(codesOf(doc)).toEqual([
      "dimension_not_graded /preliminaryLevel/rowDimension",
      "dimension_not_graded /preliminaryLevel/columnDimensions/0",
      "matrix_shape /preliminaryLevel/cells",
    ]);
  });

  it("reports test cases that set a flag the document does not have", () => {
    const doc = { ...miniDocument(), tests: [{ description: "x", flags: { stacking: true }, record: {}, expect: { level: 0 } }] };
    expect(codesOf(doc)).toEqual(["unknown_flag /tests/0/flags/stacking"]);
  });

  it("reports a document that is not an object", () => {
    expect(codesOf([1])).toEqual(expect.arrayContaining(["invalid_type "]));
  });
});

describe("safeLoadInstrument limits", () => {
  it("refuses an instrument too large to tabulate, before building anything", () => {
    const doc = miniDocument();
    const options = [0, 1000].map((score) => ({ score, text: { zh: "x", en: "x" } }));
    doc.dimensions[0].items = Array.from({ length: 11 }, (_, i) => ({ key: `item${i}`, code: `A.${i}`, label: { zh: "x", en: "x" }, options }));
    const result = safeLoadInstrument(doc);
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toEqual(["instrument_too_large"]);
  });

  it("caps the options of an item", () => {
    const doc = miniDocument();
    doc.dimensions[0].items[0].options = Array.from({ length: 21 }, (_, score) => ({ score, text: { zh: "x", en: "x" } }));
    expect(codesOf(doc)).toEqual(["too_big /dimensions/0/items/0/options"]);
  });
});
