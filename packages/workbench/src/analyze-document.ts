/**
 * Everything the page shows about the text in the editor, computed in one pass: the strict JSON
 * reading (duplicate keys, line and column), the same checks as `yiyang validate`, the document's
 * own tests as `yiyang test` runs them, and the fingerprint as `yiyang fingerprint` prints it.
 */
import { parseJson, runDocumentTests, validateDocument, type DocumentTestResult, type Issue, type LoadedDocument } from "@yiyang/core";
import { REGISTRY } from "./documents";

/** What the page knows about the current text. */
export interface Analysis {
  /** The parsed JSON, or `undefined` when the text is not JSON. */
  value: unknown;
  /** The loaded document when it is valid. */
  loaded: LoadedDocument | null;
  /** Every issue, errors and warnings, as `yiyang validate` lists them. */
  issues: Issue[];
  /** The document's own test cases, when it loaded. */
  tests: DocumentTestResult[];
}

/** Read, check and test a document text. */
export function analyzeDocument(text: string): Analysis {
  const parsed = parseJson(text);
  if (!parsed.ok) return { value: undefined, loaded: null, issues: [...parsed.issues], tests: [] };
  const checked = validateDocument(REGISTRY, parsed.value);
  if (!checked.ok) return { value: parsed.value, loaded: null, issues: [...checked.issues], tests: [] };
  return { value: parsed.value, loaded: checked.value, issues: [...checked.issues], tests: runDocumentTests(checked.value) };
}
