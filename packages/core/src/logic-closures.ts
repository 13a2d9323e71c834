/**
 * Turns parsed rules into closures. No `eval`, no `new Function`. Internal.
 *
 * Two builders share this file. The fast one (what `compileLogic` returns) gives every node its
 * own copy of its closure's code, taken from the pools in logic-pool.generated.ts: V8 keeps type
 * feedback per function literal, so a node's property reads see one shape and its calls one
 * callee, and V8 inlines a rule's tree much as if it had been written by hand. Literal operands
 * are folded in, sums of sibling fields read their parent once, and sub-rules that occur more than
 * once are evaluated once per call. In a document kind's engine, nodes of one shape share a copy
 * (see `ShapeCopies`). The generic one (one closure per operator, every node
 * traceable) builds explanations, and the shapes the pools do not cover.
 *
 * Both charge the same work (see `LogicLimits.maxWork`): the rule's size once per call (by the
 * entry closure), a body's size and one per element, and what merge, in, missing, cat, substr,
 * custom operators and lists turned into text build or look at.
 * @internal
 */

import type { PathSegment } from "./issues";
import { toPointer } from "./issues";
import type { LogicLimits, LogicNode, OperationNode } from "./logic-parse";
import * as pool from "./logic-pool.generated";
import {
  evaluateIn,
  evaluateMissing,
  evaluateSubstr,
  evaluateVar,
  evaluationError,
  keyReader,
  limitError,
  listTextLength,
  readOwn,
  readPlainKey,
  splitPath,
  toNumberGuarded,
  truthy,
  workError,
  type Guard,
} from "./logic-semantics";
import { isStandardOperator, type OperatorScope, type OperatorSpec } from "./operators";

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
  /** Builds a child: the fast builder's or the generic one's. */
  build: (node: LogicNode) => Evaluator;
  /** Whether the rule has a memoised sub-rule (the entry starts a new epoch). */
  usesMemo: boolean;
  /** Whether the rule iterates (the entry resets the iteration count). */
  usesIterations: boolean;
  /** The engine's copies by node shape, when its rules share them (fast builder only). */
  shapes: ShapeCopies | null;
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

/** The thrower for work past the budget at `path`. */
function overBudgetAt(ctx: BuildContext, path: readonly PathSegment[]): () => never {
  const max = ctx.limits.maxWork;
  return () => {
    throw workError(path, max);
  };
}

/**
 * Before a list is turned into text (by `cat`, a comparison, arithmetic …): its text must stay
 * under the string limit, and the elements looked at are charged as work.
 */
