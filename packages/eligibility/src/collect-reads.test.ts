import { describe, expect, it } from "vitest";
import { collectReads } from "./collect-reads";

describe("collectReads", () => {
  it("lists literal var names with their paths", () => {
    expect(collectReads({ and: [{ ">=": [{ var: "age" }, 60] }, { var: ["profile.economicStatus", "none"] }] })).toEqual([
      { name: "age", path: ["and", 0, ">=", 0, "var"] },
      { name: "profile.economicStatus", path: ["and", 1, "var"] },
    ]);
  });

  it("skips the per-element argument of map, filter, all, some, none and reduce", () => {
    const rule = { some: [{ var: "profile.chronicConditions" }, { "==": [{ var: "" }, { var: "level" }] }] };
    expect(collectReads(rule).map((r) => r.name)).toEqual(["profile.chronicConditions"]);
    const reduce = { reduce: [{ var: "list" }, { "+": [{ var: "current" }, { var: "accumulator" }] }, { var: "start" }] };
    expect(collectReads(reduce).map((r) => r.name)).toEqual(["list", "start"]);
  });

  it("lists the names missing and missing_some look up", () => {
    expect(collectReads({ missing: ["a", "b"] }).map((r) => r.name)).toEqual(["a", "b"]);
    expect(collectReads({ missing: [["a", "b"]] }).map((r) => r.name)).toEqual(["a", "b"]);
    expect(collectReads({ missing_some: [1, ["c", "d"]] }).map((r) => r.name)).toEqual(["c", "d"]);
  });

  it("marks a computed name as null and still lists what computes it", () => {
    expect(collectReads({ var: { cat: ["a", { var: "b" }] } }).map((r) => r.name)).toEqual(["b", null]);
  });

  it("reports a read of the whole data as the empty name", () => {
    expect(collectReads({ var: "" }).map((r) => r.name)).toEqual([""]);
    expect(collectReads({ var: [] }).map((r) => r.name)).toEqual([""]);
  });

  it("finds nothing in a literal", () => {
    expect(collectReads(true)).toEqual([]);
    expect(collectReads({ a: 1, b: 2 })).toEqual([]);
  });
});
