import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cityElderlyHealthIndicators, gbt42195Instrument } from "@yiyang/standards";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, runBin } from "./spawn-cli.test-helper";

const work = mkdtempSync(join(tmpdir(), "yiyang-fhir-"));
const RECORDED = "2025-03-10T09:30:00+08:00";

type Json = Record<string, any>;
const lines = (text: string) => text.trim().split("\n").map((l) => JSON.parse(l) as Json);

/** The GB/T 42195 document's own records: valid ones, then one the instrument refuses, then one no response can hold. */
const vectors = (gbt42195Instrument.tests as Array<{ record: unknown; expect: Json }>).filter((t) => typeof t.record === "object" && !Array.isArray(t.record));
const valid = vectors.filter((t) => "level" in t.expect).slice(0, 6).map((t) => t.record);
const refused = vectors.find((t) => (t.expect.issues as Array<{ path: string }> | undefined)?.some((i) => i.path === "/items/stairs"))?.record;
const recordsPath = join(work, "records.jsonl");
writeFileSync(recordsPath, [...valid, refused, [1, 2, 3]].map((r) => JSON.stringify(r)).join("\n") + "\n");

beforeAll(async () => {
  await buildCli();
}, 120_000);

describe("yiyang fhir (spawned)", () => {
  it("prints the Questionnaire and the level CodeSystem of an instrument", async () => {
    const q = await runBin(["fhir", "questionnaire", "gbt42195-2022"]);
    expect(q.code).toBe(0);
    const questionnaire = JSON.parse(q.stdout) as Json;
    expect(questionnaire).toMatchObject({ resourceType: "Questionnaire", url: "https://yiyang-health.github.io/fhir/Questionnaire/gbt42195-2022", version: gbt42195Instrument.version });
    expect(q.stderr).toBe("");
    const flagged = JSON.parse((await runBin(["fhir", "questionnaire", "gbt42195-2022", "--flag", "stackAdjustments=true"])).stdout) as Json;
    expect(flagged.url).toBe(`${questionnaire.url}/flags/stackAdjustments=true`);
    const cs = await runBin(["fhir", "codesystem", "gbt42195-2022"]);
    expect((JSON.parse(cs.stdout) as Json).concept).toHaveLength(5);
  });

  it("writes one QuestionnaireResponse a line, an OperationOutcome for a record no response can hold, and exits 1", async () => {
    const { code, stdout, stderr } = await runBin(["fhir", "response", "--instrument", "gbt42195-2022", "--input", recordsPath]);
    expect(code).toBe(1);
    const out = lines(stdout);
    expect(out.map((o) => o.resourceType)).toEqual([...valid.map(() => "QuestionnaireResponse"), "QuestionnaireResponse", "OperationOutcome"]);
    expect(out[out.length - 1]?.issue?.[0]?.diagnostics).toContain(`line ${valid.length + 2}: / not_representable`);
    expect(stderr).toContain(`line ${valid.length + 2}`);
  });

  it("scores QuestionnaireResponses as it scores the records they came from", async () => {
    const responses = await runBin(["fhir", "response", "--instrument", "gbt42195-2022", "--input", recordsPath]);
    const responsesPath = join(work, "responses.ndjson");
    writeFileSync(responsesPath, responses.stdout);
    const fromRecords = lines((await runBin(["assess", "--instrument", "gbt42195-2022", "--input", recordsPath])).stdout);
    const fromResponses = await runBin(["assess", "--instrument", "gbt42195-2022", "--input", responsesPath, "--input-format", "fhir"]);
    expect(fromResponses.code).toBe(1);
    const read = lines(fromResponses.stdout);
    expect(read.slice(0, valid.length + 1)).toEqual(fromRecords.slice(0, valid.length + 1));
    expect(read[valid.length]?.issues?.[0]).toMatchObject({ path: "/items/stairs", code: "invalid_option" });
    // The OperationOutcome line is no response: reported, not scored.
    expect(read[valid.length + 1]).toMatchObject({ line: valid.length + 2, issues: [{ code: "invalid_response", path: "/resourceType" }] });
  });

  it("writes a transaction Bundle per assessed record and an OperationOutcome per refused one", async () => {
    const { code, stdout } = await runBin(["assess", "--instrument", "gbt42195-2022", "--input", recordsPath, "--format", "fhir", "--recorded", RECORDED]);
    expect(code).toBe(1);
    const out = lines(stdout);
    expect(out.map((o) => (o.resourceType === "Bundle" ? o.type : o.resourceType))).toEqual([...valid.map(() => "transaction"), "OperationOutcome", "OperationOutcome"]);
    const provenance = out[0]?.entry?.find((e: Json) => e.resource.resourceType === "Provenance")?.resource;
    expect(provenance.recorded).toBe(RECORDED);
    // The same input, the same Bundles.
    const again = await runBin(["assess", "--instrument", "gbt42195-2022", "--input", recordsPath, "--format", "fhir", "--recorded", RECORDED]);
    expect(again.stdout).toBe(stdout);
  });

  it("refuses a recorded time that is no instant, FHIR input read as CSV, and a missing subcommand", async () => {
    expect((await runBin(["assess", "--instrument", "gbt42195-2022", "--input", recordsPath, "--format", "fhir", "--recorded", "today"])).code).toBe(2);
    const csv = join(work, "responses.csv");
    writeFileSync(csv, "id\n1\n");
    expect((await runBin(["assess", "--instrument", "gbt42195-2022", "--input", csv, "--input-format", "fhir"])).code).toBe(2);
    const none = await runBin(["fhir"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("questionnaire, codesystem, response");
    expect((await runBin(["fhir", "questionnaire", "nope"])).code).toBe(2);
  });

  it("writes an indicator report as a Bundle of Measures and MeasureReports", async () => {
    const test = (cityElderlyHealthIndicators.tests as Array<{ records: Record<string, unknown[]> }>)[0] as { records: Record<string, unknown[]> };
    const records = Object.entries(test.records).flatMap(([subject, list]) => list.map((r) => ({ ...(r as object), subject })));
    const input = join(work, "city.jsonl");
    writeFileSync(input, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const { stdout } = await runBin(["indicators", "--catalog", "city-elderly-health-indicators", "--input", input, "--period", "2024", "--format", "fhir"]);
    const bundle = JSON.parse(stdout) as Json;
    const types = (bundle.entry as Json[]).map((e) => e.resource.resourceType);
    expect(types.filter((t) => t === "Measure")).toHaveLength(types.length / 2);
    expect(types.filter((t) => t === "MeasureReport")).toHaveLength(types.length / 2);
  });
});
