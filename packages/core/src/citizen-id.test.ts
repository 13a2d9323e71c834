import { describe, expect, it } from "vitest";
import { citizenIdCheckCharacter, parseCitizenId, safeParseCitizenId } from "./citizen-id";
import { isYiyangError } from "./errors";

// Every number here is made up. The check character of an 18-digit number: multiply its first 17
// digits by the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, add, take the sum mod 11, and read
// "1 0 X 9 8 7 6 5 4 3 2" at that remainder.
//
// 33010619450312123?  7·3 9·3 10·0 5·1 8·0 4·6 2·1 1·9 6·4 3·5 7·0 9·3 10·1 5·2 8·1 4·2 2·3
//                   = 21+27+0+5+0+24+2+9+24+15+0+27+10+10+8+8+6 = 196; 196 mod 11 = 9 → "3"
// 11010519491231002?  = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → "X"
// 51010719501001001?  = 35+9+0+5+0+28+2+9+30+0+7+0+0+5+0+0+2 = 132; 132 mod 11 = 0 → "1"
// 65010220011105156?  = 42+45+0+5+0+8+4+0+0+3+7+9+0+25+8+20+12 = 188; 188 mod 11 = 1 → "0"
// 44030419380229204?  = 28+36+0+15+0+16+2+9+18+24+0+18+20+45+16+0+8 = 255; 255 mod 11 = 2 → "X"
//                       (a correct check character on an impossible date: 1938 has no 29 February)

describe("citizenIdCheckCharacter", () => {
  it("gives the hand-computed check characters", () => {
    expect(["33010619450312123", "11010519491231002", "51010719501001001", "65010220011105156", "44030419380229204"].map(citizenIdCheckCharacter)).toEqual([
      "3",
      "X",
      "1",
      "0",
      "X",
    ]);
  });
});

describe("safeParseCitizenId", () => {
  it("reads the birth date and sex of a valid 18-digit number (odd sequence digit: male)", () => {
    expect(safeParseCitizenId("330106194503121233")).toEqual({
      ok: true,
      value: { form: 18, region: "330106", birthDate: "1945-03-12", sex: "male" },
      issues: [],
    });
    expect(safeParseCitizenId("510107195010010011").ok && safeParseCitizenId("510107195010010011")).toMatchObject({ value: { birthDate: "1950-10-01", sex: "male" } });
    expect(safeParseCitizenId("650102200111051560")).toMatchObject({ ok: true, value: { birthDate: "2001-11-05", sex: "female" } });
  });

  it("reads X in either case, and ignores white space around the number", () => {
    for (const written of ["11010519491231002X", "11010519491231002x", " 11010519491231002X\t"]) {
      expect(safeParseCitizenId(written)).toMatchObject({ ok: true, value: { birthDate: "1949-12-31", sex: "female" } });
    }
  });

  it("reads the legacy 15-digit form: a birth year in the 1900s, the last digit's parity for sex", () => {
    expect(safeParseCitizenId("330106450312123")).toEqual({
      ok: true,
      value: { form: 15, region: "330106", birthDate: "1945-03-12", sex: "male" },
      issues: [],
    });
    expect(safeParseCitizenId("110105491231002")).toMatchObject({ ok: true, value: { birthDate: "1949-12-31", sex: "female" } });
  });

  it("refuses a wrong check character, and every other digit changed alone", () => {
    expect(reasonOf("330106194503121234")).toBe("check_digit");
    expect(reasonOf("110105194912310021")).toBe("check_digit");
    // MOD 11-2 catches every single-digit error: change each of the first 17 digits in turn.
    const valid = "330106194503121233";
    for (let i = 0; i < 17; i++) {
      const digit = (Number(valid[i]) + 1) % 10;
      const changed = valid.slice(0, i) + String(digit) + valid.slice(i + 1);
      expect([i, reasonOf(changed)]).toEqual([i, expect.stringMatching(/^(check_digit|birth_date)$/)]);
    }
  });

  it("refuses an impossible birth date, even with a correct check character", () => {
    expect(reasonOf("44030419380229204X")).toBe("birth_date");
    expect(reasonOf("440304380229204")).toBe("birth_date");
    expect(reasonOf("330106194513121233")).toBe("birth_date");
  });

  it("refuses wrong lengths, letters and non-text values", () => {
    expect(["", "33010619450312123", "3301061945031212333", "3301064503121"].map(reasonOf)).toEqual(["length", "length", "length", "length"]);
    expect(["33010619450312123A", "3301061945031212X3", "33010645031212X", "３３０１０６１９４５０３１２１２３３"].map(reasonOf)).toEqual([
      "characters",
      "characters",
      "characters",
      "characters",
    ]);
    expect([330106194503121233, null, undefined, {}, ["330106194503121233"]].map(reasonOf)).toEqual(["type", "type", "type", "type", "type"]);
  });

  it("never repeats the number, or its digits, in an issue", () => {
    const numbers = ["330106194503121234", "44030419380229204X", "3301061945031212", "33010619450312123A"];
    for (const number of numbers) {
      const result = safeParseCitizenId(number);
      const text = JSON.stringify(result);
      expect(text).not.toContain(number);
      expect(text).not.toContain(number.slice(0, 6));
      expect(text).not.toMatch(/\d{4}/);
    }
  });
});

describe("parseCitizenId", () => {
  it("returns what the number encodes", () => {
    expect(parseCitizenId("11010519491231002X").birthDate).toBe("1949-12-31");
  });

  it("throws invalid_input with the issue for an invalid number", () => {
    let caught: unknown;
    try {
      parseCitizenId("330106194503121234");
    } catch (error) {
      caught = error;
    }
    expect(isYiyangError(caught) && [caught.code, caught.issues[0]?.code, caught.message.includes("330106")]).toEqual(["invalid_input", "invalid_id_number", false]);
  });
});

function reasonOf(value: unknown): unknown {
  const result = safeParseCitizenId(value);
  return result.ok ? "valid" : result.issues[0]?.params?.reason;
}
