/**
 * Texts with `{{name}}` placeholders (an adjustment's reason, a package's note), parsed in one
 * linear pass: no regular expression, so no text can make parsing slow.
 */

/**
 * A text split at its placeholders: literal text at even indexes, the placeholder's dotted name at
 * odd indexes (so a text with no placeholder is one string).
 */
export type TemplateParts = readonly string[];

/**
 * Split a text at its `{{name}}` placeholders (spaces around the name are allowed). A `{{` with no
 * closing `}}` is kept as text. Runs in time linear in the text's length.
 *
 * @param text - the text
 * @returns literal text at even indexes, placeholder names at odd indexes
 *
 * @example
 * ```ts
 * parseTemplate("Total {{ total }} of {{max}}"); //=> ["Total ", "total", " of ", "max", ""]
 * parseTemplate("no placeholder"); //=> ["no placeholder"]
 * ```
 */
export function parseTemplate(text: string): TemplateParts {
  const parts: string[] = [];
  let literal = "";
  let from = 0;
  for (;;) {
    const open = text.indexOf("{{", from);
    if (open === -1) break;
    const close = text.indexOf("}}", open + 2);
    if (close === -1) break;
    literal += text.slice(from, open);
    parts.push(literal, text.slice(open + 2, close).trim());
    literal = "";
    from = close + 2;
  }
  parts.push(literal + text.slice(from));
  return parts;
}

/**
 * Fill a parsed template: each placeholder's name is replaced by what `lookup` returns for it.
 *
 * @param parts - from {@link parseTemplate}
 * @param lookup - the text for one placeholder name
 * @returns the text
 *
 * @example
 * ```ts
 * fillTemplate(parseTemplate("Total {{total}}"), (name) => (name === "total" ? "45" : "—")); //=> "Total 45"
 * ```
 */
export function fillTemplate(parts: TemplateParts, lookup: (name: string) => string): string {
  let out = parts[0] ?? "";
  for (let i = 1; i < parts.length; i += 2) out += lookup(parts[i] as string) + (parts[i + 1] ?? "");
  return out;
}
