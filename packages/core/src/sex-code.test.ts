import { describe, expect, it } from "vitest";
import { normalizeSex, SEX_CODE_SPELLINGS } from "./sex-code";

describe("normalizeSex", () => {
  const cases: Array<[unknown, string | null]> = [
    ["male", "male"], ["female", "female"], ["other", "other"], ["unknown", "unknown"], ["Female", "female"], [" MALE ", "male"],
    ["0", "unknown"], ["1", "male"], ["2", "female"], ["9", "unknown"], [0, "unknown"], [1, "male"], [2, "female"], [9, "unknown"],
    ["M", "male"], ["F", "female"], ["O", "other"], ["U", "unknown"], ["A", "other"], ["N", "unknown"], ["f", "female"], ["m", "male"],
    ["男", "male"], ["女", "female"], ["未知", "unknown"],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)} as ${expected}`, () => {
      expect(normalizeSex(input)).toBe(expected);
    });
  }

  it("reads nothing else as a sex code", () => {
    for (const input of ["", "x", "3", 3, 1.5, "mal", "femal", null, undefined, true, {}, [], "toString", "__proto__", "constructor"]) {
      expect(normalizeSex(input)).toBeNull();
    }
  });

  it("lists every spelling it reads, each read to a FHIR code", () => {
    for (const spelling of SEX_CODE_SPELLINGS) expect(["male", "female", "other", "unknown"]).toContain(normalizeSex(spelling));
  });
});
