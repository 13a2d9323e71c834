/**
 * Turns parsed rules into closures: one specialised closure per operator and arity, literal
 * operands folded in, and sub-rules that occur more than once evaluated once per call.
 * No `eval`, no `new Function`. Internal.
 * @internal
 */

import type { PathSegment } from "./issues";
import type { LogicLimits, LogicNode, OperationNode } from "./logic-parse";
import {
  keyReader,
  readPlainKey,
  evaluateIn,
  evaluateMissing,
  evaluateSubstr,
  evaluateVar,
  evaluationError,
  limitError,
  listTextLength,
  readOwn,
  readPath,
  splitPath,
  toFloat,
  truthy,
  workError,
} from "./logic-semantics";
import type { OperatorSpec } from "./operators";
import { toPointer } from "./issues";

/** A compiled node. */
export type Evaluator = (data: unknown) => unknown;

/** What a custom operator receives when it runs. */
export interface OperatorContext {
  /** JSON pointer of the operation in the rule. */
  readonly path: string;
  /** Stop the evaluation with a clear, bilingual error naming this operation. */
  fail(message: string, messageZh: string): never;
}

/** @internal The custom-operator shape the builder needs. */
export interface BuildOperator {
  evaluate(args: unknown[], context: OperatorContext): unknown;
  pure?: boolean;
}

/**
 * Per-compiled-rule mutable state: the call epoch (for memoised sub-rules), the iterations so far
 * and the work so far (see `LogicLimits.maxWork`); a call starts with the rule's own size as work.
 */
export interface EvaluationState {
  epoch: number;
  iterations: number;
  work: number;
}

/** Called around every operation when tracing. */
export type TraceHook = (node: OperationNode, evaluate: Evaluator) => Evaluator;

interface BuildContext {
  custom: ReadonlyMap<string, BuildOperator>;
  /** What each operator is (bodies, purity), from the one operator table. */
  spec: (op: string) => OperatorSpec | undefined;
  limits: LogicLimits;
  state: EvaluationState;
  /** Keys of sub-rules worth evaluating once per call. */
  shared: ReadonlySet<string>;
  /** Memoised evaluators by sub-rule key, so every occurrence uses one cache. */
  memo: Map<string, Evaluator>;
  trace: TraceHook | undefined;
}

const UNDEFINED: Evaluator = () => undefined;

/** Charges `n` units of work to the evaluation, failing at `path` past the budget. */
type Charge = (n: number) => void;

function chargerFor(ctx: BuildContext, path: readonly PathSegment[]): Charge {
  const state = ctx.state;
  const max = ctx.limits.maxWork;
  return (n) => {
    if ((state.work += n) > max) throw workError(path, max);
  };
}

/**
 * Before a list is turned into text (by `cat`, a comparison, arithmetic …): its text must stay
 * under the string limit, and the elements looked at are charged as work.
 */
function textGuardFor(ctx: BuildContext, path: readonly PathSegment[]): (value: unknown) => void {
  const state = ctx.state;
  const maxWork = ctx.limits.maxWork;
  const max = ctx.limits.maxStringLength;
  return (value) => {
    if (!Array.isArray(value)) return;
    const length = listTextLength(value, max, state);
    if (state.work > maxWork) throw workError(path, maxWork);
    if (length > max) throw limitError(path, "The text of a list", "列表转换成的文本长度", max, "maxStringLength");
  };
}

/** Guard both operands of an operator that turns lists into text. */
function guarded2(guard: (value: unknown) => void, f: (x: unknown, y: unknown) => unknown): (x: unknown, y: unknown) => unknown {
  return (x, y) => {
    if (typeof x === "object" && x !== null) guard(x);
    if (typeof y === "object" && y !== null) guard(y);
    return f(x, y);
  };
}

/**
 * Find sub-rules (operations other than a bare `var`) that occur at least twice: evaluating them
 * once per call is where most of the speed of a banded rule comes from.
 */
