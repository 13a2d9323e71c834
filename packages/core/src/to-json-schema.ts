import * as z from "zod/v4/core";
import type { DocumentKind } from "./document-kind";

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

const cache = new WeakMap<z.$ZodType, Record<string, unknown>>();

/**
 * The JSON Schema (draft 2020-12) of a kind's documents, the file editors point `$schema` at; a
 * fresh copy each call. It is a function of its own, not a method of the kind, so that a page that
 * only loads and runs documents leaves the JSON Schema generator out of its bundle.
 *
 * @param kind - the document kind
 * @returns the JSON Schema of the documents of that kind
 *
 * @example
 * ```ts
 * import { instrumentKind } from "@yiyang/assessment";
 * documentJsonSchema(instrumentKind).properties.kind; //=> { type: "string", const: "instrument" }
 * ```
 */
export function documentJsonSchema(kind: Pick<DocumentKind, "schema">): Record<string, unknown> {
  let schema = cache.get(kind.schema);
  if (schema === undefined) {
    schema = toJsonSchema(kind.schema);
    cache.set(kind.schema, schema);
  }
  return structuredClone(schema);
}
