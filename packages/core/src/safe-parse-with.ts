/**
 * Validating with zod, whichever zod API built the schema (`zod` or `zod/mini`): both are zod's
 * core underneath, and this module uses the core alone, so a page that builds its schemas with
 * `zod/mini` bundles none of the classic API.
 */
import * as z from "zod/v4/core";
import en from "zod/v4/locales/en.js";
// Only the Chinese messages: `z.locales` would bring every locale zod has into a browser bundle.
import zhCN from "zod/v4/locales/zh-CN.js";
import { createIssue, toPointer, type Issue, type PathSegment, type SafeResult } from "./issues";

// No schema is compiled to code: strict Content-Security-Policy pages (no `unsafe-eval`) work, and
// zod does not probe `new Function` (which such a page reports as a violation).
z.config({ jitless: true });

let enLocale: ReturnType<typeof en> | undefined;
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

function zodIssueToIssue(issue: z.$ZodIssue, prefix: readonly PathSegment[]): Issue {
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
 * Validate a value against a zod schema (made with `zod` or `zod/mini`), turning every problem
 * into an {@link Issue} with a JSON pointer and messages in English and Chinese.
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
export function safeParseWith<T extends z.$ZodType>(schema: T, input: unknown, prefix: readonly PathSegment[] = []): SafeResult<z.output<T>> {
  // English messages whatever locale the app set globally (a schema's own messages still win).
  enLocale ??= en();
  const result = z.safeParse(schema, input, { reportInput: true, error: enLocale.localeError });
  if (result.success) return { ok: true, value: result.data, issues: [] };
  return { ok: false, issues: result.error.issues.map((i) => zodIssueToIssue(i, prefix)) };
}
