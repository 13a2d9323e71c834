import {
  createIssue,
  fingerprint,
  safeParseWith,
  YIYANG_ERROR_CODES,
  YiyangError,
  type Issue,
  type LocalizedText,
  type SafeResult,
} from "@yiyang/core";
import { careGradeMappingSchema, type ParsedCareGradeMapping } from "./care-grade-mapping-schema";
import type { CatalogReference } from "./load-service-catalog";

/** A validated care-grade mapping, indexed for lookups. Load it once with {@link loadCareGradeMapping}. */
export interface CareGradeMapping extends CatalogReference {
  /** The instrument whose levels it maps. */
  readonly instrument: string;
  /** The local scheme it maps to. */
  readonly scheme: string;
  /** The validated document. */
  readonly document: ParsedCareGradeMapping;
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

const loadedMappings = new WeakMap<CareGradeMapping, Map<number, MappedCareGrade>>();
const documentMappings = new WeakMap<object, CareGradeMapping>();

/**
 * Whether a value is a mapping returned by {@link loadCareGradeMapping}.
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
  return typeof value === "object" && value !== null && loadedMappings.has(value as CareGradeMapping);
}

/**
 * Validate a care-grade mapping document: the schema, one row per level, every row's grade among
 * the scheme's grades, distinct grade codes.
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
  const parsed = safeParseWith(careGradeMappingSchema, document);
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  const issues: Issue[] = [];
  const grades = new Map<string, LocalizedText>();
  doc.to.grades.forEach((grade, i) => {
    if (grades.has(grade.code)) {
      issues.push(createIssue("duplicate_id", ["to", "grades", i, "code"], `Grade code "${grade.code}" is used twice.`, `等级代码 "${grade.code}" 重复。`));
    }
    grades.set(grade.code, grade.label);
  });
  const reference = { id: doc.id, version: doc.version, fingerprint: fingerprint(document as Record<string, unknown>) };
  const byLevel = new Map<number, MappedCareGrade>();
  doc.rows.forEach((row, i) => {
    if (byLevel.has(row.level)) {
      issues.push(createIssue("duplicate_level", ["rows", i, "level"], `Level ${row.level} has two rows.`, `等级 ${row.level} 有两行映射。`));
    }
    const label = grades.get(row.grade);
    if (label === undefined) {
      issues.push(
        createIssue("unknown_grade", ["rows", i, "grade"], `"${row.grade}" is not a grade of ${doc.to.scheme}.`, `"${row.grade}" 不是 ${doc.to.scheme} 的等级。`, {
          params: { grade: row.grade },
        }),
      );
      return;
    }
    byLevel.set(row.level, Object.freeze({ scheme: doc.to.scheme, code: row.grade, label, mapping: reference }));
  });
  if (issues.length > 0) return { ok: false, issues };
  const mapping: CareGradeMapping = Object.freeze({ ...reference, instrument: doc.from.instrument, scheme: doc.to.scheme, document: doc });
  loadedMappings.set(mapping, byLevel);
  return { ok: true, value: mapping, issues: [] };
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
  const result = safeLoadCareGradeMapping(document);
  if (result.ok) return result.value;
  const first = result.issues[0] as Issue;
  throw new YiyangError(YIYANG_ERROR_CODES.INVALID_DOCUMENT, `The care-grade mapping is invalid: ${first.message} (at "${first.path}").`, {
    issues: result.issues,
    messageZh: `照护等级映射无效：${first.messageZh}（位置 "${first.path}"）。`,
  });
}

function resolveMapping(mapping: CareGradeMapping | unknown): { mapping: CareGradeMapping; byLevel: Map<number, MappedCareGrade> } {
  const direct = typeof mapping === "object" && mapping !== null ? loadedMappings.get(mapping as CareGradeMapping) : undefined;
  if (direct !== undefined) return { mapping: mapping as CareGradeMapping, byLevel: direct };
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
  return { mapping: loaded, byLevel: loadedMappings.get(loaded) as Map<number, MappedCareGrade> };
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
