import * as z from "zod";
import { bilingual, calendarDateSchema, documentSchema, localizedTextSchema } from "@yiyang/core";
import { FIELD_NAME_PATTERN, FIELD_TYPE_PATTERN } from "./field-types";

/**
 * The kinds of subject an indicator counts: people, facilities or care episodes (stays).
 *
 * @example
 * ```ts
 * SUBJECT_KINDS.includes("facility"); //=> true
 * ```
 */
export const SUBJECT_KINDS = ["person", "facility", "episode"] as const;

/** One of {@link SUBJECT_KINDS}. */
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/**
 * How an indicator's value is expressed: percent (× 100), per mille (× 1000) or a count.
 *
 * @example
 * ```ts
 * INDICATOR_UNITS; //=> ["percent", "per-mille", "count"]
 * ```
 */
export const INDICATOR_UNITS = ["percent", "per-mille", "count"] as const;

/** One of {@link INDICATOR_UNITS}. */
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/**
 * How a target is compared with the indicator's value.
 *
 * @example
 * ```ts
 * TARGET_COMPARISONS; //=> [">=", ">", "<=", "<", "=="]
 * ```
 */
export const TARGET_COMPARISONS = [">=", ">", "<=", "<", "=="] as const;

/** One of {@link TARGET_COMPARISONS}. */
export type TargetComparison = (typeof TARGET_COMPARISONS)[number];

/**
 * A string matching a pattern, with a message in both languages (zod's own pattern message has no
 * Chinese of ours) and the pattern still in the JSON Schema for editors.
 */
function patternString(pattern: RegExp, message: ReturnType<typeof bilingual>, meta: { description: string; examples?: string[] }) {
  return z
    .string()
    .refine((value) => pattern.test(value), message)
    .meta({ pattern: pattern.source, ...meta });
}

const idSchema = patternString(
  /^[a-z0-9][a-z0-9-]{0,63}$/,
  bilingual("An id is lower-case letters, digits and dashes.", "id 只能由小写字母、数字和连字符组成。"),
  { description: "A stable id: lower-case letters, digits and dashes." },
);

const fieldNameSchema = patternString(
  FIELD_NAME_PATTERN,
  bilingual("A field name is a letter or _, then letters, digits or _ (at most 64).", "字段名须以字母或下划线开头，仅含字母、数字、下划线（最多 64 个字符）。"),
  { description: "The name of a field declared in the subject's record schema." },
);

const fieldTypeSchema = patternString(
  FIELD_TYPE_PATTERN,
  bilingual(
    "A field type is string, date, boolean, sex, integer, integer>=N, number, number>=N, enum:a|b|c or string[], with a trailing ? when optional.",
    "字段类型须为 string、date、boolean、sex、integer、integer>=N、number、number>=N、enum:a|b|c 或 string[]；可选字段在末尾加 ?。",
  ),
  {
    description:
      "The field's type: string, date (YYYY-MM-DD), boolean, sex (any code normalizeSex reads: FHIR, GB/T 2261.1, HL7 v2, 男/女/未知; rules and strata see the FHIR code male, female, other or unknown), integer, integer>=N, number, number>=N, enum:a|b|c or string[]; a trailing ? makes it optional (absent or null).",
    examples: ["date", "integer>=0", "enum:public|private", "sex", "date?"],
  },
);

/**
 * A JSON Logic rule inside a catalog. Checked against the engine's operator allow-list and the
 * record schema's field names when the catalog is loaded.
 */
const logicSchema = z
  .custom<unknown>((value) => value !== undefined, bilingual("A JSON Logic rule is required here.", "此处需要一条 JSON Logic 规则。"))
  .meta({
    description:
      "A JSON Logic rule over one record. It sees the record's declared fields, `age` (whole years on the reference date, when the record schema names `ageFrom`), `period` ({ from, to }, both inclusive) and `referenceDate`.",
  });

/** A cross-field check on a record, e.g. nursing beds not above beds. */
const recordCheckSchema = z.strictObject({
  id: idSchema,
  rule: logicSchema.meta({ description: "Must be truthy for the record to be valid." }),
  path: fieldNameSchema.optional().meta({ description: "The field the problem is reported on; absent for the whole record." }),
  message: localizedTextSchema.meta({ description: "What is wrong when the check fails." }),
});

