/**
 * A small instrument for the unit tests of the FHIR package: two dimensions (body 0–6, mind
 * 0/2/4), total bands 9–10 → 0, 5–8 → 1, 0–4 → 2, two raises whose stacking a flag decides, a
 * set-level coma rule, a computed value, diseases and risk events. Tests change a fresh copy.
 * Not exported from index.ts.
 * @internal
 */
import { createRequire } from "node:module";
import type { Questionnaire, QuestionnaireItem, QuestionnaireResponse } from "fhir/r4";
import { miniDocument, miniRecord } from "../../assessment/src/mini-instrument.fixture";

const t = (en: string) => ({ zh: `中文：${en}`, en });

/**
 * A fresh copy of the small instrument document: the assessment package's mini instrument under
 * its own id, without its record check, age floor and reassessment interval. @internal
 */
export function smallDocument(): Record<string, any> {
  const doc = miniDocument();
  doc.id = "small";
  doc.title = t("Small instrument");
  for (const adjustment of doc.adjustments) adjustment.reason = t(adjustment.id);
  delete doc.checks;
  delete doc.subject;
  delete doc.reassessment;
  return doc;
}

/** A fresh valid record: walk 3 + stairs 3 + memory 4 = 10, level 0. @internal */
export function smallRecord(): Record<string, any> {
  return miniRecord();
}

const require = createRequire(import.meta.url);
const fhirpath = require("fhirpath") as { evaluate(resource: unknown, expression: string, environment: Record<string, unknown>, model: unknown): unknown[] };
const r4 = require("fhirpath/fhir-context/r4") as unknown;

/** A calculated item's FHIRPath expression, or `null` when it has none. @internal */
export function expressionOf(questionnaire: Questionnaire, linkId: string): string | null {
  const find = (items: QuestionnaireItem[] | undefined): QuestionnaireItem | undefined => {
    for (const item of items ?? []) {
      if (item.linkId === linkId) return item;
      const inner = find(item.item);
      if (inner !== undefined) return inner;
    }
    return undefined;
  };
  const item = find(questionnaire.item);
  if (item === undefined) throw new Error(`no item ${linkId}`);
  return item.extension?.find((e) => e.url.endsWith("calculatedExpression"))?.valueExpression?.expression ?? null;
}

/** What HL7's FHIRPath engine gives for a calculated item over a response (the level as its code). @internal */
export function evaluateItem(questionnaire: Questionnaire, response: QuestionnaireResponse, linkId: string): unknown[] {
  const expression = expressionOf(questionnaire, linkId);
  if (expression === null) throw new Error(`${linkId} has no calculatedExpression`);
  const resource = structuredClone(response);
  const values = fhirpath.evaluate(resource, expression, { resource, questionnaire: structuredClone(questionnaire) }, r4);
  return linkId === "level" ? values.map((v) => (v as { code?: string }).code) : values;
}
