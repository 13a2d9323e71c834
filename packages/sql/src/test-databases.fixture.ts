/**
 * Real databases for the tests: an embedded DuckDB, and a PostgreSQL server.
 *
 * PostgreSQL: `YIYANG_TEST_POSTGRES_URL` names a server (`.ci/run` starts one and sets it). Without
 * it, outside CI, a throwaway cluster is started from Debian's binaries (/usr/lib/postgresql/N/bin)
 * in a private temporary directory on a free loopback port, as the `postgres` user when running as
 * root (initdb and postgres refuse root); without the binaries the PostgreSQL suites are skipped
 * with the reason. In CI (CI=true) a server that cannot be reached fails the tests, never skips them.
 * Not exported from the package.
 * @internal
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import pg from "pg";

/** A PostgreSQL server for a test file, or why there is none. */
export type TestPostgres = { url: string; stop: () => void; reason?: undefined } | { url?: undefined; stop: () => void; reason: string };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function postgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? null : join(root, versions[0] as string, "bin");
}

async function reachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A PostgreSQL server for this test file.
 * @throws when CI=true and no server can be reached
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.YIYANG_TEST_POSTGRES_URL;
  const inCi = process.env.CI === "true";
  if (given !== undefined && given !== "") {
    const problem = await reachable(given);
    if (problem !== null) throw new Error(`YIYANG_TEST_POSTGRES_URL cannot be reached: ${problem}`);
    return { url: given, stop: () => undefined };
  }
  if (inCi) throw new Error("CI=true but YIYANG_TEST_POSTGRES_URL is not set: .ci/run starts PostgreSQL and sets it.");
  const bin = postgresBin();
  if (bin === null) return { reason: "no PostgreSQL server: set YIYANG_TEST_POSTGRES_URL or install postgresql (Debian)", stop: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), "yiyang-pg-"));
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const run = (command: string, args: string[]) => {
    const full = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
    const result = spawnSync(full[0] as string, full[1] as string[], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  };
  if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()), Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()));
  const data = join(dir, "data");
  run(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"]);
  const port = await freePort();
  run(join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  const stop = () => {
    try {
      run(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const problem = await reachable(url);
  if (problem !== null) {
    stop();
    throw new Error(`The PostgreSQL cluster started but cannot be reached: ${problem}`);
  }
  return { url, stop };
}

/** A fresh in-memory DuckDB connection. */
export async function openDuckDB(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(":memory:");
  return instance.connect();
}

/** A private temporary directory for a test file's data files. */
export function testDirectory(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), "yiyang-sql-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Write records as JSON Lines. */
export function writeJsonLines(path: string, records: readonly unknown[]): void {
  writeFileSync(path, records.map((record) => JSON.stringify(record)).join("\n") + (records.length > 0 ? "\n" : ""));
}

/** A DuckDB table of JSON columns (one per field) and the 1-based line, from a JSON Lines file. */
export async function duckdbJsonTable(connection: DuckDBConnection, name: string, file: string, fields: readonly string[]): Promise<void> {
  const columns = fields.map((f) => `json -> '${f}' AS "${f}"`).join(", ");
  await connection.run(`CREATE OR REPLACE TABLE "${name}" AS SELECT row_number() OVER () AS line, ${columns} FROM read_ndjson_objects('${file}')`);
}

/** A PostgreSQL temporary table of jsonb columns (one per field) and the 1-based line, loaded in batches. */
export async function postgresJsonTable(client: pg.Client, name: string, records: readonly unknown[], fields: readonly string[]): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS "${name}"`);
  await client.query(`CREATE TEMP TABLE "${name}" (line bigint, ${fields.map((f) => `"${f}" jsonb`).join(", ")})`);
  const batch = 5000;
  for (let start = 0; start < records.length; start += batch) {
    const slice = records.slice(start, start + batch);
    await client.query(
      `INSERT INTO "${name}" SELECT n + $2, ${fields.map((f) => `r -> '${f}'`).join(", ")} FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, n)`,
      [JSON.stringify(slice), start],
    );
  }
}
