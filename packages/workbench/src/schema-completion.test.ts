import { CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";
import { ensureSyntaxTree } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { instrumentKind } from "@yiyang/assessment";
import { documentJsonSchema } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { jsonSchemaCompletion, schemasAt } from "./schema-completion";

const schema = documentJsonSchema(instrumentKind);

/** Complete at the `|` in the text. */
function complete(textWithCursor: string): CompletionResult | null {
  const pos = textWithCursor.indexOf("|");
  const doc = textWithCursor.replace("|", "");
  const state = EditorState.create({ doc, extensions: [json()] });
  ensureSyntaxTree(state, doc.length, 5000);
  return jsonSchemaCompletion(() => schema)(new CompletionContext(state, pos, true)) as CompletionResult | null;
}

describe("jsonSchemaCompletion", () => {
  it("offers the schema's property names where a key goes, without the ones already there", () => {
    const result = complete('{\n  "kind": "instrument",\n  |\n}');
    const labels = result?.options.map((o) => o.label) ?? [];
    expect(labels).toContain("preliminaryLevel");
    expect(labels).toContain("version");
    expect(labels).not.toContain("kind");
    const version = result?.options.find((o) => o.label === "version");
    expect(version?.apply).toBe('"version": ""');
    expect(version?.detail).toBe("required");
  });

  it("offers allowed values where a value goes, following arrays and nested objects", () => {
    expect(complete('{ "kind": | }')?.options.map((o) => o.label)).toEqual(['"instrument"']);
    // preliminaryLevel is one of three shapes: banded by the total, set by a rule, or read from a matrix.
    expect(complete('{ "preliminaryLevel": { "basis": | } }')?.options.map((o) => o.label)).toEqual(['"total"', '"rule"', '"matrix"']);
    expect(schemasAt(schema, ["preliminaryLevel", "bands", 0, "level"]).length).toBeGreaterThan(0);
  });

  it("completes property names inside array elements", () => {
    const labels = complete('{ "preliminaryLevel": { "bands": [ { "min": 1 }, { | } ] } }')?.options.map((o) => o.label);
    expect(labels).toEqual(expect.arrayContaining(["min", "max", "level"]));
  });
});
