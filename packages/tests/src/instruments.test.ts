import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  assess,
  explainResult,
  loadInstrument,
  runInstrumentTests,
  safeAssess,
  verifyResult,
  type Instrument,
  type InstrumentDocument,
  type InstrumentTestIssueExpectation,
  type InstrumentTestResultExpectation,
} from "@yiyang/assessment";
import {
  barthel100Instrument,
  gbt42195Instrument,
  getInstrumentDocument,
  INSTRUMENT_DOCUMENTS,
  INSTRUMENT_IDS,
  ltci2021Instrument,
  mzt039Instrument,
  phsSelfcareInstrument,
} from "@yiyang/standards";
import { fingerprint } from "@yiyang/core";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const loaded = new Map<string, Instrument>(INSTRUMENT_DOCUMENTS.map((doc) => [doc.id, loadInstrument(doc)]));
const instrumentOf = (id: string) => loaded.get(id) as Instrument;

/** Item keys with their option scores, by dimension, as DESIGN.md and standards.md list them. */
function shapeOf(document: InstrumentDocument): Record<string, Record<string, number[]>> {
  return Object.fromEntries(
    document.dimensions.map((d) => [d.key, Object.fromEntries(d.items.map((i) => [i.key, i.options.map((o) => o.score).sort((a, b) => a - b)]))]),
  );
}
const range = (n: number) => Array.from({ length: n + 1 }, (_, i) => i);

describe("shipped instrument documents", () => {
  it("are the five instruments, in order, each loading without an issue", () => {
    expect(INSTRUMENT_DOCUMENTS.map((d) => d.id)).toEqual([...INSTRUMENT_IDS]);
    expect(INSTRUMENT_IDS).toEqual(["gbt42195-2022", "mzt039-2013", "ltci-2021", "barthel-100", "phs-selfcare"]);
    expect([gbt42195Instrument, mzt039Instrument, ltci2021Instrument, barthel100Instrument, phsSelfcareInstrument]).toEqual([...INSTRUMENT_DOCUMENTS]);
    for (const id of INSTRUMENT_IDS) expect(getInstrumentDocument(id).id).toBe(id);
    expect(getInstrumentDocument("nope")).toBeUndefined();
  });

  it("are frozen, so no caller can change the rules another one uses", () => {
    expect(Object.isFrozen(gbt42195Instrument)).toBe(true);
    expect(Object.isFrozen((gbt42195Instrument.levels as unknown[])[0])).toBe(true);
  });

  it("point $schema at the shipped JSON Schema", () => {
    for (const doc of INSTRUMENT_DOCUMENTS) {
      expect(doc.$schema).toBe("../../../assessment/schema/instrument.schema.json");
      expect(existsSync(resolve(here, "../../standards/src/instruments", doc.$schema as string))).toBe(true);
    }
  });

  it("carry the fingerprint of their rules, which their test cases do not change", () => {
    for (const doc of INSTRUMENT_DOCUMENTS) {
      const instrument = instrumentOf(doc.id);
      expect(instrument.fingerprint).toBe(fingerprint(doc));
      expect(loadInstrument({ ...doc, tests: [] }).fingerprint).toBe(instrument.fingerprint);
    }
    expect(new Set([...loaded.values()].map((i) => i.fingerprint)).size).toBe(INSTRUMENT_DOCUMENTS.length);
  });
});

