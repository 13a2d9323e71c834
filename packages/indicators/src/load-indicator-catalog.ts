import {
  canonicalize,
  createIssue,
  defineDocumentKind,
  hasErrors,
  toPointer,
  type DocumentCompileContext,
  type DocumentKind,
  type Issue,
  type LoadDocumentOptions,
  type LoadedDocument,
  type LocalizedText,
  type LogicEngine,
  type PathSegment,
  type RuleNode,
  type SafeResult,
  type Vocabulary,
  type VocabularyField,
} from "@yiyang/core";
import type { CatalogBinding } from "./bind-subject-rules";
import { takeRecordReader, type RecordReader } from "./field-readers";
import { parseFieldType, type FieldType } from "./field-types";
import { runIndicatorCatalogTestCase } from "./run-indicator-catalog-tests";
import {
  SUBJECT_KINDS,
  indicatorCatalogSchema,
  type IndicatorCatalogDocument,
  type IndicatorDefinition,
  type IndicatorUnit,
  type RecordSchemaDefinition,
  type StratifierDefinition,
  type SubjectKind,
} from "./indicator-catalog-schema";

/**
 * A validated indicator catalog, ready for {@link computeIndicators}. Its rules are compiled once
 * per period (and reference date) and the compiled form is cached with it, so the same object can be
 * reused for any number of computations.
 */
export type IndicatorCatalog = LoadedDocument<IndicatorCatalogDocument>;

/**
 * A validated indicator catalog.
 * @deprecated Renamed {@link IndicatorCatalog}, like every loaded document type (`Instrument`, `ServiceCatalog` …).
 */
export type LoadedIndicatorCatalog = IndicatorCatalog;

/**
 * What the computing functions take as a catalog: one from {@link loadIndicatorCatalog} (checked
 * once, reused), or (deprecated) a catalog document as parsed from JSON, which is loaded, and so
 * validated, on use.
 */
export type IndicatorCatalogInput = IndicatorCatalog | object;

/** Names every rule sees besides the declared fields; they cannot be declared as fields. @internal */
export const CONTEXT_NAMES = ["age", "period", "referenceDate"] as const;

/** The record field that names the subject kind in a mixed stream; it cannot be declared either. @internal */
export const SUBJECT_FIELD = "subject";

/** A declared field, parsed. @internal */
export interface FieldPlan {
  readonly name: string;
  readonly type: FieldType;
}

/** A record check. @internal */
export interface CheckPlan {
  readonly id: string;
  /** Index into the subject's rules. */
  readonly rule: number;
  readonly path: string;
  readonly message: LocalizedText;
}

/** The `field` of a stratifier that reads the record's age. @internal */
export const AGE_FIELD = -2;

/** A band of a stratifier: [min or null, max or null, label]. @internal */
export type StratumBand = readonly [number | null, number | null, string | number];

/** A stratifier as used by one subject kind. @internal */
export interface StratifierPlan {
  readonly id: string;
  readonly title: LocalizedText;
  /** The index of the field read in the subject's fields, {@link AGE_FIELD} for the age, or -1 for a rule. */
  readonly field: number;
  /** Bands the field's value falls in, or `null` to stratify by the value itself. */
  readonly bands: readonly StratumBand[] | null;
  /** The rule's index in the subject's rules, or -1. */
  readonly rule: number;
  readonly rulePath: string;
  readonly declared: ReadonlyArray<string | number | boolean | null>;
}

/** An indicator, planned. Rule slots are indexes into the subject's rules; -1 when absent. @internal */
export interface IndicatorPlan {
  readonly position: number;
  readonly definition: IndicatorDefinition;
  readonly subject: SubjectKind;
  readonly unit: IndicatorUnit;
  readonly decimals: number;
  /** 100 for percent, 1000 for per mille, 1 for count. */
  readonly multiplier: bigint;
  readonly hasDenominator: boolean;
  readonly population: number;
  readonly denominator: number;
  readonly denominatorExclusions: number;
  readonly numerator: number;
  readonly numeratorExclusions: number;
  /** The index of the field summed for the denominator, or -1 to count records. */
  readonly denominatorSum: number;
  /** The index of the field summed for the numerator, or -1 to count records. */
  readonly numeratorSum: number;
  /** Indexes into the subject's stratifiers. */
  readonly stratifiers: readonly number[];
  /** The provisional notes whose path points into this indicator. */
  readonly provisional: readonly LocalizedText[];
}

