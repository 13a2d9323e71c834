/**
 * Completion from a JSON Schema for CodeMirror's JSON language: property names (with their
 * descriptions) where a key goes, and the allowed values (`enum`, `const`, booleans) where a value
 * goes. Written on the JSON syntax tree, with no evaluated code, so it runs under a strict
 * Content-Security-Policy.
 */
import type { Completion, CompletionContext, CompletionResult, CompletionSource } from "@codemirror/autocomplete";
import { syntaxTree } from "@codemirror/language";
import type { EditorState } from "@codemirror/state";
import type { SyntaxNode } from "@lezer/common";

type Schema = Record<string, unknown>;
type Segment = string | number;

const VALUE_NODES = new Set(["Object", "Array", "String", "Number", "True", "False", "Null"]);

const isSchema = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

/** Follow a local `$ref` (`#/$defs/x`, `#/definitions/x`). */
function deref(schema: Schema, root: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === "string" && hops < 32; hops++) {
    const ref = current.$ref as string;
    if (!ref.startsWith("#")) break;
    let target: unknown = root;
    for (const raw of ref.slice(1).split("/").filter((s) => s !== "")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      target = isSchema(target) ? target[key] : undefined;
    }
    if (!isSchema(target)) break;
    current = target;
  }
  return current;
}

/** A schema and every alternative it allows (`anyOf`, `oneOf`, `allOf`), flattened. */
function alternatives(schema: unknown, root: Schema, out: Schema[] = [], depth = 0): Schema[] {
  if (!isSchema(schema) || depth > 16) return out;
  const s = deref(schema, root);
  out.push(s);
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const list = s[key];
    if (Array.isArray(list)) for (const item of list) alternatives(item, root, out, depth + 1);
  }
  return out;
}

