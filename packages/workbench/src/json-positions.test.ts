import { describe, expect, it } from "vitest";
import { mapJsonPositions, offsetOf, spanOf } from "./json-positions";

const text = '{\n  "a": [1, {"b~/c": true}],\n  "d": "x\\"y",\n  "a": null\n}';

describe("mapJsonPositions", () => {
  it("maps each pointer to its value's text, escaping ~ and / in keys", () => {
    const spans = mapJsonPositions(text);
    const at = (p: string) => text.slice(spans.get(p)?.from, spans.get(p)?.to);
    expect(at("/a/0")).toBe("1");
    expect(at("/a/1/b~0~1c")).toBe("true");
    expect(at("/d")).toBe('"x\\"y"');
    expect(at("")).toBe(text);
    expect(text.slice(spans.get("/d")?.keyFrom, (spans.get("/d")?.keyFrom ?? 0) + 3)).toBe('"d"');
  });

  it("maps a key given twice to its later occurrence, where duplicate_key points", () => {
    expect(text.slice(mapJsonPositions(text).get("/a")?.from, mapJsonPositions(text).get("/a")?.to)).toBe("null");
  });
});

describe("spanOf", () => {
  it("falls back to the nearest ancestor for a path that is not in the text", () => {
    const spans = mapJsonPositions(text);
    const span = spanOf(spans, "/a/1/missing/deeper");
    expect(span.exact).toBe(false);
    expect(text.slice(span.from, span.to)).toBe('{"b~/c": true}');
    expect(spanOf(spans, "/d").exact).toBe(true);
  });
});

describe("offsetOf", () => {
  it("turns a 1-based line and column into an offset", () => {
    expect(text[offsetOf(text, 3, 3)]).toBe('"');
    expect(text.slice(offsetOf(text, 3, 4), offsetOf(text, 3, 5))).toBe("d");
    expect(offsetOf(text, 99, 1)).toBe(text.length);
  });
});
