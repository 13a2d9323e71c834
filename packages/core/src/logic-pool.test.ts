import { readFileSync } from "node:fs";
import fc from "fast-check";
import jsonLogic from "json-logic-js";
import { describe, expect, it } from "vitest";
import { generateLogicPool, LOGIC_POOL_FILE } from "../../../scripts/generate-logic-pool";
import { compileLogic, createDocumentLogicEngine, createLogicEngine } from "./compile-logic";
import { domainOperators } from "./domain-operators";
import { buildFastEvaluator, poolCursor, type BuildOperator, type EvaluationState } from "./logic-closures";
import { DEFAULT_LOGIC_LIMITS, parseLogic, type OperatorArity } from "./logic-parse";
import * as pool from "./logic-pool.generated";
import { OPERATOR_SPECS, STANDARD_OPERATORS } from "./operators";
// What browsers compile with: the generic builder behind its entry.
import { buildRuleEvaluator as buildBrowserEvaluator } from "./rule-evaluator.browser";

describe("the closure pool", () => {
  it("is the file scripts/generate-logic-pool.ts writes (run pnpm generate:logic-pool after changing the script)", () => {
    expect(readFileSync(LOGIC_POOL_FILE, "utf8")).toBe(generateLogicPool());
  });

  it("holds distinct function literals, several of each hot shape", () => {
    for (const [name, copies] of Object.entries(pool)) {
      if (!Array.isArray(copies)) continue;
      expect(new Set(copies).size, name).toBe(copies.length);
    }
    expect(pool.var1.length).toBeGreaterThanOrEqual(32);
    expect(pool.geC.length).toBeGreaterThanOrEqual(8);
  });

  // The pools are the process's: each test reads paths no other test reads.
  it("gives each node of a rule its own copy, taken in turn", () => {
    const before = poolCursor(pool.var1);
    const rule = compileLogic({ and: [{ var: "turnA" }, { var: "turnB" }, { var: "turnC" }] });
    expect(poolCursor(pool.var1) - before).toBe(3);
    expect(rule({ turnA: 1, turnB: 2, turnC: 3 })).toBe(3);
  });

  it("gives nodes of one shape one copy in a document kind's engine: the same path, literals of the same types", () => {
    const engine = createDocumentLogicEngine();
    const reads = poolCursor(pool.var1);
    const paths = poolCursor(pool.path2);
    const compares = poolCursor(pool.geC);
    const counts = () => [poolCursor(pool.var1) - reads, poolCursor(pool.path2) - paths, poolCursor(pool.geC) - compares];
    const first = engine.compile({ ">=": [{ var: "shape.age" }, 60] });
    expect(counts()).toEqual([2, 1, 1]);
    // Another rule, another number: every copy is shared.
    const second = engine.compile({ ">=": [{ var: "shape.age" }, 65] });
    expect(counts()).toEqual([2, 1, 1]);
    // A string literal: a comparison of its own; another field under the same parent: a read and a path of their own.
    const third = engine.compile({ ">=": [{ var: "shape.age" }, "65"] });
    expect(counts()).toEqual([2, 1, 2]);
    const fourth = engine.compile({ ">=": [{ var: "shape.years" }, 60] });
    expect(counts()).toEqual([3, 2, 3]);
    // Sharing code shares no values: each rule keeps its own literal and path.
    const person = { shape: { age: 62, years: 70 } };
    expect([first(person), second(person), third(person), fourth(person)]).toEqual([true, false, false, true]);
    // Another engine keeps its own shapes.
    createDocumentLogicEngine().compile({ ">=": [{ var: "shape.age" }, 60] });
    expect(counts()).toEqual([5, 3, 4]);
  });

  it("gives every node its own copy under compileLogic, whose data may have any shape", () => {
    const before = poolCursor(pool.var1);
    compileLogic({ ">=": [{ var: "anyShape" }, 60] });
    compileLogic({ ">=": [{ var: "anyShape" }, 65] });
    expect(poolCursor(pool.var1) - before).toBe(2);
  });

  it("gives no shared copy to a node that calls a custom operator", () => {
    const engine = createDocumentLogicEngine({ operators: { double: { description: "twice its argument", evaluate: ([x]) => Number(x) * 2 } } });
    const compares = poolCursor(pool.geC);
    const reads = poolCursor(pool.var1);
    const a = engine.compile({ ">=": [{ double: [{ var: "shapeCustom" }] }, 4] });
    const b = engine.compile({ ">=": [{ double: [{ var: "shapeCustom" }] }, 6] });
    // The reads share a copy; the comparisons, whose child is the operator's call, do not.
    expect([poolCursor(pool.geC) - compares, poolCursor(pool.var1) - reads]).toEqual([2, 1]);
    expect([a({ shapeCustom: 2 }), b({ shapeCustom: 2 })]).toEqual([true, false]);
  });
});

