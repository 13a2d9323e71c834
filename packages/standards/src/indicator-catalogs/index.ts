import type { DocumentEnvelope } from "@yiyang/core";
import cityElderlyHealthIndicatorsJson from "./city-elderly-health-indicators.json";

/**
 * An indicator catalog document as shipped: plain JSON with the shared envelope. Validate and
 * compile it with `loadIndicatorCatalog` of `@yiyang/indicators`.
 */
export type IndicatorCatalogJson = DocumentEnvelope & {
  readonly kind: "indicator-catalog";
  readonly [key: string]: unknown;
};

// Calls of deepFreeze are marked pure so that a bundler drops the documents an app does not import.
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The sample city's catalog of integrated-care and elderly-health indicators (65+ health
 * management, TCM health management, family-doctor signing, integrated-care coverage, health
 * assessment of disabled and demented old people, nursing-type bed share, geriatrics departments,
 * medical services in elderly-care institutions, green channels, stage II+ pressure injuries,
 * standardised rural regional centres), with each target's source sentence and its own test cases.
 * Frozen: copy it before editing.
 *
 * @example
 * ```ts
 * import { loadIndicatorCatalog, computeIndicators } from "@yiyang/indicators";
 * const catalog = loadIndicatorCatalog(cityElderlyHealthIndicators);
 * catalog.document.indicators.length; //=> 12
 * ```
 */
export const cityElderlyHealthIndicators: IndicatorCatalogJson = /* @__PURE__ */ deepFreeze(
  cityElderlyHealthIndicatorsJson as unknown as IndicatorCatalogJson,
);

/**
 * Every bundled indicator catalog (every version). Pick the one in force on a date with
 * `selectVersion` of `@yiyang/core`.
 *
 * @example
 * ```ts
 * selectVersion(indicatorCatalogs, "2024-12-31", { id: "city-elderly-health-indicators" }).version; //=> "0.1.0"
 * ```
 */
export const indicatorCatalogs: readonly IndicatorCatalogJson[] = /* @__PURE__ */ Object.freeze([cityElderlyHealthIndicators]);