/** Everything one subject kind needs in the hot loop. @internal */
export interface SubjectPlan {
  readonly subject: SubjectKind;
  readonly fields: readonly FieldPlan[];
  /** This subject kind's own reader of its declared fields (see `field-readers.ts`). */
  readonly read: RecordReader;
  readonly idField: string | null;
  /** The index of the birth-date field in `fields`, or -1. */
  readonly ageField: number;
  /**
   * Distinct rules of this subject as written (a rule used by several indicators is kept, bound,
   * compiled and evaluated once). They are compiled by `bindSubjectRules` for a period.
   */
  readonly rules: readonly RuleNode[];
  /** The catalog path of each rule's first use, for messages. */
  readonly rulePaths: readonly string[];
  readonly checks: readonly CheckPlan[];
  readonly stratifiers: readonly StratifierPlan[];
  readonly indicators: readonly IndicatorPlan[];
}

/** The checked form of a catalog. @internal */
export interface CatalogPlan {
  readonly subjects: ReadonlyMap<SubjectKind, SubjectPlan>;
  /** Every indicator, in catalog order. */
  readonly indicators: readonly IndicatorPlan[];
  readonly targetBasis: "exact" | "rounded";
  /** Compiled rules by subject, cached per period and reference date (see `bindSubjectRules`). */
  readonly bound: Map<string, CatalogBinding>;
}

/** A compiled rule: a function of one record. @internal */
export type CompiledRule = (record: unknown) => unknown;

/**
 * The indicator-catalog document kind: record schemas, indicators with their populations,
 * numerators, strata and targets, and test cases, loaded by core's one document mechanism.
 *
 * @example
 * ```ts
 * indicatorCatalogKind.safeLoad(cityElderlyHealthIndicators).ok; //=> true
 * ```
 */
export const indicatorCatalogKind: DocumentKind<IndicatorCatalogDocument, IndicatorCatalog> = defineDocumentKind({
  kind: "indicator-catalog",
  title: { en: "an indicator catalog (populations, numerators, strata, targets)", zh: "指标目录（人群、分子分母、分层、目标）" },
  schema: indicatorCatalogSchema as unknown as import("zod").ZodType<IndicatorCatalogDocument>,
  compile: (document, context) => buildPlan(document, context),
  runTest: (test, context) => runIndicatorCatalogTestCase(test, context),
});

/**
 * The checked plan of a loaded catalog, or `undefined` for anything else.
 * @internal
 */
export function getCatalogPlan(catalog: unknown): CatalogPlan | undefined {
  return indicatorCatalogKind.is(catalog) ? (indicatorCatalogKind.compiledOf(catalog) as CatalogPlan) : undefined;
}

/**
 * Whether a value is a catalog returned by {@link loadIndicatorCatalog} (by this copy of the
 * package or another).
 *
 * @param value - anything
 * @returns `true` for a loaded indicator catalog
 *
 * @example
 * ```ts
 * isIndicatorCatalog(loadIndicatorCatalog(cityElderlyHealthIndicators)); //=> true
 * ```
 */
export function isIndicatorCatalog(value: unknown): value is IndicatorCatalog {
  return indicatorCatalogKind.is(value);
}

/** The engine staff rules are checked with: every standard operator and the domain operators. @internal */
export function getEngine(): LogicEngine {
  return indicatorCatalogKind.engine;
}

/** What a rule of one subject kind may read. */
interface SubjectVocabulary {
  readonly subject: SubjectKind;
  readonly fields: ReadonlyMap<string, FieldType>;
  readonly hasAge: boolean;
  /** The same, as core's vocabulary. */
  readonly names: Vocabulary;
}

const SUBJECT_NAMES: Record<SubjectKind, LocalizedText> = {
  person: { en: "A person record", zh: "人员记录" },
  facility: { en: "A facility record", zh: "机构记录" },
  episode: { en: "An episode record", zh: "服务记录" },
};

