import { describe, expect, it } from "vitest";
import { YiyangError } from "./errors";
import { isIcd10InRanges, normalizeIcd10, parseIcd10Ranges } from "./icd10";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

function expectInvalidArgument(fn: () => unknown): YiyangError {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(YiyangError);
  const yiyangError = error as YiyangError;
  expect(yiyangError.code).toBe("invalid_argument");
  return yiyangError;
}

describe("normalizeIcd10", () => {
  it.each([
    ["F03", "F03"],
    ["f03", "F03"],
    ["F03.9", "F03.9"],
    ["f03.9 ", "F03.9"],
    ["  m84.41\t", "M84.41"],
    ["S72.0X", "S72.0X"],
    ["s72.0x", "S72.0X"],
    ["T36.0X1A", "T36.0X1A"],
    ["U07.1", "U07.1"],
    ["\u3000I25\u3000", "I25"],
  ])("normalizes %j to %j", (input, expected) => {
    expect(normalizeIcd10(input)).toBe(expected);
  });

  it.each([
    "F3",
    "03",
    "",
    "   ",
    "F03.",
    "F039",
    "F03.12345",
    "F03..9",
    "F03.9.1",
    "FF03",
    "F003",
    "F 03",
    "F03 .9",
    "F03-9",
    ".F03",
    "F03,I25",
    "Ｆ０３",
    "ſ72.0",
    "I25.-",
  ])("returns null for %j", (input) => {
    expect(normalizeIcd10(input)).toBeNull();
  });

  it("returns null for values that are not strings", () => {
    for (const value of [undefined, null, 3, { code: "F03" }, ["F03"]]) {
      expect(normalizeIcd10(value as unknown as string)).toBeNull();
    }
  });
});

describe("parseIcd10Ranges", () => {
  it("parses a single code as a range of itself", () => {
    expect(parseIcd10Ranges("I25")).toEqual([{ from: "I25", to: "I25" }]);
  });

  it("parses ranges joined by a hyphen, en dash, em dash or tilde", () => {
    expect(parseIcd10Ranges("F00-F03")).toEqual([{ from: "F00", to: "F03" }]);
    expect(parseIcd10Ranges("K20–K31")).toEqual([{ from: "K20", to: "K31" }]);
    expect(parseIcd10Ranges("K20—K31")).toEqual([{ from: "K20", to: "K31" }]);
    expect(parseIcd10Ranges("I10~I15")).toEqual([{ from: "I10", to: "I15" }]);
    expect(parseIcd10Ranges("I10～I15")).toEqual([{ from: "I10", to: "I15" }]);
  });

  it("parses endpoints with subcodes", () => {
    expect(parseIcd10Ranges("M84.0-M84.3")).toEqual([{ from: "M84.0", to: "M84.3" }]);
    expect(parseIcd10Ranges("F03.9-F03")).toEqual([{ from: "F03.9", to: "F03" }]);
  });

  it("splits a string on commas, 、 and whitespace", () => {
    const expected = [
      { from: "I10", to: "I15" },
      { from: "I25", to: "I25" },
      { from: "C00", to: "D48" },
    ];
    expect(parseIcd10Ranges("I10-I15, I25, C00-D48")).toEqual(expected);
    expect(parseIcd10Ranges("I10-I15 I25\nC00-D48")).toEqual(expected);
    expect(parseIcd10Ranges("I10-I15，I25、C00-D48")).toEqual(expected);
    expect(parseIcd10Ranges(" I10-I15 ,, I25 , C00-D48, ")).toEqual(expected);
  });

  it("allows spaces around the dash", () => {
    expect(parseIcd10Ranges("F00 - F03, K20 – K31")).toEqual([
      { from: "F00", to: "F03" },
      { from: "K20", to: "K31" },
    ]);
    expect(parseIcd10Ranges([" F00 - F03 "])).toEqual([{ from: "F00", to: "F03" }]);
  });

  it("accepts an array with one item per element", () => {
    expect(parseIcd10Ranges(["I10-I15", "i25", "c00–d48"])).toEqual([
      { from: "I10", to: "I15" },
      { from: "I25", to: "I25" },
      { from: "C00", to: "D48" },
    ]);
  });

  it("normalizes case and whitespace in endpoints", () => {
    expect(parseIcd10Ranges("  m84.0-m84.3  ")).toEqual([{ from: "M84.0", to: "M84.3" }]);
  });

  it.each([
    ["F00-", "F00-"],
    ["-F03", "-F03"],
    ["F00--F03", "F00--F03"],
    ["F00-F03-F05", "F00-F03-F05"],
    ["F3", "F3"],
    ["F03.", "F03."],
    ["I10, F3, I25", "F3"],
    ["F00-F3", "F00-F3"],
    ["I25.-", "I25.-"],
    ["I10 to I15", "to"],
  ])("throws invalid_argument for %j, naming %j", (spec, part) => {
    const error = expectInvalidArgument(() => parseIcd10Ranges(spec));
    expect(error.message).toContain(JSON.stringify(part));
    expect(error.messageZh).toContain(JSON.stringify(part));
    expect(error.messageZh).toContain("无效");
  });

  it.each([["F03-F00"], ["D48-C00"], ["M84.3-M84.0"], ["M84.0-M83"], ["F03.9-F02"]])(
    "throws invalid_argument when the range %j starts after it ends",
    (spec) => {
      const error = expectInvalidArgument(() => parseIcd10Ranges(spec));
      expect(error.message).toContain(JSON.stringify(spec));
      expect(error.message).toContain("after");
      expect(error.messageZh).toContain("晚于");
    },
  );

  it("throws invalid_argument for an array element that is more than one item", () => {
    const error = expectInvalidArgument(() => parseIcd10Ranges(["I10-I15", "I25, I26"]));
    expect(error.message).toContain('"I25, I26"');
  });

  it("throws invalid_argument for an empty array element", () => {
    expectInvalidArgument(() => parseIcd10Ranges(["I10", " "]));
  });

  it("throws invalid_argument for a spec that lists nothing", () => {
    expectInvalidArgument(() => parseIcd10Ranges(""));
    expectInvalidArgument(() => parseIcd10Ranges(" , "));
    expectInvalidArgument(() => parseIcd10Ranges([]));
  });

  it("throws invalid_argument for a spec that is not a string or an array of strings", () => {
    expectInvalidArgument(() => parseIcd10Ranges(42 as unknown as string));
    expectInvalidArgument(() => parseIcd10Ranges(["I10", 25] as unknown as string[]));
  });
});

