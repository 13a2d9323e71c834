import type { AssessmentResult, InstrumentSource } from "@yiyang/assessment";
import { YiyangError, YIYANG_ERROR_CODES } from "@yiyang/core";
import type { Provenance, Reference } from "fhir/r4";
import { FHIR_INSTANT } from "./fhir-json";
import { HL7_URLS } from "./fhir-urls";
import { policyFlags, rulesReference } from "./rules-extensions";
import { instrumentOfResult } from "./to-observations";
import { questionnaireUrl } from "./to-questionnaire";

/** Options for {@link toProvenance}. */
export interface ToProvenanceOptions {
  /** When the result was recorded: a FHIR instant, e.g. `2025-03-10T09:30:00+08:00` (this package reads no clock). */
  recorded: string;
  /** What the result is: references to its Observations. */
  targets: Reference[];
  /** The QuestionnaireResponse it was computed from. */
  response?: Reference | undefined;
  /** Who or what computed it (default: the instrument's rules, by name). */
  agent?: Reference | undefined;
}

/**
 * The Provenance of an assessment result: its Observations (`target`) were derived from the
 * response (`entity`, role `source`) by the instrument's rules, named by id, version and
 * fingerprint with the policy flags used, and by the Questionnaire's canonical URL (`policy`).
 *
 * @param instrument - the loaded instrument that computed the result (or its versions)
 * @param result - what `assess` returned
 * @param options - when it was recorded, the Observations, the response, the agent
 * @returns the Provenance
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_argument` for a `recorded` that is no FHIR
 *   instant, no target, or no instrument with the result's fingerprint
 *
 * @example
 * ```ts
 * const p = toProvenance(gbt, result, { recorded: "2025-03-10T09:30:00+08:00", targets: [{ reference: "Observation/1" }] });
 * p.policy; //=> ["https://yiyang-health.github.io/fhir/Questionnaire/gbt42195-2022|1.0.0"]
 * ```
 */
export function toProvenance(instrument: InstrumentSource, result: AssessmentResult, options: ToProvenanceOptions): Provenance {
  const chosen = instrumentOfResult(instrument, result);
  if (typeof options?.recorded !== "string" || !FHIR_INSTANT.test(options.recorded)) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `recorded must be a FHIR instant such as 2025-03-10T09:30:00+08:00, not ${JSON.stringify(options?.recorded)}.`, {
      messageZh: `recorded 必须是 FHIR instant，如 2025-03-10T09:30:00+08:00，而不是 ${JSON.stringify(options?.recorded)}。`,
    });
  }
  if (!Array.isArray(options.targets) || options.targets.length === 0) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, "A Provenance needs at least one target.", { messageZh: "Provenance 至少需要一个 target。" });
  }
  return {
    resourceType: "Provenance",
    extension: [rulesReference("instrument", result.instrument), ...policyFlags(result.flags)],
    target: options.targets,
    occurredDateTime: result.assessedOn,
    recorded: options.recorded,
    policy: [`${questionnaireUrl(chosen, result.flags)}|${chosen.version}`],
    activity: { coding: [{ system: HL7_URLS.dataOperation, code: "CREATE", display: "create" }] },
    agent: [
      {
        type: { coding: [{ system: HL7_URLS.provenanceParticipantType, code: "assembler", display: "Assembler" }] },
        who: options.agent ?? { display: `${chosen.title.zh} ${chosen.version} (${chosen.fingerprint})` },
      },
    ],
    ...(options.response === undefined ? {} : { entity: [{ role: "source" as const, what: options.response }] }),
  };
}
