import type { ImpactHandler } from "./handler";
import { instrumentImpact } from "./instrument";

/** The impact handlers, by document kind. */
export const IMPACT_HANDLERS: ImpactHandler[] = [instrumentImpact];
