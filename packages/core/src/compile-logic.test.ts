import { describe, expect, it } from "vitest";
import { compileLogic, createLogicEngine, MAX_TRACE_ENTRIES, safeCompileLogic } from "./compile-logic";
import { domainOperators } from "./domain-operators";

describe("compileLogic", () => {
  it("returns a function that can be called many times", () => {
    const rule = compileLogic({ "+": [{ var: "a" }, 1] });
    expect([rule({ a: 1 }), rule({ a: 2 }), rule({ a: 3 })]).toEqual([2, 3, 4]);
  });

  it("keeps the rule it was compiled from", () => {
    const source = { var: "a" };
    expect(compileLogic(source).rule).toBe(source);
  });

  it("evaluates a repeated pure sub-rule once per call", () => {
    let calls = 0;
    const engine = createLogicEngine({
      operators: { total: { description: "counts its calls", evaluate: ([x]) => (calls++, x) } },
    });
    const total = { total: [{ var: "t" }] };
    const level = engine.compile({ if: [{ ">=": [total, 90] }, 0, { ">=": [total, 66] }, 1, { ">=": [total, 46] }, 2, 3] });
    expect(level({ t: 50 })).toBe(2);
    expect(calls).toBe(1);
    expect(level({ t: 95 })).toBe(0);
    expect(calls).toBe(2);
  });

  it("evaluates an impure sub-rule at every occurrence", () => {
    let calls = 0;
    const engine = createLogicEngine({
      operators: { tick: { description: "side effect", pure: false, evaluate: ([x]) => (calls++, x) } },
    });
    const tick = { tick: [{ var: "t" }] };
    engine.compile({ and: [{ ">=": [tick, 1] }, { ">=": [tick, 1] }] })({ t: 5 });
    expect(calls).toBe(2);
  });

  it("recomputes a repeated sub-rule when the same data object changes between calls", () => {
    const t = { "+": [{ var: "a" }, { var: "b" }] };
    const rule = compileLogic({ cat: [t, "/", t] });
    const data = { a: 1, b: 2 };
    expect(rule(data)).toBe("3/3");
    data.a = 10;
    expect(rule(data)).toBe("12/12");
  });

  it("builds a literal array argument of a custom operator once, frozen", () => {
    const seen: unknown[] = [];
    const engine = createLogicEngine({ operators: { keep: { description: "records its argument", evaluate: ([table]) => (seen.push(table), 1) } } });
    const rule = engine.compile({ keep: [[[0, 10, "a"], [11, null, "b"]]] });
    rule({});
    rule({});
    expect(seen[0]).toBe(seen[1]);
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(Object.isFrozen((seen[0] as unknown[])[1])).toBe(true);
    expect(seen[0]).toEqual([[0, 10, "a"], [11, null, "b"]]);
  });

  it("reads paths of three or more keys, own properties only", () => {
    const rule = compileLogic({ var: "profile.residence.city" });
    expect(rule({ profile: { residence: { city: "南京" } } })).toBe("南京");
    expect(rule({ profile: { residence: Object.create({ city: "x" }) } })).toBeNull();
    expect(compileLogic({ var: "a.b.length" })({ a: { b: [1, 2] } })).toBe(2);
    expect(compileLogic({ var: "a.b.toString" })({ a: { b: [1, 2] } })).toBeNull();
  });

  it("has the domain operators in its default engine", () => {
    expect(compileLogic({ age: [{ var: "birthDate" }, "2025-07-01"] })({ birthDate: "1960-07-01" })).toBe(65);
  });
});

