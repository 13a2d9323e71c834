import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as standards from "@yiyang/standards";
import { instrumentKind } from "@yiyang/assessment";
import { documentJsonSchema } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { DOCUMENT_REGISTRY } from "../../document-kinds";
import { runCliInMemory } from "../../run-cli-in-memory.test-helper";
import { BUNDLED_DOCUMENTS } from "./bundled-documents";

const fresh = () => mkdtempSync(join(tmpdir(), "yiyang-export-"));
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

/** Validate a document against the JSON Schema its `$schema` names, read relative to the document, as an editor would. */
function validateAgainstItsSchema(folder: string, document: Record<string, unknown>): unknown[] {
  const schema = readJson(join(folder, document.$schema as string));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  return validate(document) ? [] : (validate.errors ?? []);
}

describe("yiyang export", () => {
  it("writes the bundled document with its kind's JSON Schema beside it, and $schema pointing there", async () => {
    const cwd = fresh();
    const run = await runCliInMemory(["export", "gbt42195-2022", "--out", "rules/my-city.json"], { cwd });
    expect(run).toMatchObject({ code: 0, stdout: "" });
    expect(run.stderr).toBe(`wrote rules/my-city.json (instrument gbt42195-2022 ${standards.gbt42195Instrument.version}) and instrument.schema.json beside it\n`);
    const written = readJson(join(cwd, "rules", "my-city.json"));
    expect(Object.keys(written)[0]).toBe("$schema");
    expect(written.$schema).toBe("./instrument.schema.json");
    const { $schema: _a, ...body } = written;
    const { $schema: _b, ...bundled } = standards.gbt42195Instrument as Record<string, unknown>;
    expect(body).toEqual(bundled);
    expect(readJson(join(cwd, "rules", "instrument.schema.json"))).toEqual(documentJsonSchema(instrumentKind));
    expect(validateAgainstItsSchema(join(cwd, "rules"), written)).toEqual([]);
  });

  it("exports every bundled document of every kind so that it loads with the same fingerprint and follows its schema", async () => {
    const cwd = fresh();
    for (const document of BUNDLED_DOCUMENTS) {
      const out = `${document.id}.json`;
      const run = await runCliInMemory(["export", document.id], { cwd });
      expect({ id: document.id, code: run.code, stderr: run.stderr }).toEqual({
        id: document.id,
        code: 0,
        stderr: `wrote ${out} (${document.kind} ${document.id} ${document.version}) and ${document.kind}.schema.json beside it\n`,
      });
      const written = readJson(join(cwd, out));
      const loaded = DOCUMENT_REGISTRY.safeLoad(written);
      const original = DOCUMENT_REGISTRY.safeLoad(document);
      expect(loaded.ok && original.ok && loaded.value.fingerprint === original.value.fingerprint, document.id).toBe(true);
      expect(validateAgainstItsSchema(cwd, written), document.id).toEqual([]);
    }
  });

  it("knows every document that @yiyang/standards exports", () => {
    const exported = new Set<unknown>();
    for (const value of Object.values(standards)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === "object" && item !== null && "kind" in item && "id" in item && "version" in item) exported.add(item);
      }
    }
    expect(exported.size).toBeGreaterThanOrEqual(9);
    for (const document of exported) expect(BUNDLED_DOCUMENTS, (document as { id: string }).id).toContain(document);
  });

  it("refuses to overwrite a document file unless --force is given", async () => {
    const cwd = fresh();
    writeFileSync(join(cwd, "my-city.json"), "{ my edits }");
    const refused = await runCliInMemory(["export", "gbt42195-2022", "--out", "my-city.json"], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("my-city.json exists; pass --force to overwrite it.");
    expect(readFileSync(join(cwd, "my-city.json"), "utf8")).toBe("{ my edits }");
    const forced = await runCliInMemory(["export", "gbt42195-2022", "--out", "my-city.json", "--force"], { cwd });
    expect(forced.code).toBe(0);
    expect(readJson(join(cwd, "my-city.json")).id).toBe("gbt42195-2022");
  });

  it("sets $schema to a given URL and writes no schema file", async () => {
    const cwd = fresh();
    const url = "https://unpkg.com/@yiyang/eligibility@0.1.0/schema/service-catalog.schema.json";
    const run = await runCliInMemory(["export", "sample-city-services", "--schema", url], { cwd });
    expect(run.code).toBe(0);
    expect(readJson(join(cwd, "sample-city-services.json")).$schema).toBe(url);
    expect(existsSync(join(cwd, "service-catalog.schema.json"))).toBe(false);
  });

  it("writes to standard output with --out -, and says how to get the schema", async () => {
    const run = await runCliInMemory(["export", "city-elderly-health-indicators", "--out", "-"], { cwd: fresh() });
    expect(run.code).toBe(0);
    const written = JSON.parse(run.stdout) as Record<string, unknown>;
    expect([written.$schema, written.id]).toEqual(["./indicator-catalog.schema.json", "city-elderly-health-indicators"]);
    expect(run.stderr).toContain("yiyang schema indicator-catalog > indicator-catalog.schema.json");
  });

  it("is a usage error for an unknown id, listing the bundled ones", async () => {
    const run = await runCliInMemory(["export", "gbt42195-2023"], { cwd: fresh() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No bundled document has the id "gbt42195-2023"; one of gbt42195-2022, mzt039-2013');
    expect((await runCliInMemory(["export"], { cwd: fresh() })).code).toBe(2);
  });

  it("picks the version in force on --as-of, and refuses a date no version covers", async () => {
    const before = await runCliInMemory(["export", "gbt42195-2022", "--out", "-", "--as-of", "2020-01-01"], { cwd: fresh() });
    expect(before.code).toBe(2);
    expect(before.stderr).toContain("2020-01-01");
    const after = await runCliInMemory(["export", "gbt42195-2022", "--out", "-", "--as-of", "2025-01-01"], { cwd: fresh() });
    expect([after.code, (JSON.parse(after.stdout) as { version: string }).version]).toEqual([0, standards.gbt42195Instrument.version]);
  });
});
