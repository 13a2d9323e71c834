/**
 * JSON Logic, as json-logic-js evaluates it, written as SQL over a record's validated columns.
 *
 * Every expression is one of four forms:
 * - a constant (a literal, or anything computed from literals), folded at compile time;
 * - a *finite* expression: a function of a few fields that can hold only a handful of values
 *   (booleans, enums, sex codes, and null). It is evaluated at compile time, by the rule engine
 *   itself, for every combination of those values, and written as a CASE over them: its
 *   semantics are the engine's by construction;
 * - a SQL value of a known kind (number, date, text, boolean, list of text), never NaN or
 *   infinite, nullable or not;
 * - a SQL truth: an expression whose truthiness is known but whose value is not.
 *
 * Operators over SQL values are translated case by case from the ECMAScript rules json-logic-js
 * relies on (ToPrimitive, ToNumber, the abstract relational and equality comparisons). Whatever has
 * no exact translation throws {@link Untranslatable} with the rule's JSON pointer, and the
 * compiler reports it as an issue: a count is never silently different.
 */
import { isCalendarDate, isTruthy, parseIcd10Ranges, toPointer, type LogicEngine, type PathSegment, type RuleNode } from "@yiyang/core";
import type { SqlComparison, SqlDialect } from "./sql-dialect";

/** The kinds of SQL value an expression may have. */
export type SqlKind = "num" | "text" | "date" | "bool" | "list";

/** A SQL value of a known kind. `num` is finite (never NaN or ±Infinity). */
export interface SqlValue {
  readonly k: "sql";
  readonly kind: SqlKind;
  readonly sql: string;
  readonly nullable: boolean;
}

/** A SQL expression whose truthiness is known (a non-null SQL boolean), not its value. */
export interface SqlTruth {
  readonly k: "truth";
  readonly sql: string;
}

/** A value known at compile time. */
export interface ConstValue {
  readonly k: "const";
  readonly value: unknown;
}

/** A field of a few possible values (each a JavaScript value, null included). */
export interface FiniteVariable {
  readonly key: string;
  /** The validated column. */
  readonly sql: string;
  readonly domain: readonly unknown[];
}

/** A function of finite fields, evaluated by the engine for each combination of their values. */
export interface FiniteValue {
  readonly k: "finite";
  readonly vars: readonly FiniteVariable[];
  readonly at: (values: readonly unknown[]) => unknown;
}

/** A compiled expression. */
export type Expr = SqlValue | SqlTruth | ConstValue | FiniteValue;

/** A field as a rule sees it: its validated column and what it can hold. */
export interface FieldBinding {
  /** The validated column. */
  readonly sql: string;
  /** Its kind, or `finite` with the values it may hold. */
  readonly kind: SqlKind | "finite";
  readonly domain?: readonly unknown[];
  readonly nullable: boolean;
}

/** What rules of one subject kind see. */
export interface RuleScope {
  readonly dialect: SqlDialect;
  readonly engine: LogicEngine;
  readonly fields: ReadonlyMap<string, FieldBinding>;
  /** The age column (whole years on the reference date), when the subject has one. */
  readonly age: string | null;
  /** The field ages come from (birth dates known not to be after the reference date). */
  readonly ageFrom: string | null;
  /** The period's first and last day and the reference date, as SQL DATE expressions. */
  readonly period: { readonly from: string; readonly to: string; readonly referenceDate: string };
}

/** A rule, or part of one, that has no exact SQL translation. */
export class Untranslatable extends Error {
  constructor(
    readonly path: readonly PathSegment[],
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
  }
}

/** Most combinations of finite fields one expression is evaluated over. */
const MAX_COMBINATIONS = 512;

const TRUE = "TRUE";
const FALSE = "FALSE";

function refuse(node: RuleNode, en: string, zh: string): never {
  throw new Untranslatable(node.path, en, zh);
}

const constant = (value: unknown): ConstValue => ({ k: "const", value });

/** `String(value)` of a JSON value, as ToPrimitive then ToString do for arrays. */
function jsString(value: unknown): string {
  return String(value);
}

/** ToPrimitive of a JSON value: arrays and objects become their string, primitives stay. */
function toPrimitive(value: unknown): unknown {
  return typeof value === "object" && value !== null ? jsString(value) : value;
}

/** Whether every UTF-16 code unit of a string is below the surrogates: then UTF-16 and code-point order agree. */
function belowSurrogates(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0xd800) return false;
  return true;
}

export class RuleCompiler {
  private readonly evaluators = new Map<string, (values: unknown[]) => unknown>();

  constructor(readonly scope: RuleScope) {}

  private get d(): SqlDialect {
    return this.scope.dialect;
  }

  /** The engine's value of `op` applied to already evaluated arguments. */
  private apply(op: string, values: unknown[]): unknown {
    const key = `${op}/${values.length}`;
    let evaluate = this.evaluators.get(key);
    if (evaluate === undefined) {
      const compiled = this.scope.engine.compile({ [op]: values.map((_, i) => ({ var: String(i) })) });
      evaluate = (data) => compiled(data);
      this.evaluators.set(key, evaluate);
    }
    return evaluate(values);
  }

  // ---------------------------------------------------------------- literals of values

