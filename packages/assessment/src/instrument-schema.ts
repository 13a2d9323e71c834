import { bilingual, documentSchema, localizedTextSchema, toJsonSchema } from "@yiyang/core";
import * as z from "zod";
import { INSTRUMENT_KIND } from "./instrument-document";

/** camelCase keys: items, dimensions, flags, diseases, risk events, computed values, adjustment ids. */
const KEY_PATTERN = /^[a-z][A-Za-z0-9]*$/;
/** The issue code of a record check: snake_case. */
const CODE_PATTERN = /^[a-z][a-z0-9_]*$/;
/** A JSON pointer, or "" for the whole value. */
const POINTER_PATTERN = /^(\/.*)?$/;

const camelKeySchema = z
  .string()
  .refine(
    (v) => KEY_PATTERN.test(v),
    bilingual("A key is camelCase: a lower-case letter, then letters and digits.", "键名须为 camelCase：小写字母开头，其后为字母或数字。"),
  )
  .meta({ pattern: KEY_PATTERN.source });

/**
 * The keys of a dictionary (policy flags, a test's flags, expected dimensions and grades). A bad key
 * is zod's `invalid_key` issue at the key's path.
 */
const dictionaryKeySchema = z.string().regex(KEY_PATTERN);

const key = (description: string) => camelKeySchema.meta({ description });
const text = (description: string) => localizedTextSchema.meta({ description });
const int = () => z.number().int();
const bound = (description: string) => int().nullable().optional().meta({ description });
/** A JSON Logic rule: any JSON value here; checked against the engine when the document is loaded. */
const logic = (description: string) => z.unknown().meta({ description: `${description} (JSON Logic).` });
const pointer = (description?: string) => {
  const schema = z.string().regex(POINTER_PATTERN);
  return description === undefined ? schema : schema.meta({ description });
};

const optionSchema = z
  .strictObject({
    score: int().min(0).max(1000).meta({ description: "The score recorded for this option; unique within the item." }),
    text: text("What the option means."),
  })
  .meta({ description: "One answer option and its score." });

const itemSchema = z
  .strictObject({
    key: key("The key used in records, e.g. eating."),
    code: z.string().min(1).meta({ description: "The standard's code, e.g. B.1.1." }),
    label: text("The item's name."),
    options: z.array(optionSchema).min(1).max(20).meta({ description: "The options, each with its score." }),
  })
  .meta({ description: "A scored item (二级指标)." });

const gradeBandSchema = z
  .strictObject({
    min: bound("Lowest score in the band (inclusive); null or absent for none."),
    max: bound("Highest score in the band (inclusive); null or absent for none."),
    grade: int().min(0).meta({ description: "The grade for scores in the band." }),
  })
  .meta({ description: "A band of the dimension's score and its grade." });

const levelBandSchema = z
  .strictObject({
    min: bound("Lowest total in the band (inclusive); null or absent for none."),
    max: bound("Highest total in the band (inclusive); null or absent for none."),
    level: int().min(0).meta({ description: "The level for totals in the band." }),
  })
  .meta({ description: "A band of the total and its level." });

const dimensionGradeSchema = z
  .union([
    z.strictObject({
      bands: z.array(gradeBandSchema).min(1).meta({ description: "Bands of the dimension's score." }),
    }),
    z.strictObject({
      rule: logic("Returns the grade from { items, dimensions }"),
      description: text("The rule in words."),
    }),
  ])
  .meta({ description: "How the dimension is graded: bands over its score, or a rule." });

const dimensionSchema = z
  .strictObject({
    key: key("The key used in results, e.g. selfCare."),
    code: z.string().min(1).meta({ description: "The standard's code, e.g. B.1." }),
    label: text("The dimension's name."),
    max: int().min(0).meta({ description: "The highest possible sum of the items (checked)." }),
    items: z.array(itemSchema).min(1).max(200).meta({ description: "The items, in the order of the form." }),
    grade: dimensionGradeSchema.optional(),
  })
  .meta({ description: "A dimension (一级指标): its items are summed." });

