import * as z from "zod";
import { describe, expect, it } from "vitest";
import { createDocumentRegistry, defineDocumentKind, isLoadedDocument, kindOfLoaded, runDocumentTests, type DocumentKind, type LoadedDocument } from "./document-kind";
import { documentSchema } from "./documents";
import { isYiyangError } from "./errors";
import { fingerprint } from "./fingerprint";
import type { Vocabulary } from "./vocabulary";

/** A small kind: a threshold rule over `{ age, answers.* }`, with cases `{ data, expect }`. */
const vocabulary: Vocabulary = {
  name: { en: "The screening data", zh: "筛查数据" },
  fields: { age: { type: "integer" }, answers: { type: "object", fields: { walk: { type: "integer" }, stairs: { type: "integer" } } } },
};
const schema = documentSchema(
  "screening",
  { when: z.unknown(), bands: z.array(z.strictObject({ min: z.number().nullable(), max: z.number().nullable() })).optional(), reason: z.string().optional() },
  z.strictObject({ description: z.string(), data: z.unknown(), expect: z.boolean() }),
);
type ScreeningDocument = z.output<typeof schema>;

const screeningKind: DocumentKind<ScreeningDocument, LoadedDocument<ScreeningDocument> & { readsAge: boolean }> = defineDocumentKind({
  kind: "screening",
  title: { en: "a screening rule", zh: "筛查规则" },
  schema: schema as unknown as z.ZodType<ScreeningDocument>,
  compile(doc, ctx) {
    const rule = ctx.rule(doc.when, ["when"], vocabulary, { boolean: true });
    if (doc.bands) ctx.bands(doc.bands, (i) => ["bands", i], { en: "the bands", zh: "分段" });
    if (doc.reason !== undefined) ctx.template(doc.reason, ["reason"], vocabulary);
    return rule;
  },
  expose: (rule) => ({ readsAge: rule.reads.some((r) => r.name === "age") }),
  runTest(test, ctx) {
    const rule = screeningKind.compiledOf(ctx.loaded) as { evaluate: (data: unknown) => unknown };
    ctx.expectEqual(["expect"], "held", test.expect, rule.evaluate(test.data));
  },
});

const base = {
  kind: "screening",
  id: "walk-screen",
  version: "1.0.0",
  effective: { from: "2025-01-01" },
  title: { zh: "步行筛查", en: "Walking screen" },
  source: { title: "Sample" },
  when: { and: [{ ">=": [{ var: "age" }, 60] }, { "<": [{ var: "answers.walk" }, 2] }] },
  tests: [
    { description: "an older person who cannot walk far", data: { age: 70, answers: { walk: 1 } }, expect: true },
    { description: "a younger person", data: { age: 50, answers: { walk: 1 } }, expect: false },
  ],
};
const codes = (issues: ReadonlyArray<{ code: string; path: string }>) => issues.map((i) => `${i.code} ${i.path}`);

