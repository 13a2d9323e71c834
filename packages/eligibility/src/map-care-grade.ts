import {
  createIssue,
  defineDocumentKind,
  YIYANG_ERROR_CODES,
  YiyangError,
  type DocumentCompileContext,
  type DocumentKind,
  type Issue,
  type LoadedDocument,
  type LocalizedText,
  type SafeResult,
} from "@yiyang/core";
import { careGradeMappingSchema, type ParsedCareGradeMapping } from "./care-grade-mapping-schema";
import type { CatalogReference } from "./load-service-catalog";
import { runCareGradeMappingTestCase } from "./run-catalog-tests";

/** A validated care-grade mapping, indexed for lookups. Load it once with {@link loadCareGradeMapping}. */
export interface CareGradeMapping extends LoadedDocument<ParsedCareGradeMapping> {
  /** The instrument whose levels it maps. */
  readonly instrument: string;
  /** The local scheme it maps to. */
  readonly scheme: string;
}

/** Options for {@link mapCareGrade} and {@link safeMapCareGrade}. */
export interface MapCareGradeOptions {
  /** The instrument the level comes from; must be the mapping's instrument. */
  instrumentId: string;
  /** The level to map. */
  level: number;
}

/** A local care grade a level maps to, naming the mapping that produced it. */
export interface MappedCareGrade {
  /** The local scheme. */
  readonly scheme: string;
  /** The grade code. */
  readonly code: string;
  /** The grade label. */
  readonly label: LocalizedText;
  /** The mapping used: id, version and fingerprint. */
  readonly mapping: CatalogReference;
}

/**
 * The care-grade-mapping document kind: which local care grade each level of one instrument maps
 * to, loaded by core's one document mechanism.
 *
 * @example
 * ```ts
 * careGradeMappingKind.safeLoad(gbt42195ToInstitutionNursingGrade).ok; //=> true
 * ```
 */
export const careGradeMappingKind: DocumentKind<ParsedCareGradeMapping, CareGradeMapping> = defineDocumentKind({
  kind: "care-grade-mapping",
  title: { en: "a mapping from an instrument's levels to local care grades", zh: "评估等级与本地护理等级的对照" },
  schema: careGradeMappingSchema as unknown as import("zod").ZodType<ParsedCareGradeMapping>,
  compile: (doc, context) => compileMapping(doc, context),
  expose: (_compiled, doc) => ({ instrument: doc.from.instrument, scheme: doc.to.scheme }),
  runTest: (test, context) => runCareGradeMappingTestCase(test, context),
  describeTest: (test) => test.name ?? `level ${test.level}`,
});

function compileMapping(doc: ParsedCareGradeMapping, context: DocumentCompileContext): Map<number, MappedCareGrade> {
  context.unique(doc.to.grades.map((g) => g.code), (i) => ["to", "grades", i, "code"], { en: "Grade code", zh: "等级代码" });
  const grades = new Map<string, LocalizedText>();
  for (const grade of doc.to.grades) if (!grades.has(grade.code)) grades.set(grade.code, grade.label);
  const byLevel = new Map<number, MappedCareGrade>();
  doc.rows.forEach((row, i) => {
    if (byLevel.has(row.level)) {
      context.report("duplicate_level", ["rows", i, "level"], `Level ${row.level} has two rows.`, `等级 ${row.level} 有两行映射。`);
    }
    const label = grades.get(row.grade);
    if (label === undefined) {
      context.report("unknown_grade", ["rows", i, "grade"], `"${row.grade}" is not a grade of ${doc.to.scheme}.`, `"${row.grade}" 不是 ${doc.to.scheme} 的等级。`, {
        params: { grade: row.grade },
      });
      return;
    }
    byLevel.set(row.level, Object.freeze({ scheme: doc.to.scheme, code: row.grade, label, mapping: context.reference }));
  });
  return byLevel;
}

/**
 * Whether a value is a mapping returned by {@link loadCareGradeMapping} (by this copy of the
 * package or another).
 *
 * @param value - anything
 * @returns `true` for a loaded mapping
 *
 * @example
 * ```ts
 * isCareGradeMapping(loadCareGradeMapping(doc)); //=> true
 * isCareGradeMapping(doc); //=> false
 * ```
 */
export function isCareGradeMapping(value: unknown): value is CareGradeMapping {
  return careGradeMappingKind.is(value);
}

/**
 * Validate a care-grade mapping document: the schema, one row per level, every row's grade among
 * the scheme's grades, distinct grade codes. It never throws, whatever the input.
 *
 * @param document - the mapping JSON
 * @returns the loaded mapping, or every issue with its JSON pointer
 *
 * @example
 * ```ts
 * safeLoadCareGradeMapping({ ...doc, rows: [{ level: 0, grade: "nope" }] }).issues[0]?.path; //=> "/rows/0/grade"
 * ```
 */
