import { join } from "node:path";
import { computeIndicators, loadIndicatorCatalog, type IndicatorReport } from "@yiyang/indicators";
import fc from "fast-check";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { safeCompileIndicatorSql } from "./compile-indicator-sql";
import { randomFrom } from "./generate-city-records.fixture";
import { computeIndicatorsInDuckDB, computeIndicatorsInPostgres } from "./run-indicator-sql";
import { duckdbJsonTable, openDuckDB, postgresJsonTable, startTestPostgres, testDirectory, writeJsonLines } from "./test-databases.fixture";

const FIELDS = {
  id: "string",
  birthDate: "date",
  sex: "sex?",
  n: "integer?",
  x: "number?",
  s: "string?",
  e: "enum:a|b|c?",
  b: "boolean?",
  d: "date?",
  tags: "string[]?",
  code: "string?",
};
const YEAR_2024 = { from: "2024-01-01", to: "2024-12-31" };

/** A catalog with one count indicator per rule (its numerator), each stratified by the rule's value when asked. */
function catalogOf(rules: ReadonlyArray<{ rule: unknown; stratify?: boolean }>) {
  return {
    kind: "indicator-catalog",
    id: "rule-semantics",
    version: "1.0.0",
    effective: { from: "2020-01-01" },
    title: { zh: "规则语义", en: "Rule semantics" },
    source: { title: "Tests" },
    period: { unit: "calendar-year", ageOn: "period-end" },
    recordSchemas: { person: { fields: FIELDS, idField: "id", ageFrom: "birthDate" } },
    stratifiers: rules.flatMap(({ rule, stratify }, i) => (stratify ? [{ id: `s${i}`, title: { zh: "分层", en: "Stratum" }, subject: "person", logic: rule }] : [])),
    indicators: rules.map(({ rule, stratify }, i) => ({
      id: `r${i}`,
      title: { zh: "规则", en: "Rule" },
      definition: { zh: "规则", en: "Rule" },
      subject: "person",
      unit: "count",
      rounding: { mode: "half-up", decimals: 0 },
      population: true,
      numerator: rule,
      ...(stratify ? { stratifiers: [`s${i}`] } : {}),
    })),
  };
}

/** People whose fields take every troublesome value (and some invalid records). */
function people(count: number) {
  const next = randomFrom(99);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const values: Record<string, unknown[]> = {
    birthDate: ["1959-12-31", "1960-01-01", "1956-02-29", "1944-02-29", "1924-06-15", "2024-12-31", "1960-02-29", "1959-03-01"],
    sex: [undefined, null, "F", "m", "2", 1, 9, "unknown", "未知", "男", "other", "A"],
    n: [undefined, null, 0, 1, -1, 60, 65, 64, 9007199254740991, 2],
    x: [undefined, null, 0, 0.5, -2.5, 65, 1e300, 3.14, 64.999],
    s: [undefined, null, "a", "abc", "65", " 65 ", "0x10", "中文", "\uE000", "😀", "2024-01-01", "b", "m", "true"],
    e: [undefined, null, "a", "b", "c"],
    b: [undefined, null, true, false],
    d: [undefined, null, "2024-01-01", "2024-12-31", "2024-02-29", "2023-12-31", "2025-01-01", "1950-01-01"],
    tags: [undefined, null, [], ["a"], ["a", "b"], ["F03.9"], ["x", "I10"]],
    code: [undefined, null, "F03.9", " f01 ", "F039", "I10", "I15.0", "G20", "F00", "E11.9", "e14.x"],
  };
  return Array.from({ length: count }, (_, i) => {
    const record: Record<string, unknown> = { id: `p${i}` };
    for (const [field, choices] of Object.entries(values)) {
      const value = pick(choices);
      if (value !== undefined) record[field] = value;
    }
    return record;
  });
}

const postgres = await startTestPostgres();
const directory = testDirectory();
afterAll(() => {
  postgres.stop();
  directory.remove();
});

let tableCount = 0;

/** The report of each engine over the same records. */
async function allEngines(document: object, records: Array<Record<string, unknown>>): Promise<IndicatorReport[]> {
  const catalog = loadIndicatorCatalog(document);
  const name = `people_${tableCount++}`;
  const file = join(directory.path, `${name}.jsonl`);
  writeJsonLines(file, records);
  const duck = await openDuckDB();
  await duckdbJsonTable(duck, name, file, Object.keys(FIELDS));
  const reports = [computeIndicators(catalog, { person: records }, { period: YEAR_2024 })];
  reports.push(await computeIndicatorsInDuckDB(catalog, duck, { period: YEAR_2024, tables: { person: { table: name, line: "line" } } }));
  duck.closeSync();
  if (postgres.url !== undefined) {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      await postgresJsonTable(client, name, records, Object.keys(FIELDS));
      reports.push(await computeIndicatorsInPostgres(catalog, client, { period: YEAR_2024, tables: { person: { table: name, line: "line" } } }));
    } finally {
      await client.end();
    }
  }
  return reports;
}

