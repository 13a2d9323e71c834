import { toJsonSchema } from "@yiyang/core";
// zod/mini and core's zod/mini building blocks: a page that loads an instrument bundles no more of
// zod than parsing needs (see @yiyang/core/mini).
import { bilingual, documentSchema, localizedTextSchema } from "@yiyang/core/mini";
import * as z from "zod/mini";
import { INSTRUMENT_KIND } from "./instrument-document";

/** camelCase keys: items, dimensions, flags, diseases, risk events, computed values, adjustment ids. */
const KEY_PATTERN = /^[a-z][A-Za-z0-9]*$/;
/** The issue code of a record check: snake_case. */
const CODE_PATTERN = /^[a-z][a-z0-9_]*$/;
/** A JSON pointer, or "" for the whole value. */
const POINTER_PATTERN = /^(\/.*)?$/;

const camelKeySchema = z
  .string()
  .check(
    z.refine(
      (v) => KEY_PATTERN.test(v),
      bilingual("A key is camelCase: a lower-case letter, then letters and digits.", "键名须为 camelCase：小写字母开头，其后为字母或数字。"),
    ),
  )
  .check(z.meta({ pattern: KEY_PATTERN.source }));

/**
 * The keys of a dictionary (policy flags, a test's flags, expected dimensions and grades). A bad key
 * is zod's `invalid_key` issue at the key's path.
 */
const dictionaryKeySchema = z.string().check(z.regex(KEY_PATTERN));

/** The schema with a description, for editors (zod's `.meta`). */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.meta({ description }));
const key = (description: string) => described(camelKeySchema, description);
const text = (description: string) => described(localizedTextSchema, description);
const int = () => z.number().check(z.int());
/** At least `min` (zod's `.min` of a number). */
const intMin = (min: number) => int().check(z.gte(min));
const bound = (description: string) => described(z.optional(z.nullable(int())), description);
/** A JSON Logic rule: any JSON value here; checked against the engine when the document is loaded. */
const logic = (description: string) => described(z.unknown(), `${description} (JSON Logic).`);
const pointer = (description?: string) => {
  const schema = z.string().check(z.regex(POINTER_PATTERN));
  return description === undefined ? schema : described(schema, description);
};
/** A list of `min` to `max` items. */
const list = <T extends z.core.SomeType>(item: T, min?: number, max?: number) => {
  let schema = z.array(item);
  if (min !== undefined) schema = schema.check(z.minLength(min));
  if (max !== undefined) schema = schema.check(z.maxLength(max));
  return schema;
};
const nonEmpty = () => z.string().check(z.minLength(1));

const optionSchema = described(
  z.strictObject({
    score: described(int().check(z.gte(0)).check(z.lte(1000)), "The score recorded for this option; unique within the item."),
    text: text("What the option means."),
  }),
  "One answer option and its score.",
);

const itemSchema = described(
  z.strictObject({
    key: key("The key used in records, e.g. eating."),
    code: described(nonEmpty(), "The standard's code, e.g. B.1.1."),
    label: text("The item's name."),
    options: described(list(optionSchema, 1, 20), "The options, each with its score."),
  }),
  "A scored item (二级指标).",
);

const gradeBandSchema = described(
  z.strictObject({
    min: bound("Lowest score in the band (inclusive); null or absent for none."),
    max: bound("Highest score in the band (inclusive); null or absent for none."),
    grade: described(intMin(0), "The grade for scores in the band."),
  }),
  "A band of the dimension's score and its grade.",
);

const levelBandSchema = described(
  z.strictObject({
    min: bound("Lowest total in the band (inclusive); null or absent for none."),
    max: bound("Highest total in the band (inclusive); null or absent for none."),
    level: described(intMin(0), "The level for totals in the band."),
  }),
  "A band of the total and its level.",
);

const dimensionGradeSchema = described(
  z.union([
    z.strictObject({
      bands: described(list(gradeBandSchema, 1), "Bands of the dimension's score."),
    }),
    z.strictObject({
      rule: logic("Returns the grade from { items, dimensions }"),
      description: text("The rule in words."),
    }),
  ]),
  "How the dimension is graded: bands over its score, or a rule.",
);

