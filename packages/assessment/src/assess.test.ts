import { isYiyangError, type Issue } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { assess, safeAssess } from "./assess";
import { loadInstrument } from "./load-instrument";
import { verifyResult } from "./verify-result";
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
      provisional: [],
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
      "provisional",
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
        reason: { zh: "诊断：中文：Flu、中文：Dementia", en: "Diagnoses: Flu, Dementia" },
      },
    ]);
  });

  it("raises once for several conditions unless the stacking flag is set, and never above the ceiling", () => {
    // walk 3 + stairs 3 + memory 4 = 10 → level 0; dementia and fall 2 both hold.
    const record = { ...miniRecord(), diseases: ["dementia"], riskEvents: { fall: 2, other: 0 } };
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
    const record = { ...miniRecord(), riskEvents: { fall: 1, other: 0 }, diseases: ["dementia"], coma: false };
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
    const result = safeAssess(JSON.parse('{"id":"z","assessedOn":"2025-01-15","items":{"walk":-0,"stairs":3,"memory":4},"coma":false,"diseases":[],"riskEvents":{"fall":0,"other":0}}'), { instrument });
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

describe("assess: the subject at the boundary", () => {
  const scoredSex = (sex: unknown) => {
    const outcome = safeAssess(instrument, { ...miniRecord(), subject: { sex } });
    return outcome.ok ? [outcome.value.subject?.sex, outcome.issues.map((i) => i.code)] : outcome.issues.map((i) => i.code);
  };

  it("reads every sex coding into the FHIR code the result carries", () => {
    const codings: Array<[unknown, string]> = [
      ["male", "male"], ["female", "female"], ["other", "other"], ["unknown", "unknown"],
      ["0", "unknown"], ["1", "male"], ["2", "female"], ["9", "unknown"], [1, "male"], [2, "female"],
      ["M", "male"], ["F", "female"], ["O", "other"], ["U", "unknown"], ["A", "other"], ["N", "unknown"],
      ["男", "male"], ["女", "female"], ["未知", "unknown"],
    ];
    for (const [written, code] of codings) expect([written, scoredSex(written)]).toEqual([written, [code, []]]);
  });

  it("never blocks a score over a sex code: an unknown spelling is a warning and reads as unknown", () => {
    expect(scoredSex("X")).toEqual(["unknown", ["unknown_sex_code"]]);
    expect(scoredSex(3)).toEqual(["unknown", ["unknown_sex_code"]]);
  });

  it("puts the subject right after assessedOn, and only when a sex is known", () => {
    const result = assess(instrument, { ...miniRecord(), subject: { sex: "F", birthDate: "1950-01-01" } });
    expect(Object.keys(result).slice(0, 4)).toEqual(["id", "assessedOn", "subject", "instrument"]);
    expect(result.subject).toEqual({ sex: "female" });
    expect("subject" in assess(instrument, { ...miniRecord(), subject: { birthDate: "1950-01-01" } })).toBe(false);
    expect("subject" in assess(instrument, miniRecord())).toBe(false);
  });

  // 11010519491231002X: born 1949-12-31, sequence 002 (even: female); check character X (see core's tests).
  // 110105196601010010: born 1966-01-01, sequence 001 (odd: male); 7+9+0+5+0+20+2+9+36+18+0+9+0+5+0+0+2 = 122, 122 mod 11 = 1 → "0".
  it("takes the birth date and sex from a valid ID number when the record gives none", () => {
    const outcome = safeAssess(instrument, { ...miniRecord(), subject: { idNumber: "110105196601010010" } });
    // Born 1966-01-01, 59 on 2025-01-15: under the minimum age 60, reported at the ID number.
    expect(outcome.ok && [outcome.value.subject, outcome.issues.map((i) => `${i.code} ${i.path}`)]).toEqual([
      { sex: "male" },
      ["under_minimum_age /subject/idNumber"],
    ]);
    const older = assess(instrument, { ...miniRecord(), subject: { idNumber: "11010519491231002X" } });
    expect(older.subject).toEqual({ sex: "female" });
  });

  it("accepts a birth date and sex that agree with the ID number, and an unknown sex the ID then fills", () => {
    const agree = safeAssess(instrument, { ...miniRecord(), subject: { birthDate: "1949-12-31", sex: "女", idNumber: "11010519491231002X" } });
    expect(agree.ok && agree.value.subject).toEqual({ sex: "female" });
    const unknown = safeAssess(instrument, { ...miniRecord(), subject: { sex: "9", idNumber: "11010519491231002X" } });
    expect(unknown.ok && unknown.value.subject).toEqual({ sex: "female" });
  });

  it("refuses a birth date or a sex that contradicts the ID number, naming both values", () => {
    const birth = safeAssess(instrument, { ...miniRecord(), subject: { birthDate: "1949-12-30", idNumber: "11010519491231002X" } });
    expect(birth.ok).toBe(false);
    expect(birth.issues.map((i) => [i.code, i.path, i.params])).toEqual([
      ["id_number_mismatch", "/subject/birthDate", { field: "birthDate", given: "1949-12-30", fromIdNumber: "1949-12-31" }],
    ]);
    expect(birth.issues[0]?.message).toBe("The birth date 1949-12-30 differs from the birth date in the ID number, 1949-12-31.");
    const sex = safeAssess(instrument, { ...miniRecord(), subject: { sex: "1", idNumber: "11010519491231002X" } });
    expect(sex.issues.map((i) => [i.code, i.path, i.messageZh])).toEqual([["id_number_mismatch", "/subject/sex", "性别 男 与公民身份号码中的性别 女 不一致。"]]);
  });

  it("refuses an invalid ID number, and a birth date in it that is after the assessment", () => {
    const codes = (idNumber: unknown) => safeAssess(instrument, { ...miniRecord(), subject: { idNumber } }).issues.map((i) => `${i.code} ${i.path} ${String(i.params?.reason ?? "")}`);
    expect(codes("110105194912310021")).toEqual(["invalid_id_number /subject/idNumber check_digit"]);
    expect(codes("1101051949123100")).toEqual(["invalid_id_number /subject/idNumber length"]);
    expect(codes(110105194912310020)).toEqual(["invalid_id_number /subject/idNumber type"]);
    // 650102200111051560: born 2001-11-05 … a record assessed on 2001-01-01 predates the birth.
    expect(safeAssess(instrument, { ...miniRecord(), assessedOn: "2001-01-01", subject: { idNumber: "650102200111051560" } }).issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      "no_version_in_force /assessedOn",
      "birth_after_assessment /subject/idNumber",
    ]);
  });

  it("never puts the ID number, or its digits, in a result, an issue or an error", () => {
    const numbers = ["11010519491231002X", "110105194912310021", "110105196601010010"];
    for (const idNumber of numbers) {
      const outcome = safeAssess(instrument, { ...miniRecord(), subject: { birthDate: "1949-12-30", sex: "M", idNumber } });
      const text = JSON.stringify(outcome);
      expect(text).not.toContain(idNumber);
      expect(text).not.toContain(idNumber.slice(0, 6));
      expect(text).not.toContain(idNumber.slice(-4));
      const ok = safeAssess(instrument, { ...miniRecord(), subject: { idNumber } });
      expect(JSON.stringify(ok)).not.toContain(idNumber.slice(0, 6));
    }
    expect(JSON.stringify(thrown(() => assess(instrument, { ...miniRecord(), subject: { idNumber: "110105194912310021" } })))).not.toContain("110105");
    const error = thrown(() => assess(instrument, { ...miniRecord(), subject: { idNumber: "110105194912310021" } })) as Error;
    expect(error.message).not.toContain("110105");
  });
});

describe("assess: the inputs the level-change rules read are required", () => {
  it("lists them on the loaded instrument, following computed values to the counts they add up", () => {
    // coma (the coma rule), diseases (the dementia rule), fall and other (the events rule, through computed.events).
    expect(instrument.requiredInputs).toEqual(["/coma", "/diseases", "/riskEvents/fall", "/riskEvents/other"]);
  });

  it("refuses a record lacking any of them, each at its path, naming the rule that reads it", () => {
    const without = (field: string) => {
      const record = miniRecord();
      delete record[field];
      return safeAssess(instrument, record);
    };
    for (const [field, path] of [["coma", "/coma"], ["diseases", "/diseases"], ["riskEvents", "/riskEvents"]] as const) {
      const outcome = without(field);
      expect([field, outcome.ok, outcome.issues.map((i) => `${i.severity} ${i.code} ${i.path}`)]).toEqual([field, false, [`error missing_input ${path}`]]);
    }
    expect(without("coma").issues[0]?.message).toBe(
      'The record does not give coma, which the level-change rule "Coma" (X.3) reads: give it, written as false, [] or 0 when there is none (an absent value is never taken as none).',
    );
    expect(without("riskEvents").issues[0]?.messageZh).toContain("等级变更规则「中文：Events」（X.2）");
    const oneCount = safeAssess(instrument, { ...miniRecord(), riskEvents: { fall: 2 } });
    expect(oneCount.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["missing_input /riskEvents/other"]);
  });

  it("accepts them written as empty: false, [] and zeros", () => {
    const result = assess(instrument, { ...miniRecord(), coma: false, diseases: [], riskEvents: { fall: 0, other: 0 } });
    expect([result.level, result.adjustments]).toEqual([0, []]);
  });

  it("does not require an input read with a var default: the document says what its absence means", () => {
    const doc = miniDocument();
    doc.adjustments[2].when = { "==": [{ var: ["coma", true] }, true] };
    const lenient = loadInstrument(doc);
    expect(lenient.requiredInputs).toEqual(["/diseases", "/riskEvents/fall", "/riskEvents/other"]);
    const record = miniRecord();
    delete record.coma;
    // The default (true) is what an absent coma reads as: this document says "absent means coma".
    expect(assess(lenient, record).level).toBe(2);
    expect(assess(lenient, { ...record, coma: false }).level).toBe(0);
  });

  it("requires a birth date when a rule deciding the level reads the age", () => {
    const doc = miniDocument();
    doc.adjustments[0].when = { and: [{ in: ["dementia", { var: "diseases" }] }, { ">=": [{ var: "age" }, 80] }] };
    const aged = loadInstrument(doc);
    expect(aged.requiredInputs).toEqual(["/subject/birthDate", "/coma", "/diseases", "/riskEvents/fall", "/riskEvents/other"]);
    expect(safeAssess(aged, miniRecord()).issues.map((i) => `${i.code} ${i.path}`)).toEqual(["missing_input /subject/birthDate"]);
    // The ID number's birth date (1949-12-31: 75 on 2025-01-15) is enough.
    expect(safeAssess(aged, { ...miniRecord(), subject: { idNumber: "11010519491231002X" } }).ok).toBe(true);
  });
});

describe("assess: the provisional notes a result rests on", () => {
  const noted = (paths: string[]) => {
    const doc = miniDocument();
    doc.provisional = paths.map((path) => ({ path, note: { zh: "待核实。", en: "To be checked." } }));
    return loadInstrument(doc);
  };

  it("lists none for a document without notes", () => {
    expect(assess(instrument, miniRecord()).provisional).toEqual([]);
  });

  it("lists a note on the whole document, the dates, the total or the dimensions for every result", () => {
    const paths = ["", "/effective/from", "/total", "/dimensions/0", "/reassessment"];
    expect(assess(noted(paths), miniRecord()).provisional).toEqual(paths);
  });

  it("lists a note on an option only when the record chose it, on a band or level only when it was reached", () => {
    // memory's options are 0, 2, 4 (index 2 is score 4); band 0 is 9–10 (level 0), band 2 is 0–4.
    const doc = noted(["/dimensions/1/items/0/options/2/text", "/preliminaryLevel/bands/0", "/preliminaryLevel/bands/2", "/levels/1"]);
    expect(assess(doc, miniRecord()).provisional).toEqual(["/dimensions/1/items/0/options/2/text", "/preliminaryLevel/bands/0"]);
    expect(assess(doc, { ...miniRecord(), items: { walk: 1, stairs: 1, memory: 0 } }).provisional).toEqual(["/preliminaryLevel/bands/2"]);
    expect(assess(doc, { ...miniRecord(), diseases: ["dementia"] }).provisional).toEqual(["/dimensions/1/items/0/options/2/text", "/preliminaryLevel/bands/0", "/levels/1"]);
  });

  it("lists a note on a disease only when it is listed, on a check only when it fired, on the age scope only with an age", () => {
    const doc = noted(["/diseases/1", "/checks/0", "/subject/minimumAge", "/riskEvents/types/0"]);
    expect(assess(doc, miniRecord()).provisional).toEqual([]);
    expect(assess(doc, { ...miniRecord(), diseases: ["flu"], coma: true, subject: { birthDate: "1950-01-01" }, riskEvents: { fall: 1, other: 0 } }).provisional).toEqual([
      "/diseases/1",
      "/checks/0",
      "/subject/minimumAge",
      "/riskEvents/types/0",
    ]);
  });

  it("lists a note on a policy flag only when the flag's other value would change the level", () => {
    const doc = noted(["/policyFlags/stack", "/policyFlags/countOther"]);
    // One raise: stacking cannot matter; other 0: counting it cannot matter.
    expect(assess(doc, { ...miniRecord(), diseases: ["dementia"] }).provisional).toEqual([]);
    // Two raises from level 0: stacking gives 2, not 1.
    expect(assess(doc, { ...miniRecord(), diseases: ["dementia"], riskEvents: { fall: 2, other: 0 } }).provisional).toEqual(["/policyFlags/stack"]);
    // fall 1 + other 1 = 2 raises only while other counts.
    expect(assess(doc, { ...miniRecord(), riskEvents: { fall: 1, other: 1 } }).provisional).toEqual(["/policyFlags/countOther"]);
    // fall 2 + other 1: 2 either way, so countOther changes nothing.
    expect(assess(doc, { ...miniRecord(), riskEvents: { fall: 2, other: 1 } }).provisional).toEqual([]);
  });

  it("keeps a result straight from assess verifying as a match", () => {
    const doc = noted(["/policyFlags/stack", "/preliminaryLevel"]);
    const record = { ...miniRecord(), diseases: ["dementia"], riskEvents: { fall: 2, other: 0 } };
    const result = assess(doc, record);
    expect(result.provisional).toEqual(["/policyFlags/stack", "/preliminaryLevel"]);
    expect(verifyResult(doc, record, JSON.parse(JSON.stringify(result))).status).toBe("match");
    expect(verifyResult(doc, record, { ...result, provisional: [] })).toMatchObject({ status: "different_answer" });
  });
});
