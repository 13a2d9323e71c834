import fc from "fast-check";
import jsonLogic from "json-logic-js";
import { describe, expect, it } from "vitest";
import { compileLogic } from "./compile-logic";

/**
 * json-logic-js 2.0.5 is the reference semantics. These properties generate rules over every
 * standard operator, plus data, and require the compiler to give the same value (or to throw
 * when the reference throws). Keys that reach prototypes are never generated: there the
 * compiler differs on purpose (see compile-logic.safety.test.ts).
 */

const KEYS = ["a", "b", "c", "x", "o", "0", "1", "length"] as const;
const PATHS = ["a", "b", "c", "x", "o", "o.a", "o.b", "o.x", "a.0", "b.1", "o.o.a", "", "length", "a.length", "0", 1] as const;

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 100 }),
  fc.constantFrom(0, -0, 1, 2, 0.5, -1.5, 1e21, NaN),
  fc.constantFrom("", "a", "abc", "0", "1", "2.5", " 3 ", "x1", "dementia"),
  fc.boolean(),
  fc.constant(null),
);

const dataValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, scalar, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 4 }),
})).value;

const data = fc.dictionary(fc.constantFrom(...KEYS), dataValue, { maxKeys: 6 });

const literal = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));

const STANDARD_BINARY = ["==", "===", "!=", "!==", ">", ">=", "/", "%", "-", "in", "substr"] as const;
const VARIADIC = ["+", "*", "min", "max", "cat", "merge", "and", "or", "if", "?:", "<", "<=", "!", "!!", "-", "substr"] as const;
const ITERATION = ["map", "filter", "all", "some", "none"] as const;

const rule: fc.Arbitrary<unknown> = fc.letrec((tie) => {
  const sub = tie("rule");
  return {
    rule: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      literal,
      tie("var"),
      tie("var"),
      tie("binary"),
      tie("variadic"),
      tie("iteration"),
      tie("reduce"),
      tie("missing"),
      tie("repeated"),
      tie("siblingSum"),
    ),
    var: fc.oneof(
      fc.constantFrom(...PATHS).map((p) => ({ var: p })),
      fc.tuple(fc.constantFrom(...PATHS), scalar).map(([p, d]) => ({ var: [p, d] })),
      fc.constant({ var: [] }),
      sub.map((p) => ({ var: p })),
    ),
    binary: fc
      .tuple(fc.constantFrom(...STANDARD_BINARY), sub, sub)
      .map(([op, a, b]) => ({ [op]: [a, b] })),
    variadic: fc
      .tuple(fc.constantFrom(...VARIADIC), fc.array(sub, { minLength: 0, maxLength: 5 }))
      .filter(([op, args]) => !(op === "*" && args.length === 0) || Math.random() < 0.1)
      .map(([op, args]) => ({ [op]: args })),
    iteration: fc
      .tuple(fc.constantFrom(...ITERATION), sub, sub)
      .map(([op, list, body]) => ({ [op]: [list, body] })),
    reduce: fc
      .tuple(sub, fc.constantFrom({ "+": [{ var: "current" }, { var: "accumulator" }] }, { cat: [{ var: "accumulator" }, { var: "current" }] }, { merge: [{ var: "accumulator" }, [{ var: "current" }]] }), fc.option(sub, { nil: undefined }))
      .map(([list, body, initial]) => ({ reduce: initial === undefined ? [list, body] : [list, body, initial] })),
    missing: fc.oneof(
      fc.array(fc.constantFrom(...PATHS), { maxLength: 3 }).map((keys) => ({ missing: keys })),
      fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(fc.constantFrom(...PATHS), { maxLength: 3 })).map(([n, keys]) => ({ missing_some: [n, keys] })),
      fc.array(fc.constantFrom(...PATHS), { maxLength: 3 }).map((keys) => ({ missing: { merge: [keys] } })),
    ),
    // The same sub-rule more than once: exercises evaluation of repeated sub-rules once per call.
    repeated: fc
      .tuple(sub, sub, fc.constantFrom("if", "+", "and", "or", "cat", "=="))
      .map(([x, y, op]) => ({ [op]: [{ "+": [x, y] }, { "+": [x, y] }, { "!": [{ "+": [x, y] }] }] })),
    // Sums of four or more sibling fields: exercises the one-pass read of the parent object.
    siblingSum: fc
      .array(fc.constantFrom("o.a", "o.b", "o.x", "o.0", "o.length", "a.0", "a.1"), { minLength: 4, maxLength: 7 })
      .map((paths) => ({ "+": paths.map((p) => ({ var: p })) })),
  };
}).rule;

type Outcome = { threw: true } | { threw: false; value: unknown };

function run(f: () => unknown): Outcome {
  try {
    return { threw: false, value: f() };
  } catch {
    return { threw: true };
  }
}

/** Deep equality where NaN equals NaN and 0 differs from -0 (the engines must agree to the bit). */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

function agree(r: unknown, d: unknown): boolean {
  const expected = run(() => jsonLogic.apply(r as never, d));
  const compiled = run(() => compileLogic(r)(d));
  if (expected.threw || compiled.threw) return expected.threw === compiled.threw;
  return same(compiled.value, expected.value);
}

describe("compileLogic (differential against json-logic-js)", () => {
  it("returns what json-logic-js returns on 10,000 generated rules and data", () => {
    fc.assert(
      fc.property(rule, data, (r, d) => {
        const expected = run(() => jsonLogic.apply(r as never, d));
        const compiled = run(() => compileLogic(r)(d));
        if (expected.threw || compiled.threw) {
          expect({ rule: r, data: d, threw: compiled.threw }).toEqual({ rule: r, data: d, threw: expected.threw });
          return;
        }
        if (!same(compiled.value, expected.value)) {
          expect({ rule: r, data: d, value: compiled.value }).toEqual({ rule: r, data: d, value: expected.value });
        }
      }),
      { numRuns: Math.max(10_000, Number(process.env.YIYANG_DIFFERENTIAL_RUNS ?? 0)) },
    );
  }, 600_000);

  it("gives the same answer when one compiled rule is called many times on different data", () => {
    fc.assert(
      fc.property(rule, fc.array(data, { minLength: 2, maxLength: 6 }), (r, list) => {
        let compiled: ReturnType<typeof compileLogic>;
        try {
          compiled = compileLogic(r);
        } catch {
          return;
        }
        for (const d of list) {
          const expected = run(() => jsonLogic.apply(r as never, d));
          const actual = run(() => compiled(d));
          const agrees = expected.threw || actual.threw ? expected.threw === actual.threw : same(actual.value, expected.value);
          expect({ rule: r, data: d, agrees }).toEqual({ rule: r, data: d, agrees: true });
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("detects a disagreement (the comparison itself can fail)", () => {
    // A rule whose json-logic-js value differs from a wrong answer: guards against a vacuous `same`.
    expect(same(compileLogic({ "+": [1, 2] })({}), 4)).toBe(false);
    expect(same(-0, 0)).toBe(false);
    expect(same([NaN], [NaN])).toBe(true);
    expect(agree({ "*": [-1, 0] }, {})).toBe(true);
  });
});
