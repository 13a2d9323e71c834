import { compileLogic, fingerprint, isYiyangError } from "@yiyang/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveVariable } from "@yiyang/core";
import { catalogVocabulary, contextReader, FIXED_CONTEXT_READS, isServiceCatalog, loadServiceCatalog, makeReader, safeLoadServiceCatalog } from "./load-service-catalog";

const text = (zh: string, en: string) => ({ zh, en });

function catalogWith(packages: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: "service-catalog",
    id: "loader-test",
    version: "1.0.0",
    effective: { from: "2025-01-01" },
    title: text("加载测试", "Loader test"),
    source: { title: "unit test" },
    assessment: { instruments: ["gbt42195-2022"], validityMonths: 12, staleCounts: false },
    packages,
    ...extra,
  };
}

function pkg(id: string, conditions: unknown[] = [], entitlements: unknown[] = []): Record<string, unknown> {
  return { id, name: text(id, id), funding: "government", sources: ["test"], conditions, entitlements };
}

const cond = (id: string, rule: unknown) => ({ id, label: text(id, id), rule });
const ent = (id: string, kind: string, body: Record<string, unknown>) => ({ id, kind, label: text(id, id), ...body });

function issuesOf(doc: unknown): Array<[string, string]> {
  const result = safeLoadServiceCatalog(doc);
  return result.issues.map((i) => [i.code, i.path]);
}