export function findSharedSubRules(root: LogicNode, spec: (op: string) => OperatorSpec | undefined): Set<string> {
  const counts = new Map<string, number>();
  // Returns whether the subtree is pure; only pure subtrees may be evaluated once per call.
  const visit = (node: LogicNode): boolean => {
    if (node.kind === "array") {
      let pure = true;
      for (const item of node.items) pure = visit(item) && pure;
      return pure;
    }
    if (node.kind !== "operation") return true;
    let pure = spec(node.op)?.pure !== false;
    for (const arg of node.args) pure = visit(arg) && pure;
    if (pure && node.op !== "var" && node.size >= 3) {
      counts.set(node.key, (counts.get(node.key) ?? 0) + 1);
    }
    return pure;
  };
  visit(root);
  const shared = new Set<string>();
  for (const [key, count] of counts) if (count > 1) shared.add(key);
  return shared;
}

/** Build the evaluator for a parsed rule. */
export function buildEvaluator(
  root: LogicNode,
  custom: ReadonlyMap<string, BuildOperator>,
  spec: (op: string) => OperatorSpec | undefined,
  limits: LogicLimits,
  state: EvaluationState,
  trace?: TraceHook,
): Evaluator {
  const context: BuildContext = {
    custom,
    spec,
    limits,
    state,
    shared: trace ? new Set() : findSharedSubRules(root, spec),
    memo: new Map(),
    trace,
  };
  return build(root, context);
}

function build(node: LogicNode, ctx: BuildContext): Evaluator {
  if (node.kind === "literal") {
    const value = node.value;
    return () => value;
  }
  if (node.kind === "array") {
    const items = node.items.map((item) => build(item, ctx));
    const n = items.length;
    return (data) => {
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = (items[i] as Evaluator)(data);
      return out;
    };
  }
  if (ctx.shared.has(node.key)) {
    const existing = ctx.memo.get(node.key);
    if (existing) return existing;
    const inner = buildOperation(node, ctx);
    const state = ctx.state;
    let epoch = -1;
    let lastData: unknown;
    let lastValue: unknown;
    const memoised: Evaluator = (data) => {
      if (epoch === state.epoch && lastData === data) return lastValue;
      const value = inner(data);
      // Only primitives are reused: json-logic-js builds a new array or object at every
      // occurrence, and `==` on two of them is false.
      if (typeof value !== "object" || value === null) {
        epoch = state.epoch;
        lastData = data;
        lastValue = value;
      }
      return value;
    };
    ctx.memo.set(node.key, memoised);
    return memoised;
  }
  const evaluator = buildOperation(node, ctx);
  return ctx.trace ? ctx.trace(node, evaluator) : evaluator;
}

/** `missing` and `missing_some` look up each key: one unit each, and a list given as a path is text. */
function chargeKeys(keys: ArrayLike<unknown>, charge: Charge, guard: (value: unknown) => void): void {
  charge(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (typeof key === "object" && key !== null) {
      if (Array.isArray(key)) {
        const path = key[0];
        if (typeof path === "object" && path !== null) guard(path);
      }
    }
  }
}

function isLiteral(node: LogicNode | undefined): node is LogicNode & { kind: "literal" } {
  return node !== undefined && node.kind === "literal";
}

/** Evaluate arguments past the ones an operator uses: json-logic-js evaluates them all. */
function withExtraArgs(main: Evaluator, extra: Evaluator[]): Evaluator {
  if (extra.length === 0) return main;
  return (data) => {
    const value = main(data);
    for (let i = 0; i < extra.length; i++) (extra[i] as Evaluator)(data);
    return value;
  };
}

