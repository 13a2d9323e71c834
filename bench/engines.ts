/**
 * The JSON Logic engines under comparison, each behind the same small adapter: `prepare(rule)`
 * does any one-off work (parsing, compiling) and returns a reusable `(data) => value` function,
 * which is what the timed loops call. The hand-written TypeScript baseline is not an engine; each
 * workload writes its own.
 */
import jsonLogic from "json-logic-js";
import type { RulesLogic } from "json-logic-js";
import { LogicEngine } from "json-logic-engine";



import { compileLogic } from "@yiyang/core";

/** A JSON Logic rule, as loaded from a JSON document. */
export type Rule = Readonly<Record<string, unknown>>;

/** A prepared rule: evaluates it against one data record. */
export type Evaluate = (data: unknown) => unknown;

export interface Engine {
  /** The row label in the tables. */
  readonly name: string;
  /** Targets refer to engines by this id. */
  readonly id: EngineId;
  /**
   * Slow engines may be timed on a prefix of the input (see each workload's `slowSubset`);
   * per-record time is what the tables compare.
   */
  readonly slow: boolean;
  prepare(rule: Rule): Evaluate;
}

export type EngineId = "json-logic-js" | "jle-interpreted" | "jle-compiled" | "compileLogic";

/** json-logic-js 2.0.5: the reference semantics, a tree-walking interpreter. */
export const jsonLogicJs: Engine = {
  name: "json-logic-js apply",
  id: "json-logic-js",
  slow: true,
  prepare(rule) {
    const logic = rule as RulesLogic;
    return (data) => jsonLogic.apply(logic, data) as unknown;
  },
};

/** json-logic-engine 5, interpreted: `engine.run(rule, data)` (it caches an optimized plan per rule object). */
export const jleInterpreted: Engine = {
  name: "json-logic-engine run",
  id: "jle-interpreted",
  slow: true,
  prepare(rule) {
    const engine = new LogicEngine();
    return (data) => engine.run(rule, data) as unknown;
  },
};

/** json-logic-engine 5, compiled: `engine.build(rule)` generates a JavaScript function (via `new Function`). */
export const jleCompiled: Engine = {
  name: "json-logic-engine build",
  id: "jle-compiled",
  slow: false,
  prepare(rule) {
    const engine = new LogicEngine();
    return engine.build(rule) as Evaluate;
  },
};

/** Yiyang's own compiler: `compileLogic(rule)` from @yiyang/core (closures, no eval). */
export const yiyangCompileLogic: Engine = {
  name: "compileLogic (@yiyang/core)",
  id: "compileLogic",
  slow: false,
  prepare(rule) {
    return compileLogic(rule);
  },
};

/** Every engine, in table order. */
export const ENGINES: readonly Engine[] = [yiyangCompileLogic, jleCompiled, jleInterpreted, jsonLogicJs];