/** The vocabulary field of a declared field type. @internal */
export function fieldOfType(type: FieldType): VocabularyField {
  const nullable = type.optional;
  switch (type.kind) {
    case "string":
      return { type: "string", nullable };
    case "date":
      return { type: "date", nullable };
    case "boolean":
      return { type: "boolean", nullable };
    case "integer":
      return { type: "integer", nullable };
    case "number":
      return { type: "number", nullable };
    case "enum":
      return { type: "string", nullable, values: type.values ?? [] };
    case "sex":
      return { type: "string", nullable, values: type.values ?? [] };
    default:
      return { type: "list", nullable, items: { type: "string" } };
  }
}

function subjectVocabulary(subject: SubjectKind, fields: ReadonlyMap<string, FieldType>, hasAge: boolean): SubjectVocabulary {
  const names: Record<string, VocabularyField> = {};
  for (const [name, type] of fields) names[name] = fieldOfType(type);
  if (hasAge) names.age = { type: "integer", description: { en: "Whole years on the reference date.", zh: "参考日期的周岁年龄。" } };
  names.period = { type: "object", fields: { from: { type: "date" }, to: { type: "date" } } };
  names.referenceDate = { type: "date" };
  return { subject, fields, hasAge, names: { name: SUBJECT_NAMES[subject], fields: names } };
}

const RESERVED = new Set<string>([...CONTEXT_NAMES, SUBJECT_FIELD]);

interface SubjectBuilder {
  readonly vocabulary: SubjectVocabulary;
  readonly schema: RecordSchemaDefinition;
  readonly ruleIndex: Map<string, number>;
  readonly rules: RuleNode[];
  readonly rulePaths: string[];
  readonly stratifiers: StratifierPlan[];
  readonly stratifierIndex: Map<string, number>;
  readonly indicators: IndicatorPlan[];
  readonly checks: CheckPlan[];
}

function checkRecordSchema(subject: SubjectKind, schema: RecordSchemaDefinition, issues: Issue[]): Map<string, FieldType> {
  const at: PathSegment[] = ["recordSchemas", subject];
  const fields = new Map<string, FieldType>();
  for (const [name, spelling] of Object.entries(schema.fields)) {
    if (RESERVED.has(name) || name in Object.prototype) {
      issues.push(
        createIssue(
          "reserved_field",
          [...at, "fields", name],
          `"${name}" cannot be a field name: it is reserved (${[...RESERVED].join(", ")} and the names of Object.prototype).`,
          `"${name}" 不能作为字段名：它是保留名（${[...RESERVED].join("、")} 及 Object.prototype 的属性名）。`,
        ),
      );
      continue;
    }
    const type = parseFieldType(spelling);
    if (type !== null) fields.set(name, type);
  }
  const idField = schema.idField;
  if (idField !== undefined) {
    const type = fields.get(idField);
    if (type === undefined || (type.kind !== "string" && type.kind !== "integer" && type.kind !== "enum")) {
      issues.push(
        createIssue(
          "invalid_id_field",
          [...at, "idField"],
          `idField "${idField}" must be a declared string or integer field.`,
          `idField "${idField}" 必须是已声明的字符串或整数字段。`,
        ),
      );
    }
  }
  if (schema.ageFrom !== undefined) {
    const type = fields.get(schema.ageFrom);
    if (type === undefined || type.kind !== "date" || type.optional) {
      issues.push(
        createIssue(
          "invalid_age_field",
          [...at, "ageFrom"],
          `ageFrom "${schema.ageFrom}" must be a declared, required date field.`,
          `ageFrom "${schema.ageFrom}" 必须是已声明的必填日期字段。`,
        ),
      );
    }
  }
  return fields;
}

function addRule(builder: SubjectBuilder, rule: unknown, at: readonly PathSegment[], context: DocumentCompileContext): number {
  const checked = context.parse(rule, at, builder.vocabulary.names);
  if (checked === null) return -1;
  const key = canonicalize(rule);
  const existing = builder.ruleIndex.get(key);
  if (existing !== undefined) return existing;
  const index = builder.rules.length;
  builder.rules.push(checked.root);
  builder.rulePaths.push(toPointer(at));
  builder.ruleIndex.set(key, index);
  return index;
}

const MULTIPLIERS: Record<IndicatorUnit, bigint> = { percent: 100n, "per-mille": 1000n, count: 1n };

