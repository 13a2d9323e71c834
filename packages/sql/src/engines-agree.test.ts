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