  /** A SQL literal of a JavaScript value of the given kind. */
  private literal(value: unknown, node: RuleNode): SqlValue {
    if (typeof value === "string") return { k: "sql", kind: "text", sql: this.d.string(value), nullable: false };
    if (typeof value === "number" && Number.isFinite(value)) return { k: "sql", kind: "num", sql: this.d.double(value), nullable: false };
    if (typeof value === "boolean") return { k: "sql", kind: "bool", sql: value ? TRUE : FALSE, nullable: false };
    return refuse(node, `The value ${JSON.stringify(value)} has no SQL form here.`, `值 ${JSON.stringify(value)} 在此处无法写成 SQL。`);
  }

  // ---------------------------------------------------------------- truthiness

  /** A non-null SQL boolean: whether the expression is truthy (JSON Logic truthiness). */
  truth(e: Expr, node: RuleNode): string {
    switch (e.k) {
      case "const":
        return isTruthy(e.value) ? TRUE : FALSE;
      case "truth":
        return e.sql;
      case "finite":
        return this.finiteCondition(e, (value) => isTruthy(value), node);
      case "sql": {
        const d = this.d;
        let test: string;
        switch (e.kind) {
          case "num":
            test = `${e.sql} <> 0`;
            break;
          case "text":
            test = `${e.sql} <> ''`;
            break;
          case "date":
            return e.nullable ? `(${e.sql} IS NOT NULL)` : TRUE;
          case "bool":
            test = e.sql;
            break;
          case "list":
            return `(${d.listLength(e.sql)} > 0)`;
        }
        return e.nullable ? `coalesce(${test}, FALSE)` : `(${test})`;
      }
    }
  }

  /** The combinations of a finite expression's fields, each with its SQL condition. */
  private combinations(vars: readonly FiniteVariable[], node: RuleNode): Array<{ values: unknown[]; condition: string }> {
    let count = 1;
    for (const v of vars) count *= v.domain.length;
    if (count > MAX_COMBINATIONS) {
      refuse(node, `This expression combines too many values of ${vars.map((v) => v.key).join(", ")} (${count}).`, `该表达式组合了 ${vars.map((v) => v.key).join("、")} 的过多取值（${count} 种）。`);
    }
    let result: Array<{ values: unknown[]; terms: string[] }> = [{ values: [], terms: [] }];
    for (const v of vars) {
      const next: typeof result = [];
      for (const partial of result) {
        for (const value of v.domain) {
          const term = value === null ? `${v.sql} IS NULL` : `${v.sql} = ${this.literal(value, node).sql}`;
          next.push({ values: [...partial.values, value], terms: [...partial.terms, term] });
        }
      }
      result = next;
    }
    return result.map((r) => ({ values: r.values, condition: r.terms.length === 0 ? TRUE : r.terms.join(" AND ") }));
  }

  private evaluateAt(e: FiniteValue, values: readonly unknown[], node: RuleNode): unknown {
    try {
      return e.at(values);
    } catch (error) {
      return refuse(
        node,
        `This expression fails for some records (${(error as Error).message}); rules that can fail are not translated.`,
        `该表达式对部分记录求值失败（${(error as Error).message}）；可能失败的规则不翻译为 SQL。`,
      );
    }
  }

  /** A non-null SQL boolean: whether a finite expression's value satisfies a test. */
  private finiteCondition(e: FiniteValue, test: (value: unknown) => boolean, node: RuleNode): string {
    const combos = this.combinations(e.vars, node);
    const holds = combos.filter((c) => test(this.evaluateAt(e, c.values, node)));
    if (holds.length === combos.length) return TRUE;
    if (holds.length === 0) return FALSE;
    if (e.vars.length === 1) {
      const v = e.vars[0] as FiniteVariable;
      const values = holds.map((c) => c.values[0]);
      const present = values.filter((x) => x !== null).map((x) => this.literal(x, node).sql);
      const parts: string[] = [];
      if (present.length > 0) parts.push(`${v.sql} IN (${present.join(", ")})`);
      if (values.includes(null)) parts.push(`${v.sql} IS NULL`);
      return `coalesce(${parts.join(" OR ")}, FALSE)`;
    }
    return `coalesce(${holds.map((c) => `(${c.condition})`).join(" OR ")}, FALSE)`;
  }

  // ---------------------------------------------------------------- values

  /** A SQL value of an expression (a finite one becomes a CASE over its fields). */
  value(e: Expr, node: RuleNode): SqlValue | ConstValue {
    if (e.k === "sql" || e.k === "const") return e;
    if (e.k === "truth") return refuse(node, "Only the truthiness of this expression can be translated, and its value is used here.", "此表达式只能翻译其真假，而此处用到了它的值。");
    const combos = this.combinations(e.vars, node);
    const values = combos.map((c) => ({ ...c, value: this.evaluateAt(e, c.values, node) }));
    const distinct = [...new Set(values.map((v) => v.value))];
    if (distinct.length === 1) return constant(distinct[0]);
    const present = values.filter((v) => v.value !== null);
    const kinds = new Set(present.map((v) => this.literal(v.value, node).kind));
    if (kinds.size !== 1) return refuse(node, "This expression gives values of different types; only its truthiness can be translated.", "该表达式的取值类型不一，只能翻译其真假。");
    const kind = [...kinds][0] as SqlKind;
    const branches = present.map((v) => `WHEN ${v.condition} THEN ${this.literal(v.value, node).sql}`);
    return { k: "sql", kind, sql: `(CASE ${branches.join(" ")} END)`, nullable: present.length < values.length };
  }

  // ---------------------------------------------------------------- compile

