import { bilingual, documentSchema, localizedTextSchema } from "@yiyang/core";
import * as z from "zod";

const GRADE_CODE = /^[a-z0-9][a-z0-9-]*$/;

const gradeCodeSchema = z
  .string()
  .refine((v) => GRADE_CODE.test(v), bilingual("A grade code is lower-case letters, digits and dashes.", "等级代码只能由小写字母、数字和连字符组成。"))
  .meta({ description: "The local grade's code, e.g. grade-2.", pattern: GRADE_CODE.source });

/**
 * The zod schema of a care-grade mapping document: which local care grade each level of one
 * assessment instrument maps to (for example GB/T 42195 levels to an institution's nursing grades),
 * with a test case per row.
 *
 * @example
 * ```ts
 * careGradeMappingSchema.safeParse({ kind: "care-grade-mapping" }).success; //=> false
 * ```
 *
 * @deprecated The zod schemas are not public API: zod's major version and these refinements are
 * implementation details. Use documentJsonSchema(careGradeMappingKind) of @yiyang/core instead; removed in the next minor version.
 */
export const careGradeMappingSchema = documentSchema(
  "care-grade-mapping",
  {
    from: z.strictObject({
      instrument: z.string().min(1).meta({ description: "The instrument id whose levels are mapped, e.g. gbt42195-2022." }),
      label: localizedTextSchema.optional(),
    }),
    to: z.strictObject({
      scheme: z.string().min(1).meta({ description: "The local grading scheme, e.g. institution-nursing-grade." }),
      label: localizedTextSchema,
      grades: z
        .array(z.strictObject({ code: gradeCodeSchema, label: localizedTextSchema }))
        .min(1)
        .meta({ description: "The scheme's grades, from least to most care." }),
    }),
    rows: z
      .array(
        z.strictObject({
          level: z.number().int().min(0).meta({ description: "A level of the instrument." }),
          grade: gradeCodeSchema.meta({ description: "The code of the grade it maps to." }),
          source: z.string().min(1).optional(),
        }),
      )
      .min(1)
      .meta({ description: "One row per level; a level without a row does not map." }),
  },
  z.strictObject({
    name: z.string().min(1).optional(),
    level: z.number().int(),
    expect: gradeCodeSchema.nullable().meta({ description: "The grade code expected, or null when the level must not map." }),
  }),
);

/** A care-grade mapping document as written. */
export type CareGradeMappingDocument = z.input<typeof careGradeMappingSchema>;
/** A care-grade mapping document after validation. */
export type ParsedCareGradeMapping = z.output<typeof careGradeMappingSchema>;
