/**
 * What a rule document or a forged result can hold, against every kind's loader and verifyResult:
 * issues, never a throw; meaning that follows the fingerprint; no policy flag taken on trust.
 */
import { assess, instrumentKind, loadInstrument, safeAssess, verifyResult, type Instrument } from "@yiyang/assessment";
import { fingerprint, type DocumentKind } from "@yiyang/core";
import { careGradeMappingKind, checkEligibility, loadServiceCatalog, serviceCatalogKind } from "@yiyang/eligibility";
import { indicatorCatalogKind } from "@yiyang/indicators";
import { careGradeMappings, cityElderlyHealthIndicators, gbt42195Instrument, mzt039Instrument, sampleCityServiceCatalog } from "@yiyang/standards";
import { describe, expect, it } from "vitest";

type Json = Record<string, any>;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
/** Built as text and parsed: no recursion is needed to make it. */
const nestedRule = (depth: number) => JSON.parse('{"!":['.repeat(depth) + "true" + "]}".repeat(depth)) as unknown;
/** `{"!": {"!": …}}`: one JSON level per rule level. */
const nestedUnary = (depth: number) => JSON.parse('{"!":'.repeat(depth) + "true" + "}".repeat(depth)) as unknown;
const nestedObject = (depth: number) => JSON.parse('{"a":'.repeat(depth) + "1" + "}".repeat(depth)) as unknown;

/** Each kind, a document of it, and a place in it where a rule is compiled. */
const KINDS: Array<[string, DocumentKind, Json, (doc: Json, rule: unknown) => void]> = [
  ["instrument", instrumentKind as DocumentKind, gbt42195Instrument as Json, (doc, rule) => (doc.adjustments[0].when = rule)],
  ["service catalog", serviceCatalogKind as DocumentKind, sampleCityServiceCatalog as Json, (doc, rule) => (doc.packages[0].conditions[0].rule = rule)],
  ["care-grade mapping", careGradeMappingKind as DocumentKind, careGradeMappings[0] as Json, (doc, rule) => (doc.source = { rule })],
  ["indicator catalog", indicatorCatalogKind as DocumentKind, cityElderlyHealthIndicators as Json, (doc, rule) => (doc.indicators[0].population = rule)],
];

const HOSTILE: Array<[string, (doc: Json, setRule: (doc: Json, rule: unknown) => void) => void, string]> = [
  ["a rule nested 10,000 deep", (doc, setRule) => setRule(doc, nestedRule(10_000)), "document_too_deep"],
  ["a rule nested 150 deep (within the document's depth limit, over the rule's)", (doc, setRule) => setRule(doc, nestedUnary(150)), "rule_too_deep"],
  ["1e309 (Infinity once parsed)", (doc, setRule) => setRule(doc, { "<": [JSON.parse("1e309") as number, 1] }), "invalid_number"],
  ["a lone surrogate", (doc) => (doc.title.zh = "能力\ud800"), "invalid_string"],
  ["objects nested 1,000 deep", (doc) => (doc.source = nestedObject(1_000)), "document_too_deep"],
];

describe("every kind's loader, given what a hostile document holds", () => {
  for (const [name, kind, base, setRule] of KINDS) {
    for (const [what, mutate, code] of HOSTILE) {
      if (name === "care-grade mapping" && code === "rule_too_deep") continue; // a mapping compiles no rule
      it(`${name}: ${what} is an issue (${code}), not a throw`, () => {
        const doc = clone(base);
        mutate(doc, setRule);
        let result: ReturnType<DocumentKind["safeLoad"]> | undefined;
        expect(() => (result = kind.safeLoad(doc))).not.toThrow();
        expect(result?.ok).toBe(false);
        expect(result?.issues.map((i) => i.code)).toContain(code);
      });
    }
  }
});

describe("a reason template", () => {
  it("with '{{' and thousands of spaces before a name that never closes is read in linear time, as text", () => {
    for (const spaces of [3_000, 6_000]) {
      const doc = clone(gbt42195Instrument) as Json;
      doc.adjustments[0].reason.en = `{{${" ".repeat(spaces)}x`;
      const loaded = instrumentKind.safeLoad(doc);
      expect(loaded.ok).toBe(true);
    }
    // A regular expression that backtracks took 13 s for 3,000 spaces and 99 s for 6,000.
  });
});

