import { safeParseWith, toJsonSchema } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { indicatorCatalogSchema } from "./indicator-catalog-schema";
import { testCatalog } from "./test-catalog.fixture";

describe("indicatorCatalogSchema", () => {
  it("accepts the test catalog", () => {
    expect(safeParseWith(indicatorCatalogSchema, testCatalog()).issues).toEqual([]);
  });

  it("rejects unknown keys, a bad field type and a count indicator with a denominator", () => {
    const catalog = testCatalog() as Record<string, unknown> & { indicators: Array<Record<string, unknown>>; recordSchemas: { episode: { fields: Record<string, string> } } };
    catalog.colour = "red";
    catalog.recordSchemas.episode.fields.days = "whole number";
    (catalog.indicators[3] as Record<string, unknown>).denominatorExclusions = true;
    const result = safeParseWith(indicatorCatalogSchema, catalog);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid_value", "/recordSchemas/episode/fields/days"],
      ["invalid_value", "/indicators/3/denominatorExclusions"],
      ["unrecognized_keys", ""],
    ]);
    expect(result.issues[0]?.messageZh).toContain("字段类型");
  });

  it("is shipped as JSON Schema for editors, kept in sync with the zod schema", async () => {
    const schema = toJsonSchema(indicatorCatalogSchema);
    await expect(JSON.stringify(schema, null, 2) + "\n").toMatchFileSnapshot("../schema/indicator-catalog.schema.json");
  });
});