// ---------------------------------------------------------------------------------------------
// The fast builder against the generic one (which explanations and browsers use): same value,
// same error, same work.
// ---------------------------------------------------------------------------------------------

const KEYS = ["a", "b", "x", "o", "0", "1"] as const;
const PATHS = ["a", "b", "x", "o.a", "o.b", "o.o.a", "a.0", "o.0", "0", "", "o.x.y"] as const;
const scalar = fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constantFrom(0, -0, 0.5, NaN, "", "a", "1", "-0", " 2 ", true, false, null));
const dataValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, scalar, scalar, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 4 }),
})).value;
const data = fc.dictionary(fc.constantFrom(...KEYS), dataValue, { maxKeys: 6 });

const rule: fc.Arbitrary<unknown> = fc.letrec((tie) => {
  const sub = tie("rule");
  const v = fc.oneof(
    fc.constantFrom(...PATHS).map((p) => ({ var: p })),
    fc.tuple(fc.constantFrom(...PATHS), scalar).map(([p, d]) => ({ var: [p, d] })),
  );
  return {
    rule: fc.oneof({ depthSize: "small" }, scalar, v, v, tie("compare"), tie("logic"), tie("arith"), tie("in"), tie("sum"), tie("iterate"), tie("other")),
    compare: fc.oneof(
      fc.tuple(fc.constantFrom("==", "===", "!=", "!==", ">", ">=", "<", "<="), sub, fc.oneof(scalar, sub)).map(([op, a, b]) => ({ [op]: [a, b] })),
      fc.tuple(fc.constantFrom("<", "<="), fc.oneof(scalar, sub), sub, fc.oneof(scalar, sub)).map(([op, a, b, c]) => ({ [op]: [a, b, c] })),
    ),
    logic: fc.oneof(
      fc.tuple(fc.constantFrom("and", "or", "if", "?:"), fc.array(sub, { minLength: 0, maxLength: 10 })).map(([op, args]) => ({ [op]: args })),
      fc.tuple(fc.constantFrom("!", "!!"), sub).map(([op, a]) => ({ [op]: [a] })),
    ),
    arith: fc.tuple(fc.constantFrom("+", "-", "*", "/", "%", "min", "max"), fc.array(fc.oneof(sub, scalar), { minLength: 1, maxLength: 3 })).map(([op, args]) => ({ [op]: args })),
    in: fc.oneof(
      fc.tuple(sub, fc.array(scalar, { maxLength: 10 })).map(([a, list]) => ({ in: [a, list] })),
      fc.tuple(fc.oneof(scalar, sub), sub).map(([a, b]) => ({ in: [a, b] })),
    ),
    sum: fc.array(fc.constantFrom("o.a", "o.b", "o.x", "o.0", "a.0", "a.1", "o.o.a"), { minLength: 4, maxLength: 12 }).map((paths) => ({ "+": paths.map((p) => ({ var: p })) })),
    iterate: fc.oneof(
      fc.tuple(fc.constantFrom("map", "filter", "all", "some", "none"), sub, sub).map(([op, list, body]) => ({ [op]: [list, body] })),
      fc.tuple(sub, fc.constantFrom({ "+": [{ var: "current" }, { var: "accumulator" }] }, { merge: [{ var: "accumulator" }, [{ var: "current" }]] }), sub).map(([list, body, initial]) => ({ reduce: [list, body, initial] })),
    ),
    other: fc.oneof(
      fc.tuple(fc.constantFrom("cat", "merge", "missing"), fc.array(sub, { maxLength: 3 })).map(([op, args]) => ({ [op]: args })),
      fc.tuple(sub, sub).map(([a, b]) => ({ substr: [a, b] })),
      sub.map((a) => ({ band: [a, [[null, 3, "low"], [4, null, "high"]]] })),
      fc.constantFrom({ age: [{ var: "a" }, "2025-06-30"] }),
    ),
  };
}).rule;

const operators = new Map<string, OperatorArity>(STANDARD_OPERATORS.map((op) => [op, {}]));
for (const name of Object.keys(domainOperators)) operators.set(name, {});
const custom = new Map<string, BuildOperator>(Object.entries(domainOperators));
const spec = (op: string) => (op in OPERATOR_SPECS ? OPERATOR_SPECS[op as keyof typeof OPERATOR_SPECS] : { description: "", scopes: [], pure: true, result: "any" as const, shortCircuit: false, standard: false });

