import { describe, expect, it } from "vitest";
import { loadInstrument } from "./load-instrument";
import { miniDocument, miniRecord } from "./mini-instrument.fixture";
import { validateAnswers } from "./validate-answers";

const instrument = loadInstrument(miniDocument());

function check(record: unknown): string[] {
  return validateAnswers(record, { instrument }).map((i) => `${i.severity} ${i.code} ${i.path}`);
}

describe("validateAnswers", () => {
  it("returns no issue for a clean record", () => {
    expect(check(miniRecord())).toEqual([]);
  });

  it("returns an issue when an item is missing", () => {
    const record = miniRecord();
    delete record.items.memory;
    expect(check(record)).toEqual(["error missing_item /items/memory"]);
  });

  it("returns invalid_option for a score that is not one of the item's options", () => {
    const record = miniRecord();
    record.items.memory = 3;
    record.items.stairs = 4;
    const issues = validateAnswers(record, { instrument });
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual(["invalid_option /items/stairs", "invalid_option /items/memory"]);
    expect(issues[1]).toMatchObject({ params: { item: "memory", value: 3, allowed: [0, 2, 4] } });
    expect(issues[1]?.message).toContain("0, 2, 4");
    expect(issues[1]?.messageZh).toBe("3 不是条目 memory（B.1）的可选分值；可选：0, 2, 4。");
  });

  it("tells a non-integer from a wrong type", () => {
    const record = miniRecord();
    record.items.walk = 1.5;
    record.items.stairs = "3";
    record.items.memory = null;
    expect(check(record)).toEqual(["error not_integer /items/walk", "error invalid_type /items/stairs", "error invalid_type /items/memory"]);
  });

  it("rejects NaN and infinite scores", () => {
    const record = miniRecord();
    record.items.walk = Number.NaN;
    record.items.stairs = Number.POSITIVE_INFINITY;
    expect(check(record)).toEqual(["error not_integer /items/walk", "error not_integer /items/stairs"]);
  });

  it("returns unknown_item for a key the instrument does not have, escaping the pointer", () => {
    const record = miniRecord();
    record.items["a/b"] = 1;
    record.items.constructor = 2;
    expect(check(record)).toEqual(["error unknown_item /items/a~1b", "error unknown_item /items/constructor"]);
  });

  it("returns unknown_disease for an id outside the instrument's list and warns on a duplicate", () => {
    const record = { ...miniRecord(), diseases: ["flu", "covid", 7, "flu"] };
    expect(check(record)).toEqual([
      "error unknown_disease /diseases/1",
      "error invalid_type /diseases/2",
      "warning duplicate_disease /diseases/3",
    ]);
  });

  it("checks each risk count is a whole number from 0 to the maximum", () => {
    const record = { ...miniRecord(), riskEvents: { fall: 4, other: -1, slip: 1 } };
    expect(check(record)).toEqual(["error out_of_range /riskEvents/fall", "error out_of_range /riskEvents/other", "error unknown_risk_event /riskEvents/slip"]);
    expect(check({ ...miniRecord(), riskEvents: { fall: 0.5, other: "1" } })).toEqual([
      "error not_integer /riskEvents/fall",
      "error invalid_type /riskEvents/other",
    ]);
  });

  it("checks the dates are real calendar dates", () => {
    expect(check({ ...miniRecord(), assessedOn: "2025-02-29" })).toEqual(["error invalid_date /assessedOn"]);
    expect(check({ ...miniRecord(), assessedOn: 20250101 })).toEqual(["error invalid_type /assessedOn"]);
    expect(check({ ...miniRecord(), subject: { birthDate: "1950-00-10" } })).toEqual(["error invalid_date /subject/birthDate"]);
  });

  it("rejects a birth date after the assessment", () => {
    expect(check({ ...miniRecord(), subject: { birthDate: "2025-01-16" } })).toEqual(["error birth_after_assessment /subject/birthDate"]);
  });

  it("warns below the instrument's minimum age and still scores", () => {
    expect(check({ ...miniRecord(), subject: { birthDate: "1965-01-16", sex: "male" } })).toEqual(["warning under_minimum_age /subject/birthDate"]);
    expect(check({ ...miniRecord(), subject: { birthDate: "1965-01-15", sex: "female" } })).toEqual([]);
  });

  it("rejects an unknown top-level field but only warns on an unknown subject field", () => {
    expect(check({ ...miniRecord(), disease: ["dementia"] })).toEqual(["error unknown_field /disease"]);
    expect(check({ ...miniRecord(), subject: { name: "王", sex: "x" } })).toEqual([
      "warning unknown_field /subject/name",
      "warning unknown_sex_code /subject/sex",
    ]);
  });

  it("reports the instrument's own checks as their severity says", () => {
    expect(check({ ...miniRecord(), coma: true })).toEqual(["warning coma_with_memory /coma"]);
  });

  it("reports every problem at once: the record's items in its own key order, then the missing ones", () => {
    const record = {
      id: "",
      assessedOn: "2025-13-01",
      items: { walk: 9, stairs: 1.5, extra: 1 },
      coma: "no",
      diseases: ["x"],
      riskEvents: { fall: 9 },
    };
    expect(check(record)).toEqual([
      "error invalid_type /id",
      "error invalid_date /assessedOn",
      "error invalid_option /items/walk",
      "error not_integer /items/stairs",
      "error unknown_item /items/extra",
      "error missing_item /items/memory",
      "error invalid_type /coma",
      "error unknown_disease /diseases/0",
      "error out_of_range /riskEvents/fall",
      "error missing_input /riskEvents/other",
    ]);
  });

  it("gives every issue a code, a JSON pointer and messages in both languages", () => {
    const issues = validateAnswers({ assessedOn: "x", items: { walk: "a" }, riskEvents: [] }, { instrument });
    expect(issues.length).toBeGreaterThan(3);
    for (const issue of issues) {
      expect(issue.code).toMatch(/^[a-z_]+$/);
      expect(issue.path).toMatch(/^(\/.*)?$/);
      expect(issue.message.length).toBeGreaterThan(5);
      expect(issue.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("does not mutate the record", () => {
    const record = { ...miniRecord(), riskEvents: { fall: 1, other: 0 }, diseases: ["flu"] };
    const copy = structuredClone(record);
    validateAnswers(record, { instrument });
    expect(record).toEqual(copy);
  });
});
