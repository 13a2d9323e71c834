import { describe, expect, it } from "vitest";
import { assess } from "./assess";
import { loadInstrument } from "./load-instrument";
import { miniDocument, miniRecord } from "./mini-instrument.fixture";
import { verifyResult } from "./verify-result";

const instrument = loadInstrument(miniDocument());
// walk 2 + stairs 1 = 3, memory 4: total 7 → level 1; dementia raises it to 2.
const record = { ...miniRecord(), items: { walk: 2, stairs: 1, memory: 4 }, diseases: ["dementia"] };

describe("verifyResult", () => {
  it("confirms an untouched result, also after a JSON round trip", () => {
    const result = JSON.parse(JSON.stringify(assess(record, { instrument })));
    const verification = verifyResult(result, record, { instrument });
    expect([verification.ok, verification.status, verification.differences]).toEqual([true, "match", []]);
    expect(verification.message.en).toContain("mini 1.0.0");
  });

  it("catches a tampered score as same rules, different answer", () => {
    const result = assess(record, { instrument });
    const tampered = { ...result, dimensions: { ...result.dimensions, body: 5 }, total: 9 };
    const verification = verifyResult(tampered, record, { instrument });
    expect(verification.status).toBe("different_answer");
    expect(verification.differences).toEqual([
      { path: "/dimensions/body", expected: 3, actual: 5 },
      { path: "/total", expected: 7, actual: 9 },
    ]);
  });

  it("catches a tampered level, naming the label too", () => {
    const result = assess(record, { instrument });
    const verification = verifyResult({ ...result, level: 0 }, record, { instrument });
    expect(verification.status).toBe("different_answer");
    expect(verification.differences).toEqual([{ path: "/level", expected: 2, actual: 0 }]);
    const relabelled = verifyResult({ ...result, level: 0, label: { zh: "中文：Good", en: "Good" } }, record, { instrument });
    expect(relabelled.differences.map((d) => d.path)).toEqual(["/level", "/label/zh", "/label/en"]);
  });

  it("catches a result whose record was changed after scoring", () => {
    const result = assess(record, { instrument });
    const verification = verifyResult(result, { ...record, diseases: [] }, { instrument });
    expect(verification.status).toBe("different_answer");
    expect(verification.differences.map((d) => d.path)).toEqual(["/adjustments/0", "/level", "/label/zh", "/label/en"]);
  });

  it("tells a result made under another document version: other rules", () => {
    // The verifier holds 1.0.0 (closed on 2025-01-01) and 2.0.0, which raises two levels for dementia.
    const v1 = miniDocument();
    v1.effective = { from: "2020-01-01", to: "2025-01-01" };
    const v2 = miniDocument();
    v2.version = "2.0.0";
    v2.effective = { from: "2025-01-01" };
    v2.adjustments[0].effect = { raise: 2 };
    const versions = [loadInstrument(v1), loadInstrument(v2)];
    // A vendor still on its open-ended copy of 1.0.0 scores a record of 2025-01-15.
    const madeUnderV1 = assess(record, { instrument });
    const verification = verifyResult(madeUnderV1, record, { instrument: versions });
    expect(verification.status).toBe("other_rules");
    expect(verification.differences.map((d) => d.path)).toEqual(["/instrument/version", "/instrument/fingerprint", "/adjustments/0/effect/raise"]);
    expect(verification.expected?.instrument.version).toBe("2.0.0");
    expect(verification.message.en).toContain("it names mini 1.0.0");
    // The same record assessed in 1.0.0's time verifies against the versions held.
    const earlier = { ...record, assessedOn: "2024-06-30" };
    expect(verifyResult(assess(earlier, { instrument: versions }), earlier, { instrument: versions }).status).toBe("match");
  });

  it("tells a tampered fingerprint: other rules", () => {
    const result = assess(record, { instrument });
    const verification = verifyResult({ ...result, instrument: { ...result.instrument, fingerprint: "sha256:00" } }, record, { instrument });
    expect([verification.status, verification.differences.map((d) => d.path)]).toEqual(["other_rules", ["/instrument/fingerprint"]]);
  });

  it("verifies a result made under a city's flags when the verifier pins the same flags", () => {
    const stackedRecord = { ...record, riskEvents: { fall: 2, other: 0 } };
    const result = assess(instrument, stackedRecord, { flags: { stack: true } });
    expect(result.level).toBe(2);
    expect(verifyResult(instrument, stackedRecord, result, { flags: { stack: true } }).status).toBe("match");
  });

  it("never recomputes with the flags a result claims: a flipped flag is other_policy, not match", () => {
    const stackedRecord = { ...record, riskEvents: { fall: 2, other: 0 } };
    const forged = assess(instrument, stackedRecord, { flags: { stack: true } });
    const verification = verifyResult(instrument, stackedRecord, forged);
    expect([verification.status, verification.ok, verification.expected?.flags.stack]).toEqual(["other_policy", false, false]);
    expect(verification.differences.map((d) => d.path)).toContain("/flags/stack");
  });

  it("matches a result straight from assess, with the warnings the command line adds beside it", () => {
    const result = assess(instrument, record);
    expect(verifyResult(instrument, record, { ...result, warnings: [] }).status).toBe("match");
  });

  it("reports other_policy when the verifier requires other flags", () => {
    const result = assess(record, { instrument, flags: { countOther: false } });
    const verification = verifyResult(result, record, { instrument, flags: { countOther: true } });
    expect([verification.status, verification.differences]).toEqual(["other_policy", [{ path: "/flags/countOther", expected: true, actual: false }]]);
  });

  it("reports a flag the instrument does not have as a policy difference", () => {
    const result = assess(record, { instrument });
    const verification = verifyResult({ ...result, flags: { ...result.flags, stacking: true } }, record, { instrument });
    expect([verification.status, verification.differences]).toEqual(["other_policy", [{ path: "/flags/stacking", expected: undefined, actual: true }]]);
  });

  it("cannot confirm anything about an invalid record", () => {
    const result = assess(record, { instrument });
    const verification = verifyResult(result, { ...record, items: { walk: 2 } }, { instrument });
    expect([verification.ok, verification.status, verification.expected]).toEqual([false, "invalid_record", null]);
    expect(verification.issues.map((i) => i.code)).toEqual(["missing_item", "missing_item"]);
  });

  it("lists a field the result lacks and one it should not have", () => {
    const { nextAssessmentDue, ...rest } = assess(record, { instrument });
    void nextAssessmentDue;
    const verification = verifyResult({ ...rest, grades: {} }, record, { instrument });
    expect(verification.differences).toEqual([
      { path: "/nextAssessmentDue", expected: "2026-01-15", actual: undefined },
      { path: "/grades", expected: undefined, actual: {} },
    ]);
  });
});
