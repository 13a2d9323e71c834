import {
  canonicalize,
  createIssue,
  createLogicEngine,
  domainOperators,
  fingerprint,
  hasErrors,
  safeParseWith,
  toPointer,
  validateLogicAt,
  YIYANG_ERROR_CODES,
  YiyangError,
  type Issue,
  type LocalizedText,
  type LogicEngine,
  type PathSegment,
  type SafeResult, errorFromIssues } from "@yiyang/core";
import type { CatalogBinding } from "./bind-subject-rules";
import { takeRecordReader, type RecordReader } from "./field-readers";
import { parseFieldType, type FieldType } from "./field-types";
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
 * per period (and reference date) and the compiled form is cached here, so the same object can be
 * reused for any number of computations.
 */
export interface LoadedIndicatorCatalog {
  /** The validated document. */
  readonly document: IndicatorCatalogDocument;
  /** The document's id. */
  readonly id: string;
  /** The document's version. */
  readonly version: string;
  /** `sha256:` + hex of the canonical JSON of the document without its tests. */
  readonly fingerprint: string;
  /** Warnings found while loading (the catalog is usable). */
  readonly warnings: readonly Issue[];
}

/**
 * What the computing functions take as a catalog: one from {@link loadIndicatorCatalog} (checked
 * once, reused), or a catalog document as parsed from JSON, which is loaded, and so validated, on use.
 */
export type IndicatorCatalogInput = LoadedIndicatorCatalog | object;

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
  readonly rules: readonly unknown[];
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

const plans = new WeakMap<LoadedIndicatorCatalog, CatalogPlan>();

/**
 * The checked plan of a loaded catalog, or `undefined` for anything else.
 * @internal
 */
export function getCatalogPlan(catalog: unknown): CatalogPlan | undefined {
  return typeof catalog === "object" && catalog !== null ? plans.get(catalog as LoadedIndicatorCatalog) : undefined;
}

let engine: LogicEngine | undefined;

/** The engine staff rules are checked with: every standard operator and the domain operators. @internal */
export function getEngine(): LogicEngine {
  engine ??= createLogicEngine({ operators: domainOperators });
  return engine;
}

const ITERATION_OPERATORS = new Set(["map", "filter", "reduce", "all", "some", "none"]);

function isOperation(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1;
}

/** What a rule of one subject kind may read. */
interface Vocabulary {
  readonly subject: SubjectKind;
  readonly fields: ReadonlyMap<string, FieldType>;
  readonly hasAge: boolean;
}

/**
 * Check that every literal `var` of a rule reads a declared field or a context name, so that a
 * misspelt field is caught when the catalog is loaded instead of silently reading null.
 */