function resolveSumField(
  builder: SubjectBuilder,
  count: IndicatorDefinition["numeratorCount"],
  at: readonly PathSegment[],
  issues: Issue[],
): number {
  if (count === undefined || count === "records") return -1;
  const type = builder.vocabulary.fields.get(count.sum);
  if (type === undefined || type.kind !== "integer" || type.optional || type.min === null || type.min < 0) {
    issues.push(
      createIssue(
        "invalid_sum_field",
        [...at, "sum"],
        `A summed field must be a required field declared integer>=0; "${count.sum}" is ${type === undefined ? "not declared" : `declared "${type.spelling}"`}.`,
        `求和字段必须是声明为 integer>=0 的必填字段；"${count.sum}" ${type === undefined ? "未声明" : `声明为 "${type.spelling}"`}。`,
        { params: { field: count.sum } },
      ),
    );
    return -1;
  }
  return fieldIndexOf(builder, count.sum);
}

function fieldIndexOf(builder: SubjectBuilder, name: string): number {
  return [...builder.vocabulary.fields.keys()].indexOf(name);
}

function pointsInto(pointer: string, prefix: string): boolean {
  return pointer === prefix || pointer.startsWith(prefix + "/");
}

function buildPlan(document: IndicatorCatalogDocument, context: DocumentCompileContext): CatalogPlan | null {
  const issues = context.issues;
  const builders = new Map<SubjectKind, SubjectBuilder>();
  for (const subject of SUBJECT_KINDS) {
    const schema = document.recordSchemas[subject];
    if (schema === undefined) continue;
    const fields = checkRecordSchema(subject, schema, issues);
    const hasAge = schema.ageFrom !== undefined && fields.get(schema.ageFrom)?.kind === "date" && !fields.get(schema.ageFrom)?.optional;
    builders.set(subject, {
      vocabulary: subjectVocabulary(subject, fields, hasAge),
      schema,
      ruleIndex: new Map(),
      rules: [],
      rulePaths: [],
      stratifiers: [],
      stratifierIndex: new Map(),
      indicators: [],
      checks: [],
    });
  }
  const missingSchema = (subject: SubjectKind, at: readonly PathSegment[]) =>
    issues.push(
      createIssue(
        "missing_record_schema",
        at,
        `There is no record schema for ${subject} records (recordSchemas.${subject}).`,
        `缺少 ${subject} 记录的字段声明（recordSchemas.${subject}）。`,
        { params: { subject } },
      ),
    );

  for (const [subject, builder] of builders) {
    (builder.schema.checks ?? []).forEach((check, i) => {
      const at: PathSegment[] = ["recordSchemas", subject, "checks", i];
      if (check.path !== undefined && !builder.vocabulary.fields.has(check.path)) {
        issues.push(createIssue("unknown_field", [...at, "path"], `Check path "${check.path}" is not a declared field.`, `检查项的 path "${check.path}" 不是已声明的字段。`));
      }
      const rule = addRule(builder, check.rule, [...at, "rule"], context);
      builder.checks.push({ id: check.id, rule, path: check.path === undefined ? "" : toPointer([check.path]), message: check.message });
    });
  }

  const stratifierById = new Map<string, { definition: StratifierDefinition; index: number }>();
  (document.stratifiers ?? []).forEach((stratifier, i) => {
    const at: PathSegment[] = ["stratifiers", i];
    if (stratifierById.has(stratifier.id)) {
      issues.push(createIssue("duplicate_id", [...at, "id"], `Stratifier id "${stratifier.id}" is used twice.`, `分层 id "${stratifier.id}" 重复。`));
      return;
    }
    stratifierById.set(stratifier.id, { definition: stratifier, index: i });
  });

  const stratifierFor = (builder: SubjectBuilder, id: string, at: readonly PathSegment[]): number => {
    const found = stratifierById.get(id);
    if (found === undefined) {
      issues.push(createIssue("unknown_stratifier", at, `There is no stratifier "${id}".`, `没有 id 为 "${id}" 的分层。`, { params: { stratifier: id } }));
      return -1;
    }
    const { definition, index } = found;
    if (definition.subject !== builder.vocabulary.subject) {
      issues.push(
        createIssue(
          "stratifier_subject_mismatch",
          at,
          `Stratifier "${id}" is for ${definition.subject} records, not ${builder.vocabulary.subject}.`,
          `分层 "${id}" 适用于 ${definition.subject} 记录，而非 ${builder.vocabulary.subject}。`,
        ),
      );
      return -1;
    }
    const existing = builder.stratifierIndex.get(id);
    if (existing !== undefined) return existing;
    // Checked once: a failure is remembered as -1 so it is reported once.
    builder.stratifierIndex.set(id, -1);
    const stratAt: PathSegment[] = ["stratifiers", index];
    let rule = -1;
    let field = -1;
    if (definition.field !== undefined) {
      const isAge = definition.field === "age" && builder.vocabulary.hasAge;
      const type = builder.vocabulary.fields.get(definition.field);
      const numeric = isAge || type?.kind === "integer" || type?.kind === "number";
      if ((!isAge && (type === undefined || type.kind === "string[]")) || (definition.bands !== undefined && !numeric)) {
        issues.push(
          createIssue(
            "invalid_stratifier_field",
            [...stratAt, "field"],
            definition.bands === undefined
              ? `Stratifier field "${definition.field}" must be a declared field holding one value (not a list), or age.`
              : `Stratifier field "${definition.field}" must hold a number (integer or number field, or age) to be banded.`,
            definition.bands === undefined
              ? `分层字段 "${definition.field}" 必须是已声明的单值字段（不能是列表）或 age。`
              : `分层字段 "${definition.field}" 须为数值（integer、number 字段或 age）才能分段。`,
          ),
        );
        return -1;
      }
      if (definition.bands !== undefined) {
        const bands = definition.bands.map(([min, max]) => ({ min, max }));
        if (!context.bands(bands, (b) => [...stratAt, "bands", b], { en: `stratifier ${id}`, zh: `分层 ${id} ` })) return -1;
      }
      field = isAge ? AGE_FIELD : fieldIndexOf(builder, definition.field);
    } else {
      rule = addRule(builder, definition.logic, [...stratAt, "logic"], context);
      if (rule < 0) return -1;
    }
    const declared = definition.values ?? [];
    const repeated = declared.find((value, i) => declared.indexOf(value) !== i);
    if (repeated !== undefined) {
      issues.push(
        createIssue(
          "duplicate_stratum",
          [...stratAt, "values"],
          `Stratifier "${id}" lists the value ${JSON.stringify(repeated)} twice.`,
          `分层 "${id}" 的 values 中 ${JSON.stringify(repeated)} 重复出现。`,
        ),
      );
      return -1;
    }
    const plan: StratifierPlan = {
      id,
      title: definition.title,
      field,
      bands: definition.bands ?? null,
      rule,
      rulePath: toPointer([...stratAt, "logic"]),
      declared,
    };
    const position = builder.stratifiers.length;
    builder.stratifiers.push(plan);
    builder.stratifierIndex.set(id, position);
    return position;
  };

  // Every stratifier is checked against its subject's record schema, used or not.
  (document.stratifiers ?? []).forEach((stratifier, i) => {
    const builder = builders.get(stratifier.subject);
    if (builder === undefined) missingSchema(stratifier.subject, ["stratifiers", i, "subject"]);
    else if (stratifierById.get(stratifier.id)?.index === i) stratifierFor(builder, stratifier.id, ["stratifiers", i, "id"]);
  });

  const indicators: IndicatorPlan[] = [];
  const seen = new Set<string>();
  const provisional = document.provisional ?? [];
  document.indicators.forEach((definition, i) => {
    const at: PathSegment[] = ["indicators", i];
    if (seen.has(definition.id)) {
      issues.push(createIssue("duplicate_id", [...at, "id"], `Indicator id "${definition.id}" is used twice.`, `指标 id "${definition.id}" 重复。`));
    }
    seen.add(definition.id);
    const years = new Set<number>();
    (definition.targets ?? []).forEach((target, t) => {
      if (years.has(target.year)) {
        issues.push(
          createIssue(
            "duplicate_target_year",
            [...at, "targets", t, "year"],
            `Indicator "${definition.id}" has two targets for ${target.year}.`,
            `指标 "${definition.id}" 在 ${target.year} 年有两个目标值。`,
          ),
        );
      }
      years.add(target.year);
    });
    const builder = builders.get(definition.subject);
    if (builder === undefined) {
      missingSchema(definition.subject, [...at, "subject"]);
      return;
    }
    const optionalRule = (key: "denominator" | "denominatorExclusions" | "numeratorExclusions") =>
      definition[key] === undefined ? -1 : addRule(builder, definition[key], [...at, key], context);
    const here = toPointer(at);
    const plan: IndicatorPlan = {
      position: i,
      definition,
      subject: definition.subject,
      unit: definition.unit,
      decimals: definition.rounding.decimals,
      multiplier: MULTIPLIERS[definition.unit],
      hasDenominator: definition.unit !== "count",
      population: addRule(builder, definition.population, [...at, "population"], context),
      denominator: optionalRule("denominator"),
      denominatorExclusions: optionalRule("denominatorExclusions"),
      numerator: addRule(builder, definition.numerator, [...at, "numerator"], context),
      numeratorExclusions: optionalRule("numeratorExclusions"),
      denominatorSum: resolveSumField(builder, definition.denominatorCount, [...at, "denominatorCount"], issues),
      numeratorSum: resolveSumField(builder, definition.numeratorCount, [...at, "numeratorCount"], issues),
      stratifiers: (definition.stratifiers ?? []).map((id, s) => stratifierFor(builder, id, [...at, "stratifiers", s])),
      provisional: provisional.filter((p) => pointsInto(p.path, here)).map((p) => p.note),
    };
    builder.indicators.push(plan);
    indicators.push(plan);
  });

  if (hasErrors(issues)) return null;
  const subjects = new Map<SubjectKind, SubjectPlan>();
  for (const [subject, builder] of builders) {
    const schema = builder.schema;
    const idField = schema.idField ?? (builder.vocabulary.fields.has("id") ? "id" : null);
    subjects.set(subject, {
      subject,
      fields: [...builder.vocabulary.fields].map(([name, type]) => ({ name, type })),
      read: takeRecordReader(),
      idField,
      ageField: builder.vocabulary.hasAge ? fieldIndexOf(builder, schema.ageFrom as string) : -1,
      rules: builder.rules,
      rulePaths: builder.rulePaths,
      checks: builder.checks,
      stratifiers: builder.stratifiers,
      indicators: builder.indicators,
    });
  }
  return { subjects, indicators, targetBasis: document.targetBasis ?? "exact", bound: new Map() };
}

