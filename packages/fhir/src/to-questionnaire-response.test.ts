import { loadInstrument, safeAssess } from "@yiyang/assessment";
import { describe, expect, it } from "vitest";
import { fromQuestionnaireResponse, safeFromQuestionnaireResponse } from "./from-questionnaire-response";
import { smallDocument, smallRecord } from "./small-instrument.fixture";
import { safeToQuestionnaireResponse, toQuestionnaireResponse } from "./to-questionnaire-response";

const small = loadInstrument(smallDocument());
const roundTrip = (record: unknown) => fromQuestionnaireResponse(small, toQuestionnaireResponse(small, record));

describe("toQuestionnaireResponse", () => {
  it("answers each item with its option's coding, the record's id as identifier and its date as authored", () => {
    const qr = toQuestionnaireResponse(small, { ...smallRecord(), subject: { birthDate: "1940-02-29", sex: "female", idNumber: "11010519491231002X" } });
    expect(qr).toMatchObject({
      resourceType: "QuestionnaireResponse",
      identifier: { system: "https://yiyang-health.github.io/fhir/NamingSystem/record-id", value: "r1" },
      questionnaire: "https://yiyang-health.github.io/fhir/Questionnaire/small|1.0.0",
      status: "completed",
      authored: "2025-01-15",
    });
    const group = qr.item?.find((i) => i.linkId === "A");
    expect(group?.item?.[0]).toMatchObject({ linkId: "A.1", answer: [{ valueCoding: { system: "https://yiyang-health.github.io/fhir/CodeSystem/small-answer", code: "walk-3" } }] });
    const subject = qr.item?.find((i) => i.linkId === "/subject");
    expect(subject?.item).toEqual([
      { linkId: "/subject/birthDate", answer: [{ valueDate: "1940-02-29" }] },
      { linkId: "/subject/sex", answer: [{ valueCoding: { system: "http://hl7.org/fhir/administrative-gender", code: "female" } }] },
      { linkId: "/subject/idNumber", answer: [{ valueString: "11010519491231002X" }] },
    ]);
    // No diseases is said with the "none" answer.
    expect(qr.item?.find((i) => i.linkId === "/diseases")?.answer).toEqual([{ valueCoding: expect.objectContaining({ system: "http://snomed.info/sct", code: "260413007" }) }]);
  });

  it("gives the record back, telling an empty list or object from an absent one", () => {
    const records = [
      smallRecord(),
      { id: "r2", assessedOn: "2025-01-15", items: { walk: 3, stairs: 3, memory: 4 } },
      { ...smallRecord(), subject: {}, riskEvents: { fall: 0 }, diseases: ["flu", "dementia"] },
      { ...smallRecord(), subject: { sex: "男", birthDate: "1950-13-01" }, coma: true },
      { ...smallRecord(), subject: { sex: 1 } },
    ];
    for (const record of records) expect(roundTrip(record)).toStrictEqual(record);
  });

  it("carries what the instrument would refuse as it is, so the reader finds the same problems", () => {
    const record = {
      id: "bad",
      assessedOn: "2025-02-30",
      items: { walk: 7, stairs: "3", memory: 2.5, "odd/key": 1 },
      coma: "yes",
      diseases: ["Dementia", "no such id", 3],
      riskEvents: { fall: 9, falls: 1 },
      disease: "typo",
    };
    const back = roundTrip(record);
    expect(back).toStrictEqual(record);
    const keys = (r: unknown) => safeAssess(small, r).issues.map((i) => `${i.path} ${i.code}`).sort();
    expect(keys(back)).toEqual(keys(record));
    expect(keys(record).length).toBeGreaterThan(5);
  });

  it("refuses, with the record's pointers, only what no answer can hold", () => {
    expect(safeToQuestionnaireResponse(small, [1, 2, 3])).toMatchObject({ ok: false, issues: [{ code: "not_representable", path: "" }] });
    const r = safeToQuestionnaireResponse(small, { ...smallRecord(), id: "", diseases: "dementia", coma: null, subject: { birthDate: { y: 1950 } }, items: { walk: [3] } });
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => i.path).sort()).toEqual(["/coma", "/diseases", "/id", "/items/walk", "/subject/birthDate"]);
    expect(r.issues.every((i) => i.code === "not_representable" && i.messageZh.length > 0)).toBe(true);
  });

  it("rejects what is not a loaded instrument as a programmer error", () => {
    expect(() => toQuestionnaireResponse(smallDocument() as never, smallRecord())).toThrow(expect.objectContaining({ code: "invalid_argument" }));
    expect(() => fromQuestionnaireResponse({} as never, {})).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });

  it("rejects an identifier system that is no URI", () => {
    expect(() => toQuestionnaireResponse(small, smallRecord(), { identifierSystem: "not a uri" })).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });
});

