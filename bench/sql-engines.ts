/**
 * `pnpm bench:sql`: the sample indicator catalog over generated person records, counted four ways
 * in one run, each in its own process (so each one's peak memory is its own):
 *
 * - in process, streaming JSON Lines (read, parse, validate and count one record at a time);
 * - DuckDB (embedded) over Parquet, and over CSV;
 * - PostgreSQL over a table already loaded (the load is not timed).
 *
 * Prints time, rows per second and peak resident memory, with ratios to the in-process stream,
 * and checks that every engine gave the same report. Sizes: 1M and 10M records
 * (`BENCH_SQL_SIZES=1000000,10000000`); `BENCH_QUICK=1` runs 20,000 for a smoke test. Data is
 * generated under bench/.data (git-ignored) and reused. PostgreSQL: `YIYANG_BENCH_POSTGRES_URL`, or
 * a throwaway cluster started from Debian's binaries; without either, its row is left out and said so.
 */
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { computeIndicatorsAsync, loadIndicatorCatalog, type IndicatorReport } from "@yiyang/indicators";
import { computeIndicatorsInDuckDB, computeIndicatorsInPostgres, type ColumnType } from "@yiyang/sql";
import { cityElderlyHealthIndicators } from "@yiyang/standards";
import pg from "pg";
import { generateCityRecords } from "../packages/sql/src/generate-city-records.fixture";
import { startTestPostgres } from "../packages/sql/src/test-databases.fixture";

const here = dirname(fileURLToPath(import.meta.url));
const DATA = join(here, ".data");
const PERIOD = { from: "2024-01-01", to: "2024-12-31" };
const catalog = loadIndicatorCatalog(cityElderlyHealthIndicators);
const FIELDS = Object.keys(catalog.document.recordSchemas.person?.fields ?? {});
const DATES = FIELDS.filter((f) => f === "birthDate" || f.endsWith("On"));
const BOOLEANS = ["familyDoctorSigned", "disabled", "dementia"];
const typeOf = (field: string) => (DATES.includes(field) ? "DATE" : BOOLEANS.includes(field) ? "BOOLEAN" : "VARCHAR");

/**
 * Whether a record's values fit typed columns and survive CSV (an empty string reads back as an
 * absent cell), so the JSON Lines, CSV and Parquet files hold the same records.
 */
function fits(record: Record<string, unknown>): boolean {
  return FIELDS.every((f) => {
    const v = record[f];
    if (v === undefined || v === null) return true;
    if (DATES.includes(f)) return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
    if (BOOLEANS.includes(f)) return typeof v === "boolean";
    return typeof v === "string" && v !== "";
  });
}

/** The three files of `size` person records (generated once, in chunks, then reused). */
async function dataFor(size: number): Promise<{ jsonl: string; csv: string; parquet: string }> {
  mkdirSync(DATA, { recursive: true });
  const base = join(DATA, `person-${size}`);
  const files = { jsonl: `${base}.jsonl`, csv: `${base}.csv`, parquet: `${base}.parquet` };
  if (existsSync(files.jsonl) && existsSync(files.csv) && existsSync(files.parquet)) return files;
  const out = createWriteStream(`${files.jsonl}.part`);
  let written = 0;
  for (let chunk = 0; written < size; chunk++) {
    const { person } = generateCityRecords(50_000, 1000 + chunk);
    let text = "";
    for (const record of person) {
      if (written >= size || !fits(record)) continue;
      const row: Record<string, unknown> = {};
      for (const f of FIELDS) if (record[f] !== undefined) row[f] = record[f];
      row.id = `c${chunk}-${String(record.id)}`;
      text += JSON.stringify(row) + "\n";
      written++;
    }
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  renameSync(`${files.jsonl}.part`, files.jsonl);
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const typed = FIELDS.map((f) => `CAST(json ->> '${f}' AS ${typeOf(f)}) AS "${f}"`).join(", ");
  await connection.run(`COPY (SELECT ${typed} FROM read_ndjson_objects('${files.jsonl}')) TO '${files.parquet}' (FORMAT parquet)`);
  await connection.run(`COPY (SELECT * FROM read_parquet('${files.parquet}')) TO '${files.csv}' (FORMAT csv, HEADER true)`);
  connection.closeSync();
  return files;
}

type Engine = "in-process-jsonl" | "duckdb-parquet" | "duckdb-csv" | "postgres-table";

/** The subset of a report compared across engines (all of it: the engines give the same report). */
const fingerprintOf = (report: IndicatorReport) => JSON.stringify(report);

/** Run one engine in this process (the child side). */
async function runEngine(engine: Engine, size: number, postgresUrl: string | undefined): Promise<void> {
  const files = await dataFor(size);
  let report: IndicatorReport;
  let serverPeakKiB: number | null = null;
  const started = process.hrtime.bigint();
  if (engine === "in-process-jsonl") {
    async function* records() {
      const lines = createInterface({ input: createReadStream(files.jsonl), crlfDelay: Infinity });
      for await (const line of lines) if (line !== "") yield JSON.parse(line) as unknown;
    }
    report = await computeIndicatorsAsync(catalog, { person: records() }, { period: PERIOD });
  } else if (engine === "duckdb-parquet" || engine === "duckdb-csv") {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const columns: Record<string, ColumnType> | undefined = engine === "duckdb-csv" ? Object.fromEntries(FIELDS.map((f) => [f, f === "id" ? "csv-text" : "csv"])) : undefined;
    // Rows numbered as the records of the JSON Lines file are (the CLI numbers CSV lines after the header).
    const source =
      engine === "duckdb-parquet"
        ? `SELECT *, file_row_number + 1 AS line_, file_row_number AS index_ FROM read_parquet('${files.parquet}', file_row_number = true)`
        : `SELECT *, row_number() OVER () AS line_, row_number() OVER () - 1 AS index_ FROM read_csv('${files.csv}', header = true, all_varchar = true)`;
    await connection.run(`CREATE VIEW person AS ${source}`);
    const person = { table: "person", line: "line_", index: "index_", ...(columns === undefined ? {} : { columns }) };
    report = await computeIndicatorsInDuckDB(catalog, connection, { period: PERIOD, tables: { person, facility: null, episode: null } });
    connection.closeSync();
  } else {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    const pid = (await client.query("SELECT pg_backend_pid() AS pid")).rows[0]?.pid as number;
    report = await computeIndicatorsInPostgres(catalog, client, { period: PERIOD, tables: { person: `bench.person_${size}`, facility: null, episode: null } });
    const status = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, "utf8") : "";
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    serverPeakKiB = match === null ? null : Number(match[1]);
    await client.end();
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`@@result ${JSON.stringify({ ms, rows: report.records.read, peakKiB: process.resourceUsage().maxRSS, serverPeakKiB, report: fingerprintOf(report) })}\n`);
}