const v = (name: string) => ({ var: name });

/** Rules whose translation is exact; `stratify` also checks their value, not only their truthiness. */
const EXACT: Array<{ rule: unknown; stratify?: boolean }> = [
  { rule: { "<": [v("n"), 60] }, stratify: true }, // null < 60 is true in json-logic-js
  { rule: { ">=": [v("n"), 65] } },
  { rule: { "<": [v("x"), v("n")] } },
  { rule: { "<=": [v("n"), v("x"), 70] } },
  { rule: { ">": [v("x"), 1e300] } },
  { rule: { "==": [v("n"), null] }, stratify: true },
  { rule: { "==": [v("n"), 0] } },
  { rule: { "===": [v("n"), 0] } },
  { rule: { "!=": [v("b"), null] } },
  { rule: { "==": [v("n"), "65"] } },
  { rule: { "==": [v("b"), 1] } },
  { rule: { "==": [v("b"), "1"] } },
  { rule: { "<": [v("b"), v("n")] } },
  { rule: { "==": [v("x"), v("n")] } },
  { rule: { "!==": [v("x"), v("n")] } },
  { rule: { "<": [v("d"), "2024-06-01"] } },
  { rule: { "<=": ["2024-01-01", v("d"), "2024-12-31"] } },
  { rule: { "<": [v("d"), "abc"] } },
  { rule: { "<": [v("d"), v("birthDate")] } },
  { rule: { "<=": [v("d"), v("referenceDate")] } },
  { rule: { "==": [v("d"), "2024-02-29"] } },
  { rule: { "==": [v("d"), v("s")] } },
  { rule: { "<": [v("d"), 5] } },
  { rule: { "<": [v("s"), "b"] } },
  { rule: { ">": [v("s"), "m"] } },
  { rule: { ">=": ["abc", v("s")] } },
  { rule: { "==": [v("s"), "65"] } },
  { rule: { "==": [v("e"), v("s")] } },
  { rule: { in: [v("s"), ["a", "abc", "65", 65]] } },
  { rule: { in: ["b", v("s")] } },
  { rule: { in: [v("s"), "xabcx 65"] } },
  { rule: { in: ["a", v("tags")] } },
  { rule: { in: [v("e"), ["a", "b"]] } },
  { rule: { in: [v("n"), [0, 1, 65]] } },
  { rule: { in: [v("d"), ["2024-01-01", "2024-02-29"]] } },
  { rule: { missing: ["n", "s"] } },
  { rule: { "!": { missing: ["n"] } } },
  { rule: { missing_some: [2, ["n", "x", "s"]] } },
  { rule: { "!!": v("s") }, stratify: true },
  { rule: { "!": v("n") } },
  { rule: { "!!": v("tags") } },
  { rule: { "!!": v("x") } },
  { rule: { and: [v("b"), { ">": [v("n"), 0] }] } },
  { rule: { or: [v("s"), v("e")] } },
  { rule: { and: [{ "<": [v("n"), 2] }, { "!": v("b") }] }, stratify: true },
  { rule: { if: [{ ">=": [v("age"), 80] }, "80+", { ">=": [v("age"), 65] }, "65-79", "young"] }, stratify: true },
  { rule: { "?:": [v("b"), "yes", "no"] }, stratify: true },
  { rule: { band: [v("age"), [[null, 64, "a"], [65, 79, "b"], [80, null, "c"]]] }, stratify: true },
  { rule: { band: [v("n"), [[0, 10, 1], [11, null, 2]]] }, stratify: true },
  { rule: { band: [v("s"), [[0, 10, 1]]] }, stratify: true },
  { rule: { age: [v("birthDate"), v("referenceDate")] }, stratify: true },
  { rule: { ">=": [{ age: [v("birthDate"), v("referenceDate")] }, 65] } },
  { rule: { days_between: [v("birthDate"), v("referenceDate")] }, stratify: true },
  { rule: { months_between: [v("birthDate"), v("referenceDate")] }, stratify: true },
  { rule: { months_between: [v("referenceDate"), v("birthDate")] }, stratify: true },
  { rule: { months_between: ["2024-01-31", v("period.to")] }, stratify: true },
  { rule: { icd10_in: [v("code"), "F00-F03, I10-I15"] }, stratify: true },
  { rule: { icd10_in: [v("tags"), "F00-F03"] } },
  { rule: { "==": [v("sex"), "unknown"] } },
  { rule: { in: [v("sex"), ["male", "other"]] } },
  { rule: v("sex"), stratify: true },
  { rule: v("e"), stratify: true },
  { rule: v("d"), stratify: true },
  { rule: v("x"), stratify: true },
  { rule: { "<": [v("period.from"), v("d")] } },
];