describe("gbt42195-2022", () => {
  const doc = instrumentOf("gbt42195-2022").document;

  it("has the 26 items with DESIGN.md's keys and the standard's scores", () => {
    expect(shapeOf(doc)).toEqual({
      selfCare: { eating: range(4), grooming: range(4), bathing: range(4), dressingUpper: range(4), dressingLower: range(4), urinaryControl: range(4), bowelControl: range(4), toileting: range(4) },
      mobility: { bedMobility: range(4), transfer: range(4), walking: range(4), stairs: range(3) },
      mental: { timeOrientation: range(4), placeOrientation: range(4), personOrientation: range(4), memory: range(4), comprehension: range(4), expression: range(4), aggression: range(1), depression: range(1), consciousness: range(2) },
      perception: { vision: range(2), hearing: range(2), dailyAffairs: range(4), transportation: range(3), socialInteraction: range(4) },
    });
    expect(doc.dimensions.map((d) => [d.code, d.max])).toEqual([["B.1", 32], ["B.2", 15], ["B.3", 28], ["B.4", 15]]);
    expect(doc.total).toEqual({ min: 0, max: 90 });
    expect(doc.dimensions.flatMap((d) => d.items.map((i) => i.code))).toEqual([
      "B.1.1", "B.1.2", "B.1.3", "B.1.4", "B.1.5", "B.1.6", "B.1.7", "B.1.8", "B.2.1", "B.2.2", "B.2.3", "B.2.4",
      "B.3.1", "B.3.2", "B.3.3", "B.3.4", "B.3.5", "B.3.6", "B.3.7", "B.3.8", "B.3.9", "B.4.1", "B.4.2", "B.4.3", "B.4.4", "B.4.5",
    ]);
  });

  it("has the five levels, their bands and names", () => {
    expect(doc.preliminaryLevel).toEqual({
      basis: "total",
      bands: [
        { min: 90, max: 90, level: 0 },
        { min: 66, max: 89, level: 1 },
        { min: 46, max: 65, level: 2 },
        { min: 30, max: 45, level: 3 },
        { min: 0, max: 29, level: 4 },
      ],
    });
    expect(doc.levels.map((l) => l.label.zh)).toEqual(["能力完好", "能力轻度受损（轻度失能）", "能力中度受损（中度失能）", "能力重度受损（重度失能）", "能力完全丧失（完全失能）"]);
  });

  it("lists the A.4.1 disease ids in the standard's order", () => {
    expect(doc.diseases?.map((d) => d.id)).toEqual([
      "hypertension", "coronaryHeartDisease", "diabetes", "pneumonia", "copd", "cerebralHemorrhage", "cerebralInfarction",
      "urinaryTractInfection", "parkinsonism", "chronicRenalFailure", "cirrhosis", "pepticUlcer", "tumor", "amputation",
      "fracture", "epilepsy", "hypothyroidism", "cataract", "glaucoma", "osteoporosis", "dementia", "otherMentalDisorder", "other",
    ]);
    expect(doc.riskEvents?.types.map((t) => t.key)).toEqual(["fall", "wandering", "choking", "selfHarm", "other"]);
  });

  it("has the policy flags with their defaults, and marks unverified content provisional", () => {
    expect(instrumentOf("gbt42195-2022").defaultFlags).toEqual({ stackAdjustments: false, countOtherRiskEvents: true });
    expect(doc.provisional?.map((p) => p.path)).toEqual(
      expect.arrayContaining(["/reassessment", "/policyFlags/stackAdjustments", "/policyFlags/countOtherRiskEvents"]),
    );
    expect(doc.reassessment).toEqual({ intervalMonths: 12 });
  });
});

