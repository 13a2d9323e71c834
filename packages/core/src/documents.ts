import * as z from "zod";
// Only the Chinese messages: `z.locales` would bring every locale zod has into a browser bundle.
import zhCN from "zod/v4/locales/zh-CN.js";
import { isCalendarDate } from "./calendar-date";
import type { LogicEngine } from "./compile-logic";
import { YIYANG_ERROR_CODES, YiyangError } from "./errors";
import { createIssue, toPointer, type Issue, type PathSegment, type SafeResult } from "./issues";

// No schema is compiled to code: strict Content-Security-Policy pages (no `unsafe-eval`) work, and
// zod does not probe `new Function` (which such a page reports as a violation).
z.config({ jitless: true });

let zhLocale: ReturnType<typeof zhCN> | undefined;

/**
 * A zod refinement message in both languages, for the schemas of document kinds: the issue that
 * {@link safeParseWith} reports carries the English text as `message` and the Chinese as
 * `messageZh`.
 *
 * @param en - the message in English
 * @param zh - the message in Chinese
 * @returns the refinement options
 *
 * @example
 * ```ts
 * const age = z.number().refine((n) => n >= 0, bilingual("An age is not negative.", "年龄不能为负数。"));
 * ```
 */
export function bilingual(en: string, zh: string): { message: string; params: { zh: string } } {
  return { message: en, params: { zh } };
}

/**
 * A calendar date `YYYY-MM-DD`, checked strictly (`2025-02-30` is rejected).
 *
 * @example
 * ```ts
 * calendarDateSchema.safeParse("2025-02-30").success; //=> false
 * ```
 */
export const calendarDateSchema = z
  .string()
  .refine(isCalendarDate, bilingual("Must be a real calendar date written YYYY-MM-DD.", "必须是 YYYY-MM-DD 格式的有效日期。"))
  .meta({ description: "A calendar date, YYYY-MM-DD.", examples: ["2025-01-01"] });

/** Text in Chinese and English. */
export const localizedTextSchema = z.strictObject({
  zh: z.string().min(1).meta({ description: "Chinese text." }),
  en: z.string().min(1).meta({ description: "English text." }),
});

/** Text in Chinese and English. */
export type LocalizedText = z.infer<typeof localizedTextSchema>;

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;

/** A note on content not yet verified against an official text, pointing at what it covers. */
export interface ProvisionalNote {
  /** JSON pointer into the document of the provisional content; `""` for all of it. */
  readonly path: string;
  /** What is unverified and what would settle it. */
  readonly note: LocalizedText;
}

/** A note on content not yet verified against an official text, pointing at what it covers. */
export const provisionalNoteSchema = z.strictObject({
  path: z.string().regex(/^(\/.*)?$/).meta({ description: "JSON pointer into this document of the provisional content; \"\" for all of it." }),
  note: localizedTextSchema.meta({ description: "What is unverified and what would settle it." }),
});

/** The source a document encodes. */
export const documentSourceSchema = z.strictObject({
  title: z.string().min(1).meta({ description: "The standard or policy, e.g. GB/T 42195-2022 老年人能力评估规范." }),
  publisher: z.string().optional(),
  clauses: z.array(z.string()).optional().meta({ description: "Clause or article numbers encoded." }),
  url: z.string().optional(),
  notes: z.string().optional(),
});

/**
 * The envelope every rule document shares: kind, id, version, the dates it is in force, title,
 * source, provisional notes and test cases. Each document kind extends it with its body.
 */
export const documentEnvelopeShape = {
  $schema: z.string().optional().meta({ description: "The JSON Schema this document follows, for editors." }),
  kind: z.string().meta({ description: "The document kind." }),
  id: z
    .string()
    .refine((v) => /^[a-z0-9][a-z0-9.-]*$/.test(v), bilingual("An id is lower-case letters, digits, dots and dashes.", "id 只能由小写字母、数字、点和连字符组成。"))
    .meta({ description: "Stable identifier shared by every version, e.g. gbt42195-2022.", pattern: "^[a-z0-9][a-z0-9.-]*$" }),
  version: z
    .string()
    .refine((v) => SEMVER.test(v), bilingual("A version is semver, e.g. 1.0.0.", "版本号须为语义化版本，例如 1.0.0。"))
    .meta({ description: "Semantic version of this document.", pattern: SEMVER.source }),
  effective: z
    .strictObject({
      from: calendarDateSchema.meta({ description: "First day in force." }),
      to: calendarDateSchema.optional().meta({ description: "First day no longer in force (exclusive); absent while open-ended." }),
    })
    .refine((e) => e.to === undefined || e.from < e.to, bilingual("effective.to must be after effective.from.", "effective.to 必须晚于 effective.from。"))
    .meta({ description: "The dates this version is in force: from ≤ date < to." }),
  title: localizedTextSchema,
  source: documentSourceSchema,
  provisional: z.array(provisionalNoteSchema).optional().meta({ description: "Content not verified against an official text." }),
} as const;

