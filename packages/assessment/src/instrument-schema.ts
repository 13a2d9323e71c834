import {
  createIssue,
  documentEnvelopeSchema,
  documentEnvelopeShape,
  safeParseWith,
  toJsonSchema,
  type Issue,
} from "@yiyang/core";
import {
  anyShape,
  arrayShape,
  booleanShape,
  dictionaryShape,
  eitherShape,
  integerShape,
  keyedUnionShape,
  localizedShape,
  nullableShape,
  objectShape,
  stringShape,
  taggedUnionShape,
  valuesShape,
  type JsonSchema,
  type ShapeNode,
} from "./document-shape";
import { INSTRUMENT_KIND } from "./instrument-document";

/** camelCase keys: items, dimensions, flags, diseases, risk events, computed values, adjustment ids. @internal */
export const KEY_PATTERN = /^[a-z][A-Za-z0-9]*$/;
const KEY_HINT = { en: "A key is camelCase: a lower-case letter, then letters and digits", zh: "键名须为 camelCase：小写字母开头，其后为字母或数字" };
const CODE_PATTERN = /^[a-z][a-z0-9_]*$/;
const POINTER_PATTERN = /^(\/.*)?$/;

const key = (description: string) => stringShape({ pattern: KEY_PATTERN, patternHint: { en: `${KEY_HINT.en}.`, zh: `${KEY_HINT.zh}。` }, description });
const text = localizedShape;
const bound = (description: string) => nullableShape(integerShape(), { description });
const logic = (description: string) => anyShape({ description: `${description} (JSON Logic).` });

const optionShape = objectShape(
  {
    score: { node: integerShape({ minimum: 0, maximum: 1000, description: "The score recorded for this option; unique within the item." }) },
    text: { node: text("What the option means.") },
  },
  { description: "One answer option and its score." },
);

const itemShape = objectShape(
  {
    key: { node: key("The key used in records, e.g. eating.") },
    code: { node: stringShape({ minLength: 1, description: "The standard's code, e.g. B.1.1." }) },
    label: { node: text("The item's name.") },
    options: { node: arrayShape(optionShape, { minItems: 1, maxItems: 20, description: "The options, each with its score." }) },
  },
  { description: "A scored item (二级指标)." },
);

const gradeBandShape = objectShape(
  {
    min: { node: bound("Lowest score in the band (inclusive); null or absent for none."), optional: true },
    max: { node: bound("Highest score in the band (inclusive); null or absent for none."), optional: true },
    grade: { node: integerShape({ minimum: 0, description: "The grade for scores in the band." }) },
  },
  { description: "A band of the dimension's score and its grade." },
);

const levelBandShape = objectShape(
  {
    min: { node: bound("Lowest total in the band (inclusive); null or absent for none."), optional: true },
    max: { node: bound("Highest total in the band (inclusive); null or absent for none."), optional: true },
    level: { node: integerShape({ minimum: 0, description: "The level for totals in the band." }) },
  },
  { description: "A band of the total and its level." },
);

const dimensionGradeShape = keyedUnionShape(
  [
    {
      key: "bands",
      node: objectShape({ bands: { node: arrayShape(gradeBandShape, { minItems: 1, description: "Bands of the dimension's score." }) } }),
    },
    {
      key: "rule",
      node: objectShape({
        rule: { node: logic("Returns the grade from { items, dimensions }") },
        description: { node: text("The rule in words.") },
      }),
    },
  ],
  { description: "How the dimension is graded: bands over its score, or a rule." },
);

const dimensionShape = objectShape(
  {
    key: { node: key("The key used in results, e.g. selfCare.") },
    code: { node: stringShape({ minLength: 1, description: "The standard's code, e.g. B.1." }) },
    label: { node: text("The dimension's name.") },
    max: { node: integerShape({ minimum: 0, description: "The highest possible sum of the items (checked)." }) },
    items: { node: arrayShape(itemShape, { minItems: 1, maxItems: 200, description: "The items, in the order of the form." }) },
    grade: { node: dimensionGradeShape, optional: true },
  },
  { description: "A dimension (一级指标): its items are summed." },
);

const preliminaryLevelShape = taggedUnionShape(
  "basis",
  {
    total: objectShape({
      basis: { node: valuesShape(["total"]) },
      bands: { node: arrayShape(levelBandShape, { minItems: 1, description: "Bands of the total; every reachable total must fall in exactly one." }) },
    }),
    rule: objectShape({
      basis: { node: valuesShape(["rule"]) },
      rule: { node: logic("Returns the level from the context") },
      description: { node: text("The rule in words.") },
    }),
    matrix: objectShape({
      basis: { node: valuesShape(["matrix"]) },
      rowDimension: { node: key("The graded dimension whose grade picks the row.") },
      columnDimensions: { node: arrayShape(key("A graded dimension."), { minItems: 1, description: "The worst (highest) grade of these picks the column." }) },
      cells: { node: arrayShape(arrayShape(integerShape({ minimum: 0 })), { minItems: 1, description: "cells[rowGrade][columnGrade] is the level." }) },
      description: { node: text("The table in words.") },
    }),
  },
  { description: "How the preliminary level (初步等级) is found." },
);

