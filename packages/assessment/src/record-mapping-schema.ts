import { bilingual, documentSchema, toJsonSchema } from "@yiyang/core";
import * as z from "zod";
import { RECORD_MAPPING_KIND } from "./mapping-reader";

const codingName = z
  .string()
  .refine((v) => /^[A-Za-z][A-Za-z0-9-]*$/.test(v), bilingual("A coding name is letters, digits and dashes, starting with a letter.", "编码名称只能由字母、数字和连字符组成，且以字母开头。"))
  .meta({ description: "The name of a coding in `codings`.", pattern: "^[A-Za-z][A-Za-z0-9-]*$" });

const column = z.string().min(1).max(200).meta({ description: "The column (CSV header) or key of the vendor's export that holds the value, e.g. 进食 or B.1.1." });

const codedValue = z.union([z.number().int(), z.boolean(), z.string().min(1)]);

/** One way a vendor writes answers (or other coded values), and what each written value means. */
const codingSchema = z
  .discriminatedUnion("by", [
    z.strictObject({
      by: z.literal("score").meta({ description: "The value written is the score itself (a whole number, as text or a number)." }),
    }),
    z.strictObject({
      by: z.literal("position").meta({ description: "The value written is the position of the option on the vendor's form." }),
      first: z.union([z.literal(0), z.literal(1)]).default(1).meta({ description: "The number of the first option: 1 (default) or 0." }),
      values: z.array(codedValue).min(1).max(100).meta({ description: "What each position means, in the form's order: the first entry is position `first`." }),
    }),
    z.strictObject({
      by: z.literal("code").meta({ description: "The value written is a code (matched exactly, after trimming white space)." }),
      values: z.record(z.string().min(1).max(200), codedValue).meta({ description: "What each code means, e.g. { \"A\": 4, \"B\": 3 } or { \"是\": true, \"否\": false }." }),
    }),
    z.strictObject({
      by: z.literal("label").meta({ description: "The value written is a label (matched ignoring every white-space character, full-width ones too)." }),
      values: z.record(z.string().min(1).max(200), codedValue).meta({ description: "What each label means, e.g. { \"完全独立\": 4 } or { \"痴呆\": \"dementia\" }." }),
    }),
  ])
  .meta({ description: "How written values are read: as scores, option positions, codes or labels." });

const DATE_FORMAT = /^(?:[^YMD]|YYYY|MM|M|DD|D)+$/;
const dateFormats = z
  .array(
    z
      .string()
      .min(1)
      .max(40)
      .refine((f) => DATE_FORMAT.test(f) && f.includes("YYYY") && /M/.test(f) && /D/.test(f), bilingual("A date format has YYYY, MM or M, DD or D, and literal separators, e.g. YYYY/MM/DD, YYYYMMDD or YYYY年M月D日.", "日期格式须含 YYYY、MM 或 M、DD 或 D 及分隔符，例如 YYYY/MM/DD、YYYYMMDD、YYYY年M月D日。")),
  )
  .min(1)
  .max(10)
  .meta({ description: "The formats dates are written in, tried in order: YYYY year, MM/M month, DD/D day (M and D allow one or two digits)." });

const dateField = z.strictObject({ column, formats: dateFormats });
const codedField = (what: string) => z.strictObject({ column, coding: codingName.meta({ description: what }) });

const itemField = z.strictObject({
  column,
  coding: codingName.optional().meta({ description: "How the answer is written (default: the score itself)." }),
});

