import type { AssessmentResult } from "@yiyang/assessment";
import { bilingual, calendarDateSchema, localizedTextSchema, normalizeIcd10 } from "@yiyang/core";
import * as z from "zod";

/**
 * Economic status, from the civil-affairs register: `none`, `low-income` (低收入), `dibao`
 * (最低生活保障, 低保) or `tekun` (特困人员).
 *
 * @example
 * ```ts
 * ECONOMIC_STATUSES["tekun"].zh; //=> "特困人员"
 * ```
 */
export const ECONOMIC_STATUSES = {
  none: { zh: "无（非困难对象）", en: "None (not an assisted person)" },
  "low-income": { zh: "低收入", en: "Low income" },
  dibao: { zh: "最低生活保障对象（低保）", en: "Minimum living allowance (dibao)" },
  tekun: { zh: "特困人员", en: "Extremely poor person (tekun)" },
} as const;

/** One of the keys of {@link ECONOMIC_STATUSES}. */
export type EconomicStatus = keyof typeof ECONOMIC_STATUSES;

/**
 * Where and with whom the person lives (GB/T 42195 A.2.10 居住情况, with institutions split into care
 * and medical ones).
 *
 * @example
 * ```ts
 * LIVING_ARRANGEMENTS.alone.zh; //=> "独居"
 * ```
 */
export const LIVING_ARRANGEMENTS = {
  alone: { zh: "独居", en: "Lives alone" },
  "with-spouse": { zh: "与配偶居住", en: "With spouse" },
  "with-children": { zh: "与子女居住", en: "With children" },
  "with-spouse-and-children": { zh: "与配偶和子女居住", en: "With spouse and children" },
  "with-other-relatives": { zh: "与其他亲属居住", en: "With other relatives" },
  "with-others": { zh: "与非亲属关系的人居住", en: "With people who are not relatives" },
  "care-institution": { zh: "入住养老机构", en: "In a care institution (养老机构)" },
  "medical-institution": { zh: "在医疗机构长期住院（含护理院）", en: "In a medical institution (hospital or nursing home) long term" },
} as const;

/** One of the keys of {@link LIVING_ARRANGEMENTS}. */
export type LivingArrangement = keyof typeof LIVING_ARRANGEMENTS;

const economicStatusSchema = z.enum(Object.keys(ECONOMIC_STATUSES) as [EconomicStatus, ...EconomicStatus[]]);
const livingArrangementSchema = z.enum(Object.keys(LIVING_ARRANGEMENTS) as [LivingArrangement, ...LivingArrangement[]]);

const dueAfterAssessed = bilingual(
  "nextAssessmentDue must be after assessedOn.",
  "nextAssessmentDue（下次评估日期）必须晚于 assessedOn（评估日期）。",
);

/**
 * The part of a capability-assessment result a profile carries: the instrument, the final level,
 * the assessment date and (when the result names it) when the next assessment is due. Extra fields
 * of a full result (dimensions, total, adjustments …) are allowed and kept.
 *
 * @example
 * ```ts
 * profileAssessmentSchema.parse({ instrument: { id: "gbt42195-2022" }, level: 2, assessedOn: "2025-03-01" }).level; //=> 2
 * ```
 *
 * @deprecated The zod schemas are not public API: zod's major version and these refinements are
 * implementation details. Use `safeParsePersonProfile` to validate a profile, and the `PersonProfileInput` type instead; removed in the next minor version.
 */
export const profileAssessmentSchema = z
  .looseObject({
    instrument: z.looseObject({
      id: z.string().min(1).meta({ description: "The instrument id, e.g. gbt42195-2022." }),
      version: z.string().optional(),
      fingerprint: z.string().optional(),
    }),
    level: z.number().int().min(0).meta({ description: "The final capability level (for GB/T 42195: 0–4)." }),
    assessedOn: calendarDateSchema.meta({ description: "The assessment date." }),
    nextAssessmentDue: calendarDateSchema.nullable().optional().meta({ description: "The date the result stops being current (null or absent: the catalog's own interval applies)." }),
    label: localizedTextSchema.optional(),
  })
  .refine((a) => a.nextAssessmentDue === undefined || a.nextAssessmentDue === null || a.nextAssessmentDue > a.assessedOn, { ...dueAfterAssessed, path: ["nextAssessmentDue"] });

/**
 * A local care grade (for example a city's six-grade unified care-needs assessment), with the date
 * it was assessed.
 *
 * @example
 * ```ts
 * localCareGradeSchema.parse({ scheme: "sample-city-care-needs", grade: 4, assessedOn: "2025-03-01" }).grade; //=> 4
 * ```
 *
 * @deprecated The zod schemas are not public API: zod's major version and these refinements are
 * implementation details. Use `safeParsePersonProfile` to validate a profile, and the `PersonProfileInput` type instead; removed in the next minor version.
 */
