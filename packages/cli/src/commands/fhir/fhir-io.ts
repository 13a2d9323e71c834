import type { AssessmentResult, Instrument } from "@yiyang/assessment";
import { isYiyangError, safeSelectVersion, YIYANG_ERROR_CODES, type Issue } from "@yiyang/core";
import { safeFromQuestionnaireResponse, toAssessmentBundle, toOperationOutcome } from "@yiyang/fhir";
import { UsageError } from "../../cli-io";
import type { CommandContext } from "../../command";

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** `--recorded`: when results are recorded (a FHIR instant), default now. */
export function recordedOption(values: CommandContext["values"]): string {
  const value = values.recorded as string | undefined;
  if (value === undefined) return new Date().toISOString();
  if (!INSTANT.test(value)) {
    throw new UsageError(`--recorded must be an instant such as 2025-03-10T09:30:00+08:00, not "${value}".`, `--recorded 必须是时间点，如 2025-03-10T09:30:00+08:00，而不是 "${value}"。`);
  }
  return value;
}

/** The version of an instrument in force on a record's date (the latest when the date is unusable). */
export function versionFor(instruments: readonly Instrument[], record: unknown): Instrument {
  const date = typeof record === "object" && record !== null ? (record as { assessedOn?: unknown }).assessedOn : undefined;
  if (typeof date === "string") {
    const chosen = safeSelectVersion(instruments, date);
    if (chosen.ok) return chosen.value;
  }
  return instruments.reduce((a, b) => (b.effective.from > a.effective.from ? b : a));
}

/** Reads each input value as a QuestionnaireResponse to the instrument's Questionnaire and gives its record. */
export function fhirRecordTransform(instruments: readonly Instrument[]): (value: unknown) => { record: unknown } | { issues: Issue[] } {
  return (value) => {
    const read = safeFromQuestionnaireResponse(instruments, value);
    return read.ok ? { record: read.value } : { issues: read.issues };
  };
}

/**
 * One output line of `assess --format fhir`: the assessment's transaction Bundle (its warnings as
 * notes), or an OperationOutcome for a record without a result or one that cannot be a response.
 */
export function assessmentFhirLine(
  instruments: readonly Instrument[],
  line: number,
  record: unknown,
  result: AssessmentResult | null,
  issues: readonly Issue[],
  recorded: string,
): { text: string; ok: boolean } {
  const outcome = (list: readonly Issue[]) => ({ text: `${JSON.stringify(toOperationOutcome(list, { source: `line ${line}` }))}\n`, ok: false });
  if (result === null) return outcome(issues);
  try {
    const warnings = issues.filter((i) => i.severity === "warning");
    return { text: `${JSON.stringify(toAssessmentBundle(instruments, record, result, { recorded, warnings }))}\n`, ok: true };
  } catch (error) {
    if (isYiyangError(error) && error.code === YIYANG_ERROR_CODES.INVALID_INPUT) return outcome(error.issues);
    throw error;
  }
}