function buildOperation(node: OperationNode, ctx: BuildContext): Evaluator {
  const { op, args, path } = node;
  const arg = (i: number): Evaluator => {
    const a = args[i];
    return a === undefined ? UNDEFINED : build(a, ctx);
  };
  const extraFrom = (n: number): Evaluator[] => args.slice(n).map((a) => build(a, ctx));
  const guard = textGuardFor(ctx, path);
  const charge = chargerFor(ctx, path);
  const num = (v: unknown): number => {
    if (typeof v === "object" && v !== null) guard(v);
    return v as number;
  };
  const float = (v: unknown): number => {
    if (typeof v === "object" && v !== null) guard(v);
    return toFloat(v);
  };

  switch (op) {
    case "var":
      return buildVar(node, ctx);
    case "==":
    case "===":
    case "!=":
    case "!==":
    case ">":
    case ">=":
      return withExtraArgs(buildBinaryComparison(op, args, arg, !ctx.trace, guard), extraFrom(2));
    case "<":
    case "<=":
      return buildLess(op, args, arg, !ctx.trace, guard);
    case "!": {
      const a = arg(0);
      return withExtraArgs((d) => !truthy(a(d)), extraFrom(1));
    }
    case "!!": {
      const a = arg(0);
      return withExtraArgs((d) => truthy(a(d)), extraFrom(1));
    }
    case "and":
      return buildAnd(args.map((a) => build(a, ctx)));
    case "or":
      return buildOr(args.map((a) => build(a, ctx)));
    case "if":
    case "?:":
      return buildIf(args.map((a) => build(a, ctx)));
    case "+":
      return buildPlus(args, ctx, float);
    case "*":
      return buildTimes(args.map((a) => build(a, ctx)), path, float);
    case "-": {
      const a = arg(0);
      const b = arg(1);
      if (args.length === 1) return (d) => -num(a(d));
      return withExtraArgs((d) => {
        const x = num(a(d));
        const y = b(d);
        return y === undefined ? -x : x - num(y);
      }, extraFrom(2));
    }
    case "/": {
      const a = arg(0);
      const b = arg(1);
      return withExtraArgs((d) => num(a(d)) / num(b(d)), extraFrom(2));
    }
    case "%": {
      const a = arg(0);
      const b = arg(1);
      return withExtraArgs((d) => num(a(d)) % num(b(d)), extraFrom(2));
    }
    case "min":
    case "max": {
      const all = args.map((a) => build(a, ctx));
      const n = all.length;
      const pick = op === "min" ? Math.min : Math.max;
      return (d) => {
        const values = new Array<number>(n);
        for (let i = 0; i < n; i++) values[i] = num((all[i] as Evaluator)(d));
        return pick(...values);
      };
    }
    case "cat": {
      const all = args.map((a) => build(a, ctx));
      const max = ctx.limits.maxStringLength;
      return (d) => {
        let out = "";
        for (let i = 0; i < all.length; i++) {
          const v = (all[i] as Evaluator)(d);
          if (typeof v === "object" && v !== null) guard(v);
          out += v === null || v === undefined ? "" : String(v);
          if (out.length > max) throw limitError(path, "A string built by cat", "cat 拼接出的字符串长度", max);
        }
        charge(out.length);
        return out;
      };
    }
    case "substr": {
      const a = arg(0);
      const b = arg(1);
      const c = arg(2);
      return withExtraArgs((d) => {
        const source = a(d);
        if (typeof source === "object" && source !== null) guard(source);
        const out = evaluateSubstr(source, b(d), c(d));
        charge(out.length);
        return out;
      }, extraFrom(3));
    }
    case "in": {
      const a = arg(0);
      const b = arg(1);
      const haystackNode = args[1];
      if (haystackNode?.kind === "array" && haystackNode.items.every((i) => i.kind === "literal")) {
        // A literal list is only searched, never returned: share one copy (its size is the rule's).
        const list = haystackNode.items.map((i) => (i as { value: unknown }).value);
        return withExtraArgs((d) => list.indexOf(a(d)) !== -1, extraFrom(2));
      }
      return withExtraArgs((d) => {
        const needle = a(d);
        const haystack = b(d);
        if (typeof haystack === "string") {
          if (typeof needle === "object" && needle !== null) guard(needle);
          charge(haystack.length);
        } else if (Array.isArray(haystack)) charge(haystack.length);
        return evaluateIn(needle, haystack, path);
      }, extraFrom(2));
    }
    case "merge": {
      const all = args.map((a) => build(a, ctx));
      const max = ctx.limits.maxResultLength;
      return (d) => {
        let out: unknown[] = [];
        for (let i = 0; i < all.length; i++) {
          const v = (all[i] as Evaluator)(d);
          charge(Array.isArray(v) ? v.length : 1);
          out = out.concat(v);
          if (out.length > max) throw limitError(path, "An array built by merge", "merge 合并出的数组长度", max);
        }
        return out;
      };
    }
    case "missing": {
      const all = args.map((a) => build(a, ctx));
      return (d) => {
        const values = all.map((f) => f(d));
        const keys = Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
        chargeKeys(keys, charge, guard);
        return evaluateMissing(d, keys);
      };
    }
    case "missing_some": {
      const a = arg(0);
      const b = arg(1);
      return withExtraArgs((d) => {
        const need = a(d);
        const options = b(d);
        if (options === null || options === undefined) {
          throw evaluationError(path, `"missing_some" needs a list of keys.`, `"missing_some" 需要一个键列表。`);
        }
        const keys = Array.isArray(options) ? options : [options];
        chargeKeys(keys, charge, guard);
        const missing = evaluateMissing(d, keys);
        const total = (options as { length?: number }).length as number;
        return total - missing.length >= (need as number) ? [] : missing;
      }, extraFrom(2));
    }
    case "map":
    case "filter":
    case "reduce":
    case "all":
    case "some":
    case "none":
      return buildIteration(node, ctx);
    default:
      return buildCustom(node, ctx);
  }
}