  /** Compile a rule node. */
  compile(node: RuleNode): Expr {
    if (node.kind === "literal") return constant(node.value);
    if (node.kind === "array") {
      const items = node.items.map((item) => this.compile(item));
      if (items.every((item) => item.k === "const")) return constant(items.map((item) => (item as ConstValue).value));
      return refuse(node, "A list whose elements are computed per record is not translated.", "逐条记录计算元素的列表不翻译为 SQL。");
    }
    const { op, args } = node;
    if (op === "var") return this.variable(node);
    if (op === "missing" || op === "missing_some") return this.missing(node);
    const spec = this.scope.engine.spec(op);
    if (spec === undefined) return refuse(node, `The operator "${op}" is not known.`, `未知运算符 "${op}"。`);
    if (spec.scopes.length > 0) return refuse(node, `"${op}" runs a rule once per list element; it is not translated.`, `"${op}" 对列表逐个元素求值，不翻译为 SQL。`);
    const compiled = args.map((arg) => this.compile(arg));
    // Constants and finite fields only: the engine evaluates the operator itself.
    if (compiled.every((c) => c.k === "const" || c.k === "finite")) return this.fold(op, compiled, node);
    return this.distribute(compiled, node, (parts) => this.operation(node, parts));
  }

  /** Fold an operator over constants and finite expressions with the engine. */
  private fold(op: string, args: Expr[], node: RuleNode): Expr {
    const vars: FiniteVariable[] = [];
    const positions = args.map((arg) => {
      if (arg.k !== "finite") return [];
      return arg.vars.map((v) => {
        let at = vars.findIndex((known) => known.key === v.key);
        if (at < 0) {
          vars.push(v);
          at = vars.length - 1;
        }
        return at;
      });
    });
    const at = (values: readonly unknown[]) =>
      this.apply(
        op,
        args.map((arg, i) => (arg.k === "const" ? arg.value : (arg as FiniteValue).at((positions[i] as number[]).map((p) => values[p])))),
      );
    if (vars.length === 0) {
      try {
        return constant(at([]));
      } catch (error) {
        return refuse(node, `This expression always fails: ${(error as Error).message}`, `该表达式总是求值失败：${(error as Error).message}`);
      }
    }
    const finite: FiniteValue = { k: "finite", vars, at };
    // Check now that no combination fails.
    for (const combo of this.combinations(vars, node)) this.evaluateAt(finite, combo.values, node);
    return finite;
  }

  /**
   * Apply `translate` to arguments with no finite expression in them: when some are finite, once
   * per combination of their fields' values (each finite argument then a constant), joined in a
   * CASE.
   */
  private distribute(args: Expr[], node: RuleNode, translate: (args: Array<SqlValue | SqlTruth | ConstValue>) => Expr): Expr {
    if (!args.some((a) => a.k === "finite")) return translate(args as Array<SqlValue | SqlTruth | ConstValue>);
    const vars: FiniteVariable[] = [];
    for (const a of args) if (a.k === "finite") for (const v of a.vars) if (!vars.some((k) => k.key === v.key)) vars.push(v);
    const branches = this.combinations(vars, node).map((combo) => {
      const parts = args.map((a) => {
        if (a.k !== "finite") return a;
        const values = a.vars.map((v) => combo.values[vars.findIndex((k) => k.key === v.key)]);
        return constant(this.evaluateAt(a, values, node));
      });
      return { condition: combo.condition, result: translate(parts) };
    });
    const results = branches.map((b) => b.result);
    const values = results.filter((r): r is SqlValue | ConstValue => r.k === "sql" || r.k === "const");
    if (values.length === results.length) {
      const kinds = new Set(values.map((v) => (v.k === "sql" ? v.kind : v.value === null ? null : this.literal(v.value, node).kind)).filter((k) => k !== null));
      if (kinds.size <= 1) {
        const kind = ([...kinds][0] ?? "text") as SqlKind;
        const nullable = values.some((v) => (v.k === "sql" ? v.nullable : v.value === null));
        const when = branches.map((b) => {
          const r = b.result as SqlValue | ConstValue;
          const sql = r.k === "sql" ? r.sql : r.value === null ? "NULL" : this.literal(r.value, node).sql;
          return `WHEN ${b.condition} THEN ${sql}`;
        });
        return { k: "sql", kind, sql: `(CASE ${when.join(" ")} END)`, nullable };
      }
    }
    return { k: "truth", sql: `coalesce(CASE ${branches.map((b) => `WHEN ${b.condition} THEN ${this.truth(b.result, node)}`).join(" ")} END, FALSE)` };
  }

  // ---------------------------------------------------------------- var, missing

  private nameOf(node: RuleNode | undefined, at: RuleNode): string {
    if (node === undefined) return "";
    if (node.kind === "literal" && typeof node.value === "string") return node.value;
    if (node.kind === "literal" && typeof node.value === "number") return String(node.value);
    return refuse(at, "A computed variable name is not translated.", "计算得到的变量名不翻译为 SQL。");
  }

  private variable(node: RuleNode & { kind: "operation" }): Expr {
    // A rule reads a record's validated fields, where an absent field is null, never undefined:
    // json-logic-js gives a var's default only for undefined, so the default is never used.
    return this.read(this.nameOf(node.args[0], node), node);
  }

