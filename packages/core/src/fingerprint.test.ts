import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { YiyangError } from "./errors";
import { fingerprint, sha256Hex } from "./fingerprint";

/** SHA-256 of the UTF-8 bytes of `text`, computed by Node (tests only). */
function nodeSha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Run `f`, expecting a YiyangError, and return it. */
function catchYiyangError(f: () => unknown): YiyangError {
  try {
    f();
  } catch (error) {
    if (error instanceof YiyangError) return error;
    throw error;
  }
  throw new Error("expected a YiyangError, but nothing was thrown");
}

const DOCUMENT_TEXT = `{
  "id": "barthel",
  "version": "1.0.0",
  "title": "巴氏指数",
  "items": [{ "id": "eating", "scores": [0, 5, 10], "weight": 1.50 }],
  "tests": [{ "input": { "eating": 10 }, "expect": 10 }]
}`;

/** The same rules: keys reordered, other white space, 1.50 spelled 1.5, different tests. */
const REORDERED_TEXT = `{"items":[{"weight":1.5,"scores":[0,5,10],"id":"eating"}],
    "tests": [], "title":"巴氏指数","version":"1.0.0","id":"barthel"}`;

describe("sha256Hex", () => {
  it("matches the published SHA-256 test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("hashes the UTF-8 bytes of Chinese and astral-plane text", () => {
    for (const text of ["养老服务：长期护理保险（试行）", "日常生活活动能力 ADL 😀", "a".repeat(1000)]) {
      expect(sha256Hex(text)).toBe(nodeSha256(text));
    }
  });

  it("throws invalid_argument for a non-string", () => {
    const error = catchYiyangError(() => sha256Hex(42 as unknown as string));
    expect(error.code).toBe("invalid_argument");
  });
});

describe("fingerprint", () => {
  it("is equal for documents that differ only in key order, white space and number spelling", () => {
    const a = fingerprint(JSON.parse(DOCUMENT_TEXT) as Record<string, unknown>);
    const b = fingerprint(JSON.parse(REORDERED_TEXT) as Record<string, unknown>);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  it("changes when a value changes", () => {
    const base = JSON.parse(DOCUMENT_TEXT) as Record<string, unknown>;
    const changed = JSON.parse(DOCUMENT_TEXT.replace("[0, 5, 10]", "[0, 5, 15]")) as Record<string, unknown>;
    const renamed = JSON.parse(DOCUMENT_TEXT.replace("巴氏指数", "巴氏指数 ")) as Record<string, unknown>;
    expect(fingerprint(changed)).not.toBe(fingerprint(base));
    expect(fingerprint(renamed)).not.toBe(fingerprint(base));
  });

  it("ignores the top-level tests key", () => {
    const base = JSON.parse(DOCUMENT_TEXT) as Record<string, unknown>;
    const { tests: _tests, ...withoutTests } = base;
    const moreTests = { ...base, tests: [...(base.tests as unknown[]), { input: { eating: 0 }, expect: 0 }] };
    expect(fingerprint(withoutTests)).toBe(fingerprint(base));
    expect(fingerprint(moreTests)).toBe(fingerprint(base));
  });

  it("ignores $schema and the end of the effective range, which do not change the rules", () => {
    const open = { id: "x", version: "1.0.0", effective: { from: "2023-01-01" }, rule: { var: "a" } };
    const closed = { ...open, $schema: "../schema/x.json", effective: { from: "2023-01-01", to: "2025-01-01" } };
    expect(fingerprint(closed)).toBe(fingerprint(open));
    expect(fingerprint({ ...open, effective: { from: "2023-01-02" } })).not.toBe(fingerprint(open));
    expect(closed.effective.to).toBe("2025-01-01");
  });

  it("keeps a nested key named tests", () => {
    expect(fingerprint({ a: { tests: [1] } })).not.toBe(fingerprint({ a: {} }));
    expect(fingerprint({ a: [{ tests: 1 }] })).not.toBe(fingerprint({ a: [{}] }));
  });

  it("is sha256: and the SHA-256 of the canonical JSON without tests", () => {
    // Written out by hand in RFC 8785 form, hashed by node:crypto: independent of canonicalize.
    const canonical =
      '{"id":"barthel","items":[{"id":"eating","scores":[0,5,10],"weight":1.5}],"title":"巴氏指数","version":"1.0.0"}';
    const document = JSON.parse(DOCUMENT_TEXT) as Record<string, unknown>;
    expect(fingerprint(document)).toBe(`sha256:${nodeSha256(canonical)}`);
  });

  it("gives the fingerprint shown in its documentation", () => {
    expect(fingerprint(JSON.parse('{"id":"adl","version":"1.0.0","tests":[]}') as Record<string, unknown>)).toBe(
      "sha256:e17efb9487b3a00bfdfa41d58f2c6a70043d361093736435bf0d79a4755ed4ab",
    );
  });

  it("treats a __proto__ key as an ordinary key", () => {
    const document = JSON.parse('{"a":1,"__proto__":{"x":1},"tests":[]}') as Record<string, unknown>;
    expect(fingerprint(document)).toBe(`sha256:${nodeSha256('{"__proto__":{"x":1},"a":1}')}`);
  });

  it("does not modify its input", () => {
    const document = JSON.parse(DOCUMENT_TEXT) as Record<string, unknown>;
    const before = structuredClone(document);
    fingerprint(document);
    expect(document).toEqual(before);
    expect(Object.keys(document)).toEqual(["id", "version", "title", "items", "tests"]);
  });

  it("throws invalid_argument for a document that is not a plain object", () => {
    for (const value of [null, [], "x", 1, new Date(0), new Map()]) {
      const error = catchYiyangError(() => fingerprint(value as unknown as Record<string, unknown>));
      expect(error.code).toBe("invalid_argument");
    }
  });

  it("throws invalid_argument for values canonicalize rejects, naming the path", () => {
    const error = catchYiyangError(() => fingerprint({ items: [{ weight: Number.NaN }] }));
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toContain('"/items/0/weight"');
  });

  it("does not look at invalid values under the top-level tests key", () => {
    expect(fingerprint({ id: "x", tests: [Number.NaN, undefined] })).toBe(fingerprint({ id: "x" }));
  });
});