function checkReferences(rule: unknown, at: readonly PathSegment[], vocabulary: Vocabulary, issues: Issue[]): void {
  const declared = [...vocabulary.fields.keys()].join(", ");
  const report = (path: readonly PathSegment[], name: string) => {
    issues.push(
      createIssue(
        "unknown_field",
        path,
        `The rule reads "${name}", which is not a declared field of ${vocabulary.subject} records nor one of ${vocabulary.hasAge ? "age, " : ""}period.from, period.to, referenceDate (declared: ${declared}).`,
        `规则读取了 "${name}"，它既不是 ${vocabulary.subject} 记录声明的字段，也不是 ${vocabulary.hasAge ? "age、" : ""}period.from、period.to、referenceDate 之一（已声明：${declared}）。`,
        { params: { field: name, subject: vocabulary.subject } },
      ),
    );
  };
  const checkVar = (name: unknown, path: readonly PathSegment[]) => {
    if (typeof name === "number") name = String(name);
    if (typeof name !== "string") return;
    const segments = name.split(".");
    const [first = "", second] = segments;
    if (first === "period") {
      if (segments.length === 1 || (segments.length === 2 && (second === "from" || second === "to"))) return;
    } else if (first === "referenceDate" || (first === "age" && vocabulary.hasAge)) {
      if (segments.length === 1) return;
    } else {
      const type = vocabulary.fields.get(first);
      if (type !== undefined) {
        if (segments.length === 1) return;
        if (type.kind === "string[]" && segments.length === 2 && /^\d+$/.test(second ?? "")) return;
      }
    }
    report(path, name);
  };
  const visit = (node: unknown, path: readonly PathSegment[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    if (!isOperation(node)) return;
    const op = Object.keys(node)[0] as string;
    const raw = node[op];
    const spread = Array.isArray(raw);
    const args: unknown[] = spread ? (raw as unknown[]) : [raw];
    const argPath = (i: number): PathSegment[] => (spread ? [...path, op, i] : [...path, op]);
    if (op === "var") {
      const name = args[0];
      if ((typeof name === "string" && name !== "") || typeof name === "number") checkVar(name, argPath(0));
      else {
        issues.push(
          createIssue(
            "dynamic_var_path",
            argPath(0),
            "In an indicator catalog a var names its field literally (\"district\", \"period.from\"), so that every field a rule reads is checked.",
            "指标目录中的 var 必须直接写出字段名（如 \"district\"、\"period.from\"），以便检查规则读取的每个字段。",
          ),
        );
      }
      for (let i = 1; i < args.length; i++) visit(args[i], argPath(i));
      return;
    }
    if (op === "missing" || op === "missing_some") {
      issues.push(
        createIssue(
          "unsupported_operator",
          path,
          `"${op}" is not used in indicator catalogs: the record schema already says which fields are required; test an optional field with {"!!": {"var": "field"}}.`,
          `指标目录中不使用 "${op}"：记录字段声明已规定哪些字段必填；可选字段请用 {"!!": {"var": "字段名"}} 判断。`,
          { params: { operator: op } },
        ),
      );
      return;
    }
    args.forEach((arg, i) => {
      // Inside map, filter … the second argument reads each element, not the record.
      if (ITERATION_OPERATORS.has(op) && i === 1) return;
      visit(arg, argPath(i));
    });
  };
  visit(rule, at);
}

const RESERVED = new Set<string>([...CONTEXT_NAMES, SUBJECT_FIELD]);

interface SubjectBuilder {
  readonly vocabulary: Vocabulary;
  readonly schema: RecordSchemaDefinition;
  readonly ruleIndex: Map<string, number>;
  readonly rules: unknown[];
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

function addRule(builder: SubjectBuilder, rule: unknown, at: readonly PathSegment[], issues: Issue[]): number {
  const before = issues.length;
  issues.push(...validateLogicAt(getEngine(), rule, at));
  checkReferences(rule, at, builder.vocabulary, issues);
  if (issues.length > before) return -1;
  const key = canonicalize(rule);
  const existing = builder.ruleIndex.get(key);
  if (existing !== undefined) return existing;
  const index = builder.rules.length;
  builder.rules.push(rule);
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

function resolvePointer(document: unknown, pointer: string): boolean {
  if (pointer === "") return true;
  let node: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(key) || Number(key) >= node.length) return false;
      node = node[Number(key)];
    } else if (typeof node === "object" && node !== null && Object.prototype.hasOwnProperty.call(node, key)) {
      node = (node as Record<string, unknown>)[key];
    } else {
      return false;
    }
  }
  return true;
}

