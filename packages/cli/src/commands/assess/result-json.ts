/** `JSON.stringify` of an assessment result, written faster and byte for byte the same. */

/** The JSON of frozen objects whose values are all primitives (a result's instrument, flags, label): they never change. */
const FROZEN_JSON = new WeakMap<object, string>();
/** Nesting written here before the rest of a value is left to JSON.stringify (which overflows exactly as before). */
const WRITTEN_DEPTH = 32;
/** What JSON.stringify escapes in a string: `"`, `\`, control characters, and surrogates (a lone one is escaped). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function frozenJson(value: object): string | undefined {
  const known = FROZEN_JSON.get(value);
  if (known !== undefined) return known;
  if (!Object.isFrozen(value) || Array.isArray(value)) return undefined;
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (typeof item === "object" && item !== null) return undefined;
  }
  const json = JSON.stringify(value);
  FROZEN_JSON.set(value, json);
  return json;
}

/** The keys of an object in order, with the text written before each value (`"key":`, then `,"key":`). */
interface Shape {
  keys: string[];
  first: string;
  rest: string[];
}

/** Shapes seen (a result's and its parts' few, and at most a few more from records). */
const SHAPES: Shape[] = [];
const MAX_SHAPES = 16;

function shapeOf(keys: string[]): Shape {
  search: for (let s = 0; s < SHAPES.length; s++) {
    const shape = SHAPES[s] as Shape;
    const known = shape.keys;
    if (known.length !== keys.length) continue;
    for (let i = 0; i < keys.length; i++) if (known[i] !== keys[i]) continue search;
    return shape;
  }
  const rest = keys.map((key) => `,${JSON.stringify(key)}:`);
  const shape: Shape = { keys, first: keys.length === 0 ? "" : (rest[0] as string).slice(1), rest };
  if (SHAPES.length < MAX_SHAPES) SHAPES.push(shape);
  return shape;
}

/**
 * The JSON text of a value as JSON.stringify writes it, or `undefined` where JSON.stringify leaves
 * the value out (undefined, a function, a symbol). Plain objects, arrays, strings, numbers and
 * booleans are written here; anything else (a `toJSON` method, a class instance, a bigint) and
 * anything nested deeper than {@link WRITTEN_DEPTH} is given to JSON.stringify itself.
 */
function valueJson(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case "string":
      return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      const frozen = frozenJson(value);
      if (frozen !== undefined) return frozen;
      if (depth >= WRITTEN_DEPTH) return JSON.stringify(value);
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype || typeof (value as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(value);
        if (value.length === 0) return "[]";
        let out = "[";
        for (let i = 0; i < value.length; i++) out += `${i === 0 ? "" : ","}${valueJson(value[i], depth + 1) ?? "null"}`;
        return `${out}]`;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if ((prototype !== Object.prototype && prototype !== null) || typeof (value as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(value);
      return objectJson(value as Record<string, unknown>, depth);
    }
    case "bigint":
      // Throws the TypeError JSON.stringify throws.
      return JSON.stringify(value);
    default:
      return undefined;
  }
}

function objectJson(object: Record<string, unknown>, depth: number): string {
  const keys = Object.keys(object);
  const shape = shapeOf(keys);
  let out = "{";
  let written = false;
  for (let i = 0; i < keys.length; i++) {
    const json = valueJson(object[keys[i] as string], depth + 1);
    if (json === undefined) continue;
    out += written ? (shape.rest[i] as string) + json : (i === 0 ? shape.first : (shape.rest[i] as string).slice(1)) + json;
    written = true;
  }
  return `${out}}`;
}

/**
 * `JSON.stringify(result)`, the same text, faster: the objects every result of a batch shares (the
 * frozen instrument reference, flags and level label) are written once and their text reused, and
 * a result's own plain values are written without a call into JSON.stringify for each.
 */
export function resultJson(result: object): string {
  return valueJson(result, 0) ?? JSON.stringify(result);
}
