import { readFileSync } from "node:fs";

/** The JSON values of a JSON Lines file of this example, one a line. */
export function readJsonLines(name: string): unknown[] {
  return readFileSync(new URL(`../${name}`, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as unknown);
}
