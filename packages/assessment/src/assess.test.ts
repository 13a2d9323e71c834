import { isYiyangError, type Issue } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { assess, safeAssess } from "./assess";
import { loadInstrument } from "./load-instrument";
import { miniDocument, miniRecord } from "./mini-instrument.fixture";

const instrument = loadInstrument(miniDocument());

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("assess", () => {
  it("returns exactly the result fields, naming the rules used", () => {
    const result = assess({ ...miniRecord(), items: { walk: 2, stairs: 1, memory: 4 } }, { instrument });
    // body 2 + 1 = 3, mind 4, total 7 → band 5–8 → level 1.
    expect(result).toEqual({
      id: "r1",
      assessedOn: "2025-01-15",
      instrument: { id: "mini", version: "1.0.0", fingerprint: instrument.fingerprint },
      flags: { stack: false, countOther: true },
      dimensions: { body: 3, mind: 4 },
      total: 7,
      baseLevel: 1,
      adjustments: [],
      level: 1,
      label: { zh: "中文：Fair", en: "Fair" },
      nextAssessmentDue: "2026-01-15",
    });
    expect(Object.keys(result)).toEqual([
      "id",
      "assessedOn",
      "instrument",
      "flags",
      "dimensions",
      "total",
      "baseLevel",
      "adjustments",
      "level",
      "label",
      "nextAssessmentDue",
    ]);
  });

  it("lists each adjustment applied with its rule, effect, levels and reason", () => {
    const record = { ...miniRecord(), items: { walk: 2, stairs: 1, memory: 4 }, diseases: ["flu", "dementia"] };
    expect(assess(record, { instrument }).adjustments).toEqual([
      {
        id: "dementia",
        clause: "X.1",
        effect: { raise: 1 },
        fromLevel: 1,
        toLevel: 2,
        reason: { zh: "诊断：flu, dementia", en: "Diagnoses: flu, dementia" },
      },
    ]);
  });

  it("raises once for several conditions unless the stacking flag is set, and never above the ceiling", () => {
    // walk 3 + stairs 3 + memory 4 = 10 → level 0; dementia and fall 2 both hold.
    const record = { ...miniRecord(), diseases: ["dementia"], riskEvents: { fall: 2 } };
    const single = assess(record, { instrument });
    expect([single.level, single.adjustments.map((a) => [a.id, a.fromLevel, a.toLevel])]).toEqual([1, [["dementia", 0, 1], ["events", 1, 1]]]);
    const stacked = assess(record, { instrument, flags: { stack: true } });
    expect([stacked.level, stacked.flags]).toEqual([2, { stack: true, countOther: true }]);
    // 6 → level 1, stacked +2 would be 3: the ceiling is 2.
    const capped = assess({ ...record, items: { walk: 1, stairs: 1, memory: 4 } }, { instrument, flags: { stack: true } });
    expect([capped.baseLevel, capped.level]).toEqual([1, 2]);
  });

  it("applies set-level rules after the raises", () => {
    const result = assess({ ...miniRecord(), coma: true, diseases: ["dementia"] }, { instrument });
    expect(result.adjustments.map((a) => [a.id, a.fromLevel, a.toLevel])).toEqual([["dementia", 0, 1], ["coma", 1, 2]]);
    expect(result.level).toBe(2);
  });

  it("counts risk events as the document's computed value says, flags included", () => {
    const record = { ...miniRecord(), riskEvents: { fall: 1, other: 1 } };
    expect(assess(record, { instrument }).level).toBe(1);
    expect(assess(record, { instrument, flags: { countOther: false } }).level).toBe(0);
  });

  it("resolves flags afresh when the caller changes the same flags object", () => {
    const flags: Record<string, boolean> = { countOther: true };
    const record = { ...miniRecord(), riskEvents: { fall: 1, other: 1 } };
    expect(assess(record, { instrument, flags }).level).toBe(1);
    flags.countOther = false;
    expect(assess(record, { instrument, flags }).level).toBe(0);
    delete flags.countOther;
    expect(assess(record, { instrument, flags }).level).toBe(1);
  });

  it("throws invalid_argument for an unknown or non-boolean flag", () => {
    const unknown = thrown(() => assess(miniRecord(), { instrument, flags: { stacking: true } }));
    expect(isYiyangError(unknown) && [unknown.code, unknown.issues[0]?.code]).toEqual(["invalid_argument", "unknown_flag"]);
    const notBoolean = thrown(() => assess(miniRecord(), { instrument, flags: { stack: "yes" as unknown as boolean } }));
    expect(isYiyangError(notBoolean) && notBoolean.issues[0]?.code).toBe("invalid_flag");
  });

  it("throws invalid_argument for something that is not a loaded instrument", () => {
    const error = thrown(() => assess(miniRecord(), { instrument: miniDocument() as never }));
    expect(isYiyangError(error) && error.code).toBe("invalid_argument");
  });

  it("throws invalid_input with every issue for a bad record", () => {
    const error = thrown(() => assess({ ...miniRecord(), items: { walk: 7 } }, { instrument }));
    expect(isYiyangError(error) && error.code).toBe("invalid_input");
    expect(isYiyangError(error) && error.issues.map((i) => i.code)).toEqual(["invalid_option", "missing_item", "missing_item"]);
    expect(isYiyangError(error) && error.messageZh).toContain("记录无效");
  });

  it("picks the version in force on assessedOn", () => {
    const v1 = miniDocument();
    v1.effective = { from: "2020-01-01", to: "2025-01-01" };
    const v2 = miniDocument();
    v2.version = "2.0.0";
    v2.effective = { from: "2025-01-01" };
    v2.preliminaryLevel.bands = [
      { min: 10, max: 10, level: 0 },
      { min: 5, max: 9, level: 1 },
      { min: 0, max: 4, level: 2 },
    ];
    const versions = [loadInstrument(v1), loadInstrument(v2)];
    const record = { ...miniRecord(), items: { walk: 3, stairs: 2, memory: 4 } }; // 9
    expect([assess({ ...record, assessedOn: "2024-12-31" }, { instrument: versions }).level, assess({ ...record, assessedOn: "2024-12-31" }, { instrument: versions }).instrument.version]).toEqual([0, "1.0.0"]);
    expect([assess(record, { instrument: versions }).level, assess(record, { instrument: versions }).instrument.version]).toEqual([1, "2.0.0"]);
    const early = safeAssess({ ...record, assessedOn: "2019-12-31" }, { instrument: versions });
    expect(early.ok ? [] : early.issues.map((i: Issue) => `${i.code} ${i.path}`)).toEqual(["no_version_in_force /assessedOn"]);
  });

  it("throws overlapping_versions when two versions claim the same day", () => {
    const v2 = miniDocument();
    v2.version = "2.0.0";
    const error = thrown(() => assess(miniRecord(), { instrument: [instrument, loadInstrument(v2)] }));
    expect(isYiyangError(error) && error.code).toBe("overlapping_versions");
  });

  it("does not mutate the record", () => {
    const record = { ...miniRecord(), riskEvents: { fall: 1 }, diseases: ["dementia"], coma: false };
    const copy = structuredClone(record);
    assess(record, { instrument });
    expect(record).toEqual(copy);
  });
});