const fieldsSchema = z
  .strictObject({
    id: z.strictObject({ column }).meta({ description: "The record's id (评估编号)." }),
    assessedOn: dateField.meta({ description: "The assessment date (评估基准日期)." }),
    subject: z
      .strictObject({
        birthDate: dateField.optional(),
        sex: z
          .strictObject({
            column,
            coding: codingName.optional().meta({ description: "The vendor's own sex codes, each meaning male, female, other or unknown (default: FHIR, GB/T 2261.1, HL7 v2 and 男/女/未知 are read as they are)." }),
          })
          .optional(),
        idNumber: z.strictObject({ column }).optional().meta({ description: "The citizen ID number column (read as text, passed on to be checked, never copied into a result)." }),
      })
      .optional(),
    coma: codedField("How coma (A.5.11) is written, each value meaning true or false.").optional(),
    diseases: z
      .strictObject({
        column,
        separator: z.string().min(1).max(5).default(";").meta({ description: "What separates several diseases in one cell (default ;)." }),
        coding: codingName.meta({ description: "What each disease written means: an A.4.1 disease id." }),
        none: z.array(z.string().min(1)).default([]).meta({ description: "Values that mean \"no disease\", e.g. 无. An empty cell is never read as none." }),
      })
      .optional(),
    riskEvents: z
      .record(
        z.string().min(1),
        z.strictObject({ column, coding: codingName.optional().meta({ description: "How the count is written (default: the count itself)." }) }),
      )
      .optional()
      .meta({ description: "Each care-risk event count (A.2.14) by its key in the interchange format, e.g. fall." }),
  })
  .meta({ description: "Where each part of the interchange record comes from (items apart)." });

const testCaseSchema = z.strictObject({
  description: z.string().min(1),
  row: z.record(z.string(), z.unknown()).meta({ description: "One row of the vendor's export, by column." }),
  expect: z
    .union([
      z.strictObject({ record: z.record(z.string(), z.unknown()).meta({ description: "The interchange record the row maps to, exactly." }) }),
      z.strictObject({
        issues: z.array(z.strictObject({ code: z.string(), path: z.string() })).min(1).meta({ description: "The row is refused with exactly these errors (code and JSON pointer to the column)." }),
      }),
    ])
    .meta({ description: "The interchange record, or the errors." }),
});

/**
 * The zod schema of a record-mapping document: the shared envelope, the instrument whose
 * interchange records it produces, the named codings, where each field and item comes from, and
 * test cases (a vendor row and the record it maps to).
 *
 * @example
 * ```ts
 * recordMappingSchema.safeParse({ kind: "record-mapping" }).success; //=> false
 * ```
 */
export const recordMappingSchema = documentSchema(
  RECORD_MAPPING_KIND,
  {
    kind: z.literal(RECORD_MAPPING_KIND).meta({ description: "The document kind." }),
    instrument: z
      .strictObject({ id: z.string().min(1).meta({ description: "The id of the instrument whose interchange records the mapping produces, e.g. gbt42195-2022." }) })
      .meta({ description: "The instrument the export is of." }),
    codings: z.record(codingName, codingSchema).default({}).meta({ description: "Named codings, each referred to by fields and items." }),
    fields: fieldsSchema,
    items: z
      .record(z.string().min(1), itemField)
      .meta({ description: "Each item of the instrument by its key, e.g. eating, with its column and coding." }),
  },
  testCaseSchema,
).meta({
  title: "Yiyang record-mapping document",
  description:
    "How one vendor's export maps onto an instrument's interchange record: columns, answer codings (score, option position, code, label), date formats, booleans and sex codes, in the shared rule-document envelope.",
});

let cachedJsonSchema: Record<string, unknown> | undefined;

/** A record-mapping document as written (input of {@link recordMappingSchema}). */
export type RecordMappingDocument = z.input<typeof recordMappingSchema>;
/** A record-mapping document after validation (defaults filled in). */
export type ParsedRecordMapping = z.output<typeof recordMappingSchema>;
/** One named coding of a mapping. */
export type RecordMappingCoding = ParsedRecordMapping["codings"][string];
/** One test case of a mapping. */
export type RecordMappingTestCase = NonNullable<ParsedRecordMapping["tests"]>[number];

/**
 * The JSON Schema (draft 2020-12) of record-mapping documents, for editors: point a mapping's
 * `$schema` at the shipped copy, `@yiyang/assessment/schema/record-mapping.schema.json`.
 *
 * @returns the JSON Schema (a fresh copy)
 *
 * @example
 * ```ts
 * getRecordMappingJsonSchema().properties.kind; //=> { type: "string", const: "record-mapping", description: "The document kind." }
 * ```
 */
export function getRecordMappingJsonSchema(): Record<string, unknown> {
  cachedJsonSchema ??= toJsonSchema(recordMappingSchema);
  return structuredClone(cachedJsonSchema);
}
