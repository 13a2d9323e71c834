import type { IndicatorCatalog, IndicatorReport } from "@yiyang/indicators";
import type { Bundle, BundleEntry } from "fhir/r4";
import { deterministicUuid } from "./fhir-json";
import { HL7_URLS } from "./fhir-urls";
import { toMeasure } from "./to-measure";
import { toMeasureReport } from "./to-measure-report";

/**
 * A whole indicator report as a transaction Bundle: each indicator's Measure (created only if no
 * Measure with its URL and version exists) and its summary MeasureReport (created only if none
 * with its content identifier exists), the reports pointing at the measures by canonical URL.
 *
 * @param catalog - the loaded catalog the report was computed with
 * @param report - what `computeIndicators` returned
 * @returns the transaction Bundle: the Measures, then the MeasureReports, in the catalog's order
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` when the report is not the catalog's
 *
 * @example
 * ```ts
 * const bundle = toIndicatorBundle(catalog, computeIndicators(catalog, records, { period }));
 * bundle.entry?.length; //=> 24 (12 Measures, 12 MeasureReports)
 * ```
 */
export function toIndicatorBundle(catalog: IndicatorCatalog, report: IndicatorReport): Bundle {
  const ids = report.indicators.map((r) => r.id);
  const reports = ids.map((id) => toMeasureReport(catalog, report, id));
  const measures: BundleEntry[] = ids.map((id) => {
    const measure = toMeasure(catalog, id);
    const { id: _id, ...resource } = measure;
    void _id;
    return {
      fullUrl: `urn:uuid:${deterministicUuid("Measure", measure.url, measure.version)}`,
      resource,
      request: { method: "POST", url: "Measure", ifNoneExist: `url=${encodeURIComponent(measure.url as string)}&version=${encodeURIComponent(measure.version as string)}` },
    };
  });
  const measureReports: BundleEntry[] = reports.map((resource) => {
    const value = resource.identifier?.[0]?.value as string;
    return {
      fullUrl: value,
      resource,
      request: { method: "POST", url: "MeasureReport", ifNoneExist: `identifier=${encodeURIComponent(HL7_URLS.uriIdentifier)}|${encodeURIComponent(value)}` },
    };
  });
  return { resourceType: "Bundle", type: "transaction", entry: [...measures, ...measureReports] };
}