  private read(name: string, node: RuleNode): Expr {
    const s = this.scope;
    if (name === "period.from") return { k: "sql", kind: "date", sql: s.period.from, nullable: false };
    if (name === "period.to") return { k: "sql", kind: "date", sql: s.period.to, nullable: false };
    if (name === "referenceDate") return { k: "sql", kind: "date", sql: s.period.referenceDate, nullable: false };
    if (name === "age" && s.age !== null) return { k: "sql", kind: "num", sql: s.age, nullable: false };
    const field = s.fields.get(name);
    if (field === undefined) return refuse(node, `"${name}" is read whole or in part; only whole fields, age, period.from, period.to and referenceDate are translated.`, `读取了 "${name}"；只翻译整个字段、age、period.from、period.to 与 referenceDate。`);
    if (field.kind === "finite") {
      const domain = field.nullable ? [...(field.domain ?? []), null] : [...(field.domain ?? [])];
      return { k: "finite", vars: [{ key: name, sql: field.sql, domain }], at: (values) => values[0] };
    }
    return { k: "sql", kind: field.kind, sql: field.sql, nullable: field.nullable };
  }

  private missing(node: RuleNode & { kind: "operation" }): Expr {
    const list = (items: readonly RuleNode[]) => items.map((item) => this.nameOf(item, node));
    let names: string[];
    let need: number | null = null;
    if (node.op === "missing") {
      const first = node.args[0];
      names = first?.kind === "array" ? list(first.items) : list(node.args);
    } else {
      const count = this.compile(node.args[0] as RuleNode);
      if (count.k !== "const" || typeof count.value !== "number") return refuse(node, "missing_some needs a literal count.", "missing_some 的个数须为字面量。");
      need = count.value;
      const second = node.args[1];
      names = second?.kind === "array" ? list(second.items) : [];
    }
    // After validation a field is missing exactly when it is null (strings are never empty).
    const missingTerms: string[] = [];
    for (const name of names) {
      if (name === "period.from" || name === "period.to" || name === "referenceDate" || (name === "age" && this.scope.age !== null)) continue;
      const field = this.scope.fields.get(name);
      if (field === undefined) return refuse(node, `missing of "${name}" is not translated.`, `"${name}" 的 missing 不翻译为 SQL。`);
      if (field.nullable) missingTerms.push(`${field.sql} IS NULL`);
    }
    if (need === null) return missingTerms.length === 0 ? constant([]) : { k: "truth", sql: `(${missingTerms.join(" OR ")})` };
    if (missingTerms.length === 0) return constant([]);
    // [] (falsy) when at least `need` names are present, else the missing names (truthy when any).
    const missingCount = missingTerms.map((t) => `(CASE WHEN ${t} THEN 1 ELSE 0 END)`).join(" + ");
    return { k: "truth", sql: `((${missingCount}) > 0 AND ${names.length} - (${missingCount}) < ${this.d.double(need)})` };
  }

  // ---------------------------------------------------------------- operators over SQL values

  private operation(node: RuleNode & { kind: "operation" }, args: Array<SqlValue | SqlTruth | ConstValue>): Expr {
    const { op } = node;
    const at = (i: number) => (node.args[i] ?? node) as RuleNode;
    switch (op) {
      case "!":
        return { k: "sql", kind: "bool", sql: `(NOT ${this.truth(args[0] ?? constant(null), at(0))})`, nullable: false };
      case "!!":
        return { k: "sql", kind: "bool", sql: this.truth(args[0] ?? constant(null), at(0)), nullable: false };
      case "and":
      case "or": {
        const truths = args.map((a, i) => this.truth(a, at(i)));
        const sql = `(${truths.join(op === "and" ? " AND " : " OR ")})`;
        const allBool = args.every((a) => (a.k === "sql" && a.kind === "bool" && !a.nullable) || (a.k === "const" && typeof a.value === "boolean"));
        return allBool ? { k: "sql", kind: "bool", sql, nullable: false } : { k: "truth", sql };
      }
      case "if":
      case "?:":
        return this.conditional(node, args);
      case "<":
      case "<=":
      case ">":
      case ">=": {
        const first = this.relational(op, args[0], args[1], node);
        if (args.length < 3 || op === ">" || op === ">=") return { k: "sql", kind: "bool", sql: first, nullable: false };
        return { k: "sql", kind: "bool", sql: `(${first} AND ${this.relational(op, args[1], args[2], node)})`, nullable: false };
      }
      case "==":
      case "!=":
      case "===":
      case "!==": {
        const strict = op === "===" || op === "!==";
        const eq = this.equality(args[0], args[1], strict, node);
        return { k: "sql", kind: "bool", sql: op.startsWith("!") ? `(NOT ${eq})` : eq, nullable: false };
      }
      case "in":
        return { k: "sql", kind: "bool", sql: this.membership(args[0], args[1], node), nullable: false };
      case "band":
        return this.band(node, args);
      case "age":
        return this.age(node, args);
      case "days_between":
        return this.dateDifference(node, args, "days");
      case "months_between":
        return this.dateDifference(node, args, "months");
      case "icd10_in":
        return this.icd10(node, args);
      default:
        return refuse(node, `"${op}" over values read from records is not translated to SQL.`, `作用于记录取值的 "${op}" 不翻译为 SQL。`);
    }
  }

