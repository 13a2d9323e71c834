import type { ImpactHandler } from "./handler";
import { indicatorCatalogImpact } from "./indicator-catalog";
import { instrumentImpact } from "./instrument";
import { serviceCatalogImpact } from "./service-catalog";

/** The impact handlers, by document kind. */
export const IMPACT_HANDLERS: ImpactHandler[] = [instrumentImpact, serviceCatalogImpact, indicatorCatalogImpact];
