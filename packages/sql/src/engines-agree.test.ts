import { join } from "node:path";
import { computeIndicators, loadIndicatorCatalog, type IndicatorCatalogDocument, type IndicatorReport } from "@yiyang/indicators";
import { cityElderlyHealthIndicators } from "@yiyang/standards";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCityRecords, type CityRecords } from "./generate-city-records.fixture";
import { computeIndicatorsInDuckDB, computeIndicatorsInPostgres } from "./run-indicator-sql";
import { duckdbJsonTable, openDuckDB, postgresJsonTable, startTestPostgres, testDirectory, writeJsonLines } from "./test-databases.fixture";

const catalog = loadIndicatorCatalog(cityElderlyHealthIndicators);
const document = cityElderlyHealthIndicators as unknown as IndicatorCatalogDocument;
const SUBJECTS = ["person", "facility", "episode"] as const;
const fieldsOf = (subject: (typeof SUBJECTS)[number]) => Object.keys(document.recordSchemas[subject]?.fields ?? {});
const YEAR_2024 = { from: "2024-01-01", to: "2024-12-31" };

const postgres = await startTestPostgres();
const directory = testDirectory();

afterAll(() => {
  postgres.stop();
  directory.remove();
});

/** Every engine's report over the same records, each table named with a prefix. */
async function reports(records: Partial<CityRecords>, prefix: string, options: { period: { from: string; to: string }; referenceDate?: string }) {
  const tables = Object.fromEntries(SUBJECTS.map((s) => [s, { table: `${prefix}_${s}`, line: "line" }]));
  const duck = await openDuckDB();
  for (const subject of SUBJECTS) {
    const file = join(directory.path, `${prefix}-${subject}.jsonl`);
    writeJsonLines(file, records[subject] ?? []);
    if ((records[subject] ?? []).length === 0) {
      await duck.run(`CREATE TABLE "${prefix}_${subject}" (line BIGINT, ${fieldsOf(subject).map((f) => `"${f}" JSON`).join(", ")})`);
    } else {
      await duckdbJsonTable(duck, `${prefix}_${subject}`, file, fieldsOf(subject));
    }
  }
  const result: { inProcess: IndicatorReport; duckdb: IndicatorReport; postgres?: IndicatorReport } = {
    inProcess: computeIndicators(catalog, records, options),
    duckdb: await computeIndicatorsInDuckDB(catalog, duck, { ...options, tables }),
  };
  duck.closeSync();
  if (postgres.url !== undefined) {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      for (const subject of SUBJECTS) await postgresJsonTable(client, `${prefix}_${subject}`, records[subject] ?? [], fieldsOf(subject));
      result.postgres = await computeIndicatorsInPostgres(catalog, client, { ...options, tables });
    } finally {
      await client.end();
    }
  }
  return result;
}