  private conditional(node: RuleNode & { kind: "operation" }, args: Array<SqlValue | SqlTruth | ConstValue>): Expr {
    // if: [c1, v1, c2, v2, …, else]; ?: is [c, then, else].
    if (args.length === 0) return constant(null);
    const branches: Array<{ when: string | null; then: SqlValue | SqlTruth | ConstValue; node: RuleNode }> = [];
    let i = 0;
    for (; i + 1 < args.length; i += 2) {
      branches.push({ when: this.truth(args[i] as Expr, node.args[i] as RuleNode), then: args[i + 1] as SqlValue | SqlTruth | ConstValue, node: node.args[i + 1] as RuleNode });
    }
    const otherwise: SqlValue | SqlTruth | ConstValue = i < args.length ? (args[i] as SqlValue | ConstValue) : constant(null);
    const results = [...branches.map((b) => b.then), otherwise];
    const values = results.filter((r): r is SqlValue | ConstValue => r.k !== "truth");
    const kinds = new Set(values.map((v) => (v.k === "sql" ? v.kind : v.value === null ? null : this.literal(v.value, node).kind)).filter((k) => k !== null));
    const whens = (render: (r: SqlValue | SqlTruth | ConstValue, at: RuleNode) => string) =>
      `CASE ${branches.map((b) => `WHEN ${b.when} THEN ${render(b.then, b.node)}`).join(" ")} ELSE ${render(otherwise, node)} END`;
    if (values.length === results.length && kinds.size <= 1) {
      const kind = ([...kinds][0] ?? "text") as SqlKind;
      const nullable = values.some((v) => (v.k === "sql" ? v.nullable : v.value === null));
      return {
        k: "sql",
        kind,
        sql: `(${whens((r, at) => (r.k === "sql" ? r.sql : (r as ConstValue).value === null ? "NULL" : this.literal((r as ConstValue).value, at).sql))})`,
        nullable,
      };
    }
    return { k: "truth", sql: `coalesce(${whens((r, at) => this.truth(r, at))}, FALSE)` };
  }

  /** Split on a nullable SQL operand: `(x IS NULL → the rule with null, else with x not null)`. */
  private splitNull(a: SqlValue | ConstValue, b: SqlValue | ConstValue, rule: (a: SqlValue | ConstValue, b: SqlValue | ConstValue) => string): string {
    if (a.k === "sql" && a.nullable) {
      return `(CASE WHEN ${a.sql} IS NULL THEN ${this.splitNull(constant(null), b, rule)} ELSE ${this.splitNull({ ...a, nullable: false }, b, rule)} END)`;
    }
    if (b.k === "sql" && b.nullable) {
      return `(CASE WHEN ${b.sql} IS NULL THEN ${this.splitNull(a, constant(null), rule)} ELSE ${this.splitNull(a, { ...b, nullable: false }, rule)} END)`;
    }
    return rule(a, b);
  }

  private operand(e: SqlValue | SqlTruth | ConstValue | undefined, node: RuleNode): SqlValue | ConstValue {
    if (e === undefined) return constant(undefined);
    if (e.k === "truth") return refuse(node, "The value of this expression is compared, but only its truthiness can be translated.", "此处比较了该表达式的值，但只能翻译其真假。");
    return e;
  }

  /** JavaScript's `a op b` for <, <=, >, >= (the abstract relational comparison). */
  private relational(op: "<" | "<=" | ">" | ">=", left: SqlValue | SqlTruth | ConstValue | undefined, right: SqlValue | SqlTruth | ConstValue | undefined, node: RuleNode): string {
    const a = this.operand(left, node);
    const b = this.operand(right, node);
    return this.splitNull(a, b, (x, y) => this.relationalNonNull(op, x, y, node));
  }

  private relationalNonNull(op: "<" | "<=" | ">" | ">=", a: SqlValue | ConstValue, b: SqlValue | ConstValue, node: RuleNode): string {
    if (a.k === "const" && b.k === "const") return this.apply(op, [a.value, b.value]) ? TRUE : FALSE;
    const d = this.d;
    const isString = (x: SqlValue | ConstValue) => (x.k === "const" ? typeof toPrimitive(x.value) === "string" : x.kind === "date" || x.kind === "text");
    if (a.k === "sql" && a.kind === "list") return refuse(node, "A list compared with < or > is not translated.", "列表的大小比较不翻译为 SQL。");
    if (b.k === "sql" && b.kind === "list") return refuse(node, "A list compared with < or > is not translated.", "列表的大小比较不翻译为 SQL。");
    if (isString(a) && isString(b)) return this.compareStrings(op, a, b, node);
    // Otherwise both sides are read as numbers; NaN on either side makes it false.
    const na = this.numberOf(a, node);
    const nb = this.numberOf(b, node);
    if (na === null || nb === null) return FALSE;
    return this.compareNumbers(op, na, nb);
  }

  /** A side read as a number (ToNumber): SQL double text, a constant number, or null for NaN. */
  private numberOf(x: SqlValue | ConstValue, node: RuleNode): string | number | null {
    if (x.k === "const") {
      const n = Number(toPrimitive(x.value));
      return Number.isNaN(n) ? null : n;
    }
    switch (x.kind) {
      case "num":
        return this.d.toDouble(x.sql);
      case "bool":
        return `(CASE WHEN ${x.sql} THEN 1 ELSE 0 END)`;
      case "date":
        // A YYYY-MM-DD date is never a number.
        return null;
      default:
        return refuse(node, "Text read as a number (JavaScript's ToNumber) is not translated.", "把文本当作数值（JavaScript 的 ToNumber）不翻译为 SQL。");
    }
  }

  private compareNumbers(op: SqlComparison, a: string | number, b: string | number): string {
    const js = op === "=" ? "==" : op === "<>" ? "!=" : op;
    if (typeof a === "number" && typeof b === "number") return this.apply(js, [a, b]) ? TRUE : FALSE;
    // A SQL number is always finite: against an infinite constant every finite value compares alike.
    if ((typeof a === "number" && !Number.isFinite(a)) || (typeof b === "number" && !Number.isFinite(b))) {
      return this.apply(js, [typeof a === "number" ? a : 0, typeof b === "number" ? b : 0]) ? TRUE : FALSE;
    }
    const text = (x: string | number) => (typeof x === "number" ? this.d.double(x) : x);
    return `(${text(a)} ${op} ${text(b)})`;
  }

