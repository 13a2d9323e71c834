/** `JSON.stringify` of an assessment result, written straight as UTF-8 bytes and byte for byte the same. */
import type { Utf8Builder } from "../../io/utf8-builder";

/** The UTF-8 JSON of frozen objects and arrays whose values are all primitives (a result's instrument, flags, label, provisional list): they never change. */
const FROZEN_BYTES = new WeakMap<object, Uint8Array>();
/** Frozen objects whose text cannot be kept (one holds an object, a getter or a `toJSON`): looked at once. */
const NOT_KEPT = new WeakSet<object>();
/** Nesting written here before the rest of a value is left to JSON.stringify (which overflows exactly as before). */
const WRITTEN_DEPTH = 32;

/** Whether a frozen value's JSON can be kept: plain, with only primitive data properties and no `toJSON`. */
function keepable(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value) ? prototype !== Array.prototype : prototype !== Object.prototype && prototype !== null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  for (const key of Object.keys(value)) {
    const property = Object.getOwnPropertyDescriptor(value, key);
    if (property === undefined || !("value" in property)) return false;
    const item: unknown = property.value;
    if (typeof item === "object" && item !== null) return false;
  }
  return true;
}

function frozenBytes(value: object): Uint8Array | undefined {
  if (!Object.isFrozen(value)) return undefined;
  const known = FROZEN_BYTES.get(value);
  if (known !== undefined || NOT_KEPT.has(value)) return known;
  if (!keepable(value)) {
    NOT_KEPT.add(value);
    return undefined;
  }
  const bytes = Buffer.from(JSON.stringify(value));
  FROZEN_BYTES.set(value, bytes);
  return bytes;
}

/** The keys of an object in order, with the bytes written before each value (`"key":`, then `,"key":`). */
interface Shape {
  keys: string[];
  first: Uint8Array[];
  rest: Uint8Array[];
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
  const shape: Shape = {
    keys,
    first: keys.map((key) => Buffer.from(`${JSON.stringify(key)}:`)),
    rest: keys.map((key) => Buffer.from(`,${JSON.stringify(key)}:`)),
  };
  if (SHAPES.length < MAX_SHAPES) SHAPES.push(shape);
  return shape;
}

const NULL = Buffer.from("null");
const TRUE = Buffer.from("true");
const FALSE = Buffer.from("false");

/**
 * How a value is written: `null` when this writer writes it itself (a primitive, a plain object or
 * array), its kept bytes (a frozen object's), or the text JSON.stringify gives for it (a `toJSON`
 * method, a class instance, anything nested deeper than {@link WRITTEN_DEPTH}), which is
 * `undefined` where JSON.stringify leaves the value out (undefined, a function, a symbol). A bigint
 * throws the TypeError JSON.stringify throws.
 */
function howWritten(value: unknown, depth: number): null | Uint8Array | string | undefined {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return null;
    case "object": {
      if (value === null) return null;
      const frozen = frozenBytes(value);
      if (frozen !== undefined) return frozen;
      if (depth >= WRITTEN_DEPTH) return JSON.stringify(value);
      const prototype: unknown = Object.getPrototypeOf(value);
      const plain = Array.isArray(value) ? prototype === Array.prototype : prototype === Object.prototype || prototype === null;
      return plain && typeof (value as { toJSON?: unknown }).toJSON !== "function" ? null : JSON.stringify(value);
    }
    case "bigint":
      return JSON.stringify(value);
    default:
      return undefined;
  }
}

/** Write a value that {@link howWritten} says is written here. */
function writeHere(out: Utf8Builder, value: unknown, depth: number): void {
  switch (typeof value) {
    case "string":
      out.jsonString(value);
      return;
    case "number":
      if (Number.isFinite(value)) out.number(value);
      else out.bytes(NULL);
      return;
    case "boolean":
      out.bytes(value ? TRUE : FALSE);
      return;
    default:
      if (value === null) out.bytes(NULL);
      else if (Array.isArray(value)) writeArray(out, value, depth);
      else writeObject(out, value as Record<string, unknown>, depth);
  }
}

function writeArray(out: Utf8Builder, array: unknown[], depth: number): void {
  out.byte(0x5b);
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out.byte(0x2c);
    const item: unknown = array[i];
    const how = howWritten(item, depth + 1);
    // JSON writes null for what it leaves out of an object.
    if (how === undefined) out.bytes(NULL);
    else writeAs(out, item, how, depth + 1);
  }
  out.byte(0x5d);
}

function writeObject(out: Utf8Builder, object: Record<string, unknown>, depth: number): void {
  const keys = Object.keys(object);
  const shape = shapeOf(keys);
  out.byte(0x7b);
  let written = false;
  let i = 0;
  // The keys of Object.keys, in order. for-in walks the same own keys in the same order (then any
  // inherited ones, which JSON leaves out), and a value read by the key for-in gives comes straight
  // from its slot, where a read by each key in turn is a lookup by a name that keeps changing.
  for (const key in object) {
    if (i === keys.length) break;
    const own = keys[i] as string;
    written = writeEntry(out, shape, i++, key === own ? object[key] : object[own], depth, written);
  }
  // Only an exotic object gives for-in fewer keys; the rest are written all the same.
  for (; i < keys.length; i++) written = writeEntry(out, shape, i, object[keys[i] as string], depth, written);
  out.byte(0x7d);
}

/** Write the `i`th entry of an object unless JSON leaves its value out; whether anything is written now. */
function writeEntry(out: Utf8Builder, shape: Shape, i: number, item: unknown, depth: number, written: boolean): boolean {
  const how = howWritten(item, depth + 1);
  if (how === undefined) return written;
  out.bytes((written ? shape.rest[i] : shape.first[i]) as Uint8Array);
  writeAs(out, item, how, depth + 1);
  return true;
}

/** Write a value as {@link howWritten} said: here, as its kept bytes, or as JSON.stringify's text. */
function writeAs(out: Utf8Builder, value: unknown, how: null | Uint8Array | string, depth: number): void {
  if (how === null) writeHere(out, value, depth);
  else if (typeof how === "string") out.add(how);
  else out.bytes(how);
}

/**
 * Append `JSON.stringify(value)` to `out` as UTF-8, the same bytes, faster: the objects every result
 * of a batch shares (the frozen instrument reference, flags, level label and provisional list) are
 * encoded once and their bytes reused, and a result's own values are written without building its
 * text as a string.
 *
 * @returns `false` (and nothing appended) where JSON.stringify gives `undefined`
 */
export function writeJson(out: Utf8Builder, value: unknown): boolean {
  const how = howWritten(value, 0);
  if (how === undefined) return false;
  writeAs(out, value, how, 0);
  return true;
}
