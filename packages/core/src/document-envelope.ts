/**
 * The envelope every rule document shares, built with `zod/mini`: what `@yiyang/core/mini` gives
 * kinds that want to stay small in a browser (`zod/mini` schemas carry no methods, so a bundler
 * keeps only what a page uses; the classic `zod` schemas of documents.ts bring the whole API and
 * its JSON Schema generator). Both check the same (the JSON Schemas they give are compared in a
 * test) with the same messages.
 */
import * as z from "zod/mini";
import { isCalendarDate } from "./calendar-date";
import { ENVELOPE_MESSAGES, ID_PATTERN, isEffectiveRange, POINTER, SEMVER } from "./envelope-rules";

/**
 * A calendar date `YYYY-MM-DD`, checked strictly (`2025-02-30` is rejected).
 *
 * @example
 * ```ts
 * calendarDateSchema.safeParse("2025-02-30").success; //=> false
 * ```
 */
export const calendarDateSchema = z
  .string()
  .check(z.refine(isCalendarDate, ENVELOPE_MESSAGES.calendarDate))
  .check(z.meta({ description: "A calendar date, YYYY-MM-DD.", examples: ["2025-01-01"] }));

/**
 * Text in Chinese and English.
 *
 * @example
 * ```ts
 * localizedTextSchema.safeParse({ zh: "进食", en: "Eating" }).success; //=> true
 * ```
 */
export const localizedTextSchema = z.strictObject({
  zh: z.string().check(z.minLength(1)).check(z.meta({ description: "Chinese text." })),
  en: z.string().check(z.minLength(1)).check(z.meta({ description: "English text." })),
});

/** Text in Chinese and English. */
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** A note on content not yet verified against an official text, pointing at what it covers. */
export interface ProvisionalNote {
  /** JSON pointer into the document of the provisional content; `""` for all of it. */
  readonly path: string;
  /** What is unverified and what would settle it. */
  readonly note: LocalizedText;
}

/**
 * A note on content not yet verified against an official text, pointing at what it covers.
 *
 * @example
 * ```ts
 * provisionalNoteSchema.safeParse({ path: "/levels", note: { zh: "待核实", en: "To be verified" } }).success; //=> true
 * ```
 */
export const provisionalNoteSchema = z.strictObject({
  path: z
    .string()
    .check(z.regex(POINTER))
    .check(z.meta({ description: "JSON pointer into this document of the provisional content; \"\" for all of it." })),
  note: localizedTextSchema.check(z.meta({ description: "What is unverified and what would settle it." })),
});

/**
 * The source a document encodes.
 *
 * @example
 * ```ts
 * documentSourceSchema.safeParse({ title: "GB/T 42195-2022" }).success; //=> true
 * ```
 */
export const documentSourceSchema = z.strictObject({
  title: z
    .string()
    .check(z.minLength(1))
    .check(z.meta({ description: "The standard or policy, e.g. GB/T 42195-2022 老年人能力评估规范." })),
  publisher: z.optional(z.string()),
  clauses: z.optional(z.array(z.string())).check(z.meta({ description: "Clause or article numbers encoded." })),
  url: z.optional(z.string()),
  notes: z.optional(z.string()),
});

/**
 * The envelope every rule document shares: kind, id, version, the dates it is in force, title,
 * source, provisional notes and test cases. Each document kind extends it with its body.
 *
 * @example
 * ```ts
 * Object.keys(documentEnvelopeShape); //=> ["$schema", "kind", "id", "version", "effective", "title", "source", "provisional"]
 * ```
 */
export const documentEnvelopeShape = {
  $schema: z.optional(z.string()).check(z.meta({ description: "The JSON Schema this document follows, for editors." })),
  kind: z.string().check(z.meta({ description: "The document kind." })),
  id: z
    .string()
    .check(z.refine((v) => ID_PATTERN.test(v), ENVELOPE_MESSAGES.id))
    .check(z.meta({ description: "Stable identifier shared by every version, e.g. gbt42195-2022.", pattern: ID_PATTERN.source })),
  version: z
    .string()
    .check(z.refine((v) => SEMVER.test(v), ENVELOPE_MESSAGES.version))
    .check(z.meta({ description: "Semantic version of this document.", pattern: SEMVER.source })),
  effective: z
    .strictObject({
      from: calendarDateSchema.check(z.meta({ description: "First day in force." })),
      to: z.optional(calendarDateSchema).check(z.meta({ description: "First day no longer in force (exclusive); absent while open-ended." })),
    })
    .check(z.refine(isEffectiveRange, ENVELOPE_MESSAGES.effective))
    .check(z.meta({ description: "The dates this version is in force: from ≤ date < to." })),
  title: localizedTextSchema,
  source: documentSourceSchema,
  provisional: z.optional(z.array(provisionalNoteSchema)).check(z.meta({ description: "Content not verified against an official text." })),
} as const;

/**
 * The envelope alone, with any body.
 *
 * @example
 * ```ts
 * documentEnvelopeSchema.safeParse(gbt42195Instrument).success; //=> true
 * ```
 */
export const documentEnvelopeSchema = z.looseObject(documentEnvelopeShape);

/** The fields every rule document has. */
export interface DocumentEnvelope {
  $schema?: string | undefined;
  kind: string;
  id: string;
  version: string;
  effective: { from: string; to?: string | undefined };
  title: LocalizedText;
  source: z.infer<typeof documentSourceSchema>;
  provisional?: Array<z.infer<typeof provisionalNoteSchema>> | undefined;
  tests?: unknown[] | undefined;
}

/**
 * The `zod/mini` schema of a kind's documents: the shared envelope (`$schema`, `kind`, `id`,
 * `version`, `effective`, `title`, `source`, `provisional`), the kind's body and its test cases.
 * Unknown keys are errors, so a misspelt field in a staff-edited file is caught. Pass it to
 * `defineDocumentKind` as the kind's `schema`. The body may hold `zod` or `zod/mini` schemas.
 *
 * @param kind - the `kind` value
 * @param body - the shape of the kind's own fields
 * @param testCase - the schema of one test case
 * @returns the kind's schema
 *
 * @example
 * ```ts
 * import * as z from "zod/mini";
 * const noteSchema = documentSchema("note", { text: z.string() }, z.object({ expect: z.string() }));
 * ```
 */
export function documentSchema<K extends string, B extends z.core.$ZodShape, T extends z.core.SomeType>(kind: K, body: B, testCase: T) {
  return z.strictObject({
    ...documentEnvelopeShape,
    kind: z.literal(kind),
    ...body,
    tests: z.optional(z.array(testCase)).check(z.meta({ description: "Test cases, each with its input and expected output." })),
  });
}