const preliminaryLevelSchema = z
  .discriminatedUnion("basis", [
    z.strictObject({
      basis: z.literal("total"),
      bands: z
        .array(levelBandSchema)
        .min(1)
        .meta({ description: "Bands of the total; every reachable total must fall in exactly one." }),
    }),
    z.strictObject({
      basis: z.literal("rule"),
      rule: logic("Returns the level from the context"),
      description: text("The rule in words."),
    }),
    z.strictObject({
      basis: z.literal("matrix"),
      rowDimension: key("The graded dimension whose grade picks the row."),
      columnDimensions: z
        .array(key("A graded dimension."))
        .min(1)
        .meta({ description: "The worst (highest) grade of these picks the column." }),
      cells: z.array(z.array(int().min(0))).min(1).meta({ description: "cells[rowGrade][columnGrade] is the level." }),
      description: text("The table in words."),
    }),
  ])
  .meta({ description: "How the preliminary level (初步等级) is found." });

const adjustmentSchema = z
  .strictObject({
    id: key("Stable id, e.g. coma."),
    clause: z.string().min(1).meta({ description: "The clause encoded, e.g. C.4." }),
    label: text("The rule's name."),
    condition: text("The condition in words."),
    when: logic("The condition over the context; JSON Logic truthiness decides"),
    effect: z
      .union([
        z.strictObject({ raise: int().min(1).meta({ description: "Levels to raise, up to the ceiling." }) }),
        z.strictObject({ setLevel: int().min(0).meta({ description: "The level to set outright." }) }),
      ])
      .meta({ description: "Raise by n (up to the ceiling) or set a level. Raises apply first, then set-level effects." }),
    reason: text("Why it applied; {{path}} is replaced by the context value at that path."),
  })
  .meta({ description: "A level-change rule (等级变更)." });

const checkSchema = z
  .strictObject({
    code: z
      .string()
      .refine((v) => CODE_PATTERN.test(v), bilingual("A code is snake_case.", "代码须为 snake_case。"))
      .meta({ description: "The issue code.", pattern: CODE_PATTERN.source }),
    severity: z.enum(["error", "warning"]).meta({ description: "error: no result; warning: reported beside the result." }),
    path: pointer("JSON pointer into the record."),
    when: logic("Reports the issue when true"),
    message: text("The message."),
  })
  .meta({ description: "A consistency check on a record." });

const resultExpectationSchema = z
  .strictObject({
    level: int().min(0),
    baseLevel: int().min(0).optional(),
    total: int().nullable().optional(),
    dimensions: z.record(dictionaryKeySchema, int()).optional(),
    grades: z.record(dictionaryKeySchema, int()).optional(),
    adjustments: z.array(key("An adjustment id.")).optional(),
    nextAssessmentDue: z.string().nullable().optional(),
    warnings: z.array(z.string()).optional(),
  })
  .meta({ description: "The expected result (only the fields given are compared)." });

const issueExpectationSchema = z
  .strictObject({
    issues: z
      .array(z.strictObject({ code: z.string().min(1), path: pointer() }))
      .min(1)
      .meta({ description: "Exactly these errors, in any order." }),
  })
  .meta({ description: "The expected errors." });

const testCaseSchema = z
  .strictObject({
    description: z.string().min(1).meta({ description: "What the case shows and how the expected values were worked out." }),
    flags: z.record(dictionaryKeySchema, z.boolean()).optional(),
    record: z.unknown().meta({ description: "The input record, in the interchange format (may be invalid on purpose)." }),
    expect: z.union([resultExpectationSchema, issueExpectationSchema]),
  })
  .meta({ description: "A test case: a record and the expected outcome." });

/**
 * The zod schema of an instrument document: the shared envelope (`documentSchema` of
 * `@yiyang/core`), the items with their options, the dimensions, the level bands, the adjustments,
 * the policy flags and the document's own test cases. Structure only: the cross-field rules (unique
 * keys, declared maxima, bands covering every reachable score, JSON Logic) are checked by
 * `loadInstrument`.
 * @internal
 */
