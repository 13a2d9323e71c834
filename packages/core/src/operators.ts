/**
 * The one table of what every operator is: how many arguments it takes, which of them are bodies
 * evaluated once per element (and what data they see there), whether it is pure, and the type of
 * its result where that is known. The compiler, the reads check, explanations and the SQL and
 * FHIR compilers all read this table instead of keeping their own lists.
 */

/** The type of value an operator returns, where it is known whatever its arguments. */
export type OperatorResultType = "boolean" | "number" | "string" | "array" | "date" | "any";

/**
 * What the data is inside a body argument: `element` is each element of the list (as in `map`,
 * `filter`, `all`, `some`, `none`); `reduce` is `{ current, accumulator }`.
 */
export type OperatorScopeData = "element" | "reduce";

/** A body argument: evaluated once per element of the operator's first argument. */
export interface OperatorScope {
  /** The index of the body among the operator's arguments. */
  readonly arg: number;
  /** What `var` reads inside the body. */
  readonly data: OperatorScopeData;
}

/** How an operator reads the data, if it does. */
export type OperatorReads = "var" | "missing" | "missing_some";

/**
 * What one operator is: the facts every walker of a rule needs.
 *
 * @example
 * ```ts
 * OPERATOR_SPECS.filter.scopes; //=> [{ arg: 1, data: "element" }]
 * OPERATOR_SPECS[">="].result; //=> "boolean"
 * ```
 */
export interface OperatorSpec {
  /** One sentence on what it returns. */
  readonly description: string;
  /** Fewest arguments it uses (standard operators accept fewer, as json-logic-js does). */
  readonly minArgs?: number | undefined;
  /** Most arguments it uses (standard operators evaluate and ignore extra ones, as json-logic-js does). */
  readonly maxArgs?: number | undefined;
  /** The arguments evaluated once per element instead of once per call. */
  readonly scopes: readonly OperatorScope[];
  /** Whether the result depends only on the arguments and the data. */
  readonly pure: boolean;
  /** The type of the result where it is known. */
  readonly result: OperatorResultType;
  /** Whether it may leave arguments unevaluated (`and`, `or`, `if`). */
  readonly shortCircuit: boolean;
  /** How it reads the data (`var`, `missing`, `missing_some`), if it does. */
  readonly reads?: OperatorReads | undefined;
  /** Whether it is one of json-logic-js's operators (otherwise a domain or custom operator). */
  readonly standard: boolean;
}

const NONE: readonly OperatorScope[] = Object.freeze([]);
const ELEMENT: readonly OperatorScope[] = Object.freeze([Object.freeze({ arg: 1, data: "element" as const })]);
const REDUCE: readonly OperatorScope[] = Object.freeze([Object.freeze({ arg: 1, data: "reduce" as const })]);

function spec(
  description: string,
  result: OperatorResultType,
  extra: Partial<Pick<OperatorSpec, "minArgs" | "maxArgs" | "scopes" | "shortCircuit" | "reads">> = {},
): OperatorSpec {
  return Object.freeze({
    description,
    minArgs: extra.minArgs,
    maxArgs: extra.maxArgs,
    scopes: extra.scopes ?? NONE,
    pure: true,
    result,
    shortCircuit: extra.shortCircuit ?? false,
    reads: extra.reads,
    standard: true,
  });
}

/**
 * The standard operators of json-logic-js 2.0.5 that Yiyang implements, with identical results,
 * and what each one is. (`log` and `method` are left out on purpose: one writes to the console,
 * the other runs code.)
 *
 * @example
 * ```ts
 * Object.keys(OPERATOR_SPECS).length; //=> 34
 * OPERATOR_SPECS.reduce.scopes; //=> [{ arg: 1, data: "reduce" }]
 * ```
 */
