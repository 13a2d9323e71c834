import { createIssue, type Issue, type PathSegment } from "./issues";

/**
 * Limits that keep rules written by staff from exhausting the stack, memory or time.
 * Compile-time limits are checked when a rule is compiled; run-time limits when it is evaluated.
 */
export interface LogicLimits {
  /** Deepest nesting of operations and arrays in a rule. Default 100. */
  maxDepth: number;
  /** Most nodes (operations, arrays and literals) in one rule. Default 100,000. */
  maxNodes: number;
  /** Longest array literal or argument list in a rule. Default 10,000. */
  maxArrayLength: number;
  /** Longest array an evaluation may build (`merge`). Default 1,000,000. */
  maxResultLength: number;
  /** Longest string an evaluation may build (`cat`). Default 1,000,000. */
  maxStringLength: number;
  /** Most iterations (`map`, `filter`, `reduce`, `all`, `some`, `none`) in one evaluation. Default 10,000,000. */
  maxIterations: number;
  /**
   * The work budget of one evaluation, in units: one per node of the rule (an operation, array or
   * literal, counted once per call, and once per element for a body inside `map`, `filter` …), one
   * per array element built or searched (`merge`, `map`, `filter`, `in`, `missing`, a list turned
   * into text) and one per character of a string built (`cat`, `substr`). Going past it stops the
   * evaluation with `limit_exceeded`. Default 1,000,000: the bundled documents' rules need at most
   * 90 on their test cases and on generated records.
   */
  maxWork: number;
}

/** The limits used when none are given. */
export const DEFAULT_LOGIC_LIMITS: Readonly<LogicLimits> = Object.freeze({
  maxDepth: 100,
  maxNodes: 100_000,
  maxArrayLength: 10_000,
  maxResultLength: 1_000_000,
  maxStringLength: 1_000_000,
  maxIterations: 10_000_000,
  maxWork: 1_000_000,
});

/** @internal A parsed rule. */
export type LogicNode = LiteralNode | ArrayNode | OperationNode;

/** @internal */
export interface LiteralNode {
  kind: "literal";
  value: unknown;
  path: PathSegment[];
  key: string;
  size: number;
}

/** @internal */
export interface ArrayNode {
  kind: "array";
  items: LogicNode[];
  path: PathSegment[];
  key: string;
  size: number;
}

/** @internal */
export interface OperationNode {
  kind: "operation";
  op: string;
  args: LogicNode[];
  path: PathSegment[];
  key: string;
  size: number;
}

/** @internal What the parser needs to know about each allowed operator. */
export interface OperatorArity {
  minArgs?: number;
  maxArgs?: number;
}

/** @internal */
export interface ParseResult {
  node: LogicNode;
  issues: Issue[];
}

/**
 * Whether a value is a JSON Logic operation: a plain object with exactly one own key.
 * (Objects with other key counts are literals, as in json-logic-js.)
 * @internal
 */
export function isOperation(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  let count = 0;
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key) && ++count > 1) return false;
  }
  return count === 1;
}

function literalKey(value: unknown): string {
  if (value === undefined) return "u";
  if (typeof value === "number" && Object.is(value, -0)) return "n-0";
  try {
    return "l" + JSON.stringify(value);
  } catch {
    return "l?" + String(Math.random());
  }
}

/**
 * Parse a rule into nodes, checking operators against the allow-list and every limit.
 * Every problem is reported, each with the JSON pointer of where it is.
 * @internal
 */
