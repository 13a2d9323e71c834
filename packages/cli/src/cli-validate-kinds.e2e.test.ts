import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cityElderlyHealthIndicators, gbt42195Instrument, gbt42195ToInstitutionNursingGrade, sampleCityServiceCatalog } from "@yiyang/standards";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, runBin } from "./spawn-cli.test-helper";

type Json = Record<string, any>;
const work = mkdtempSync(join(tmpdir(), "yiyang-validate-kinds-"));

const kinds: Array<{ name: string; document: unknown; rule?: (doc: Json) => { holder: Json; key: string; pointer: string } }> = [
  { name: "instrument", document: gbt42195Instrument, rule: (doc) => ({ holder: doc.adjustments[0], key: "when", pointer: "/adjustments/0/when" }) },
  { name: "service-catalog", document: sampleCityServiceCatalog, rule: (doc) => ({ holder: doc.packages[0].conditions[0], key: "rule", pointer: "/packages/0/conditions/0/rule" }) },
  { name: "indicator-catalog", document: cityElderlyHealthIndicators, rule: (doc) => ({ holder: doc.indicators[0], key: "population", pointer: "/indicators/0/population" }) },
  { name: "care-grade-mapping", document: gbt42195ToInstitutionNursingGrade },
];

const mistakes = [
  { name: "misspelt-var", mistake: { var: "nosuchfield" }, line: (p: string) => `${p}/and/0/var unknown_variable` },
  { name: "computed-var", mistake: { var: { cat: ["no", "such"] } }, line: (p: string) => `${p}/and/0/var dynamic_variable` },
  { name: "misspelt-missing", mistake: { missing: ["nosuchfield"] }, line: (p: string) => `${p}/and/0/missing/0 unknown_variable` },
];

beforeAll(async () => {
  await buildCli();
}, 120_000);

describe("yiyang validate (spawned): one treatment of a mistake in every kind", () => {
  for (const { name, document, rule } of kinds) {
    for (const { name: mistakeName, mistake, line } of rule === undefined ? [] : mistakes) {
      it(`exits 1 on ${mistakeName} in a ${name}, naming the file, pointer and code`, async () => {
        const doc = structuredClone(document) as Json;
        const place = (rule as NonNullable<typeof rule>)(doc);
        place.holder[place.key] = { and: [mistake, place.holder[place.key]] };
        const file = join(work, `${name}-${mistakeName}.json`);
        writeFileSync(file, JSON.stringify(doc, null, 2));
        const { code, stdout } = await runBin(["validate", file]);
        expect(code).toBe(1);
        expect(stdout).toContain(`${file}:${line(place.pointer)} `);
      });
    }

    it(`exits 1 on a provisional note pointing nowhere in a ${name}`, async () => {
      const doc = structuredClone(document) as Json;
      doc.provisional = [...(doc.provisional ?? []), { path: "/no/such/place", note: { zh: "待核实。", en: "Unverified." } }];
      const file = join(work, `${name}-provisional.json`);
      writeFileSync(file, JSON.stringify(doc, null, 2));
      const { code, stdout } = await runBin(["validate", file]);
      expect(code).toBe(1);
      expect(stdout).toContain(`${file}:/provisional/${doc.provisional.length - 1}/path unresolved_pointer `);
    });
  }
});
