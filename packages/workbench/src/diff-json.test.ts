import { describe, expect, it } from "vitest";
import { diffJson } from "./diff-json";

describe("diffJson", () => {
  it("lists what was added, removed and changed, by JSON pointer", () => {
    const before = { version: "1.0.0", bands: [{ min: 66, max: 89 }, { min: 46, max: 65 }], gone: 1, "a/b": 1 };
    const after = { version: "1.1.0", bands: [{ min: 67, max: 89 }, { min: 46, max: 66 }, { min: 0 }], "a/b": 2, added: true };
    expect(diffJson(before, after)).toEqual([
      { path: "/version", kind: "changed", before: "1.0.0", after: "1.1.0" },
      { path: "/bands/0/min", kind: "changed", before: 66, after: 67 },
      { path: "/bands/1/max", kind: "changed", before: 65, after: 66 },
      { path: "/bands/2", kind: "added", after: { min: 0 } },
      { path: "/gone", kind: "removed", before: 1 },
      { path: "/a~1b", kind: "changed", before: 1, after: 2 },
      { path: "/added", kind: "added", after: true },
    ]);
  });

  it("finds nothing between equal values", () => {
    expect(diffJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
  });
});
