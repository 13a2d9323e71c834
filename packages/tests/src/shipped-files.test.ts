import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { instrumentKind, recordMappingKind } from "@yiyang/assessment";
import { documentEnvelopeSchema, documentJsonSchema, toJsonSchema } from "@yiyang/core";
import { careGradeMappingKind, personProfileSchema, serviceCatalogKind } from "@yiyang/eligibility";
import { indicatorCatalogKind } from "@yiyang/indicators";
import * as standards from "@yiyang/standards";
import { describe, expect, it } from "vitest";

// Resolved the way an app resolves them: through each package's `exports`.
const require = createRequire(import.meta.url);
const resolveExport = (specifier: string): string => require.resolve(specifier);
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
/** Every package folder whose package.json is not private. */
const PUBLISHED = readdirSync(join(root, "packages")).filter((name) => (readJson(join(root, "packages", name, "package.json")) as { private?: boolean }).private !== true);
const packageJson = (name: string) => readJson(join(root, "packages", name, "package.json")) as { exports: Record<string, unknown>; files: string[] };

const SCHEMAS: Array<[specifier: string, schema: () => unknown]> = [
  ["@yiyang/core/schema/document-envelope.schema.json", () => toJsonSchema(documentEnvelopeSchema)],
  ["@yiyang/assessment/schema/instrument.schema.json", () => documentJsonSchema(instrumentKind)],
  ["@yiyang/assessment/schema/record-mapping.schema.json", () => documentJsonSchema(recordMappingKind)],
  ["@yiyang/eligibility/schema/service-catalog.schema.json", () => documentJsonSchema(serviceCatalogKind)],
  ["@yiyang/eligibility/schema/care-grade-mapping.schema.json", () => documentJsonSchema(careGradeMappingKind)],
  ["@yiyang/eligibility/schema/person-profile.schema.json", () => toJsonSchema(personProfileSchema)],
  ["@yiyang/indicators/schema/indicator-catalog.schema.json", () => documentJsonSchema(indicatorCatalogKind)],
];

/** Every document `@yiyang/standards` exports, of every kind. */
function standardsDocuments(): Array<{ kind: string; id: string; version: string }> {
  const found = new Set<{ kind: string; id: string; version: string }>();
  for (const value of Object.values(standards)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "object" && item !== null && "kind" in item && "id" in item && "version" in item) found.add(item as never);
    }
  }
  return [...found];
}

describe("the shipped JSON files", () => {
  it.each(SCHEMAS)("%s is reachable through exports and equals the schema the code builds", (specifier, schema) => {
    expect(readJson(resolveExport(specifier))).toEqual(schema());
  });

  it("include every schema file a package holds, each reachable through exports", () => {
    for (const name of ["core", "assessment", "eligibility", "indicators"]) {
      const pkg = packageJson(name);
      expect(pkg.files, name).toContain("schema");
      const exported = Object.keys(pkg.exports).filter((key) => key.startsWith("./schema/"));
      const shipped = (require("node:fs") as typeof import("node:fs")).readdirSync(join(root, "packages", name, "schema")).map((file) => `./schema/${file}`);
      expect(exported.sort(), name).toEqual(shipped.sort());
    }
  });

  it("give every bundled document at @yiyang/standards/documents/<id>.json, as the package exports it", () => {
    const documents = standardsDocuments();
    expect(documents.length).toBeGreaterThanOrEqual(9);
    for (const document of documents) {
      expect(readJson(resolveExport(`@yiyang/standards/documents/${document.id}.json`)), document.id).toEqual(document);
    }
    const pkg = packageJson("standards") as ReturnType<typeof packageJson> & { typesVersions: { "*": Record<string, string[]> } };
    const exported = Object.entries(pkg.exports).filter(([key]) => key.startsWith("./documents/"));
    expect(exported.map(([key]) => key).sort()).toEqual(documents.map((d) => `./documents/${d.id}.json`).sort());
    // TypeScript's node10 resolution ignores exports and reads typesVersions: the same map.
    expect(Object.entries(pkg.typesVersions["*"]).map(([key, [target]]) => [`./${key}`, `./${target}`])).toEqual(exported);
  });
});

describe("the licence", () => {
  it("is MIT, at the root and in every published package", () => {
    const license = readFileSync(join(root, "LICENSE"), "utf8");
    expect(license).toMatch(/^MIT License\n/);
    for (const name of PUBLISHED) {
      expect(readFileSync(join(root, "packages", name, "LICENSE"), "utf8"), name).toBe(license);
      expect((readJson(join(root, "packages", name, "package.json")) as { license: string }).license).toBe("MIT");
    }
  });
});