describe("the other instruments", () => {
  it("mzt039-2013 has DESIGN.md's keys and scores, four graded dimensions, levels 0–3", () => {
    const doc = instrumentOf("mzt039-2013").document;
    expect(shapeOf(doc)).toEqual({
      adl: { eating: [0, 5, 10], bathing: [0, 5], grooming: [0, 5], dressing: [0, 5, 10], bowelControl: [0, 5, 10], urinaryControl: [0, 5, 10], toileting: [0, 5, 10], transfer: [0, 5, 10, 15], walking: [0, 5, 10, 15], stairs: [0, 5, 10] },
      mental: { cognition: range(2), aggression: range(2), depression: range(2) },
      perception: { consciousness: range(3), vision: range(4), hearing: range(4), communication: range(3) },
      social: { dailyLiving: range(4), work: range(4), timeSpaceOrientation: range(4), personOrientation: range(4), socialInteraction: range(4) },
    });
    expect(doc.levels.map((l) => l.label.zh)).toEqual(["能力完好", "轻度失能", "中度失能", "重度失能"]);
    expect(doc.levelChange).toEqual({ ceiling: 3, stackRaises: { flag: "stackAdjustments" }, skipFromLevel: 3 });
    expect(instrumentOf("mzt039-2013").defaultFlags).toEqual({ stackAdjustments: true });
    expect(doc.provisional?.map((p) => p.path)).toEqual(expect.arrayContaining(["/preliminaryLevel", "/dimensions/2/grade"]));
  });

  it("ltci-2021 has the 17 items, levels 0–5, and its bands and matrix marked provisional", () => {
    const doc = instrumentOf("ltci-2021").document;
    expect(shapeOf(doc)).toEqual({
      adl: { eating: [0, 5, 10], dressing: [0, 5, 10], faceOralHygiene: [0, 5], bowelControl: [0, 5, 10], urinaryControl: [0, 5, 10], toileting: [0, 5, 10], walking: [0, 5, 10, 15], transfer: [0, 5, 10, 15], stairs: [0, 5, 10], bathing: [0, 5] },
      cognition: { timeOrientation: range(4), personOrientation: range(4), placeOrientation: range(4), memory: range(4) },
      perception: { vision: range(4), hearing: range(4), communication: range(4) },
    });
    expect(doc.levels.map((l) => l.label.zh)).toEqual(["基本正常", "轻度失能", "中度失能", "重度失能Ⅰ级", "重度失能Ⅱ级", "重度失能Ⅲ级"]);
    expect(doc.provisional?.map((p) => p.path)).toEqual(
      expect.arrayContaining(["/dimensions/0/grade", "/dimensions/1/grade", "/dimensions/2/grade", "/preliminaryLevel"]),
    );
  });

  it("barthel-100 has the ten MZ/T 039 ADL items and the MZ/T 039 bands", () => {
    const doc = instrumentOf("barthel-100").document;
    expect(shapeOf(doc)).toEqual({ adl: shapeOf(instrumentOf("mzt039-2013").document).adl });
    expect(doc.preliminaryLevel).toEqual({ basis: "total", bands: [{ min: 100, max: 100, level: 0 }, { min: 65, max: 95, level: 1 }, { min: 45, max: 60, level: 2 }, { min: 0, max: 40, level: 3 }] });
  });

  it("phs-selfcare has the five items, total 0–37 and bands 0–3 / 4–8 / 9–18 / ≥19", () => {
    const doc = instrumentOf("phs-selfcare").document;
    expect(shapeOf(doc)).toEqual({ selfCare: { eating: [0, 3, 5], grooming: [0, 1, 3, 7], dressing: [0, 3, 5], toileting: [0, 1, 5, 10], activity: [0, 1, 5, 10] } });
    expect(doc.total).toEqual({ min: 0, max: 37 });
    expect(doc.preliminaryLevel).toEqual({ basis: "total", bands: [{ min: 0, max: 3, level: 0 }, { min: 4, max: 8, level: 1 }, { min: 9, max: 18, level: 2 }, { min: 19, level: 3 }] });
  });
});

for (const document of INSTRUMENT_DOCUMENTS) {
  const id = document.id;
  const cases = (instrumentOf(id).document.tests ?? []).map((test, index) => ({ ...test, index }));

  describe(`${id} test vectors`, () => {
    it("has test vectors", () => {
      expect(cases.length).toBeGreaterThanOrEqual(8);
    });

    it.each(cases)("$index: $description", (test) => {
      const outcome = safeAssess(instrumentOf(id), test.record, { flags: test.flags });
      if ("issues" in test.expect) {
        const expected = (test.expect as InstrumentTestIssueExpectation).issues.map((i) => `${i.code} ${i.path}`).sort();
        expect(outcome.ok).toBe(false);
        expect(outcome.issues.filter((i) => i.severity === "error").map((i) => `${i.code} ${i.path}`).sort()).toEqual(expected);
        return;
      }
      const expect_ = test.expect as InstrumentTestResultExpectation;
      expect(outcome.ok ? null : outcome.issues).toBeNull();
      if (!outcome.ok) return;
      const value = outcome.value;
      expect(value.level).toBe(expect_.level);
      expect(value.label).toEqual(instrumentOf(id).document.levels[expect_.level]?.label);
      if (expect_.baseLevel !== undefined) expect(value.baseLevel).toBe(expect_.baseLevel);
      if (expect_.total !== undefined) expect(value.total).toBe(expect_.total);
      if (expect_.dimensions !== undefined) expect(value.dimensions).toEqual(expect_.dimensions);
      if (expect_.grades !== undefined) expect(value.grades).toEqual(expect_.grades);
      if (expect_.adjustments !== undefined) expect(value.adjustments.map((a) => a.id)).toEqual(expect_.adjustments);
      if (expect_.nextAssessmentDue !== undefined) expect(value.nextAssessmentDue).toBe(expect_.nextAssessmentDue);
      if (expect_.warnings !== undefined) expect(outcome.issues.map((i) => i.code)).toEqual(expect_.warnings);
      // Every result verifies against its own record, and explains without error.
      expect(verifyResult(instrumentOf(id), test.record, JSON.parse(JSON.stringify(value)), { flags: test.flags }).status).toBe("match");
      expect(explainResult(instrumentOf(id), test.record, { flags: test.flags }).result).toEqual(value);
    });

    it("passes runInstrumentTests", () => {
      const failing = runInstrumentTests(instrumentOf(id)).filter((r) => !r.passed);
      expect(failing).toEqual([]);
    });
  });
}

