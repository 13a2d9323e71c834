import { errorFromIssues, isYiyangError, toYiyangError, YIYANG_ERROR_CODES, YiyangError } from "./errors";
import { createIssue, toPointer, type Issue, type SafeResult } from "./issues";
import {
  buildEvaluator,
  type BuildOperator,
  type EvaluationState,
  type Evaluator,
  type OperatorContext,
  type ShapeCopies,
} from "./logic-closures";
import {
  DEFAULT_LOGIC_LIMITS,
  parseLogic,
  type LogicLimits,
  type LogicNode,
  type OperationNode,
  type OperatorArity,
} from "./logic-parse";
import { domainOperators } from "./domain-operators";
// The fast, pooled builder outside browsers; the generic one in browsers (see package.json "imports").
import { buildRuleEvaluator } from "#rule-evaluator";
import { workError } from "./logic-semantics";
import {
  isStandardOperator,
  OPERATOR_SPECS,
  STANDARD_OPERATORS,
  type OperatorResultType,
  type OperatorSpec,
  type StandardOperator,
} from "./operators";
import type { RuleNode } from "./rule-ast";

export type { OperatorContext } from "./logic-closures";
export { STANDARD_OPERATORS } from "./operators";
export type { StandardOperator } from "./operators";
export type { LogicLimits } from "./logic-parse";

/**
 * Standard operators accept any number of arguments, as in json-logic-js (a `{"*": []}` that is
 * never evaluated is not an error there either); only custom operators declare arities.
 */
const STANDARD_ARITY: OperatorArity = Object.freeze({});

/**
 * A custom operator: a pure function of its evaluated arguments.
 *
 * @example
 * ```ts
 * const double: LogicOperator = {
 *   description: "Twice a number.",
 *   minArgs: 1,
 *   maxArgs: 1,
 *   evaluate: ([x], ctx) => (typeof x === "number" ? x * 2 : ctx.fail("double needs a number", "double 需要数字")),
 * };
 * ```
 */
export interface LogicOperator {
  /** One sentence on what it returns, shown by tools that list operators. */
  description: string;
  /** Fewest arguments; fewer is a compile-time issue. */
  minArgs?: number;
  /** Most arguments; more is a compile-time issue. */
  maxArgs?: number;
  /**
   * Whether the result depends only on the arguments (default `true`). Pure operators that occur
   * more than once in a rule are evaluated once per call.
   */
  pure?: boolean;
  /** The type of the result, where it is known (default `any`); the SQL and FHIR compilers read it. */
  result?: OperatorResultType;
  /**
   * Compute the result from the evaluated arguments. Throw through `context.fail` on bad input:
   * the error names the operation's path in the rule.
   */
  evaluate(args: unknown[], context: OperatorContext): unknown;
  /**
   * Check the arguments that are literals in the rule, when it is compiled. Return a problem to
   * report it as an `invalid_argument` issue at the operation's path.
   */
  checkLiteralArgs?(args: ReadonlyArray<{ literal: true; value: unknown } | { literal: false }>):
    | { message: string; messageZh: string }
    | undefined;
}

/** Options for {@link createLogicEngine}. */
export interface CreateLogicEngineOptions {
  /**
   * Which standard operators to allow (default: all of {@link STANDARD_OPERATORS}).
   * Anything else in a rule is an `unknown_operator` issue when it is compiled.
   */
  standardOperators?: readonly StandardOperator[];
  /**
   * Extra operators for this engine only. Pass {@link domainOperators} to get the domain set
   * (`age`, `days_between`, `months_between`, `icd10_in`, `band`); a name may not shadow a standard operator.
   */
  operators?: Readonly<Record<string, LogicOperator>>;
  /** Limits on rule size and evaluation cost; unset fields keep {@link DEFAULT_LOGIC_LIMITS}. */
  limits?: Partial<LogicLimits>;
}

