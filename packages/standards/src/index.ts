/**
 * The bundled rule documents (instruments, a sample service catalog, care-grade mappings, the indicator catalog) as plain JSON.
 *
 * @module @yiyang/standards
 */
// Each area's documents live in their own folder; this list is curated by hand.
export {
  barthel100Instrument,
  gbt42195Instrument,
  getInstrumentDocument,
  INSTRUMENT_DOCUMENTS,
  INSTRUMENT_IDS,
  ltci2021Instrument,
  mzt039Instrument,
  phsSelfcareInstrument,
} from "./instruments/index";
export type { InstrumentDocumentJson, InstrumentId } from "./instruments/index";
export {
  careGradeMappings,
  findCareGradeMapping,
  gbt42195ToInstitutionNursingGrade,
  mzt039ToInstitutionNursingGrade,
  sampleCityServiceCatalog,
  serviceCatalogs,
} from "./service-catalogs/index";
export type { CareGradeMappingJson, ServiceCatalogJson } from "./service-catalogs/index";
export { cityElderlyHealthIndicators, indicatorCatalogs } from "./indicator-catalogs/index";
export { gbt42195ChineseHeaderMapping, gbt42195OptionPositionMapping, recordMappings } from "./record-mappings/index";
export type { RecordMappingJson } from "./record-mappings/index";
export type { IndicatorCatalogJson } from "./indicator-catalogs/index";