const dimensionSchema = described(
  z.strictObject({
    key: key("The key used in results, e.g. selfCare."),
    code: described(nonEmpty(), "The standard's code, e.g. B.1."),
    label: text("The dimension's name."),
    max: described(intMin(0), "The highest possible sum of the items (checked)."),
    items: described(list(itemSchema, 1, 200), "The items, in the order of the form."),
    grade: z.optional(dimensionGradeSchema),
  }),
  "A dimension (一级指标): its items are summed.",
);

const preliminaryLevelSchema = described(
  z.discriminatedUnion("basis", [
    z.strictObject({
      basis: z.literal("total"),
      bands: described(list(levelBandSchema, 1), "Bands of the total; every reachable total must fall in exactly one."),
    }),
    z.strictObject({
      basis: z.literal("rule"),
      rule: logic("Returns the level from the context"),
      description: text("The rule in words."),
    }),
    z.strictObject({
      basis: z.literal("matrix"),
      rowDimension: key("The graded dimension whose grade picks the row."),
      columnDimensions: described(list(key("A graded dimension."), 1), "The worst (highest) grade of these picks the column."),
      cells: described(list(z.array(intMin(0)), 1), "cells[rowGrade][columnGrade] is the level."),
      description: text("The table in words."),
    }),
  ]),
  "How the preliminary level (初步等级) is found.",
);

const adjustmentSchema = described(
  z.strictObject({
    id: key("Stable id, e.g. coma."),
    clause: described(nonEmpty(), "The clause encoded, e.g. C.4."),
    label: text("The rule's name."),
    condition: text("The condition in words."),
    when: logic("The condition over the context; JSON Logic truthiness decides"),
    effect: described(
      z.union([
        z.strictObject({ raise: described(intMin(1), "Levels to raise, up to the ceiling.") }),
        z.strictObject({ setLevel: described(intMin(0), "The level to set outright.") }),
      ]),
      "Raise by n (up to the ceiling) or set a level. Raises apply first, then set-level effects.",
    ),
    reason: text("Why it applied; {{path}} is replaced by the context value at that path."),
  }),
  "A level-change rule (等级变更).",
);

const checkSchema = described(
  z.strictObject({
    code: z
      .string()
      .check(z.refine((v) => CODE_PATTERN.test(v), bilingual("A code is snake_case.", "代码须为 snake_case。")))
      .check(z.meta({ description: "The issue code.", pattern: CODE_PATTERN.source })),
    severity: described(z.enum(["error", "warning"]), "error: no result; warning: reported beside the result."),
    path: pointer("JSON pointer into the record."),
    when: logic("Reports the issue when true"),
    message: text("The message."),
  }),
  "A consistency check on a record.",
);

const resultExpectationSchema = described(
  z.strictObject({
    level: intMin(0),
    baseLevel: z.optional(intMin(0)),
    total: z.optional(z.nullable(int())),
    dimensions: z.optional(z.record(dictionaryKeySchema, int())),
    grades: z.optional(z.record(dictionaryKeySchema, int())),
    adjustments: z.optional(z.array(key("An adjustment id."))),
    nextAssessmentDue: z.optional(z.nullable(z.string())),
    warnings: z.optional(z.array(z.string())),
  }),
  "The expected result (only the fields given are compared).",
);

const issueExpectationSchema = described(
  z.strictObject({
    issues: described(list(z.strictObject({ code: nonEmpty(), path: pointer() }), 1), "Exactly these errors, in any order."),
  }),
  "The expected errors.",
);

const testCaseSchema = described(
  z.strictObject({
    description: described(nonEmpty(), "What the case shows and how the expected values were worked out."),
    flags: z.optional(z.record(dictionaryKeySchema, z.boolean())),
    record: described(z.unknown(), "The input record, in the interchange format (may be invalid on purpose)."),
    expect: z.union([resultExpectationSchema, issueExpectationSchema]),
  }),
  "A test case: a record and the expected outcome.",
);