function buildVar(node: OperationNode, ctx: BuildContext): Evaluator {
  const { args } = node;
  const first = args[0];
  const second = args[1];
  const extra = args.slice(2).map((a) => build(a, ctx));
  if ((first === undefined || isLiteral(first)) && (second === undefined || isLiteral(second))) {
    const fallback = second === undefined ? undefined : second.value;
    const notFound = fallback === undefined ? null : fallback;
    const keys = splitPath(first === undefined ? undefined : first.value);
    if (keys === null) return withExtraArgs((d) => d, extra);
    // Keys are classified once here, so the common case reads without an own-property lookup.
    if (keys.length === 1) {
      const k = keys[0] as string;
      if (keyReader(k) === readPlainKey) {
        return withExtraArgs((d) => {
          const v = readPlainKey(d, k);
          return v === undefined ? notFound : v;
        }, extra);
      }
      return withExtraArgs((d) => {
        if (d === null || d === undefined) return notFound;
        const v = readOwn(d, k);
        return v === undefined ? notFound : v;
      }, extra);
    }
    if (keys.length === 2) {
      const k1 = keys[0] as string;
      const k2 = keys[1] as string;
      if (keyReader(k1) === readPlainKey && keyReader(k2) === readPlainKey) {
        return withExtraArgs((d) => {
          const v = readPlainKey(d, k1);
          if (v === null || v === undefined) return notFound;
          const w = readPlainKey(v, k2);
          return w === undefined ? notFound : w;
        }, extra);
      }
      return withExtraArgs((d) => {
        if (d === null || d === undefined) return notFound;
        const v = readOwn(d, k1);
        if (v === null || v === undefined) return notFound;
        const w = readOwn(v, k2);
        return w === undefined ? notFound : w;
      }, extra);
    }
    // Longer paths: each key's reader chosen once, here.
    const readers = keys.map(keyReader);
    const n = keys.length;
    return withExtraArgs((d) => {
      let current = d;
      for (let i = 0; i < n; i++) {
        if (current === null || current === undefined) return notFound;
        current = (readers[i] as typeof readOwn)(current, keys[i] as string);
        if (current === undefined) return notFound;
      }
      return current;
    }, extra);
  }
  const a = first === undefined ? UNDEFINED : build(first, ctx);
  const b = second === undefined ? UNDEFINED : build(second, ctx);
  const guard = textGuardFor(ctx, node.path);
  return withExtraArgs((d) => {
    const path = a(d);
    if (typeof path === "object" && path !== null) guard(path);
    return evaluateVar(d, path, b(d));
  }, extra);
}

