/**
 * The FHIR resources of every bundled document, checked by software this project did not write:
 * the official FHIR R4 JSON Schema (through Ajv) for every resource, and HL7's FHIRPath engine
 * (fhirpath.js, R4 model) for every calculated value of every Questionnaire, over every test
 * vector of every instrument and over generated records.
 */
import { createRequire } from "node:module";
import { assess, loadInstrument, safeAssess, type AssessmentResult, type Instrument, type InstrumentTestCase } from "@yiyang/assessment";
import {
  fromQuestionnaireResponse,
  safeFromQuestionnaireResponse,
  safeToQuestionnaire,
  safeToQuestionnaireResponse,
  toAssessmentBundle,
  toIndicatorBundle,
  toLevelCodeSystem,
  toMeasure,
  toMeasureReport,
  toObservations,
  toQuestionnaire,
  toQuestionnaireResponse,
} from "@yiyang/fhir";
import { computeIndicators, loadIndicatorCatalog, type IndicatorCatalogTest } from "@yiyang/indicators";
import { cityElderlyHealthIndicators, INSTRUMENT_DOCUMENTS } from "@yiyang/standards";
import type { Questionnaire, QuestionnaireItem, QuestionnaireResponse } from "fhir/r4";
import { describe, expect, it } from "vitest";
import { FHIR_SCHEMA_ID, validateFhir } from "./fhir-schema";

const require = createRequire(import.meta.url);
const fhirpath = require("fhirpath") as {
  compile(expression: string, model: unknown): (resource: unknown, environment: Record<string, unknown>) => unknown[];
};
const r4Model = require("fhirpath/fhir-context/r4") as unknown;

const RECORDED = "2025-03-10T09:30:00+08:00";
const instruments = INSTRUMENT_DOCUMENTS.map((doc) => loadInstrument(doc));
const testsOf = (instrument: Instrument) => (instrument.document.tests ?? []) as InstrumentTestCase[];
const isValidCase = (test: InstrumentTestCase) => "level" in test.expect;

/** Every calculated item of a Questionnaire: linkId and FHIRPath expression. */
function calculatedItems(questionnaire: Questionnaire): Array<{ linkId: string; expression: string }> {
  const found: Array<{ linkId: string; expression: string }> = [];
  const walk = (items: QuestionnaireItem[] | undefined) => {
    for (const item of items ?? []) {
      const ext = item.extension?.find((e) => e.url === "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression");
      if (ext?.valueExpression?.expression !== undefined) found.push({ linkId: item.linkId, expression: ext.valueExpression.expression });
      walk(item.item);
    }
  };
  walk(questionnaire.item);
  return found;
}

/** The SDK's value of a calculated item. */
function sdkValue(result: AssessmentResult, linkId: string): unknown {
  if (linkId === "total") return result.total;
  if (linkId === "level") return String(result.level);
  if (linkId.startsWith("dimensions.")) return result.dimensions[linkId.slice("dimensions.".length)];
  if (linkId.startsWith("grades.")) return result.grades?.[linkId.slice("grades.".length)];
  throw new Error(`no SDK value for ${linkId}`);
}

/** What fhirpath.js gives for each calculated item of the Questionnaire over the response (the level as its coding's code). */
function createEvaluator(questionnaire: Questionnaire) {
  const compiled = calculatedItems(questionnaire).map((c) => ({ linkId: c.linkId, run: fhirpath.compile(c.expression, r4Model) }));
  return (response: QuestionnaireResponse): Record<string, unknown[]> => {
    const out: Record<string, unknown[]> = {};
    const resource = structuredClone(response);
    const environment = { resource, questionnaire: structuredClone(questionnaire) };
    for (const c of compiled) {
      const values = c.run(resource, environment);
      out[c.linkId] = c.linkId === "level" ? values.map((v) => (v as { code?: string }).code) : values;
    }
    return out;
  };
}

