/**
 * The public, read-only form of a parsed rule, and the walkers every package uses on it: nobody
 * outside core walks raw JSON Logic.
 */
import type { PathSegment } from "./issues";
import { isStandardOperator, OPERATOR_SPECS, type OperatorScopeData, type OperatorSpec } from "./operators";

/** A literal: a string, number, boolean, `null`, or an object that is not an operation. */
export interface RuleLiteral {
  readonly kind: "literal";
  /** The value as written (frozen). */
  readonly value: unknown;
  /** Where it is, from the rule's root. */
  readonly path: readonly PathSegment[];
}

/** An array whose elements are evaluated (each may be an operation). */
export interface RuleArray {
  readonly kind: "array";
  readonly items: readonly RuleNode[];
  readonly path: readonly PathSegment[];
}

/** An operation `{ "op": [args…] }` (a single argument may be written without the array). */
export interface RuleOperation {
  readonly kind: "operation";
  /** The operator's name. */
  readonly op: string;
  /** The arguments, in order. */
  readonly args: readonly RuleNode[];
  readonly path: readonly PathSegment[];
}

/**
 * A parsed JSON Logic rule: a tree of literals, arrays and operations, each with its JSON path
 * from the rule's root. Produced by {@link LogicEngine.parse}, checked against that engine's
 * operator allow-list and limits, and frozen.
 *
 * @example
 * ```ts
 * const parsed = createLogicEngine().parse({ ">=": [{ var: "age" }, 60] });
 * parsed.ok && parsed.value.root; //=> { kind: "operation", op: ">=", args: [{ kind: "operation", op: "var", … }, { kind: "literal", value: 60, … }], path: [] }
 * ```
 */
export type RuleNode = RuleLiteral | RuleArray | RuleOperation;

/** Where a node is evaluated: on the rule's data, on each element of a list, or in a `reduce` body. */
export type RuleScope = "data" | OperatorScopeData;

/** What a visitor of {@link walkRule} is told about each node. */
export interface RuleVisit {
  /** The node. */
  readonly node: RuleNode;
  /** What `var` reads where the node is evaluated. */
  readonly scope: RuleScope;
  /** How many operations enclose it. */
  readonly depth: number;
}

/**
 * Visit every node of a parsed rule, parents before children, telling each one's scope (the
 * rule's data, or the element inside `map`, `filter` … bodies, as the operator table says).
 * Return `false` from the visitor to skip a node's children.
 *
 * @param root - the parsed rule
 * @param visit - called once per node
 * @param spec - the operator table to use for custom operators (default: standard operators only; custom operators have no bodies)
 *
 * @example
 * ```ts
 * const ops: string[] = [];
 * walkRule(root, ({ node }) => { if (node.kind === "operation") ops.push(node.op); });
 * ops; //=> [">=", "var"]
 * ```
 */
export function walkRule(
  root: RuleNode,
  visit: (visit: RuleVisit) => void | boolean,
  spec: (op: string) => OperatorSpec | undefined = standardSpec,
): void {
  const stack: RuleVisit[] = [{ node: root, scope: "data", depth: 0 }];
  while (stack.length > 0) {
    const current = stack.pop() as RuleVisit;
    if (visit(current) === false) continue;
    const { node, scope, depth } = current;
    if (node.kind === "array") {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i] as RuleNode, scope, depth });
    } else if (node.kind === "operation") {
      const scopes = spec(node.op)?.scopes ?? [];
      for (let i = node.args.length - 1; i >= 0; i--) {
        const body = scopes.find((s) => s.arg === i);
        stack.push({ node: node.args[i] as RuleNode, scope: body === undefined ? scope : body.data, depth: depth + 1 });
      }
    }
  }
}

function standardSpec(op: string): OperatorSpec | undefined {
  return isStandardOperator(op) ? OPERATOR_SPECS[op] : undefined;
}

/** One name a rule reads from its data: a `var`, or a name listed in `missing` / `missing_some`. */
export interface RuleRead {
  /** The dotted name (`profile.economicStatus`), `""` for the whole data, or `null` when it is computed. */
  readonly name: string | null;
  /** JSON path (from the rule's root) of where the name is written, or of the expression computing it. */
  readonly path: readonly PathSegment[];
  /** Where it is read: the rule's data, or an element inside a body. */
  readonly scope: RuleScope;
  /** The operator that reads. */
  readonly via: "var" | "missing" | "missing_some";
  /** Whether the `var` gives a default for a missing value. */
  readonly hasDefault: boolean;
  /** The operation that reads. */
  readonly node: RuleOperation;
}

function literalName(node: RuleNode | undefined): string | null {
  if (node === undefined) return "";
  if (node.kind !== "literal") return null;
  const value = node.value;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (value === null) return "";
  return null;
}

/**
 * Every name a parsed rule reads from its data, with where it is written and in which scope:
 * literal `var` names and the names listed in `missing` and `missing_some` (json-logic-js reads
 * `missing`'s names from a leading array, else from its arguments). A name computed by an
 * expression comes back as `name: null`. Reads inside bodies (`map`, `filter`, `reduce` …) have
 * the body's scope.
 *
 * @param root - the parsed rule
 * @param spec - the operator table for custom operators (see {@link walkRule})
 * @returns the reads, in the order they are written
 *
 * @example
 * ```ts
 * collectReads(root).map((r) => `${r.name} ${toPointer(r.path)}`);
 * //=> ["age /and/0/>=/0/var", "profile.hukou /and/1/missing/0"]
 * ```
 */
export function collectReads(root: RuleNode, spec?: (op: string) => OperatorSpec | undefined): RuleRead[] {
  const reads: RuleRead[] = [];
  walkRule(
    root,
    ({ node, scope }) => {
      if (node.kind !== "operation") return;
      const op = node.op;
      if (op === "var") {
        const first = node.args[0];
        reads.push({
          name: first !== undefined && first.kind === "array" ? null : literalName(first),
          path: first === undefined ? [...node.path, "var"] : first.path,
          scope,
          via: "var",
          hasDefault: node.args.length > 1,
          node,
        });
        return;
      }
      if (op !== "missing" && op !== "missing_some") return;
      const list = op === "missing_some" ? node.args[1] : node.args[0]?.kind === "array" ? node.args[0] : undefined;
      const names: readonly RuleNode[] | null =
        list === undefined ? (op === "missing" ? node.args : null) : list.kind === "array" ? list.items : null;
      if (names === null) {
        reads.push({ name: null, path: list?.path ?? node.path, scope, via: op, hasDefault: false, node });
        return;
      }
      for (const item of names) {
        const name = literalName(item);
        reads.push({ name: name === "" && item.kind === "literal" && item.value !== "" ? null : name, path: item.path, scope, via: op, hasDefault: false, node });
      }
    },
    spec,
  );
  return reads;
}
