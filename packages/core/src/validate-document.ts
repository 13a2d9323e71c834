import type { DocumentRegistry, LoadDocumentOptions, LoadedDocument } from "./document-kind";
import { createIssue, type SafeResult } from "./issues";

/**
 * Check one rule document the way `yiyang validate` reports it: load it with the kind its `kind`
 * names (schema, rules, every name they read, the kind's own checks), and warn with
 * `missing_tests` when a valid document has no test cases, since a change to it would go
 * unchecked. The command line and the workbench both report with this, so they say the same.
 *
 * @param registry - the kinds that may be read
 * @param document - the document (parsed JSON)
 * @param options - limits for loading
 * @returns the loaded document with its warnings, or every issue. Never throws.
 *
 * @example
 * ```ts
 * const { tests, ...untested } = gbt42195Instrument;
 * validateDocument(registry, untested).issues.map((i) => i.code); //=> ["missing_tests"]
 * validateDocument(registry, { kind: "nope" }).issues[0].code; //=> "unknown_kind"
 * ```
 */
export function validateDocument(registry: DocumentRegistry, document: unknown, options?: LoadDocumentOptions): SafeResult<LoadedDocument> {
  const result = registry.safeLoad(document, options);
  if (!result.ok) return result;
  const tests = (document as { tests?: unknown }).tests;
  if (Array.isArray(tests) && tests.length > 0) return result;
  const missing = createIssue("missing_tests", "/tests", "The document has no test cases: add cases so any change is checked.", "文档没有测试用例：请补充用例，以便检查每一次修改。", {
    severity: "warning",
  });
  return { ok: true, value: result.value, issues: [...result.issues, missing] };
}
