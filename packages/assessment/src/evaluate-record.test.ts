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