export function parseLogic(
  rule: unknown,
  operators: ReadonlyMap<string, OperatorArity>,
  limits: LogicLimits,
): ParseResult {
  const issues: Issue[] = [];
  let nodes = 0;
  let nodeLimitReported = false;

  const visit = (value: unknown, path: PathSegment[], depth: number): LogicNode => {
    nodes++;
    if (nodes > limits.maxNodes && !nodeLimitReported) {
      nodeLimitReported = true;
      issues.push(
        createIssue(
          "rule_too_large",
          path,
          `The rule has more than ${limits.maxNodes} nodes.`,
          `规则的节点数超过上限 ${limits.maxNodes}。`,
          { params: { limit: limits.maxNodes } },
        ),
      );
    }
    if (depth > limits.maxDepth) {
      issues.push(
        createIssue(
          "rule_too_deep",
          path,
          `The rule nests deeper than ${limits.maxDepth} levels.`,
          `规则嵌套层数超过上限 ${limits.maxDepth}。`,
          { params: { limit: limits.maxDepth } },
        ),
      );
      return { kind: "literal", value: null, path, key: "l?depth", size: 1 };
    }
    if (nodeLimitReported) return { kind: "literal", value: null, path, key: "l?size", size: 1 };

    if (Array.isArray(value)) {
      if (value.length > limits.maxArrayLength) {
        issues.push(
          createIssue(
            "array_too_long",
            path,
            `An array in the rule has ${value.length} elements; the limit is ${limits.maxArrayLength}.`,
            `规则中的数组有 ${value.length} 个元素，超过上限 ${limits.maxArrayLength}。`,
            { params: { length: value.length, limit: limits.maxArrayLength } },
          ),
        );
        return { kind: "literal", value: null, path, key: "l?array", size: 1 };
      }
      const items: LogicNode[] = [];
      let size = 1;
      let key = "[";
      for (let i = 0; i < value.length; i++) {
        const item = visit(value[i], [...path, i], depth + 1);
        items.push(item);
        size += item.size;
        key += (i ? "," : "") + item.key;
      }
      return { kind: "array", items, path, key: key + "]", size };
    }

    if (isOperation(value)) {
      const op = Object.keys(value)[0] as string;
      const raw = value[op];
      const spread = Array.isArray(raw);
      const rawArgs: unknown[] = spread ? (raw as unknown[]) : [raw];
      const argPath = (i: number): PathSegment[] => (spread ? [...path, op, i] : [...path, op]);
      const spec = operators.get(op);
      if (spec === undefined) {
        issues.push(
          createIssue(
            "unknown_operator",
            path,
            `Unknown operator "${op}": it is not on this engine's allow-list.`,
            `未知运算符 "${op}"：不在本引擎允许的运算符列表中。`,
            { params: { operator: op } },
          ),
        );
      } else {
        const { minArgs, maxArgs } = spec;
        if ((minArgs !== undefined && rawArgs.length < minArgs) || (maxArgs !== undefined && rawArgs.length > maxArgs)) {
          const expected =
            minArgs === maxArgs ? `${minArgs}` : maxArgs === undefined ? `at least ${minArgs}` : `${minArgs ?? 0} to ${maxArgs}`;
          const expectedZh =
            minArgs === maxArgs ? `${minArgs}` : maxArgs === undefined ? `至少 ${minArgs}` : `${minArgs ?? 0} 至 ${maxArgs}`;
          issues.push(
            createIssue(
              "invalid_arity",
              path,
              `Operator "${op}" takes ${expected} arguments; it was given ${rawArgs.length}.`,
              `运算符 "${op}" 需要 ${expectedZh} 个参数，实际给了 ${rawArgs.length} 个。`,
              { params: { operator: op, count: rawArgs.length, minArgs, maxArgs } },
            ),
          );
        }
      }
      if (rawArgs.length > limits.maxArrayLength) {
        issues.push(
          createIssue(
            "array_too_long",
            path,
            `Operator "${op}" has ${rawArgs.length} arguments; the limit is ${limits.maxArrayLength}.`,
            `运算符 "${op}" 有 ${rawArgs.length} 个参数，超过上限 ${limits.maxArrayLength}。`,
            { params: { length: rawArgs.length, limit: limits.maxArrayLength } },
          ),
        );
        return { kind: "literal", value: null, path, key: "l?args", size: 1 };
      }
      const args: LogicNode[] = [];
      let size = 1;
      let key = op + "(";
      for (let i = 0; i < rawArgs.length; i++) {
        const arg = visit(rawArgs[i], argPath(i), depth + 1);
        args.push(arg);
        size += arg.size;
        key += (i ? "," : "") + arg.key;
      }
      return { kind: "operation", op, args, path, key: key + ")", size };
    }

    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      issues.push(
        createIssue(
          "invalid_literal",
          path,
          `A rule may hold only JSON values; found a ${typeof value}.`,
          `规则只能包含 JSON 值；此处是 ${typeof value}。`,
        ),
      );
      return { kind: "literal", value: null, path, key: "l?bad", size: 1 };
    }
    return { kind: "literal", value, path, key: literalKey(value), size: 1 };
  };

  const node = visit(rule, [], 0);
  return { node, issues };
}