describe("loadServiceCatalog", () => {
  it("loads a valid catalog and names it by id, version and fingerprint", () => {
    const doc = catalogWith([pkg("a", [cond("age", { ">=": [{ var: "age" }, 60] })])]);
    const catalog = loadServiceCatalog(doc);
    expect([catalog.id, catalog.version, catalog.fingerprint]).toEqual(["loader-test", "1.0.0", fingerprint(doc)]);
    expect(isServiceCatalog(catalog)).toBe(true);
    expect(isServiceCatalog(doc)).toBe(false);
  });

  it("reports every schema problem at once with JSON pointers", () => {
    const doc = catalogWith([
      { id: "Bad Id", name: text("x", "x"), funding: "lottery", sources: [], conditions: [{ id: "c", label: text("c", "c") }], entitlements: [] },
    ]);
    expect(issuesOf(doc)).toEqual([
      ["invalid_value", "/packages/0/id"],
      ["invalid_value", "/packages/0/funding"],
      ["too_small", "/packages/0/sources"],
      ["invalid_value", "/packages/0/conditions/0"],
    ]);
  });

  it("checks each entitlement value against its kind: whole fen, basis points up to 10000, a declared rounding", () => {
    const doc = catalogWith([
      pkg("a", [], [
        ent("money", "amountPerMonth", { value: 450.5 }),
        ent("share", "fundShare", { value: 12000 }),
        ent("count", "visitsPerWeek", { value: -1 }),
        ent("both", "visitsPerWeek", { value: 1, rule: { var: "level" } }),
        ent("rounded", "visitsPerWeek", { value: 1, rounding: "half-up" }),
        ent("items", "items", { value: [{ id: "x" }] }),
        ent("band", "amountPerMonth", { table: { key: "level", bands: [{ min: 1, max: 2, value: "40" }] } }),
      ]),
    ]);
    const issues = safeLoadServiceCatalog(doc).issues;
    expect(issues.map((i) => [i.path, i.messageZh])).toEqual([
      ["/packages/0/entitlements/0/value", "金额必须是不小于 0 的整数（单位：分），例如 450 元写作 45000。"],
      ["/packages/0/entitlements/1/rounding", "基金支付比例类权益必须声明取整方式（rounding）。"],
      ["/packages/0/entitlements/1/value", "基金支付比例必须是 0 到 10000 的整数基点（9000 即 90%）。"],
      ["/packages/0/entitlements/2/value", "次数、时长等必须是不小于 0 的整数。"],
      ["/packages/0/entitlements/3", "权益必须且只能有 value、table、rule 三者之一。"],
      ["/packages/0/entitlements/4/rounding", "只有基金支付比例类权益才有取整方式（rounding）。"],
      ["/packages/0/entitlements/5/value/0", "服务项目的格式为 { id, name: { zh, en } }。"],
      ["/packages/0/entitlements/6/table/bands/0/value", "金额必须是不小于 0 的整数（单位：分），例如 450 元写作 45000。"],
    ]);
  });

  it("reports unknown operators in conditions and entitlement rules at their path", () => {
    const doc = catalogWith([pkg("a", [cond("c", { and: [{ eval: "x" }] })], [ent("e", "hoursPerMonth", { rule: { sqrt: [4] } })])]);
    expect(issuesOf(doc)).toEqual([
      ["unknown_operator", "/packages/0/conditions/0/rule/and/0"],
      ["unknown_operator", "/packages/0/entitlements/0/rule"],
    ]);
  });

  it("reports variables the context does not have, computed names and blocked keys", () => {
    const doc = catalogWith([
      pkg("a", [
        cond("typo", { ">=": [{ var: "levle" }, 2] }),
        cond("profile-typo", { var: "profile.livingArangement" }),
        cond("computed", { var: { cat: ["a", "ge"] } }),
        cond("blocked", { var: "assessment.constructor" }),
        cond("element", { some: [{ var: "profile.chronicConditions" }, { "==": [{ var: "" }, "I10"] }] }),
      ]),
    ]);
    expect(issuesOf(doc)).toEqual([
      ["unknown_variable", "/packages/0/conditions/0/rule/>=/0/var"],
      ["unknown_variable", "/packages/0/conditions/1/rule/var"],
      ["dynamic_variable", "/packages/0/conditions/2/rule/var"],
      ["unknown_variable", "/packages/0/conditions/3/rule/var"],
    ]);
  });

  it("warns when a rule reads the raw assessment of the profile, which ignores staleness", () => {
    const result = safeLoadServiceCatalog(catalogWith([pkg("a", [cond("raw", { ">=": [{ var: "profile.assessment.level" }, 2] })])]));
    expect(result.ok).toBe(true);
    expect(result.issues.map((i) => [i.code, i.severity])).toEqual([["ungated_assessment_read", "warning"]]);
  });

  it("reports duplicate ids of packages, conditions, entitlements and groups", () => {
    const doc = catalogWith(
      [
        pkg("a", [cond("c", true), cond("c", true)], [ent("e", "itemCount", { value: 1 }), ent("e", "itemCount", { value: 2 })]),
        pkg("a"),
      ],
      { exclusiveGroups: [{ id: "g", label: text("g", "g"), packages: ["a", "b"] }, { id: "g", label: text("g", "g"), packages: ["a", "a"] }] },
    );
    expect(issuesOf(doc)).toEqual([
      ["duplicate_id", "/packages/1/id"],
      ["duplicate_id", "/exclusiveGroups/1/id"],
      ["duplicate_id", "/packages/0/conditions/1/id"],
      ["duplicate_id", "/packages/0/entitlements/1/id"],
      ["unknown_package", "/exclusiveGroups/0/packages/1"],
      ["duplicate_id", "/exclusiveGroups/1/packages/1"],
    ]);
  });

  it("reports overlapping and inverted bands", () => {
    const doc = catalogWith([
      pkg("a", [], [
        ent("t", "visitsPerWeek", { table: { key: "localGrade", bands: [{ min: 2, max: 3, value: 3 }, { min: 3, max: 4, value: 5 }, { min: 6, max: 5, value: 7 }] } }),
      ]),
    ]);
    expect(issuesOf(doc)).toEqual([
      ["overlapping_bands", "/packages/0/entitlements/0/table/bands/1"],
      ["invalid_band", "/packages/0/entitlements/0/table/bands/2"],
    ]);
  });

  it("reports a table key that is not in the context", () => {
    expect(issuesOf(catalogWith([pkg("a", [], [ent("t", "visitsPerWeek", { table: { key: "grade", bands: [{ min: 1, max: 1, value: 1 }] } })])]))).toEqual([
      ["unknown_variable", "/packages/0/entitlements/0/table/key"],
    ]);
  });

  it("reports packages that depend on each other in a cycle, or on themselves, or on no package", () => {
    expect(issuesOf(catalogWith([pkg("a", [cond("b", { var: "eligible.b" })]), pkg("b", [cond("a", { var: "eligible.a" })])]))).toEqual([
      ["package_cycle", "/packages/0"],
    ]);
    expect(issuesOf(catalogWith([pkg("a", [cond("self", { var: "eligible.a" })])]))).toEqual([["package_cycle", "/packages/0/conditions/0/rule/var"]]);
    expect(issuesOf(catalogWith([pkg("a", [cond("none", { var: "eligible.zzz" })])]))).toEqual([["unknown_variable", "/packages/0/conditions/0/rule/var"]]);
  });

  it("finds a dependency through a condition shared with an earlier package", () => {
    const shared = cond("needs-b", { var: "eligible.b" });
    expect(issuesOf(catalogWith([pkg("c", [shared]), pkg("b", [cond("needs-c", { var: "eligible.c" })]), pkg("d", [shared])]))).toEqual([
      ["package_cycle", "/packages/0"],
    ]);
  });

  it("throws a YiyangError with every issue", () => {
    let caught: unknown;
    try {
      loadServiceCatalog(catalogWith([]));
    } catch (error) {
      caught = error;
    }
    expect(isYiyangError(caught) && [caught.code, caught.issues.map((i) => i.path)]).toEqual(["invalid_document", [["/packages"]].flat()]);
  });
});