/**
 * The key of `{"var": "key"}` when it is one plain key with no default (the shape most comparisons
 * start with), so a comparison can read the field itself instead of calling a child closure.
 */
function plainVarKey(node: LogicNode | undefined): string | null {
  if (node === undefined || node.kind !== "operation" || node.op !== "var" || node.args.length !== 1) return null;
  const path = node.args[0];
  if (!isLiteral(path) || typeof path.value !== "string" || path.value === "") return null;
  if (path.value.includes(".") || keyReader(path.value) !== readPlainKey) return null;
  return path.value;
}

/** `var key` (missing → null) compared with a literal, in one closure. */
function buildFieldComparison(op: string, key: string, c: unknown, guard: (value: unknown) => void): Evaluator {
  const read = (d: unknown): unknown => {
    const v = readPlainKey(d, key);
    return v === undefined ? null : typeof v === "object" && v !== null && op !== "===" && op !== "!==" ? textOf(guard, v) : v;
  };
  switch (op) {
    case "==":
      return (d) => read(d) == c;
    case "===":
      return (d) => read(d) === c;
    case "!=":
      return (d) => read(d) != c;
    case "!==":
      return (d) => read(d) !== c;
    case ">":
      return (d) => (read(d) as number) > (c as number);
    case ">=":
      return (d) => (read(d) as number) >= (c as number);
    case "<":
      return (d) => (read(d) as number) < (c as number);
    default:
      return (d) => (read(d) as number) <= (c as number);
  }
}

/** A value about to be compared loosely or ordered: a list in it is text (`[1, 2] == "1,2"`). */
function textOf(guard: (value: unknown) => void, value: unknown): unknown {
  if (typeof value === "object" && value !== null) guard(value);
  return value;
}

function buildBinaryComparison(op: string, args: LogicNode[], arg: (i: number) => Evaluator, fuse: boolean, guard: (value: unknown) => void): Evaluator {
  const right = args[1];
  // Not when tracing: an explanation must show the field the comparison read.
  const field = fuse ? plainVarKey(args[0]) : null;
  if (field !== null && isLiteral(right)) return buildFieldComparison(op, field, right.value, guard);
  const a = arg(0);
  const t = (v: unknown) => textOf(guard, v);
  if (isLiteral(right)) {
    const c = right.value;
    switch (op) {
      case "==":
        return (d) => t(a(d)) == c;
      case "===":
        return (d) => a(d) === c;
      case "!=":
        return (d) => t(a(d)) != c;
      case "!==":
        return (d) => a(d) !== c;
      case ">":
        return (d) => (t(a(d)) as number) > (c as number);
      default:
        return (d) => (t(a(d)) as number) >= (c as number);
    }
  }
  const b = arg(1);
  switch (op) {
    case "==":
      return (d) => t(a(d)) == t(b(d));
    case "===":
      return (d) => a(d) === b(d);
    case "!=":
      return (d) => t(a(d)) != t(b(d));
    case "!==":
      return (d) => a(d) !== b(d);
    case ">":
      return (d) => (t(a(d)) as number) > (t(b(d)) as number);
    default:
      return (d) => (t(a(d)) as number) >= (t(b(d)) as number);
  }
}

