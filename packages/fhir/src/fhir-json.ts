/**
 * Small helpers shared by every resource builder: the FHIR primitive formats, bilingual text and
 * deterministic ids. Internal.
 * @internal
 */
import { canonicalize, isCalendarDate, sha256Hex, type LocalizedText } from "@yiyang/core";
import type { Coding, Element, Extension } from "fhir/r4";
import { HL7_URLS } from "./fhir-urls";

/** FHIR `string`: at least one character, no whitespace but space, tab, CR and LF. @internal */
export const FHIR_STRING = /^[ \r\n\t\S]+$/u;
/** FHIR `code`: no leading, trailing or double whitespace. @internal */
const FHIR_CODE = /^[^\s]+(\s[^\s]+)*$/u;
/** FHIR `id`. @internal */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** FHIR `instant`. @internal */
export const FHIR_INSTANT =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;

/** Whether a value can be a FHIR `string`. @internal */
export function isFhirString(value: unknown): value is string {
  return typeof value === "string" && FHIR_STRING.test(value);
}

/** Whether a value can be a FHIR `code`. @internal */
export function isFhirCode(value: unknown): value is string {
  return typeof value === "string" && FHIR_CODE.test(value);
}

/** Whether a value is a full, real calendar date that FHIR `date` accepts. @internal */
export function isFhirDate(value: unknown): value is string {
  return isCalendarDate(value) && /^[1-9][0-9]{3}-/.test(value as string);
}

/** Whether a number fits FHIR `integer` (32-bit). @internal */
export function isFhirInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
}

/** The `translation` extension carrying the English text of a Chinese string element. @internal */
export function translation(en: string): Element {
  return {
    extension: [
      {
        url: HL7_URLS.translation,
        extension: [
          { url: "lang", valueCode: "en" },
          { url: "content", valueString: en },
        ],
      },
    ],
  };
}

/**
 * A bilingual string element: the Chinese text as the value, the English as its `translation`
 * (`{ text: "进食", _text: { extension: [translation en] } }`). @internal
 */
export function bilingual<K extends string>(field: K, text: LocalizedText): Record<K, string> & Record<`_${K}`, Element> {
  return { [field]: text.zh, [`_${field}`]: translation(text.en) } as Record<K, string> & Record<`_${K}`, Element>;
}

/** A coding whose display is bilingual. @internal */
export function bilingualCoding(system: string, code: string, display: LocalizedText, version?: string): Coding {
  return { system, ...(version === undefined ? {} : { version }), code, ...bilingual("display", display) };
}

/** A `valueString` extension with an English translation. @internal */
export function bilingualStringExtension(url: string, text: LocalizedText): Extension {
  return { url, valueString: text.zh, _valueString: translation(text.en) };
}

/**
 * A UUID (RFC 9562 version 8, name-based on SHA-256) from the canonical JSON of `parts`: the same
 * parts give the same UUID on every machine. @internal
 */
export function deterministicUuid(...parts: unknown[]): string {
  const hex = sha256Hex(canonicalize(parts));
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Quote a value for a message. @internal */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

/** Whether a value is a plain JSON object. @internal */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
