import type { DocumentEnvelope } from "@yiyang/core";
import gbt42195ToInstitutionNursingGradeJson from "./gbt42195-to-institution-nursing-grade.json";
import mzt039ToInstitutionNursingGradeJson from "./mzt039-to-institution-nursing-grade.json";
import sampleCityServicesJson from "./sample-city-services.json";

/**
 * A service-catalog document as shipped: plain JSON with the shared envelope. Validate and compile
 * it with `loadServiceCatalog` of `@yiyang/eligibility`.
 */
export type ServiceCatalogJson = DocumentEnvelope & {
  readonly kind: "service-catalog";
  readonly [key: string]: unknown;
};

/**
 * A care-grade mapping document as shipped: plain JSON with the shared envelope. Load it with
 * `loadCareGradeMapping` of `@yiyang/eligibility`.
 */
export type CareGradeMappingJson = DocumentEnvelope & {
  readonly kind: "care-grade-mapping";
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
 * The sample city's service catalog: long-term-care insurance home care (the "1+1" model and a
 * six-grade local scheme with its continuity bonus), institutional and hospital nursing,
 * government-purchased home care, family-doctor packages and home visits, home sickbeds and home
 * rounds, Internet-plus home nursing, respite care, medication errands and day care. Every amount
 * names its source sentence (seeds 000–004, standards.md §5); every threshold the sources do not fix
 * is listed in `provisional`. Frozen: copy it (`structuredClone`) before editing.
 *
 * @example
 * ```ts
 * import { checkEligibility, loadServiceCatalog } from "@yiyang/eligibility";
 * const catalog = loadServiceCatalog(sampleCityServiceCatalog);
 * checkEligibility(catalog, profile, { asOf: "2025-06-01" }).eligible;
 * //=> ["ltci-home-care-1plus1", "family-doctor-elderly", …]
 * ```
 */
export const sampleCityServiceCatalog: ServiceCatalogJson = /* @__PURE__ */ deepFreeze(sampleCityServicesJson as unknown as ServiceCatalogJson);

/**
 * Every bundled service catalog (every version). Pick the one in force on a date with
 * `selectVersion` of `@yiyang/core`.
 *
 * @example
 * ```ts
 * selectVersion(serviceCatalogs, "2025-06-01", { id: "sample-city-services" }).version; //=> "1.0.0"
 * ```
 */
export const serviceCatalogs: readonly ServiceCatalogJson[] = /* @__PURE__ */ Object.freeze([sampleCityServiceCatalog]);

/**
 * GB/T 42195-2022 capability levels 0–4 to care-institution nursing grades (自理, 三级, 二级, 一级,
 * and 一级 again for level 4: 特级护理 is a hospital grade). Provisional: extends the MZ/T 039 local
 * practice. Frozen.
 *
 * @example
 * ```ts
 * import { mapCareGrade } from "@yiyang/eligibility";
 * mapCareGrade(gbt42195ToInstitutionNursingGrade, { instrumentId: "gbt42195-2022", level: 2 }).label.zh; //=> "二级护理"
 * ```
 */
export const gbt42195ToInstitutionNursingGrade: CareGradeMappingJson = /* @__PURE__ */ deepFreeze(
  gbt42195ToInstitutionNursingGradeJson as unknown as CareGradeMappingJson,
);

/**
 * MZ/T 039-2013 capability levels 0–3 to care-institution nursing grades, as seen in one system
 * (local practice; provisional). Frozen.
 *
 * @example
 * ```ts
 * mapCareGrade(mzt039ToInstitutionNursingGrade, { instrumentId: "mzt039-2013", level: 0 }).code; //=> "self-care"
 * ```
 */
export const mzt039ToInstitutionNursingGrade: CareGradeMappingJson = /* @__PURE__ */ deepFreeze(
  mzt039ToInstitutionNursingGradeJson as unknown as CareGradeMappingJson,
);

/**
 * Every bundled care-grade mapping.
 *
 * @example
 * ```ts
 * careGradeMappings.map((m) => m.id); //=> ["gbt42195-to-institution-nursing-grade", "mzt039-to-institution-nursing-grade"]
 * ```
 */
export const careGradeMappings: readonly CareGradeMappingJson[] = /* @__PURE__ */ Object.freeze([
  gbt42195ToInstitutionNursingGrade,
  mzt039ToInstitutionNursingGrade,
]);

/**
 * The bundled care-grade mapping from an instrument to a local scheme, or `undefined` when none is
 * bundled.
 *
 * @param instrumentId - the instrument whose levels are mapped, e.g. `gbt42195-2022`
 * @param scheme - the local scheme, e.g. `institution-nursing-grade`
 * @returns the mapping document
 *
 * @example
 * ```ts
 * findCareGradeMapping("gbt42195-2022", "institution-nursing-grade")?.id; //=> "gbt42195-to-institution-nursing-grade"
 * findCareGradeMapping("barthel-100", "institution-nursing-grade"); //=> undefined
 * ```
 */
export function findCareGradeMapping(instrumentId: string, scheme: string): CareGradeMappingJson | undefined {
  return careGradeMappings.find((mapping) => {
    const from = mapping["from"] as { instrument?: unknown } | undefined;
    const to = mapping["to"] as { scheme?: unknown } | undefined;
    return from?.instrument === instrumentId && to?.scheme === scheme;
  });
}