function buildLess(op: "<" | "<=", args: LogicNode[], arg: (i: number) => Evaluator, fuse: boolean, guard: (value: unknown) => void): Evaluator {
  if (args.length <= 2) {
    const field = fuse ? plainVarKey(args[0]) : null;
    const right = args[1];
    if (field !== null && isLiteral(right)) return buildFieldComparison(op, field, right.value, guard);
  }
  const a = arg(0);
  const b = arg(1);
  const t = (v: unknown) => textOf(guard, v) as number;
  const strict = op === "<";
  const extra = args.slice(3).map((_, i) => arg(i + 3));
  if (args.length <= 2) {
    const right = args[1];
    if (isLiteral(right)) {
      const c = right.value as number;
      return strict ? (d) => t(a(d)) < c : (d) => t(a(d)) <= c;
    }
    return strict ? (d) => t(a(d)) < t(b(d)) : (d) => t(a(d)) <= t(b(d));
  }
  const c = arg(2);
  return withExtraArgs(
    strict
      ? (d) => {
          const x = t(a(d));
          const y = t(b(d));
          const z = c(d) as number | undefined;
          return z === undefined ? x < y : x < y && y < t(z);
        }
      : (d) => {
          const x = t(a(d));
          const y = t(b(d));
          const z = c(d) as number | undefined;
          return z === undefined ? x <= y : x <= y && y <= t(z);
        },
    extra,
  );
}

function buildAnd(all: Evaluator[]): Evaluator {
  if (all.length === 0) return UNDEFINED;
  if (all.length === 1) return all[0] as Evaluator;
  if (all.length === 2) {
    const [a, b] = all as [Evaluator, Evaluator];
    return (d) => {
      const x = a(d);
      return truthy(x) ? b(d) : x;
    };
  }
  const n = all.length;
  return (d) => {
    let current: unknown;
    for (let i = 0; i < n; i++) {
      current = (all[i] as Evaluator)(d);
      if (!truthy(current)) return current;
    }
    return current;
  };
}

function buildOr(all: Evaluator[]): Evaluator {
  if (all.length === 0) return UNDEFINED;
  if (all.length === 1) return all[0] as Evaluator;
  if (all.length === 2) {
    const [a, b] = all as [Evaluator, Evaluator];
    return (d) => {
      const x = a(d);
      return truthy(x) ? x : b(d);
    };
  }
  const n = all.length;
  return (d) => {
    let current: unknown;
    for (let i = 0; i < n; i++) {
      current = (all[i] as Evaluator)(d);
      if (truthy(current)) return current;
    }
    return current;
  };
}

function buildIf(all: Evaluator[]): Evaluator {
  const n = all.length;
  if (n === 0) return () => null;
  if (n === 1) return all[0] as Evaluator;
  if (n === 2) {
    const [c, t] = all as [Evaluator, Evaluator];
    return (d) => (truthy(c(d)) ? t(d) : null);
  }
  if (n === 3) {
    const [c, t, e] = all as [Evaluator, Evaluator, Evaluator];
    return (d) => (truthy(c(d)) ? t(d) : e(d));
  }
  const pairs = n - (n % 2);
  const otherwise = n % 2 === 1 ? (all[n - 1] as Evaluator) : null;
  return (d) => {
    for (let i = 0; i < pairs; i += 2) {
      if (truthy((all[i] as Evaluator)(d))) return (all[i + 1] as Evaluator)(d);
    }
    return otherwise === null ? null : otherwise(d);
  };
}

/** `+`: parseFloat each argument and add. Sums of many sibling fields read the parent once. */
function buildPlus(args: LogicNode[], ctx: BuildContext, float: (v: unknown) => number): Evaluator {
  const fused = ctx.trace ? null : buildSiblingSum(args, float);
  if (fused) return fused;
  const all = args.map((a) => build(a, ctx));
  const n = all.length;
  if (n === 0) return () => 0;
  if (n === 1) {
    const a = all[0] as Evaluator;
    return (d) => float(a(d));
  }
  if (n === 2) {
    const [a, b] = all as [Evaluator, Evaluator];
    return (d) => float(a(d)) + float(b(d));
  }
  return (d) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum = sum + float((all[i] as Evaluator)(d));
    return sum;
  };
}

/**
 * A sum whose every argument is `{"var": "parent.key"}` with one shared parent: read the parent's
 * own enumerable properties in one pass, cached by key order, instead of one lookup per argument.
 */