describe("CompiledLogic.explain", () => {
  it("records the value of every operation with its path", () => {
    const rule = compileLogic({ and: [{ ">=": [{ var: "age" }, 60] }, { in: [{ var: "city" }, ["a", "b"]] }] });
    const { value, trace, truncated } = rule.explain({ age: 59, city: "a" });
    expect(value).toBe(false);
    expect(truncated).toBe(false);
    expect(trace).toEqual({
      path: "",
      op: "and",
      value: false,
      children: [
        { path: "/and/0", op: ">=", value: false, children: [{ path: "/and/0/>=/0", op: "var", value: 59, children: [] }] },
      ],
    });
  });

  it("gives the same value as calling the rule", () => {
    const rule = compileLogic({ "+": [{ var: "i.a" }, { var: "i.b" }, { var: "i.c" }, { var: "i.d" }] });
    const data = { i: { a: 1, b: 2, c: 3, d: 4 } };
    expect(rule.explain(data).value).toBe(rule(data));
    expect(rule.explain(data).trace?.children).toHaveLength(4);
  });

  it("records every occurrence of a repeated sub-rule", () => {
    const t = { "+": [{ var: "a" }, 1] };
    const { trace } = compileLogic({ if: [{ ">": [t, 5] }, "big", { ">": [t, 1] }, "mid", "small"] }).explain({ a: 2 });
    expect(trace?.children.map((c) => c.path)).toEqual(["/if/0", "/if/2"]);
    expect(trace?.children[1]?.children[0]).toMatchObject({ op: "+", value: 3 });
  });

  it("returns a null trace for a literal rule", () => {
    expect(compileLogic(42).explain({})).toEqual({ value: 42, trace: null, truncated: false });
  });

  it("cuts the trace short on long iterations and says so", () => {
    const rule = compileLogic({ map: [{ var: "xs" }, { "+": [{ var: "" }, 1] }] });
    const xs = Array.from({ length: MAX_TRACE_ENTRIES }, (_, i) => i);
    const result = rule.explain({ xs });
    expect(result.truncated).toBe(true);
    expect((result.value as number[])[MAX_TRACE_ENTRIES - 1]).toBe(MAX_TRACE_ENTRIES);
  });

  it("starts a fresh trace on every call", () => {
    const rule = compileLogic({ var: "a" });
    rule.explain({ a: 1 });
    expect(rule.explain({ a: 2 }).trace).toEqual({ path: "", op: "var", value: 2, children: [] });
  });
});

describe("CompiledLogic.safeEvaluate", () => {
  it("returns the value when evaluation succeeds", () => {
    expect(compileLogic({ var: "a" }).safeEvaluate({ a: 1 })).toEqual({ ok: true, value: 1, issues: [] });
  });

  it("returns a bilingual issue with the rule path when an operator fails", () => {
    const result = compileLogic({ if: [true, { age: [{ var: "b" }, "2025-01-01"] }] }).safeEvaluate({ b: "1960-13-01" });
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({ code: "evaluation_failed", path: "/if/1", severity: "error" });
    expect(result.issues[0]?.message).toContain("1960-13-01");
    expect(result.issues[0]?.messageZh).toContain("出生日期");
  });
});

describe("safeCompileLogic", () => {
  it("returns the compiled rule when valid", () => {
    const result = safeCompileLogic({ var: "a" });
    expect(result.ok && result.value({ a: 7 })).toBe(7);
  });
});

describe("createLogicEngine", () => {
  it("validates without compiling and lists its operators", () => {
    const engine = createLogicEngine({ operators: domainOperators });
    expect(engine.validate({ band: [1, [[0, 1, "a"]]] })).toEqual([]);
    expect(engine.operators).toContain("icd10_in");
    expect(engine.operators).toContain("var");
  });

  it("merges given limits with the defaults", () => {
    const engine = createLogicEngine({ limits: { maxDepth: 5 } });
    expect(engine.limits.maxDepth).toBe(5);
    expect(engine.limits.maxNodes).toBe(100_000);
  });

  it("rejects an unknown standard operator in the allow-list", () => {
    expect(() => createLogicEngine({ standardOperators: ["log" as never] })).toThrow(/not a standard operator/);
  });
});
