/** One difference between two JSON values, at a JSON pointer. */
export interface JsonChange {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

const escapeSegment = (segment: string): string => segment.replace(/~/g, "~0").replace(/\//g, "~1");
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Every difference between two JSON values, deepest first-found in document order: members and
 * elements added, removed or changed (arrays are compared element by element).
 */
export function diffJson(before: unknown, after: unknown, path = "", out: JsonChange[] = []): JsonChange[] {
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) {
      const at = `${path}/${escapeSegment(key)}`;
      if (!Object.prototype.hasOwnProperty.call(after, key)) out.push({ path: at, kind: "removed", before: before[key] });
      else diffJson(before[key], after[key], at, out);
    }
    for (const key of Object.keys(after)) {
      if (!Object.prototype.hasOwnProperty.call(before, key)) out.push({ path: `${path}/${escapeSegment(key)}`, kind: "added", after: after[key] });
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) diffJson(before[i], after[i], `${path}/${i}`, out);
    for (let i = common; i < before.length; i++) out.push({ path: `${path}/${i}`, kind: "removed", before: before[i] });
    for (let i = common; i < after.length; i++) out.push({ path: `${path}/${i}`, kind: "added", after: after[i] });
    return out;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, kind: "changed", before, after });
  return out;
}