function buildSiblingSum(args: LogicNode[], toFloat: (v: unknown) => number): Evaluator | null {
  if (args.length < 4) return null;
  let parent: string[] | null = null;
  const leaves: string[] = [];
  for (const a of args) {
    if (a.kind !== "operation" || a.op !== "var" || a.args.length !== 1) return null;
    const p = a.args[0];
    if (!isLiteral(p) || typeof p.value !== "string") return null;
    const keys = splitPath(p.value);
    if (keys === null || keys.length < 2) return null;
    const head = keys.slice(0, -1);
    if (parent === null) parent = head;
    else if (parent.length !== head.length || parent.some((k, i) => k !== head[i])) return null;
    leaves.push(keys[keys.length - 1] as string);
  }
  if (parent === null) return null;
  const parentKeys = parent;
  const unique = [...new Set(leaves)];
  const slotOf = new Map(unique.map((k, i) => [k, i]));
  const argSlots = leaves.map((k) => slotOf.get(k) as number);
  const values = new Array<unknown>(unique.length).fill(undefined);
  const n = argSlots.length;
  const u = unique.length;
  let order: string[] = [];
  let orderSlots: number[] = [];
  const hasOwn = Object.prototype.hasOwnProperty;

  const learn = (object: Record<string, unknown>): void => {
    order = [];
    orderSlots = [];
    for (const key in object) {
      order.push(key);
      const slot = slotOf.get(key);
      orderSlots.push(slot !== undefined && hasOwn.call(object, key) && readOwn(object, key) !== undefined ? slot : -1);
    }
  };

  return (d) => {
    const object = parentKeys.length === 1 ? (d === null || d === undefined ? undefined : readOwn(d, parentKeys[0] as string)) : readPath(d, parentKeys, undefined);
    if (object === null || object === undefined) return NaN;
    const proto = typeof object === "object" ? Object.getPrototypeOf(object) : undefined;
    if (proto !== Object.prototype && proto !== null) {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const v = readOwn(object, unique[argSlots[i] as number] as string);
        sum = sum + toFloat(v === undefined ? null : v);
      }
      return sum;
    }
    const record = object as Record<string, unknown>;
    for (let i = 0; i < u; i++) values[i] = undefined;
    let p = 0;
    let same = true;
    for (const key in record) {
      if (key !== order[p]) {
        same = false;
        break;
      }
      const slot = orderSlots[p] as number;
      if (slot >= 0) values[slot] = record[key];
      p++;
    }
    if (!same || p !== order.length) {
      learn(record);
      for (let i = 0; i < u; i++) values[i] = undefined;
      for (let q = 0; q < order.length; q++) {
        const slot = orderSlots[q] as number;
        if (slot >= 0) values[slot] = record[order[q] as string];
      }
    }
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = values[argSlots[i] as number];
      sum = sum + toFloat(v === undefined ? null : v);
    }
    return sum;
  };
}

function buildTimes(all: Evaluator[], path: PathSegment[], toFloat: (v: unknown) => number): Evaluator {
  const n = all.length;
  if (n === 0) {
    return () => {
      throw evaluationError(path, `"*" needs at least one argument.`, `"*" 至少需要一个参数。`);
    };
  }
  if (n === 1) return all[0] as Evaluator;
  return (d) => {
    let product = toFloat((all[0] as Evaluator)(d)) * toFloat((all[1] as Evaluator)(d));
    for (let i = 2; i < n; i++) product = toFloat(product) * toFloat((all[i] as Evaluator)(d));
    return product;
  };
}

