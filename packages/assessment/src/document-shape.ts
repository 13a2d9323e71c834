/**
 * A small description language for JSON shapes: one description gives both a validator that reports
 * every problem as a bilingual {@link Issue} with a JSON pointer, and the JSON Schema an editor uses.
 *
 * Local stand-in for zod: `zod` is a dependency of `@yiyang/core` only and cannot be imported from
 * this package (see docs/guides/assessment.md, "Implementation notes"). The issue codes follow zod's
 * (`invalid_type`, `unrecognized_keys`, `too_small`, `too_big`, `invalid_format`, `invalid_value`,
 * `invalid_union`) so a document's issues read the same whichever part of it they are about.
 * @internal
 */
import { createIssue, type Issue, type PathSegment } from "@yiyang/core";

/** A JSON Schema fragment. @internal */
export type JsonSchema = Record<string, unknown>;

/** One node of a shape description. @internal */
export interface ShapeNode {
  /** Check `value`, pushing one issue per problem found. */
  check(value: unknown, path: readonly PathSegment[], issues: Issue[]): void;
  /** The JSON Schema (draft 2020-12) of this node. */
  json(): JsonSchema;
}

interface Described {
  description?: string;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

const TYPE_ZH: Record<string, string> = {
  null: "null",
  array: "数组",
  integer: "整数",
  number: "数字",
  string: "字符串",
  boolean: "布尔值",
  object: "对象",
  undefined: "空（缺失）",
  "JSON value": "JSON 值",
};

function typeIssue(path: readonly PathSegment[], expected: string, value: unknown): Issue {
  const received = typeName(value);
  if (value === undefined) {
    return createIssue("invalid_type", path, `Required: expected ${expected}.`, `必填：应为${TYPE_ZH[expected] ?? expected}。`, {
      params: { expected, received },
    });
  }
  return createIssue(
    "invalid_type",
    path,
    `Expected ${expected}, received ${received}.`,
    `应为${TYPE_ZH[expected] ?? expected}，实际为${TYPE_ZH[received] ?? received}。`,
    { params: { expected, received } },
  );
}

function withDescription(schema: JsonSchema, options: Described): JsonSchema {
  return options.description === undefined ? schema : { description: options.description, ...schema };
}

/** A string, optionally with a pattern and a minimum length. @internal */
export function stringShape(
  options: Described & { pattern?: RegExp; patternHint?: { en: string; zh: string }; minLength?: number; examples?: string[] } = {},
): ShapeNode {
  return {
    check(value, path, issues) {
      if (typeof value !== "string") {
        issues.push(typeIssue(path, "string", value));
        return;
      }
      if (options.minLength !== undefined && value.length < options.minLength) {
        issues.push(
          createIssue("too_small", path, `Must have at least ${options.minLength} character(s).`, `至少需要 ${options.minLength} 个字符。`, {
            params: { minimum: options.minLength, origin: "string" },
          }),
        );
      }
      if (options.pattern !== undefined && !options.pattern.test(value)) {
        const hint = options.patternHint ?? { en: `Must match ${options.pattern.source}.`, zh: `必须符合 ${options.pattern.source}。` };
        issues.push(createIssue("invalid_format", path, hint.en, hint.zh, { params: { pattern: options.pattern.source } }));
      }
    },
    json() {
      const schema: JsonSchema = { type: "string" };
      if (options.minLength !== undefined) schema.minLength = options.minLength;
      if (options.pattern !== undefined) schema.pattern = options.pattern.source;
      if (options.examples !== undefined) schema.examples = options.examples;
      return withDescription(schema, options);
    },
  };
}

/** An integer within optional bounds. @internal */
export function integerShape(options: Described & { minimum?: number; maximum?: number } = {}): ShapeNode {
  return {
    check(value, path, issues) {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        issues.push(typeIssue(path, "integer", value));
        return;
      }
      if (options.minimum !== undefined && value < options.minimum) {
        issues.push(
          createIssue("too_small", path, `Must be at least ${options.minimum}.`, `不得小于 ${options.minimum}。`, {
            params: { minimum: options.minimum, origin: "number" },
          }),
        );
      }
      if (options.maximum !== undefined && value > options.maximum) {
        issues.push(
          createIssue("too_big", path, `Must be at most ${options.maximum}.`, `不得大于 ${options.maximum}。`, {
            params: { maximum: options.maximum, origin: "number" },
          }),
        );
      }
    },
    json() {
      const schema: JsonSchema = { type: "integer" };
      if (options.minimum !== undefined) schema.minimum = options.minimum;
      if (options.maximum !== undefined) schema.maximum = options.maximum;
      return withDescription(schema, options);
    },
  };
}