/**
 * The zod schema of an instrument document: the shared envelope (`documentSchema` of
 * `@yiyang/core/mini`), the items with their options, the dimensions, the level bands, the
 * adjustments, the policy flags and the document's own test cases. Structure only: the cross-field
 * rules (unique keys, declared maxima, bands covering every reachable score, JSON Logic) are checked
 * by `loadInstrument`.
 * @internal
 */
export const instrumentSchema = documentSchema(
  INSTRUMENT_KIND,
  {
    // Replaces the envelope's `kind` (same literal) to give editors its description.
    kind: described(z.literal(INSTRUMENT_KIND), "The document kind."),
    dimensions: described(list(dimensionSchema, 1, 20), "The dimensions, each with its items."),
    total: described(
      z.optional(
        z.strictObject({
          min: described(int(), "The lowest total (checked)."),
          max: described(int(), "The highest total (checked)."),
        }),
      ),
      "The total is the sum of every item; absent when the instrument has no total.",
    ),
    grades: described(
      z.optional(list(z.strictObject({ grade: intMin(0), label: text("The grade's name.") }), 1, 20)),
      "The grade scale shared by graded dimensions.",
    ),
    preliminaryLevel: preliminaryLevelSchema,
    levels: described(list(z.strictObject({ level: intMin(0), label: text("The level's name.") }), 1, 100), "The levels 0, 1, 2 … and their names."),
    diseases: described(
      z.optional(
        z.array(
          z.strictObject({
            id: key("The id used in records."),
            label: text("The disease."),
            icd10: described(z.optional(z.string()), "ICD-10 codes the standard names, for reference."),
            note: z.optional(text("A qualifier, e.g. within 30 days.")),
          }),
        ),
      ),
      "The diseases a record may list; any other id is an error.",
    ),
    riskEvents: described(
      z.optional(
        z.strictObject({
          maxCount: described(intMin(1), "The top count, meaning that many or more."),
          types: list(z.strictObject({ key: key("The key used in records."), label: text("The event.") }), 1),
        }),
      ),
      "The care-risk events a record may count.",
    ),
    computed: described(
      z.optional(z.array(z.strictObject({ key: key("Available as computed.<key>."), label: text("What it is."), rule: logic("The value") }))),
      "Named values computed before the adjustments, in order.",
    ),
    adjustments: described(z.optional(z.array(adjustmentSchema)), "The level-change rules."),
    levelChange: described(
      z.optional(
        z.strictObject({
          ceiling: described(z.optional(intMin(0)), "The highest level a raise reaches (default: the highest level)."),
          stackRaises: described(z.union([z.boolean(), z.strictObject({ flag: key("The policy flag deciding it.") })]), "Whether raises add up, or a policy flag deciding it."),
          skipFromLevel: described(z.optional(intMin(0)), "From this preliminary level up, no adjustment applies."),
        }),
      ),
      "How the adjustments combine.",
    ),
    policyFlags: described(
      z.optional(z.record(dictionaryKeySchema, z.strictObject({ default: z.boolean(), description: text("What the flag decides and why the default.") }))),
      "Named policy choices with their defaults; the caller may set them.",
    ),
    checks: described(z.optional(z.array(checkSchema)), "Consistency checks on records."),
    subject: described(
      z.optional(z.strictObject({ minimumAge: described(z.optional(intMin(0)), "Younger on assessedOn gives a warning.") })),
      "Rules about the person assessed.",
    ),
    reassessment: described(
      z.optional(z.strictObject({ intervalMonths: described(intMin(1), "Months from assessedOn to the next assessment.") })),
      "When the next assessment is due.",
    ),
  },
  testCaseSchema,
).check(
  z.meta({
    title: "Yiyang instrument document",
    description:
      "An assessment instrument: items with their options and scores, dimensions, level bands, adjustments and policy flags, in the shared rule-document envelope.",
  }),
);

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
