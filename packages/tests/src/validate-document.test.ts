import { instrumentKind } from "@yiyang/assessment";
import { createDocumentRegistry, validateDocument } from "@yiyang/core";
import { serviceCatalogKind } from "@yiyang/eligibility";
import { gbt42195Instrument } from "@yiyang/standards";
import { describe, expect, it } from "vitest";

const registry = createDocumentRegistry([instrumentKind, serviceCatalogKind]);

describe("validateDocument", () => {
  it("loads a valid document with its tests and adds nothing", () => {
    const result = validateDocument(registry, gbt42195Instrument);
    expect(result.ok).toBe(true);
    expect(result.issues.map((i) => i.code)).not.toContain("missing_tests");
  });

  it("warns, bilingually, when a valid document has no test cases", () => {
    const { tests: _tests, ...untested } = gbt42195Instrument as Record<string, unknown>;
    const result = validateDocument(registry, untested);
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([expect.objectContaining({ code: "missing_tests", path: "/tests", severity: "warning", messageZh: expect.stringContaining("测试用例") })]);
  });

  it("returns the registry's issues for an invalid document and no missing_tests", () => {
    const result = validateDocument(registry, { kind: "nope" });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.code)).toEqual(["unknown_kind"]);
  });
});
