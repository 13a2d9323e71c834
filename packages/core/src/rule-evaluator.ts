/**
 * The evaluator `compileLogic` returns, outside browsers: the fast builder's, where each rule node
 * gets its own copy of its closure's code from the pools (see logic-closures.ts). Browsers get
 * rule-evaluator.browser.ts instead, through the `#rule-evaluator` import of package.json.
 * @internal
 */
export { buildFastEvaluator as buildRuleEvaluator } from "./logic-closures";
