import type { DocumentEnvelope } from "@yiyang/core";
import barthel100 from "./barthel-100.json" with { type: "json" };
import gbt42195 from "./gbt42195-2022.json" with { type: "json" };
import ltci2021 from "./ltci-2021.json" with { type: "json" };
import mzt039 from "./mzt039-2013.json" with { type: "json" };
import phsSelfcare from "./phs-selfcare.json" with { type: "json" };

/**
 * An instrument document as shipped: the shared envelope plus the instrument body. Typed loosely
 * on purpose (this package holds data only); load it with `loadInstrument` from `@yiyang/assessment`
 * to validate it and get its full type.
 */
export type InstrumentDocumentJson = DocumentEnvelope & Record<string, unknown>;

// Calls of deepFreeze are marked pure so that a bundler drops the documents an app does not import.
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * GB/T 42195-2022 老年人能力评估规范, the default instrument: 26 items in four dimensions
 * (32/15/28/15, total 0–90), five levels, the C.4 level-change rules and two policy flags.
 *
 * @example
 * ```ts
 * gbt42195Instrument.id; //=> "gbt42195-2022"
 * ```
 */
export const gbt42195Instrument: InstrumentDocumentJson = /* @__PURE__ */ deepFreeze(gbt42195 as InstrumentDocumentJson);

/**
 * MZ/T 039-2013 老年人能力评估, the civil-affairs predecessor: four graded dimensions combined into
 * levels 0–3 (gaps in the written rules resolved as documented, provisional) and its level-change clauses.
 *
 * @example
 * ```ts
 * mzt039Instrument.id; //=> "mzt039-2013"
 * ```
 */
export const mzt039Instrument: InstrumentDocumentJson = /* @__PURE__ */ deepFreeze(mzt039 as InstrumentDocumentJson);

/**
 * 长期护理失能等级评估标准（试行）(2021): 17 items in three graded dimensions combined by a 4×4
 * matrix into levels 0–5. The bands and the matrix are provisional (not verified).
 *
 * @example
 * ```ts
 * ltci2021Instrument.id; //=> "ltci-2021"
 * ```
 */
export const ltci2021Instrument: InstrumentDocumentJson = /* @__PURE__ */ deepFreeze(ltci2021 as InstrumentDocumentJson);

/**
 * The 100-point Barthel Index (the ten ADL items of MZ/T 039-2013) with the MZ/T 039 ADL bands.
 *
 * @example
 * ```ts
 * barthel100Instrument.id; //=> "barthel-100"
 * ```
 */
export const barthel100Instrument: InstrumentDocumentJson = /* @__PURE__ */ deepFreeze(barthel100 as InstrumentDocumentJson);

/**
 * 老年人生活自理能力评估表 of the national basic public-health service for people 65+: five items,
 * total 0–37 (higher is worse), bands 0–3 / 4–8 / 9–18 / ≥19.
 *
 * @example
 * ```ts
 * phsSelfcareInstrument.id; //=> "phs-selfcare"
 * ```
 */
export const phsSelfcareInstrument: InstrumentDocumentJson = /* @__PURE__ */ deepFreeze(phsSelfcare as InstrumentDocumentJson);

/** The ids of the shipped instruments, the default first. */
export const INSTRUMENT_IDS = ["gbt42195-2022", "mzt039-2013", "ltci-2021", "barthel-100", "phs-selfcare"] as const;

/** The id of a shipped instrument. */
export type InstrumentId = (typeof INSTRUMENT_IDS)[number];

/** Every shipped instrument document, in the order of {@link INSTRUMENT_IDS}. */
export const INSTRUMENT_DOCUMENTS: readonly InstrumentDocumentJson[] = /* @__PURE__ */ Object.freeze([
  gbt42195Instrument,
  mzt039Instrument,
  ltci2021Instrument,
  barthel100Instrument,
  phsSelfcareInstrument,
]);

/**
 * The shipped instrument document with an id (this package holds data only, so an id that is not
 * shipped gives `undefined` rather than an error).
 *
 * @param id - one of {@link INSTRUMENT_IDS}, or any string
 * @returns the document (frozen), or `undefined` for an id that is not shipped
 *
 * @example
 * ```ts
 * getInstrumentDocument("mzt039-2013").title.zh; //=> "老年人能力评估（MZ/T 039—2013）"
 * getInstrumentDocument("nope"); //=> undefined
 * ```
 */
export function getInstrumentDocument(id: InstrumentId): InstrumentDocumentJson;
export function getInstrumentDocument(id: string): InstrumentDocumentJson | undefined;
export function getInstrumentDocument(id: string): InstrumentDocumentJson | undefined {
  return INSTRUMENT_DOCUMENTS.find((doc) => doc.id === id);
}