describe("makeReader", () => {
  const key = fc.constantFrom("a", "b", "0", "1", "length", "toString", "x");
  const leaf = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null));
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      leaf,
      fc.dictionary(key, tie("node"), { maxKeys: 3 }),
      fc.array(tie("node"), { maxLength: 3 }),
    ),
  })).node;

  it("reads what {\"var\": name} reads, for any data and any dotted name", () => {
    fc.assert(
      fc.property(value, fc.array(key, { minLength: 1, maxLength: 4 }), (data, keys) => {
        const name = keys.join(".");
        expect(makeReader(name)(data)).toEqual(compileLogic({ var: name })(data));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("contextReader", () => {
  // Contexts as checkEligibility builds them: plain objects holding only own properties, any step
  // missing, null or of the wrong type.
  const scalar = fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }));
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, scalar);
  const residence = fc.record({ city: scalar, district: scalar }, { requiredKeys: [] });
  const insurance = fc.record({ ltciEnrolled: scalar, ltciScheme: scalar }, { requiredKeys: [] });
  const profile = fc.record(
    {
      id: scalar,
      birthDate: scalar,
      residence: maybe(residence),
      insurance: maybe(insurance),
      economicStatus: scalar,
      livingArrangement: scalar,
      familyCarerAtHome: scalar,
      chronicConditions: scalar,
      monthsInContinuousHomeCare: scalar,
    },
    { requiredKeys: [] },
  );
  const context = fc.record(
    { asOf: scalar, age: scalar, profile: maybe(profile), level: scalar, assessmentStale: scalar, localGrade: scalar, localGradeStale: scalar },
    { requiredKeys: [] },
  );

  it("reads what makeReader reads, for every fixed name, on any context of own properties", () => {
    fc.assert(
      fc.property(context, (data) => {
        for (const name of FIXED_CONTEXT_READS) expect([name, contextReader(name)(data)]).toEqual([name, makeReader(name)(data)]);
      }),
      { numRuns: 1000 },
    );
  });

  it("has a fixed reader only for names of the catalog vocabulary, and falls back to makeReader for the rest", () => {
    const vocabulary = catalogVocabulary(["home-care"]);
    for (const name of FIXED_CONTEXT_READS) expect([name, resolveVariable(name, vocabulary, []).ok]).toEqual([name, true]);
    expect(FIXED_CONTEXT_READS).toContain("profile.residence.city");
    const data = { eligible: { "home-care": true }, assessment: { level: 3 } };
    expect(contextReader("eligible.home-care")(data)).toBe(true);
    expect(contextReader("assessment.level")(data)).toBe(3);
  });
});