describe("runIndicatorSql", () => {
  describe("on generated city records (in process, DuckDB, PostgreSQL)", () => {
    const records = generateCityRecords(100_000);
    let result: Awaited<ReturnType<typeof reports>>;
    beforeAll(async () => {
      result = await reports(records, "city", { period: YEAR_2024 });
    }, 240_000);

    it("counts the same records, refuses the same ones and builds the same report in DuckDB", () => {
      expect(result.inProcess.records.read).toBe(100_000 + 5_000 + 20_000);
      // The generated data has refused records of every kind and an unknown-sex stratum.
      expect(result.inProcess.records.bySubject.person.invalid).toBeGreaterThan(1_000);
      expect(result.inProcess.records.bySubject.facility.invalid).toBeGreaterThan(50);
      expect(result.inProcess.indicators[0]?.strata.find((s) => s.id === "sex")?.strata.map((s) => s.stratum)).toEqual(["female", "male", "other", "unknown"]);
      expect(result.duckdb).toEqual(result.inProcess);
    });

    it.skipIf(postgres.url === undefined)(`builds the same report in PostgreSQL${postgres.reason === undefined ? "" : ` (skipped: ${postgres.reason})`}`, () => {
      expect(result.postgres).toEqual(result.inProcess);
    });
  });

  describe("on typed tables (Parquet in DuckDB, native columns in PostgreSQL)", () => {
    // Only records whose every value a typed column can hold: a date column holds no "2024-02-30".
    const { person, facility, episode } = generateCityRecords(20_000, 5);
    const typedOf = (subject: (typeof SUBJECTS)[number]) => document.recordSchemas[subject]?.fields ?? {};
    const fits = (subject: (typeof SUBJECTS)[number]) => (record: Record<string, unknown>) =>
      Object.entries(typedOf(subject)).every(([field, spelling]) => {
        const value = record[field];
        if (value === undefined || value === null) return true;
        const kind = spelling.replace("?", "");
        if (kind === "date") return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().slice(0, 10) === value;
        if (kind === "boolean") return typeof value === "boolean";
        if (kind.startsWith("integer")) return Number.isSafeInteger(value);
        return typeof value === "string";
      });
    const records = { person: person.filter(fits("person")), facility: facility.filter(fits("facility")), episode: episode.filter(fits("episode")) };
    const sqlType = (spelling: string, dialect: "duckdb" | "postgres") => {
      const kind = spelling.replace("?", "");
      if (kind === "date") return "DATE";
      if (kind === "boolean") return "BOOLEAN";
      if (kind.startsWith("integer")) return "BIGINT";
      return dialect === "duckdb" ? "VARCHAR" : "text";
    };

    it("gives the report of the in-process engine over the same records", async () => {
      const expected = computeIndicators(catalog, records, { period: YEAR_2024 });
      expect(expected.records.invalid).toBeGreaterThan(100);
      const duck = await openDuckDB();
      const tables: Record<string, { table: string; line: string }> = {};
      for (const subject of SUBJECTS) {
        const file = join(directory.path, `typed-${subject}.jsonl`);
        writeJsonLines(file, records[subject]);
        await duckdbJsonTable(duck, `json_${subject}`, file, fieldsOf(subject));
        const casts = Object.entries(typedOf(subject)).map(([f, spelling]) => `CAST(json_extract_string("${f}", '$') AS ${sqlType(spelling, "duckdb")}) AS "${f}"`);
        const parquet = join(directory.path, `${subject}.parquet`);
        await duck.run(`COPY (SELECT line, ${casts.join(", ")} FROM "json_${subject}" ORDER BY line) TO '${parquet}' (FORMAT parquet)`);
        await duck.run(`CREATE VIEW "typed_${subject}" AS SELECT * FROM read_parquet('${parquet}')`);
        tables[subject] = { table: `typed_${subject}`, line: "line" };
      }
      expect(await computeIndicatorsInDuckDB(catalog, duck, { period: YEAR_2024, tables })).toEqual(expected);
      duck.closeSync();
      if (postgres.url === undefined) return;
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      try {
        for (const subject of SUBJECTS) {
          await postgresJsonTable(client, `json_${subject}`, records[subject], fieldsOf(subject));
          const casts = Object.entries(typedOf(subject)).map(([f, spelling]) => `CAST("${f}" #>> '{}' AS ${sqlType(spelling, "postgres")}) AS "${f}"`);
          await client.query(`CREATE TEMP TABLE "typed_${subject}" AS SELECT line, ${casts.join(", ")} FROM "json_${subject}"`);
        }
        expect(await computeIndicatorsInPostgres(catalog, client, { period: YEAR_2024, tables })).toEqual(expected);
      } finally {
        await client.end();
      }
    }, 120_000);
  });

  describe("on the catalog's own test cases", () => {
    const tests = document.tests ?? [];
    it.each(tests.map((test, i) => [i, test.description.slice(0, 60), test] as const))("agrees on case %i (%s)", async (i, _description, test) => {
      const options = test.referenceDate === undefined ? { period: test.period } : { period: test.period, referenceDate: test.referenceDate };
      const result = await reports(test.records as Partial<CityRecords>, `case${i}`, options);
      expect(result.duckdb).toEqual(result.inProcess);
      if (postgres.url !== undefined) expect(result.postgres).toEqual(result.inProcess);
    });
  });
});