/** The schemas that may describe the value at a path. */
export function schemasAt(root: Schema, path: readonly Segment[]): Schema[] {
  let current = alternatives(root, root);
  for (const segment of path) {
    const next: Schema[] = [];
    for (const s of current) {
      if (typeof segment === "string") {
        const props = s.properties;
        if (isSchema(props) && isSchema(props[segment])) alternatives(props[segment], root, next);
        else if (isSchema(s.additionalProperties)) alternatives(s.additionalProperties, root, next);
      } else {
        const prefix = s.prefixItems;
        if (Array.isArray(prefix) && isSchema(prefix[segment])) alternatives(prefix[segment], root, next);
        else if (isSchema(s.items)) alternatives(s.items, root, next);
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

function unquote(state: EditorState, node: SyntaxNode): string {
  const text = state.sliceDoc(node.from, node.to);
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.replace(/^"|"$/g, "");
  }
}

/** The path of a value node from the document root. */
function pathOf(state: EditorState, node: SyntaxNode): Segment[] {
  const path: Segment[] = [];
  let cur: SyntaxNode = node;
  while (cur.parent) {
    const parent: SyntaxNode = cur.parent;
    if (parent.name === "Property") {
      const name = parent.getChild("PropertyName");
      if (name !== null && name.from !== cur.from) path.unshift(unquote(state, name));
    } else if (parent.name === "Array") {
      let index = 0;
      for (let c = parent.firstChild; c !== null && c.from < cur.from; c = c.nextSibling) if (VALUE_NODES.has(c.name)) index++;
      path.unshift(index);
    }
    cur = parent;
  }
  return path;
}

function typesOf(s: Schema): string[] {
  return Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === "string" ? [s.type] : [];
}

function snippetFor(schemas: Schema[]): string {
  const types = new Set(schemas.flatMap(typesOf));
  if (types.size === 1) {
    if (types.has("object")) return "{}";
    if (types.has("array")) return "[]";
    if (types.has("string")) return '""';
  }
  return "";
}

function valueOptions(schemas: Schema[]): Completion[] {
  const seen = new Set<string>();
  const out: Completion[] = [];
  const add = (value: unknown, detail: string, info?: string) => {
    const label = JSON.stringify(value);
    if (label === undefined || seen.has(label)) return;
    seen.add(label);
    out.push({ label, type: "constant", detail, ...(info ? { info } : {}) });
  };
  for (const s of schemas) {
    const info = typeof s.description === "string" ? s.description : undefined;
    if ("const" in s) add(s.const, "const", info);
    if (Array.isArray(s.enum)) for (const v of s.enum) add(v, "enum", info);
    if (typesOf(s).includes("boolean")) {
      add(true, "boolean", info);
      add(false, "boolean", info);
    }
    if (Array.isArray(s.examples)) for (const v of s.examples) add(v, "example", info);
  }
  return out;
}

/** The innermost Object or Array that holds a position. */
function containerAt(state: EditorState, pos: number): SyntaxNode | null {
  let node: SyntaxNode | null = syntaxTree(state).resolveInner(pos, -1);
  for (; node !== null; node = node.parent) {
    if ((node.name === "Object" || node.name === "Array") && node.from < pos && (pos < node.to || state.sliceDoc(node.to - 1, node.to) !== (node.name === "Object" ? "}" : "]"))) return node;
  }
  return null;
}

/**
 * A CodeMirror completion source for documents of one JSON Schema.
 *
 * @param getSchema - the schema in force (it changes with the document's kind), or `null`
 */
export function jsonSchemaCompletion(getSchema: () => Schema | null): CompletionSource {
  return (context: CompletionContext): CompletionResult | null => {
    const schema = getSchema();
    if (schema === null) return null;
    const { state, pos } = context;
    const word = context.matchBefore(/"?[^"\s:,{}[\]]*"?/);
    const from = word?.from ?? pos;
    if (word === null && !context.explicit) return null;
    const container = containerAt(state, from);
    if (container === null) return null;
    let before = from - 1;
    while (before >= 0 && /\s/.test(state.sliceDoc(before, before + 1))) before--;
    const prev = before >= 0 ? state.sliceDoc(before, before + 1) : "";
    const to = state.sliceDoc(pos, pos + 1) === '"' && word?.text.startsWith('"') && !word.text.endsWith('"') ? pos + 1 : pos;
    const basePath = pathOf(state, container);
    if (container.name === "Object" && (prev === "{" || prev === ",")) {
      const present = new Set<string>();
      for (let c = container.firstChild; c !== null; c = c.nextSibling) {
        const name = c.name === "Property" ? c.getChild("PropertyName") : null;
        if (name !== null && name.from !== from) present.add(unquote(state, name));
      }
      const options: Completion[] = [];
      const seen = new Set<string>();
      for (const s of schemasAt(schema, basePath)) {
        if (!isSchema(s.properties)) continue;
        const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
        for (const [key, sub] of Object.entries(s.properties)) {
          if (present.has(key) || seen.has(key)) continue;
          seen.add(key);
          const subSchemas = alternatives(sub, schema);
          const description = subSchemas.map((x) => x.description).find((d): d is string => typeof d === "string");
          options.push({
            label: key,
            apply: `${JSON.stringify(key)}: ${snippetFor(subSchemas)}`,
            type: "property",
            detail: required.has(key) ? "required" : "",
            boost: required.has(key) ? 1 : 0,
            ...(description ? { info: description } : {}),
          });
        }
      }
      return options.length > 0 ? { from, to, options, validFor: /^"?[\w$-]*"?$/ } : null;
    }
    let valuePath: Segment[] | null = null;
    if (container.name === "Object" && prev === ":") {
      let property: SyntaxNode | null = null;
      for (let c = container.firstChild; c !== null && c.from < from; c = c.nextSibling) if (c.name === "Property") property = c;
      const name = property?.getChild("PropertyName");
      if (name) valuePath = [...basePath, unquote(state, name)];
    } else if (container.name === "Array" && (prev === "[" || prev === ",")) {
      let index = 0;
      for (let c = container.firstChild; c !== null && c.to <= from; c = c.nextSibling) if (VALUE_NODES.has(c.name) && c.from !== from) index++;
      valuePath = [...basePath, index];
    }
    if (valuePath === null) return null;
    const options = valueOptions(schemasAt(schema, valuePath));
    return options.length > 0 ? { from, to, options } : null;
  };
}