/** A boolean. @internal */
export function booleanShape(options: Described = {}): ShapeNode {
  return {
    check(value, path, issues) {
      if (typeof value !== "boolean") issues.push(typeIssue(path, "boolean", value));
    },
    json: () => withDescription({ type: "boolean" }, options),
  };
}

/** One of a few literal values. @internal */
export function valuesShape(values: readonly (string | number | boolean)[], options: Described = {}): ShapeNode {
  return {
    check(value, path, issues) {
      if (!values.includes(value as string)) {
        const list = values.map((v) => JSON.stringify(v)).join(", ");
        issues.push(
          createIssue("invalid_value", path, `Must be one of ${list}.`, `必须是以下之一：${list}。`, { params: { values: [...values] } }),
        );
      }
    },
    json: () => withDescription(values.length === 1 ? { const: values[0] } : { enum: [...values] }, options),
  };
}

/** Any JSON value (checked elsewhere, e.g. a JSON Logic rule). @internal */
export function anyShape(options: Described = {}): ShapeNode {
  return {
    check(value, path, issues) {
      if (value === undefined) issues.push(typeIssue(path, "JSON value", value));
    },
    json: () => withDescription({}, options),
  };
}

/** A value that may also be `null`. @internal */
export function nullableShape(inner: ShapeNode, options: Described = {}): ShapeNode {
  return {
    check(value, path, issues) {
      if (value !== null) inner.check(value, path, issues);
    },
    json: () => withDescription({ anyOf: [inner.json(), { type: "null" }] }, options),
  };
}

/** An array of one kind of element. @internal */
export function arrayShape(item: ShapeNode, options: Described & { minItems?: number; maxItems?: number } = {}): ShapeNode {
  return {
    check(value, path, issues) {
      if (!Array.isArray(value)) {
        issues.push(typeIssue(path, "array", value));
        return;
      }
      if (options.minItems !== undefined && value.length < options.minItems) {
        issues.push(
          createIssue("too_small", path, `Must have at least ${options.minItems} element(s).`, `至少需要 ${options.minItems} 个元素。`, {
            params: { minimum: options.minItems, origin: "array" },
          }),
        );
      }
      if (options.maxItems !== undefined && value.length > options.maxItems) {
        issues.push(
          createIssue("too_big", path, `Must have at most ${options.maxItems} element(s).`, `最多 ${options.maxItems} 个元素。`, {
            params: { maximum: options.maxItems, origin: "array" },
          }),
        );
      }
      for (let i = 0; i < value.length; i++) item.check(value[i], [...path, i], issues);
    },
    json() {
      const schema: JsonSchema = { type: "array", items: item.json() };
      if (options.minItems !== undefined) schema.minItems = options.minItems;
      if (options.maxItems !== undefined) schema.maxItems = options.maxItems;
      return withDescription(schema, options);
    },
  };
}

/** A field of an {@link objectShape}. @internal */
export interface FieldShape {
  node: ShapeNode;
  optional?: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object with known fields only: an unknown key is an `unrecognized_keys` issue. @internal */
export function objectShape(fields: Readonly<Record<string, FieldShape>>, options: Described = {}): ShapeNode & {
  readonly fields: Readonly<Record<string, FieldShape>>;
} {
  return {
    fields,
    check(value, path, issues) {
      if (!isPlainObject(value)) {
        issues.push(typeIssue(path, "object", value));
        return;
      }
      for (const [key, field] of Object.entries(fields)) {
        const present = Object.prototype.hasOwnProperty.call(value, key);
        if (!present) {
          if (!field.optional) field.node.check(undefined, [...path, key], issues);
          continue;
        }
        field.node.check(value[key], [...path, key], issues);
      }
      for (const key of Object.keys(value)) {
        if (!Object.prototype.hasOwnProperty.call(fields, key)) {
          issues.push(
            createIssue("unrecognized_keys", [...path, key], `Unknown field "${key}".`, `未知字段 "${key}"。`, { params: { keys: [key] } }),
          );
        }
      }
    },
    json() {
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [key, field] of Object.entries(fields)) {
        properties[key] = field.node.json();
        if (!field.optional) required.push(key);
      }
      const schema: JsonSchema = { type: "object", properties };
      if (required.length > 0) schema.required = required;
      schema.additionalProperties = false;
      return withDescription(schema, options);
    },
  };
}