/** A small deterministic generator of records an instrument accepts, adjustment inputs included. */
function generatedRecords(instrument: Instrument, count: number): unknown[] {
  let state = 20250310 + instrument.id.length;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const doc = instrument.document;
  return Array.from({ length: count }, (_, n) => {
    // Skew towards the extremes so every band and every adjustment is reached.
    const mode = next();
    const items: Record<string, number> = {};
    for (const d of doc.dimensions) {
      for (const item of d.items) {
        const scores = item.options.map((o) => o.score).sort((a, b) => a - b);
        items[item.key] = mode < 0.2 ? (scores[scores.length - 1] as number) : mode < 0.3 ? (scores[0] as number) : pick(scores);
      }
    }
    const record: Record<string, unknown> = { id: `gen-${n}`, assessedOn: "2025-06-30", items };
    if (next() < 0.5) record.subject = { birthDate: `19${30 + Math.floor(next() * 30)}-0${1 + Math.floor(next() * 9)}-15`, sex: pick(["male", "female"]) };
    record.coma = next() < 0.15;
    const ids = (doc.diseases ?? []).map((d) => d.id);
    if (ids.length > 0) record.diseases = ids.filter(() => next() < 0.08);
    if (doc.riskEvents !== undefined) {
      const risks: Record<string, number> = {};
      for (const t of doc.riskEvents.types) risks[t.key] = next() < 0.4 ? Math.floor(next() * (doc.riskEvents.maxCount + 1)) : 0;
      record.riskEvents = risks;
    }
    return record;
  });
}

const issueKeys = (issues: ReadonlyArray<{ code: string; path: string }>) => issues.map((i) => `${i.path} ${i.code}`).sort();

