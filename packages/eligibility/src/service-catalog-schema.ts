import { bilingual, calendarDateSchema, documentSchema, localizedTextSchema } from "@yiyang/core";
import * as z from "zod";

const CATALOG_ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * The id of a package, condition, entitlement or exclusive group: lower-case letters, digits and
 * dashes. No dots, so a package id can be read as `{"var": "eligible.<id>"}`.
 * @internal
 */
export const catalogIdSchema = z
  .string()
  .refine((v) => CATALOG_ID.test(v), bilingual("An id is lower-case letters, digits and dashes.", "id 只能由小写字母、数字和连字符组成。"))
  .meta({ description: "Lower-case letters, digits and dashes, e.g. ltci-home-care.", pattern: CATALOG_ID.source });

/**
 * Who pays for a package.
 *
 * @example
 * ```ts
 * FUNDING_SOURCES.ltci.zh; //=> "长期护理保险基金"
 * ```
 */
export const FUNDING_SOURCES = {
  ltci: { zh: "长期护理保险基金", en: "Long-term-care insurance fund" },
  government: { zh: "财政资金（政府购买服务）", en: "Public funds (government-purchased services)" },
  "public-health": { zh: "基本公共卫生服务经费", en: "Basic public-health service funds" },
  "medical-insurance": { zh: "基本医疗保险", en: "Basic medical insurance" },
  "self-pay": { zh: "个人付费", en: "Paid by the person" },
  mixed: { zh: "多方共担（医保、个人等）", en: "Shared (insurance, the person and others)" },
} as const;

/** One of the keys of {@link FUNDING_SOURCES}. */
export type FundingSource = keyof typeof FUNDING_SOURCES;

/**
 * The kinds of entitlement and what their `value` is: counts are whole numbers; money is integer
 * fen (分); `fundShare` is basis points (1/100 of a percent, so 9000 is 90%); `items` is a list of
 * named items.
 *
 * @example
 * ```ts
 * ENTITLEMENT_KINDS.amountPerMonth.unit; //=> "fen"
 * ```
 */
export const ENTITLEMENT_KINDS = {
  visitsPerWeek: { unit: "count", zh: "每周次数", en: "visits a week" },
  visitsPerMonth: { unit: "count", zh: "每月次数", en: "visits a month" },
  visitsPerYear: { unit: "count", zh: "每年次数", en: "times a year" },
  minutesPerVisit: { unit: "count", zh: "每次分钟数", en: "minutes a visit" },
  hoursPerMonth: { unit: "count", zh: "每月小时数", en: "hours a month" },
  daysPerYear: { unit: "count", zh: "每年天数", en: "days a year" },
  itemCount: { unit: "count", zh: "项目数", en: "number of items" },
  amountPerMonth: { unit: "fen", zh: "每月金额（分）", en: "amount a month (fen)" },
  capPerBedDay: { unit: "fen", zh: "每床日限额（分）", en: "cap per bed-day (fen)" },
  fundShare: { unit: "basisPoints", zh: "基金支付比例（基点）", en: "fund share (basis points)" },
  items: { unit: "items", zh: "服务项目", en: "service items" },
} as const;

/** One of the keys of {@link ENTITLEMENT_KINDS}. */
export type EntitlementKind = keyof typeof ENTITLEMENT_KINDS;

/**
 * How a share of an amount is rounded to whole fen: `half-up` (0.5 fen and more up), `half-even`
 * (banker's rounding), `down` (towards zero) or `up` (away from zero).
 */
export const SHARE_ROUNDINGS = ["half-up", "half-even", "down", "up"] as const;

/** One of {@link SHARE_ROUNDINGS}. */
export type ShareRounding = (typeof SHARE_ROUNDINGS)[number];

const entitlementKindSchema = z.enum(Object.keys(ENTITLEMENT_KINDS) as [EntitlementKind, ...EntitlementKind[]]);
const fundingSchema = z.enum(Object.keys(FUNDING_SOURCES) as [FundingSource, ...FundingSource[]]);

/** A JSON Logic rule; checked against the engine's operator allow-list when the catalog is loaded. */
const ruleSchema = z.unknown().meta({ description: "A JSON Logic rule (json-logic-js semantics plus the domain operators)." });

