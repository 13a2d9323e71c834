import { getInstrumentJsonSchema, runInstrumentTests, safeLoadInstrument, type Instrument } from "@yiyang/assessment";
import { documentEnvelopeSchema, toJsonSchema, type Issue, type SafeResult } from "@yiyang/core";
import {
  careGradeMappingSchema,
  runCareGradeMappingTests,
  runServiceCatalogTests,
  safeLoadCareGradeMapping,
  safeLoadServiceCatalog,
  serviceCatalogSchema,
  type DocumentTestResult,
} from "@yiyang/eligibility";
import { indicatorCatalogSchema, runIndicatorCatalogTests, safeLoadIndicatorCatalog, type LoadedIndicatorCatalog } from "@yiyang/indicators";

/** One test case's outcome, the same shape for every kind. */
export interface CaseOutcome {
  description: string;
  passed: boolean;
  /** Each failure: a field with expected and actual values, or a located message. */
  failures: Array<{ field: string; expected?: unknown; actual?: unknown; message?: { en: string; zh: string } }>;
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

function fromDocumentTests(results: readonly DocumentTestResult[]): CaseOutcome[] {
  return results.map((r) => ({
    description: r.name,
    passed: r.passed,
    failures: r.failures.map((f) => ({ field: f.path, message: { en: f.message, zh: f.messageZh } })),
  }));
}

const serviceCatalogKind: DocumentKindSupport = {
  kind: "service-catalog",
  summary: { en: "a service catalog (packages, conditions, entitlements)", zh: "服务目录（服务包、条件、待遇）" },
  jsonSchema: () => toJsonSchema(serviceCatalogSchema),
  load: (document) => safeLoadServiceCatalog(document),
  runTests: (loaded) => fromDocumentTests(runServiceCatalogTests(loaded)),
};

const careGradeMappingKind: DocumentKindSupport = {
  kind: "care-grade-mapping",
  summary: { en: "a mapping from an instrument's levels to local care grades", zh: "评估等级与本地护理等级的对照" },
  jsonSchema: () => toJsonSchema(careGradeMappingSchema),
  load: (document) => safeLoadCareGradeMapping(document),
  runTests: (loaded) => fromDocumentTests(runCareGradeMappingTests(loaded)),
};

const indicatorCatalogKind: DocumentKindSupport = {
  kind: "indicator-catalog",
  summary: { en: "an indicator catalog (populations, numerators, strata, targets)", zh: "指标目录（人群、分子分母、分层、目标）" },
  jsonSchema: () => toJsonSchema(indicatorCatalogSchema),
  load: (document) => safeLoadIndicatorCatalog(document),
  runTests: (loaded) =>
    runIndicatorCatalogTests(loaded as LoadedIndicatorCatalog).map((r) => ({
      description: r.description,
      passed: r.passed,
      failures: r.failures.map((f) => ({ field: f.path, message: { en: f.message, zh: f.messageZh } })),
    })),
};

/** Every document kind the CLI knows, by `kind`. */
export const DOCUMENT_KINDS: readonly DocumentKindSupport[] = [instrumentKind, serviceCatalogKind, careGradeMappingKind, indicatorCatalogKind];

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
