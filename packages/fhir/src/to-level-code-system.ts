import type { Instrument } from "@yiyang/assessment";
import type { CodeSystem, Coding } from "fhir/r4";
import { bilingual, bilingualCoding } from "./fhir-json";
import { YIYANG_EXTENSIONS } from "./fhir-urls";
import { layoutOf } from "./questionnaire-layout";

/** The coding of one level of an instrument, from its level CodeSystem. @internal */
export function levelCoding(instrument: Instrument, level: number): Coding {
  const definition = instrument.document.levels.find((l) => l.level === level);
  const label = definition?.label ?? { zh: String(level), en: String(level) };
  return bilingualCoding(layoutOf(instrument).urls.level, String(level), label, instrument.version);
}

/**
 * The CodeSystem of an instrument's levels: one concept a level, its code the level number
 * (`"0"` … `"4"` for GB/T 42195), its display the level's Chinese name with an English
 * designation, versioned and fingerprinted like the instrument. The level Observation's value is
 * a coding from it.
 *
 * @param instrument - a loaded instrument
 * @returns the CodeSystem
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` for an instrument not returned by `loadInstrument`
 *
 * @example
 * ```ts
 * const cs = toLevelCodeSystem(loadInstrument(gbt42195Instrument));
 * cs.url; //=> "https://yiyang-health.github.io/fhir/CodeSystem/gbt42195-2022-level"
 * cs.concept?.[4]; //=> { code: "4", display: "能力完全丧失（完全失能）", designation: [{ language: "en", value: "Completely lost (total disability)" }], … }
 * ```
 */
export function toLevelCodeSystem(instrument: Instrument): CodeSystem {
  const layout = layoutOf(instrument);
  const doc = layout.document;
  return {
    resourceType: "CodeSystem",
    id: `${instrument.id}-level`,
    language: "zh-CN",
    extension: [{ url: YIYANG_EXTENSIONS.documentFingerprint, valueString: instrument.fingerprint }],
    url: layout.urls.level,
    version: instrument.version,
    ...bilingual("title", { zh: `${instrument.title.zh}：能力等级`, en: `${instrument.title.en}: levels` }),
    status: "active",
    content: "complete",
    caseSensitive: true,
    count: doc.levels.length,
    concept: [...doc.levels]
      .sort((a, b) => a.level - b.level)
      .map((l) => ({
        code: String(l.level),
        ...bilingual("display", l.label),
        designation: [{ language: "en", value: l.label.en }],
      })),
  };
}