const sourceNoteSchema = z
  .string()
  .min(1)
  .meta({ description: "Where this comes from: seed file or standard and the sentence, e.g. \"seed 001: 每月享受450元日常生活照护补助\"." });

/** One named condition evaluated on its own. @internal */
export const conditionLeafSchema = z.strictObject({
  id: catalogIdSchema,
  label: localizedTextSchema.meta({ description: "What must hold, stated positively, e.g. 年满60周岁 / Aged 60 or over." }),
  rule: ruleSchema,
  source: sourceNoteSchema.optional(),
});

/** A condition: a rule, or `anyOf` several named rules (holds when one of them holds). @internal */
export const conditionSchema = z
  .strictObject({
    id: catalogIdSchema,
    label: localizedTextSchema.meta({ description: "What must hold, stated positively." }),
    rule: ruleSchema.optional(),
    anyOf: z
      .array(conditionLeafSchema)
      .min(2)
      .optional()
      .meta({ description: "Named alternatives: the condition holds when any of them holds; each is reported." }),
    source: sourceNoteSchema.optional(),
  })
  .refine(
    (c) => (c.rule !== undefined) !== (c.anyOf !== undefined),
    bilingual("A condition has either a rule or anyOf, not both and not neither.", "条件必须有 rule 或 anyOf 之一（不能同时有，也不能都没有）。"),
  );

const bandSchema = z.strictObject({
  min: z.number().int().nullable().meta({ description: "Lowest value of the band, inclusive; null for no lower bound." }),
  max: z.number().int().nullable().meta({ description: "Highest value of the band, inclusive; null for no upper bound." }),
  value: z.unknown().meta({ description: "The entitlement value for this band (its type depends on the kind)." }),
  source: sourceNoteSchema.optional(),
});

const itemSchema: z.ZodType<EntitlementItem> = z.strictObject({
  id: catalogIdSchema,
  name: localizedTextSchema,
});

/** An entitlement: a typed value from a constant, a band table or a JSON Logic rule. @internal */
export const entitlementSchema = z
  .strictObject({
    id: catalogIdSchema,
    kind: entitlementKindSchema,
    label: localizedTextSchema.meta({ description: "What it is, e.g. 日常生活照护补助 / Daily-care subsidy." }),
    value: z.unknown().optional().meta({ description: "A constant value (its type depends on the kind)." }),
    table: z
      .strictObject({
        key: z.string().min(1).meta({ description: "The context value the bands are keyed by, e.g. level, localGrade, profile.monthsInContinuousHomeCare." }),
        bands: z.array(bandSchema).min(1),
      })
      .optional()
      .meta({ description: "A band table: the first band whose [min, max] holds the key's value gives the value." }),
    rule: ruleSchema.optional().meta({ description: "A JSON Logic rule returning the value." }),
    rounding: z
      .enum(SHARE_ROUNDINGS)
      .optional()
      .meta({ description: "fundShare only (required there): how the fund's part of an amount is rounded to whole fen." }),
    source: sourceNoteSchema.optional(),
  })
  .superRefine((e, ctx) => {
    const given = [e.value !== undefined, e.table !== undefined, e.rule !== undefined].filter(Boolean).length;
    if (given !== 1) {
      ctx.addIssue({
        code: "custom",
        path: [],
        ...bilingual("An entitlement has exactly one of value, table or rule.", "权益必须且只能有 value、table、rule 三者之一。"),
      });
    }
    if (e.kind === "fundShare" && e.rounding === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["rounding"],
        ...bilingual("A fundShare entitlement declares its rounding.", "基金支付比例类权益必须声明取整方式（rounding）。"),
      });
    }
    if (e.kind !== "fundShare" && e.rounding !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["rounding"],
        ...bilingual("Only a fundShare entitlement has a rounding.", "只有基金支付比例类权益才有取整方式（rounding）。"),
      });
    }
    if (e.value !== undefined) checkEntitlementValue(e.kind, e.value, ["value"], ctx);
    if (e.table !== undefined) {
      e.table.bands.forEach((band, i) => checkEntitlementValue(e.kind, band.value, ["table", "bands", i, "value"], ctx));
    }
  });

