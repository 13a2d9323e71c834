import { describe, expect, it } from "vitest";
import { createLogicEngine } from "./compile-logic";
import { domainOperators } from "./domain-operators";
import { toPointer } from "./issues";
import { OPERATOR_SPECS, STANDARD_OPERATORS } from "./operators";
import { collectReads, walkRule, type RuleNode } from "./rule-ast";
import { checkReads, resolveVariable, type Vocabulary } from "./vocabulary";

const engine = createLogicEngine({ operators: domainOperators });
function parse(rule: unknown): RuleNode {
  const parsed = engine.parse(rule);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value.root;
}

describe("LogicEngine.parse", () => {
  it("gives a frozen tree with the JSON path of every node", () => {
    const root = parse({ and: [{ ">=": [{ var: "age" }, 60] }, { var: "flag" }] });
    expect(root).toMatchObject({ kind: "operation", op: "and", path: [] });
    const paths: string[] = [];
    walkRule(root, ({ node }) => void paths.push(`${node.kind} ${toPointer(node.path)}`));
    expect(paths).toEqual([
      "operation ",
      "operation /and/0",
      "operation /and/0/>=/0",
      "literal /and/0/>=/0/var",
      "literal /and/0/>=/1",
      "operation /and/1",
      "literal /and/1/var",
    ]);
    expect(Object.isFrozen(root) && root.kind === "operation" && Object.isFrozen(root.args)).toBe(true);
  });

  it("returns the same issues as validate, and compiles the parsed tree without parsing it again", () => {
    const bad = { and: [{ nope: 1 }, { band: [1, [[2, 1, "x"]]] }] };
    expect(engine.parse(bad).issues).toEqual(engine.validate(bad));
    const parsed = engine.parse({ "+": [{ var: "a" }, 2] });
    expect(parsed.ok && engine.compile(parsed.value)({ a: 1 })).toBe(3);
    expect(parsed.ok && engine.compile(parsed.value).rule).toEqual({ "+": [{ var: "a" }, 2] });
  });
});

describe("OPERATOR_SPECS", () => {
  it("describes every standard operator, and only those", () => {
    expect(Object.keys(OPERATOR_SPECS)).toEqual([...STANDARD_OPERATORS]);
    expect(STANDARD_OPERATORS).toHaveLength(34);
  });

  it("names the body arguments of the operators that evaluate one per element", () => {
    const withBodies = Object.entries(OPERATOR_SPECS).filter(([, spec]) => spec.scopes.length > 0).map(([op, spec]) => `${op}:${spec.scopes.map((s) => `${s.arg}=${s.data}`).join(",")}`);
    expect(withBodies).toEqual(["map:1=element", "filter:1=element", "reduce:1=reduce", "all:1=element", "some:1=element", "none:1=element"]);
  });

  it("is what an engine tells about its operators, custom ones included", () => {
    expect(engine.spec("filter")).toBe(OPERATOR_SPECS.filter);
    expect(engine.spec("age")).toMatchObject({ standard: false, pure: true, minArgs: 2, maxArgs: 2, scopes: [] });
    expect(createLogicEngine({ standardOperators: ["var"] }).spec("+")).toBeUndefined();
  });
});

describe("walkRule", () => {
  it("tells the scope of every node, from the operator table", () => {
    const root = parse({ some: [{ var: "diseases" }, { "==": [{ var: "" }, "dementia"] }] });
    const scopes: string[] = [];
    walkRule(root, ({ node, scope }) => void (node.kind === "operation" && scopes.push(`${node.op}:${scope}`)));
    expect(scopes).toEqual(["some:data", "var:data", "==:element", "var:element"]);
  });

  it("skips the children of a node when the visitor says so", () => {
    const seen: string[] = [];
    walkRule(parse({ and: [{ or: [{ var: "a" }] }, { var: "b" }] }), ({ node }) => {
      if (node.kind === "operation") seen.push(node.op);
      return !(node.kind === "operation" && node.op === "or");
    });
    expect(seen).toEqual(["and", "or", "var"]);
  });

  it("walks a rule nested to the depth limit without recursion", () => {
    let rule: unknown = { var: "a" };
    for (let i = 0; i < 99; i++) rule = { "!": [rule] };
    let count = 0;
    walkRule(parse(rule), () => void count++);
    expect(count).toBe(101);
  });
});