describe(`FHIR resources of every bundled instrument (schema ${FHIR_SCHEMA_ID}, fhirpath.js R4)`, () => {
  for (const instrument of instruments) {
    describe(instrument.id, () => {
      it("makes a Questionnaire and a level CodeSystem that pass the official R4 JSON Schema, every calculated value expressed", { timeout: 120_000 }, () => {
        const made = safeToQuestionnaire(instrument);
        expect(made.ok && made.issues).toEqual([]);
        const questionnaire = toQuestionnaire(instrument);
        expect(validateFhir(questionnaire)).toEqual([]);
        expect(validateFhir(toLevelCodeSystem(instrument))).toEqual([]);
        const linkIds = calculatedItems(questionnaire).map((c) => c.linkId);
        expect(linkIds).toContain("level");
        expect(linkIds.includes("total")).toBe(instrument.document.total !== undefined);
        for (const test of testsOf(instrument)) {
          if (test.flags !== undefined) expect(validateFhir(toQuestionnaire(instrument, { flags: test.flags }))).toEqual([]);
        }
      });

      it("gives every test vector back from its QuestionnaireResponse, refusing only what no answer can hold", () => {
        let identical = 0;
        for (const [index, test] of testsOf(instrument).entries()) {
          const response = safeToQuestionnaireResponse(instrument, test.record);
          if (!response.ok) {
            // Only records the instrument refuses too, and only where it finds a problem.
            expect(isValidCase(test), `vector ${index}`).toBe(false);
            const expected = (test.expect as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
            for (const issue of response.issues) expect(expected, `vector ${index}`).toContain(issue.path);
            continue;
          }
          expect(validateFhir(response.value), `vector ${index}`).toEqual([]);
          const back = fromQuestionnaireResponse(instrument, response.value);
          expect(back, `vector ${index}`).toStrictEqual(test.record);
          // And so the same issues, or the same result.
          const before = safeAssess(instrument, test.record, { flags: test.flags });
          const after = safeAssess(instrument, back, { flags: test.flags });
          expect(issueKeys(after.issues), `vector ${index}`).toEqual(issueKeys(before.issues));
          if (before.ok && after.ok) expect(after.value).toEqual(before.value);
          identical++;
        }
        expect(identical).toBeGreaterThan(testsOf(instrument).filter(isValidCase).length - 1);
      });

      it("has HL7's FHIRPath engine compute exactly the SDK's scores, grades, total and level on every valid test vector", { timeout: 120_000 }, () => {
        const valid = testsOf(instrument).filter(isValidCase);
        expect(valid.length).toBeGreaterThan(0);
        const evaluators = new Map<string, ReturnType<typeof createEvaluator>>();
        for (const test of valid) {
          const key = JSON.stringify(test.flags ?? {});
          let evaluate = evaluators.get(key);
          if (evaluate === undefined) {
            evaluate = createEvaluator(toQuestionnaire(instrument, { flags: test.flags }));
            evaluators.set(key, evaluate);
          }
          const result = assess(instrument, test.record, { flags: test.flags });
          const values = evaluate(toQuestionnaireResponse(instrument, test.record, { flags: test.flags }));
          expect(Object.keys(values).length).toBeGreaterThanOrEqual(instrument.document.dimensions.length + 1);
          for (const [linkId, got] of Object.entries(values)) expect({ linkId, value: got }, test.description).toEqual({ linkId, value: [sdkValue(result, linkId)] });
        }
      });

      it("has HL7's FHIRPath engine compute exactly the SDK's values on 150 generated records", { timeout: 120_000 }, () => {
        const evaluate = createEvaluator(toQuestionnaire(instrument));
        const levels = new Set<number>();
        for (const record of generatedRecords(instrument, 150)) {
          const result = assess(instrument, record);
          levels.add(result.level);
          const response = toQuestionnaireResponse(instrument, record);
          expect(fromQuestionnaireResponse(instrument, response)).toStrictEqual(record);
          for (const [linkId, got] of Object.entries(evaluate(response))) expect({ linkId, value: got }).toEqual({ linkId, value: [sdkValue(result, linkId)] });
        }
        // The records reach more than one level, so the comparison is not of one constant.
        expect(levels.size).toBeGreaterThan(1);
      });

      it("makes one transaction Bundle per assessment that passes the R4 JSON Schema and carries the result", () => {
        for (const test of testsOf(instrument).filter(isValidCase)) {
          const result = assess(instrument, test.record, { flags: test.flags });
          const bundle = toAssessmentBundle(instrument, test.record, result, { recorded: RECORDED });
          expect(validateFhir(bundle), test.description).toEqual([]);
          const observations = toObservations(instrument, result);
          const level = observations.find((o) => o.code.coding?.[0]?.code === "level");
          expect(level?.valueCodeableConcept?.coding?.[0]).toMatchObject({ code: String(result.level), version: instrument.version });
          expect(observations.find((o) => o.code.coding?.[0]?.code === "total")?.valueInteger).toBe(result.total ?? undefined);
        }
      });
    });
  }

  it("reads a response back into the record whatever order its answers come in", () => {
    const gbt = instruments[0] as Instrument;
    const test = testsOf(gbt).find((t) => (t.record as { diseases?: unknown }).diseases !== undefined && isValidCase(t)) as InstrumentTestCase;
    const response = toQuestionnaireResponse(gbt, test.record);
    const shuffled = { ...response, item: [...(response.item ?? [])].reverse() };
    expect(safeFromQuestionnaireResponse(gbt, shuffled)).toMatchObject({ ok: true, value: test.record });
  });
});

describe("FHIR resources of the bundled indicator catalog", () => {
  const catalog = loadIndicatorCatalog(cityElderlyHealthIndicators);
  const cases = (catalog.document.tests ?? []) as IndicatorCatalogTest[];

  it("makes a Measure per indicator that passes the official R4 JSON Schema", () => {
    for (const indicator of catalog.document.indicators) expect(validateFhir(toMeasure(catalog, indicator.id)), indicator.id).toEqual([]);
  });

  it("makes MeasureReports and a transaction Bundle for every test case that pass the R4 JSON Schema, with the report's counts", { timeout: 60_000 }, () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const test of cases) {
      const records = [
        ...(test.records.person ?? []).map((r) => ({ ...(r as object), subject: "person" })),
        ...(test.records.facility ?? []).map((r) => ({ ...(r as object), subject: "facility" })),
        ...(test.records.episode ?? []).map((r) => ({ ...(r as object), subject: "episode" })),
      ];
      const report = computeIndicators(catalog, records, test.referenceDate === undefined ? { period: test.period } : { period: test.period, referenceDate: test.referenceDate });
      const bundle = toIndicatorBundle(catalog, report);
      expect(validateFhir(bundle), test.description).toEqual([]);
      for (const result of report.indicators) {
        const group = toMeasureReport(catalog, report, result.id).group?.[0];
        const population = (code: string) => group?.population?.find((p) => p.code?.coding?.[0]?.code === code);
        expect(population("initial-population")?.count).toBe(result.overall.initialPopulation);
        expect(population("numerator")?.count ?? population("numerator")?.extension?.[0]?.valueDecimal).toBe(result.overall.numerator);
        expect(group?.measureScore?.value).toBe(result.overall.rate === null ? undefined : Number(result.overall.rate));
      }
    }
  });
});