describe("defineDocumentKind", () => {
  it("loads, freezes, fingerprints and brands a document", () => {
    const loaded = screeningKind.load(base);
    expect(loaded).toMatchObject({ kind: "screening", id: "walk-screen", version: "1.0.0", readsAge: true, warnings: [], provisional: [] });
    expect(loaded.fingerprint).toBe(fingerprint(base));
    expect(Object.isFrozen(loaded) && Object.isFrozen(loaded.document) && Object.isFrozen(loaded.document.tests)).toBe(true);
    expect(screeningKind.is(loaded) && isLoadedDocument(loaded)).toBe(true);
    expect(kindOfLoaded(loaded)).toBe(screeningKind);
    expect(screeningKind.is(base)).toBe(false);
    expect(JSON.parse(JSON.stringify(loaded)).document.id).toBe("walk-screen");
  });

  it("keeps the loaded document apart from the caller's object", () => {
    const input = structuredClone(base);
    const loaded = screeningKind.load(input);
    input.when.and[0] = { ">=": [{ var: "age" }, 99] };
    expect(screeningKind.runTests(loaded).every((t) => t.passed)).toBe(true);
  });

  it("reads -0 as 0, so the meaning follows the fingerprint", () => {
    // 1 / -0 is -Infinity, which is below 0; 1 / 0 is not. Both spellings have one fingerprint.
    const withMinusZero = { ...base, when: { "<": [{ "/": [1, -0] }, 0] }, tests: [] };
    const loaded = screeningKind.load(withMinusZero);
    const rule = screeningKind.compiledOf(loaded) as { evaluate: (data: unknown) => unknown };
    expect(rule.evaluate({})).toBe(false);
    expect(loaded.fingerprint).toBe(screeningKind.load({ ...withMinusZero, when: { "<": [{ "/": [1, 0] }, 0] } }).fingerprint);
  });

  it("reports every read the vocabulary does not have, with one set of codes", () => {
    const result = screeningKind.safeLoad({
      ...base,
      when: { and: [{ ">=": [{ var: "aeg" }, 60] }, { "<": [{ var: ["answers.wakl", 0] }, 2] }, { var: { cat: ["answers.", "walk"] } }, { missing: ["answers.stiars"] }, { "!": { var: "age.years" } }] },
    });
    expect(codes(result.issues)).toEqual([
      "unknown_variable /when/and/0/>=/0/var",
      "unknown_variable /when/and/1/</0/var/0",
      "dynamic_variable /when/and/2/var",
      "unknown_variable /when/and/3/missing/0",
      "unknown_variable /when/and/4/!/var",
    ]);
    expect(result.issues[0]?.messageZh).toContain("筛查数据");
  });

  it("reports a provisional note that points at nothing, and lists the ones that point somewhere", () => {
    const bad = screeningKind.safeLoad({ ...base, provisional: [{ path: "/when/and/0", note: { zh: "待核", en: "Unverified" } }, { path: "/bands", note: { zh: "待核", en: "Unverified" } }] });
    expect(codes(bad.issues)).toEqual(["unresolved_pointer /provisional/1/path"]);
    const good = screeningKind.load({ ...base, provisional: [{ path: "/when/and/0", note: { zh: "待核", en: "Unverified" } }] });
    expect(good.provisional.map((n) => n.path)).toEqual(["/when/and/0"]);
  });

  it("checks bands and placeholders the same way for every kind", () => {
    const result = screeningKind.safeLoad({ ...base, bands: [{ min: 0, max: 10 }, { min: 10, max: 20 }, { min: 30, max: 25 }], reason: "age {{age}}, walk {{answers.wlak}}" });
    expect(codes(result.issues)).toEqual(["overlapping_bands /bands/1", "invalid_band /bands/2", "unknown_variable /reason"]);
  });

  it("never throws, whatever the input", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { and: [deep] };
    const inputs: unknown[] = [
      undefined,
      null,
      "text",
      [base],
      { ...base, when: deep },
      { ...base, when: { ">=": [{ var: "age" }, 1e309] } },
      { ...base, title: { zh: "\ud800", en: "x" } },
      { ...base, when: () => true },
      { ...base, when: new Date() },
      Object.assign(Object.create({ kind: "screening" }), base),
    ];
    for (const input of inputs) {
      const result = screeningKind.safeLoad(input);
      expect(result.ok).toBe(false);
      expect(result.issues.length).toBeGreaterThan(0);
    }
    expect(codes(screeningKind.safeLoad({ ...base, when: deep }).issues)).toEqual([expect.stringMatching(/^document_too_deep \/when(\/and|\/0)+$/)]);
    expect(codes(screeningKind.safeLoad({ ...base, when: { ">=": [{ var: "age" }, 1e309] } }).issues)).toEqual(["invalid_number /when/>=/1"]);
  });

  it("throws invalid_document from load, with every issue", () => {
    try {
      screeningKind.load({ ...base, version: "one" });
      expect.unreachable();
    } catch (error) {
      expect(isYiyangError(error) && error.code).toBe("invalid_document");
      expect(isYiyangError(error) && codes(error.issues)).toEqual(["invalid_value /version"]);
    }
  });

  it("runs the document's own cases, pointing each failure at its expectation", () => {
    const loaded = screeningKind.load({ ...base, tests: [...base.tests, { description: "wrong on purpose", data: { age: 90, answers: { walk: 0 } }, expect: false }] });
    const results = runDocumentTests(loaded);
    expect(results.map((r) => [r.index, r.description, r.passed])).toEqual([
      [0, "an older person who cannot walk far", true],
      [1, "a younger person", true],
      [2, "wrong on purpose", false],
    ]);
    expect(results[2]?.failures).toEqual([
      expect.objectContaining({ code: "test_mismatch", path: "/tests/2/expect", params: { field: "held", expected: false, actual: true } }),
    ]);
  });

  it("turns a case whose rule fails into a failure of that case, and runs the others", () => {
    const loaded = screeningKind.load({
      ...base,
      when: { "<": [{ age: [{ var: "answers.walk" }, "2025-01-01"] }, 80] },
      tests: [{ description: "no birth date", data: { age: 1, answers: { walk: 1 } }, expect: true }],
    });
    const [result] = screeningKind.runTests(loaded);
    expect(result?.passed).toBe(false);
    expect(result?.failures[0]).toMatchObject({ code: "evaluation_failed", path: "/tests/0" });
  });

  it("compiles rules under the limits given at load", () => {
    const wide = { ...base, when: { in: [1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]] }, tests: [] };
    expect(screeningKind.safeLoad(wide).ok).toBe(true);
    expect(codes(screeningKind.safeLoad(wide, { limits: { maxArrayLength: 5 } }).issues)).toEqual(["array_too_long /when/in/1"]);
  });
});

describe("createDocumentRegistry", () => {
  const registry = createDocumentRegistry([screeningKind]);

  it("loads a document of any kind it holds, and names the kinds it does not", () => {
    expect(registry.safeLoad(base).ok).toBe(true);
    expect(registry.get("screening")).toBe(screeningKind);
    const unknown = registry.safeLoad({ ...base, kind: "nope" });
    expect(unknown.issues).toEqual([expect.objectContaining({ code: "unknown_kind", path: "/kind", params: { kind: "nope", kinds: ["screening"] } })]);
    expect(registry.kindOf([]).ok).toBe(false);
  });

  it("refuses two kinds with one name", () => {
    expect(() => createDocumentRegistry([screeningKind, screeningKind])).toThrow(/Two document kinds/);
  });
});
