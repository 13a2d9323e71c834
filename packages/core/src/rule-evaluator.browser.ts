/**
 * The evaluator `compileLogic` returns in browsers (the `browser` condition of the `#rule-evaluator`
 * import in package.json): the generic builder's, one closure per operator, behind an entry that
 * resets the call's state. It gives the value, the error and the work of the fast builder (the
 * closure pool's tests compare them on generated rules) without the pools' copies of code and the
 * fast builder itself, which cost a page more to load than they save it: a page scores a few
 * records, a server millions.
 * @internal
 */
import { buildEvaluator, type BuildOperator, type EvaluationState, type Evaluator, type ShapeCopies } from "./logic-closures";
import type { LogicLimits, LogicNode } from "./logic-parse";
import type { OperatorSpec } from "./operators";

/**
 * Build the evaluator of a parsed rule, entry included: each call starts a new epoch, resets the
 * iteration count and starts with the rule's size as work.
 */
export function buildRuleEvaluator(
  root: LogicNode,
  custom: ReadonlyMap<string, BuildOperator>,
  spec: (op: string) => OperatorSpec | undefined,
  limits: LogicLimits,
  state: EvaluationState,
  // The generic builder has no pools, so nothing for nodes of one shape to share.
  _shapes: ShapeCopies | null = null,
): Evaluator {
  const evaluate = buildEvaluator(root, custom, spec, limits, state);
  const size = root.size;
  return (data) => {
    state.epoch++;
    state.iterations = 0;
    state.work = size;
    return evaluate(data);
  };
}