const adjustmentShape = objectShape(
  {
    id: { node: key("Stable id, e.g. coma.") },
    clause: { node: stringShape({ minLength: 1, description: "The clause encoded, e.g. C.4." }) },
    label: { node: text("The rule's name.") },
    condition: { node: text("The condition in words.") },
    when: { node: logic("The condition over the context; JSON Logic truthiness decides") },
    effect: {
      node: keyedUnionShape(
        [
          { key: "raise", node: objectShape({ raise: { node: integerShape({ minimum: 1, description: "Levels to raise, up to the ceiling." }) } }) },
          { key: "setLevel", node: objectShape({ setLevel: { node: integerShape({ minimum: 0, description: "The level to set outright." }) } }) },
        ],
        { description: "Raise by n (up to the ceiling) or set a level. Raises apply first, then set-level effects." },
      ),
    },
    reason: { node: text("Why it applied; {{path}} is replaced by the context value at that path.") },
  },
  { description: "A level-change rule (等级变更)." },
);

const checkShape = objectShape(
  {
    code: { node: stringShape({ pattern: CODE_PATTERN, patternHint: { en: "A code is snake_case.", zh: "代码须为 snake_case。" }, description: "The issue code." }) },
    severity: { node: valuesShape(["error", "warning"], { description: "error: no result; warning: reported beside the result." }) },
    path: { node: stringShape({ pattern: POINTER_PATTERN, description: "JSON pointer into the record." }) },
    when: { node: logic("Reports the issue when true") },
    message: { node: text("The message.") },
  },
  { description: "A consistency check on a record." },
);

const expectShape = keyedUnionShape([
  {
    key: "level",
    node: objectShape(
      {
        level: { node: integerShape({ minimum: 0 }) },
        baseLevel: { node: integerShape({ minimum: 0 }), optional: true },
        total: { node: nullableShape(integerShape()), optional: true },
        dimensions: { node: dictionaryShape(KEY_PATTERN, KEY_HINT, integerShape()), optional: true },
        grades: { node: dictionaryShape(KEY_PATTERN, KEY_HINT, integerShape()), optional: true },
        adjustments: { node: arrayShape(key("An adjustment id.")), optional: true },
        nextAssessmentDue: { node: nullableShape(stringShape()), optional: true },
        warnings: { node: arrayShape(stringShape()), optional: true },
      },
      { description: "The expected result (only the fields given are compared)." },
    ),
  },
  {
    key: "issues",
    node: objectShape(
      {
        issues: {
          node: arrayShape(
            objectShape({ code: { node: stringShape({ minLength: 1 }) }, path: { node: stringShape({ pattern: POINTER_PATTERN }) } }),
            { minItems: 1, description: "Exactly these errors, in any order." },
          ),
        },
      },
      { description: "The expected errors." },
    ),
  },
]);

const testCaseShape = objectShape(
  {
    description: { node: stringShape({ minLength: 1, description: "What the case shows and how the expected values were worked out." }) },
    flags: { node: dictionaryShape(KEY_PATTERN, KEY_HINT, booleanShape()), optional: true },
    record: { node: anyShape({ description: "The input record, in the interchange format (may be invalid on purpose)." }) },
    expect: { node: expectShape },
  },
  { description: "A test case: a record and the expected outcome." },
);

