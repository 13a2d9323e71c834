import { describe, expect, it } from "vitest";
import { IMPACT_CSV_COLUMNS, readSampleRecords } from "./read-sample-records";

describe("readSampleRecords", () => {
  it("reads JSON Lines, one record a line, with an issue for every bad line", async () => {
    const read = await readSampleRecords('\ufeff{"id":"a"}\r\n\r\n{oops\n{"id":"b"}\n', "records.jsonl");
    expect(read.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(read[0]?.record).toEqual({ id: "a" });
    expect(read[1]?.issues?.[0]?.code).toBe("empty_line");
    expect(read[2]?.issues?.[0]?.code).toBe("invalid_json");
    expect(read[3]?.record).toEqual({ id: "b" });
  });

  it("reads CSV with csv-parse: nested columns, list and text columns, quotes, and a short row", async () => {
    const csv = 'id,assessedOn,items.eating,diseases,note\n007,2025-03-10,4,dementia; copd,"a, ""quoted"" note"\n8,2025-03-11,3,,x,extra\n';
    const read = await readSampleRecords(csv, "records.csv", IMPACT_CSV_COLUMNS.instrument);
    expect(read[0]).toEqual({ line: 2, record: { id: "007", assessedOn: "2025-03-10", items: { eating: 4 }, diseases: ["dementia", "copd"], note: 'a, "quoted" note' } });
    expect(read[1]).toMatchObject({ line: 3, issues: [{ code: "csv_column_count" }] });
  });

  it("never writes through __proto__ from a column name", async () => {
    const read = await readSampleRecords("__proto__.polluted,id\nyes,1\n", "x.csv");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(read[0]?.record).toEqual({ id: 1 });
  });

  it("reads a JSON array, one record an element", async () => {
    expect((await readSampleRecords('[{"id":1},{"id":2}]', "r.json")).map((r) => r.record)).toEqual([{ id: 1 }, { id: 2 }]);
  });
});