function textGuardFor(ctx: BuildContext, path: readonly PathSegment[]): Guard {
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

/**
 * Find sub-rules (operations other than a bare `var`) that occur at least twice: evaluating them
 * once per call is where most of the speed of a banded rule comes from. Only pure ones, as the
 * operator table says.
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

function contextFor(
  root: LogicNode,
  custom: ReadonlyMap<string, BuildOperator>,
  spec: (op: string) => OperatorSpec | undefined,
  limits: LogicLimits,
  state: EvaluationState,
  trace: TraceHook | undefined,
): BuildContext {
  const ctx: BuildContext = {
    custom,
    spec,
    limits,
    state,
    shared: trace ? new Set() : findSharedSubRules(root, spec),
    memo: new Map(),
    trace,
    build: (node) => genericNode(node, ctx),
    usesMemo: false,
    usesIterations: false,
    shapes: null,
  };
  return ctx;
}

/**
 * Build the generic evaluator of a parsed rule (every operation traceable through `trace`). The
 * caller resets `state` before each call: epoch, iterations, and the rule's size as work.
 */
export function buildEvaluator(
  root: LogicNode,
  custom: ReadonlyMap<string, BuildOperator>,
  spec: (op: string) => OperatorSpec | undefined,
  limits: LogicLimits,
  state: EvaluationState,
  trace?: TraceHook,
): Evaluator {
  const ctx = contextFor(root, custom, spec, limits, state, trace);
  return genericNode(root, ctx);
}

/**
 * Build the fast evaluator of a parsed rule, entry included: each call resets `state` itself
 * (a new epoch when the rule has memoised sub-rules, the iteration count when it iterates, and
 * the rule's size as work).
 */
export function buildFastEvaluator(
  root: LogicNode,
  custom: ReadonlyMap<string, BuildOperator>,
  spec: (op: string) => OperatorSpec | undefined,
  limits: LogicLimits,
  state: EvaluationState,
  shapes: ShapeCopies | null = null,
): Evaluator {
  const ctx = contextFor(root, custom, spec, limits, state, undefined);
  ctx.shapes = shapes;
  ctx.build = (node) => fastNode(node, ctx);
  const evaluate = fastNode(root, ctx);
  const entry = ctx.usesMemo ? (ctx.usesIterations ? pool.rootEIW : pool.rootEW) : ctx.usesIterations ? pool.rootIW : pool.rootW;
  return copyFor(ctx, entry, root)(state, evaluate, root.size);
}

// ---------------------------------------------------------------------------------------------
// Pools: copies are taken round-robin, so nodes built one after another get distinct code; nodes
// of one shape share a copy
// ---------------------------------------------------------------------------------------------

const taken = new Map<readonly unknown[], number>();

/** How many copies of a shape have been taken so far (for tests). */
export function poolCursor(copies: readonly unknown[]): number {
  return taken.get(copies) ?? 0;
}

/**
 * For an engine whose rules all read objects of one kind (a document kind's context, built by the
 * library): the copy given to each node shape so far, by pool. Two nodes of one shape (see
 * {@link shapeOf}) reading such objects would collect the same type feedback, so they share a copy
 * and leave the others for nodes of other shapes; a process that compiles many rules then wraps
 * around its pools later. Rules over data the library does not build (what `compileLogic` is given)
 * take copies in turn: the same path may be read from objects of other shapes.
 * @internal
 */
export interface ShapeCopies {
  readonly byPool: Map<readonly unknown[], Map<string, number>>;
  /** Shapes remembered so far; past {@link MAX_SHAPES} a node takes the next copy, as one without a shape. */
  remembered: number;
}

/** Shapes remembered per engine, at most (a few MB of text). */
const MAX_SHAPES = 8192;

/** The next copy of a shape's code, or, in an engine that shares them, the copy an earlier node of the same `shape` got. */
function take<F>(copies: ReadonlyArray<F>, shape: string | null, shared: ShapeCopies | null): F {
  if (shape === null || shared === null) return copies[nextIndex(copies)] as F;
  let byShape = shared.byPool.get(copies);
  if (byShape === undefined) shared.byPool.set(copies, (byShape = new Map()));
  const known = byShape.get(shape);
  if (known !== undefined) return copies[known] as F;
  const index = nextIndex(copies);
  if (shared.remembered < MAX_SHAPES) {
    byShape.set(shape, index);
    shared.remembered++;
  }
  return copies[index] as F;
}

/** The index of the next copy in turn. */
function nextIndex(copies: readonly unknown[]): number {
  const next = taken.get(copies) ?? 0;
  taken.set(copies, next + 1);
  return next % copies.length;
}

/** The copy of `copies` for `node`: in an engine that shares them, the one nodes of its shape got. */
function copyFor<F>(ctx: BuildContext, copies: ReadonlyArray<F>, node: LogicNode): F {
  return take(copies, ctx.shapes === null ? null : shapeOf(node), ctx.shapes);
}

/** Nodes larger than this get no shape: a large subtree seldom occurs twice. */
const MAX_SHAPE_SIZE = 24;

const nodeShapes = new WeakMap<LogicNode, string | null>();

/**
 * What a node's closures see, as text: the operators and `var` paths of its subtree, with each
 * literal replaced by its type. Two nodes of one shape read the same fields, compare values of the
 * same types and call children of the same shapes, so one copy's inline caches serve both. `null`
 * for a node whose code also depends on something else (a custom operator's function) or that is
 * too large to be worth it.
 */
function shapeOf(node: LogicNode): string | null {
  if (node.size > MAX_SHAPE_SIZE) return null;
  const cached = nodeShapes.get(node);
  if (cached !== undefined) return cached;
  let shape: string | null = null;
  if (node.kind === "literal") {
    const value = node.value;
    shape = value === null ? "null" : Array.isArray(value) ? "list" : typeof value;
  } else if (node.kind === "array") {
    shape = shapeList("[", node.items, "]");
  } else if (node.op === "var" && node.args[0]?.kind === "literal") {
    // The path is part of what the read sees; a default only by its type.
    const path = JSON.stringify((node.args[0] as { value: unknown }).value);
    shape = shapeList(`var(${path}`, node.args.slice(1), ")", ",");
  } else if (isStandardOperator(node.op)) {
    shape = shapeList(`${node.op}(`, node.args, ")");
  }
  nodeShapes.set(node, shape);
  return shape;
}

/** `open`, the shapes of `nodes` joined by commas, `close`; `null` when one has none. */
function shapeList(open: string, nodes: readonly LogicNode[], close: string, before = ""): string | null {
  let shape = open;
  for (let i = 0; i < nodes.length; i++) {
    const part = shapeOf(nodes[i] as LogicNode);
    if (part === null) return null;
    shape += (i === 0 ? before : ",") + part;
  }
  return shape + close;
}

/** A key as the pooled reads take it: an array index as a number (`d[3]` is `d["3"]`), else the string. */
function poolKey(key: string): string | number {
  if (key.length > 0 && key.length <= 9 && (key === "0" || /^[1-9][0-9]*$/.test(key))) return Number(key);
  return key;
}

/** The keys of `{"var": "a.b"}` (no default, or a literal one) when each is plain; else `null`. */
function plainPath(node: LogicNode | undefined): { keys: string[]; notFound: unknown } | null {
  if (node === undefined || node.kind !== "operation" || node.op !== "var" || node.args.length > 2) return null;
  const [first, second] = node.args;
  if (first === undefined || first.kind !== "literal" || (second !== undefined && second.kind !== "literal")) return null;
  const keys = splitPath(first.value);
  if (keys === null || keys.some((k) => keyReader(k) !== readPlainKey)) return null;
  const fallback = second === undefined ? undefined : second.value;
  return { keys, notFound: fallback === undefined ? null : fallback };
}

/**
 * `var` of one to three plain keys: each key read by its own copy (a read sees one shape), the
 * steps joined by a small closure V8 inlines. A missing step gives `notFound`, as json-logic-js.
 */
function readPath(keys: readonly string[], notFound: unknown, shared: ShapeCopies | null): Evaluator {
  const [k1, k2, k3] = keys.map(poolKey) as [string | number, string | number, string | number];
  // A read's shape is the path up to it: reads of one path see the same objects.
  const upTo = (n: number) => (shared === null ? null : JSON.stringify(keys.slice(0, n)));
  if (keys.length === 1) return take(pool.var1, upTo(1), shared)(k1, notFound);
  if (keys.length === 2) return take(pool.path2, upTo(2), shared)(take(pool.var1, upTo(1), shared)(k1, undefined), take(pool.var1, upTo(2), shared)(k2, notFound), notFound);
  return take(pool.path3, upTo(3), shared)(take(pool.var1, upTo(1), shared)(k1, undefined), take(pool.var1, upTo(2), shared)(k2, undefined), take(pool.var1, upTo(3), shared)(k3, notFound), notFound);
}

// ---------------------------------------------------------------------------------------------
// The fast builder
// ---------------------------------------------------------------------------------------------

function fastNode(node: LogicNode, ctx: BuildContext): Evaluator {
  if (node.kind !== "operation") return genericNode(node, ctx);
  if (ctx.shared.has(node.key)) {
    const existing = ctx.memo.get(node.key);
    if (existing) return existing;
    ctx.usesMemo = true;
    const memoised = copyFor(ctx, pool.memo, node)(ctx.state, fastOperation(node, ctx) ?? genericOperation(node, ctx));
    ctx.memo.set(node.key, memoised);
    return memoised;
  }
  return fastOperation(node, ctx) ?? genericOperation(node, ctx);
}

const LOOSE_WITH_LITERAL: Readonly<Record<string, ReadonlyArray<(a: Evaluator, c: unknown, g: Guard) => Evaluator>>> = {
  "==": pool.eqC,
  "!=": pool.neC,
  ">": pool.gtC,
  ">=": pool.geC,
  "<": pool.ltC,
  "<=": pool.leC,
};
const LOOSE_WITH_OPERAND: Readonly<Record<string, ReadonlyArray<(a: Evaluator, b: Evaluator, g: Guard) => Evaluator>>> = {
  "==": pool.eqX,
  "!=": pool.neX,
  ">": pool.gtX,
  ">=": pool.geX,
  "<": pool.ltX,
  "<=": pool.leX,
};

/** Copies of a shape whose arity the builder chooses, by arity. */
type Pools<R> = ReadonlyArray<ReadonlyArray<(...a: never[]) => R> | undefined>;

/** Build a taken copy of a variadic shape. */
function make<R>(copy: (...a: never[]) => R, ...args: unknown[]): R {
  return (copy as unknown as (...a: unknown[]) => R)(...args);
}

const AND: Pools<Evaluator> = [undefined, undefined, pool.and2, pool.and3, pool.and4, pool.and5, pool.and6, pool.and7, pool.and8];
const OR: Pools<Evaluator> = [undefined, undefined, pool.or2, pool.or3, pool.or4, pool.or5, pool.or6, pool.or7, pool.or8];
const IF: Pools<Evaluator> = [
  undefined,
  undefined,
  pool.if2,
  pool.if3,
  pool.if4,
  pool.if5,
  pool.if6,
  pool.if7,
  pool.if8,
  pool.if9,
  pool.if10,
  pool.if11,
  pool.if12,
  pool.if13,
];
const PLUS: Pools<Evaluator> = [undefined, pool.plus1, pool.plus2, pool.plus3, pool.plus4, pool.plus5, pool.plus6];
const IN_LIST: Pools<Evaluator> = [
  undefined,
  pool.inList1,
  pool.inList2,
  pool.inList3,
  pool.inList4,
  pool.inList5,
  pool.inList6,
  pool.inList7,
  pool.inList8,
];
const SUM_PART: Pools<pool.Part> = [
  undefined,
  pool.sumPart1,
  pool.sumPart2,
  pool.sumPart3,
  pool.sumPart4,
  pool.sumPart5,
  pool.sumPart6,
  pool.sumPart7,
  pool.sumPart8,
];
const SIBLING_SUM: Pools<Evaluator> = [undefined, pool.siblingSum1, pool.siblingSum2, pool.siblingSum3, pool.siblingSum4];
const CUSTOM: Pools<Evaluator> = [undefined, pool.custom1, pool.custom2, pool.custom3];

/** A pooled closure for an operation, or `null` when its shape has no pool (the generic builder takes it). */
function fastOperation(node: OperationNode, ctx: BuildContext): Evaluator | null {
  const { op, args, path } = node;
  const n = args.length;
  const child = (i: number): Evaluator => ctx.build(args[i] as LogicNode);
  switch (op) {
    case "var": {
      const plain = plainPath(node);
      if (plain === null || plain.keys.length > 3) return null;
      return readPath(plain.keys, plain.notFound, ctx.shapes);
    }
    case "===":
    case "!==": {
      if (n !== 2) return null;
      const right = args[1] as LogicNode;
      if (right.kind === "literal") return copyFor(ctx, op === "===" ? pool.seqC : pool.sneC, node)(child(0), right.value);
      return copyFor(ctx, op === "===" ? pool.seqX : pool.sneX, node)(child(0), child(1));
    }
    case "==":
    case "!=":
    case ">":
    case ">=":
    case "<":
    case "<=": {
      const g = textGuardFor(ctx, path);
      if (n === 2) {
        const right = args[1] as LogicNode;
        if (right.kind === "literal") return copyFor(ctx, LOOSE_WITH_LITERAL[op] as ReadonlyArray<(a: Evaluator, c: unknown, g: Guard) => Evaluator>, node)(child(0), right.value, g);
        return copyFor(ctx, LOOSE_WITH_OPERAND[op] as ReadonlyArray<(a: Evaluator, b: Evaluator, g: Guard) => Evaluator>, node)(child(0), child(1), g);
      }
      if (n === 3 && (op === "<" || op === "<=")) {
        const [lo, , hi] = args as [LogicNode, LogicNode, LogicNode];
        if (lo.kind === "literal" && hi.kind === "literal") return copyFor(ctx, op === "<" ? pool.lt3C : pool.le3C, node)(lo.value, child(1), hi.value, g);
        return copyFor(ctx, op === "<" ? pool.lt3 : pool.le3, node)(child(0), child(1), child(2), g);
      }
      return null;
    }
    case "!":
    case "!!":
      if (n !== 1) return null;
      return copyFor(ctx, op === "!" ? pool.not : pool.bool, node)(child(0));
    case "and":
    case "or": {
      if (n === 1) return child(0);
      const copies = (op === "and" ? AND : OR)[n];
      return copies === undefined ? null : make(copyFor(ctx, copies, node), ...args.map((a) => ctx.build(a)));
    }
    case "if":
    case "?:": {
      if (n === 1) return child(0);
      const copies = IF[n];
      return copies === undefined ? null : make(copyFor(ctx, copies, node), ...args.map((a) => ctx.build(a)));
    }
    case "+": {
      const fused = siblingSum(node, ctx);
      if (fused !== null) return fused;
      const copies = PLUS[n];
      return copies === undefined ? null : make(copyFor(ctx, copies, node), ...args.map((a) => ctx.build(a)), textGuardFor(ctx, path));
    }
    case "-":
      if (n === 1) return copyFor(ctx, pool.minus1, node)(child(0), textGuardFor(ctx, path));
      return n === 2 ? copyFor(ctx, pool.minus2, node)(child(0), child(1), textGuardFor(ctx, path)) : null;
    case "*":
      if (n === 1) return child(0);
      return n === 2 ? copyFor(ctx, pool.times2, node)(child(0), child(1), textGuardFor(ctx, path)) : null;
    case "/":
    case "%":
      return n === 2 ? copyFor(ctx, op === "/" ? pool.div : pool.mod, node)(child(0), child(1), textGuardFor(ctx, path)) : null;
    case "min":
    case "max":
      return n === 2 ? copyFor(ctx, op === "min" ? pool.min2 : pool.max2, node)(child(0), child(1), textGuardFor(ctx, path)) : null;
    case "in": {
      if (n !== 2) return null;
      const [needle, haystack] = args as [LogicNode, LogicNode];
      if (haystack.kind === "array" && haystack.items.every((i) => i.kind === "literal")) {
        // A literal list is only searched, never returned: one copy, its size part of the rule's.
        const items = haystack.items.map((i) => (i as { value: unknown }).value);
        const copies = IN_LIST[items.length];
        if (copies !== undefined) return make(copyFor(ctx, copies, node), child(0), ...items);
        return copyFor(ctx, pool.inList, node)(child(0), items);
      }
      const slow = inSlow(ctx, path);
      if (needle.kind === "literal") return copyFor(ctx, pool.inC, node)(needle.value, child(1), ctx.state, ctx.limits.maxWork, overBudgetAt(ctx, path), slow);
      return copyFor(ctx, pool.inX, node)(child(0), child(1), ctx.state, ctx.limits.maxWork, overBudgetAt(ctx, path), slow);
    }
    default: {
      const spec = ctx.spec(op);
      if (spec !== undefined && spec.scopes.length > 0) return fastIteration(node, ctx, spec.scopes[0] as OperatorScope);
      const operator = ctx.custom.get(op);
      const copies = CUSTOM[n];
      if (operator === undefined || copies === undefined) return null;
      return make(copyFor(ctx, copies, node), operator, operatorContext(node), ...customArgs(node, ctx), chargerFor(ctx, path));
    }
  }
}

/** `in` over anything but a list (a string, nothing, something else), as the generic builder does it. */
function inSlow(ctx: BuildContext, path: readonly PathSegment[]): (needle: unknown, haystack: unknown) => boolean {
  const guard = textGuardFor(ctx, path);
  const charge = chargerFor(ctx, path);
  return (needle, haystack) => {
    if (typeof haystack === "string") {
      if (typeof needle === "object" && needle !== null) guard(needle);
      charge(haystack.length);
    } else if (Array.isArray(haystack)) charge(haystack.length);
    return evaluateIn(needle, haystack, path);
  };
}

/**
 * A sum of four or more sibling fields (`items.a + items.b + …`, up to 32, each key plain): the
 * parent read once, its prototype checked once, the fields read in parts of up to eight. Left to
 * right from 0, as json-logic-js adds.
 */
function siblingSum(node: OperationNode, ctx: BuildContext): Evaluator | null {
  const args = node.args;
  if (args.length < 4 || args.length > 32) return null;
  let parent: string[] | null = null;
  const leaves: string[] = [];
  for (const a of args) {
    const plain = plainPath(a);
    if (plain === null || plain.notFound !== null || (a as OperationNode).args.length !== 1 || plain.keys.length < 2 || plain.keys.length > 3) return null;
    const head = plain.keys.slice(0, -1);
    if (parent === null) parent = head;
    else if (parent.length !== head.length || parent.some((k, i) => k !== head[i])) return null;
    leaves.push(plain.keys[plain.keys.length - 1] as string);
  }
  if (parent === null) return null;
  // Missing, the parent is undefined: the sum is then NaN, as each field would be null.
  const readParent = readPath(parent, undefined, ctx.shapes);
  const g = textGuardFor(ctx, node.path);
  const parts: pool.Part[] = [];
  for (let i = 0; i < leaves.length; i += 8) {
    const keys = leaves.slice(i, i + 8).map(poolKey);
    const copies = SUM_PART[keys.length] as ReadonlyArray<(...a: never[]) => pool.Part>;
    parts.push(make(take(copies, ctx.shapes === null ? null : JSON.stringify([parent, keys]), ctx.shapes), ...keys, g));
  }
  // Any other parent (a string, a number, an object of a class): every field read on its own.
  const slow = (o: unknown): number => {
    let s = 0;
    for (const key of leaves) {
      const v = readOwn(o, key);
      s = s + toNumberGuarded(v === undefined ? null : v, g);
    }
    return s;
  };
  return make(copyFor(ctx, SIBLING_SUM[parts.length] as ReadonlyArray<(...a: never[]) => Evaluator>, node), readParent, ...parts, slow);
}

/**
 * `map`, `filter`, `reduce`, `all`, `some`, `none`: the list is the first argument, the body the
 * one the operator table names (`scope.arg`), evaluated per element.
 */
function fastIteration(node: OperationNode, ctx: BuildContext, scope: OperatorScope): Evaluator | null {
  const { op, args, path } = node;
  const copies = op === "map" ? pool.map : op === "filter" ? pool.filter : op === "all" ? pool.all : op === "some" ? pool.some : op === "none" ? pool.none : op === "reduce" ? pool.reduce : null;
  if (copies === null || scope.arg !== 1) return null;
  ctx.usesIterations = true;
  const bodyNode = args[scope.arg];
  const source = args[0] === undefined ? UNDEFINED : ctx.build(args[0]);
  const body = bodyNode === undefined ? UNDEFINED : ctx.build(bodyNode);
  // Each element costs the body's size (its nodes, evaluated again) and one for the element itself.
  const cost = (bodyNode?.size ?? 0) + 1;
  const maxIterations = ctx.limits.maxIterations;
  const overIterations = () => {
    throw limitError(path, "The number of iterations", "迭代次数", maxIterations);
  };
  const common = [source, body, cost, ctx.state, ctx.limits.maxWork, maxIterations, overBudgetAt(ctx, path), overIterations] as const;
  if (op === "reduce") {
    const initial = args.length > 2 ? ctx.build(args[2] as LogicNode) : () => null;
    return copyFor(ctx, pool.reduce, node)(...common, initial);
  }
  return copyFor(ctx, copies as typeof pool.map, node)(...common);
}

// ---------------------------------------------------------------------------------------------
// The generic builder
// ---------------------------------------------------------------------------------------------

function genericNode(node: LogicNode, ctx: BuildContext): Evaluator {
  if (node.kind === "literal") {
    const value = node.value;
    return () => value;
  }
  if (node.kind === "array") {
    const items = node.items.map((item) => ctx.build(item));
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
    ctx.usesMemo = true;
    const inner = genericOperation(node, ctx);
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
  const evaluator = genericOperation(node, ctx);
  return ctx.trace ? ctx.trace(node, evaluator) : evaluator;
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

/** `missing` and `missing_some` look up each key: one unit each, and a list given as a path is text. */
function chargeKeys(keys: ArrayLike<unknown>, charge: Charge, guard: Guard): void {
  charge(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (Array.isArray(key)) {
      const path = key[0];
      if (typeof path === "object" && path !== null) guard(path);
    }
  }
}

/** A value about to be compared loosely or ordered: a list in it is text (`[1, 2] == "1,2"`). */
function textOf(guard: Guard, value: unknown): unknown {
  if (typeof value === "object" && value !== null) guard(value);
  return value;
}

function genericOperation(node: OperationNode, ctx: BuildContext): Evaluator {
  const { op, args, path } = node;
  const arg = (i: number): Evaluator => {
    const a = args[i];
    return a === undefined ? UNDEFINED : ctx.build(a);
  };
  const all = (): Evaluator[] => args.map((a) => ctx.build(a));
  const extraFrom = (n: number): Evaluator[] => args.slice(n).map((a) => ctx.build(a));
  const guard = textGuardFor(ctx, path);
  const charge = chargerFor(ctx, path);
  const num = (v: unknown): number => textOf(guard, v) as number;
  const float = (v: unknown): number => toNumberGuarded(v, guard);

  switch (op) {
    case "var":
      return buildVar(node, ctx);
    case "==":
    case "===":
    case "!=":
    case "!==":
    case ">":
    case ">=":
      return withExtraArgs(buildBinaryComparison(op, args, arg, guard), extraFrom(2));
    case "<":
    case "<=":
      return buildLess(op, args, arg, guard);
    case "!": {
      const a = arg(0);
      return withExtraArgs((d) => !truthy(a(d)), extraFrom(1));
    }
    case "!!": {
      const a = arg(0);
      return withExtraArgs((d) => truthy(a(d)), extraFrom(1));
    }
    case "and":
      return buildAnd(all());
    case "or":
      return buildOr(all());
    case "if":
    case "?:":
      return buildIf(all());
    case "+": {
      const evaluators = all();
      const n = evaluators.length;
      // From 0, left to right, as json-logic-js adds (0 + -0 is 0).
      return (d) => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum = sum + float((evaluators[i] as Evaluator)(d));
        return sum;
      };
    }
    case "*":
      return buildTimes(all(), path, float);
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
      const evaluators = all();
      const n = evaluators.length;
      const pick = op === "min" ? Math.min : Math.max;
      return (d) => {
        const values = new Array<number>(n);
        for (let i = 0; i < n; i++) values[i] = num((evaluators[i] as Evaluator)(d));
        return pick(...values);
      };
    }
    case "cat": {
      const evaluators = all();
      const max = ctx.limits.maxStringLength;
      return (d) => {
        let out = "";
        for (let i = 0; i < evaluators.length; i++) {
          const v = (evaluators[i] as Evaluator)(d);
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
        const source = textOf(guard, a(d));
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
      const slow = inSlow(ctx, path);
      return withExtraArgs((d) => slow(a(d), b(d)), extraFrom(2));
    }
    case "merge": {
      const evaluators = all();
      const max = ctx.limits.maxResultLength;
      return (d) => {
        let out: unknown[] = [];
        for (let i = 0; i < evaluators.length; i++) {
          const v = (evaluators[i] as Evaluator)(d);
          charge(Array.isArray(v) ? v.length : 1);
          out = out.concat(v);
          if (out.length > max) throw limitError(path, "An array built by merge", "merge 合并出的数组长度", max);
        }
        return out;
      };
    }
    case "missing": {
      const evaluators = all();
      return (d) => {
        const values = evaluators.map((f) => f(d));
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
    default: {
      const spec = ctx.spec(op);
      if (spec !== undefined && spec.scopes.length > 0) return buildIteration(node, ctx, spec.scopes[0] as OperatorScope);
      return buildCustom(node, ctx);
    }
  }
}

function buildVar(node: OperationNode, ctx: BuildContext): Evaluator {
  const { args } = node;
  const first = args[0];
  const second = args[1];
  const extra = args.slice(2).map((a) => ctx.build(a));
  if ((first === undefined || isLiteral(first)) && (second === undefined || isLiteral(second))) {
    const fallback = second === undefined ? undefined : second.value;
    const notFound = fallback === undefined ? null : fallback;
    const keys = splitPath(first === undefined ? undefined : first.value);
    if (keys === null) return withExtraArgs((d) => d, extra);
    // Each key's reader chosen once, here.
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
  const a = first === undefined ? UNDEFINED : ctx.build(first);
  const b = second === undefined ? UNDEFINED : ctx.build(second);
  const guard = textGuardFor(ctx, node.path);
  return withExtraArgs((d) => evaluateVar(d, textOf(guard, a(d)), b(d)), extra);
}

function buildBinaryComparison(op: string, args: LogicNode[], arg: (i: number) => Evaluator, guard: Guard): Evaluator {
  const right = args[1];
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

function buildLess(op: "<" | "<=", args: LogicNode[], arg: (i: number) => Evaluator, guard: Guard): Evaluator {
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
  const pairs = n - (n % 2);
  const otherwise = n % 2 === 1 ? (all[n - 1] as Evaluator) : null;
  return (d) => {
    for (let i = 0; i < pairs; i += 2) {
      if (truthy((all[i] as Evaluator)(d))) return (all[i + 1] as Evaluator)(d);
    }
    return otherwise === null ? null : otherwise(d);
  };
}

function buildTimes(all: Evaluator[], path: readonly PathSegment[], toFloat: (v: unknown) => number): Evaluator {
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

function buildIteration(node: OperationNode, ctx: BuildContext, scope: OperatorScope): Evaluator {
  const { op, args, path } = node;
  ctx.usesIterations = true;
  const bodyNode = args[scope.arg];
  const source = args[0] === undefined ? UNDEFINED : ctx.build(args[0]);
  const body = bodyNode === undefined ? UNDEFINED : ctx.build(bodyNode);
  const state = ctx.state;
  const max = ctx.limits.maxIterations;
  const maxWork = ctx.limits.maxWork;
  // Each element costs the body's size (its nodes, evaluated again) and one for the element itself.
  const perElement = (bodyNode?.size ?? 0) + 1;
  const tick = (): void => {
    if (++state.iterations > max) throw limitError(path, "The number of iterations", "迭代次数", max);
    if ((state.work += perElement) > maxWork) throw workError(path, maxWork);
  };
  // map, filter and reduce visit every element: charged once, before the first.
  const chargeAll = (n: number): void => {
    if ((state.iterations += n) > max) throw limitError(path, "The number of iterations", "迭代次数", max);
    if ((state.work += n * perElement) > maxWork) throw workError(path, maxWork);
  };
  switch (op) {
    // Like json-logic-js, iterations never evaluate arguments past the ones they use.
    case "filter":
      return (d) => {
        const list = source(d);
        if (!Array.isArray(list)) return [];
        chargeAll(list.length);
        const out: unknown[] = [];
        for (let i = 0; i < list.length; i++) {
          if (truthy(body(list[i]))) out.push(list[i]);
        }
        return out;
      };
    case "map":
      return (d) => {
        const list = source(d);
        if (!Array.isArray(list)) return [];
        chargeAll(list.length);
        const out = new Array<unknown>(list.length);
        for (let i = 0; i < list.length; i++) out[i] = body(list[i]);
        return out;
      };
    case "reduce": {
      const initial = args.length > 2 ? ctx.build(args[2] as LogicNode) : () => null;
      return (d) => {
        const list = source(d);
        let accumulator = initial(d);
        if (!Array.isArray(list)) return accumulator;
        chargeAll(list.length);
        for (let i = 0; i < list.length; i++) accumulator = body({ current: list[i], accumulator });
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

function operatorContext(node: OperationNode): OperatorContext {
  const path = node.path;
  return {
    path: toPointer(path),
    fail(message: string, messageZh: string): never {
      throw evaluationError(path, message, messageZh);
    },
  };
}

/**
 * A custom operator's arguments: a literal list (a band table, a list of ranges) is built once
 * and shared, frozen (operators read their arguments and never return or change them).
 */
function customArgs(node: OperationNode, ctx: BuildContext): Evaluator[] {
  return node.args.map((a) => {
    if (a.kind === "array" && isLiteralTree(a)) {
      const value = deepFreeze(literalTree(a));
      return () => value;
    }
    return ctx.build(a);
  });
}

function buildCustom(node: OperationNode, ctx: BuildContext): Evaluator {
  const operator = ctx.custom.get(node.op);
  if (operator === undefined) {
    // The parser rejects unknown operators, so this is a bug.
    throw new Error(`Internal: operator "${node.op}" reached the builder without an implementation.`);
  }
  const all = customArgs(node, ctx);
  const n = all.length;
  const charge = chargerFor(ctx, node.path);
  const context = operatorContext(node);
  return (d) => {
    const values = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const v = (all[i] as Evaluator)(d);
      // An operator may look at every element of a list it is given.
      if (Array.isArray(v)) charge(v.length);
      values[i] = v;
    }
    return operator.evaluate(values, context);
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
