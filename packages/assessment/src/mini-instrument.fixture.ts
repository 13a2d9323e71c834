/**
 * A small instrument for the unit tests of the engine: two dimensions (body 0–6, mind 0/2/4),
 * total bands 9–10 → 0, 5–8 → 1, 0–4 → 2, two raises governed by a flag, a set-level rule, a
 * computed value, a check, a minimum age and a reassessment interval. Not exported from index.ts.
 * @internal
 */

const t = (en: string) => ({ zh: `中文：${en}`, en });

/** A fresh copy of the mini instrument document, so tests can change it freely. @internal */
export function miniDocument(): Record<string, any> {
  return {
    kind: "instrument",
    id: "mini",
    version: "1.0.0",
    effective: { from: "2020-01-01" },
    title: t("Mini instrument"),
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
        reason: { zh: "诊断：{{diseases}}", en: "Diagnoses: {{diseases}}" },
      },
      {
        id: "events",
        clause: "X.2",
        label: t("Events"),
        condition: t("two or more events"),
        when: { ">=": [{ var: "computed.events" }, 2] },
        effect: { raise: 1 },
        reason: { zh: "{{computed.events}} 次", en: "{{computed.events}} events" },
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
    checks: [
      {
        code: "coma_with_memory",
        severity: "warning",
        path: "/coma",
        when: { and: [{ "==": [{ var: "coma" }, true] }, { ">": [{ var: "items.memory" }, 0] }] },
        message: t("coma with memory"),
      },
    ],
    subject: { minimumAge: 60 },
    reassessment: { intervalMonths: 12 },
  };
}

/**
 * A fresh valid record: walk 3 + stairs 3 + memory 4 = 10, level 0, with the inputs the level-change
 * rules read given as none (no coma, no disease, no event). @internal
 */
export function miniRecord(): Record<string, any> {
  return { id: "r1", assessedOn: "2025-01-15", items: { walk: 3, stairs: 3, memory: 4 }, coma: false, diseases: [], riskEvents: { fall: 0, other: 0 } };
}
