import type { IndicatorCatalog, IndicatorReport } from "@yiyang/indicators";
import type { Bundle, BundleEntry } from "fhir/r4";
import { deterministicUuid } from "./fhir-json";
import { HL7_URLS } from "./fhir-urls";
import { toMeasure } from "./to-measure";
import { toMeasureReport } from "./to-measure-report";

/**
 * A whole indicator report as a transaction Bundle: each indicator's Measure, written by
 * conditional update on its URL and version, and its summary MeasureReport, written by conditional
 * update on its identifier (a UUID of the catalog's fingerprint, the indicator, the period and the
 * reference date), the reports pointing at the measures by canonical URL. Sent twice, it stores one
 * report per indicator and period; recomputed over corrected records, it replaces them.
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
      request: { method: "PUT", url: `Measure?url=${encodeURIComponent(measure.url as string)}&version=${encodeURIComponent(measure.version as string)}` },
    };
  });
  const measureReports: BundleEntry[] = reports.map((resource) => {
    const value = resource.identifier?.[0]?.value as string;
    return {
      fullUrl: value,
      resource,
      request: { method: "PUT", url: `MeasureReport?identifier=${encodeURIComponent(HL7_URLS.uriIdentifier)}|${encodeURIComponent(value)}` },
    };
  });
  return { resourceType: "Bundle", type: "transaction", entry: [...measures, ...measureReports] };
}