describe("verifyResult on GB/T 42195", () => {
  const gbt = instrumentOf("gbt42195-2022");
  const full = (gbt.document.tests?.[0]?.record ?? {}) as { items: Record<string, number> };
  const none = { coma: false, diseases: [], riskEvents: { fall: 0, wandering: 0, choking: 0, selfHarm: 0, other: 0 } };
  const record = { id: "v-1", assessedOn: "2025-06-01", items: { ...full.items, eating: 2, stairs: 1, memory: 3 }, ...none, diseases: ["dementia"] };
  // 90 − 2 − 2 − 1 = 85 → level 1; dementia → 2.
  const result = assess(gbt, record);

  it("scores the record as worked out by hand", () => {
    expect([result.total, result.baseLevel, result.level]).toEqual([85, 1, 2]);
  });

  it("catches a tampered score", () => {
    const tampered = { ...result, dimensions: { ...result.dimensions, selfCare: 32 } };
    expect(verifyResult(gbt, record, tampered)).toMatchObject({
      status: "different_answer",
      differences: [{ path: "/dimensions/selfCare", expected: 30, actual: 32 }],
    });
  });

  it("catches a tampered level", () => {
    expect(verifyResult(gbt, record, { ...result, level: 1 })).toMatchObject({
      status: "different_answer",
      differences: [{ path: "/level", expected: 2, actual: 1 }],
    });
  });

  it("catches a result made under another document version", () => {
    const v1 = { ...gbt42195Instrument, effective: { from: "2022-12-30", to: "2025-01-01" } };
    const v2 = { ...gbt42195Instrument, version: "1.2.0", effective: { from: "2025-01-01" }, levelChange: { ceiling: 4, stackRaises: true } };
    const versions = [loadInstrument(v1), loadInstrument(v2)];
    const verification = verifyResult(versions, record, result);
    expect(verification.status).toBe("other_rules");
    expect(verification.differences.map((d) => d.path)).toEqual(["/instrument/version", "/instrument/fingerprint"]);
  });

  it("confirms a result made under a city's non-default flags only when the verifier pins them", () => {
    const withEvents = { ...record, riskEvents: { ...none.riskEvents, fall: 2 } };
    const stacked = assess(gbt, withEvents, { flags: { stackAdjustments: true } });
    expect(stacked.level).toBe(3);
    expect(verifyResult(gbt, withEvents, stacked).status).toBe("other_policy");
    expect(verifyResult(gbt, withEvents, stacked, { flags: { stackAdjustments: true } }).status).toBe("match");
  });
});

