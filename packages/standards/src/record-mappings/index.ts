import type { DocumentEnvelope } from "@yiyang/core";
import positions from "./sample-vendor-gbt42195-positions.json" with { type: "json" };
import chineseHeaders from "./sample-vendor-gbt42195-zh-csv.json" with { type: "json" };

/**
 * A record-mapping document as shipped: plain JSON with the shared envelope. Load it with
 * `loadRecordMapping` of `@yiyang/assessment`.
 */
export type RecordMappingJson = DocumentEnvelope & {
  readonly kind: "record-mapping";
  readonly [key: string]: unknown;
};

// Calls of deepFreeze are marked pure so that a bundler drops the documents an app does not import.
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * A sample vendor's GB/T 42195 export with Chinese headers (进食, 修饰 …, 昏迷, 疾病诊断, 跌倒 …):
 * scores as written, dates as 2026/06/15, birth dates as 19450312, 是/否, A.4.1 names separated by
 * 、 and A.2.14's options (无 / 发生过1次 …). Its sample export is `sample-vendor-gbt42195-zh.csv`
 * beside it in this package's `src/record-mappings/`. Frozen.
 *
 * @example
 * ```ts
 * gbt42195ChineseHeaderMapping.id; //=> "sample-vendor-gbt42195-zh-csv"
 * ```
 */
export const gbt42195ChineseHeaderMapping: RecordMappingJson = /* @__PURE__ */ deepFreeze(chineseHeaders as unknown as RecordMappingJson);

/**
 * A sample vendor's GB/T 42195 export keyed by item code (B.1.1 …) with every answer written as
 * the position of the option on the form (1 = the first option, which is the top score), dates as
 * 20260615, sex as GB/T 2261.1 codes. Its sample export is `sample-vendor-gbt42195-positions.csv`.
 * Frozen.
 *
 * @example
 * ```ts
 * gbt42195OptionPositionMapping.id; //=> "sample-vendor-gbt42195-positions"
 * ```
 */
export const gbt42195OptionPositionMapping: RecordMappingJson = /* @__PURE__ */ deepFreeze(positions as unknown as RecordMappingJson);

/**
 * Every shipped record mapping, in a fixed order.
 *
 * @example
 * ```ts
 * recordMappings.map((m) => m.id); //=> ["sample-vendor-gbt42195-zh-csv", "sample-vendor-gbt42195-positions"]
 * ```
 */
export const recordMappings: readonly RecordMappingJson[] = /* @__PURE__ */ Object.freeze([gbt42195ChineseHeaderMapping, gbt42195OptionPositionMapping]);