describe("fromQuestionnaireResponse", () => {
  const qr = () => toQuestionnaireResponse(small, { ...smallRecord(), diseases: ["flu"] });

  it("refuses a response to another Questionnaire, or one not completed", () => {
    expect(safeFromQuestionnaireResponse(small, { ...qr(), questionnaire: "https://example.org/Questionnaire/other|1.0.0" }).issues.map((i) => i.code)).toEqual(["questionnaire_mismatch"]);
    expect(safeFromQuestionnaireResponse(small, { ...qr(), questionnaire: "https://yiyang-health.github.io/fhir/Questionnaire/small|2.0.0" }).issues.map((i) => i.code)).toEqual(["questionnaire_mismatch"]);
    const { questionnaire: _q, ...unnamed } = qr();
    void _q;
    expect(safeFromQuestionnaireResponse(small, unnamed).issues.map((i) => i.code)).toEqual(["missing_questionnaire"]);
    expect(safeFromQuestionnaireResponse(small, { ...qr(), status: "in-progress" })).toMatchObject({ ok: false, issues: [{ code: "response_not_completed", path: "/status" }] });
    expect(safeFromQuestionnaireResponse(small, { resourceType: "Patient" })).toMatchObject({ ok: false, issues: [{ code: "invalid_response", path: "/resourceType" }] });
    expect(safeFromQuestionnaireResponse(small, "text")).toMatchObject({ ok: false, issues: [{ code: "invalid_response", path: "" }] });
  });

  it("reads a version-less canonical and one with flags as the instrument's", () => {
    expect(safeFromQuestionnaireResponse(small, { ...qr(), questionnaire: "https://yiyang-health.github.io/fhir/Questionnaire/small" }).ok).toBe(true);
    expect(safeFromQuestionnaireResponse(small, { ...qr(), questionnaire: "https://yiyang-health.github.io/fhir/Questionnaire/small/flags/stack=true|1.0.0" }).ok).toBe(true);
  });

  it("reports, with pointers into the response, answers it cannot read", () => {
    const response = qr();
    const items = response.item ?? [];
    const group = items.find((i) => i.linkId === "A");
    group?.item?.push({ linkId: "A.9", answer: [{ valueInteger: 1 }] });
    (group?.item?.[0]?.answer ?? []).push({ valueInteger: 2 });
    const memory = items.find((i) => i.linkId === "B")?.item?.[0];
    if (memory?.answer?.[0]) memory.answer[0] = { valueCoding: { system: "https://yiyang-health.github.io/fhir/CodeSystem/small-answer", code: "memory-3" } };
    items.find((i) => i.linkId === "/diseases")?.answer?.push({ valueCoding: { system: "http://snomed.info/sct", code: "260413007" } });
    items.push({ linkId: "/coma", answer: [{ valueBoolean: true }] });
    items.push({ linkId: "/assessedOn", answer: [{ valueDateTime: "2025-01-15T10:00:00Z" }] as never });
    const read = safeFromQuestionnaireResponse(small, response);
    expect(read.ok).toBe(false);
    const index = (linkId: string) => items.findIndex((i) => i.linkId === linkId);
    expect(read.issues.map((i) => [i.code, i.path])).toEqual(
      expect.arrayContaining([
        ["too_many_answers", `/item/${index("A")}/item/0/answer`],
        ["unknown_link_id", `/item/${index("A")}/item/2/linkId`],
        ["unknown_answer_code", `/item/${index("B")}/item/0/answer/0/valueCoding`],
        ["exclusive_answer", `/item/${index("/diseases")}/answer`],
        ["duplicate_answer", `/item/${items.length - 2}`],
        ["duplicate_answer", `/item/${items.length - 1}`],
      ]),
    );
    expect(read.issues).toHaveLength(6);
  });

  it("takes a response whose answers are ungrouped, leaving out unanswered and calculated items", () => {
    const { coma: _coma, ...record }: Record<string, unknown> = { ...smallRecord(), diseases: ["flu"] };
    void _coma;
    const response = toQuestionnaireResponse(small, record);
    const flat = (response.item ?? []).flatMap((i) => (["A", "B"].includes(i.linkId) ? (i.item ?? []) : [i]));
    expect(fromQuestionnaireResponse(small, { ...response, item: [...flat, { linkId: "/coma" }, { linkId: "total", answer: [{ valueInteger: 99 }] }] })).toStrictEqual(record);
  });
});
