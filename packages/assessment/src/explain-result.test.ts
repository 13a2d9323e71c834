import { isYiyangError } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { assess } from "./assess";
import { explainResult } from "./explain-result";
import { loadInstrument } from "./load-instrument";
import { miniDocument, miniRecord } from "./mini-instrument.fixture";

const instrument = loadInstrument(miniDocument());

describe("explainResult", () => {
  it("returns the same result as assess", () => {
    const record = { ...miniRecord(), diseases: ["dementia"] };
    expect(explainResult(record, { instrument }).result).toEqual(assess(record, { instrument }));
  });

  it("walks the chain items → dimensions → total → band → adjustments → final level", () => {
    const record = { ...miniRecord(), items: { walk: 2, stairs: 1, memory: 4 }, diseases: ["dementia"] };
    const { steps } = explainResult(record, { instrument });
    expect(steps.map((s) => s.kind)).toEqual([
      "note",
      "item",
      "item",
      "dimension",
      "item",
      "dimension",
      "total",
      "preliminary",
      "adjustment",
      "adjustment",
      "adjustment",
      "final",
      "margin",
      "note",
    ]);
    const en = steps.map((s) => s.en);
    expect(en[1]).toBe("A.1 Walking (walk): 2/3, walk 2");
    expect(en[3]).toBe("A Body: 3/6");
    expect(en[6]).toBe("Total = 3 + 4 = 7/10");
    expect(en[7]).toBe("The total 7 is in the band 5–8 → preliminary level 1 (Fair)");
    expect(en[8]).toBe("✓ Dementia (X.1): dementia diagnosed; Diagnoses: Dementia → raise 1 level(s) (ceiling 2): 1 → 2");
    expect(en[9]).toBe("✗ Events (X.2): does not hold, computed.events = 0 (needs: two or more events)");
    expect(steps[10]?.en).toBe("✗ Coma (X.3): does not hold, coma = false (needs: in a coma)");
    expect(steps[10]?.zh).toBe("✗ 中文：Coma（X.3）：不成立，昏迷（coma）= 否（条件：中文：in a coma）");
    expect(en[11]).toBe("Final level 2: Poor");
  });

  it("says how many points lie to another final level either way", () => {
    const { margins, steps } = explainResult({ ...miniRecord(), items: { walk: 2, stairs: 1, memory: 4 } }, { instrument });
    // 7 is in 5–8: 3 points down reaches 4 (level 2); 2 points up reaches 9 (level 0).
    expect(margins).toEqual([
      { of: "total", value: 7, band: { min: 5, max: 8 }, result: 1, down: { points: 3, to: 4, result: 2, level: 2 }, up: { points: 2, to: 9, result: 0, level: 0 } },
    ]);
    const margin = steps.find((s) => s.kind === "margin");
    expect(margin?.zh).toBe("总分 7（5–8 分段）：低 3 分（4 分）最终等级为 2（中文：Poor）；高 2 分（9 分）最终等级为 0（中文：Good）。");
    expect(margin?.en).toBe("The total 7 (band 5–8): 3 point(s) lower (4) gives final level 2 (Poor); 2 point(s) higher (9) gives final level 0 (Good).");
  });

  it("speaks of the final level: the rules that hold for the record apply at the neighbouring scores too", () => {
    // 9 (band 9–10, level 0) with dementia: final 1. Down to 8 (band 5–8, level 1) would be raised to 2;
    // up, 10 stays in the band (final 1), so nothing above changes the final level.
    const { margins, steps } = explainResult({ ...miniRecord(), items: { walk: 3, stairs: 2, memory: 4 }, diseases: ["dementia"] }, { instrument });
    expect(margins).toEqual([{ of: "total", value: 9, band: { min: 9, max: 10 }, result: 0, down: { points: 1, to: 8, result: 1, level: 2 }, up: null }]);
    const margin = steps.find((s) => s.kind === "margin");
    expect(margin?.en).toBe("The total 9 (band 9–10): 1 point(s) lower (8) gives final level 2 (Poor, preliminary level 1); no higher score changes the final level.");
    expect(margin?.zh).toBe("总分 9（9–10 分段）：低 1 分（8 分）最终等级为 2（中文：Poor，初步等级 1）；高没有能改变最终等级的分值。");
  });

  it("finds no score that changes the level of a person in a coma", () => {
    const { margins } = explainResult({ ...miniRecord(), coma: true, items: { walk: 2, stairs: 1, memory: 4 } }, { instrument });
    expect(margins).toEqual([{ of: "total", value: 7, band: { min: 5, max: 8 }, result: 1, down: null, up: null }]);
  });

  it("counts only totals the items can make when measuring the margin", () => {
    const doc = miniDocument();
    const options = (scores: number[]) => scores.map((score) => ({ score, text: { zh: "x", en: "x" } }));
    doc.dimensions[0].items[0].options = options([0, 3]);
    doc.dimensions[0].items[1].options = options([0, 3]);
    doc.dimensions[1].items[0].options = options([0, 4]);
    // Reachable totals: 0, 3, 4, 6, 7, 10.
    const sparse = loadInstrument(doc);
    const { margins } = explainResult({ ...miniRecord(), items: { walk: 3, stairs: 3, memory: 0 } }, { instrument: sparse });
    expect(margins[0]).toEqual({ of: "total", value: 6, band: { min: 5, max: 8 }, result: 1, down: { points: 2, to: 4, result: 2, level: 2 }, up: { points: 4, to: 10, result: 0, level: 0 } });
  });

  it("has no margin beyond the top or bottom band", () => {
    const { margins } = explainResult(miniRecord(), { instrument });
    expect([margins[0]?.up, margins[0]?.down]).toEqual([null, { points: 2, to: 8, result: 1, level: 1 }]);
  });

  it("explains why a raise changed nothing: the stacking policy or the ceiling", () => {
    const record = { ...miniRecord(), diseases: ["dementia"], riskEvents: { fall: 2, other: 0 } };
    const notStacked = explainResult(record, { instrument }).steps.filter((s) => s.kind === "adjustment").map((s) => s.zh);
    expect(notStacked[1]).toContain("1 → 1（不叠加：多项升级条件同时成立只提高一次）");
    const capped = explainResult({ ...record, items: { walk: 0, stairs: 0, memory: 0 } }, { instrument }).steps.filter((s) => s.kind === "adjustment");
    expect(capped[0]?.en).toContain("2 → 2 (already at the ceiling 2)");
  });

  it("names the policy flag deciding how several raises combine", () => {
    const record = { ...miniRecord(), diseases: ["dementia"], riskEvents: { fall: 2, other: 0 } };
    const text = explainResult(record, { instrument, flags: { stack: true } }).text.en;
    expect(text).toContain("Policy flag stack = true: each raise counts.");
  });

  it("lists the warnings and the provisional notes the result rests on, and no others", () => {
    const doc = {
      ...miniDocument(),
      provisional: [
        { path: "/preliminaryLevel", note: { zh: "分段待核", en: "Bands to be checked" } },
        { path: "/diseases/1", note: { zh: "流感待核", en: "Flu to be checked" } },
      ],
    };
    const { steps, warnings } = explainResult({ ...miniRecord(), coma: true }, { instrument: loadInstrument(doc) });
    expect(warnings.map((w) => w.code)).toEqual(["coma_with_memory"]);
    expect(steps.filter((s) => s.kind === "warning").map((s) => s.en)).toEqual(["Warning: coma with memory"]);
    expect(steps.filter((s) => s.kind === "note" && s.en.startsWith("Provisional")).map((s) => s.en)).toEqual(["Provisional (/preliminaryLevel): Bands to be checked"]);
  });

  it("shows disease labels, not ids, in the reader's language", () => {
    const { steps } = explainResult({ ...miniRecord(), diseases: ["flu", "dementia"] }, { instrument });
    const dementia = steps.find((s) => s.kind === "adjustment" && s.en.startsWith("✓"));
    expect(dementia?.zh).toContain("诊断：中文：Flu、中文：Dementia");
    expect(dementia?.en).toContain("Diagnoses: Flu, Dementia");
  });

  it("throws invalid_input for a bad record", () => {
    let caught: unknown;
    try {
      explainResult({ ...miniRecord(), items: {} }, { instrument });
    } catch (error) {
      caught = error;
    }
    expect(isYiyangError(caught) && [caught.code, caught.issues.length]).toEqual(["invalid_input", 3]);
  });
});