describe("safeAssess", () => {
  it("returns the result with its warnings", () => {
    const result = safeAssess({ ...miniRecord(), coma: true }, { instrument });
    expect(result.ok && [result.value.level, result.issues.map((i) => `${i.severity} ${i.code}`)]).toEqual([2, ["warning coma_with_memory"]]);
  });

  it("never yields a result for a bad record", () => {
    const result = safeAssess({ ...miniRecord(), items: { walk: 3, stairs: 3, memory: 1 } }, { instrument });
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ code: "invalid_option", path: "/items/memory", severity: "error" })] });
  });

  it("reports a rule that returns something that is not a level, instead of a wrong result", () => {
    const doc = miniDocument();
    doc.preliminaryLevel = { basis: "rule", rule: { "+": [{ var: "total" }, 0] }, description: { zh: "总分即等级", en: "The total is the level" } };
    const broken = loadInstrument(doc);
    const result = safeAssess(miniRecord(), { instrument: broken });
    expect(result.ok ? null : result.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["invalid_rule_result "]);
    expect(isYiyangError(thrown(() => assess(miniRecord(), { instrument: broken })))).toBe(true);
  });

  it("treats a -0 score like 0", () => {
    const result = safeAssess(JSON.parse('{"id":"z","assessedOn":"2025-01-15","items":{"walk":-0,"stairs":3,"memory":4}}'), { instrument });
    expect(result.ok && [result.value.total, Object.is(result.value.dimensions.body, 3)]).toEqual([7, true]);
  });
});

describe("assess over a batch", () => {
  it("scores records whose items come in different key orders, with keys missing or unknown", () => {
    const score = (items: Record<string, unknown>) => safeAssess({ ...miniRecord(), items }, { instrument });
    const outcomes = [
      score({ walk: 3, stairs: 2, memory: 4 }),
      score({ memory: 0, walk: 1, stairs: 1 }),
      score({ walk: 3, stairs: 2, memory: 4 }),
      score({ walk: 3, extra: 1, stairs: 2, memory: 4 }),
      score({ walk: 3, stairs: 2 }),
      score({ walk: 3, stairs: 2, memory: 2 }),
      score({ stairs: 0, memory: 2, walk: 0 }),
    ];
    expect(outcomes.map((o) => (o.ok ? o.value.total : o.issues.map((i) => `${i.code} ${i.path}`).join(", ")))).toEqual([
      9,
      2,
      9,
      "unknown_item /items/extra",
      "missing_item /items/memory",
      7,
      2,
    ]);
  });

  it("reads only the items' own keys, whatever their prototype", () => {
    const items = Object.assign(Object.create({ memory: 4, inherited: 1 }), { walk: 3, stairs: 3 }) as Record<string, unknown>;
    const outcome = safeAssess({ ...miniRecord(), items }, { instrument });
    expect(outcome.ok ? null : outcome.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["missing_item /items/memory"]);
  });
});