/** The body fields of an instrument document. @internal */
export const INSTRUMENT_BODY = objectShape({
  dimensions: { node: arrayShape(dimensionShape, { minItems: 1, maxItems: 20, description: "The dimensions, each with its items." }) },
  total: {
    node: objectShape(
      {
        min: { node: integerShape({ description: "The lowest total (checked)." }) },
        max: { node: integerShape({ description: "The highest total (checked)." }) },
      },
      { description: "The total is the sum of every item; absent when the instrument has no total." },
    ),
    optional: true,
  },
  grades: {
    node: arrayShape(
      objectShape({ grade: { node: integerShape({ minimum: 0 }) }, label: { node: text("The grade's name.") } }),
      { minItems: 1, maxItems: 20, description: "The grade scale shared by graded dimensions." },
    ),
    optional: true,
  },
  preliminaryLevel: { node: preliminaryLevelShape },
  levels: {
    node: arrayShape(objectShape({ level: { node: integerShape({ minimum: 0 }) }, label: { node: text("The level's name.") } }), {
      minItems: 1,
      maxItems: 100,
      description: "The levels 0, 1, 2 … and their names.",
    }),
  },
  diseases: {
    node: arrayShape(
      objectShape({
        id: { node: key("The id used in records.") },
        label: { node: text("The disease.") },
        icd10: { node: stringShape({ description: "ICD-10 codes the standard names, for reference." }), optional: true },
        note: { node: text("A qualifier, e.g. within 30 days."), optional: true },
      }),
      { description: "The diseases a record may list; any other id is an error." },
    ),
    optional: true,
  },
  riskEvents: {
    node: objectShape(
      {
        maxCount: { node: integerShape({ minimum: 1, description: "The top count, meaning that many or more." }) },
        types: { node: arrayShape(objectShape({ key: { node: key("The key used in records.") }, label: { node: text("The event.") } }), { minItems: 1 }) },
      },
      { description: "The care-risk events a record may count." },
    ),
    optional: true,
  },
  computed: {
    node: arrayShape(
      objectShape({ key: { node: key("Available as computed.<key>.") }, label: { node: text("What it is.") }, rule: { node: logic("The value") } }),
      { description: "Named values computed before the adjustments, in order." },
    ),
    optional: true,
  },
  adjustments: { node: arrayShape(adjustmentShape, { description: "The level-change rules." }), optional: true },
  levelChange: {
    node: objectShape(
      {
        ceiling: { node: integerShape({ minimum: 0, description: "The highest level a raise reaches (default: the highest level)." }), optional: true },
        stackRaises: {
          node: eitherShape(
            { test: (v) => typeof v === "boolean", node: booleanShape() },
            objectShape({ flag: { node: key("The policy flag deciding it.") } }),
            { description: "Whether raises add up, or a policy flag deciding it." },
          ),
        },
        skipFromLevel: { node: integerShape({ minimum: 0, description: "From this preliminary level up, no adjustment applies." }), optional: true },
      },
      { description: "How the adjustments combine." },
    ),
    optional: true,
  },
  policyFlags: {
    node: dictionaryShape(
      KEY_PATTERN,
      KEY_HINT,
      objectShape({ default: { node: booleanShape() }, description: { node: text("What the flag decides and why the default.") } }),
      { description: "Named policy choices with their defaults; the caller may set them." },
    ),
    optional: true,
  },
  checks: { node: arrayShape(checkShape, { description: "Consistency checks on records." }), optional: true },
  subject: {
    node: objectShape(
      { minimumAge: { node: integerShape({ minimum: 0, description: "Younger on assessedOn gives a warning." }), optional: true } },
      { description: "Rules about the person assessed." },
    ),
    optional: true,
  },
  reassessment: {
    node: objectShape(
      { intervalMonths: { node: integerShape({ minimum: 1, description: "Months from assessedOn to the next assessment." }) } },
      { description: "When the next assessment is due." },
    ),
    optional: true,
  },
  tests: { node: arrayShape(testCaseShape, { description: "Test cases, each with its input and expected output." }), optional: true },
});

const ENVELOPE_KEYS = Object.keys(documentEnvelopeShape);

/**
 * Check the structure of an instrument document: the shared envelope (with `@yiyang/core`), `kind`,
 * the body fields, and no unknown field. Cross-field rules are checked by `loadInstrument`.
 * @internal
 */
export function checkInstrumentShape(input: unknown): Issue[] {
  const envelope = safeParseWith(documentEnvelopeSchema, input);
  const issues: Issue[] = envelope.ok ? [] : [...envelope.issues];
  if (typeof input !== "object" || input === null || Array.isArray(input)) return issues;
  const doc = input as Record<string, unknown>;
  if (typeof doc.kind === "string" && doc.kind !== INSTRUMENT_KIND) {
    issues.push(
      createIssue("invalid_value", "/kind", `An instrument document has kind "${INSTRUMENT_KIND}", not "${doc.kind}".`, `评估工具文档的 kind 应为 "${INSTRUMENT_KIND}"，而不是 "${doc.kind}"。`, {
        params: { values: [INSTRUMENT_KIND] },
      }),
    );
  }
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(doc)) {
    if (ENVELOPE_KEYS.includes(name)) continue;
    body[name] = value;
  }
  INSTRUMENT_BODY.check(body, [], issues);
  return issues;
}

let cachedJsonSchema: JsonSchema | undefined;

/**
 * The JSON Schema (draft 2020-12) of instrument documents, for editors: point a document's
 * `$schema` at the shipped copy, `@yiyang/assessment/schema/instrument.schema.json`.
 *
 * @returns the JSON Schema, a fresh copy each call
 *
 * @example
 * ```ts
 * const schema = getInstrumentJsonSchema();
 * schema.properties.kind; //=> { const: "instrument", description: "The document kind." }
 * ```
 */
export function getInstrumentJsonSchema(): JsonSchema {
  cachedJsonSchema ??= buildJsonSchema();
  return structuredClone(cachedJsonSchema);
}

function buildJsonSchema(): JsonSchema {
  const envelope = toJsonSchema(documentEnvelopeSchema);
  const body = INSTRUMENT_BODY.json();
  const properties: Record<string, unknown> = {
    ...(envelope.properties as Record<string, unknown>),
    kind: { const: INSTRUMENT_KIND, description: "The document kind." },
    ...(body.properties as Record<string, unknown>),
  };
  return {
    $schema: envelope.$schema,
    title: "Yiyang instrument document",
    description:
      "An assessment instrument: items with their options and scores, dimensions, level bands, adjustments and policy flags, in the shared rule-document envelope.",
    type: "object",
    properties,
    required: [...(envelope.required as string[]), ...(body.required as string[])],
    additionalProperties: false,
  };
}
