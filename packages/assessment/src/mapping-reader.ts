/**
 * What scoring needs of a loaded record mapping, without the mapping module: a mapping compiles to
 * a {@link MappingReader}, which core's brand on the loaded mapping carries. So `assess` and the
 * functions beside it reach a mapping's reader through `kindOfLoaded`, and a page that never maps a
 * vendor's row bundles none of the mapping code.
 */
import { kindOfLoaded, YIYANG_ERROR_CODES, YiyangError, type Issue } from "@yiyang/core";
import type { CompiledInstrument } from "./compiled-instrument";
import type { AssessmentResult, InstrumentReference } from "./types";

/**
 * The `kind` of a record-mapping document.
 *
 * @example
 * ```ts
 * RECORD_MAPPING_KIND; //=> "record-mapping"
 * ```
 */
export const RECORD_MAPPING_KIND = "record-mapping";

/** The result of reading one row: the record (without the fields that could not be read) and the issues. @internal */
export interface MappedRow {
  readonly record: Record<string, unknown>;
  readonly issues: Issue[];
  /** Interchange pointers of the fields that could not be read (the record lacks them because of an issue already given). */
  readonly failed: ReadonlySet<string>;
}

/** What a compiled record mapping offers the scoring functions. @internal */
export interface MappingReader {
  /** The mapping's id, version and fingerprint, as results name it. */
  readonly reference: InstrumentReference;
  /** Read one vendor row into an interchange record, every problem at its column. */
  read(row: unknown): MappedRow;
  /**
   * Check the mapping fits the instrument version in force.
   * @throws `YiyangError` `invalid_argument` with the issues when it does not
   */
  requireFits(c: CompiledInstrument): void;
  /** The issues of scoring a mapped row, pointed at the vendor's columns, without mere consequences of the mapping's own. */
  scoredIssues(mapped: MappedRow, issues: readonly Issue[]): Issue[];
}

/**
 * The reader of a mapping returned by `loadRecordMapping`.
 * @throws `YiyangError` `invalid_argument` for anything else
 * @internal
 */
export function mappingReaderOf(mapping: unknown): MappingReader {
  const kind = kindOfLoaded(mapping);
  if (kind === undefined || kind.kind !== RECORD_MAPPING_KIND) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, "The mapping must be one returned by loadRecordMapping.", { messageZh: "mapping 必须由 loadRecordMapping 返回。" });
  }
  return kind.compiledOf(mapping) as MappingReader;
}

/** The result with `mapping` after `instrument` (key order is part of the result's shape). @internal */
export function withMapping(result: AssessmentResult, reference: InstrumentReference): AssessmentResult {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(result) as Array<keyof AssessmentResult>) {
    out[key] = result[key];
    if (key === "instrument") out.mapping = reference;
  }
  return out as unknown as AssessmentResult;
}