export const OPERATOR_SPECS = Object.freeze({
  "==": spec("Loose equality, as JavaScript's ==.", "boolean", { minArgs: 2, maxArgs: 2 }),
  "===": spec("Strict equality.", "boolean", { minArgs: 2, maxArgs: 2 }),
  "!=": spec("Loose inequality.", "boolean", { minArgs: 2, maxArgs: 2 }),
  "!==": spec("Strict inequality.", "boolean", { minArgs: 2, maxArgs: 2 }),
  ">": spec("Greater than.", "boolean", { minArgs: 2, maxArgs: 2 }),
  ">=": spec("Greater than or equal.", "boolean", { minArgs: 2, maxArgs: 2 }),
  "<": spec("Less than; with three arguments, whether the middle one lies strictly between.", "boolean", { minArgs: 2, maxArgs: 3 }),
  "<=": spec("Less than or equal; with three arguments, whether the middle one lies between, inclusive.", "boolean", { minArgs: 2, maxArgs: 3 }),
  "!": spec("Not (JSON Logic truthiness).", "boolean", { minArgs: 1, maxArgs: 1 }),
  "!!": spec("Truthiness as a boolean.", "boolean", { minArgs: 1, maxArgs: 1 }),
  and: spec("The first falsy argument, or the last one.", "any", { minArgs: 1, shortCircuit: true }),
  or: spec("The first truthy argument, or the last one.", "any", { minArgs: 1, shortCircuit: true }),
  if: spec("if / then / else if … / else.", "any", { shortCircuit: true }),
  "?:": spec("condition ? then : else.", "any", { minArgs: 3, maxArgs: 3, shortCircuit: true }),
  "+": spec("Sum of the arguments, each read as a number.", "number"),
  "-": spec("Difference, or the negation of one argument.", "number", { minArgs: 1, maxArgs: 2 }),
  "*": spec("Product of the arguments, each read as a number.", "number", { minArgs: 1 }),
  "/": spec("Quotient (JavaScript division: 7 / 2 is 3.5).", "number", { minArgs: 2, maxArgs: 2 }),
  "%": spec("Remainder.", "number", { minArgs: 2, maxArgs: 2 }),
  min: spec("The smallest argument.", "number"),
  max: spec("The largest argument.", "number"),
  cat: spec("The arguments written one after another as a string.", "string"),
  substr: spec("Part of a string: [text, start, length].", "string", { minArgs: 2, maxArgs: 3 }),
  in: spec("Whether the first argument is in the second (a substring, or an element of a list).", "boolean", { minArgs: 2, maxArgs: 2 }),
  merge: spec("The arguments flattened one level into one list.", "array"),
  var: spec("The value at a dotted path of the data, or the default.", "any", { maxArgs: 2, reads: "var" }),
  missing: spec("The names, of those given, whose value is null, absent or empty.", "array", { reads: "missing" }),
  missing_some: spec("[] when at least n of the names are present, else those missing.", "array", { minArgs: 2, maxArgs: 2, reads: "missing_some" }),
  map: spec("The body's value for each element of the list.", "array", { minArgs: 2, maxArgs: 2, scopes: ELEMENT }),
  filter: spec("The elements of the list for which the body is truthy.", "array", { minArgs: 2, maxArgs: 2, scopes: ELEMENT }),
  reduce: spec("The body folded over the list from an initial value: the body sees { current, accumulator }.", "any", { minArgs: 2, maxArgs: 3, scopes: REDUCE }),
  all: spec("Whether the body is truthy for every element of a non-empty list.", "boolean", { minArgs: 2, maxArgs: 2, scopes: ELEMENT }),
  some: spec("Whether the body is truthy for some element of the list.", "boolean", { minArgs: 2, maxArgs: 2, scopes: ELEMENT }),
  none: spec("Whether the body is truthy for no element of the list.", "boolean", { minArgs: 2, maxArgs: 2, scopes: ELEMENT }),
} satisfies Record<string, OperatorSpec>);

/** The name of one standard operator. */
export type StandardOperator = keyof typeof OPERATOR_SPECS;

/**
 * The standard operators of json-logic-js 2.0.5 that Yiyang implements, with identical results.
 * (`log` and `method` are left out on purpose: one writes to the console, the other runs code.)
 */
export const STANDARD_OPERATORS = Object.freeze(Object.keys(OPERATOR_SPECS)) as readonly StandardOperator[];

/** Whether a name is one of {@link STANDARD_OPERATORS}. */
export function isStandardOperator(name: string): name is StandardOperator {
  return Object.prototype.hasOwnProperty.call(OPERATOR_SPECS, name);
}