/**
 * Validate an indicator catalog and check every rule in it, returning issues instead of
 * throwing (it never throws, whatever the input). Beyond the JSON Schema, it checks that every rule
 * uses allowed operators and reads only declared fields, that summed fields are integers ≥ 0, that
 * stratifiers and record schemas exist for each indicator's subject, and that no two targets share
 * a year.
 *
 * @param document - the catalog JSON (already parsed)
 * @param options - limits on the rules' size and evaluation work
 * @returns the loaded catalog (with any warnings), or every issue, each with a JSON pointer
 *
 * @example
 * ```ts
 * const result = safeLoadIndicatorCatalog({ ...catalog, indicators: [{ ...indicator, numerator: { var: "helthManagedOn" } }] });
 * result.ok; //=> false
 * result.issues[0].code; //=> "unknown_variable"
 * result.issues[0].path; //=> "/indicators/0/numerator/var"
 * ```
 */
export function safeLoadIndicatorCatalog(document: unknown, options?: LoadDocumentOptions): SafeResult<IndicatorCatalog> {
  return indicatorCatalogKind.safeLoad(document, options);
}

/**
 * Validate an indicator catalog and check every rule in it.
 *
 * @param document - the catalog JSON (already parsed)
 * @param options - limits on the rules' size and evaluation work
 * @returns the loaded catalog, ready for {@link computeIndicators}
 * @throws `YiyangError` `invalid_document` carrying every issue when the catalog is invalid
 *
 * @example
 * ```ts
 * const catalog = loadIndicatorCatalog(JSON.parse(text));
 * catalog.id; //=> "city-elderly-health-indicators"
 * catalog.fingerprint; //=> "sha256:…"
 * ```
 */
export function loadIndicatorCatalog(document: unknown, options?: LoadDocumentOptions): IndicatorCatalog {
  return indicatorCatalogKind.load(document, options);
}
