import * as z from "zod/v4/core";

/**
 * The JSON Schema (draft 2020-12) of a zod schema (made with `zod` or `zod/mini`), for editors to
 * validate and complete rule files.
 *
 * @param schema - the schema
 * @returns the JSON Schema, the input a document may be written as
 *
 * @example
 * ```ts
 * toJsonSchema(calendarDateSchema).type; //=> "string"
 * ```
 */
export function toJsonSchema(schema: z.$ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