function checkEntitlementValue(kind: EntitlementKind, value: unknown, path: (string | number)[], ctx: z.RefinementCtx): void {
  const problem = describeEntitlementValueProblem(kind, value);
  if (problem !== undefined) ctx.addIssue({ code: "custom", path, ...bilingual(problem.en, problem.zh) });
  if (kind === "items" && Array.isArray(value)) {
    value.forEach((item, i) => {
      const parsed = itemSchema.safeParse(item);
      if (!parsed.success) {
        ctx.addIssue({
          code: "custom",
          path: [...path, i],
          ...bilingual("An item is { id, name: { zh, en } }.", "服务项目的格式为 { id, name: { zh, en } }。"),
        });
      }
    });
  }
}

/**
 * What is wrong with an entitlement value of a kind, or `undefined` when it is fine. Items are only
 * checked to be a non-empty list here; their shape is checked by the schema.
 * @internal
 */
export function describeEntitlementValueProblem(kind: EntitlementKind, value: unknown): { en: string; zh: string } | undefined {
  const unit = ENTITLEMENT_KINDS[kind].unit;
  if (unit === "items") {
    return Array.isArray(value) && value.length > 0
      ? undefined
      : { en: "An items value is a non-empty list of { id, name }.", zh: "服务项目的值必须是非空的 { id, name } 列表。" };
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || Object.is(value, -0)) {
    return unit === "fen"
      ? { en: "Money is a whole number of fen (分) of 0 or more, e.g. 45000 for 450 yuan.", zh: "金额必须是不小于 0 的整数（单位：分），例如 450 元写作 45000。" }
      : unit === "basisPoints"
        ? { en: "A fund share is whole basis points from 0 to 10000 (9000 is 90%).", zh: "基金支付比例必须是 0 到 10000 的整数基点（9000 即 90%）。" }
        : { en: "A count is a whole number of 0 or more.", zh: "次数、时长等必须是不小于 0 的整数。" };
  }
  if (unit === "basisPoints" && value > 10000) {
    return { en: "A fund share is whole basis points from 0 to 10000 (9000 is 90%).", zh: "基金支付比例必须是 0 到 10000 的整数基点（9000 即 90%）。" };
  }
  return undefined;
}

const packageSchema = z.strictObject({
  id: catalogIdSchema,
  name: localizedTextSchema,
  funding: fundingSchema.meta({ description: "Who pays: ltci, government, public-health, medical-insurance, self-pay or mixed." }),
  description: localizedTextSchema.optional(),
  sources: z.array(sourceNoteSchema).min(1).meta({ description: "The policy text behind the package, each with its sentence." }),
  assessment: z
    .strictObject({
      instruments: z
        .array(z.string().min(1))
        .min(1)
        .meta({ description: "The instrument ids whose results fill `level` for this package, in order of preference, e.g. [\"ltci-2021\"]." }),
    })
    .optional()
    .meta({ description: "Which capability assessments this package accepts (default: the catalog's assessment.instruments)." }),
  conditions: z
    .array(conditionSchema)
    .max(30)
    .meta({ description: "Every condition must hold; all are evaluated and reported. At most 30 (group alternatives with anyOf)." }),
  entitlements: z.array(entitlementSchema).meta({ description: "What the package gives when the person is eligible." }),
});

const exclusiveGroupSchema = z.strictObject({
  id: catalogIdSchema,
  label: localizedTextSchema,
  packages: z.array(catalogIdSchema).min(2).meta({ description: "Packages a person may hold only one of at a time." }),
  source: sourceNoteSchema.optional(),
});

const gateSettingsShape = {
  validityMonths: z
    .number()
    .int()
    .min(1)
    .meta({ description: "Months a result stays current when it names no nextAssessmentDue." }),
  staleCounts: z
    .boolean()
    .meta({ description: "Policy flag: whether a stale result still counts for conditions that read it (false: they fail with 'out of date')." }),
};

