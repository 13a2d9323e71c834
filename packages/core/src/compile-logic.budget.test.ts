import { describe, expect, it } from "vitest";
import { compileLogic, createLogicEngine } from "./compile-logic";
import { DEFAULT_LOGIC_LIMITS } from "./logic-parse";

/**
 * The work budget (`maxWork`): every evaluation is bounded by the nodes it evaluates, the elements
 * it builds or searches and the characters it writes, so that no rule can run for minutes or
 * exhaust memory. These rules are the reproductions of rules that did, each a few hundred bytes.
 */

/** A list of 2^19 = 524,288 zeros, built by doubling `merge` 19 times in a `reduce`. */
const DOUBLED: unknown = {
  reduce: [Array.from({ length: 19 }, () => 0), { merge: [{ var: "accumulator" }, { var: "accumulator" }] }, [0]],
};

/** The same doubling over a list given in the data (so that a test can choose its length). */
const doubled = (times: string) => ({ reduce: [{ var: times }, { merge: [{ var: "accumulator" }, { var: "accumulator" }] }, [0]] });

function issueOf(rule: unknown, data: unknown = {}, engine = createLogicEngine()) {
  const result = engine.compile(rule).safeEvaluate(data);
  expect(result.ok).toBe(false);
  return result.issues[0];
}