  private compareStrings(op: SqlComparison, a: SqlValue | ConstValue, b: SqlValue | ConstValue, node: RuleNode): string {
    const d = this.d;
    const asDate = (x: SqlValue | ConstValue) =>
      x.k === "sql" && x.kind === "date" ? x.sql : x.k === "const" && typeof x.value === "string" && isCalendarDate(x.value) ? d.date(x.value) : null;
    const da = asDate(a);
    const db = asDate(b);
    // Valid dates order as their YYYY-MM-DD text does.
    if (da !== null && db !== null) return `(${da} ${op} ${db})`;
    // A date's text is ASCII: against any string, code-point order (the SQL's) and UTF-16 order (JavaScript's) agree.
    const textOf = (x: SqlValue | ConstValue) =>
      x.k === "const" ? { sql: d.string(toPrimitive(x.value) as string), safe: belowSurrogates(toPrimitive(x.value) as string) } : x.kind === "date" ? { sql: d.dateText(x.sql), safe: true } : { sql: x.sql, safe: false };
    const ta = textOf(a);
    const tb = textOf(b);
    if (!ta.safe && !tb.safe) return refuse(node, "Two texts read from records are compared by order; UTF-16 and code-point order may differ, so this is not translated.", "比较了两个记录文本的先后；UTF-16 与码点顺序可能不同，故不翻译为 SQL。");
    return d.compareText(ta.sql, op, tb.sql);
  }

  /** JavaScript's `a == b` (or `===`), as a non-null SQL boolean. */
  private equality(left: SqlValue | SqlTruth | ConstValue | undefined, right: SqlValue | SqlTruth | ConstValue | undefined, strict: boolean, node: RuleNode): string {
    const a = this.operand(left, node);
    const b = this.operand(right, node);
    return this.splitNull(a, b, (x, y) => this.equalityNonNull(x, y, strict, node));
  }

  private typeOf(x: SqlValue | ConstValue): "null" | "number" | "string" | "boolean" | "object" | "undefined" {
    if (x.k === "const") {
      if (x.value === null) return "null";
      const t = typeof x.value;
      return t === "number" || t === "string" || t === "boolean" || t === "undefined" ? t : "object";
    }
    return x.kind === "num" ? "number" : x.kind === "bool" ? "boolean" : x.kind === "list" ? "object" : "string";
  }

  private equalityNonNull(a: SqlValue | ConstValue, b: SqlValue | ConstValue, strict: boolean, node: RuleNode): string {
    if (a.k === "const" && b.k === "const") return this.apply(strict ? "===" : "==", [a.value, b.value]) ? TRUE : FALSE;
    const ta = this.typeOf(a);
    const tb = this.typeOf(b);
    const nullish = (t: string) => t === "null" || t === "undefined";
    if (nullish(ta) || nullish(tb)) return (nullish(ta) && nullish(tb) && (!strict || ta === tb)) ? TRUE : FALSE;
    if (ta === tb) {
      if (ta === "object") return refuse(node, "Lists compared for equality are not translated.", "列表的相等比较不翻译为 SQL。");
      if (ta === "number") return this.compareNumbers("=", this.numberOf(a, node) as string | number, this.numberOf(b, node) as string | number);
      if (ta === "boolean") return this.sameBoolean(a, b);
      return this.sameString(a, b);
    }
    if (strict) return FALSE;
    // Loose equality across types (ECMAScript IsLooselyEqual).
    if (ta === "boolean") return this.equalityNonNull(this.booleanAsNumber(a), b, false, node);
    if (tb === "boolean") return this.equalityNonNull(a, this.booleanAsNumber(b), false, node);
    if (ta === "object" || tb === "object") {
      const obj = ta === "object" ? a : b;
      const other = ta === "object" ? b : a;
      if (obj.k === "sql") return refuse(node, "A list compared for equality is not translated.", "列表的相等比较不翻译为 SQL。");
      return this.equalityNonNull(constant(jsString(obj.value)), other, false, node);
    }
    // number == string: the string read as a number.
    const num = ta === "number" ? a : b;
    const str = ta === "number" ? b : a;
    const n = this.numberOf(str, node);
    if (n === null) return FALSE;
    return this.compareNumbers("=", this.numberOf(num, node) as string | number, n);
  }

  private booleanAsNumber(x: SqlValue | ConstValue): SqlValue | ConstValue {
    return x.k === "const" ? constant(x.value ? 1 : 0) : { k: "sql", kind: "num", sql: `(CASE WHEN ${x.sql} THEN 1 ELSE 0 END)`, nullable: false };
  }

  private sameBoolean(a: SqlValue | ConstValue, b: SqlValue | ConstValue): string {
    const text = (x: SqlValue | ConstValue) => (x.k === "const" ? (x.value ? TRUE : FALSE) : x.sql);
    return `(${text(a)} = ${text(b)})`;
  }

  private sameString(a: SqlValue | ConstValue, b: SqlValue | ConstValue): string {
    const d = this.d;
    const isDate = (x: SqlValue | ConstValue) => x.k === "sql" && x.kind === "date";
    if (isDate(a) || isDate(b)) {
      const date = (isDate(a) ? a : b) as SqlValue;
      const other = isDate(a) ? b : a;
      if (other.k === "sql" && other.kind === "date") return `(${date.sql} = ${other.sql})`;
      if (other.k === "const") return isCalendarDate(other.value) ? `(${date.sql} = ${d.date(other.value as string)})` : FALSE;
      return `(${d.dateText(date.sql)} = ${other.sql})`;
    }
    const text = (x: SqlValue | ConstValue) => (x.k === "const" ? d.string(x.value as string) : x.sql);
    return `(${text(a)} = ${text(b)})`;
  }

