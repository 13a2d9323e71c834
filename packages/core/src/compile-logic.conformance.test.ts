import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import jsonLogic from "json-logic-js";
import { describe, expect, it } from "vitest";
import { compileLogic, safeCompileLogic, STANDARD_OPERATORS } from "./compile-logic";

const here = dirname(fileURLToPath(import.meta.url));
const fixtureDir = join(here, "..", "fixtures", "operators");
const sharedSuite = join(here, "..", "fixtures", "conformance", "jsonlogic-tests.json");

interface Fixture {
  description: string;
  rule: unknown;
  data: unknown;
  result?: unknown;
  error?: { code: string };
  divergesFromReference?: string;
}

/** JSON has no NaN or Infinity: fixtures write them as {"$number": "NaN"}. */
function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === "object") {
    const tag = (value as { $number?: string }).$number;
    if (tag !== undefined && Object.keys(value).length === 1) return Number(tag);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

function usesOnlyStandardOperators(rule: unknown): boolean {
  if (Array.isArray(rule)) return rule.every(usesOnlyStandardOperators);
  if (rule && typeof rule === "object") {
    const keys = Object.keys(rule);
    if (keys.length !== 1) return true;
    const op = keys[0] as string;
    if (!(STANDARD_OPERATORS as readonly string[]).includes(op)) return false;
    return usesOnlyStandardOperators((rule as Record<string, unknown>)[op]);
  }
  return true;
}

function errorCode(rule: unknown, data: unknown): string | undefined {
  const compiled = safeCompileLogic(rule);
  if (!compiled.ok) return compiled.issues[0]?.code;
  const evaluated = compiled.value.safeEvaluate(data);
  return evaluated.ok ? undefined : evaluated.issues[0]?.code;
}

const files = readdirSync(fixtureDir).filter((f) => f.endsWith(".json")).sort();

describe("compileLogic (per-operator conformance fixtures)", () => {
  it("finds the fixture files", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    const fixtures = JSON.parse(readFileSync(join(fixtureDir, file), "utf8")) as Fixture[];
    describe(file.replace(/\.json$/, ""), () => {
      for (const fixture of fixtures) {
        it(fixture.description, () => {
          if (fixture.error) {
            expect(errorCode(fixture.rule, fixture.data)).toBe(fixture.error.code);
            return;
          }
          const expected = decode(fixture.result);
          expect(compileLogic(fixture.rule)(fixture.data)).toEqual(expected);
          if (!fixture.divergesFromReference && usesOnlyStandardOperators(fixture.rule)) {
            // The fixture itself must agree with the reference implementation.
            expect(jsonLogic.apply(fixture.rule as never, fixture.data)).toEqual(expected);
          }
        });
      }
    });
  }
});

describe("compileLogic (shared JSON Logic suite)", () => {
  it("passes every entry of the shared suite", () => {
    const entries = JSON.parse(readFileSync(sharedSuite, "utf8")) as unknown[];
    const cases = entries.filter((e): e is [unknown, unknown, unknown] => Array.isArray(e));
    expect(cases.length).toBeGreaterThan(200);
    const failures: string[] = [];
    for (const [rule, data, expected] of cases) {
      let actual: unknown;
      try {
        actual = compileLogic(rule)(data);
      } catch (error) {
        actual = `threw: ${(error as Error).message}`;
      }
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        failures.push(`${JSON.stringify(rule)} on ${JSON.stringify(data)}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
