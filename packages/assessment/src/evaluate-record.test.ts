import { isYiyangError } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { assess, safeAssess } from "./assess";
import { explainResult } from "./explain-result";
import { loadInstrument } from "./load-instrument";
import { miniDocument, miniRecord } from "./mini-instrument.fixture";
import { verifyResult } from "./verify-result";

describe("a record whose next assessment would be due after 9999-12-31", () => {
  const instrument = loadInstrument(miniDocument()); // reassessment every 12 months
  const record = (assessedOn: string) => ({ ...miniRecord(), assessedOn });

  it("is an issue on that record from safeAssess, never a throw", () => {
    for (const assessedOn of ["9999-01-01", "9999-06-15", "9999-12-31"]) {
      const result = safeAssess(instrument, record(assessedOn));
      expect(result.ok).toBe(false);
      expect(result.issues).toEqual([
        expect.objectContaining({ code: "due_date_out_of_range", path: "/assessedOn", severity: "error", params: { intervalMonths: 12, maximum: "9999-12-31" } }),
      ]);
      expect(result.issues[0]?.messageZh).toContain("9999-12-31");
    }
  });

  it("still scores the last day whose due date is a real date", () => {
    const result = safeAssess(instrument, record("9998-12-31"));
    expect(result.ok && result.value.nextAssessmentDue).toBe("9999-12-31");
  });

  it("makes assess throw invalid_input, verifyResult say invalid_record and explainResult report it", () => {
    let thrown: unknown;
    try {
      assess(instrument, record("9999-06-15"));
    } catch (error) {
      thrown = error;
    }
    expect(isYiyangError(thrown) && thrown.code).toBe("invalid_input");
    const verified = verifyResult(instrument, record("9999-06-15"), { id: "r1" });
    expect(verified.status).toBe("invalid_record");
    expect(verified.issues.map((i) => i.code)).toEqual(["due_date_out_of_range"]);
    let explained: unknown;
    try {
      explainResult(instrument, record("9999-06-15"));
    } catch (error) {
      explained = error;
    }
    expect(isYiyangError(explained) && [explained.code, explained.issues.map((i) => i.code)]).toEqual(["invalid_input", ["due_date_out_of_range"]]);
  });
});

describe("verifyResult against a forged result of any shape", () => {
  const instrument = loadInstrument(miniDocument());
  const record = miniRecord();

  it("never throws, even when the result's instrument fields nest 100,000 deep", () => {
    const deep = JSON.parse("[".repeat(100_000) + "]".repeat(100_000)) as unknown;
    const result = { ...assess(instrument, record), instrument: { id: deep, version: deep, fingerprint: deep } };
    const verified = verifyResult(instrument, record, result);
    expect(verified.status).toBe("other_rules");
    expect(verified.message.en).toContain("(array)");
  });
});

describe("an item's score", () => {
  it("is taken exactly when it is one of that item's option scores, whatever scores the items around it have", () => {
    const document = miniDocument();
    // Memory (0, 2, 4) first, then walk and stairs (0–3): a score just out of one item's range is an
    // option of its neighbour's, and a tiny fraction would round onto one.
    document.dimensions.reverse();
    const instrument = loadInstrument(document);
    const options: Record<string, number[]> = { memory: [0, 2, 4], walk: [0, 1, 2, 3], stairs: [0, 1, 2, 3] };
    let refused = 0;
    for (const [item, scores] of Object.entries(options)) {
      for (const value of [-10, -6, -5, -4, -2, -1, -0, 0, 0.5, 5e-324, 1e-17, 3.0000000000000004, 4 - 2 ** -50, 1, 2, 3, 4, 5, 6, 7, 9, 10, 14, 15, 1e9, Infinity, NaN]) {
        const record = miniRecord();
        record.items[item] = value;
        const result = safeAssess(instrument, record);
        const taken = scores.includes(value);
        expect(result.ok, `${item}: ${value}`).toBe(taken);
        if (!taken) {
          refused++;
          expect(result.issues.map((issue) => `${issue.severity} ${issue.path}`)).toEqual([`error /items/${item}`]);
        }
      }
    }
    expect(refused).toBeGreaterThan(50);
  });
});