  /** json-logic-js `in`: an element of a list (strict equality), or a substring of a string. */
  private membership(needle: SqlValue | SqlTruth | ConstValue | undefined, haystack: SqlValue | SqlTruth | ConstValue | undefined, node: RuleNode): string {
    const a = this.operand(needle, node);
    const b = this.operand(haystack, node);
    const d = this.d;
    if (b.k === "const") {
      const list = b.value;
      if (!isTruthy(list) && !Array.isArray(list)) return FALSE;
      if (Array.isArray(list)) {
        if (a.k === "const") return this.apply("in", [a.value, list]) ? TRUE : FALSE;
        const matches = (x: SqlValue): string => {
          const same = list.filter((item) => this.typeOf(constant(item)) === this.typeOf(x));
          if (same.length === 0) return FALSE;
          if (x.kind === "date") {
            const dates = same.filter((item) => isCalendarDate(item)).map((item) => d.date(item as string));
            return dates.length === 0 ? FALSE : `(${x.sql} IN (${dates.join(", ")}))`;
          }
          if (x.kind === "list") return FALSE;
          if (x.kind === "num") return `(${d.toDouble(x.sql)} IN (${same.map((item) => d.double(item as number)).join(", ")}))`;
          return `(${x.sql} IN (${same.map((item) => this.literal(item, node).sql).join(", ")}))`;
        };
        if (!a.nullable) return matches(a);
        return `(CASE WHEN ${a.sql} IS NULL THEN ${list.includes(null) ? TRUE : FALSE} ELSE ${matches({ ...a, nullable: false })} END)`;
      }
      if (typeof list !== "string") return FALSE;
      return this.splitNull(a, b, (x) => this.substring(x, d.string(list), node));
    }
    if (b.kind === "list") {
      const contains = (x: SqlValue | ConstValue): string => {
        if (x.k === "const") return typeof x.value === "string" ? `coalesce(${d.listContains(b.sql, d.string(x.value))}, FALSE)` : FALSE;
        if (x.kind === "text") return `coalesce(${d.listContains(b.sql, x.sql)}, FALSE)`;
        if (x.kind === "date") return `coalesce(${d.listContains(b.sql, d.dateText(x.sql))}, FALSE)`;
        return FALSE;
      };
      return this.splitNull(a, { ...b, nullable: false }, (x) => (b.nullable ? `(${b.sql} IS NOT NULL AND ${contains(x)})` : contains(x)));
    }
    if (b.kind === "text" || b.kind === "date") {
      const text = b.kind === "date" ? d.dateText(b.sql) : b.sql;
      const present = b.nullable ? `${b.sql} IS NOT NULL AND ` : "";
      return `(${present}${text} <> '' AND ${this.splitNull(a, constant(""), (x) => this.substring(x, text, node))})`;
    }
    // Numbers and booleans have no indexOf: json-logic-js answers false.
    return FALSE;
  }

  /** Whether `String(x)` is a substring of the (non-empty) text. */
  private substring(x: SqlValue | ConstValue, text: string, node: RuleNode): string {
    const d = this.d;
    let needle: string;
    if (x.k === "const") needle = d.string(jsString(x.value));
    else if (x.kind === "text") needle = x.sql;
    else if (x.kind === "date") needle = d.dateText(x.sql);
    else if (x.kind === "bool") needle = `(CASE WHEN ${x.sql} THEN 'true' ELSE 'false' END)`;
    else return refuse(node, "A number or list written as text (for in) is not translated.", "把数值或列表写成文本（用于 in）不翻译为 SQL。");
    return `(${needle} = '' OR strpos(${text}, ${needle}) > 0)`;
  }

  private band(node: RuleNode & { kind: "operation" }, args: Array<SqlValue | SqlTruth | ConstValue>): Expr {
    const value = this.operand(args[0], node);
    const bands = args[1];
    if (bands === undefined || bands.k !== "const" || !Array.isArray(bands.value)) return refuse(node, "band needs literal bands.", "band 的分段须为字面量。");
    if (value.k === "const") return constant(this.apply("band", [value.value, bands.value]));
    if (value.kind !== "num") return constant(null);
    return this.bandSql(value, bands.value as Array<[number | null, number | null, unknown]>, node);
  }

  /** The label of the band holding a SQL number (bounds inclusive, null open), or NULL. */
  bandSql(value: SqlValue, bands: ReadonlyArray<readonly [number | null, number | null, unknown]>, node: RuleNode): Expr {
    const d = this.d;
    const x = d.toDouble(value.sql);
    const labels = bands.map((b) => b[2]);
    const kinds = new Set(labels.filter((l) => l !== null).map((l) => this.literal(l, node).kind));
    const whens = bands.map(([min, max, label]) => {
      const tests = [min === null ? null : `${x} >= ${d.double(min)}`, max === null ? null : `${x} <= ${d.double(max)}`].filter((t) => t !== null);
      return { test: tests.length === 0 ? (value.nullable ? `${value.sql} IS NOT NULL` : TRUE) : tests.join(" AND "), label };
    });
    if (kinds.size <= 1) {
      const kind = ([...kinds][0] ?? "text") as SqlKind;
      const sql = `(CASE ${whens.map((w) => `WHEN ${w.test} THEN ${w.label === null ? "NULL" : this.literal(w.label, node).sql}`).join(" ")} END)`;
      return { k: "sql", kind, sql, nullable: true };
    }
    return { k: "truth", sql: `coalesce(CASE ${whens.map((w) => `WHEN ${w.test} THEN ${isTruthy(w.label) ? TRUE : FALSE}`).join(" ")} END, FALSE)` };
  }