/** One node of an explanation trace: an operation, where it is in the rule, and what it returned. */
export interface LogicTrace {
  /** JSON pointer of the operation in the rule. */
  path: string;
  /** The operator. */
  op: string;
  /** What it returned (absent when it returned `undefined`). */
  value?: unknown;
  /** The operations it evaluated to get there, in order (several entries per element inside `map` and the like). */
  children: LogicTrace[];
}

/** What {@link CompiledLogic.explain} returns. */
export interface LogicExplanation {
  /** The rule's value, the same as calling the compiled rule. */
  value: unknown;
  /** The root operation's trace, or `null` when the rule is a literal. */
  trace: LogicTrace | null;
  /** Whether the trace was cut short at {@link MAX_TRACE_ENTRIES} entries. */
  truncated: boolean;
}

/** Most trace entries one explanation records. */
export const MAX_TRACE_ENTRIES = 10_000;

/**
 * A compiled rule: call it with data to get the rule's value.
 *
 * @example
 * ```ts
 * const rule = compileLogic({ ">=": [{ var: "age" }, 60] });
 * rule({ age: 72 }); //=> true
 * rule.explain({ age: 59 }).trace; //=> { path: "", op: ">=", value: false, children: [{ path: "/>=/0", op: "var", value: 59, children: [] }] }
 * rule.safeEvaluate({ age: 59 }); //=> { ok: true, value: false, issues: [] }
 * ```
 */
export interface CompiledLogic {
  /**
   * Evaluate the rule on data.
   * @throws {@link YiyangError} `evaluation_failed` or `limit_exceeded` when the data cannot be evaluated.
   */
  (data?: unknown): unknown;
  /** Evaluate and record the value of every operation. */
  explain(data?: unknown): LogicExplanation;
  /** Evaluate, returning issues instead of throwing. */
  safeEvaluate(data?: unknown): SafeResult<unknown>;
  /** The rule as it was compiled. */
  readonly rule: unknown;
}

/**
 * A rule parsed by one engine: its {@link RuleNode} tree, checked against that engine's allow-list
 * and limits. Compile it with the same engine without parsing it again.
 */
export interface ParsedRule {
  /** The rule as written. */
  readonly rule: unknown;
  /** The parsed, frozen tree. */
  readonly root: RuleNode;
}

/**
 * An engine: an allow-list of operators and a set of limits, used to parse and compile rules.
 * Engines share nothing, so registering an operator on one never changes another.
 */
export interface LogicEngine {
  /**
   * Compile a rule, or a rule this engine has parsed.
   * @throws {@link YiyangError} `invalid_rule` with every issue when the rule uses an unknown
   * operator, a wrong number of arguments, or goes past a limit.
   */
  compile(rule: unknown): CompiledLogic;
  /** Compile a rule, returning issues instead of throwing. */
  safeCompile(rule: unknown): SafeResult<CompiledLogic>;
  /**
   * Parse a rule into its read-only tree, checking operators, arities, literal arguments of
   * custom operators and every limit; each issue has its JSON pointer.
   */
  parse(rule: unknown): SafeResult<ParsedRule>;
  /** Check a rule without compiling it: every issue, each with its JSON pointer. */
  validate(rule: unknown): Issue[];
  /**
   * What an operator of this engine is (arity, bodies, purity, result type), from the one
   * operator table; `undefined` when the engine does not allow it.
   */
  spec(op: string): OperatorSpec | undefined;
  /** The operators this engine allows, standard ones first. */
  readonly operators: readonly string[];
  /** The limits in force. */
  readonly limits: Readonly<LogicLimits>;
}

function deepFreezeNode(node: LogicNode): void {
  const stack: LogicNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as LogicNode;
    Object.freeze(current.path);
    // A literal's value is the caller's own data (not copied), so it is left as it is.
    if (current.kind === "array") {
      Object.freeze(current.items);
      stack.push(...current.items);
    } else if (current.kind === "operation") {
      Object.freeze(current.args);
      stack.push(...current.args);
    }
    Object.freeze(current);
  }
}