type Outcome = { threw: string } | { value: unknown; work: number };

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

function outcome(run: () => unknown, state: EvaluationState): Outcome {
  try {
    const value = run();
    return { value, work: state.work };
  } catch (error) {
    return { threw: error instanceof Error ? `${(error as { code?: string }).code ?? error.name}` : String(error) };
  }
}

describe("the fast builder", () => {
  it("gives the value, the error and the work of the generic builder (as browsers run it) on generated rules and data", () => {
    const limits = { ...DEFAULT_LOGIC_LIMITS, maxWork: 2_000 };
    fc.assert(
      fc.property(rule, data, (r, d) => {
        const { node, issues } = parseLogic(r, operators, limits);
        if (issues.length > 0) return;
        const fastState: EvaluationState = { epoch: 0, iterations: 0, work: 0 };
        const genericState: EvaluationState = { epoch: 0, iterations: 0, work: 0 };
        const fast = buildFastEvaluator(node, custom, spec, limits, fastState);
        const generic = buildBrowserEvaluator(node, custom, spec, limits, genericState);
        const a = outcome(() => fast(d), fastState);
        const b = outcome(() => generic(d), genericState);
        expect({ rule: r, data: d, fast: "threw" in a ? a.threw : "value" }).toEqual({ rule: r, data: d, fast: "threw" in b ? b.threw : "value" });
        if ("value" in a && "value" in b) {
          expect({ rule: r, data: d, same: same(a.value, b.value), work: a.work }).toEqual({ rule: r, data: d, same: true, work: b.work });
        }
      }),
      { numRuns: 5_000 },
    );
  }, 120_000);

  it("detects a difference (the comparison itself can fail)", () => {
    expect(same(NaN, NaN)).toBe(true);
    expect(same(0, -0)).toBe(false);
    expect(same([1, { a: 2 }], [1, { a: 3 }])).toBe(false);
  });
});

describe("-0 in arithmetic", () => {
  const cases: Array<[unknown, unknown]> = [
    [{ "+": ["-0"] }, {}],
    [{ "+": ["-0", "-0"] }, {}],
    [{ "+": [{ var: "a" }, { var: "b" }] }, { a: "-0", b: -0 }],
    [{ "+": [{ var: "o.a" }, { var: "o.b" }, { var: "o.c" }, { var: "o.d" }] }, { o: { a: "-0", b: "-0", c: -0, d: "-0" } }],
    [{ "*": [-1, 0] }, {}],
    [{ "*": ["-0", 1] }, {}],
    [{ "-": [0] }, {}],
    [{ "-": [{ var: "a" }, 0] }, { a: -0 }],
    [{ "/": [0, -1] }, {}],
    [{ "%": [-1, 1] }, {}],
    [{ min: [0, -0] }, {}],
    [{ max: [-0, 0] }, {}],
  ];
  for (const [r, d] of cases) {
    it(`${JSON.stringify(r)} is what json-logic-js gives, to the sign`, () => {
      const expected = jsonLogic.apply(r as never, d);
      expect(Object.is(compileLogic(r)(d), expected)).toBe(true);
      expect(Object.is(compileLogic(r).explain(d).value, expected)).toBe(true);
    });
  }

  it("differs from a wrong sign (the check can fail)", () => {
    expect(Object.is(compileLogic({ "+": ["-0"] })({}), -0)).toBe(false);
  });
});

describe("rules built on many others", () => {
  it("give the same answers when hundreds of rules were compiled and run first", () => {
    const engine = createLogicEngine({ operators: domainOperators });
    const target = { if: [{ ">=": [{ "+": [{ var: "i.a" }, { var: "i.b" }, { var: "i.c" }, { var: "i.d" }] }, 8] }, "high", { in: [{ var: "c" }, ["x", "y"]] }, "listed", "low"] };
    const records = Array.from({ length: 50 }, (_, n) => ({ i: { a: n % 4, b: (n >> 2) % 4, c: 1, d: n % 3 }, c: ["x", "z", "y"][n % 3] }));
    const expected = records.map((record) => jsonLogic.apply(target as never, record));
    for (let k = 0; k < 400; k++) {
      const other = engine.compile({ and: [{ ">=": [{ var: `f${k % 7}` }, k % 5] }, { "==": [{ var: "g.h" }, k % 3] }] });
      for (let j = 0; j < 5; j++) other({ [`f${k % 7}`]: j, g: { h: j % 3 } });
    }
    const compiled = engine.compile(target);
    expect(records.map((record) => compiled(record))).toEqual(expected);
  });
});
