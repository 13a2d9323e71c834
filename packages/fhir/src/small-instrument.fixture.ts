/**
 * A small instrument for the unit tests of the FHIR package: two dimensions (body 0–6, mind
 * 0/2/4), total bands 9–10 → 0, 5–8 → 1, 0–4 → 2, two raises whose stacking a flag decides, a
 * set-level coma rule, a computed value, diseases and risk events. Tests change a fresh copy.
 * Not exported from index.ts.
 * @internal
 */
import { createRequire } from "node:module";
import type { Questionnaire, QuestionnaireItem, QuestionnaireResponse } from "fhir/r4";

const t = (en: string) => ({ zh: `中文：${en}`, en });

/** A fresh copy of the small instrument document. @internal */
export function smallDocument(): Record<string, any> {
  return {
    kind: "instrument",
    id: "small",
    version: "1.0.0",
    effective: { from: "2020-01-01" },
    title: t("Small instrument"),
    source: { title: "Test fixture" },
    dimensions: [
      {
        key: "body",
        code: "A",
        label: t("Body"),
        max: 6,
        items: [
          { key: "walk", code: "A.1", label: t("Walking"), options: [0, 1, 2, 3].map((score) => ({ score, text: t(`walk ${score}`) })) },
          { key: "stairs", code: "A.2", label: t("Stairs"), options: [0, 1, 2, 3].map((score) => ({ score, text: t(`stairs ${score}`) })) },
        ],
      },
      {
        key: "mind",
        code: "B",
        label: t("Mind"),
        max: 4,
        items: [{ key: "memory", code: "B.1", label: t("Memory"), options: [0, 2, 4].map((score) => ({ score, text: t(`memory ${score}`) })) }],
      },
    ],
    total: { min: 0, max: 10 },
    preliminaryLevel: {
      basis: "total",
      bands: [
        { min: 9, max: 10, level: 0 },
        { min: 5, max: 8, level: 1 },
        { min: 0, max: 4, level: 2 },
      ],
    },
    levels: [
      { level: 0, label: t("Good") },
      { level: 1, label: t("Fair") },
      { level: 2, label: t("Poor") },
    ],
    diseases: [
      { id: "dementia", label: t("Dementia") },
      { id: "flu", label: t("Flu") },
    ],
    riskEvents: { maxCount: 3, types: [{ key: "fall", label: t("Fall") }, { key: "other", label: t("Other") }] },
    computed: [
      {
        key: "events",
        label: t("Events"),
        rule: { "+": [{ var: "riskEvents.fall" }, { if: [{ var: "flags.countOther" }, { var: "riskEvents.other" }, 0] }] },
      },
    ],
    adjustments: [
      {
        id: "dementia",
        clause: "X.1",
        label: t("Dementia"),
        condition: t("dementia diagnosed"),
        when: { in: ["dementia", { var: "diseases" }] },
        effect: { raise: 1 },
        reason: t("dementia"),
      },
      {
        id: "events",
        clause: "X.2",
        label: t("Events"),
        condition: t("two or more events"),
        when: { ">=": [{ var: "computed.events" }, 2] },
        effect: { raise: 1 },
        reason: t("events"),
      },
      {
        id: "coma",
        clause: "X.3",
        label: t("Coma"),
        condition: t("in a coma"),
        when: { "==": [{ var: "coma" }, true] },
        effect: { setLevel: 2 },
        reason: t("coma"),
      },
    ],
    levelChange: { ceiling: 2, stackRaises: { flag: "stack" } },
    policyFlags: {
      stack: { default: false, description: t("Raises add up") },
      countOther: { default: true, description: t("Other events count") },
    },
  };
}

/** A fresh valid record: walk 3 + stairs 3 + memory 4 = 10, level 0. @internal */
export function smallRecord(): Record<string, any> {
  return { id: "r1", assessedOn: "2025-01-15", items: { walk: 3, stairs: 3, memory: 4 }, coma: false, diseases: [], riskEvents: { fall: 0, other: 0 } };
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
