import { assess, loadInstrument, safeAssess } from "@yiyang/assessment";
import { describe, expect, it } from "vitest";
import { smallDocument, smallRecord } from "./small-instrument.fixture";
import { toAssessmentBundle } from "./to-assessment-bundle";
import { toLevelCodeSystem } from "./to-level-code-system";
import { toObservations } from "./to-observations";
import { toOperationOutcome } from "./to-operation-outcome";
import { toProvenance } from "./to-provenance";

const small = loadInstrument(smallDocument());
const RECORDED = "2025-01-15T10:00:00+08:00";
const record = { ...smallRecord(), items: { walk: 1, stairs: 1, memory: 4 }, diseases: ["dementia"] };

describe("toObservations", () => {
  it("gives the total, the level as a coding of the level CodeSystem with its adjustments, and each dimension", () => {
    const result = assess(small, record);
    const [total, level, body, mind] = toObservations(small, result, { response: { reference: "urn:uuid:x" } });
    expect(total).toMatchObject({ status: "final", code: { coding: [{ code: "total" }] }, valueInteger: 6, effectiveDateTime: "2025-01-15", derivedFrom: [{ reference: "urn:uuid:x" }] });
    const levels = toLevelCodeSystem(small);
    expect(level?.valueCodeableConcept?.coding?.[0]).toMatchObject({ system: levels.url, version: "1.0.0", code: "2", display: "中文：Poor" });
    expect(levels.concept?.map((c) => c.code)).toEqual(["0", "1", "2"]);
    expect(level?.component?.[0]?.valueCodeableConcept?.coding?.[0]?.code).toBe("1");
    const adjustment = level?.extension?.find((e) => e.url.endsWith("/level-adjustment"));
    expect(adjustment?.extension?.slice(0, 2)).toEqual([
      { url: "id", valueString: "dementia" },
      { url: "clause", valueString: "X.1" },
    ]);
    expect([body?.valueInteger, mind?.valueInteger]).toEqual([2, 4]);
    // Every Observation names the rules: id, version, fingerprint, and the flags used.
    for (const o of [total, level, body, mind]) {
      const rules = o?.extension?.find((e) => e.url.endsWith("/rules-reference"));
      expect(rules?.extension?.map((e) => e.valueString)).toEqual(["instrument", "small", "1.0.0", small.fingerprint]);
      expect(o?.extension?.filter((e) => e.url.endsWith("/policy-flag"))).toHaveLength(2);
    }
  });

  it("gives the same identifiers for the same result, and others for other flags", () => {
    const ids = (flags?: Record<string, boolean>) => toObservations(small, assess(small, record, { flags })).map((o) => o.identifier?.[0]?.value);
    expect(ids()).toEqual(ids());
    expect(new Set(ids()).size).toBe(4);
    expect(ids({ stack: true })[0]).not.toBe(ids()[0]);
  });

  it("writes the warnings of the result as notes of the level", () => {
    const young = { ...record, subject: { birthDate: "2000-01-01" } };
    const doc = smallDocument();
    doc.subject = { minimumAge: 60 };
    const aged = loadInstrument(doc);
    const assessed = safeAssess(aged, young);
    if (!assessed.ok) throw new Error("expected a result");
    const level = toObservations(aged, assessed.value, { warnings: assessed.issues })[1];
    expect(level?.note?.[0]?.text).toContain("under_minimum_age");
  });

  it("refuses a result computed with other rules", () => {
    const result = assess(small, record);
    const other = loadInstrument({ ...smallDocument(), version: "1.0.1" });
    expect(() => toObservations(other, result)).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });
});