const testCaseSchema = z.strictObject({
  name: z.string().min(1),
  asOf: calendarDateSchema,
  profile: z.unknown().meta({ description: "The person profile (may be invalid on purpose; then expect errors)." }),
  expect: z
    .strictObject({
      eligible: z.array(catalogIdSchema).optional().meta({ description: "Exactly the packages that are eligible." }),
      packages: z
        .record(
          catalogIdSchema,
          z.strictObject({
            eligible: z.boolean().optional(),
            failed: z.array(catalogIdSchema).optional().meta({ description: "Exactly the conditions that failed." }),
            entitlements: z
              .record(catalogIdSchema, z.unknown())
              .optional()
              .meta({ description: "Entitlement values by id: counts, fen, basis points, or item ids." }),
          }),
        )
        .optional(),
      alternatives: z
        .record(catalogIdSchema, z.array(catalogIdSchema))
        .optional()
        .meta({ description: "Exactly the exclusive groups that come back with alternatives, and their packages." }),
      assessmentStale: z.boolean().optional(),
      localGradeStale: z.boolean().optional(),
      warnings: z.array(z.string()).optional().meta({ description: "Exactly the codes of the warnings reported." }),
      errors: z
        .array(z.strictObject({ code: z.string(), path: z.string() }))
        .optional()
        .meta({ description: "The profile is rejected with exactly these issues (code and JSON pointer)." }),
    })
    .refine(
      (e) => e.errors === undefined || Object.keys(e).length === 1,
      bilingual("A test that expects errors expects nothing else.", "预期出错的测试不能再有其他预期。"),
    ),
});

/**
 * The zod schema of a service-catalog document: the shared envelope, the assessment and local-grade
 * settings, the packages with their named conditions and typed entitlements, the exclusive groups,
 * and the document's own test cases. Rules inside are checked by {@link loadServiceCatalog}.
 *
 * @example
 * ```ts
 * serviceCatalogSchema.safeParse({ kind: "service-catalog" }).success; //=> false
 * ```
 *
 * @deprecated The zod schemas are not public API: zod's major version and these refinements are
 * implementation details. Use documentJsonSchema(serviceCatalogKind) of @yiyang/core instead; removed in the next minor version.
 */
export const serviceCatalogSchema = documentSchema(
  "service-catalog",
  {
    jurisdiction: z
      .strictObject({
        city: z.string().min(1).meta({ description: "The city code residence is compared with, e.g. sample-city." }),
        name: localizedTextSchema,
      })
      .optional(),
    assessment: z
      .strictObject({
        instruments: z
          .array(z.string().min(1))
          .min(1)
          .meta({ description: "Instrument ids whose level fills the context's `level`, e.g. gbt42195-2022." }),
        ...gateSettingsShape,
      })
      .meta({ description: "Which capability assessments count, and for how long." }),
    localGrade: z
      .strictObject({
        schemes: z.array(z.string().min(1)).min(1).meta({ description: "Local care-grade schemes whose grade fills the context's `localGrade`." }),
        ...gateSettingsShape,
      })
      .optional()
      .meta({ description: "Which local care grades count, and for how long." }),
    packages: z.array(packageSchema).min(1),
    exclusiveGroups: z.array(exclusiveGroupSchema).default([]).meta({ description: "Packages a person may hold only one of at a time." }),
  },
  testCaseSchema,
);

/** A service-catalog document as written (input of {@link serviceCatalogSchema}). */
export type ServiceCatalogDocument = z.input<typeof serviceCatalogSchema>;
/** A service-catalog document after validation. */
export type ParsedServiceCatalog = z.output<typeof serviceCatalogSchema>;
/** One package of a catalog. */
export type CatalogPackage = ParsedServiceCatalog["packages"][number];
/** One condition of a package. */
export type CatalogCondition = CatalogPackage["conditions"][number];
/** One entitlement of a package. */
export type CatalogEntitlement = CatalogPackage["entitlements"][number];
/** One test case of a catalog. */
export type ServiceCatalogTestCase = NonNullable<ParsedServiceCatalog["tests"]>[number];
/** One named item of an `items` entitlement. */
export interface EntitlementItem {
  /** The item id, e.g. `wound-dressing`. */
  id: string;
  /** The item name in Chinese and English. */
  name: { zh: string; en: string };
}
