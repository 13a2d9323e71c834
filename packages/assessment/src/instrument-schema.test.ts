import { describe, expect, it } from "vitest";
import { getInstrumentJsonSchema } from "./instrument-schema";

describe("getInstrumentJsonSchema", () => {
  it("matches the shipped schema file", async () => {
    await expect(JSON.stringify(getInstrumentJsonSchema(), null, 2) + "\n").toMatchFileSnapshot("../schema/instrument.schema.json");
  });

  it("describes the envelope and the body, with no other field allowed", () => {
    const schema = getInstrumentJsonSchema() as { required: string[]; additionalProperties: unknown; properties: Record<string, unknown> };
    expect(schema.required).toEqual(["kind", "id", "version", "effective", "title", "source", "dimensions", "preliminaryLevel", "levels"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.kind).toEqual({ type: "string", const: "instrument", description: "The document kind." });
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["adjustments", "levelChange", "policyFlags", "provisional", "reassessment", "tests"]),
    );
  });

  it("gives the option score its bounds", () => {
    const schema = getInstrumentJsonSchema() as any;
    const option = schema.properties.dimensions.items.properties.items.items.properties.options.items;
    expect(option.properties.score).toMatchObject({ type: "integer", minimum: 0, maximum: 1000 });
    expect(option.required).toEqual(["score", "text"]);
  });

  it("returns a fresh copy each time", () => {
    const a = getInstrumentJsonSchema();
    a.title = "changed";
    expect(getInstrumentJsonSchema().title).toBe("Yiyang instrument document");
  });
});
