import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCityRecords } from "../../sql/src/generate-city-records.fixture";
import { postgresJsonTable, startTestPostgres, testDirectory } from "../../sql/src/test-databases.fixture";
import { buildCli, runBin } from "./spawn-cli.test-helper";

const directory = testDirectory();
const postgres = await startTestPostgres();
const { person, facility, episode } = generateCityRecords(3_000, 21);
const file = (name: string) => join(directory.path, name);
const lines = (records: readonly unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";
const PERSON_FIELDS = ["id", "birthDate", "sex", "district", "residentType", "deceasedOn", "healthManagedOn", "tcmManagedOn", "familyDoctorSigned", "integratedCareOn", "disabled", "dementia", "healthAssessedOn"];

writeFileSync(file("person.jsonl"), lines(person));
writeFileSync(file("facility.jsonl"), lines(facility));
writeFileSync(file("episode.jsonl"), lines(episode));
writeFileSync(file("mixed.jsonl"), lines([...person.slice(0, 500).map((r) => ({ subject: "person", ...r })), ...facility.map((r) => ({ ...r, subject: "facility" }))]));
const csvCell = (value: unknown) => (value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value)).replace(/"/g, '""');
writeFileSync(file("person.csv"), [PERSON_FIELDS.join(","), ...person.map((r) => PERSON_FIELDS.map((f) => `"${csvCell(r[f])}"`).join(","))].join("\n") + "\n");

/** Whether every value of a person record fits a typed column (a DATE column holds no "2024-02-30"). */
const DATE_FIELDS = ["birthDate", "deceasedOn", "healthManagedOn", "tcmManagedOn", "integratedCareOn", "healthAssessedOn"];
const BOOLEAN_FIELDS = ["familyDoctorSigned", "disabled", "dementia"];
const fits = (record: Record<string, unknown>) =>
  PERSON_FIELDS.every((f) => {
    const v = record[f];
    if (v === undefined || v === null) return true;
    if (DATE_FIELDS.includes(f)) return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
    if (BOOLEAN_FIELDS.includes(f)) return typeof v === "boolean";
    return typeof v === "string";
  });
const typeOf = (f: string, dialect: "duckdb" | "postgres") => (DATE_FIELDS.includes(f) ? "DATE" : BOOLEAN_FIELDS.includes(f) ? "BOOLEAN" : dialect === "duckdb" ? "VARCHAR" : "text");
const typed = person.filter(fits).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => PERSON_FIELDS.includes(k))));
writeFileSync(file("typed.jsonl"), lines(typed));

const BASE = ["indicators", "--catalog", "city-elderly-health-indicators", "--period", "2024", "--format", "json"];

beforeAll(async () => {
  await buildCli();
}, 120_000);

afterAll(() => {
  postgres.stop();
  directory.remove();
});