/**
 * Create a {@link LogicEngine} with its own operator allow-list and limits.
 *
 * @param options - which standard operators to allow, extra operators, limits
 * @returns the engine
 * @throws {@link YiyangError} `invalid_argument` when a custom operator would shadow a standard one
 *
 * @example
 * ```ts
 * const engine = createLogicEngine({ standardOperators: ["var", ">=", "and"], operators: domainOperators });
 * engine.compile({ ">=": [{ age: [{ var: "birthDate" }, "2025-06-30"] }, 65] })({ birthDate: "1960-06-30" }); //=> true
 * engine.validate({ "+": [1, 2] })[0]?.code; //=> "unknown_operator"
 * ```
 */
export function createLogicEngine(options: CreateLogicEngineOptions = {}): LogicEngine {
  return makeLogicEngine(options, null);
}

/**
 * A {@link createLogicEngine} for a document kind, whose rules read objects the library builds
 * (one context per record, of one shape): nodes of one shape share their copy of pooled code, so
 * a process that loads many documents runs out of copies later. `compileLogic` and
 * `createLogicEngine` do not share them: the same path may be read from objects of other shapes.
 * @internal
 */
export function createDocumentLogicEngine(options: CreateLogicEngineOptions = {}): LogicEngine {
  return makeLogicEngine(options, { byPool: new Map(), remembered: 0 });
}

function makeLogicEngine(options: CreateLogicEngineOptions, shapes: ShapeCopies | null): LogicEngine {
  const limits: LogicLimits = { ...DEFAULT_LOGIC_LIMITS, ...options.limits };
  const allowed = new Map<string, OperatorArity>();
  const specs = new Map<string, OperatorSpec>();
  for (const op of options.standardOperators ?? STANDARD_OPERATORS) {
    if (!isStandardOperator(op)) {
      throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `"${op}" is not a standard operator.`, {
        messageZh: `"${op}" 不是标准运算符。`,
      });
    }
    allowed.set(op, STANDARD_ARITY);
    specs.set(op, OPERATOR_SPECS[op]);
  }
  const custom = new Map<string, LogicOperator>();
  for (const [name, operator] of Object.entries(options.operators ?? {})) {
    if (isStandardOperator(name)) {
      throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `Operator "${name}" would shadow a standard operator.`, {
        messageZh: `运算符 "${name}" 与标准运算符重名。`,
      });
    }
    custom.set(name, operator);
    const arity: OperatorArity = {};
    if (operator.minArgs !== undefined) arity.minArgs = operator.minArgs;
    if (operator.maxArgs !== undefined) arity.maxArgs = operator.maxArgs;
    allowed.set(name, arity);
    specs.set(
      name,
      Object.freeze({
        description: operator.description,
        minArgs: operator.minArgs,
        maxArgs: operator.maxArgs,
        scopes: Object.freeze([]),
        pure: operator.pure !== false,
        result: operator.result ?? "any",
        shortCircuit: false,
        standard: false,
      }),
    );
  }
  const buildOperators = custom as ReadonlyMap<string, BuildOperator>;
  const parsedRules = new WeakMap<object, LogicNode>();

  const validate = (rule: unknown): { node: LogicNode; issues: Issue[] } => {
    const { node, issues } = parseLogic(rule, allowed, limits);
    if (custom.size > 0) checkCustomArgs(node, custom, issues);
    return { node, issues };
  };

  const spec = (op: string) => specs.get(op);
  const build = (rule: unknown, node: LogicNode): CompiledLogic => {
    const state: EvaluationState = { epoch: 0, iterations: 0, work: 0 };
    // The entry closure itself is the compiled rule: it resets the state (the rule's size as work)
    // and evaluates, with nothing in between for V8 to see through.
    const run = withBudget(node, buildRuleEvaluator(node, buildOperators, spec, limits, state, shapes), limits) as CompiledLogic & { rule: unknown };
    let traced: { evaluate: Evaluator; begin(): void; finish(): { trace: LogicTrace | null; truncated: boolean } } | null = null;
    run.explain = (data?: unknown): LogicExplanation => {
      traced ??= buildTraced(node, buildOperators, spec, limits);
      traced.begin();
      const value = traced.evaluate(data);
      return { value, ...traced.finish() };
    };
    run.safeEvaluate = (data?: unknown): SafeResult<unknown> => {
      try {
        return { ok: true, value: run(data), issues: [] };
      } catch (error) {
        return { ok: false, issues: errorToIssues(error) };
      }
    };
    Object.defineProperty(run, "rule", { value: rule, enumerable: true });
    return run;
  };

  const safeCompile = (rule: unknown): SafeResult<CompiledLogic> => {
    const parsed = typeof rule === "object" && rule !== null ? parsedRules.get(rule) : undefined;
    if (parsed !== undefined) return { ok: true, value: build((rule as ParsedRule).rule, parsed), issues: [] };
    const { node, issues } = validate(rule);
    if (issues.length > 0) return { ok: false, issues };
    return { ok: true, value: build(rule, node), issues: [] };
  };

  return {
    compile(rule: unknown): CompiledLogic {
      const result = safeCompile(rule);
      if (result.ok) return result.value;
      throw errorFromIssues(YIYANG_ERROR_CODES.INVALID_RULE, result.issues, { en: "The rule is invalid", zh: "规则无效" });
    },
    safeCompile,
    parse(rule: unknown): SafeResult<ParsedRule> {
      const { node, issues } = validate(rule);
      if (issues.length > 0) return { ok: false, issues };
      deepFreezeNode(node);
      const parsed: ParsedRule = Object.freeze({ rule, root: node as RuleNode });
      parsedRules.set(parsed, node);
      return { ok: true, value: parsed, issues: [] };
    },
    validate: (rule: unknown) => validate(rule).issues,
    spec: (op: string) => specs.get(op),
    operators: [...allowed.keys()],
    limits: Object.freeze({ ...limits }),
  };
}

