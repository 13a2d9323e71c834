/**
 * A small catalog for the unit tests: people (a rate with both kinds of exclusions, strata, two
 * targets, and the same rate per mille), facilities (a sum of beds, a count) and stays (falls per
 * 1,000 bed days). A fresh copy each call, so a test may edit it. Not exported from the package.
 * @internal
 */
export function testCatalog(): Record<string, unknown> {
  const inPeriod = (field: string) => ({ "<=": [{ var: "period.from" }, { var: field }, { var: "period.to" }] });
  const aged65 = { ">=": [{ var: "age" }, 65] };
  const died = { and: [{ "!!": { var: "diedOn" } }, { "<=": [{ var: "diedOn" }, { var: "referenceDate" }] }] };
  const closed = { and: [{ "!!": { var: "closedOn" } }, { "<=": [{ var: "closedOn" }, { var: "referenceDate" }] }] };
  const source = { title: "Test plan", quote: "A sentence that sets the target." };
  return structuredClone({
    kind: "indicator-catalog",
    id: "test-catalog",
    version: "1.0.0",
    effective: { from: "2020-01-01" },
    title: { zh: "测试指标", en: "Test indicators" },
    source: { title: "Unit tests" },
    provisional: [{ path: "/indicators/0/denominatorExclusions", note: { zh: "待核实。", en: "To be checked." } }],
    period: { unit: "calendar-year", ageOn: "period-end" },
    recordSchemas: {
      person: {
        fields: {
          id: "string",
          birthDate: "date",
          sex: "enum:female|male",
          district: "string",
          managedOn: "date?",
          diedOn: "date?",
          optedOut: "boolean?",
        },
        ageFrom: "birthDate",
        checks: [
          {
            id: "died-after-birth",
            rule: { or: [{ "!": { var: "diedOn" } }, { ">=": [{ var: "diedOn" }, { var: "birthDate" }] }] },
            path: "diedOn",
            message: { zh: "死亡日期早于出生日期。", en: "diedOn is before birthDate." },
          },
        ],
      },
      facility: {
        fields: { id: "string", kind: "enum:home|hospital", district: "string", beds: "integer>=0", nursingBeds: "integer>=0", closedOn: "date?" },
        checks: [
          {
            id: "nursing-within-beds",
            rule: { "<=": [{ var: "nursingBeds" }, { var: "beds" }] },
            path: "nursingBeds",
            message: { zh: "护理型床位多于床位。", en: "nursingBeds is above beds." },
          },
        ],
      },
      episode: { fields: { id: "string", facilityId: "string", days: "integer>=0", falls: "integer>=0" } },
    },
    stratifiers: [
      { id: "district", title: { zh: "区", en: "District" }, subject: "person", field: "district", values: ["north", "south", "west"] },
      { id: "sex", title: { zh: "性别", en: "Sex" }, subject: "person", field: "sex" },
      {
        id: "age-band",
        title: { zh: "年龄组", en: "Age band" },
        subject: "person",
        logic: { band: [{ var: "age" }, [[65, 74, "65-74"], [75, null, "75+"]]] },
        values: ["65-74", "75+"],
      },
      { id: "facility-district", title: { zh: "区", en: "District" }, subject: "facility", field: "district" },
    ],
    indicators: [
      {
        id: "managed-65",
        title: { zh: "65岁及以上管理率", en: "Managed, aged 65+" },
        definition: { zh: "期内管理人数 ÷ 65岁及以上人数", en: "Managed in the period ÷ people aged 65+" },
        subject: "person",
        unit: "percent",
        rounding: { mode: "half-up", decimals: 1 },
        population: aged65,
        denominatorExclusions: died,
        numerator: inPeriod("managedOn"),
        numeratorExclusions: { "==": [{ var: "optedOut" }, true] },
        stratifiers: ["district", "sex", "age-band"],
        targets: [
          { comparison: ">=", value: 60, year: 2025, source },
          { comparison: ">=", value: 70, year: 2030, source },
        ],
      },
      {
        id: "managed-65-per-mille",
        title: { zh: "65岁及以上管理率（千分比）", en: "Managed, aged 65+, per mille" },
        definition: { zh: "同上，以千分比表示", en: "As above, per mille" },
        subject: "person",
        unit: "per-mille",
        rounding: { mode: "half-up", decimals: 2 },
        population: aged65,
        denominatorExclusions: died,
        numerator: inPeriod("managedOn"),
        numeratorExclusions: { "==": [{ var: "optedOut" }, true] },
      },
      {
        id: "nursing-bed-share",
        title: { zh: "护理型床位占比", en: "Nursing-bed share" },
        definition: { zh: "护理型床位 ÷ 床位", en: "Nursing beds ÷ beds" },
        subject: "facility",
        unit: "percent",
        rounding: { mode: "half-up", decimals: 1 },
        population: { "==": [{ var: "kind" }, "home"] },
        denominatorExclusions: closed,
        numerator: true,
        denominatorCount: { sum: "beds" },
        numeratorCount: { sum: "nursingBeds" },
        stratifiers: ["facility-district"],
        targets: [{ comparison: ">=", value: 50, year: 2025, source }],
      },
      {
        id: "homes-open",
        title: { zh: "在营养老院数", en: "Homes open" },
        definition: { zh: "参照日期在营养老院数", en: "Homes open on the reference date" },
        subject: "facility",
        unit: "count",
        rounding: { mode: "half-up", decimals: 0 },
        population: { "==": [{ var: "kind" }, "home"] },
        numerator: true,
        numeratorExclusions: closed,
        targets: [{ comparison: ">=", value: 3, year: 2025, source }],
      },
      {
        id: "falls-per-1000-days",
        title: { zh: "每千床日跌倒数", en: "Falls per 1,000 bed days" },
        definition: { zh: "跌倒次数 ÷ 床日数 × 1000", en: "Falls ÷ bed days × 1000" },
        subject: "episode",
        unit: "per-mille",
        rounding: { mode: "half-up", decimals: 1 },
        population: true,
        numerator: true,
        denominatorCount: { sum: "days" },
        numeratorCount: { sum: "falls" },
        targets: [{ comparison: "<", value: 2, year: 2025, source }],
      },
    ],
  });
}

/** The period the fixture's examples use. @internal */
export const YEAR_2024 = { from: "2024-01-01", to: "2024-12-31" } as const;

/** A person record of the fixture, with overrides. @internal */
export function person(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: "p", birthDate: "1950-06-01", sex: "female", district: "north", managedOn: null, diedOn: null, optedOut: null, ...overrides };
}