/** The envelope alone, with any body. */
export const documentEnvelopeSchema = z.looseObject(documentEnvelopeShape);

/** The fields every rule document has. */
export interface DocumentEnvelope {
  $schema?: string | undefined;
  kind: string;
  id: string;
  version: string;
  effective: { from: string; to?: string | undefined };
  title: LocalizedText;
  source: z.infer<typeof documentSourceSchema>;
  provisional?: Array<z.infer<typeof provisionalNoteSchema>> | undefined;
  tests?: unknown[] | undefined;
}

/**
 * The zod schema of a kind's documents: the shared envelope (`$schema`, `kind`, `id`, `version`,
 * `effective`, `title`, `source`, `provisional`), the kind's body and its test cases. Unknown keys
 * are errors, so a misspelt field in a staff-edited file is caught. Pass it to
 * `defineDocumentKind` as the kind's `schema`.
 *
 * @param kind - the `kind` value
 * @param body - zod shape of the kind's own fields
 * @param testCase - zod schema of one test case
 * @returns the kind's zod schema
 *
 * @example
 * ```ts
 * const noteSchema = documentSchema("note", { text: z.string() }, z.object({ expect: z.string() }));
 * ```
 */
export function documentSchema<K extends string, B extends z.ZodRawShape, T extends z.ZodType>(kind: K, body: B, testCase: T) {
  return z.strictObject({
    ...documentEnvelopeShape,
    kind: z.literal(kind),
    ...body,
    tests: z.array(testCase).optional().meta({ description: "Test cases, each with its input and expected output." }),
  });
}

/**
 * The value at a JSON pointer (RFC 6901) in a JSON value, or `undefined` when nothing is there.
 *
 * @param root - the value
 * @param pointer - the pointer, `""` for the root
 * @returns what is there
 *
 * @example
 * ```ts
 * resolvePointer({ a: [1, { b: 2 }] }, "/a/1/b"); //=> 2
 * resolvePointer({ a: [] }, "/a/0"); //=> undefined
 * ```
 */
export function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  if (!pointer.startsWith("/")) return undefined;
  let current: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(segment) || Number(segment) >= current.length) return undefined;
      current = current[Number(segment)];
    } else if (typeof current === "object" && current !== null && Object.prototype.hasOwnProperty.call(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

function zodIssueToIssue(issue: z.core.$ZodIssue, prefix: readonly PathSegment[]): Issue {
  const path = toPointer([...prefix, ...(issue.path as PathSegment[])]);
  const params = (issue as { params?: { zh?: unknown } }).params;
  let messageZh: string;
  if (issue.code === "custom" && params && typeof params.zh === "string") messageZh = params.zh;
  else {
    zhLocale ??= zhCN();
    const localized = zhLocale.localeError(issue as never);
    messageZh = typeof localized === "string" ? localized : (localized?.message ?? issue.message);
  }
  const code = issue.code === "custom" ? "invalid_value" : issue.code;
  const extra: Record<string, unknown> = {};
  for (const key of ["expected", "values", "keys", "minimum", "maximum", "format", "origin"] as const) {
    if (key in issue) extra[key] = (issue as unknown as Record<string, unknown>)[key];
  }
  return createIssue(code, path, issue.message, messageZh, Object.keys(extra).length ? { params: extra } : {});
}

/**
 * Validate a value against a zod schema, turning every problem into an {@link Issue} with a
 * JSON pointer and messages in English and Chinese.
 *
 * @param schema - the schema
 * @param input - the value
 * @param prefix - path segments to put before every issue path
 * @returns the parsed value, or every issue
 *
 * @example
 * ```ts
 * const r = safeParseWith(calendarDateSchema, "2025-02-30");
 * r.ok; //=> false
 * r.issues[0].messageZh; //=> "必须是 YYYY-MM-DD 格式的有效日期。"
 * ```
 */
export function safeParseWith<T extends z.ZodType>(
  schema: T,
  input: unknown,
  prefix: readonly PathSegment[] = [],
): SafeResult<z.output<T>> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data, issues: [] };
  return { ok: false, issues: result.error.issues.map((i) => zodIssueToIssue(i, prefix)) };
}

/**
 * Check a JSON Logic rule held in a document with an engine, putting the rule's location in
 * front of every issue path.
 *
 * @example
 * ```ts
 * validateLogicAt(engine, { "~": [] }, ["adjustments", 0, "when"])[0].path; //=> "/adjustments/0/when"
 * ```
 */
export function validateLogicAt(engine: LogicEngine, rule: unknown, at: readonly PathSegment[]): Issue[] {
  const prefix = toPointer(at);
  return engine.validate(rule).map((issue) => ({ ...issue, path: prefix + issue.path }));
}

