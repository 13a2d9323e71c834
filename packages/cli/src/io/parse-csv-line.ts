/**
 * Split one CSV line (RFC 4180: commas, double quotes, "" for a quote inside quotes) into cells.
 * Returns null when a quote is left open (the CLI reports it; a record never spans lines).
 */
export function parseCsvLine(text: string): string[] | null {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === "") {
      quoted = true;
      i++;
    } else if (c === ",") {
      cells.push(cell);
      cell = "";
      i++;
    } else {
      cell += c;
      i++;
    }
  }
  if (quoted) return null;
  cells.push(cell);
  return cells;
}
