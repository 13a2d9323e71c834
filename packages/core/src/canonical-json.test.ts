import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalize } from "./canonical-json";
import { YiyangError } from "./errors";

/** Run `f`, expecting a YiyangError, and return it. */
function catchYiyangError(f: () => unknown): YiyangError {
  try {
    f();
  } catch (error) {
    if (error instanceof YiyangError) return error;
    throw error;
  }
  throw new Error("expected a YiyangError, but nothing was thrown");
}

/** Expect `f` to throw invalid_argument naming the JSON pointer `pointer` ("" for the top level). */
function expectInvalidAt(f: () => unknown, pointer: string): YiyangError {
  const error = catchYiyangError(f);
  expect(error.code).toBe("invalid_argument");
  if (pointer === "") {
    expect(error.message).toContain("the top level");
    expect(error.messageZh).toContain("顶层");
  } else {
    expect(error.message).toContain(`"${pointer}"`);
    expect(error.messageZh).toContain(`“${pointer}”`);
  }
  return error;
}

/** The IEEE 754 double whose bits are the 16 hex digits `hex`. */
function fromIeeeHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

/** `depth` arrays nested inside one another around a 0. */
function nestedArrays(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("canonicalize", () => {
  it("canonicalizes the RFC 8785 §3.2.2 example", () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    const expected =
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],` +
      String.raw`"string":"€$\u000f\nA'B\"\\\\\"/"}`;
    expect(canonicalize(JSON.parse(input))).toBe(expected);
  });

  it("serializes the IEEE 754 values of RFC 8785 Appendix B", () => {
    const table: [hex: string, expected: string][] = [
      ["0000000000000000", "0"],
      ["8000000000000000", "0"],
      ["0000000000000001", "5e-324"],
      ["8000000000000001", "-5e-324"],
      ["7fefffffffffffff", "1.7976931348623157e+308"],
      ["ffefffffffffffff", "-1.7976931348623157e+308"],
      ["4340000000000000", "9007199254740992"],
      ["c340000000000000", "-9007199254740992"],
      ["4430000000000000", "295147905179352830000"],
      ["44b52d02c7e14af5", "9.999999999999997e+22"],
      ["44b52d02c7e14af6", "1e+23"],
      ["44b52d02c7e14af7", "1.0000000000000001e+23"],
      ["444b1ae4d6e2ef4e", "999999999999999700000"],
      ["444b1ae4d6e2ef4f", "999999999999999900000"],
      ["444b1ae4d6e2ef50", "1e+21"],
      ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
      ["3eb0c6f7a0b5ed8d", "0.000001"],
      ["41b3de4355555553", "333333333.3333332"],
      ["41b3de4355555554", "333333333.33333325"],
      ["41b3de4355555555", "333333333.3333333"],
      ["41b3de4355555556", "333333333.3333334"],
      ["41b3de4355555557", "333333333.33333343"],
      ["becbf647612f3696", "-0.0000033333333333333333"],
      ["43143ff3c1cb0959", "1424953923781206.2"],
    ];
    for (const [hex, expected] of table) {
      expect({ hex, text: canonicalize(fromIeeeHex(hex)) }).toEqual({ hex, text: expected });
    }
  });

  it("writes numbers in ECMAScript's shortest round-trip form", () => {
    expect(canonicalize([1e21, 1e20, 1e-7, 0.000001, 4.5, 2e-3, 1e30, 100, -1.5, 0.1 + 0.2])).toBe(
      "[1e+21,100000000000000000000,1e-7,0.000001,4.5,0.002,1e+30,100,-1.5,0.30000000000000004]",
    );
    expect(canonicalize(JSON.parse("[4.50, 1E30, 2e-3, 1.0, -0.0, 10e0]"))).toBe("[4.5,1e+30,0.002,1,0,10]");
  });

  it("writes minus zero as 0", () => {
    expect(canonicalize(-0)).toBe("0");
    expect(canonicalize({ a: -0, b: [-0] })).toBe('{"a":0,"b":[0]}');
  });

  it("sorts keys by UTF-16 code units, including non-ASCII and surrogate-pair keys", () => {
    // The RFC 8785 §3.2.3 example plus "10": the emoji (U+1F600, stored as \ud83d\ude00) sorts
    // before U+FB33 by code units although it comes after it by code points.
    const input = JSON.parse(String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "10": "Ten",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`) as Record<string, string>;
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","10":"Ten","\u0080":"Control",' +
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
        '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it("sorts keys of nested objects, including objects in arrays, and keeps array order", () => {
    const input = { z: { b: 1, a: [{ d: 1, c: 2 }, 3, 2] }, a: null, 护理: "x", B: true };
    expect(canonicalize(input)).toBe('{"B":true,"a":null,"z":{"a":[{"c":2,"d":1},3,2],"b":1},"护理":"x"}');
  });

  it("escapes control characters as JSON.stringify does and leaves everything else as is", () => {
    const input = "\u0000\u0001\b\t\n\u000b\f\r\u001f\u007f\"\\/ é养老\u2028\ud83d\ude00";
    expect(canonicalize(input)).toBe(
      String.raw`"\u0000\u0001\b\t\n\u000b\f\r\u001f` + '\u007f\\"\\\\/ é养老\u2028\ud83d\ude00"',
    );
    expect(canonicalize({ "k\n\"": "v" })).toBe('{"k\\n\\"":"v"}');
  });

  it("writes literals, top-level primitives and empty containers", () => {
    expect(canonicalize(null)).toBe("null");
    expect(canonicalize(true)).toBe("true");
    expect(canonicalize(false)).toBe("false");
    expect(canonicalize("养老")).toBe('"养老"');
    expect(canonicalize(42)).toBe("42");
    expect(canonicalize([])).toBe("[]");
    expect(canonicalize({})).toBe("{}");
    expect(canonicalize([[], {}, [null]])).toBe("[[],{},[null]]");
  });

  it("has no white space and matches JSON.stringify on already sorted data", () => {
    const input = { a: [1, "two", { b: false, c: null }], d: { e: "f g" } };
    expect(canonicalize(input)).toBe(JSON.stringify(input));
    expect(canonicalize(JSON.parse(' {\n  "d" : { "e" : "f g" } ,\t"a": [ 1, "two", {"c": null, "b": false} ] }'))).toBe(
      JSON.stringify(input),
    );
  });

  it("omits object properties whose value is undefined", () => {
    expect(canonicalize({ a: undefined, b: 1, c: undefined })).toBe('{"b":1}');
    expect(canonicalize({ a: undefined })).toBe("{}");
    expect(canonicalize({ x: { y: undefined } })).toBe('{"x":{}}');
  });

  it("accepts objects without a prototype and keeps a __proto__ key", () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.b = 2;
    bare.a = 1;
    expect(canonicalize(bare)).toBe('{"a":1,"b":2}');
    expect(canonicalize(JSON.parse('{"b":1,"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1},"b":1}');
  });

  it("ignores symbol-keyed properties, as JSON.stringify does", () => {
    expect(canonicalize({ [Symbol("hidden")]: 1, a: 1 })).toBe('{"a":1}');
  });

  it("allows the same object to appear twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: [shared, shared] })).toBe('{"a":{"x":1},"b":[{"x":1},{"x":1}]}');
  });

  it("is idempotent and does not modify its input", () => {
    const input = { b: [3, { d: 4.5, c: -0 }], a: "x" };
    const before = structuredClone(input);
    const once = canonicalize(input);
    expect(canonicalize(JSON.parse(once))).toBe(once);
    expect(input).toEqual(before);
    expect(Object.keys(input)).toEqual(["b", "a"]);
  });

  it("round-trips any JSON value to the same data, and is a fixed point", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalize(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalize(JSON.parse(text))).toBe(text);
        expect(text).toBe(canonicalize(JSON.parse(JSON.stringify(value, null, 2))));
      }),
    );
  });

  it("throws invalid_argument for NaN and Infinity, naming the path", () => {
    expectInvalidAt(() => canonicalize(Number.NaN), "");
    expectInvalidAt(() => canonicalize(Number.POSITIVE_INFINITY), "");
    const error = expectInvalidAt(() => canonicalize({ a: [1, Number.NaN] }), "/a/1");
    expect(error.message).toContain("NaN");
    expectInvalidAt(() => canonicalize({ a: { b: Number.NEGATIVE_INFINITY } }), "/a/b");
  });

  it("throws invalid_argument for undefined at the top level or in an array", () => {
    expectInvalidAt(() => canonicalize(undefined), "");
    expectInvalidAt(() => canonicalize([1, undefined]), "/1");
    // A hole in a sparse array reads as undefined.
    expectInvalidAt(() => canonicalize({ list: [, 1] }), "/list/0");
  });

  it("throws invalid_argument for functions, symbols and bigints", () => {
    expectInvalidAt(() => canonicalize({ f: () => 1 }), "/f");
    expectInvalidAt(() => canonicalize(() => 1), "");
    expectInvalidAt(() => canonicalize([Symbol("s")]), "/0");
    const error = expectInvalidAt(() => canonicalize({ n: 10n }), "/n");
    expect(error.message).toContain("bigint");
  });

  it("throws invalid_argument for objects that are not plain", () => {
    class Rule {
      id = "x";
    }
    const cases: [value: unknown, pointer: string, name: string][] = [
      [{ at: new Date(0) }, "/at", "Date"],
      [[new Map()], "/0", "Map"],
      [{ s: new Set([1]) }, "/s", "Set"],
      [new Rule(), "", "Rule"],
      [{ bytes: new Uint8Array(2) }, "/bytes", "Uint8Array"],
      [{ boxed: new String("x") }, "/boxed", "String"],
      [{ re: /x/ }, "/re", "RegExp"],
    ];
    for (const [value, pointer, name] of cases) {
      const error = expectInvalidAt(() => canonicalize(value), pointer);
      expect(error.message).toContain(name);
    }
  });

  it("throws invalid_argument for a cycle instead of looping", () => {
    const object: Record<string, unknown> = { a: 1 };
    object.self = object;
    expectInvalidAt(() => canonicalize(object), "/self");
    const array: unknown[] = [1];
    array.push({ back: array });
    const error = expectInvalidAt(() => canonicalize(array), "/1/back");
    expect(error.message).toContain("cycle");
  });

  it("accepts 1,000 levels of nesting and throws invalid_argument beyond", () => {
    expect(canonicalize(nestedArrays(1000))).toBe("[".repeat(1000) + "0" + "]".repeat(1000));
    const error = expectInvalidAt(() => canonicalize(nestedArrays(1001)), "/0".repeat(1000));
    expect(error.message).toContain("1000");
  });

  it("throws invalid_argument, not a stack overflow, for a very deep document", () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    const error = catchYiyangError(() => canonicalize(deep));
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toContain("1000 levels");
  });

  it("throws invalid_argument for lone surrogates in strings and keys", () => {
    expectInvalidAt(() => canonicalize({ a: ["ok", "x\ud800"] }), "/a/1");
    expectInvalidAt(() => canonicalize("\udc00"), "");
    const error = expectInvalidAt(() => canonicalize({ "k\udfff": 1 }), "/k\udfff");
    expect(error.message).toContain("key");
    expect(canonicalize("\ud83d\ude00")).toBe('"\ud83d\ude00"');
  });

  it("escapes ~ and / in the JSON pointer of an error", () => {
    expectInvalidAt(() => canonicalize({ "a/b": { "c~d": Number.NaN } }), "/a~1b/c~0d");
  });
});
