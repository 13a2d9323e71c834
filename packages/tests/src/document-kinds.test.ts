/**
 * The same mistake in a rule gets the same issue code at the same kind of JSON pointer in every
 * kind of document, because every kind is loaded by core's one mechanism.
 */
import { instrumentKind } from "@yiyang/assessment";
import { createDocumentRegistry, type DocumentKind, type Issue } from "@yiyang/core";
import { careGradeMappingKind, serviceCatalogKind } from "@yiyang/eligibility";
import { indicatorCatalogKind } from "@yiyang/indicators";
import { cityElderlyHealthIndicators, gbt42195Instrument, gbt42195ToInstitutionNursingGrade, sampleCityServiceCatalog } from "@yiyang/standards";
import { describe, expect, it } from "vitest";

type Json = Record<string, any>;

/** For each kind with rules: a bundled document and where one of its rules is. */
const withRules: Array<{ kind: DocumentKind<any, any>; document: unknown; rule: (doc: Json) => { holder: Json; key: string; pointer: string } }> = [
  { kind: instrumentKind, document: gbt42195Instrument, rule: (doc) => ({ holder: doc.adjustments[0], key: "when", pointer: "/adjustments/0/when" }) },
  { kind: serviceCatalogKind, document: sampleCityServiceCatalog, rule: (doc) => ({ holder: doc.packages[0].conditions[0], key: "rule", pointer: "/packages/0/conditions/0/rule" }) },
  { kind: indicatorCatalogKind, document: cityElderlyHealthIndicators, rule: (doc) => ({ holder: doc.indicators[0], key: "population", pointer: "/indicators/0/population" }) },
];

/** A mistake, put in front of the rule as `{ "and": [mistake, rule] }`, and where it must be reported under the rule. */
const mistakes: Array<{ name: string; mistake: unknown; code: string; at: string }> = [
  { name: "a misspelt var", mistake: { var: "nosuchfield" }, code: "unknown_variable", at: "/and/0/var" },
  { name: "a var with a computed path", mistake: { var: { cat: ["no", "such"] } }, code: "dynamic_variable", at: "/and/0/var" },
  { name: "missing with a misspelt name", mistake: { missing: ["nosuchfield"] }, code: "unknown_variable", at: "/and/0/missing/0" },
];

function edited(document: unknown, edit: (doc: Json) => void): Json {
  const doc = structuredClone(document) as Json;
  edit(doc);
  return doc;
}

const errorsOf = (issues: readonly Issue[]) => issues.filter((i) => i.severity === "error").map((i) => `${i.code} ${i.path}`);

describe("one treatment of a mistake in every kind of document", () => {
  for (const { kind, document, rule } of withRules) {
    describe(kind.kind, () => {
      it("loads as bundled", () => {
        expect(kind.safeLoad(document).issues).toEqual([]);
      });

      for (const { name, mistake, code, at } of mistakes) {
        it(`reports ${name} as ${code}`, () => {
          let pointer = "";
          const doc = edited(document, (d) => {
            const place = rule(d);
            place.holder[place.key] = { and: [mistake, place.holder[place.key]] };
            pointer = place.pointer;
          });
          const result = kind.safeLoad(doc);
          expect(result.ok).toBe(false);
          expect(errorsOf(result.issues)).toEqual([`${code} ${pointer}${at}`]);
        });
      }
    });
  }

  const everyKind: Array<{ kind: DocumentKind<any, any>; document: unknown }> = [
    ...withRules,
    { kind: careGradeMappingKind, document: gbt42195ToInstitutionNursingGrade },
  ];
  for (const { kind, document } of everyKind) {
    it(`${kind.kind}: refuses a provisional note whose path points nowhere`, () => {
      const doc = edited(document, (d) => {
        d.provisional = [...(d.provisional ?? []), { path: "/no/such/place", note: { zh: "待核实。", en: "Unverified." } }];
      });
      const index = (doc.provisional as unknown[]).length - 1;
      expect(errorsOf(kind.safeLoad(doc).issues)).toEqual([`unresolved_pointer /provisional/${index}/path`]);
    });
  }

  it("gives the same message for the same mistake, but for the context it names", () => {
    const messages = withRules.map(({ kind, document, rule }) => {
      const doc = edited(document, (d) => {
        const place = rule(d);
        place.holder[place.key] = { and: [{ var: { cat: ["a", "b"] } }, place.holder[place.key]] };
      });
      const issue = kind.safeLoad(doc).issues.find((i) => i.code === "dynamic_variable");
      return [issue?.message, issue?.messageZh];
    });
    expect(new Set(messages.map((m) => JSON.stringify(m))).size).toBe(1);
  });

  it("loads every kind through one registry", () => {
    const registry = createDocumentRegistry([instrumentKind, serviceCatalogKind, careGradeMappingKind, indicatorCatalogKind]);
    for (const document of [gbt42195Instrument, sampleCityServiceCatalog, gbt42195ToInstitutionNursingGrade, cityElderlyHealthIndicators]) {
      const loaded = registry.safeLoad(document);
      expect(loaded.ok && registry.get(loaded.value.kind)?.is(loaded.value)).toBe(true);
    }
  });
});