/** Load the typed table into PostgreSQL with a server-side COPY (not timed). */
async function loadPostgres(url: string, size: number, csv: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("CREATE SCHEMA IF NOT EXISTS bench");
    const exists = await client.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'bench' AND tablename = $1", [`person_${size}`]);
    if (Number(exists.rows[0]?.n) > 0) return;
    await client.query(`CREATE TABLE bench.person_${size} (${FIELDS.map((f) => `"${f}" ${typeOf(f) === "VARCHAR" ? "text" : typeOf(f)}`).join(", ")})`);
    await client.query(`COPY bench.person_${size} FROM '${csv}' (FORMAT csv, HEADER true)`);
    await client.query(`ANALYZE bench.person_${size}`);
  } finally {
    await client.end();
  }
}

function child(engine: Engine, size: number, postgresUrl: string | undefined): Promise<{ ms: number; rows: number; peakKiB: number; serverPeakKiB: number | null; report: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--engine", engine, "--size", String(size)], {
      env: { ...process.env, ...(postgresUrl === undefined ? {} : { YIYANG_BENCH_POSTGRES_URL: postgresUrl }) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    proc.on("error", reject);
    proc.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("@@result "));
      if (code !== 0 || line === undefined) reject(new Error(`${engine} at ${size} failed (exit ${code})`));
      else resolve(JSON.parse(line.slice("@@result ".length)) as never);
    });
  });
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const engineArg = args.indexOf("--engine");
  if (engineArg >= 0) {
    await runEngine(args[engineArg + 1] as Engine, Number(args[args.indexOf("--size") + 1]), process.env.YIYANG_BENCH_POSTGRES_URL);
    return;
  }
  const sizes = process.env.BENCH_QUICK === "1" ? [20_000] : (process.env.BENCH_SQL_SIZES ?? "1000000,10000000").split(",").map(Number);
  let postgres: Awaited<ReturnType<typeof startTestPostgres>> | null = null;
  let url = process.env.YIYANG_BENCH_POSTGRES_URL ?? process.env.YIYANG_TEST_POSTGRES_URL;
  if (url === undefined) {
    const previous = process.env.CI;
    delete process.env.CI;
    postgres = await startTestPostgres();
    if (previous !== undefined) process.env.CI = previous;
    url = postgres.url;
    if (url === undefined) console.log(`PostgreSQL left out: ${postgres.reason}`);
  }
  console.log(`Sample catalog city-elderly-health-indicators over generated person records (Node ${process.version}, ${(await import("node:os")).cpus().length} cores).`);
  console.log("engine               records      time        rows/s     peak memory  vs in-process stream");
  try {
    for (const size of sizes) {
      const files = await dataFor(size);
      if (url !== undefined) await loadPostgres(url, size, files.csv);
      const engines: Engine[] = ["in-process-jsonl", "duckdb-parquet", "duckdb-csv", ...(url === undefined ? [] : (["postgres-table"] as Engine[]))];
      const results = new Map<Engine, Awaited<ReturnType<typeof child>>>();
      for (const engine of engines) results.set(engine, await child(engine, size, url));
      const base = results.get("in-process-jsonl") as Awaited<ReturnType<typeof child>>;
      for (const [engine, r] of results) {
        const memory = `${mib(r.peakKiB)}${r.serverPeakKiB === null ? "" : ` (+ server ${mib(r.serverPeakKiB)})`}`;
        const ratio = engine === "in-process-jsonl" ? "1.0×" : `${(base.ms / r.ms).toFixed(1)}× faster`;
        console.log(
          `${engine.padEnd(20)} ${r.rows.toLocaleString("en-US").padStart(11)} ${`${(r.ms / 1000).toFixed(2)} s`.padStart(9)} ${Math.round((r.rows / r.ms) * 1000).toLocaleString("en-US").padStart(13)}  ${memory.padStart(14)}  ${ratio}`,
        );
      }
      const same = [...results.values()].every((r) => r.report === base.report);
      console.log(`  ${size.toLocaleString("en-US")} records, files ${(statSync(files.jsonl).size / 2 ** 20).toFixed(0)} MiB JSONL / ${(statSync(files.csv).size / 2 ** 20).toFixed(0)} MiB CSV / ${(statSync(files.parquet).size / 2 ** 20).toFixed(0)} MiB Parquet; every engine gave the same report: ${same ? "yes" : "NO"}`);
      if (!same) process.exitCode = 1;
    }
  } finally {
    postgres?.stop();
  }
}

await main();