export const instrumentSchema = documentSchema(
  INSTRUMENT_KIND,
  {
    // Replaces the envelope's `kind` (same literal) to give editors its description.
    kind: z.literal(INSTRUMENT_KIND).meta({ description: "The document kind." }),
    dimensions: z.array(dimensionSchema).min(1).max(20).meta({ description: "The dimensions, each with its items." }),
    total: z
      .strictObject({
        min: int().meta({ description: "The lowest total (checked)." }),
        max: int().meta({ description: "The highest total (checked)." }),
      })
      .optional()
      .meta({ description: "The total is the sum of every item; absent when the instrument has no total." }),
    grades: z
      .array(z.strictObject({ grade: int().min(0), label: text("The grade's name.") }))
      .min(1)
      .max(20)
      .optional()
      .meta({ description: "The grade scale shared by graded dimensions." }),
    preliminaryLevel: preliminaryLevelSchema,
    levels: z
      .array(z.strictObject({ level: int().min(0), label: text("The level's name.") }))
      .min(1)
      .max(100)
      .meta({ description: "The levels 0, 1, 2 … and their names." }),
    diseases: z
      .array(
        z.strictObject({
          id: key("The id used in records."),
          label: text("The disease."),
          icd10: z.string().optional().meta({ description: "ICD-10 codes the standard names, for reference." }),
          note: text("A qualifier, e.g. within 30 days.").optional(),
        }),
      )
      .optional()
      .meta({ description: "The diseases a record may list; any other id is an error." }),
    riskEvents: z
      .strictObject({
        maxCount: int().min(1).meta({ description: "The top count, meaning that many or more." }),
        types: z.array(z.strictObject({ key: key("The key used in records."), label: text("The event.") })).min(1),
      })
      .optional()
      .meta({ description: "The care-risk events a record may count." }),
    computed: z
      .array(z.strictObject({ key: key("Available as computed.<key>."), label: text("What it is."), rule: logic("The value") }))
      .optional()
      .meta({ description: "Named values computed before the adjustments, in order." }),
    adjustments: z.array(adjustmentSchema).optional().meta({ description: "The level-change rules." }),
    levelChange: z
      .strictObject({
        ceiling: int().min(0).optional().meta({ description: "The highest level a raise reaches (default: the highest level)." }),
        stackRaises: z
          .union([z.boolean(), z.strictObject({ flag: key("The policy flag deciding it.") })])
          .meta({ description: "Whether raises add up, or a policy flag deciding it." }),
        skipFromLevel: int().min(0).optional().meta({ description: "From this preliminary level up, no adjustment applies." }),
      })
      .optional()
      .meta({ description: "How the adjustments combine." }),
    policyFlags: z
      .record(
        dictionaryKeySchema,
        z.strictObject({ default: z.boolean(), description: text("What the flag decides and why the default.") }),
      )
      .optional()
      .meta({ description: "Named policy choices with their defaults; the caller may set them." }),
    checks: z.array(checkSchema).optional().meta({ description: "Consistency checks on records." }),
    subject: z
      .strictObject({ minimumAge: int().min(0).optional().meta({ description: "Younger on assessedOn gives a warning." }) })
      .optional()
      .meta({ description: "Rules about the person assessed." }),
    reassessment: z
      .strictObject({ intervalMonths: int().min(1).meta({ description: "Months from assessedOn to the next assessment." }) })
      .optional()
      .meta({ description: "When the next assessment is due." }),
  },
  testCaseSchema,
).meta({
  title: "Yiyang instrument document",
  description:
    "An assessment instrument: items with their options and scores, dimensions, level bands, adjustments and policy flags, in the shared rule-document envelope.",
});

let cachedJsonSchema: Record<string, unknown> | undefined;

/**
 * The JSON Schema (draft 2020-12) of instrument documents, for editors: point a document's
 * `$schema` at the shipped copy, `@yiyang/assessment/schema/instrument.schema.json`. Generated from
 * the zod schema the documents are validated with.
 *
 * @returns the JSON Schema, a fresh copy each call
 *
 * @example
 * ```ts
 * const schema = getInstrumentJsonSchema();
 * schema.properties.kind; //=> { type: "string", const: "instrument", description: "The document kind." }
 * ```
 */
export function getInstrumentJsonSchema(): Record<string, unknown> {
  cachedJsonSchema ??= toJsonSchema(instrumentSchema);
  return structuredClone(cachedJsonSchema);
}