/**
 * The declared shape of one subject kind's records: fields with their types, the id field, the
 * birth-date field ages come from, and cross-field checks.
 *
 * @example
 * ```ts
 * recordSchemaSchema.safeParse({ fields: { id: "string", birthDate: "date", beds: "integer>=0", closedOn: "date?" } }).success; //=> true
 * ```
 *
 * @deprecated The zod schemas are not public API: zod's major version and these refinements are
 * implementation details. Use `documentJsonSchema(indicatorCatalogKind)`, the document's types and its `safeLoad` instead; removed in the next minor version.
 */
export const recordSchemaSchema = z
  .strictObject({
    title: localizedTextSchema.optional(),
    fields: z
      .record(fieldNameSchema, fieldTypeSchema)
      .meta({ description: "Every field a record of this kind may carry, with its type. Other fields are ignored and invisible to rules." }),
    idField: fieldNameSchema.optional().meta({ description: "The field that identifies a record in error reports (default `id` when declared)." }),
    ageFrom: fieldNameSchema
      .optional()
      .meta({ description: "A date field (the birth date) from which `age` on the reference date is computed once per record." }),
    checks: z.array(recordCheckSchema).optional().meta({ description: "Cross-field checks; a record failing one is reported as invalid." }),
  })
  .meta({ description: "The fields a record of one subject kind carries, validated before any rule sees it." });

const subjectKindSchema = z.enum(SUBJECT_KINDS).meta({ description: "person, facility or episode (a stay in a care institution)." });

/**
 * Where a target (or a reported value) comes from: the document and the sentence.
 *
 * @example
 * ```ts
 * indicatorCitationSchema.safeParse({ title: "医养结合发展行动方案", quote: "…不低于65%", file: "seeds/003_….txt" }).success; //=> true
 * ```
 *
 * @deprecated The zod schemas are not public API: zod's major version and these refinements are
 * implementation details. Use `documentJsonSchema(indicatorCatalogKind)`, the document's types and its `safeLoad` instead; removed in the next minor version.
 */
export const indicatorCitationSchema = z.strictObject({
  title: z.string().min(1).meta({ description: "The plan, notice or reference the figure comes from." }),
  quote: z.string().min(1).meta({ description: "The sentence (or table row) that states it, verbatim." }),
  file: z.string().optional().meta({ description: "The file holding the text, when it is a local copy." }),
  clause: z.string().optional(),
  publisher: z.string().optional(),
  url: z.string().optional(),
});

/**
 * A target of an indicator: a comparison with a value in the indicator's unit, by a year, with its source.
 *
 * @example
 * ```ts
 * indicatorTargetSchema.safeParse({ comparison: ">=", value: 65, year: 2025, source }).success; //=> true
 * ```
 *
 * @deprecated The zod schemas are not public API: zod's major version and these refinements are
 * implementation details. Use `documentJsonSchema(indicatorCatalogKind)`, the document's types and its `safeLoad` instead; removed in the next minor version.
 */
export const indicatorTargetSchema = z.strictObject({
  comparison: z.enum(TARGET_COMPARISONS).meta({ description: "How the value must compare with the target: >=, >, <=, < or ==." }),
  value: z.number().finite().min(0).meta({ description: "The target, in the indicator's unit (65 means 65% for a percent indicator)." }),
  year: z.number().int().min(1900).max(9999).meta({ description: "The year by which the target is to be reached." }),
  source: indicatorCitationSchema,
});

const reportedValueSchema = z
  .strictObject({
    value: z.number().finite().min(0).meta({ description: "The value reported, in the indicator's unit." }),
    year: z.number().int().min(1900).max(9999).optional(),
    place: localizedTextSchema.meta({ description: "Where it was reported (a city, a district)." }),
    source: indicatorCitationSchema,
  })
  .meta({ description: "A value some place has reported for this indicator: context for readers, not a target." });

const countSchema = z
  .union([z.literal("records"), z.strictObject({ sum: fieldNameSchema.meta({ description: "A required integer>=0 field to add up." }) })])
  .meta({ description: "What is counted: \"records\" (default), or { \"sum\": field } to add up a field such as beds." });

const roundingSchema = z
  .strictObject({
    mode: z.literal("half-up").meta({ description: "Half-up (四舍五入): .5 goes away from zero." }),
    decimals: z.number().int().min(0).max(6).meta({ description: "Decimal places of the reported value." }),
  })
  .meta({ description: "How the value is rounded, from the exact fraction of integer counts." });

/**
 * One indicator: populations as JSON Logic, what is counted, unit, rounding, strata and targets.
 *
 * @example
 * ```ts
 * indicatorDefinitionSchema.safeParse({ ...indicator, unit: "count", denominator: true }).success; //=> false (a count has no denominator)
 * ```
 *
 * @deprecated The zod schemas are not public API: zod's major version and these refinements are
 * implementation details. Use `documentJsonSchema(indicatorCatalogKind)`, the document's types and its `safeLoad` instead; removed in the next minor version.
 */