describe("isIcd10InRanges", () => {
  it("includes every subcode of the end of a range", () => {
    const ranges = parseIcd10Ranges("F00-F03");
    expect(isIcd10InRanges("F03", ranges)).toBe(true);
    expect(isIcd10InRanges("F03.9", ranges)).toBe(true);
    expect(isIcd10InRanges("F00.0", ranges)).toBe(true);
    expect(isIcd10InRanges("F04", ranges)).toBe(false);
  });

  it("spans letters", () => {
    const ranges = parseIcd10Ranges("C00-D48");
    expect(isIcd10InRanges("D48.7", ranges)).toBe(true);
    expect(isIcd10InRanges("C97", ranges)).toBe(true);
    expect(isIcd10InRanges("D49", ranges)).toBe(false);
    expect(isIcd10InRanges("B99", ranges)).toBe(false);
  });

  it("compares at the precision of subcode endpoints", () => {
    const ranges = parseIcd10Ranges("M84.0-M84.3");
    expect(isIcd10InRanges("M84.0", ranges)).toBe(true);
    expect(isIcd10InRanges("M84.3", ranges)).toBe(true);
    expect(isIcd10InRanges("M84.31", ranges)).toBe(true);
    expect(isIcd10InRanges("M84.4", ranges)).toBe(false);
    expect(isIcd10InRanges("M83.9", ranges)).toBe(false);
    expect(isIcd10InRanges("M84", ranges)).toBe(false);
  });

  it("matches a single-code range and all its subcodes only", () => {
    const ranges = parseIcd10Ranges("I25");
    expect(isIcd10InRanges("I25", ranges)).toBe(true);
    expect(isIcd10InRanges("I25.1", ranges)).toBe(true);
    expect(isIcd10InRanges("I24.9", ranges)).toBe(false);
    expect(isIcd10InRanges("I26", ranges)).toBe(false);
  });

  it("ignores case and surrounding whitespace in the code", () => {
    const ranges = parseIcd10Ranges("K20–K31");
    expect(isIcd10InRanges(" k31.9 ", ranges)).toBe(true);
    expect(isIcd10InRanges("k20", ranges)).toBe(true);
  });

  it("returns false for invalid codes instead of throwing", () => {
    const ranges = parseIcd10Ranges("A00-Z99");
    for (const code of ["", "F3", "F03.", "F039", "not a code", "Ｆ０３"]) {
      expect(isIcd10InRanges(code, ranges)).toBe(false);
    }
    expect(isIcd10InRanges(undefined as unknown as string, ranges)).toBe(false);
    expect(isIcd10InRanges(null as unknown as string, ranges)).toBe(false);
  });

  it("returns false for an empty list of ranges", () => {
    expect(isIcd10InRanges("F03", [])).toBe(false);
  });

  it("returns true when any one of several ranges matches", () => {
    const ranges = parseIcd10Ranges("I10-I15, I25, E10-E14");
    expect(isIcd10InRanges("E11.9", ranges)).toBe(true);
    expect(isIcd10InRanges("I25.2", ranges)).toBe(true);
    expect(isIcd10InRanges("I20", ranges)).toBe(false);
  });

  it("throws invalid_argument when ranges is not an array", () => {
    expectInvalidArgument(() => isIcd10InRanges("F03", "F00-F03" as unknown as []));
  });

  /**
   * The disease ranges of GB/T 42195 appendix A.4.1, each with codes just inside and just outside
   * both edges.
   */
  const GB_T_42195_A41: ReadonlyArray<{ spec: string; inside: string[]; outside: string[] }> = [
    { spec: "I10–I15", inside: ["I10", "I10.0", "I15", "I15.9"], outside: ["I09.9", "I16"] },
    { spec: "I25", inside: ["I25", "I25.0", "I25.9"], outside: ["I24.9", "I26"] },
    { spec: "E10–E14", inside: ["E10", "E10.0", "E14.9"], outside: ["E09.9", "E15"] },
    { spec: "J12–J18", inside: ["J12", "J12.0", "J18.9"], outside: ["J11.8", "J19"] },
    { spec: "J44", inside: ["J44", "J44.1", "J44.9"], outside: ["J43.9", "J45"] },
    { spec: "I60–I62", inside: ["I60", "I60.0", "I62.9"], outside: ["I59.9", "I63"] },
    { spec: "I63", inside: ["I63", "I63.9"], outside: ["I62.9", "I64"] },
    { spec: "G20–G22", inside: ["G20", "G20.0", "G22.9"], outside: ["G19.9", "G23"] },
    { spec: "N18–N19", inside: ["N18", "N18.5", "N19"], outside: ["N17.9", "N20"] },
    { spec: "K74", inside: ["K74", "K74.6"], outside: ["K73.9", "K75"] },
    { spec: "K20–K31", inside: ["K20", "K20.0", "K31", "K31.9"], outside: ["K19.9", "K32"] },
    { spec: "C00–D48", inside: ["C00", "C00.0", "D48", "D48.7", "D48.9"], outside: ["B99", "B99.9", "D49", "D50"] },
    { spec: "G40", inside: ["G40", "G40.9"], outside: ["G39.9", "G41"] },
    { spec: "E01–E03", inside: ["E01", "E01.0", "E03.9"], outside: ["E00.9", "E04"] },
    { spec: "H25–H26", inside: ["H25", "H25.0", "H26.9"], outside: ["H24.9", "H27"] },
    { spec: "H40–H42", inside: ["H40", "H40.0", "H42.8"], outside: ["H39.9", "H43"] },
    { spec: "M80–M82", inside: ["M80", "M80.0", "M82.8"], outside: ["M79.9", "M83"] },
    { spec: "F00–F03", inside: ["F00", "F00.0", "F03", "F03.9"], outside: ["E99.9", "F04"] },
    { spec: "F04–F99", inside: ["F04", "F04.0", "F99", "F99.9"], outside: ["F03.9", "G00"] },
  ];

  describe.each(GB_T_42195_A41)("GB/T 42195 A.4.1 range $spec", ({ spec, inside, outside }) => {
    const ranges = parseIcd10Ranges(spec);

    it.each(inside)("includes %s", (code) => {
      expect(isIcd10InRanges(code, ranges)).toBe(true);
    });

    it.each(outside)("excludes %s", (code) => {
      expect(isIcd10InRanges(code, ranges)).toBe(false);
    });
  });

  it("parses the whole A.4.1 list as one spec and keeps the groups apart", () => {
    const all = parseIcd10Ranges(GB_T_42195_A41.map(({ spec }) => spec).join("、"));
    expect(all).toHaveLength(GB_T_42195_A41.length);
    expect(isIcd10InRanges("I63.9", all)).toBe(true);
    expect(isIcd10InRanges("I64", all)).toBe(false);
    expect(isIcd10InRanges("I26", all)).toBe(false);
    expect(isIcd10InRanges("Z99", all)).toBe(false);
  });
});
