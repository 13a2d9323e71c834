import { fingerprint, isYiyangError, type Issue } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { getCatalogPlan, loadIndicatorCatalog, safeLoadIndicatorCatalog } from "./load-indicator-catalog";
import { testCatalog } from "./test-catalog.fixture";

type Catalog = ReturnType<typeof testCatalog> & {
  indicators: Array<Record<string, unknown>>;
  stratifiers: Array<Record<string, unknown>>;
  recordSchemas: Record<string, { fields: Record<string, string>; ageFrom?: string }>;
  provisional: Array<{ path: string; note: unknown }>;
};

function edit(change: (catalog: Catalog) => void): Catalog {
  const catalog = testCatalog() as Catalog;
  change(catalog);
  return catalog;
}

function codesAndPaths(issues: readonly Issue[]): string[][] {
  return issues.map((issue) => [issue.code, issue.path]);
}

describe("safeLoadIndicatorCatalog", () => {
  it("loads a valid catalog with its fingerprint, which ignores the tests", () => {
    const result = safeLoadIndicatorCatalog(testCatalog());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.id).toBe("test-catalog");
    expect(result.value.fingerprint).toBe(fingerprint(testCatalog()));
    const withTests = { ...testCatalog(), tests: [] };
    expect((safeLoadIndicatorCatalog(withTests) as { value: { fingerprint: string } }).value.fingerprint).toBe(result.value.fingerprint);
    expect(result.issues).toEqual([]);
  });

  it("keeps a rule used by several indicators once", () => {
    const loaded = loadIndicatorCatalog(testCatalog());
    const person = getCatalogPlan(loaded)?.subjects.get("person");
    // check, age band, 65+, died, managed in the period, opted out: the per-mille indicator reuses four of them.
    expect(person?.rules.length).toBe(6);
    const [first, second] = person?.indicators ?? [];
    expect([second?.population, second?.numerator]).toEqual([first?.population, first?.numerator]);
  });

  it("reports a misspelt field with the JSON pointer of the var", () => {
    const result = safeLoadIndicatorCatalog(
      edit((c) => {
        (c.indicators[0] as Record<string, unknown>).numerator = { "<=": [{ var: "period.from" }, { var: "managdOn" }, { var: "period.to" }] };
      }),
    );
    expect(result.ok).toBe(false);
    expect(codesAndPaths(result.issues)).toEqual([["unknown_variable", "/indicators/0/numerator/<=/1/var"]]);
    expect(result.issues[0]?.messageZh).toContain("managdOn");
  });

  it("reports every problem at once, each where it is", () => {
    const result = safeLoadIndicatorCatalog(
      edit((c) => {
        c.recordSchemas.person!.fields.age = "integer";
        (c.indicators[0] as Record<string, unknown>).population = { "~": [1] };
        (c.indicators[1] as Record<string, unknown>).numerator = { var: { cat: ["manag", "edOn"] } };
        (c.indicators[2] as Record<string, unknown>).numeratorCount = { sum: "district" };
        (c.indicators[3] as Record<string, unknown>).stratifiers = ["nowhere", "district"];
        (c.indicators[4] as Record<string, unknown>).targets = [
          { comparison: "<", value: 2, year: 2025, source: { title: "t", quote: "q" } },
          { comparison: "<", value: 1, year: 2025, source: { title: "t", quote: "q" } },
        ];
        (c.indicators[4] as Record<string, unknown>).id = "managed-65";
      }),
    );
    expect(result.ok).toBe(false);
    expect(codesAndPaths(result.issues)).toEqual([
      ["reserved_field", "/recordSchemas/person/fields/age"],
      ["unknown_operator", "/indicators/0/population"],
      ["dynamic_variable", "/indicators/1/numerator/var"],
      ["invalid_sum_field", "/indicators/2/numeratorCount/sum"],
      ["unknown_stratifier", "/indicators/3/stratifiers/0"],
      ["stratifier_subject_mismatch", "/indicators/3/stratifiers/1"],
      ["duplicate_id", "/indicators/4/id"],
      ["duplicate_target_year", "/indicators/4/targets/1/year"],
    ]);
  });

  it("rejects a record schema, a stratifier or an indicator that does not fit", () => {
    const result = safeLoadIndicatorCatalog(
      edit((c) => {
        c.recordSchemas.person!.fields.birthDate = "date?";
        delete c.recordSchemas.episode;
        c.stratifiers[0]!.field = "nowhere";
        c.stratifiers[1]!.values = ["female", "male", "female"];
        (c.indicators[0] as Record<string, unknown>).stratifiers = ["district"];
      }),
    );
    expect(codesAndPaths(result.issues)).toEqual([
      ["invalid_age_field", "/recordSchemas/person/ageFrom"],
      ["invalid_stratifier_field", "/stratifiers/0/field"],
      ["duplicate_stratum", "/stratifiers/1/values"],
      ["unknown_variable", "/stratifiers/2/logic/band/0/var"],
      ["unknown_variable", "/indicators/0/population/>=/0/var"],
      ["unknown_variable", "/indicators/1/population/>=/0/var"],
      ["missing_record_schema", "/indicators/4/subject"],
    ]);
  });

  it("checks bands as the band operator does, and only on numbers", () => {
    const result = safeLoadIndicatorCatalog(
      edit((c) => {
        c.stratifiers[1] = { ...c.stratifiers[1], bands: [[0, 1, "x"]] };
        c.stratifiers[2] = { id: "age-band", title: { zh: "年龄组", en: "Age band" }, subject: "person", field: "age", bands: [[65, 80, "a"], [75, null, "b"]] };
      }),
    );
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid_stratifier_field", "/stratifiers/1/field"],
      ["overlapping_bands", "/stratifiers/2/bands/1"],
    ]);
    expect(result.issues[1]?.message).toMatch(/overlap/);
  });

  it("checks the document against its schema first, in both languages", () => {
    const result = safeLoadIndicatorCatalog(
      edit((c) => {
        c.recordSchemas.person!.fields.sex = "enum:";
        (c.indicators[3] as Record<string, unknown>).denominator = true;
        (c.indicators[0] as Record<string, unknown>).colour = "red";
      }),
    );
    expect(result.ok).toBe(false);
    const found = codesAndPaths(result.issues);
    expect(found).toContainEqual(["invalid_value", "/recordSchemas/person/fields/sex"]);
    expect(found).toContainEqual(["invalid_value", "/indicators/3/denominator"]);
    expect(found).toContainEqual(["unrecognized_keys", "/indicators/0"]);
    const count = result.issues.find((i) => i.path === "/indicators/3/denominator");
    expect([count?.message, count?.messageZh]).toEqual(["A count indicator has no denominator.", "计数型指标没有 denominator。"]);
  });

  it("refuses a provisional note that points at nothing, as every kind does", () => {
    const result = safeLoadIndicatorCatalog(
      edit((c) => {
        c.provisional.push({ path: "/indicators/9", note: { zh: "无。", en: "None." } });
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.path, i.severity])).toEqual([["unresolved_pointer", "/provisional/1/path", "error"]]);
  });
});

describe("loadIndicatorCatalog", () => {
  it("throws invalid_document carrying every issue", () => {
    const bad = edit((c) => {
      (c.indicators[0] as Record<string, unknown>).numerator = { var: "nope" };
      (c.indicators[1] as Record<string, unknown>).numerator = { var: "nope2" };
    });
    let caught: unknown;
    try {
      loadIndicatorCatalog(bad);
    } catch (error) {
      caught = error;
    }
    expect(isYiyangError(caught)).toBe(true);
    if (!isYiyangError(caught)) return;
    expect(caught.code).toBe("invalid_document");
    expect(caught.issues).toHaveLength(2);
    expect(caught.message).toMatch(/and 1 more/);
    expect(caught.messageZh).toMatch(/另有 1 处/);
  });
});
