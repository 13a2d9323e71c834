import { toJsonSchema } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { careGradeMappingSchema } from "./care-grade-mapping-schema";

describe("careGradeMappingSchema", () => {
  it("ships as JSON Schema in schema/care-grade-mapping.schema.json", async () => {
    await expect(JSON.stringify(toJsonSchema(careGradeMappingSchema), null, 2) + "\n").toMatchFileSnapshot("../schema/care-grade-mapping.schema.json");
  });
});