describe("explainResult on GB/T 42195", () => {
  it("gives the chain and the points to the next band either way, in both languages", () => {
    const gbt = instrumentOf("gbt42195-2022");
    const full = (gbt.document.tests?.[0]?.record ?? {}) as { items: Record<string, number> };
    const none = { coma: false, diseases: [], riskEvents: { fall: 0, wandering: 0, choking: 0, selfHarm: 0, other: 0 } };
    const record = { id: "e-1", assessedOn: "2025-06-01", items: { ...full.items, eating: 0, grooming: 0, bathing: 0, dressingUpper: 0, dressingLower: 0 }, ...none };
    // 90 − 5 × 4 = 70 → level 1 (66–89): 5 points down reaches 65 (level 2), 20 up reaches 90 (level 0).
    const explanation = explainResult(gbt, record);
    expect(explanation.margins[0]).toEqual({ of: "total", value: 70, band: { min: 66, max: 89 }, result: 1, down: { points: 5, to: 65, result: 2, level: 2 }, up: { points: 20, to: 90, result: 0, level: 0 } });
    expect(explanation.text.zh).toContain("总分 70 在 66–89 分段 → 初步等级 1（能力轻度受损（轻度失能））");
    expect(explanation.text.zh).toContain("总分 70（66–89 分段）：低 5 分（65 分）最终等级为 2（能力中度受损（中度失能））；高 20 分（90 分）最终等级为 0（能力完好）。");
    expect(explanation.text.en).toContain("✗ Coma (C.4, A.5.11): does not hold, coma = false (needs: A.5.11 coma is 'yes'; applies after the raises)");
    expect(explanation.text.zh).toContain("✗ 昏迷（C.4, A.5.11）：不成立，昏迷（coma）= 否");
    expect(explanation.text.en).toContain("Final level 1: Mildly impaired (mild disability)");
  });

  it("gives the margins of a person with dementia in terms of the final level, and disease labels in Chinese", () => {
    const gbt = instrumentOf("gbt42195-2022");
    const full = (gbt.document.tests?.[0]?.record ?? {}) as { items: Record<string, number> };
    const selfCareZero = { eating: 0, grooming: 0, bathing: 0, dressingUpper: 0, dressingLower: 0, urinaryControl: 0, bowelControl: 0, toileting: 0 };
    const none = { coma: false, riskEvents: { fall: 0, wandering: 0, choking: 0, selfHarm: 0, other: 0 } };
    const record = { id: "e-2", assessedOn: "2025-06-01", items: { ...full.items, ...selfCareZero, stairs: 0 }, ...none, diseases: ["hypertension", "dementia"] };
    // 90 − 32 − 3 = 55: preliminary 2, dementia raises to 3. 45 (10 lower) is preliminary 3, raised to 4;
    // 66 (11 higher) is preliminary 1, raised to 2.
    const explanation = explainResult(gbt, record);
    expect([explanation.result.baseLevel, explanation.result.level]).toEqual([2, 3]);
    expect(explanation.margins[0]).toEqual({ of: "total", value: 55, band: { min: 46, max: 65 }, result: 2, down: { points: 10, to: 45, result: 3, level: 4 }, up: { points: 11, to: 66, result: 1, level: 2 } });
    expect(explanation.text.en).toContain("10 point(s) lower (45) gives final level 4 (Completely lost (total disability), preliminary level 3)");
    expect(explanation.text.zh).toContain("低 10 分（45 分）最终等级为 4（能力完全丧失（完全失能），初步等级 3）");
    expect(explanation.result.adjustments[0]?.reason).toEqual({ zh: "疾病诊断：高血压病、痴呆", en: "Diagnoses: Hypertension, Dementia" });
  });

  it("says when MZ/T 039 leaves a preliminary level 3 unchanged", () => {
    const mzt = instrumentOf("mzt039-2013");
    const frozen = mzt.document.tests?.find((t) => (t.record as { id?: string }).id === "mzt-frozen");
    const explanation = explainResult(mzt, frozen?.record);
    expect(explanation.text.en).toContain("Preliminary level 3 ≥ 3: the level-change rules do not apply; the level stays.");
  });
});

describe("adjustment conditions", () => {
  it("hold when their rule's value is truthy in the JSON Logic sense, not only when it is true", () => {
    const edited = JSON.parse(JSON.stringify(gbt42195Instrument)) as { adjustments: Array<{ id: string; when: unknown }> };
    const dementia = edited.adjustments.find((a) => a.id === "dementia") as { when: unknown };
    dementia.when = { if: [dementia.when, 1, 0] };
    const instrument = loadInstrument(edited);
    const vector = (gbt42195Instrument.tests as Array<{ description: string; record: Record<string, unknown> }>).find((t) => t.description.startsWith("Dementia alone"));
    expect(vector).toBeDefined();
    const result = assess(instrument, vector?.record);
    expect(result.adjustments.map((a) => a.id)).toEqual(["dementia"]);
    expect(result.level).toBe(result.baseLevel + 1);
    const without = assess(instrument, { ...vector?.record, diseases: ["hypertension"] });
    expect(without.adjustments).toEqual([]);
  });
});
