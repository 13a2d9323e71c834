import type { DocumentEnvelope } from "@yiyang/core";
import { careGradeMappings, INSTRUMENT_DOCUMENTS, indicatorCatalogs, recordMappings, serviceCatalogs } from "@yiyang/standards";

/**
 * Every rule document `@yiyang/standards` bundles, of every kind and version, in the order
 * `yiyang export --help` lists them.
 */
export const BUNDLED_DOCUMENTS: readonly DocumentEnvelope[] = [...INSTRUMENT_DOCUMENTS, ...serviceCatalogs, ...careGradeMappings, ...indicatorCatalogs, ...recordMappings];

/** The ids of the bundled documents, each once. */
export function bundledDocumentIds(): string[] {
  return [...new Set(BUNDLED_DOCUMENTS.map((d) => d.id))];
}
