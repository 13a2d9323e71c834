import { assess, loadInstrument, safeAssess } from "@yiyang/assessment";
import { describe, expect, it } from "vitest";
import { evaluateItem, expressionOf, smallDocument, smallRecord } from "./small-instrument.fixture";
import { toLevelCodeSystem } from "./to-level-code-system";
import { safeToQuestionnaire, toQuestionnaire } from "./to-questionnaire";
import { toQuestionnaireResponse } from "./to-questionnaire-response";

const small = loadInstrument(smallDocument());

/** The small instrument with its document changed. */
function changed(change: (doc: Record<string, any>) => void) {
  const doc = smallDocument();
  change(doc);
  return loadInstrument(doc);
}

describe("toQuestionnaire", () => {
  it("lays the instrument out as groups of questions, the standard's code as linkId and the key as code, each option scored", () => {
    const q = toQuestionnaire(small);
    expect(q).toMatchObject({ resourceType: "Questionnaire", url: "https://yiyang-health.github.io/fhir/Questionnaire/small", version: "1.0.0", title: "中文：Small instrument" });
    const body = q.item?.find((i) => i.linkId === "A");
    expect(body?.item?.map((i) => i.linkId)).toEqual(["A.1", "A.2"]);
    expect(body?.item?.[0]?.code?.[0]).toMatchObject({ code: "walk", system: "https://yiyang-health.github.io/fhir/CodeSystem/small-item" });
    expect(body?.item?.[0]?.answerOption?.[3]).toEqual({
      extension: [{ url: "http://hl7.org/fhir/StructureDefinition/ordinalValue", valueDecimal: 3 }],
      valueCoding: {
        system: "https://yiyang-health.github.io/fhir/CodeSystem/small-answer",
        code: "walk-3",
        display: "中文：walk 3",
        _display: { extension: [{ url: "http://hl7.org/fhir/StructureDefinition/translation", extension: [{ url: "lang", valueCode: "en" }, { url: "content", valueString: "walk 3" }] }] },
      },
    });
    expect(q.extension?.[0]).toEqual({ url: "https://yiyang-health.github.io/fhir/StructureDefinition/document-fingerprint", valueString: small.fingerprint });
    // The adjustment inputs the rules read are asked.
    expect(q.item?.map((i) => i.linkId)).toEqual(["/assessedOn", "/subject", "/coma", "/diseases", "/riskEvents", "A", "B", "scores"]);
  });

  it("calculates the total and the level, adjustments included, as HL7's FHIRPath engine reads them", () => {
    const q = toQuestionnaire(small);
    const cases: Array<[Record<string, unknown>, number, number]> = [
      [smallRecord(), 10, 0],
      [{ ...smallRecord(), items: { walk: 1, stairs: 1, memory: 4 } }, 6, 1],
      // The band edges: 9 is still 0, 5 is still 1, 4 is 2.
      [{ ...smallRecord(), items: { walk: 3, stairs: 2, memory: 4 } }, 9, 0],
      [{ ...smallRecord(), items: { walk: 1, stairs: 0, memory: 4 } }, 5, 1],
      [{ ...smallRecord(), items: { walk: 0, stairs: 0, memory: 4 } }, 4, 2],
      [{ ...smallRecord(), items: { walk: 1, stairs: 1, memory: 4 }, diseases: ["dementia"] }, 6, 2],
      [{ ...smallRecord(), diseases: ["flu"], riskEvents: { fall: 1, other: 1 } }, 10, 1],
      [{ ...smallRecord(), coma: true }, 10, 2],
    ];
    for (const [record, total, level] of cases) {
      const result = assess(small, record);
      expect([result.total, result.level]).toEqual([total, level]);
      const response = toQuestionnaireResponse(small, record);
      expect(evaluateItem(q, response, "total")).toEqual([total]);
      expect(evaluateItem(q, response, "level")).toEqual([String(level)]);
    }
  });

  it("compiles the policy flags into the level, under a URL of its own", () => {
    const record = { ...smallRecord(), diseases: ["dementia"], riskEvents: { fall: 2, other: 0 } };
    const plain = toQuestionnaire(small);
    const stacked = toQuestionnaire(small, { flags: { stack: true } });
    expect(stacked.url).toBe("https://yiyang-health.github.io/fhir/Questionnaire/small/flags/stack=true");
    expect(stacked.id).not.toBe(plain.id);
    expect(assess(small, record).level).toBe(1);
    expect(assess(small, record, { flags: { stack: true } }).level).toBe(2);
    expect(evaluateItem(plain, toQuestionnaireResponse(small, record), "level")).toEqual(["1"]);
    expect(evaluateItem(stacked, toQuestionnaireResponse(small, record, { flags: { stack: true } }), "level")).toEqual(["2"]);
  });

  it("refuses a rule with no exact FHIRPath form, naming the rule node, and leaves the level uncalculated", () => {
    const aged = changed((doc) => {
      doc.adjustments[0].when = { or: [{ in: ["dementia", { var: "diseases" }] }, { ">=": [{ var: "age" }, 90] }] };
    });
    const made = safeToQuestionnaire(aged);
    expect(made.ok).toBe(true);
    expect(made.issues).toEqual([expect.objectContaining({ code: "not_expressible", severity: "warning", path: "/adjustments/0/when/or/1/>=/0" })]);
    expect(made.issues[0]?.messageZh).toContain("FHIRPath");
    const q = made.ok ? made.value : toQuestionnaire(aged);
    expect(expressionOf(q, "level")).toBeNull();
    // What does not depend on the refused rule is still calculated.
    expect(expressionOf(q, "total")).not.toBeNull();
  });

  it("reads comparisons as json-logic-js does: a third argument of > is ignored, of < is a bound", () => {
    const record = { ...smallRecord(), riskEvents: { fall: 2, other: 0 } };
    const compiled = (when: unknown) => {
      const instrument = changed((doc) => (doc.adjustments[1].when = when));
      return evaluateItem(toQuestionnaire(instrument), toQuestionnaireResponse(instrument, record), "level")[0] === String(assess(instrument, record).level);
    };
    expect(compiled({ ">": [{ var: "computed.events" }, 1, 5] })).toBe(true);
    expect(compiled({ "<": [0, { var: "computed.events" }, 2] })).toBe(true);
    expect(compiled({ "<=": [0, { var: "computed.events" }, 2] })).toBe(true);
    expect(assess(changed((doc) => (doc.adjustments[1].when = { ">": [{ var: "computed.events" }, 1, 5] })), record).level).toBe(1);
  });

  it.each([
    ["a division", (doc: Record<string, any>) => (doc.computed[0].rule = { "/": [{ var: "riskEvents.fall" }, 2] }), "/computed/0/rule"],
    ["an if without else", (doc: Record<string, any>) => (doc.computed[0].rule = { if: [{ var: "coma" }, 2] }), "/computed/0/rule"],
    ["a comparison of a number with a string", (doc: Record<string, any>) => (doc.adjustments[1].when = { "==": [{ var: "computed.events" }, "2"] }), "/adjustments/1/when"],
    ["a substring test", (doc: Record<string, any>) => (doc.adjustments[0].when = { in: ["dem", "dementia"] }), "/adjustments/0/when"],
  ])("refuses %s", (_, change, pointer) => {
    const made = safeToQuestionnaire(changed(change));
    expect(made.issues.map((i) => i.path)).toEqual([pointer]);
    expect(made.ok && expressionOf(made.value, "level")).toBeNull();
  });

  it("gives no level where assess gives no result: a rule grade out of range, an error check that holds", () => {
    const graded = changed((doc) => {
      doc.grades = [0, 1, 2].map((grade) => ({ grade, label: { zh: `${grade}`, en: `${grade}` } }));
      // memory is 0, 2 or 4: grade 4 does not exist, so assess fails for memory 4.
      doc.dimensions[1].grade = { rule: { var: "items.memory" }, description: { zh: "记忆", en: "memory" } };
      doc.checks = [{ code: "no_walk", severity: "error", path: "/items/walk", when: { "==": [{ var: "items.walk" }, 0] }, message: { zh: "不行走", en: "no walking" } }];
    });
    const q = toQuestionnaire(graded);
    const ok = { ...smallRecord(), items: { walk: 3, stairs: 3, memory: 2 } };
    expect(evaluateItem(q, toQuestionnaireResponse(graded, ok), "grades.mind")).toEqual([2]);
    expect(evaluateItem(q, toQuestionnaireResponse(graded, ok), "level")).toEqual([String(assess(graded, ok).level)]);
    const outOfRange = { ...ok, items: { walk: 3, stairs: 3, memory: 4 } };
    expect(safeAssess(graded, outOfRange).ok).toBe(false);
    expect(evaluateItem(q, toQuestionnaireResponse(graded, outOfRange), "level")).toEqual([]);
    const checked = { ...ok, items: { walk: 0, stairs: 3, memory: 2 } };
    expect(safeAssess(graded, checked).ok).toBe(false);
    expect(evaluateItem(q, toQuestionnaireResponse(graded, checked), "level")).toEqual([]);
    expect(evaluateItem(q, toQuestionnaireResponse(graded, checked), "total")).toEqual([]);
  });

  it("says once, for every value it stops, that an error check has no FHIRPath form", () => {
    const made = safeToQuestionnaire(
      changed((doc) => {
        doc.checks = [{ code: "too_old", severity: "error", path: "/subject/birthDate", when: { ">": [{ var: "age" }, 120] }, message: { zh: "年龄过大", en: "too old" } }];
      }),
    );
    expect(made.issues.map((i) => [i.code, i.path])).toEqual([["not_expressible", "/checks/0/when/>/0"]]);
    const q = made.ok ? made.value : null;
    for (const linkId of ["dimensions.body", "total", "level"]) expect(q && expressionOf(q, linkId)).toBeNull();
  });

  it("rejects what is not a loaded instrument as a programmer error", () => {
    expect(() => toQuestionnaire(smallDocument() as never)).toThrow(expect.objectContaining({ code: "invalid_argument" }));
    expect(() => toLevelCodeSystem(smallDocument() as never)).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });

  it("refuses an instrument whose codes cannot be linkIds", () => {
    const clash = changed((doc) => {
      doc.dimensions[1].items[0].code = "A.1";
      doc.dimensions[0].code = "total";
    });
    const made = safeToQuestionnaire(clash);
    expect(made.ok).toBe(false);
    expect(made.issues.map((i) => [i.code, i.path])).toEqual([
      ["link_id_conflict", "/dimensions/0/code"],
      ["link_id_conflict", "/dimensions/1/items/0/code"],
    ]);
    expect(() => toQuestionnaire(clash)).toThrow(expect.objectContaining({ code: "invalid_document" }));
  });
});