function checkCustomArgs(node: LogicNode, custom: ReadonlyMap<string, LogicOperator>, issues: Issue[]): void {
  if (node.kind === "array") {
    for (const item of node.items) checkCustomArgs(item, custom, issues);
    return;
  }
  if (node.kind !== "operation") return;
  const operator = custom.get(node.op);
  if (operator?.checkLiteralArgs) {
    const args = node.args.map((a) =>
      a.kind === "literal"
        ? { literal: true as const, value: a.value }
        : a.kind === "array" && isLiteralArray(a)
          ? { literal: true as const, value: literalValue(a) }
          : { literal: false as const },
    );
    const problem = operator.checkLiteralArgs(args);
    if (problem) {
      issues.push(createIssue("invalid_argument", node.path, problem.message, problem.messageZh, { params: { operator: node.op } }));
    }
  }
  for (const arg of node.args) checkCustomArgs(arg, custom, issues);
}

function isLiteralArray(node: LogicNode): boolean {
  if (node.kind === "literal") return true;
  if (node.kind === "array") return node.items.every(isLiteralArray);
  return false;
}

function literalValue(node: LogicNode): unknown {
  if (node.kind === "literal") return node.value;
  if (node.kind === "array") return node.items.map(literalValue);
  return undefined;
}

function errorToIssues(error: unknown): Issue[] {
  if (isYiyangError(error) && error.issues.length > 0) return error.issues;
  const wrapped = toYiyangError(error);
  if (error instanceof RangeError) {
    return [createIssue("limit_exceeded", "", `Evaluation ran out of stack: ${wrapped.message}`, `求值超出调用栈上限：${wrapped.message}`)];
  }
  return [createIssue(wrapped.code, "", wrapped.message, wrapped.messageZh)];
}