describe("yiyang indicators --engine (spawned)", () => {
  it("gives the in-process report with DuckDB over JSON Lines (by kind and mixed) and CSV", async () => {
    for (const inputs of [
      ["--input", `person=${file("person.jsonl")}`, "--input", `facility=${file("facility.jsonl")}`, "--input", `episode=${file("episode.jsonl")}`],
      ["--input", file("mixed.jsonl")],
      ["--input", `person=${file("person.csv")}`],
    ]) {
      const inProcess = await runBin([...BASE, ...inputs]);
      const duckdb = await runBin([...BASE, ...inputs, "--engine", "duckdb"]);
      expect(duckdb.stderr).toBe("");
      expect(inProcess.code).toBe(1);
      expect(duckdb.code).toBe(1);
      expect(JSON.parse(duckdb.stdout)).toEqual(JSON.parse(inProcess.stdout));
    }
  }, 120_000);

  it("reads Parquet with DuckDB: the same counts as the same records in JSON Lines", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const parquet = file("person.parquet");
    const casts = PERSON_FIELDS.map((f) => `CAST(json ->> '${f}' AS ${typeOf(f, "duckdb")}) AS "${f}"`).join(", ");
    await connection.run(`COPY (SELECT ${casts} FROM read_ndjson_objects('${file("typed.jsonl")}')) TO '${parquet}' (FORMAT parquet)`);
    connection.closeSync();
    const fromParquet = await runBin([...BASE, "--input", `person=${parquet}`, "--engine", "duckdb"]);
    const fromLines = await runBin([...BASE, "--input", `person=${file("typed.jsonl")}`]);
    expect(fromParquet.stderr).toBe("");
    const a = JSON.parse(fromParquet.stdout) as { records: { invalid: number }; indicators: unknown };
    const b = JSON.parse(fromLines.stdout) as { records: unknown; indicators: unknown };
    expect(a.records.invalid).toBeGreaterThan(10);
    expect(a.records).toEqual(b.records);
    expect(a.indicators).toEqual(b.indicators);
  }, 120_000);

  it.skipIf(postgres.url === undefined)(`gives the in-process report with PostgreSQL, loading --input or reading --table${postgres.reason === undefined ? "" : ` (skipped: ${postgres.reason})`}`, async () => {
    const url = postgres.url as string;
    const inputs = ["--input", `person=${file("person.jsonl")}`, "--input", `facility=${file("facility.jsonl")}`, "--input", `episode=${file("episode.jsonl")}`];
    const inProcess = JSON.parse((await runBin([...BASE, ...inputs])).stdout) as unknown;
    const loaded = await runBin([...BASE, ...inputs, "--engine", "postgres", "--database", url]);
    expect(loaded.stderr).toBe("");
    expect(JSON.parse(loaded.stdout)).toEqual(inProcess);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("CREATE SCHEMA IF NOT EXISTS city");
    for (const [kind, records] of [["person", person], ["facility", facility], ["episode", episode]] as const) {
      const fields = Object.keys(Object.assign({}, ...records.slice(0, 200))).filter((f) => f !== "note");
      await postgresJsonTable(client, `${kind}_json`, records, fields);
      await client.query(`DROP TABLE IF EXISTS city.${kind}; CREATE TABLE city.${kind} AS SELECT * FROM "${kind}_json"`);
    }
    await postgresJsonTable(client, "typed_json", typed, PERSON_FIELDS);
    await client.query(`DROP TABLE IF EXISTS city.person_typed; CREATE TABLE city.person_typed AS SELECT line, ${PERSON_FIELDS.map((f) => `CAST("${f}" #>> '{}' AS ${typeOf(f, "postgres")}) AS "${f}"`).join(", ")} FROM typed_json`);
    await client.end();
    const tables = await runBin([...BASE, "--engine", "postgres", "--database", url, "--table", "person=city.person", "--table", "facility=city.facility", "--table", "episode=city.episode"]);
    expect(tables.stderr).toBe("");
    const report = JSON.parse(tables.stdout) as { records: unknown; indicators: unknown };
    expect(report.indicators).toEqual((inProcess as { indicators: unknown }).indicators);
  }, 120_000);

  it("refuses engine options that do not go together", async () => {
    expect((await runBin([...BASE, "--input", file("person.jsonl"), "--engine", "oracle"])).code).toBe(2);
    expect((await runBin([...BASE, "--input", file("person.jsonl"), "--table", "person=x"])).code).toBe(2);
    expect((await runBin([...BASE, "--input", file("person.jsonl"), "--engine", "postgres"])).code).toBe(2);
  });
});

describe("yiyang sql (spawned)", () => {
  it("prints the counting SQL for a dialect, with its parameters, on the tables named", async () => {
    const { code, stdout } = await runBin(["sql", "--catalog", "city-elderly-health-indicators", "--dialect", "postgres", "--table", "person=health.residents"]);
    expect(code).toBe(0);
    expect(stdout).toContain("-- Parameters: $1 the period's first day");
    expect(stdout).toContain('FROM "health"."residents"');
    expect(stdout).toContain("GROUP BY GROUPING SETS");
    const fixed = await runBin(["sql", "--catalog", "city-elderly-health-indicators", "--dialect", "duckdb", "--period", "2024"]);
    expect(fixed.stdout).toContain("DATE '2024-12-31'");
    expect(fixed.stdout).not.toContain("$2");
  });

  it.skipIf(postgres.url === undefined)("runs as printed in PostgreSQL, with the period as parameters", async () => {
    const { stdout } = await runBin(["sql", "--catalog", "city-elderly-health-indicators", "--dialect", "postgres", "--table", "person=city.person_typed"]);
    const first = stdout.split(";\n")[0] as string;
    const client = new pg.Client({ connectionString: postgres.url as string });
    await client.connect();
    try {
      const { rows } = await client.query(first, ["2024-01-01", "2024-12-31", "2024-12-31"]);
      expect(rows.some((row) => Number(row.records_read) === typed.length)).toBe(true);
    } finally {
      await client.end();
    }
  });

  it("refuses a bad dialect or table and says why", async () => {
    expect((await runBin(["sql", "--catalog", "city-elderly-health-indicators", "--dialect", "mysql"])).code).toBe(2);
    expect((await runBin(["sql", "--catalog", "city-elderly-health-indicators", "--dialect", "duckdb", "--table", "people=x"])).code).toBe(2);
  });
});