export function safeLoadCareGradeMapping(document: unknown): SafeResult<CareGradeMapping> {
  return careGradeMappingKind.safeLoad(document);
}

/**
 * Validate a care-grade mapping document.
 *
 * @param document - the mapping JSON
 * @returns the loaded mapping
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_document` carrying every issue
 *
 * @example
 * ```ts
 * loadCareGradeMapping(gbt42195ToInstitutionNursingGrade).scheme; //=> "institution-nursing-grade"
 * ```
 */
export function loadCareGradeMapping(document: unknown): CareGradeMapping {
  return careGradeMappingKind.load(document);
}

const documentMappings = new WeakMap<object, CareGradeMapping>();

function resolveMapping(mapping: CareGradeMapping | unknown): { mapping: CareGradeMapping; byLevel: Map<number, MappedCareGrade> } {
  if (isCareGradeMapping(mapping)) return { mapping, byLevel: careGradeMappingKind.compiledOf(mapping) as Map<number, MappedCareGrade> };
  if (typeof mapping !== "object" || mapping === null) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, "The mapping must be a loaded care-grade mapping or a mapping document.", {
      messageZh: "mapping 必须是已加载的照护等级映射或映射文档。",
    });
  }
  let loaded = documentMappings.get(mapping);
  if (loaded === undefined) {
    loaded = loadCareGradeMapping(mapping);
    documentMappings.set(mapping, loaded);
  }
  return { mapping: loaded, byLevel: careGradeMappingKind.compiledOf(loaded) as Map<number, MappedCareGrade> };
}

/**
 * Map a level of an instrument to a local care grade, returning issues instead of throwing.
 *
 * @param mapping - a mapping from {@link loadCareGradeMapping} (or a mapping document, loaded once and cached)
 * @param options - the instrument id and the level
 * @returns the grade, or an issue: `instrument_mismatch` when the level is of another instrument,
 *   `level_not_mapped` when the mapping has no row for it
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_document` when `mapping` is a document that does not load
 *
 * @example
 * ```ts
 * safeMapCareGrade(mapping, { instrumentId: "mzt039-2013", level: 1 }).issues[0]?.code; //=> "instrument_mismatch"
 * ```
 */
export function safeMapCareGrade(mapping: CareGradeMapping | unknown, options: MapCareGradeOptions): SafeResult<MappedCareGrade> {
  const { mapping: loaded, byLevel } = resolveMapping(mapping);
  const issues: Issue[] = [];
  if (options.instrumentId !== loaded.instrument) {
    issues.push(
      createIssue(
        "instrument_mismatch",
        "/instrumentId",
        `Mapping ${loaded.id} maps levels of ${loaded.instrument}, not ${String(options.instrumentId)}.`,
        `映射 ${loaded.id} 适用于 ${loaded.instrument} 的等级，不适用于 ${String(options.instrumentId)}。`,
        { params: { expected: loaded.instrument } },
      ),
    );
  }
  if (!Number.isInteger(options.level)) {
    issues.push(createIssue("invalid_level", "/level", `A level is a whole number; got ${String(options.level)}.`, `等级必须是整数；实际为 ${String(options.level)}。`));
  }
  if (issues.length > 0) return { ok: false, issues };
  const grade = byLevel.get(options.level);
  if (grade === undefined) {
    return {
      ok: false,
      issues: [
        createIssue(
          "level_not_mapped",
          "/level",
          `Mapping ${loaded.id} has no grade for level ${options.level} of ${loaded.instrument}.`,
          `映射 ${loaded.id} 中没有 ${loaded.instrument} 等级 ${options.level} 对应的照护等级。`,
          { params: { level: options.level } },
        ),
      ],
    };
  }
  return { ok: true, value: grade, issues: [] };
}

/**
 * Map a level of an instrument to a local care grade, e.g. GB/T 42195 level 2 to an institution's
 * 二级护理.
 *
 * @param mapping - a mapping from {@link loadCareGradeMapping} (or a mapping document, loaded once and cached)
 * @param options - the instrument id and the level
 * @returns the grade, naming the mapping that produced it
 * @throws `YiyangError` (from `@yiyang/core`) `invalid_input` when the instrument is not the mapping's or the level has no row;
 *   `invalid_document` when `mapping` is a document that does not load
 *
 * @example
 * ```ts
 * mapCareGrade(mapping, { instrumentId: "gbt42195-2022", level: 2 }).label.zh; //=> "二级护理"
 * ```
 */
export function mapCareGrade(mapping: CareGradeMapping | unknown, options: MapCareGradeOptions): MappedCareGrade {
  const result = safeMapCareGrade(mapping, options);
  if (result.ok) return result.value;
  const first = result.issues[0] as Issue;
  throw new YiyangError(YIYANG_ERROR_CODES.INVALID_INPUT, first.message, { issues: result.issues, messageZh: first.messageZh });
}
