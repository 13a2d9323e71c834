/**
 * Defining rule-document kinds with `zod/mini`: the same document mechanism as `@yiyang/core`, with
 * the shared envelope's schemas built with `zod/mini`, whose schemas carry no methods, so a bundler
 * keeps only what a page uses (a kind built with classic `zod` brings its whole API and JSON Schema
 * generator into the page). Kinds defined either way are the same kinds.
 *
 * @module @yiyang/core/mini
 */
export { defineKind as defineDocumentKind } from "./document-kind";
export {
  calendarDateSchema,
  documentEnvelopeSchema,
  documentEnvelopeShape,
  documentSchema,
  documentSourceSchema,
  localizedTextSchema,
  provisionalNoteSchema,
} from "./document-envelope";
export { bilingual } from "./safe-parse-with";