describe("the work budget", () => {
  it("stops a reduce over a doubled list with `in` inside (a 323-byte rule) with limit_exceeded", () => {
    const rule = {
      reduce: [DOUBLED, { if: [{ in: ["x", { var: "accumulator" }] }, { var: "accumulator" }, { var: "accumulator" }] }, DOUBLED],
    };
    expect(JSON.stringify(rule).length).toBeLessThan(400);
    const issue = issueOf(rule);
    expect(issue).toMatchObject({ code: "limit_exceeded", severity: "error", params: { limit: DEFAULT_LOGIC_LIMITS.maxWork, name: "maxWork" } });
    // Where the budget ran out: the doubling merge, named by its place in the rule.
    expect(issue?.path).toBe("/reduce/0/reduce/1");
    expect(issue?.messageZh).toContain("工作量");
  });

  it("charges `in` for the list it searches, whatever the budget", () => {
    // With a budget large enough to build the list, the searches inside the reduce run it out.
    const engine = createLogicEngine({ limits: { maxWork: 50_000_000 } });
    const rule = { reduce: [DOUBLED, { if: [{ in: ["x", { var: "accumulator" }] }, { var: "accumulator" }, { var: "accumulator" }] }, DOUBLED] };
    expect(issueOf(rule, {}, engine)).toMatchObject({ code: "limit_exceeded", path: "/reduce/1/if/0" });
  });

  it("stops a map whose body builds a 10,000-element list for each of 524,288 elements", () => {
    const body = Array.from({ length: 10_000 }, (_, i) => i);
    expect(issueOf({ map: [DOUBLED, body] })).toMatchObject({ code: "limit_exceeded" });
    // Over a list from the data, the map itself is refused before it builds anything.
    const xs = new Array<number>(524_288).fill(0);
    expect(issueOf({ map: [{ var: "xs" }, body] }, { xs })).toMatchObject({ code: "limit_exceeded", path: "" });
  });

  it("stops a cat of accumulators before the string outgrows the budget", () => {
    const rule = { reduce: [{ var: "xs" }, { cat: [{ var: "accumulator" }, { var: "accumulator" }] }, "x"] };
    const issue = issueOf(rule, { xs: Array.from({ length: 40 }, () => 0) });
    expect(issue).toMatchObject({ code: "limit_exceeded", path: "/reduce/1", params: { name: "maxWork" } });
  });

  it("stops a list of references to one long string from turning into a huge text", () => {
    // 2^16 references to one 8,192-character string: 64 K elements built, 512 M characters as text.
    const long = "x".repeat(8192);
    const many = { reduce: [{ var: "times" }, { merge: [{ var: "accumulator" }, { var: "accumulator" }] }, [long]] };
    const times = Array.from({ length: 16 }, () => 0);
    for (const rule of [{ "==": [many, "x"] }, { cat: [many] }, { "+": [many, 1] }, { "<": [1, many] }, { substr: [many, 1] }, { max: [many] }]) {
      const issue = issueOf(rule, { times });
      expect(issue?.code, JSON.stringify(Object.keys(rule))).toBe("limit_exceeded");
      expect(issue?.params).toMatchObject({ name: "maxStringLength" });
    }
  });

  it("charges map, filter and reduce for every element and its body before they start", () => {
    const engine = createLogicEngine({ limits: { maxWork: 1000 } });
    const xs = Array.from({ length: 500 }, (_, i) => i);
    for (const op of ["map", "filter", "all", "some", "none"]) {
      // A body that never stops all, some or none early: each visits all 500 elements.
      const rule = { [op]: [{ var: "xs" }, { [op === "all" ? "<" : ">"]: [{ var: "" }, 1000] }] };
      expect(issueOf(rule, { xs }, engine)).toMatchObject({ code: "limit_exceeded", path: "" });
      expect(createLogicEngine().compile(rule)({ xs })).toBeDefined();
    }
    expect(issueOf({ reduce: [{ var: "xs" }, { "+": [{ var: "current" }, { var: "accumulator" }] }, 0] }, { xs }, engine)?.code).toBe("limit_exceeded");
  });

  it("runs a rule that needs exactly its budget, and stops it one unit short", () => {
    // 7 nodes, once per call; per element the body's 4 nodes and the element itself: 7 + 10 × 5 = 57.
    const rule = { map: [{ var: "xs" }, { "+": [{ var: "" }, 1] }] };
    const data = { xs: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] };
    expect(createLogicEngine({ limits: { maxWork: 57 } }).compile(rule)(data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(issueOf(rule, data, createLogicEngine({ limits: { maxWork: 56 } }))).toMatchObject({ code: "limit_exceeded", path: "" });
  });

  it("charges merge for the elements it copies, cat and substr for the characters they write", () => {
    const merge = { merge: [{ var: "a" }, { var: "b" }] }; // 5 nodes + 3 + 4 elements = 12
    expect(createLogicEngine({ limits: { maxWork: 12 } }).compile(merge)({ a: [1, 2, 3], b: [4, 5, 6, 7] })).toHaveLength(7);
    expect(issueOf(merge, { a: [1, 2, 3], b: [4, 5, 6, 7] }, createLogicEngine({ limits: { maxWork: 11 } }))?.path).toBe("");
    const cat = { cat: [{ var: "a" }, "-", { var: "a" }] }; // 6 nodes + 9 characters = 15
    expect(createLogicEngine({ limits: { maxWork: 15 } }).compile(cat)({ a: "abcd" })).toBe("abcd-abcd");
    expect(issueOf(cat, { a: "abcd" }, createLogicEngine({ limits: { maxWork: 14 } }))?.code).toBe("limit_exceeded");
    const substr = { substr: [{ var: "a" }, 1] }; // 4 nodes + 3 characters = 7
    expect(createLogicEngine({ limits: { maxWork: 7 } }).compile(substr)({ a: "abcd" })).toBe("bcd");
    expect(issueOf(substr, { a: "abcd" }, createLogicEngine({ limits: { maxWork: 6 } }))?.code).toBe("limit_exceeded");
  });

  it("gives every call the whole budget again", () => {
    const rule = createLogicEngine({ limits: { maxWork: 57 } }).compile({ map: [{ var: "xs" }, { "+": [{ var: "" }, 1] }] });
    for (let i = 0; i < 5; i++) expect(rule({ xs: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] })).toHaveLength(10);
  });

  it("is settable per engine and shown in its limits", () => {
    expect(DEFAULT_LOGIC_LIMITS.maxWork).toBe(1_000_000);
    expect(createLogicEngine().limits.maxWork).toBe(1_000_000);
    expect(createLogicEngine({ limits: { maxWork: 10 } }).limits.maxWork).toBe(10);
    // A rule larger than the budget can never run.
    expect(issueOf({ "+": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, {}, createLogicEngine({ limits: { maxWork: 10 } }))).toMatchObject({ code: "limit_exceeded", path: "" });
  });

  it("explains under the same budget", () => {
    const rule = createLogicEngine({ limits: { maxWork: 56 } }).compile({ map: [{ var: "xs" }, { "+": [{ var: "" }, 1] }] });
    expect(() => rule.explain({ xs: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] })).toThrow(/limit/);
  });

  it("leaves rules of ordinary size far from the default", () => {
    const level = compileLogic({ if: [{ ">=": [{ var: "total" }, 90] }, 0, { ">=": [{ var: "total" }, 66] }, 1, 2] });
    expect(level({ total: 70 })).toBe(1);
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    expect(compileLogic({ reduce: [{ filter: [{ var: "xs" }, { ">": [{ var: "" }, 10] }] }, { "+": [{ var: "current" }, { var: "accumulator" }] }, 0] })({ xs })).toBe(499_445);
    expect(compileLogic(doubled("t"))({ t: Array.from({ length: 16 }, () => 0) })).toHaveLength(65_536);
  });
});
