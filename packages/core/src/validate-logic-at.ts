import type { LogicEngine } from "./compile-logic";
import { toPointer, type Issue, type PathSegment } from "./issues";

/**
 * Check a JSON Logic rule held in a document with an engine, putting the rule's location in
 * front of every issue path.
 *
 * @example
 * ```ts
 * validateLogicAt(engine, { "~": [] }, ["adjustments", 0, "when"])[0].path; //=> "/adjustments/0/when"
 * ```
 */
export function validateLogicAt(engine: LogicEngine, rule: unknown, at: readonly PathSegment[]): Issue[] {
  const prefix = toPointer(at);
  return engine.validate(rule).map((issue) => ({ ...issue, path: prefix + issue.path }));
}