function buildPlan(document: IndicatorCatalogDocument, issues: Issue[]): CatalogPlan | null {
  const builders = new Map<SubjectKind, SubjectBuilder>();
  for (const subject of SUBJECT_KINDS) {
    const schema = document.recordSchemas[subject];
    if (schema === undefined) continue;
    const fields = checkRecordSchema(subject, schema, issues);
    builders.set(subject, {
      vocabulary: { subject, fields, hasAge: schema.ageFrom !== undefined && fields.get(schema.ageFrom)?.kind === "date" && !fields.get(schema.ageFrom)?.optional },
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
      const rule = addRule(builder, check.rule, [...at, "rule"], issues);
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
        // The band operator's own check: every band [min, max, label], min ≤ max, no overlaps.
        const bandIssues = getEngine().validate({ band: [0, definition.bands] });
        if (bandIssues.length > 0) {
          for (const issue of bandIssues) issues.push({ ...issue, path: toPointer([...stratAt, "bands"]) });
          return -1;
        }
      }
      field = isAge ? AGE_FIELD : fieldIndexOf(builder, definition.field);
    } else {
      rule = addRule(builder, definition.logic, [...stratAt, "logic"], issues);
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
      definition[key] === undefined ? -1 : addRule(builder, definition[key], [...at, key], issues);
    const here = toPointer(at);
    const plan: IndicatorPlan = {
      position: i,
      definition,
      subject: definition.subject,
      unit: definition.unit,
      decimals: definition.rounding.decimals,
      multiplier: MULTIPLIERS[definition.unit],
      hasDenominator: definition.unit !== "count",
      population: addRule(builder, definition.population, [...at, "population"], issues),
      denominator: optionalRule("denominator"),
      denominatorExclusions: optionalRule("denominatorExclusions"),
      numerator: addRule(builder, definition.numerator, [...at, "numerator"], issues),
      numeratorExclusions: optionalRule("numeratorExclusions"),
      denominatorSum: resolveSumField(builder, definition.denominatorCount, [...at, "denominatorCount"], issues),
      numeratorSum: resolveSumField(builder, definition.numeratorCount, [...at, "numeratorCount"], issues),
      stratifiers: (definition.stratifiers ?? []).map((id, s) => stratifierFor(builder, id, [...at, "stratifiers", s])),
      provisional: provisional.filter((p) => pointsInto(p.path, here)).map((p) => p.note),
    };
    builder.indicators.push(plan);
    indicators.push(plan);
  });

  provisional.forEach((note, i) => {
    if (!resolvePointer(document, note.path)) {
      issues.push(
        createIssue(
          "unresolved_provisional_path",
          ["provisional", i, "path"],
          `The provisional note's path "${note.path}" points at nothing in the document.`,
          `待核实说明的路径 "${note.path}" 在文档中不存在。`,
          { severity: "warning" },
        ),
      );
    }
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

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Validate an indicator catalog and check every rule in it, returning issues instead of
 * throwing. Beyond the JSON Schema, it checks that every rule uses allowed operators and reads only
 * declared fields, that summed fields are integers ≥ 0, that stratifiers and record schemas exist
 * for each indicator's subject, and that no two targets share a year.
 *
 * @param document - the catalog JSON (already parsed)
 * @returns the loaded catalog (with any warnings), or every issue, each with a JSON pointer
 *
 * @example
 * ```ts
 * const result = safeLoadIndicatorCatalog({ ...catalog, indicators: [{ ...indicator, numerator: { var: "helthManagedOn" } }] });
 * result.ok; //=> false
 * result.issues[0].code; //=> "unknown_field"
 * result.issues[0].path; //=> "/indicators/0/numerator/var"
 * ```
 */
export function safeLoadIndicatorCatalog(document: unknown): SafeResult<LoadedIndicatorCatalog> {
  // A private, frozen copy: editing the caller's object later cannot change the loaded rules.
  let snapshot: unknown = document;
  try {
    snapshot = structuredClone(document);
  } catch {
    // Not plain data (a function, a class instance …): the schema check below reports it.
  }
  const parsed = safeParseWith(indicatorCatalogSchema, snapshot);
  if (!parsed.ok) return parsed;
  const issues: Issue[] = [];
  const plan = buildPlan(parsed.value, issues);
  if (plan === null) return { ok: false, issues };
  const loaded: LoadedIndicatorCatalog = Object.freeze({
    document: deepFreeze(parsed.value),
    id: parsed.value.id,
    version: parsed.value.version,
    fingerprint: fingerprint(snapshot as Record<string, unknown>),
    warnings: Object.freeze(issues),
  });
  plans.set(loaded, plan);
  return { ok: true, value: loaded, issues };
}

/**
 * Validate an indicator catalog and check every rule in it.
 *
 * @param document - the catalog JSON (already parsed)
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
export function loadIndicatorCatalog(document: unknown): LoadedIndicatorCatalog {
  const result = safeLoadIndicatorCatalog(document);
  if (result.ok) return result.value;
  throw errorFromIssues(YIYANG_ERROR_CODES.INVALID_DOCUMENT, result.issues, { en: "The indicator catalog is invalid", zh: "指标目录无效" });
}