describe("-0 in a document", () => {
  const catalog = clone(sampleCityServiceCatalog) as Json;
  const first = catalog.packages[0];
  // Two packages whose only difference is 0 or -0 under a division: 1/0 is Infinity, 1/-0 is -Infinity.
  const withZero = (id: string, zero: number) => ({ ...clone(first), id, conditions: [{ id: "sign", label: { zh: "符号", en: "Sign" }, rule: { "<": [{ "/": [1, zero] }, 0] } }] });
  catalog.packages = [withZero("plus-zero", 0), withZero("minus-zero", -0)];
  catalog.exclusiveGroups = [];
  catalog.tests = [];
  catalog.provisional = [];

  it("reads as 0, so two conditions with one fingerprint give the answer of 0, in either order", () => {
    const profile = clone((sampleCityServiceCatalog as Json).tests[0].profile);
    for (const order of [["plus-zero", "minus-zero"], ["minus-zero", "plus-zero"]]) {
      const doc = clone(catalog);
      doc.packages = order.map((id) => withZero(id, id === "plus-zero" ? 0 : -0));
      const loaded = loadServiceCatalog(doc);
      const report = checkEligibility(loaded, profile, { asOf: "2025-06-01" });
      // 1/0 < 0 is false: so must 1/-0 < 0 be, since the fingerprint cannot tell them apart.
      expect(report.packages.map((p) => [p.id, p.eligible])).toEqual(order.map((id) => [id, false]));
      const plain = clone(doc);
      for (const pkg of plain.packages) pkg.conditions[0].rule = { "<": [{ "/": [1, 0] }, 0] };
      expect(loaded.fingerprint).toBe(fingerprint(plain));
    }
  });
});

describe("verifyResult and policy flags", () => {
  const gbt = loadInstrument(gbt42195Instrument);
  const mzt = loadInstrument(mzt039Instrument);
  const testRecords = (doc: Json) => (doc.tests as Array<{ record: unknown }>).map((t) => t.record).filter((r) => r !== undefined);
  /** Records where the flags matter and where they do not: the instruments' own test records. */
  const gbtRecords = testRecords(gbt42195Instrument as Json).filter((r) => safeAssess(gbt, r).ok).slice(0, 3);
  const mztRecords = testRecords(mzt039Instrument as Json).filter((r) => safeAssess(mzt, r).ok).slice(0, 3);
  const flips: Array<[Instrument, unknown, Record<string, boolean>]> = [];
  const gbtFlips: Array<Record<string, boolean>> = [{ stackAdjustments: true }, { countOtherRiskEvents: false }, { stackAdjustments: true, countOtherRiskEvents: false }];
  for (const record of gbtRecords) for (const flipped of gbtFlips) flips.push([gbt, record, flipped]);
  // MZ/T 039 stacks by default: its flip is to not stack.
  for (const record of mztRecords) flips.push([mzt, record, { stackAdjustments: false }]);

  it("calls each of the 12 flag flips of a forged result other_policy, whatever the result claims", () => {
    expect(flips).toHaveLength(12);
    const statuses = flips.map(([instrument, record, flipped]) => {
      // The forger scores under other flags and sends that result, claiming those flags.
      const forged = JSON.parse(JSON.stringify(assess(instrument, record, { flags: flipped })));
      return verifyResult(instrument, record, forged).status;
    });
    expect(statuses).toEqual(new Array(12).fill("other_policy"));
  });

  it("matches a result straight from assess, and one with the command line's warnings beside it", () => {
    for (const [instrument, record] of flips) {
      const result = JSON.parse(JSON.stringify(assess(instrument, record)));
      expect(verifyResult(instrument, record, result).status).toBe("match");
      expect(verifyResult(instrument, record, { ...result, warnings: [{ code: "under_minimum_age" }] }).status).toBe("match");
    }
  });
});
