import { getInstrumentJsonSchema, runInstrumentTests, safeLoadInstrument, type Instrument } from "@yiyang/assessment";
import { documentEnvelopeSchema, toJsonSchema, type Issue, type SafeResult } from "@yiyang/core";

/** One test case's outcome, the same shape for every kind. */
export interface CaseOutcome {
  description: string;
  passed: boolean;
  failures: Array<{ field: string; expected: unknown; actual: unknown }>;
}

/** What the CLI needs to validate, test and describe one kind of rule document. */
export interface DocumentKindSupport {
  kind: string;
  summary: { en: string; zh: string };
  jsonSchema(): unknown;
  /** Validate the document (schema and every rule) and compile it. */
  load(document: unknown): SafeResult<unknown>;
  /** Run the document's own test cases; `versions` are every loaded document of the same id. */
  runTests(loaded: unknown, versions: readonly unknown[]): CaseOutcome[];
}

const instrumentKind: DocumentKindSupport = {
  kind: "instrument",
  summary: { en: "an assessment instrument (items, dimensions, bands, adjustments)", zh: "评估工具（条目、维度、分级、等级变更）" },
  jsonSchema: () => getInstrumentJsonSchema(),
  load: (document) => safeLoadInstrument(document),
  runTests: (loaded, versions) =>
    runInstrumentTests(loaded as Instrument, { versions: versions as Instrument[] }).map((r) => ({
      description: r.description,
      passed: r.passed,
      failures: r.mismatches.map((m) => ({ field: m.field, expected: m.expected, actual: m.actual })),
    })),
};

/** Every document kind the CLI knows, by `kind`. */
export const DOCUMENT_KINDS: readonly DocumentKindSupport[] = [instrumentKind];

/** The JSON Schema of the shared envelope alone. */
export function envelopeJsonSchema(): unknown {
  return toJsonSchema(documentEnvelopeSchema);
}

/** The kind support for a parsed document, or an issue saying why there is none. */
export function kindOf(document: unknown): DocumentKindSupport | Issue {
  const kind = typeof document === "object" && document !== null ? (document as { kind?: unknown }).kind : undefined;
  const found = DOCUMENT_KINDS.find((k) => k.kind === kind);
  if (found) return found;
  const known = DOCUMENT_KINDS.map((k) => k.kind).join(", ");
  return {
    code: "unknown_kind",
    path: "/kind",
    message: `Unknown document kind ${JSON.stringify(kind)}; expected one of ${known}.`,
    messageZh: `未知的文档类型 ${JSON.stringify(kind)}；应为 ${known} 之一。`,
    severity: "error",
  };
}
