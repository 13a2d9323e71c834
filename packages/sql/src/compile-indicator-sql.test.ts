import { loadIndicatorCatalog } from "@yiyang/indicators";
import { cityElderlyHealthIndicators } from "@yiyang/standards";
import { describe, expect, it } from "vitest";
import { compileIndicatorSql, safeCompileIndicatorSql } from "./compile-indicator-sql";

const catalog = loadIndicatorCatalog(cityElderlyHealthIndicators);
const TABLES = { person: "health.residents", facility: "health.facilities", episode: "care.stays" };

describe("compileIndicatorSql", () => {
  it.each(["postgres", "duckdb"] as const)("writes the sample catalog for %s as in its golden file", async (dialect) => {
    const sql = compileIndicatorSql(catalog, { dialect, tables: TABLES });
    await expect(sql.text).toMatchFileSnapshot(`../golden/city-elderly-health-indicators.${dialect}.sql`);
  });

  it("scans each subject's table once, with a grouping set per stratifier", () => {
    const sql = compileIndicatorSql(catalog, { dialect: "postgres", tables: TABLES });
    expect(sql.subjects.map((s) => [s.subject, s.table])).toEqual([
      ["person", "health.residents"],
      ["facility", "health.facilities"],
      ["episode", "care.stays"],
    ]);
    const person = sql.subjects[0]?.count ?? "";
    expect(person.match(/FROM "health"\."residents"/g)).toHaveLength(1);
    expect(person).toContain('GROUP BY GROUPING SETS ((), ("key_0"), ("key_1"), ("key_2"))');
    expect(sql.subjects[0]?.layout.strata.map((s) => s.id)).toEqual(["district", "sex", "age-band"]);
  });

  it("reads the period from bind parameters, or writes it in when given", () => {
    const open = compileIndicatorSql(catalog, { dialect: "duckdb" });
    expect(open.parameters).toEqual(["period.from", "period.to", "referenceDate"]);
    expect(open.text).toContain("CAST($1 AS DATE)");
    const fixed = compileIndicatorSql(catalog, { dialect: "duckdb", period: { from: "2024-01-01", to: "2024-12-31" } });
    expect(fixed.parameters).toEqual([]);
    expect(fixed.referenceDate).toBe("2024-12-31");
    expect(fixed.text).toContain("DATE '2024-12-31'");
    expect(fixed.text).not.toContain("$2");
  });

  it("refuses a column whose type cannot hold the field exactly, naming the field", () => {
    const result = safeCompileIndicatorSql(catalog, { dialect: "postgres", tables: { person: { table: "p", columns: { birthDate: "boolean" } } } });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([["column_type_mismatch", "/recordSchemas/person/fields/birthDate"]]);
  });

  it("reads a field without a column as absent in every row", () => {
    const sql = compileIndicatorSql(catalog, { dialect: "postgres", tables: { person: { table: "p", columns: { id: "text", birthDate: "date" } } } });
    expect(sql.subjects[0]?.layout.fields.filter((f) => f.column !== null).map((f) => f.name)).toEqual(["id", "birthDate"]);
  });

  it("refuses an unknown dialect and a catalog that is not loaded", () => {
    expect(safeCompileIndicatorSql(catalog, { dialect: "oracle" as never }).issues[0]?.code).toBe("invalid_argument");
    expect(safeCompileIndicatorSql(cityElderlyHealthIndicators as never, { dialect: "duckdb" }).issues[0]?.code).toBe("invalid_argument");
    expect(() => compileIndicatorSql(catalog, { dialect: "duckdb", period: { from: "2024-12-31", to: "2024-01-01" } })).toThrow(/period/);
  });
});
