import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileLogic, createLogicEngine, safeCompileLogic } from "./compile-logic";
import { isYiyangError } from "./errors";

const here = dirname(fileURLToPath(import.meta.url));

function issuesOf(rule: unknown, engine = createLogicEngine()) {
  const result = engine.safeCompile(rule);
  return result.ok ? [] : result.issues;
}

describe("compileLogic (safety: prototypes)", () => {
  const reads: Array<[string, unknown, unknown]> = [
    ["__proto__", {}, null],
    ["constructor", {}, null],
    ["prototype", { prototype: 1 }, null],
    ["a.__proto__.polluted", { a: {} }, null],
    ["a.constructor.name", { a: {} }, null],
    ["toString", {}, null],
    ["hasOwnProperty", {}, null],
    ["xs.map", { xs: [1] }, null],
    ["s.toUpperCase", { s: "abc" }, null],
    ["n.toFixed", { n: 1 }, null],
  ];
  for (const [path, data, expected] of reads) {
    it(`reads ${path} as missing`, () => {
      expect(compileLogic({ var: path })(data)).toBe(expected);
      expect(compileLogic({ var: [path, "fallback"] })(data)).toBe("fallback");
    });
  }

  it("reads an own __proto__ key from parsed JSON as missing", () => {
    const data = JSON.parse('{"__proto__": {"isAdmin": true}, "a": 1}') as unknown;
    expect(compileLogic({ var: "__proto__.isAdmin" })(data)).toBeNull();
    expect(compileLogic({ var: "__proto__" })(data)).toBeNull();
    expect(compileLogic({ var: "a" })(data)).toBe(1);
  });

  it("does not read properties inherited from a class or Object.create", () => {
    class Person {
      get age(): number {
        return 70;
      }
    }
    expect(compileLogic({ var: "age" })(new Person())).toBeNull();
    expect(compileLogic({ var: "x" })(Object.create({ x: 1 }))).toBeNull();
    expect(compileLogic({ var: "p.x" })({ p: Object.create({ x: 1 }) })).toBeNull();
  });

  it("does not read inherited properties in a sum of sibling fields", () => {
    const items = Object.create({ a: 1 }) as Record<string, number>;
    Object.assign(items, { b: 1, c: 1, d: 1 });
    const sum = compileLogic({ "+": [{ var: "i.a" }, { var: "i.b" }, { var: "i.c" }, { var: "i.d" }] });
    expect(sum({ i: items })).toBeNaN();
    expect(sum({ i: { a: 1, b: 1, c: 1, d: 1 } })).toBe(4);
  });

  it("treats inherited keys as missing in missing and missing_some", () => {
    expect(compileLogic({ missing: ["toString", "a"] })({ a: 1 })).toEqual(["toString"]);
  });

  it("does not change Object.prototype whatever the rule does", () => {
    const rule = { merge: [{ var: "__proto__" }, { map: [{ var: "constructor" }, { var: "prototype" }] }] };
    compileLogic(rule)(JSON.parse('{"__proto__": {"polluted": 1}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("compileLogic (safety: operators)", () => {
  it("reports an unknown operator with its JSON path when compiled", () => {
    const issues = issuesOf({ and: [true, { or: [false, { eval: "process.exit()" }] }] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "unknown_operator", path: "/and/1/or/1", severity: "error", params: { operator: "eval" } });
    expect(issues[0]?.messageZh).toContain("未知运算符");
  });

  it("reports every unknown operator at once", () => {
    const issues = issuesOf({ if: [{ foo: 1 }, { bar: 2 }, { var: "x" }] });
    expect(issues.map((i) => i.path)).toEqual(["/if/0", "/if/1"]);
  });

  it("throws invalid_rule from compileLogic with the issues attached", () => {
    try {
      compileLogic({ log: "x" });
      expect.unreachable();
    } catch (error) {
      expect(isYiyangError(error) && error.code).toBe("invalid_rule");
      expect(isYiyangError(error) && error.issues[0]?.code).toBe("unknown_operator");
    }
  });

  it("keeps allow-lists per engine: an operator of one engine is unknown to another", () => {
    const a = createLogicEngine({ operators: { double: { description: "x2", evaluate: ([x]) => (x as number) * 2 } } });
    const b = createLogicEngine();
    expect(a.compile({ double: 21 })()).toBe(42);
    expect(issuesOf({ double: 21 }, b)[0]?.code).toBe("unknown_operator");
  });

  it("restricts standard operators to the allow-list given", () => {
    const engine = createLogicEngine({ standardOperators: ["var", ">="] });
    expect(engine.compile({ ">=": [{ var: "a" }, 1] })({ a: 2 })).toBe(true);
    expect(issuesOf({ "+": [1, 2] }, engine)[0]?.code).toBe("unknown_operator");
    expect(engine.operators).toEqual(["var", ">="]);
  });

  it("refuses a custom operator that would shadow a standard one", () => {
    expect(() => createLogicEngine({ operators: { var: { description: "evil", evaluate: () => 1 } } })).toThrow(/shadow/);
  });

  it("checks custom operators' argument counts when compiled", () => {
    const issues = issuesOf({ age: ["2000-01-01"] }, createLogicEngine({ operators: { age: { description: "", minArgs: 2, maxArgs: 2, evaluate: () => 0 } } }));
    expect(issues[0]).toMatchObject({ code: "invalid_arity", path: "" });
  });

  it("uses neither eval nor new Function anywhere in the kernel's source", () => {
    const sources = readdirSync(here).filter((f) => f.endsWith(".ts") && !f.includes(".test"));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const text = readFileSync(join(here, file), "utf8");
      expect(text, file).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*["'`]/);
    }
  });

  it("compiles and runs with code generation from strings disabled, as under a strict CSP", () => {
    const root = resolve(here, "..", "..", "..");
    const script = [
      `import { compileLogic } from "@yiyang/core";`,
      `let eval_blocked = false; try { (0, eval)("1"); } catch { eval_blocked = true; }`,
      `const rule = compileLogic({ if: [{ ">=": [{ "+": [{ var: "a.x" }, { var: "a.y" }, { var: "a.z" }, { var: "a.w" }] }, 3] }, { cat: ["ok ", { age: ["1960-02-29", "2025-03-01"] }] }, "no"] });`,
      `console.log(JSON.stringify({ eval_blocked, value: rule({ a: { x: 1, y: 1, z: 1, w: 1 } }), trace: rule.explain({ a: {} }).trace.op }));`,
    ].join("\n");
    const out = execFileSync(
      process.execPath,
      ["--disallow-code-generation-from-strings", "--conditions=@yiyang/source", "--import", "tsx", "--input-type=module", "-e", script],
      { cwd: join(root, "packages", "core"), encoding: "utf8" },
    );
    expect(JSON.parse(out.trim())).toEqual({ eval_blocked: true, value: "ok 65", trace: "if" });
  });
});

describe("compileLogic (safety: limits)", () => {
  const nest = (depth: number): unknown => {
    let rule: unknown = true;
    for (let i = 0; i < depth; i++) rule = { "!": [rule] };
    return rule;
  };

  it("accepts nesting up to the depth limit", () => {
    expect(compileLogic(nest(99))({})).toBe(false);
  });

  it("reports nesting past the depth limit as an issue, not a stack overflow", () => {
    const issues = issuesOf(nest(100_000));
    expect(issues[0]?.code).toBe("rule_too_deep");
    expect(issues[0]?.path.startsWith("/!/0/!/0")).toBe(true);
  });

  it("reports a rule with too many nodes", () => {
    const engine = createLogicEngine({ limits: { maxNodes: 50 } });
    expect(issuesOf({ "+": Array.from({ length: 60 }, (_, i) => i) }, engine)[0]?.code).toBe("rule_too_large");
  });

  it("reports an array literal longer than the limit", () => {
    expect(issuesOf({ in: [1, Array.from({ length: 10_001 }, (_, i) => i)] })[0]?.code).toBe("array_too_long");
  });

  it("stops a merge that doubles in a reduce before memory runs out", () => {
    const bomb = { reduce: [{ var: "xs" }, { merge: [{ var: "accumulator" }, { var: "accumulator" }] }, [1]] };
    const result = compileLogic(bomb).safeEvaluate({ xs: Array.from({ length: 64 }, () => 0) });
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({ code: "limit_exceeded", path: "/reduce/1" });
  });

  it("stops a cat that doubles in a reduce", () => {
    const bomb = { reduce: [{ var: "xs" }, { cat: [{ var: "accumulator" }, { var: "accumulator" }] }, "ab"] };
    const result = compileLogic(bomb).safeEvaluate({ xs: Array.from({ length: 64 }, () => 0) });
    expect(result.issues[0]?.code).toBe("limit_exceeded");
  });

  it("stops nested iterations that would run too long", () => {
    const engine = createLogicEngine({ limits: { maxIterations: 100_000 } });
    const rule = engine.compile({ map: [{ var: "xs" }, { map: [{ var: "" }, { map: [{ var: "" }, 1] }] }] });
    const row = Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => 0));
    const result = rule.safeEvaluate({ xs: Array.from({ length: 100 }, () => row) });
    expect(result.issues[0]?.code).toBe("limit_exceeded");
  });

  it("resets the iteration budget on every call", () => {
    const engine = createLogicEngine({ limits: { maxIterations: 10 } });
    const rule = engine.compile({ map: [{ var: "xs" }, 1] });
    for (let i = 0; i < 5; i++) expect(rule({ xs: [1, 2, 3, 4, 5, 6, 7, 8] })).toHaveLength(8);
  });

  it("rejects values a JSON rule cannot hold", () => {
    expect(safeCompileLogic({ "==": [() => 1, 1] }).issues[0]?.code).toBe("invalid_literal");
  });
});