describe("collectReads", () => {
  const reads = (rule: unknown) => collectReads(parse(rule)).map((r) => `${r.via} ${r.name} ${toPointer(r.path)} ${r.scope}${r.hasDefault ? " default" : ""}`);

  it("lists var names, missing names and missing_some names where they are written", () => {
    expect(reads({ and: [{ var: "age" }, { var: ["items.eating", 0] }, { missing: ["a", "b.c"] }, { missing: [["d"]] }, { missing_some: [1, ["e", "f"]] }, { var: 3 }] })).toEqual([
      "var age /and/0/var data",
      "var items.eating /and/1/var/0 data default",
      "missing a /and/2/missing/0 data",
      "missing b.c /and/2/missing/1 data",
      "missing d /and/3/missing/0/0 data",
      "missing_some e /and/4/missing_some/1/0 data",
      "missing_some f /and/4/missing_some/1/1 data",
      "var 3 /and/5/var data",
    ]);
  });

  it("marks names that are computed, and reads of the whole data", () => {
    expect(reads({ and: [{ var: { cat: ["items.", "eating"] } }, { var: "" }, { var: [] }, { missing: { merge: [["a"]] } }] })).toEqual([
      "var null /and/0/var data",
      "var  /and/1/var data",
      "var  /and/2/var data",
      "missing null /and/3/missing data",
    ]);
  });

  it("tells reads inside bodies apart from reads of the data", () => {
    expect(reads({ reduce: [{ var: "xs" }, { "+": [{ var: "current" }, { var: "accumulator" }] }, 0] })).toEqual([
      "var xs /reduce/0/var data",
      "var current /reduce/1/+/0/var reduce",
      "var accumulator /reduce/1/+/1/var reduce",
    ]);
    expect(reads({ filter: [{ var: "xs" }, { ">": [{ var: "n" }, 1] }] })).toEqual(["var xs /filter/0/var data", "var n /filter/1/>/0/var element"]);
  });
});

describe("checkReads and resolveVariable", () => {
  const vocabulary: Vocabulary = {
    name: { en: "The context", zh: "上下文" },
    fields: {
      age: { type: "integer" },
      items: { type: "object", fields: { eating: { type: "integer" } } },
      flags: { type: "object", entries: { type: "boolean" } },
      diseases: { type: "list", items: { type: "string" } },
      baseLevel: { type: "integer", unavailable: { en: "it is computed later.", zh: "稍后才计算。" } },
      extra: { type: "any" },
    },
  };
  const check = (rule: unknown) => checkReads(parse(rule), vocabulary, ["when"]).issues.map((i) => `${i.code} ${i.path}`);

  it("accepts every name the vocabulary has", () => {
    expect(check({ and: [{ var: "age" }, { var: "items.eating" }, { var: "flags.anything" }, { var: "diseases.0" }, { var: "extra.deep.path" }, { missing: ["age"] }] })).toEqual([]);
  });

  it("reports each kind of mistake with its code at the pointer of the name", () => {
    expect(
      check({ and: [{ var: "aeg" }, { var: "items.eatng" }, { var: "age.years" }, { var: "diseases.first" }, { var: "baseLevel" }, { var: { cat: ["a", "ge"] } }, { var: "" }, { var: "items.__proto__" }, { missing: ["itmes.eating"] }] }),
    ).toEqual([
      "unknown_variable /when/and/0/var",
      "unknown_variable /when/and/1/var",
      "unknown_variable /when/and/2/var",
      "unknown_variable /when/and/3/var",
      "unavailable_variable /when/and/4/var",
      "dynamic_variable /when/and/5/var",
      "dynamic_variable /when/and/6/var",
      "unknown_variable /when/and/7/var",
      "unknown_variable /when/and/8/missing/0",
    ]);
  });

  it("checks a reduce body against current and accumulator, and leaves element bodies alone", () => {
    expect(check({ reduce: [{ var: "diseases" }, { cat: [{ var: "acumulator" }, { var: "current" }] }, ""] })).toEqual(["unknown_variable /when/reduce/1/cat/0/var"]);
    expect(check({ some: [{ var: "diseases" }, { "==": [{ var: "anything.at.all" }, 1] }] })).toEqual([]);
  });

  it("resolves a name to its field, or says why not in both languages", () => {
    expect(resolveVariable("items.eating", vocabulary, [])).toEqual({ ok: true, field: { type: "integer" } });
    const bad = resolveVariable("itmes.eating", vocabulary, ["reason", "zh"]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && [bad.issue.path, bad.issue.message, bad.issue.messageZh]).toEqual([
      "/reason/zh",
      'The rule reads "itmes.eating": The context has no "itmes" (it has: age, items, flags, diseases, extra).',
      '规则读取 "itmes.eating"：上下文中没有 "itmes"（可读取：age, items, flags, diseases, extra）。',
    ]);
  });
});