describe("toProvenance", () => {
  it("names the rules and the Questionnaire the result was derived by", () => {
    const result = assess(small, record);
    const p = toProvenance(small, result, { recorded: RECORDED, targets: [{ reference: "Observation/1" }], response: { reference: "QuestionnaireResponse/1" } });
    expect(p).toMatchObject({
      target: [{ reference: "Observation/1" }],
      recorded: RECORDED,
      occurredDateTime: "2025-01-15",
      policy: ["https://yiyang-health.github.io/fhir/Questionnaire/small|1.0.0"],
      entity: [{ role: "source", what: { reference: "QuestionnaireResponse/1" } }],
    });
  });

  it("refuses a recorded time that is no instant, and no target", () => {
    const result = assess(small, record);
    expect(() => toProvenance(small, result, { recorded: "2025-01-15", targets: [{ reference: "Observation/1" }] })).toThrow(expect.objectContaining({ code: "invalid_argument" }));
    expect(() => toProvenance(small, result, { recorded: RECORDED, targets: [] })).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });
});

describe("toAssessmentBundle", () => {
  it("links the response, the Observations and the Provenance, each response and Observation written by its identifier", () => {
    const result = assess(small, record);
    const bundle = toAssessmentBundle(small, record, result, { recorded: RECORDED, subject: { reference: "Patient/7" } });
    expect(bundle.type).toBe("transaction");
    const entries = bundle.entry ?? [];
    expect(entries.map((e) => e.resource?.resourceType)).toEqual(["QuestionnaireResponse", "Observation", "Observation", "Observation", "Observation", "Provenance"]);
    const responseUrl = entries[0]?.fullUrl;
    expect(entries[0]?.request).toEqual({ method: "PUT", url: "QuestionnaireResponse?identifier=https%3A%2F%2Fyiyang-health.github.io%2Ffhir%2FNamingSystem%2Frecord-id|r1" });
    for (const e of entries.slice(1, 5)) {
      expect((e.resource as { derivedFrom?: unknown }).derivedFrom).toEqual([{ reference: responseUrl }]);
      expect((e.resource as { subject?: unknown }).subject).toEqual({ reference: "Patient/7" });
      expect(e.request).toEqual({ method: "PUT", url: `Observation?identifier=urn%3Aietf%3Arfc%3A3986|${encodeURIComponent(e.fullUrl as string)}` });
    }
    expect((entries[5]?.resource as { target?: unknown }).target).toEqual(entries.slice(1, 5).map((e) => ({ reference: e.fullUrl })));
    expect(toAssessmentBundle(small, record, result, { recorded: RECORDED, subject: { reference: "Patient/7" } })).toEqual(bundle);
    // A corrected record replaces its response and results: the same identifiers, other values.
    const corrected = { ...record, items: { walk: 3, stairs: 3, memory: 4 } };
    const again = toAssessmentBundle(small, corrected, assess(small, corrected), { recorded: RECORDED, subject: { reference: "Patient/7" } });
    expect((again.entry ?? []).map((e) => e.request?.url)).toEqual(entries.map((e) => e.request?.url));
    expect((again.entry?.[2]?.resource as { valueCodeableConcept?: { coding?: Array<{ code?: string }> } }).valueCodeableConcept?.coding?.[0]?.code).toBe("1");
  });

  it("leaves the person's ID number out, as every result does", () => {
    const identified = { ...record, subject: { birthDate: "1949-12-31", idNumber: "11010519491231002X" } };
    const bundle = toAssessmentBundle(small, identified, assess(small, identified), { recorded: RECORDED });
    expect(JSON.stringify(bundle)).not.toContain("11010519491231002X");
    expect(JSON.stringify(bundle)).toContain("1949-12-31");
  });

  it("refuses a result that is not the record's", () => {
    const result = assess(small, record);
    expect(() => toAssessmentBundle(small, { ...record, id: "other" }, result, { recorded: RECORDED })).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });
});

describe("toOperationOutcome", () => {
  it("gives each issue its code, pointer and both messages", () => {
    const issues = safeAssess(small, { ...record, items: { walk: 9, stairs: 1, memory: 4 } }).issues;
    const outcome = toOperationOutcome(issues, { source: "line 3" });
    expect(outcome.issue).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "invalid",
        details: expect.objectContaining({ coding: [{ system: "https://yiyang-health.github.io/fhir/CodeSystem/issue", code: "invalid_option" }], text: issues[0]?.messageZh }),
        diagnostics: `line 3: /items/walk invalid_option: ${issues[0]?.message}`,
      }),
    ]);
  });
});
