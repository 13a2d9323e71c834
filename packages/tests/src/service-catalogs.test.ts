import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { selectVersion } from "@yiyang/core";
import {
  checkEligibility,
  loadCareGradeMapping,
  loadServiceCatalog,
  mapCareGrade,
  runCareGradeMappingTests,
  runServiceCatalogTests,
  safeLoadCareGradeMapping,
  safeLoadServiceCatalog,
  type EligibilityReport,
} from "@yiyang/eligibility";
import { careGradeMappings, findCareGradeMapping, sampleCityServiceCatalog, serviceCatalogs } from "@yiyang/standards";
import { describe, expect, it } from "vitest";
import { AS_OF, decisionOf, handCheck, makeProfiles } from "../../../bench/workloads/eligibility-catalog";

const here = dirname(fileURLToPath(import.meta.url));
const documentsDir = resolve(here, "../../standards/src/service-catalogs");

/** The value at a JSON pointer, or `undefined` when nothing is there. */
function at(document: unknown, pointer: string): unknown {
  if (pointer === "") return document;
  let value: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof value !== "object" || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

type Json = Record<string, unknown>;
const packagesOf = (doc: unknown) => (doc as { packages: Json[] }).packages;

describe("bundled service catalogs", () => {
  for (const document of serviceCatalogs) {
    describe(`${document.id} ${document.version}`, () => {
      it("loads without errors or warnings", () => {
        const result = safeLoadServiceCatalog(document);
        expect(result.issues).toEqual([]);
        expect(result.ok).toBe(true);
      });

      const results = runServiceCatalogTests(document);
      for (const result of results) {
        it(`passes its own test: ${result.name}`, () => {
          expect(result.failures).toEqual([]);
        });
      }

      it("has tests", () => {
        expect(results.length).toBeGreaterThan(0);
      });

      it("points every provisional note at something in the document", () => {
        const missing = (document.provisional ?? []).map((note) => note.path).filter((pointer) => at(document, pointer) === undefined);
        expect(missing).toEqual([]);
      });

      it("traces every entitlement and every condition to a source sentence or a provisional note", () => {
        const notes = (document.provisional ?? []).map((note) => note.path);
        const covered = (pointer: string) => notes.some((path) => path === pointer || path.startsWith(`${pointer}/`));
        const untraced: string[] = [];
        packagesOf(document).forEach((pkg, p) => {
          for (const [list, kind] of [
            [pkg["entitlements"], "entitlements"],
            [pkg["conditions"], "conditions"],
          ] as const) {
            (list as Json[]).forEach((item, i) => {
              const pointer = `/packages/${p}/${kind}/${i}`;
              const leaves = (item["anyOf"] as Json[] | undefined) ?? [item];
              leaves.forEach((leaf, l) => {
                const leafPointer = item["anyOf"] ? `${pointer}/anyOf/${l}` : pointer;
                if (typeof leaf["source"] !== "string" && typeof item["source"] !== "string" && !covered(leafPointer)) untraced.push(leafPointer);
              });
            });
          }
        });
        expect(untraced).toEqual([]);
      });

      it("names its JSON Schema by a path that exists", () => {
        expect(existsSync(resolve(documentsDir, document.$schema ?? "missing"))).toBe(true);
      });
    });
  }

  it("selects the sample catalog by date", () => {
    expect(selectVersion(serviceCatalogs, "2025-06-01", { id: "sample-city-services" }).version).toBe("2.0.0");
  });
});

describe("bundled care-grade mappings", () => {
  for (const document of careGradeMappings) {
    describe(document.id, () => {
      it("loads", () => {
        expect(safeLoadCareGradeMapping(document).issues).toEqual([]);
      });

      it("has a passing test for every row", () => {
        const rows = (document["rows"] as Array<{ level: number }>).map((row) => row.level);
        const tested = ((document.tests ?? []) as Array<{ level: number }>).map((test) => test.level);
        expect(rows.filter((level) => !tested.includes(level))).toEqual([]);
        for (const result of runCareGradeMappingTests(document)) expect([result.name, result.failures]).toEqual([result.name, []]);
      });

      it("points every provisional note at something in the document", () => {
        expect((document.provisional ?? []).map((note) => note.path).filter((pointer) => at(document, pointer) === undefined)).toEqual([]);
      });
    });
  }

  it("maps GB/T 42195 levels to institution nursing grades, never to the hospital grade 特级护理", () => {
    const mapping = loadCareGradeMapping(findCareGradeMapping("gbt42195-2022", "institution-nursing-grade"));
    expect([0, 1, 2, 3, 4].map((level) => mapCareGrade(mapping, { instrumentId: "gbt42195-2022", level }).label.zh)).toEqual([
      "自理",
      "三级护理",
      "二级护理",
      "一级护理",
      "一级护理",
    ]);
    expect(mapping.document.to.grades.map((g) => g.label.zh)).not.toContain("特级护理");
  });
});

describe("the sample city catalog", () => {
  const catalog = loadServiceCatalog(sampleCityServiceCatalog);
  const profile = {
    birthDate: "1953-05-20",
    residence: { city: "sample-city" },
    insurance: { ltciEnrolled: true },
    economicStatus: "none",
    livingArrangement: "with-spouse",
    assessments: [
      { instrument: { id: "gbt42195-2022" }, level: 2, assessedOn: "2025-03-01" },
      { instrument: { id: "ltci-2021" }, level: 3, assessedOn: "2025-03-01" },
    ],
  };
  const asOf = { asOf: "2025-06-01" };
  const entitlement = (report: EligibilityReport, pkg: string, id: string) => report.packages.find((p) => p.id === pkg)?.entitlements.find((e) => e.id === id);

  it("gives the 1+1 package's 450 yuan a month as 45000 fen and ¥450.00", () => {
    expect(entitlement(checkEligibility(catalog, profile, asOf), "ltci-home-care-1plus1", "daily-care-subsidy")).toMatchObject({ value: 45000, yuan: "450.00" });
  });

  it("answers as the README and the guide say", () => {
    const report = checkEligibility(catalog, profile, asOf);
    expect(report.packages[0]?.entitlements[2]?.text.zh).toBe("每月450.00元");
    expect(report.packages[0]?.entitlements.map((e) => e.text.zh)).toEqual(["10项", "25项", "每月450.00元", "每月2次"]);
    expect(report.eligible).toEqual(["ltci-home-care-1plus1", "family-doctor-elderly", "family-doctor-home-visits", "home-rounds", "internet-plus-home-nursing", "day-care"]);
    expect(report.packages.find((p) => p.id === "respite-care")?.reasons[0]?.messageZh).toBe("不符合「有家属在家照护」（家中有家庭照护者 = 否）。");
  });

  it("changes the answer when an amount in the JSON changes, with no code change", () => {
    const edited = structuredClone(sampleCityServiceCatalog) as Json;
    const pkg = packagesOf(edited).find((p) => p["id"] === "ltci-home-care-1plus1") as Json;
    ((pkg["entitlements"] as Json[]).find((e) => e["id"] === "daily-care-subsidy") as Json)["value"] = 50000;
    const report = checkEligibility(loadServiceCatalog(edited), profile, asOf);
    expect(entitlement(report, "ltci-home-care-1plus1", "daily-care-subsidy")).toMatchObject({ value: 50000, yuan: "500.00" });
    expect(report.catalog.fingerprint).not.toBe(catalog.fingerprint);
  });

  it("changes the answer when a threshold in the JSON changes, with no code change", () => {
    const sixtyOne = { ...profile, birthDate: "1964-01-01" };
    expect(checkEligibility(catalog, sixtyOne, asOf).eligible).toContain("day-care");
    const edited = structuredClone(sampleCityServiceCatalog) as Json;
    const dayCare = packagesOf(edited).find((p) => p["id"] === "day-care") as Json;
    ((dayCare["conditions"] as Json[]).find((c) => c["id"] === "age-60") as Json)["rule"] = { ">=": [{ var: "age" }, 65] };
    const report = checkEligibility(loadServiceCatalog(edited), sixtyOne, asOf);
    expect(report.packages.find((p) => p.id === "day-care")?.failed).toEqual(["age-60"]);
  });

  it("names the failed condition of every \"no\" in Chinese and English", () => {
    for (const generated of makeProfiles(300, 7)) {
      const report = checkEligibility(catalog, generated, asOf);
      for (const pkg of report.packages.filter((p) => !p.eligible)) {
        expect(pkg.reasons.map((r) => r.condition)).toEqual(pkg.failed);
        for (const reason of pkg.reasons) {
          const condition = pkg.conditions.find((c) => c.id === reason.condition);
          expect(reason.messageZh).toContain(condition?.label.zh);
          expect(reason.message).toContain(condition?.label.en);
        }
      }
    }
  });

  it("decides like an independent hand-written check of the same rules", () => {
    for (const generated of makeProfiles(3000, 11)) {
      const hand = handCheck(generated, AS_OF);
      const report = checkEligibility(catalog, generated, { asOf: AS_OF });
      const decision = decisionOf(report);
      expect(decision.eligible).toEqual(hand?.eligible);
      expect(decision.failed).toEqual(hand?.failed);
      expect(decision.entitlements).toEqual(hand?.entitlements);
      expect(decision.alternatives).toEqual(hand?.alternatives);
      expect([decision.assessmentStale, decision.localGradeStale]).toEqual([hand?.assessmentStale, hand?.localGradeStale]);
    }
  });

  it("decides the same with and without explanations", () => {
    for (const generated of makeProfiles(1000, 13)) {
      const full = checkEligibility(catalog, generated, asOf);
      const bare = checkEligibility(catalog, generated, { ...asOf, explain: false });
      expect(decisionOf(bare)).toEqual(decisionOf(full));
      expect(bare.issues).toEqual(full.issues);
    }
  });
});
