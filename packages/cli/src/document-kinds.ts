import { instrumentKind, recordMappingKind } from "@yiyang/assessment";
import { createDocumentRegistry, documentEnvelopeSchema, toJsonSchema } from "@yiyang/core";
import { careGradeMappingKind, serviceCatalogKind } from "@yiyang/eligibility";
import { indicatorCatalogKind } from "@yiyang/indicators";

/**
 * Every kind of rule document the command line reads: `validate`, `test`, `schema`, `impact` and
 * `fingerprint` dispatch on this registry, so a new kind is one line here.
 */
export const DOCUMENT_REGISTRY = createDocumentRegistry([instrumentKind, serviceCatalogKind, careGradeMappingKind, indicatorCatalogKind, recordMappingKind]);

/** The JSON Schema of the shared envelope alone. */
export function envelopeJsonSchema(): unknown {
  return toJsonSchema(documentEnvelopeSchema);
}
