import type { AssessmentResult, InstrumentSource } from "@yiyang/assessment";
import { YiyangError, YIYANG_ERROR_CODES, type Issue } from "@yiyang/core";
import type { Bundle, BundleEntry, FhirResource, Reference } from "fhir/r4";
import { deterministicUuid } from "./fhir-json";
import { HL7_URLS, YIYANG_CODE_SYSTEMS } from "./fhir-urls";
import { instrumentOfResult, observationUuid, toObservations } from "./to-observations";
import { toProvenance } from "./to-provenance";
import { withoutIdentifyingFields } from "./record-fields";
import { toQuestionnaireResponse } from "./to-questionnaire-response";

/** Options for {@link toAssessmentBundle}. */
export interface ToAssessmentBundleOptions {
  /** When the result was recorded: a FHIR instant (this package reads no clock). */
  recorded: string;
  /** The identifier system of record ids (default: Yiyang's record-id system). */
  identifierSystem?: string | undefined;
  /** The person, e.g. `{ reference: "Patient/123" }`. */
  subject?: Reference | undefined;
  /** Warnings `safeAssess` gave with the result, written as notes of the level Observation. */
  warnings?: readonly Issue[] | undefined;
}

const query = (system: string, value: string) => `identifier=${encodeURIComponent(system)}|${encodeURIComponent(value)}`;

/**
 * One assessment as a transaction Bundle: the record as its QuestionnaireResponse (without the
 * person's ID number, which no result repeats; link the person with `subject`), the result as
 * Observations derived from it, and their Provenance, linked by `urn:uuid:` full URLs. The response
 * and every Observation are written by conditional update on their identifier (the record's id; for
 * an Observation, a UUID of the rules' fingerprint, the record, its date, the flags and what it
 * observes): a Bundle sent twice stores one assessment, and a corrected record sent again replaces
 * the response and its results instead of adding to them.
 *
 * @param instrument - the loaded instrument that computed the result (or its versions)
 * @param record - the record the result was computed from
 * @param result - what `assess` returned for it
 * @param options - when it was recorded, the identifier system, the person, the warnings
 * @returns the transaction Bundle
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` when the result is not the record's
 *   (another id or date) or no instrument given has its fingerprint, or for a bad `recorded`;
 *   `invalid_input` when the record cannot be a QuestionnaireResponse
 *
 * @example
 * ```ts
 * const bundle = toAssessmentBundle(gbt, record, assess(gbt, record), { recorded: "2025-03-10T09:30:00+08:00" });
 * bundle.entry?.map((e) => e.resource?.resourceType); //=> ["QuestionnaireResponse", "Observation", "Observation", …, "Provenance"]
 * ```
 */
export function toAssessmentBundle(instrument: InstrumentSource, record: unknown, result: AssessmentResult, options: ToAssessmentBundleOptions): Bundle {
  const chosen = instrumentOfResult(instrument, result);
  const fields = record as { id?: unknown; assessedOn?: unknown } | null;
  if (typeof fields !== "object" || fields === null || fields.id !== result.id || fields.assessedOn !== result.assessedOn) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `The result (${result.id}, ${result.assessedOn}) is not the record's.`, {
      messageZh: `该结果（${result.id}，${result.assessedOn}）不属于该记录。`,
    });
  }
  const system = options.identifierSystem ?? YIYANG_CODE_SYSTEMS.recordId;
  // A result never repeats the person's ID number: the response in the Bundle leaves it out.
  const response = toQuestionnaireResponse(chosen, withoutIdentifyingFields(record), { identifierSystem: system, subject: options.subject, flags: result.flags });
  const responseUrl = `urn:uuid:${response.id as string}`;
  const responseRef: Reference = { reference: responseUrl };
  const observations = toObservations(chosen, result, { response: responseRef, subject: options.subject, warnings: options.warnings });
  const observationEntries: BundleEntry[] = observations.map((observation) => {
    const value = observation.identifier?.[0]?.value as string;
    return { fullUrl: value, resource: observation, request: { method: "PUT", url: `Observation?${query(HL7_URLS.uriIdentifier, value)}` } };
  });
  const provenance = toProvenance(chosen, result, {
    recorded: options.recorded,
    targets: observationEntries.map((e) => ({ reference: e.fullUrl as string })),
    response: responseRef,
  });
  const { id: _id, ...responseWithoutId } = response;
  void _id;
  const entries: BundleEntry[] = [
    {
      fullUrl: responseUrl,
      resource: responseWithoutId as FhirResource,
      request: { method: "PUT", url: `QuestionnaireResponse?${query(system, result.id)}` },
    },
    ...observationEntries,
    {
      fullUrl: `urn:uuid:${deterministicUuid("Provenance", observationUuid(result, "level"), options.recorded)}`,
      resource: provenance,
      request: { method: "POST", url: "Provenance" },
    },
  ];
  return { resourceType: "Bundle", type: "transaction", entry: entries };
}