  /** A non-null DATE operand of a domain operator: a date value or a literal valid date; otherwise it may fail. */
  private dateOperand(x: SqlValue | SqlTruth | ConstValue | undefined, node: RuleNode): string {
    if (x !== undefined && x.k === "sql" && x.kind === "date" && !x.nullable) return x.sql;
    if (x !== undefined && x.k === "const" && isCalendarDate(x.value)) return this.d.date(x.value);
    return refuse(node, "This date operator fails on records where its argument is not a date (absent, or another type); rules that can fail are not translated.", "该日期运算在参数不是日期（缺失或其他类型）的记录上会失败；可能失败的规则不翻译为 SQL。");
  }

  private age(node: RuleNode & { kind: "operation" }, args: Array<SqlValue | SqlTruth | ConstValue>): Expr {
    const birthNode = node.args[0];
    const onNode = node.args[1];
    const birth = this.dateOperand(args[0], birthNode ?? node);
    const on = this.dateOperand(args[1], onNode ?? node);
    // age fails when the date is before the birth date; that is ruled out only for the birth-date
    // field the record schema names (checked not after the reference date) taken on the reference date.
    const isVar = (n: RuleNode | undefined, name: string) =>
      n?.kind === "operation" && n.op === "var" && n.args[0]?.kind === "literal" && n.args[0].value === name;
    const safe = this.scope.ageFrom !== null && isVar(birthNode, this.scope.ageFrom) && isVar(onNode, "referenceDate");
    if (!safe) return refuse(node, "age fails on records whose date is before the birth date; only age of the ageFrom field on referenceDate is translated (or use the age variable).", "日期早于出生日期时 age 求值失败；只翻译 ageFrom 字段在 referenceDate 的年龄（或直接用 age 变量）。");
    return { k: "sql", kind: "num", sql: ageSql(this.d, birth, on), nullable: false };
  }

  private dateDifference(node: RuleNode & { kind: "operation" }, args: Array<SqlValue | SqlTruth | ConstValue>, unit: "days" | "months"): Expr {
    const from = this.dateOperand(args[0], node.args[0] ?? node);
    const to = this.dateOperand(args[1], node.args[1] ?? node);
    const d = this.d;
    if (unit === "days") return { k: "sql", kind: "num", sql: `(${d.daysBetween(from, to)})`, nullable: false };
    const completed = (a: string, b: string) =>
      `((${d.datePart("year", b)} - ${d.datePart("year", a)}) * 12 + (${d.datePart("month", b)} - ${d.datePart("month", a)}) - (CASE WHEN ${d.datePart("day", b)} < ${d.datePart("day", a)} THEN 1 ELSE 0 END))`;
    return { k: "sql", kind: "num", sql: `(CASE WHEN ${to} < ${from} THEN 0 - ${completed(to, from)} ELSE ${completed(from, to)} END)`, nullable: false };
  }

  private icd10(node: RuleNode & { kind: "operation" }, args: Array<SqlValue | SqlTruth | ConstValue>): Expr {
    const code = this.operand(args[0], node);
    const spec = args[1];
    if (spec === undefined || spec.k !== "const") return refuse(node, "icd10_in needs literal ranges.", "icd10_in 的范围须为字面量。");
    if (code.k === "const") return constant(this.apply("icd10_in", [code.value, spec.value]));
    const ranges = parseIcd10Ranges(spec.value as string | string[]);
    const d = this.d;
    const test = (element: string) => {
      const trimmed = d.trimJs(element);
      const canonical = `upper(${trimmed})`;
      const shape = d.matches(trimmed, "^[A-Za-z][0-9]{2}([.][A-Za-z0-9]{1,4})?$");
      const inRange = ranges
        .map(({ from, to }) =>
          `(${d.compareText(`substr(${canonical}, 1, ${from.length})`, ">=", d.string(from))} AND ${d.compareText(`substr(${canonical}, 1, ${to.length})`, "<=", d.string(to))})`,
        )
        .join(" OR ");
      return `coalesce(${shape} AND (${inRange}), FALSE)`;
    };
    if (code.kind === "text") return { k: "sql", kind: "bool", sql: test(code.sql), nullable: false };
    if (code.kind === "list") return { k: "sql", kind: "bool", sql: `coalesce(${d.listAny(code.sql, test)}, FALSE)`, nullable: false };
    return constant(false);
  }
}

/** Whole years from a birth DATE to a later DATE: a year older on the birthday, 29 February on 1 March in a common year. */
export function ageSql(d: SqlDialect, birth: string, on: string): string {
  const md = (date: string) => `(${d.datePart("month", date)} * 100 + ${d.datePart("day", date)})`;
  return `(${d.datePart("year", on)} - ${d.datePart("year", birth)} - (CASE WHEN ${md(birth)} > ${md(on)} THEN 1 ELSE 0 END))`;
}

/** The JSON pointer of a node, from its rule's own pointer in the catalog. */
export function pointerOf(rulePointer: string, path: readonly PathSegment[]): string {
  return rulePointer + (path.length === 0 ? "" : toPointer(path));
}
