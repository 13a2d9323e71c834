import { parseJson, type Issue } from "@yiyang/core";

/** Colons in a JSON text: one per key, plus any inside strings. */
function countColons(text: string): number {
  let count = 0;
  for (let i = text.indexOf(":"); i !== -1; i = text.indexOf(":", i + 1)) count++;
  return count;
}

/** Keys of every object in a parsed JSON value, without recursion (a value may nest very deep). */
function countKeys(root: object): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === "object" && item !== null) stack.push(item);
      }
    } else {
      const object = value as Record<string, unknown>;
      for (const key in object) {
        count++;
        const item = object[key];
        if (typeof item === "object" && item !== null) stack.push(item);
      }
    }
  }
  return count;
}

/** Limits for re-reading a record strictly: a record may nest as deep as JSON.parse allowed. */
const NO_LIMITS = { maxDepth: Number.MAX_SAFE_INTEGER, maxValues: Number.MAX_SAFE_INTEGER };

/**
 * The `duplicate_key` issues of a JSON text that `JSON.parse` read as `value` (which keeps the last
 * of two equal keys silently), or `null` when no key repeats.
 *
 * Outside strings a JSON text has exactly one colon per key; JSON.parse keeps one key per distinct
 * name. So when the colons of the text equal the keys of the value, no string holds a colon and no
 * key repeats: the common case costs one scan for colons and one walk of the value. Otherwise
 * (a colon in a string, or a repeated key) the text is read again by core's strict `parseJson`,
 * which names each repeated key by its JSON pointer.
 *
 * @param text - the JSON text
 * @param value - `JSON.parse(text)`, an object or array
 * @returns the issues, or `null`
 */
export function duplicateKeyIssues(text: string, value: object): Issue[] | null {
  if (countColons(text) === countKeys(value)) return null;
  const strict = parseJson(text, NO_LIMITS);
  if (strict.ok) return null;
  const duplicates = strict.issues.filter((issue) => issue.code === "duplicate_key");
  return duplicates.length > 0 ? duplicates : null;
}
