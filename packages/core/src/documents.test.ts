import * as z from "zod";
import { describe, expect, it } from "vitest";
import * as zm from "zod/mini";
import * as mini from "./document-envelope";
import { calendarDateSchema, documentSchema, documentEnvelopeSchema } from "./documents";
import { safeParseWith } from "./safe-parse-with";
import { findVersionOverlaps, safeSelectVersion, selectVersion } from "./select-version";
import { toJsonSchema } from "./to-json-schema";
import { validateLogicAt } from "./validate-logic-at";
import { createLogicEngine } from "./compile-logic";
import { isYiyangError } from "./errors";

const envelope = {
  kind: "note",
  id: "sample-note",
  version: "1.0.0",
  effective: { from: "2023-01-01" },
  title: { zh: "示例", en: "Sample" },
  source: { title: "Sample policy" },
};
const noteKind = documentSchema("note", { text: z.string() }, z.strictObject({ expect: z.string() }));

const version = (v: string, from: string, to?: string) => ({ id: "x", version: v, effective: to ? { from, to } : { from } });

describe("documentSchema", () => {
  it("accepts a document with the envelope and the body", () => {
    const result = safeParseWith(noteKind, { ...envelope, text: "hi", tests: [{ expect: "hi" }] });
    expect(result.ok).toBe(true);
  });

  it("reports a misspelt field, a wrong kind and a bad version with pointers, in both languages", () => {
    const result = safeParseWith(noteKind, { ...envelope, kind: "other", version: "1.0", text: "hi", txet: "typo" });
    expect(result.ok).toBe(false);
    const byPath = Object.fromEntries(result.issues.map((i) => [i.path, i]));
    expect(byPath["/kind"]?.code).toBe("invalid_value");
    expect(byPath["/version"]?.messageZh).toContain("语义化版本");
    expect(byPath[""]?.code).toBe("unrecognized_keys");
    expect(byPath[""]?.messageZh).toMatch(/未知的键/);
  });

  it("rejects an impossible date and an effective range that ends before it starts", () => {
    const result = safeParseWith(noteKind, { ...envelope, effective: { from: "2025-02-30" }, text: "" });
    expect(result.issues[0]).toMatchObject({ path: "/effective/from", code: "invalid_value" });
    const backwards = safeParseWith(noteKind, { ...envelope, effective: { from: "2025-01-01", to: "2024-01-01" }, text: "" });
    expect(backwards.issues[0]?.path).toBe("/effective");
  });

  it("puts a prefix before every issue path", () => {
    expect(safeParseWith(calendarDateSchema, "x", ["records", 3, "assessedOn"]).issues[0]?.path).toBe("/records/3/assessedOn");
  });
});

describe("validateLogicAt", () => {
  it("prefixes the rule's location to each issue", () => {
    const issues = validateLogicAt(createLogicEngine(), { and: [{ nope: 1 }] }, ["adjustments", 0, "when"]);
    expect(issues[0]?.path).toBe("/adjustments/0/when/and/0");
  });
});

describe("selectVersion", () => {
  const v1 = version("1.0.0", "2020-01-01", "2024-01-01");
  const v2 = version("2.0.0", "2024-01-01");

  it("picks the version whose range holds the date, from inclusive and to exclusive", () => {
    expect(selectVersion([v1, v2], "2023-12-31").version).toBe("1.0.0");
    expect(selectVersion([v1, v2], "2024-01-01").version).toBe("2.0.0");
  });

  it("throws no_version_in_force before the first version", () => {
    try {
      selectVersion([v1, v2], "2019-12-31");
      expect.unreachable();
    } catch (error) {
      expect(isYiyangError(error) && error.code).toBe("no_version_in_force");
    }
  });

  it("rejects versions of one id whose ranges overlap", () => {
    const result = safeSelectVersion([v1, version("1.1.0", "2023-06-01", "2025-01-01")], "2021-01-01");
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.code).toBe("overlapping_versions");
  });

  it("treats ranges that only touch as not overlapping", () => {
    expect(findVersionOverlaps([v1, v2])).toEqual([]);
  });

  it("filters by id and rejects a bad date", () => {
    const other = { id: "y", version: "9.0.0", effective: { from: "2000-01-01" } };
    expect(selectVersion([v1, v2, other], "2024-05-01", { id: "y" }).version).toBe("9.0.0");
    expect(safeSelectVersion([v1], "2024-02-30").issues[0]?.code).toBe("invalid_date");
    expect(safeSelectVersion([v2, other], "2024-05-01").issues[0]?.code).toBe("ambiguous_documents");
  });
});

describe("toJsonSchema", () => {
  it("ships the envelope's JSON Schema, kept in sync with the zod schema", async () => {
    const schema = toJsonSchema(documentEnvelopeSchema);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    await expect(JSON.stringify(schema, null, 2) + "\n").toMatchFileSnapshot("../schema/document-envelope.schema.json");
  });
});

describe("the envelope built with zod/mini (@yiyang/core/mini)", () => {
  const miniNote = mini.documentSchema("note", { text: zm.string() }, zm.strictObject({ expect: zm.string() }));
  const bad = [
    { ...envelope, kind: "other", version: "1.0", text: "hi", txet: "typo" },
    { ...envelope, id: "Sample", effective: { from: "2025-02-30" }, text: 1 },
    { ...envelope, effective: { from: "2025-01-01", to: "2024-01-01" }, title: { zh: "" }, source: {}, provisional: [{ path: "x", note: {} }], text: "" },
    { ...envelope, $schema: 3, tests: [{ expect: 1 }], text: "" },
  ];

  it("gives the JSON Schema the zod one gives, byte for byte", () => {
    for (const [a, b] of [
      [mini.documentEnvelopeSchema, documentEnvelopeSchema],
      [mini.calendarDateSchema, calendarDateSchema],
      [miniNote, noteKind],
    ] as const) {
      expect(JSON.stringify(toJsonSchema(a), null, 2)).toBe(JSON.stringify(toJsonSchema(b), null, 2));
    }
  });

  it("reports the same issues, with the same messages in both languages", () => {
    for (const input of bad) {
      const issues = safeParseWith(miniNote, input).issues;
      expect(issues.length).toBeGreaterThan(0);
      expect(issues).toEqual(safeParseWith(noteKind, input).issues);
    }
    expect(safeParseWith(miniNote, { ...envelope, text: "hi", tests: [{ expect: "hi" }] }).ok).toBe(true);
  });

  it("tells the two apart when they differ (the comparisons can fail)", () => {
    const stricter = mini.documentSchema("note", { text: zm.string().check(zm.minLength(3)) }, zm.strictObject({ expect: zm.string() }));
    expect(safeParseWith(stricter, bad[3]).issues).not.toEqual(safeParseWith(noteKind, bad[3]).issues);
    expect(JSON.stringify(toJsonSchema(stricter))).not.toBe(JSON.stringify(toJsonSchema(noteKind)));
  });
});

describe("safeParseWith", () => {
  it("gives zod's messages in English whatever locale the app set", async () => {
    const { config } = await import("zod/v4/core");
    const fr = (await import("zod/v4/locales/fr.js")).default;
    const before = config().localeError;
    config(fr());
    try {
      expect(safeParseWith(noteKind, { ...envelope, text: 1 }).issues[0]?.message).toBe("Invalid input: expected string, received number");
    } finally {
      config({ localeError: before });
    }
  });
});
