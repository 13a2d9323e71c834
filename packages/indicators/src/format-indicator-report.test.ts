import { describe, expect, it } from "vitest";
import { computeIndicators } from "./compute-indicators";
import { formatIndicatorReport } from "./format-indicator-report";
import { person, testCatalog, YEAR_2024 } from "./test-catalog.fixture";

describe("formatIndicatorReport", () => {
  const report = computeIndicators(
    testCatalog() as never,
    {
      person: [person({ id: "a", managedOn: "2024-02-01" }), person({ id: "b", district: "south" }), person({ id: "c", birthDate: "bad" })],
      facility: [{ id: "h1", kind: "home", district: "north", beds: 10, nursingBeds: 4 }],
    },
    { period: YEAR_2024 },
  );

  it("lays out every indicator and stratum as a table in English", () => {
    expect(formatIndicatorReport(report, { lang: "en" })).toMatchInlineSnapshot(`
      "Catalog test-catalog 1.0.0 (sha256:792a617bdb77…)
      Period 2024-01-01 – 2024-12-31, ages on 2024-12-31
      Records: read 4, counted 3, refused 1

      Indicator                     Stratum         Numerator  Denominator           Value  Target       Met            Shortfall
      ----------------------------  --------------  ---------  -----------  --------------  -----------  -------------  ---------
      Managed, aged 65+ *           all                     1            2           50.0%  ≥60% (2025)  ? 33.3–66.7%           —
                                    District=north          1            1          100.0%               ? 50.0–100.0%          —
                                    District=south          0            1            0.0%               no               60.0 pp
                                    District=west           0            0  no denominator               ? 0.0–100.0%           —
                                    Sex=female              1            2           50.0%               ? 33.3–66.7%           —
                                    Age band=65-74          1            2           50.0%               ? 33.3–66.7%           —
                                    Age band=75+            0            0  no denominator               ? 0.0–100.0%           —
      Managed, aged 65+, per mille  all                     1            2         500.00‰  —            —                      —
      Nursing-bed share             all                     4           10           40.0%  ≥50% (2025)  no               10.0 pp
                                    District=north          4           10           40.0%               no               10.0 pp
      Homes open                    all                     1            —               1  ≥3 (2025)    no                     2
      Falls per 1,000 bed days      all                     0            0  no denominator  <2‰ (2025)   —                      —

      * provisional: definition or target not yet verified against an official text (see the catalog's provisional notes).
      ? undetermined: refused records could change whether the target is met; the range is the values they allow.

      line 3 (person c) /birthDate: Field birthDate must be a real calendar date YYYY-MM-DD; got "bad"."
    `);
  });

  it("writes Chinese by default, aligning columns after wide characters", () => {
    const text = formatIndicatorReport(report, { strata: false });
    const lines = text.split("\n");
    const header = lines.find((line) => line.startsWith("指标 ")) as string;
    const row = lines.find((line) => line.startsWith("护理型床位占比")) as string;
    expect(header).toContain("分子");
    expect(row).toContain("40.0%");
    expect(row).toContain("否");
    expect(row).toContain("10.0个百分点");
    // The value column ends at the same terminal column in the header and in the row.
    const width = (s: string) => [...s].reduce((w, c) => w + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(c) ? 2 : 1), 0);
    const endOf = (line: string, cell: string) => width(line.slice(0, line.indexOf(cell) + cell.length));
    expect(endOf(row, "40.0%")).toBe(endOf(header, "数值"));
    expect(text).toContain("第 3 行（person c）");
    expect(text).not.toContain("District=");
  });
});