export const indicatorDefinitionSchema = z
  .strictObject({
    id: idSchema,
    title: localizedTextSchema,
    definition: localizedTextSchema.meta({ description: "The formula in words: numerator ÷ denominator, as the source states it." }),
    subject: subjectKindSchema,
    unit: z.enum(INDICATOR_UNITS).meta({ description: "percent (×100), per-mille (×1000) or count (no denominator)." }),
    rounding: roundingSchema,
    population: logicSchema.meta({ description: "Initial population: the records this indicator looks at." }),
    denominator: logicSchema
      .optional()
      .meta({ description: "Who of the initial population forms the denominator (default: all of them). Not allowed for count indicators." }),
    denominatorExclusions: logicSchema
      .optional()
      .meta({ description: "Records removed from the denominator (and so from the numerator). Not allowed for count indicators." }),
    numerator: logicSchema.meta({ description: "Who of the denominator (of the population, for count indicators) is counted in the numerator." }),
    numeratorExclusions: logicSchema.optional().meta({ description: "Records of the numerator not counted in it." }),
    denominatorCount: countSchema.optional(),
    numeratorCount: countSchema.optional(),
    stratifiers: z.array(idSchema).optional().meta({ description: "Ids of catalog stratifiers to break the value down by." }),
    targets: z.array(indicatorTargetSchema).optional().meta({ description: "Targets by year; the one for a period is the first whose year is not before the period's." }),
    reportedValues: z.array(reportedValueSchema).optional(),
  })
  .superRefine((indicator, ctx) => {
    if (indicator.unit !== "count") return;
    for (const key of ["denominator", "denominatorExclusions", "denominatorCount"] as const) {
      if (indicator[key] !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          ...bilingual(`A count indicator has no ${key}.`, `计数型指标没有 ${key}。`),
        });
      }
    }
  });

/**
 * A breakdown of indicator values by a field, by bands of a number or the age, or by a JSON Logic
 * value (district, sex, age band …).
 *
 * @example
 * ```ts
 * stratifierSchema.safeParse({ id: "age-band", title, subject: "person", field: "age", bands: [[65, 79, "65-79"], [80, null, "80+"]] }).success; //=> true
 * ```
 *
 * @deprecated The zod schemas are not public API: zod's major version and these refinements are
 * implementation details. Use `documentJsonSchema(indicatorCatalogKind)`, the document's types and its `safeLoad` instead; removed in the next minor version.
 */