/** An object used as a dictionary: keys matching a pattern, values of one shape. @internal */
export function dictionaryShape(
  keyPattern: RegExp,
  keyHint: { en: string; zh: string },
  value: ShapeNode,
  options: Described = {},
): ShapeNode {
  return {
    check(input, path, issues) {
      if (!isPlainObject(input)) {
        issues.push(typeIssue(path, "object", input));
        return;
      }
      for (const key of Object.keys(input)) {
        if (!keyPattern.test(key)) {
          issues.push(createIssue("invalid_key", [...path, key], `${keyHint.en} (got "${key}").`, `${keyHint.zh}（实际为 "${key}"）。`));
          continue;
        }
        value.check(input[key], [...path, key], issues);
      }
    },
    json: () =>
      withDescription({ type: "object", propertyNames: { pattern: keyPattern.source }, additionalProperties: value.json() }, options),
  };
}

/**
 * One of several object forms, told apart by which key is present (e.g. `{ "raise": 1 }` or
 * `{ "setLevel": 4 }`). @internal
 */
export function keyedUnionShape(
  branches: ReadonlyArray<{ key: string; node: ShapeNode }>,
  options: Described = {},
): ShapeNode {
  return {
    check(value, path, issues) {
      if (!isPlainObject(value)) {
        issues.push(typeIssue(path, "object", value));
        return;
      }
      const branch = branches.find((b) => Object.prototype.hasOwnProperty.call(value, b.key));
      if (branch === undefined) {
        const keys = branches.map((b) => `"${b.key}"`).join(", ");
        issues.push(
          createIssue("invalid_union", path, `Must have one of the fields ${keys}.`, `必须包含以下字段之一：${keys}。`, {
            params: { keys: branches.map((b) => b.key) },
          }),
        );
        return;
      }
      branch.node.check(value, path, issues);
    },
    json: () => withDescription({ oneOf: branches.map((b) => b.node.json()) }, options),
  };
}

/** One of several object forms, told apart by the literal value of one field. @internal */
export function taggedUnionShape(
  tag: string,
  branches: Readonly<Record<string, ShapeNode>>,
  options: Described = {},
): ShapeNode {
  const tags = Object.keys(branches);
  return {
    check(value, path, issues) {
      if (!isPlainObject(value)) {
        issues.push(typeIssue(path, "object", value));
        return;
      }
      const branch = typeof value[tag] === "string" && Object.prototype.hasOwnProperty.call(branches, value[tag]) ? branches[value[tag]] : undefined;
      if (branch === undefined) {
        valuesShape(tags).check(value[tag], [...path, tag], issues);
        return;
      }
      branch.check(value, path, issues);
    },
    json: () => withDescription({ oneOf: tags.map((t) => (branches[t] as ShapeNode).json()) }, options),
  };
}

/** Either of two shapes, told apart by a predicate (e.g. a boolean or an object). @internal */
export function eitherShape(
  first: { test: (value: unknown) => boolean; node: ShapeNode },
  second: ShapeNode,
  options: Described = {},
): ShapeNode {
  return {
    check(value, path, issues) {
      (first.test(value) ? first.node : second).check(value, path, issues);
    },
    json: () => withDescription({ anyOf: [first.node.json(), second.json()] }, options),
  };
}

/** Bilingual text `{ zh, en }`. @internal */
export function localizedShape(description?: string): ShapeNode {
  return objectShape(
    {
      zh: { node: stringShape({ minLength: 1, description: "Chinese text." }) },
      en: { node: stringShape({ minLength: 1, description: "English text." }) },
    },
    description === undefined ? {} : { description },
  );
}