/**
 * Pick the version of a document in force on a date (`effective.from ≤ date < effective.to`).
 * Documents of other ids are ignored when `id` is given.
 *
 * @param documents - the versions held
 * @param date - the calendar date, `YYYY-MM-DD`
 * @param options - `id` to choose among documents of several ids
 * @returns the version in force
 * @throws {@link YiyangError} `overlapping_versions` when two versions of one id claim the same day,
 *   `no_version_in_force` when none covers the date, `invalid_date` for a bad date
 *
 * @example
 * ```ts
 * selectVersion([v1, v2], "2024-06-01").version; //=> "2.0.0"
 * ```
 */
export function selectVersion<T extends Pick<DocumentEnvelope, "id" | "version" | "effective">>(
  documents: readonly T[],
  date: string,
  options: { id?: string } = {},
): T {
  const result = safeSelectVersion(documents, date, options);
  if (result.ok) return result.value;
  const first = result.issues[0] as Issue;
  const code =
    first.code === "overlapping_versions"
      ? YIYANG_ERROR_CODES.OVERLAPPING_VERSIONS
      : first.code === "invalid_date"
        ? YIYANG_ERROR_CODES.INVALID_DATE
        : YIYANG_ERROR_CODES.NO_VERSION_IN_FORCE;
  throw new YiyangError(code, first.message, { messageZh: first.messageZh, issues: result.issues });
}

/**
 * {@link selectVersion}, returning issues instead of throwing.
 *
 * @example
 * ```ts
 * safeSelectVersion([v1], "1999-01-01").issues[0].code; //=> "no_version_in_force"
 * ```
 */
export function safeSelectVersion<T extends Pick<DocumentEnvelope, "id" | "version" | "effective">>(
  documents: readonly T[],
  date: string,
  options: { id?: string } = {},
): SafeResult<T> {
  if (!isCalendarDate(date)) {
    return {
      ok: false,
      issues: [createIssue("invalid_date", "", `"${String(date)}" is not a real calendar date YYYY-MM-DD.`, `"${String(date)}" 不是 YYYY-MM-DD 格式的有效日期。`)],
    };
  }
  const candidates = options.id === undefined ? documents : documents.filter((d) => d.id === options.id);
  const overlaps = findVersionOverlaps(candidates);
  if (overlaps.length > 0) return { ok: false, issues: overlaps };
  const inForce = candidates.filter((d) => d.effective.from <= date && (d.effective.to === undefined || date < d.effective.to));
  if (inForce.length === 1) return { ok: true, value: inForce[0] as T, issues: [] };
  if (inForce.length > 1) {
    const ids = [...new Set(inForce.map((d) => d.id))].join(", ");
    return {
      ok: false,
      issues: [createIssue("ambiguous_documents", "", `Documents of several ids are in force on ${date} (${ids}); name one id.`, `${date} 有多个不同 id 的文档生效（${ids}），请指定 id。`)],
    };
  }
  const what = options.id ?? (candidates[0]?.id ?? "the document");
  return {
    ok: false,
    issues: [createIssue("no_version_in_force", "", `No version of ${what} is in force on ${date}.`, `${date} 没有生效的 ${what} 版本。`, { params: { date } })],
  };
}

/**
 * Every pair of versions of one id whose effective ranges share a day.
 *
 * @example
 * ```ts
 * findVersionOverlaps([v1, v1bis]).map((i) => i.code); //=> ["overlapping_versions"]
 * ```
 */
export function findVersionOverlaps(documents: readonly Pick<DocumentEnvelope, "id" | "version" | "effective">[]): Issue[] {
  const issues: Issue[] = [];
  const byId = new Map<string, Array<Pick<DocumentEnvelope, "id" | "version" | "effective">>>();
  for (const doc of documents) {
    const list = byId.get(doc.id) ?? [];
    list.push(doc);
    byId.set(doc.id, list);
  }
  for (const [id, list] of byId) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i] as DocumentEnvelope;
        const b = list[j] as DocumentEnvelope;
        const aEnd = a.effective.to ?? "9999-12-32";
        const bEnd = b.effective.to ?? "9999-12-32";
        if (a.effective.from < bEnd && b.effective.from < aEnd) {
          issues.push(
            createIssue(
              "overlapping_versions",
              "",
              `Versions ${a.version} and ${b.version} of ${id} are both in force on ${a.effective.from > b.effective.from ? a.effective.from : b.effective.from}.`,
              `${id} 的 ${a.version} 与 ${b.version} 两个版本在 ${a.effective.from > b.effective.from ? a.effective.from : b.effective.from} 同时生效。`,
              { params: { id, versions: [a.version, b.version] } },
            ),
          );
        }
      }
    }
  }
  return issues;
}

/**
 * The JSON Schema (draft 2020-12) of a zod schema, for editors to validate and complete rule files.
 *
 * @example
 * ```ts
 * toJsonSchema(calendarDateSchema).type; //=> "string"
 * ```
 */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