function buildIteration(node: OperationNode, ctx: BuildContext): Evaluator {
  const { op, args, path } = node;
  const source = args[0] === undefined ? UNDEFINED : build(args[0], ctx);
  const body = args[1] === undefined ? UNDEFINED : build(args[1], ctx);
  const state = ctx.state;
  const max = ctx.limits.maxIterations;
  const maxWork = ctx.limits.maxWork;
  // Each element costs the body's size (its nodes, evaluated again) and one for the element itself.
  const perElement = (args[1]?.size ?? 0) + 1;
  const tick = (): void => {
    if (++state.iterations > max) throw limitError(path, "The number of iterations", "迭代次数", max);
    if ((state.work += perElement) > maxWork) throw workError(path, maxWork);
  };
  // map, filter and reduce visit every element: charged once, before the first.
  const chargeAll = (n: number): void => {
    if ((state.iterations += n) > max) throw limitError(path, "The number of iterations", "迭代次数", max);
    if ((state.work += n * perElement) > maxWork) throw workError(path, maxWork);
  };
  const filter = (d: unknown): unknown[] => {
    const list = source(d);
    if (!Array.isArray(list)) return [];
    chargeAll(list.length);
    const out: unknown[] = [];
    for (let i = 0; i < list.length; i++) {
      if (truthy(body(list[i]))) out.push(list[i]);
    }
    return out;
  };
  switch (op) {
    // Like json-logic-js, iterations never evaluate arguments past the ones they use.
    case "filter":
      return filter;
    case "map":
      return (d) => {
        const list = source(d);
        if (!Array.isArray(list)) return [];
        chargeAll(list.length);
        const out = new Array<unknown>(list.length);
        for (let i = 0; i < list.length; i++) {
          out[i] = body(list[i]);
        }
        return out;
      };
    case "reduce": {
      const hasInitial = args.length > 2;
      const initial = hasInitial ? build(args[2] as LogicNode, ctx) : () => null;
      return (d) => {
        const list = source(d);
        let accumulator = initial(d);
        if (!Array.isArray(list)) return accumulator;
        chargeAll(list.length);
        for (let i = 0; i < list.length; i++) {
          accumulator = body({ current: list[i], accumulator });
        }
        return accumulator;
      };
    }
    default: {
      // all, some, none: a non-array or empty list gives false, false, true.
      const empty = op === "none";
      const stopOn = op !== "all"; // some and none stop on the first truthy element, all on the first falsy one
      const stopResult = op === "some";
      return (d) => {
        const list = source(d);
        if (!Array.isArray(list) || list.length === 0) return empty;
        for (let i = 0; i < list.length; i++) {
          tick();
          if (truthy(body(list[i])) === stopOn) return op === "all" ? false : stopResult;
        }
        return op === "all" ? true : !stopResult;
      };
    }
  }
}

function buildCustom(node: OperationNode, ctx: BuildContext): Evaluator {
  const operator = ctx.custom.get(node.op);
  if (operator === undefined) {
    // The parser rejects unknown operators, so this is a bug.
    throw new Error(`Internal: operator "${node.op}" reached the builder without an implementation.`);
  }
  // An argument that is a literal array (a band table, a list of ranges) is built once and
  // shared, frozen: operators read their arguments and never return or change them.
  const dynamic: boolean[] = [];
  const all = node.args.map((a) => {
    if (a.kind === "array" && isLiteralTree(a)) {
      const value = deepFreeze(literalTree(a));
      dynamic.push(false);
      return () => value;
    }
    dynamic.push(a.kind !== "literal");
    return build(a, ctx);
  });
  const n = all.length;
  const charge = chargerFor(ctx, node.path);
  const pointer = toPointer(node.path);
  const path = node.path;
  const context: OperatorContext = {
    path: pointer,
    fail(message: string, messageZh: string): never {
      throw evaluationError(path, message, messageZh);
    },
  };
  const evaluate = operator.evaluate.bind(operator);
  return (d) => {
    const values = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const v = (all[i] as Evaluator)(d);
      // An operator may look at every element of a list it is given.
      if (dynamic[i] === true && Array.isArray(v)) charge(v.length);
      values[i] = v;
    }
    return evaluate(values, context);
  };
}

function isLiteralTree(node: LogicNode): boolean {
  if (node.kind === "literal") return true;
  if (node.kind === "array") return node.items.every(isLiteralTree);
  return false;
}

function literalTree(node: LogicNode): unknown {
  return node.kind === "array" ? node.items.map(literalTree) : (node as { value: unknown }).value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