/** A rule larger than the work budget can never run: every call fails at its root. */
function withBudget(node: LogicNode, evaluate: Evaluator, limits: LogicLimits): Evaluator {
  if (node.size <= limits.maxWork) return evaluate;
  return () => {
    throw workError([], limits.maxWork);
  };
}

function buildTraced(
  node: LogicNode,
  custom: ReadonlyMap<string, BuildOperator>,
  spec: (op: string) => OperatorSpec | undefined,
  limits: LogicLimits,
): { evaluate: Evaluator; begin(): void; finish(): { trace: LogicTrace | null; truncated: boolean } } {
  const state: EvaluationState = { epoch: 0, iterations: 0, work: 0 };
  let root: LogicTrace = { path: "", op: "", children: [] };
  let stack: LogicTrace[] = [root];
  let entries = 0;
  let truncated = false;
  const hook = (op: OperationNode, evaluate: Evaluator): Evaluator => {
    const path = toPointer(op.path);
    return (data) => {
      if (entries >= MAX_TRACE_ENTRIES) {
        truncated = true;
        return evaluate(data);
      }
      entries++;
      const entry: LogicTrace = { path, op: op.op, children: [] };
      (stack[stack.length - 1] as LogicTrace).children.push(entry);
      stack.push(entry);
      try {
        const value = evaluate(data);
        if (value !== undefined) entry.value = value;
        return value;
      } finally {
        stack.pop();
      }
    };
  };
  const evaluate = withBudget(node, buildEvaluator(node, custom, spec, limits, state, hook), limits);
  const size = node.size;
  return {
    evaluate: (data) => {
      state.epoch++;
      state.iterations = 0;
      state.work = size;
      return evaluate(data);
    },
    begin() {
      root = { path: "", op: "", children: [] };
      stack = [root];
      entries = 0;
      truncated = false;
    },
    finish() {
      return { trace: root.children[0] ?? null, truncated };
    },
  };
}

let defaultEngine: LogicEngine | undefined;

/** Options for {@link compileLogic}. */
export interface CompileLogicOptions {
  /** The engine to compile with (default: every standard operator plus {@link domainOperators}). */
  engine?: LogicEngine;
}

/**
 * Compile a JSON Logic rule into a reusable function with json-logic-js 2.0.5 semantics, checked
 * against an operator allow-list when compiled. Safe for rules written by staff: no `eval` or
 * `new Function`, `var` reads own properties only, and limits bound depth, size and work.
 *
 * @param rule - the rule (JSON)
 * @param options - the engine to use; the default allows every standard operator and the domain operators
 * @returns the compiled rule
 * @throws {@link YiyangError} `invalid_rule` listing every issue (unknown operator, limits …) with JSON pointers
 *
 * @example
 * ```ts
 * const level = compileLogic({ if: [{ ">=": [{ var: "total" }, 90] }, 0, { ">=": [{ var: "total" }, 66] }, 1, 2] });
 * level({ total: 70 }); //=> 1
 * ```
 */
export function compileLogic(rule: unknown, options: CompileLogicOptions = {}): CompiledLogic {
  return (options.engine ?? getDefaultEngine()).compile(rule);
}

/**
 * Compile a rule like {@link compileLogic}, but return issues instead of throwing.
 *
 * @example
 * ```ts
 * const result = safeCompileLogic({ and: [{ "~": 1 }] });
 * result.ok; //=> false
 * result.issues[0]; //=> { code: "unknown_operator", path: "/and/0", … }
 * ```
 */
export function safeCompileLogic(rule: unknown, options: CompileLogicOptions = {}): SafeResult<CompiledLogic> {
  return (options.engine ?? getDefaultEngine()).safeCompile(rule);
}

function getDefaultEngine(): LogicEngine {
  defaultEngine ??= createLogicEngine({ operators: domainOperators });
  return defaultEngine;
}
