/**
 * Extensions that name the rules a resource rests on, shared by the assessment and indicator
 * resources. Internal.
 * @internal
 */
import type { ProvisionalNote } from "@yiyang/core";
import type { Extension } from "fhir/r4";
import { bilingualStringExtension, isFhirInteger, isObject } from "./fhir-json";
import { YIYANG_EXTENSIONS } from "./fhir-urls";

/** The `rulesReference` extension: kind, id, version and fingerprint of a rule document. @internal */
export function rulesReference(kind: string, reference: { id: string; version: string; fingerprint: string }): Extension {
  return {
    url: YIYANG_EXTENSIONS.rulesReference,
    extension: [
      { url: "kind", valueString: kind },
      { url: "id", valueString: reference.id },
      { url: "version", valueString: reference.version },
      { url: "fingerprint", valueString: reference.fingerprint },
    ],
  };
}

/** One `policyFlag` extension per flag, in the order given. @internal */
export function policyFlags(flags: Readonly<Record<string, boolean>>): Extension[] {
  return Object.keys(flags).map((name) => ({
    url: YIYANG_EXTENSIONS.policyFlag,
    extension: [
      { url: "name", valueString: name },
      { url: "value", valueBoolean: flags[name] as boolean },
    ],
  }));
}

/** One `provisionalNote` extension per note: its pointer and its text in both languages. @internal */
export function provisionalNotes(notes: readonly ProvisionalNote[]): Extension[] {
  return notes.map((note) => ({ url: YIYANG_EXTENSIONS.provisionalNote, extension: [{ url: "path", valueString: note.path }, bilingualStringExtension("note", note.note)] }));
}

/**
 * A JSON value as the content of a complex extension named `url`: a string, number or boolean as
 * its value, an object as nested extensions (one per field, by name), a list as the extension
 * repeated; `null` and empty strings are left out. Used for fields whose shape may grow (an
 * attainment's status and range). @internal
 */
export function jsonExtension(url: string, value: unknown): Extension[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => jsonExtension(url, v));
  if (typeof value === "boolean") return [{ url, valueBoolean: value }];
  if (typeof value === "number") return Number.isFinite(value) ? [isFhirInteger(value) ? { url, valueInteger: value } : { url, valueDecimal: value }] : [];
  if (typeof value === "string") return value === "" ? [] : [{ url, valueString: value }];
  if (isObject(value)) {
    const extension = Object.keys(value).flatMap((key) => jsonExtension(key, value[key]));
    return extension.length === 0 ? [] : [{ url, extension }];
  }
  return [];
}
