import { safeParseWith, toJsonSchema } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { serviceCatalogSchema } from "./service-catalog-schema";

describe("serviceCatalogSchema", () => {
  it("ships as JSON Schema in schema/service-catalog.schema.json", async () => {
    await expect(JSON.stringify(toJsonSchema(serviceCatalogSchema), null, 2) + "\n").toMatchFileSnapshot("../schema/service-catalog.schema.json");
  });

  it("rejects unknown fields, so a misspelt key in a staff-edited file is caught", () => {
    const result = safeParseWith(serviceCatalogSchema, {
      kind: "service-catalog",
      id: "x",
      version: "1.0.0",
      effective: { from: "2025-01-01" },
      title: { zh: "x", en: "x" },
      source: { title: "x" },
      assessment: { instruments: ["gbt42195-2022"], validityMonths: 12, staleCounts: false },
      packages: [{ id: "a", name: { zh: "a", en: "a" }, funding: "government", sources: ["x"], conditions: [], entitlements: [], entitlement: [] }],
    });
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.path])).toEqual([["unrecognized_keys", "/packages/0"]]);
  });

  it("allows at most 30 conditions in a package", () => {
    const conditions = Array.from({ length: 31 }, (_, i) => ({ id: `c${i}`, label: { zh: "c", en: "c" }, rule: true }));
    const result = safeParseWith(serviceCatalogSchema, {
      kind: "service-catalog",
      id: "x",
      version: "1.0.0",
      effective: { from: "2025-01-01" },
      title: { zh: "x", en: "x" },
      source: { title: "x" },
      assessment: { instruments: ["gbt42195-2022"], validityMonths: 12, staleCounts: false },
      packages: [{ id: "a", name: { zh: "a", en: "a" }, funding: "government", sources: ["x"], conditions, entitlements: [] }],
    });
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.path])).toEqual([["too_big", "/packages/0/conditions"]]);
  });
});
