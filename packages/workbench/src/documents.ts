/** The document kinds the workbench reads, and the documents it ships with. */
import { instrumentKind } from "@yiyang/assessment";
import { createDocumentRegistry, type LocalizedText } from "@yiyang/core";
import { careGradeMappingKind, serviceCatalogKind } from "@yiyang/eligibility";
import { indicatorCatalogKind } from "@yiyang/indicators";
import { careGradeMappings, indicatorCatalogs, INSTRUMENT_DOCUMENTS, serviceCatalogs } from "@yiyang/standards";

/** The same kinds as the command line's registry, so the page reports what `yiyang validate` reports. */
export const REGISTRY = createDocumentRegistry([instrumentKind, serviceCatalogKind, careGradeMappingKind, indicatorCatalogKind]);

/** A bundled document the page can open. */
export interface BundledDocument {
  /** `kind/id@version`, unique. */
  key: string;
  kind: string;
  id: string;
  version: string;
  title: LocalizedText;
  document: unknown;
}

const all = [...INSTRUMENT_DOCUMENTS, ...serviceCatalogs, ...careGradeMappings, ...indicatorCatalogs];

/** Every bundled document: instruments, service catalogs, care-grade mappings, indicator catalogs. */
export const BUNDLED: readonly BundledDocument[] = all.map((d) => ({
  key: `${d.kind}/${d.id}@${d.version}`,
  kind: d.kind,
  id: d.id,
  version: d.version,
  title: d.title,
  document: d,
}));

/** The document opened when none is given: GB/T 42195-2022. */
export const DEFAULT_DOCUMENT = BUNDLED.find((d) => d.id === "gbt42195-2022") as BundledDocument;

/** A document's text as the editor shows it: two-space JSON and a final newline. */
export function documentText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