export const localCareGradeSchema = z
  .strictObject({
    scheme: z.string().min(1).meta({ description: "The grading scheme, e.g. sample-city-care-needs." }),
    grade: z.number().int().min(0).meta({ description: "The grade (e.g. 1–6)." }),
    assessedOn: calendarDateSchema,
    nextAssessmentDue: calendarDateSchema.optional(),
    label: localizedTextSchema.optional(),
  })
  .refine((g) => g.nextAssessmentDue === undefined || g.nextAssessmentDue > g.assessedOn, { ...dueAfterAssessed, path: ["nextAssessmentDue"] });

const icd10CodeSchema = z
  .string()
  .refine((code) => normalizeIcd10(code) !== null, bilingual("An ICD-10 code such as I10, F03 or E11.9.", "必须是 ICD-10 编码，例如 I10、F03、E11.9。"))
  .transform((code) => normalizeIcd10(code) as string)
  .meta({ description: "An ICD-10 code such as I10, F03 or E11.9." });

/**
 * The zod schema of a person profile: what eligibility is decided on. Unknown fields are errors.
 * Optional fields default to "none" values: no family carer, no chronic conditions, no months in
 * continuous home care.
 *
 * @example
 * ```ts
 * personProfileSchema.safeParse({ birthDate: "1950-02-30" }).success; //=> false
 * ```
 *
 * @deprecated The zod schemas are not public API: zod's major version and these refinements are
 * implementation details. Use `safeParsePersonProfile` to validate a profile, and the `PersonProfileInput` type instead; removed in the next minor version.
 */
export const personProfileSchema = z.strictObject({
  id: z.string().optional().meta({ description: "Your own reference; copied to nothing, never read by rules." }),
  birthDate: calendarDateSchema.meta({ description: "Date of birth; age is computed on asOf." }),
  residence: z.strictObject({
    city: z.string().min(1).meta({ description: "City code of residence, e.g. sample-city." }),
    district: z.string().min(1).optional().meta({ description: "District code." }),
  }),
  insurance: z.strictObject({
    ltciEnrolled: z.boolean().meta({ description: "Enrolled in the city's long-term-care insurance." }),
    ltciScheme: z.string().min(1).optional().meta({ description: "Which LTCI scheme, e.g. employee (职工) or resident (居民)." }),
  }),
  economicStatus: economicStatusSchema.meta({ description: "none, low-income (低收入), dibao (低保) or tekun (特困)." }),
  livingArrangement: livingArrangementSchema,
  familyCarerAtHome: z.boolean().default(false).meta({ description: "A family member cares for the person at home." }),
  chronicConditions: z.array(icd10CodeSchema).default([]).meta({ description: "Diagnosed chronic conditions as ICD-10 codes." }),
  assessments: z
    .array(profileAssessmentSchema)
    .max(20)
    .optional()
    .meta({ description: "The latest capability-assessment result of each instrument (one per instrument id); each package reads the one it accepts." }),
  assessment: profileAssessmentSchema
    .optional()
    .meta({ description: "Deprecated (use assessments): one capability-assessment result. Read as a list of one; give assessments or assessment, not both.", deprecated: true }),
  localCareGrade: localCareGradeSchema.optional(),
  monthsInContinuousHomeCare: z
    .number()
    .int()
    .min(0)
    .default(0)
    .meta({ description: "Whole months the person has received home care without a break." }),
});

/**
 * The assessment a profile carries, as written: what `assess` of `@yiyang/assessment` returns fits
 * as it is (its instrument, level, dates and label are what eligibility reads; every other field of
 * the result is kept).
 */
export type ProfileAssessmentInput = Pick<AssessmentResult, "level" | "assessedOn"> & {
  instrument: Pick<AssessmentResult["instrument"], "id"> & Partial<AssessmentResult["instrument"]>;
  nextAssessmentDue?: AssessmentResult["nextAssessmentDue"] | undefined;
  label?: AssessmentResult["label"] | undefined;
};

/**
 * A person profile as written (input of {@link personProfileSchema}); each of `assessments` takes an
 * `assess` result as it is.
 */
export type PersonProfileInput = Omit<z.input<typeof personProfileSchema>, "assessment" | "assessments"> & {
  /** The latest result of each instrument (one per instrument id). */
  assessments?: readonly ProfileAssessmentInput[] | undefined;
  /**
   * One result.
   * @deprecated Use `assessments: [result]`; a profile gives one of the two, not both.
   */
  assessment?: ProfileAssessmentInput | undefined;
};
/** A person profile after validation, with defaults filled in and ICD-10 codes normalised. */
export type PersonProfile = z.output<typeof personProfileSchema>;
/** The assessment part of a profile. */
export type ProfileAssessment = z.output<typeof profileAssessmentSchema>;
/** A local care grade. */
export type LocalCareGrade = z.output<typeof localCareGradeSchema>;
