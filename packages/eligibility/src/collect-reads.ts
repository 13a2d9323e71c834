import type { PathSegment } from "@yiyang/core";

/** Operators whose second argument is evaluated per element, where `var` names the element, not the context. */
const SCOPED = new Set(["map", "filter", "all", "some", "none", "reduce"]);

/** A variable a rule reads from the context, or a `var` whose name is not a literal. @internal */
export interface RuleRead {
  /** The dotted name, e.g. `profile.economicStatus`; `null` when the name is computed. */
  name: string | null;
  /** Where the `var` (or `missing`) is, from the rule's root. */
  path: PathSegment[];
}

function isOperation(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  let count = 0;
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key) && ++count > 1) return false;
  }
  return count === 1;
}

/**
 * Every context variable a JSON Logic rule reads: literal `var` names and `missing` /
 * `missing_some` names, outside the per-element arguments of `map`, `filter`, `all`, `some`,
 * `none` and `reduce` (whose `var` reads the element). Call it only on a rule the engine has
 * validated (so its depth is bounded).
 * @internal
 */
export function collectReads(rule: unknown): RuleRead[] {
  const reads: RuleRead[] = [];
  const visit = (value: unknown, path: PathSegment[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    if (!isOperation(value)) return;
    const op = Object.keys(value)[0] as string;
    const raw = value[op];
    const args = Array.isArray(raw) ? raw : [raw];
    const at = [...path, op];
    const argPath = (i: number): PathSegment[] => (Array.isArray(raw) ? [...at, i] : at);
    if (op === "var") {
      const name = args[0];
      if (typeof name === "string") reads.push({ name, path: at });
      else if (typeof name === "number") reads.push({ name: String(name), path: at });
      else if (name === null || name === undefined || (Array.isArray(name) && name.length === 0)) reads.push({ name: "", path: at });
      else {
        visit(name, argPath(0));
        reads.push({ name: null, path: at });
      }
      if (args.length > 1) visit(args[1], argPath(1));
      return;
    }
    if (op === "missing" || op === "missing_some") {
      // json-logic-js: `missing_some` takes its names from its second argument; `missing` from a
      // leading array argument, else from its arguments.
      let names: unknown;
      let nameAt: (i: number) => PathSegment[];
      if (op === "missing_some") {
        visit(args[0], argPath(0));
        names = args[1];
        nameAt = (i) => [...argPath(1), i];
      } else if (Array.isArray(args[0])) {
        names = args[0];
        nameAt = (i) => [...argPath(0), i];
      } else {
        names = args;
        nameAt = argPath;
      }
      if (!Array.isArray(names)) {
        visit(names, op === "missing_some" ? argPath(1) : at);
        reads.push({ name: null, path: op === "missing_some" ? argPath(1) : at });
        return;
      }
      names.forEach((name, i) => {
        if (typeof name === "string") reads.push({ name, path: nameAt(i) });
        else {
          visit(name, nameAt(i));
          reads.push({ name: null, path: nameAt(i) });
        }
      });
      return;
    }
    if (SCOPED.has(op)) {
      visit(args[0], argPath(0));
      if (op === "reduce" && args.length > 2) visit(args[2], argPath(2));
      return;
    }
    args.forEach((arg, i) => visit(arg, argPath(i)));
  };
  visit(rule, []);
  return reads;
}
