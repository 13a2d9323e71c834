import { describe, expectTypeOf, it } from "vitest";
import type * as z from "zod";
import type { InstrumentDocument } from "./instrument-document";
import type { instrumentSchema } from "./instrument-schema";

// The exported types are written out with their documentation; the zod schema is what validates.
// These assertions keep the two the same shape in both directions.
describe("InstrumentDocument", () => {
  it("is what the zod schema accepts and returns", () => {
    expectTypeOf<z.output<typeof instrumentSchema>>().toExtend<InstrumentDocument>();
    expectTypeOf<InstrumentDocument>().toExtend<z.output<typeof instrumentSchema>>();
    expectTypeOf<z.input<typeof instrumentSchema>>().toExtend<InstrumentDocument>();
    expectTypeOf<InstrumentDocument>().toExtend<z.input<typeof instrumentSchema>>();
  });
});
