import { describe, expect, it } from "vitest";
import { runCareGradeMappingTests, runServiceCatalogTests } from "./run-catalog-tests";

const text = (zh: string, en: string) => ({ zh, en });
const profile = {
  birthDate: "1950-01-01",
  residence: { city: "c" },
  insurance: { ltciEnrolled: false },
  economicStatus: "none",
  livingArrangement: "alone",
};

function catalog(tests: unknown[]): Record<string, unknown> {
  return {
    kind: "service-catalog",
    id: "runner-test",
    version: "1.0.0",
    effective: { from: "2025-01-01" },
    title: text("运行测试", "Runner test"),
    source: { title: "unit test" },
    assessment: { instruments: ["gbt42195-2022"], validityMonths: 12, staleCounts: false },
    packages: [
      {
        id: "a",
        name: text("甲", "A"),
        funding: "government",
        sources: ["test"],
        conditions: [{ id: "age-80", label: text("年满80周岁", "Aged 80 or over"), rule: { ">=": [{ var: "age" }, 80] } }],
        entitlements: [{ id: "fen", kind: "amountPerMonth", label: text("补贴", "Subsidy"), value: 4000 }],
      },
    ],
    tests,
  };
}

describe("runServiceCatalogTests", () => {
  it("passes a test whose expectations hold", () => {
    const results = runServiceCatalogTests(
      catalog([{ name: "85", asOf: "2025-06-01", profile: { ...profile, birthDate: "1940-01-01" }, expect: { eligible: ["a"], packages: { a: { eligible: true, failed: [], entitlements: { fen: 4000 } } }, warnings: [] } }]),
    );
    expect(results).toEqual([{ index: 0, description: "85", name: "85", passed: true, failures: [] }]);
  });

  it("names every expectation that did not hold, with its JSON pointer, in both languages", () => {
    const [result] = runServiceCatalogTests(
      catalog([{ name: "wrong", asOf: "2025-06-01", profile: { ...profile, birthDate: "1960-01-01" }, expect: { eligible: ["a"], packages: { a: { failed: [], entitlements: { fen: 4000 } }, zz: {} } } }]),
    );
    expect(result?.failures.map((f) => f.path)).toEqual([
      "/tests/0/expect/eligible",
      "/tests/0/expect/packages/a/failed",
      "/tests/0/expect/packages/a/entitlements/fen",
      "/tests/0/expect/packages/zz",
    ]);
    expect(result?.failures[1]?.messageZh).toBe('a：未满足的条件为 ["age-80"]，预期为 []。');
  });

  it("checks that a bad profile is rejected with exactly the expected issues", () => {
    const results = runServiceCatalogTests(
      catalog([
        { name: "bad", asOf: "2025-06-01", profile: { ...profile, birthDate: "x" }, expect: { errors: [{ code: "invalid_value", path: "/birthDate" }] } },
        { name: "not bad", asOf: "2025-06-01", profile, expect: { errors: [{ code: "invalid_value", path: "/birthDate" }] } },
      ]),
    );
    expect(results.map((r) => r.passed)).toEqual([true, false]);
  });
});

describe("runCareGradeMappingTests", () => {
  it("checks each level against its expected grade", () => {
    const results = runCareGradeMappingTests({
      kind: "care-grade-mapping",
      id: "m",
      version: "1.0.0",
      effective: { from: "2025-01-01" },
      title: text("映射", "Mapping"),
      source: { title: "unit test" },
      from: { instrument: "i" },
      to: { scheme: "s", label: text("等级", "Grade"), grades: [{ code: "g", label: text("一", "One") }] },
      rows: [{ level: 1, grade: "g" }],
      tests: [
        { level: 1, expect: "g" },
        { level: 2, expect: null },
        { level: 2, expect: "g" },
      ],
    });
    expect(results.map((r) => [r.name, r.passed])).toEqual([
      ["level 1", true],
      ["level 2", true],
      ["level 2", false],
    ]);
  });
});
