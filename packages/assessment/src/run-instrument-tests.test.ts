import { describe, expect, it } from "vitest";
import { loadInstrument } from "./load-instrument";
import { miniDocument, miniRecord } from "./mini-instrument.fixture";
import { runInstrumentTests } from "./run-instrument-tests";

function withTests(tests: unknown[]) {
  return loadInstrument({ ...miniDocument(), tests });
}

describe("runInstrumentTests", () => {
  it("passes cases whose expectations hold", () => {
    const instrument = withTests([
      // 3 + 3 + 4 = 10 → level 0; dementia and fall 2, not stacked → 1.
      { description: "raised once", record: { ...miniRecord(), diseases: ["dementia"], riskEvents: { fall: 2, other: 0 } }, expect: { level: 1, baseLevel: 0, total: 10, dimensions: { body: 6, mind: 4 }, adjustments: ["dementia", "events"], nextAssessmentDue: "2026-01-15", warnings: [] } },
      { description: "stacked", flags: { stack: true }, record: { ...miniRecord(), diseases: ["dementia"], riskEvents: { fall: 2, other: 0 } }, expect: { level: 2 } },
      { description: "bad", record: { ...miniRecord(), items: { walk: 4 } }, expect: { issues: [{ code: "missing_item", path: "/items/memory" }, { code: "invalid_option", path: "/items/walk" }, { code: "missing_item", path: "/items/stairs" }] } },
    ]);
    expect(runInstrumentTests(instrument).map((r) => [r.index, r.passed, r.mismatches])).toEqual([
      [0, true, []],
      [1, true, []],
      [2, true, []],
    ]);
  });

  it("reports each field that differs from the expectation", () => {
    const instrument = withTests([
      { description: "wrong", record: miniRecord(), expect: { level: 1, total: 9, adjustments: ["coma"], warnings: ["x"] } },
    ]);
    const report = runInstrumentTests(instrument)[0];
    expect(report?.failures.map((f) => f.path)).toEqual(["/tests/0/expect/level", "/tests/0/expect/total", "/tests/0/expect/adjustments", "/tests/0/expect/warnings"]);
    expect(report).toMatchObject({
      index: 0,
      description: "wrong",
      passed: false,
      mismatches: [
        { field: "level", expected: 1, actual: 0 },
        { field: "total", expected: 9, actual: 10 },
        { field: "adjustments", expected: ["coma"], actual: [] },
        { field: "warnings", expected: ["x"], actual: [] },
      ],
    });
  });

  it("fails a case expecting errors that gets a result, and the reverse", () => {
    const instrument = withTests([
      { description: "expects errors", record: miniRecord(), expect: { issues: [{ code: "missing_item", path: "/items/walk" }] } },
      { description: "expects a result", record: { ...miniRecord(), items: {} }, expect: { level: 0 } },
      { description: "other errors", record: { ...miniRecord(), items: { walk: 3, stairs: 3 } }, expect: { issues: [{ code: "missing_item", path: "/items/walk" }] } },
    ]);
    const reports = runInstrumentTests(instrument);
    expect(reports.map((r) => [r.passed, r.mismatches[0]?.field])).toEqual([
      [false, "outcome"],
      [false, "outcome"],
      [false, "issues"],
    ]);
    expect(reports[2]?.mismatches[0]).toEqual({ field: "issues", expected: ["missing_item /items/walk"], actual: ["missing_item /items/memory"] });
  });
});