export const stratifierSchema = z
  .strictObject({
    id: idSchema,
    title: localizedTextSchema,
    subject: subjectKindSchema,
    field: fieldNameSchema
      .optional()
      .meta({ description: "Stratify by this field's value; `age` is the age on the reference date when the record schema names `ageFrom`." }),
    bands: z
      .array(z.tuple([z.number().nullable(), z.number().nullable(), z.union([z.string(), z.number()])]))
      .min(1)
      .optional()
      .meta({
        description:
          "With a numeric field (or age): [min, max, label] bands, bounds inclusive, null for an open end, no overlaps, as the band operator reads them; a value in no band is the null stratum.",
        examples: [[[65, 69, "65-69"], [70, 79, "70-79"], [80, null, "80+"]]],
      }),
    logic: logicSchema.optional().meta({ description: "Stratify by this rule's value (a string, number, boolean or null)." }),
    values: z
      .array(z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional()
      .meta({ description: "Strata always reported, in this order, even when empty; others found in the data follow, sorted." }),
  })
  .superRefine((stratifier, ctx) => {
    if ((stratifier.field === undefined) === (stratifier.logic === undefined)) {
      ctx.addIssue({ code: "custom", path: [], ...bilingual("A stratifier has exactly one of field and logic.", "分层须且只能有 field 与 logic 之一。") });
    }
    if (stratifier.bands !== undefined && stratifier.field === undefined) {
      ctx.addIssue({ code: "custom", path: ["bands"], ...bilingual("bands go with a field (a number or age).", "bands 须与 field（数值字段或 age）一起使用。") });
    }
  });

const expectedValueShape = {
  initialPopulation: z.number().int().min(0).optional(),
  denominatorExclusions: z.number().int().min(0).optional(),
  denominator: z.number().int().min(0).nullable().optional(),
  numeratorExclusions: z.number().int().min(0).optional(),
  numerator: z.number().int().min(0).optional(),
  rate: z.string().nullable().optional(),
  met: z.boolean().nullable().optional(),
  shortfall: z.string().nullable().optional(),
  numeratorChange: z.number().int().nullable().optional(),
  attainment: z
    .enum(["met", "not-met", "undetermined", "empty-denominator"])
    .nullable()
    .optional()
    .meta({ description: "The attainment status: undetermined when refused records could change whether the target is met; null when there is no target." }),
};

const expectedValueSchema = z.strictObject(expectedValueShape);

/**
 * One test case of a catalog: a small population, a period and the expected values.
 *
 * @example
 * ```ts
 * indicatorCatalogTestSchema.safeParse({ description: "…", period, records: { person: [] }, expect: { indicators: {} } }).success; //=> true
 * ```
 *
 * @deprecated The zod schemas are not public API: zod's major version and these refinements are
 * implementation details. Use `documentJsonSchema(indicatorCatalogKind)`, the document's types and its `safeLoad` instead; removed in the next minor version.
 */
export const indicatorCatalogTestSchema = z.strictObject({
  description: z.string().min(1),
  period: z.strictObject({ from: calendarDateSchema, to: calendarDateSchema }),
  referenceDate: calendarDateSchema.optional(),
  records: z
    .strictObject({
      person: z.array(z.unknown()).optional(),
      facility: z.array(z.unknown()).optional(),
      episode: z.array(z.unknown()).optional(),
    })
    .meta({ description: "Records by subject kind (they may be deliberately invalid)." }),
  expect: z.strictObject({
    invalidRecords: z.number().int().min(0).optional(),
    indicators: z
      .record(
        idSchema,
        z.strictObject({
          ...expectedValueShape,
          strata: z
            .record(idSchema, z.record(z.string(), expectedValueSchema))
            .optional()
            .meta({ description: "By stratifier id, then by stratum value written as a string (null as \"null\")." }),
        }),
      )
      .meta({ description: "Expected values by indicator id; only the fields given are compared." }),
  }),
});

/**
 * The `indicator-catalog` document kind: the shared envelope plus record schemas, stratifiers,
 * indicators and test cases. Strict: unknown keys are errors.
 *
 * @example
 * ```ts
 * safeParseWith(indicatorCatalogSchema, JSON.parse(text)).ok; //=> true
 * ```
 *
 * @deprecated The zod schemas are not public API: zod's major version and these refinements are
 * implementation details. Use documentJsonSchema(indicatorCatalogKind) of @yiyang/core instead; removed in the next minor version.
 */
export const indicatorCatalogSchema = documentSchema(
  "indicator-catalog",
  {
    period: z
      .strictObject({
        unit: z
          .enum(["calendar-year", "calendar-quarter", "calendar-month", "any"])
          .meta({ description: "The reporting period the indicators are defined over; a computation for another period is refused." }),
        ageOn: z
          .enum(["period-end", "period-start"])
          .meta({ description: "The reference date for ages: the period's last day or its first day." }),
      })
      .meta({ description: "The period and the reference date for ages." }),
    targetBasis: z
      .enum(["exact", "rounded"])
      .optional()
      .meta({ description: "Compare targets with the exact fraction (default) or with the rounded value that is reported." }),
    recordSchemas: z
      .strictObject({
        person: recordSchemaSchema.optional(),
        facility: recordSchemaSchema.optional(),
        episode: recordSchemaSchema.optional(),
      })
      .meta({ description: "The declared record schema of each subject kind the indicators count." }),
    stratifiers: z.array(stratifierSchema).optional(),
    indicators: z.array(indicatorDefinitionSchema).min(1),
  },
  indicatorCatalogTestSchema,
);

/** A validated indicator catalog document. */
export type IndicatorCatalogDocument = z.output<typeof indicatorCatalogSchema>;

/** One indicator of a catalog. */
export type IndicatorDefinition = z.output<typeof indicatorDefinitionSchema>;

/** One stratifier of a catalog. */
export type StratifierDefinition = z.output<typeof stratifierSchema>;

/** The declared record schema of one subject kind. */
export type RecordSchemaDefinition = z.output<typeof recordSchemaSchema>;

/** One test case of a catalog. */
export type IndicatorCatalogTest = z.output<typeof indicatorCatalogTestSchema>;

/** A target of an indicator. */
export type IndicatorTarget = z.output<typeof indicatorTargetSchema>;

/** Where a target or a reported value comes from. */
export type IndicatorCitation = z.output<typeof indicatorCitationSchema>;