/** Rules with no exact translation, and where the compiler must say so. */
const REFUSED: Array<{ rule: unknown; at: string }> = [
  { rule: { "<": [v("s"), v("code")] }, at: "/indicators/0/numerator" },
  { rule: { "==": [v("s"), 65] }, at: "/indicators/0/numerator" },
  { rule: { "+": [v("n"), 1] }, at: "/indicators/0/numerator" },
  { rule: { some: [v("tags"), { "==": [v(""), "a"] }] }, at: "/indicators/0/numerator" },
  { rule: { and: [true, { age: [v("d"), "2024-12-31"] }] }, at: "/indicators/0/numerator/and/1/age/0" },
  { rule: { days_between: [v("d"), "2024-12-31"] }, at: "/indicators/0/numerator/days_between/0" },
  { rule: { "<": [v("s"), "\uD83D\uDE00"] }, at: "/indicators/0/numerator" },
];

describe("the SQL translation of JSON Logic", () => {
  const records = people(400);

  it(`gives every engine the counts and values json-logic-js gives${postgres.reason === undefined ? "" : ` (PostgreSQL skipped: ${postgres.reason})`}`, async () => {
    const [inProcess, ...others] = await allEngines(catalogOf(EXACT), records);
    expect(inProcess?.records.valid).toBe(400);
    // The rules do tell the records apart: no count is all or nothing for every rule.
    expect(new Set(inProcess?.indicators.map((i) => i.overall.numerator)).size).toBeGreaterThan(20);
    for (const other of others) expect(other).toEqual(inProcess);
  }, 120_000);

  it.each(REFUSED.map((r) => [JSON.stringify(r.rule), r] as const))("refuses %s, naming its pointer", (_, { rule, at }) => {
    const result = safeCompileIndicatorSql(loadIndicatorCatalog(catalogOf([{ rule }])), { dialect: "duckdb" });
    expect(result.ok).toBe(false);
    expect(result.issues.map((issue) => [issue.code, issue.path])).toEqual([["untranslatable_rule", at]]);
  });

  it("agrees with json-logic-js on generated comparisons of every type", async () => {
    const field = fc.constantFrom("n", "x", "s", "e", "b", "d", "age", "sex", "referenceDate");
    const literal = fc.constantFrom<unknown>(null, 0, 1, 65, -1, 0.5, "", "a", "65", "2024-01-01", "2024-12-31", true, false, "m", "z");
    const leaf = fc.oneof(field.map((name) => ({ var: name })), literal);
    const comparison = fc
      .tuple(fc.constantFrom("<", "<=", ">", ">=", "==", "!=", "===", "!=="), leaf, leaf)
      .map(([op, a, b]) => ({ [op]: [a, b] }));
    const rule = fc.letrec<{ rule: unknown }>((tie) => ({
      rule: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        comparison,
        fc.tuple(fc.constantFrom("and", "or"), tie("rule"), tie("rule")).map(([op, a, b]) => ({ [op]: [a, b] })),
        tie("rule").map((a) => ({ "!": a })),
        fc.tuple(leaf, fc.array(literal, { maxLength: 3 })).map(([a, list]) => ({ in: [a, list] })),
      ),
    })).rule;
    const candidates = fc.sample(rule, { numRuns: 300, seed: 7 });
    const exact = candidates.filter((candidate) => safeCompileIndicatorSql(loadIndicatorCatalog(catalogOf([{ rule: candidate }])), { dialect: "postgres" }).ok);
    // Most generated rules are translated; the rest compare text with text or read text as a number.
    expect(exact.length).toBeGreaterThan(150);
    const [inProcess, ...others] = await allEngines(catalogOf(exact.map((candidate) => ({ rule: candidate }))), records);
    for (const other of others) expect(other).toEqual(inProcess);
  }, 180_000);
});
