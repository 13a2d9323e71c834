/**
 * Where each value of a JSON text is: a map from JSON pointer to text offsets, so an issue's path
 * (`/preliminaryLevel/bands/1/min`) can be shown and selected in the editor.
 */

/** The place of one value in the text. */
export interface JsonSpan {
  /** Offset of the value's first character. */
  from: number;
  /** Offset just past the value. */
  to: number;
  /** Offset of the member's key (its opening quote), for values inside objects. */
  keyFrom?: number;
}

const escapeSegment = (segment: string): string => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Map every value of a JSON text to its place. The text should be valid JSON; scanning stops
 * quietly at the first thing that is not, keeping what it found. A key given twice maps to its
 * later occurrence (where `duplicate_key` points).
 */
export function mapJsonPositions(text: string): Map<string, JsonSpan> {
  const spans = new Map<string, JsonSpan>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const skip = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const readString = (): string | null => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) i += 2;
      else if (c === 0x22) {
        i++;
        try {
          return JSON.parse(text.slice(start, i)) as string;
        } catch {
          return null;
        }
      } else i++;
    }
    return null;
  };
  const value = (pointer: string, keyFrom?: number): boolean => {
    skip();
    const from = i;
    const c = text[i];
    if (c === "{") {
      i++;
      skip();
      if (text[i] === "}") i++;
      else {
        for (;;) {
          skip();
          if (text[i] !== '"') return false;
          const at = i;
          const key = readString();
          if (key === null) return false;
          skip();
          if (text[i] !== ":") return false;
          i++;
          if (!value(`${pointer}/${escapeSegment(key)}`, at)) return false;
          skip();
          if (text[i] === ",") {
            i++;
            continue;
          }
          if (text[i] === "}") {
            i++;
            break;
          }
          return false;
        }
      }
    } else if (c === "[") {
      i++;
      skip();
      if (text[i] === "]") i++;
      else {
        for (let index = 0; ; index++) {
          if (!value(`${pointer}/${index}`)) return false;
          skip();
          if (text[i] === ",") {
            i++;
            continue;
          }
          if (text[i] === "]") {
            i++;
            break;
          }
          return false;
        }
      }
    } else if (c === '"') {
      if (readString() === null) return false;
    } else {
      const match = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (match === null) return false;
      i += match[0].length;
    }
    spans.set(pointer, keyFrom === undefined ? { from, to: i } : { from, to: i, keyFrom });
    return true;
  };
  value("");
  return spans;
}

/**
 * The span to show for a pointer: its own, or its nearest ancestor's when it names something that
 * is not in the text (a missing required field is reported at its would-be path).
 */
export function spanOf(spans: Map<string, JsonSpan>, pointer: string): JsonSpan & { exact: boolean } {
  let p = pointer;
  for (;;) {
    const span = spans.get(p);
    if (span !== undefined) return { ...span, exact: p === pointer };
    if (p === "") return { from: 0, to: 0, exact: false };
    p = p.slice(0, p.lastIndexOf("/"));
  }
}

/** The text offset of a 1-based line and column (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}
