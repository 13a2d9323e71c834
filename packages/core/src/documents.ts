/**
 * The envelope every rule document shares, as classic `zod` schemas (with zod's methods: `.meta`,
 * `.optional` …), for kinds built with `zod`. `@yiyang/core/mini` gives the same schemas built with
 * `zod/mini`, for kinds that want to stay small in a browser; both check the same, with the same
 * messages (envelope-rules.ts).
 */
import * as z from "zod";
import { isCalendarDate } from "./calendar-date";
import type { LocalizedText } from "./document-envelope";
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
  .refine(isCalendarDate, ENVELOPE_MESSAGES.calendarDate)
  .meta({ description: "A calendar date, YYYY-MM-DD.", examples: ["2025-01-01"] });

/** Text in Chinese and English. */
export const localizedTextSchema = z.strictObject({
  zh: z.string().min(1).meta({ description: "Chinese text." }),
  en: z.string().min(1).meta({ description: "English text." }),
});

/** A note on content not yet verified against an official text, pointing at what it covers. */
export const provisionalNoteSchema = z.strictObject({
  path: z.string().regex(POINTER).meta({ description: "JSON pointer into this document of the provisional content; \"\" for all of it." }),
  note: localizedTextSchema.meta({ description: "What is unverified and what would settle it." }),
});

/** The source a document encodes. */
export const documentSourceSchema = z.strictObject({
  title: z.string().min(1).meta({ description: "The standard or policy, e.g. GB/T 42195-2022 老年人能力评估规范." }),
  publisher: z.string().optional(),
  clauses: z.array(z.string()).optional().meta({ description: "Clause or article numbers encoded." }),
  url: z.string().optional(),
  notes: z.string().optional(),
});

/**
 * The envelope every rule document shares: kind, id, version, the dates it is in force, title,
 * source, provisional notes and test cases. Each document kind extends it with its body.
 */
export const documentEnvelopeShape = {
  $schema: z.string().optional().meta({ description: "The JSON Schema this document follows, for editors." }),
  kind: z.string().meta({ description: "The document kind." }),
  id: z
    .string()
    .refine((v) => ID_PATTERN.test(v), ENVELOPE_MESSAGES.id)
    .meta({ description: "Stable identifier shared by every version, e.g. gbt42195-2022.", pattern: ID_PATTERN.source }),
  version: z
    .string()
    .refine((v) => SEMVER.test(v), ENVELOPE_MESSAGES.version)
    .meta({ description: "Semantic version of this document.", pattern: SEMVER.source }),
  effective: z
    .strictObject({
      from: calendarDateSchema.meta({ description: "First day in force." }),
      to: calendarDateSchema.optional().meta({ description: "First day no longer in force (exclusive); absent while open-ended." }),
    })
    .refine(isEffectiveRange, ENVELOPE_MESSAGES.effective)
    .meta({ description: "The dates this version is in force: from ≤ date < to." }),
  title: localizedTextSchema,
  source: documentSourceSchema,
  provisional: z.array(provisionalNoteSchema).optional().meta({ description: "Content not verified against an official text." }),
} as const;

/** The envelope alone, with any body. */
export const documentEnvelopeSchema = z.looseObject(documentEnvelopeShape);

/**
 * The zod schema of a kind's documents: the shared envelope (`$schema`, `kind`, `id`, `version`,
 * `effective`, `title`, `source`, `provisional`), the kind's body and its test cases. Unknown keys
 * are errors, so a misspelt field in a staff-edited file is caught. Pass it to
 * `defineDocumentKind` as the kind's `schema`. For a kind built with `zod/mini`, use the
 * `documentSchema` of `@yiyang/core/mini`.
 *
 * @param kind - the `kind` value
 * @param body - zod shape of the kind's own fields
 * @param testCase - zod schema of one test case
 * @returns the kind's zod schema
 *
 * @example
 * ```ts
 * const noteSchema = documentSchema("note", { text: z.string() }, z.object({ expect: z.string() }));
 * ```
 */
export function documentSchema<K extends string, B extends z.ZodRawShape, T extends z.ZodType>(kind: K, body: B, testCase: T) {
  return z.strictObject({
    ...documentEnvelopeShape,
    kind: z.literal(kind),
    ...body,
    tests: z.array(testCase).optional().meta({ description: "Test cases, each with its input and expected output." }),
  });
}

// The type is the same whichever zod built it.
export type { LocalizedText };
