import type { Issue } from "@yiyang/core";
import type { OperationOutcome } from "fhir/r4";
import { translation } from "./fhir-json";
import { YIYANG_CODE_SYSTEMS } from "./fhir-urls";

/** Options for {@link toOperationOutcome}. */
export interface ToOperationOutcomeOptions {
  /** Where the issues come from, prefixed to each diagnostic (e.g. `line 3`). */
  source?: string | undefined;
}

/**
 * Issues as an OperationOutcome: one issue each, its code from Yiyang's issue code system, its
 * JSON pointer and English message in `diagnostics`, the Chinese message as `details.text` (with
 * the English as its translation). What a batch writes, in place of a resource, for an input it
 * could not convert, so that every input line gives one output line.
 *
 * @param issues - the issues (at least one)
 * @param options - where they come from
 * @returns the OperationOutcome
 *
 * @example
 * ```ts
 * toOperationOutcome(safeToQuestionnaireResponse(gbt, [1]).issues).issue[0]?.code; //=> "invalid"
 * ```
 */
export function toOperationOutcome(issues: readonly Issue[], options: ToOperationOutcomeOptions = {}): OperationOutcome {
  const prefix = options.source === undefined ? "" : `${options.source}: `;
  return {
    resourceType: "OperationOutcome",
    issue: issues.map((i) => ({
      severity: i.severity === "warning" ? "warning" : "error",
      code: i.severity === "warning" ? "informational" : "invalid",
      details: { coding: [{ system: YIYANG_CODE_SYSTEMS.issue, code: i.code }], text: i.messageZh, _text: translation(i.message) },
      diagnostics: `${prefix}${i.path === "" ? "/" : i.path} ${i.code}: ${i.message}`,
    })),
  };
}
