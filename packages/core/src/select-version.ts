import { isCalendarDate } from "./calendar-date";
import type { DocumentEnvelope } from "./document-envelope";
import { YIYANG_ERROR_CODES, YiyangError } from "./errors";
import { createIssue, type Issue, type SafeResult } from "./issues";

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
