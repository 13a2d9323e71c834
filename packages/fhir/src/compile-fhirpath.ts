/**
 * An instrument's scoring chain as FHIRPath over its QuestionnaireResponse: the dimension sums,
 * the total, the grades and the final level (preliminary level, raises, ceiling, set-level rules).
 * Rules are compiled from core's public rule AST; whatever has no exact FHIRPath form under the
 * instrument's data is refused with the pointer of the rule node, never approximated. Internal.
 * @internal
 */
import { createIssue, toPointer, type Issue, type PathSegment, type RuleNode, type RuleOperation } from "@yiyang/core";
import { instrumentKind, type Instrument } from "@yiyang/assessment";
import { LINK, layoutOf, type QuestionnaireLayout } from "./questionnaire-layout";

/** The FHIRPath expressions of an instrument's calculated values. @internal */
export interface CalculatedExpressions {
  /** By dimension key: the sum of its answers' scores (`null` only when an error check of the instrument cannot be expressed). */
  readonly dimensions: Readonly<Record<string, string | null>>;
  /** The total, or `null` for instruments without one (or when an error check cannot be expressed). */
  readonly total: string | null;
  /** By graded dimension key: the grade, or `null` when it cannot be expressed. */
  readonly grades: Readonly<Record<string, string | null>>;
  /** The final level, or `null` when it cannot be expressed. */
  readonly level: string | null;
  /** Why something could not be expressed (warnings, each with the rule node's pointer). */
  readonly issues: readonly Issue[];
}

type FType = "integer" | "boolean" | "string" | "strings";

/** A compiled expression: FHIRPath text with no free `$this`, its type, and its possible values when known. */
interface FExpr {
  readonly text: string;
  readonly type: FType;
  /** Every value it can take, for integer expressions built from literals; `null` when unknown. */
  readonly values: readonly number[] | null;
}

class Refusal extends Error {
  constructor(
    readonly pointer: string,
    readonly en: string,
    readonly zh: string,
  ) {
    super(en);
  }
}

const str = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const int = (value: number) => (value < 0 ? `(0 - ${-value})` : String(value));
const integer = (text: string, values: readonly number[] | null = null): FExpr => ({ text, type: "integer", values });
const boolean = (text: string): FExpr => ({ text, type: "boolean", values: null });

/** A band chain over `$this`: the first band holding the value gives its result; the last band is the fallback. */
function bandChain(bands: ReadonlyArray<{ min: number | null; max: number | null; value: number }>): string {
  let text = int((bands[bands.length - 1] as (typeof bands)[number]).value);
  for (let i = bands.length - 2; i >= 0; i--) {
    const band = bands[i] as (typeof bands)[number];
    const tests: string[] = [];
    if (band.min !== null && band.min === band.max) tests.push(`$this = ${int(band.min)}`);
    else {
      if (band.min !== null) tests.push(`$this >= ${int(band.min)}`);
      if (band.max !== null) tests.push(`$this <= ${int(band.max)}`);
    }
    text = tests.length === 0 ? int(band.value) : `iif(${tests.join(" and ")}, ${int(band.value)}, ${text})`;
  }
  return text;
}

/** `iif(condition, then, otherwise)`, or the branch itself when the condition is a literal (a policy flag). */
const choose = (condition: string, then: string, otherwise: string) => (condition === "true" ? then : condition === "false" ? otherwise : `iif(${condition}, ${then}, ${otherwise})`);

/** `value` bound to `$this` in `body` (a body that reads nothing but `$this` and closed expressions). */
const bind = (value: string, body: string) => `(${value}).select(${body})`;

interface RuleSite {
  /** Where the rule is in the document. */
  readonly at: readonly PathSegment[];
}

/**
 * Compile an instrument's calculated values to FHIRPath, with the policy flags given (each flag
 * becomes a literal). @internal
 */
export function compileCalculatedExpressions(instrument: Instrument, flags: Readonly<Record<string, boolean>>): CalculatedExpressions {
  const layout = layoutOf(instrument);
  const compiler = new FhirPathCompiler(layout, flags);
  const dimensions: Record<string, string | null> = {};
  for (const d of layout.dimensions) dimensions[d.key] = compiler.attempt(() => compiler.withChecks(compiler.dimensionSum(d.key).text, false));
  // assess gives no result when any grade rule or the preliminary-level rule gives a value out of
  // range, whether the level uses it or not: every such rule is compiled first, so the grades and
  // the level can be empty exactly then.
  const rulesExpressible = compiler.attempt(() => compiler.compileRuleResults()) !== null;
  const grades: Record<string, string | null> = {};
  for (const d of layout.dimensions) {
    if (d.graded) grades[d.key] = rulesExpressible ? compiler.attempt(() => compiler.withChecks(compiler.grade(d.key).text, true)) : null;
  }
  return {
    dimensions,
    total: layout.document.total === undefined ? null : compiler.attempt(() => compiler.withChecks(compiler.total().text, false)),
    grades,
    level: rulesExpressible ? compiler.attempt(() => compiler.withChecks(compiler.level(), true)) : null,
    issues: compiler.issues,
  };
}

class FhirPathCompiler {
  readonly issues: Issue[] = [];
  private readonly grades = new Map<string, FExpr>();
  private readonly computed = new Map<string, FExpr>();
  private base: FExpr | null = null;
  private checks: string[] | undefined;
  /** Conditions every rule result of the instrument must meet for assess to give a result. */
  private readonly validity: string[] = [];
  private readonly engine = instrumentKind.engine;

  constructor(
    private readonly layout: QuestionnaireLayout,
    private readonly flags: Readonly<Record<string, boolean>>,
  ) {}

  /** Run a compilation; a refusal becomes a warning and `null`. */
  attempt(compile: () => string): string | null {
    try {
      return compile();
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const message = `No exact FHIRPath form: ${error.en}`;
      if (!this.issues.some((i) => i.path === error.pointer && i.message === message)) {
        this.issues.push(createIssue("not_expressible", error.pointer, message, `无法精确写成 FHIRPath：${error.zh}`, { severity: "warning" }));
      }
      return null;
    }
  }

  /**
   * Empty (no result) where assess gives none: when an error-severity check of the instrument
   * holds, and (with `rules`) when a grade or preliminary-level rule gives a value out of range.
   */
  withChecks(text: string, rules: boolean): string {
    if (this.checks === undefined) {
      const conditions: string[] = [];
      (this.layout.document.checks ?? []).forEach((check, i) => {
        if (check.severity === "error") conditions.push(this.truthy(this.parse(check.when, ["checks", i, "when"]), { at: ["checks", i, "when"] }));
      });
      this.checks = conditions;
    }
    const bad = [...this.checks, ...(rules ? this.validity.map((v) => `(${v}).not()`) : [])];
    return bad.length === 0 ? text : `iif(${bad.join(" or ")}, {}, ${text})`;
  }

  /** Compile every rule whose result assess checks (rule grades, a rule preliminary level). */
  compileRuleResults(): string {
    for (const d of this.layout.dimensions) if (d.graded) this.grade(d.key);
    this.preliminary();
    return "";
  }

  /** The value of a rule that must be a whole number in [0, count): known values are kept, others add a validity condition. */
  private ranged(value: FExpr, count: number, at: readonly PathSegment[], what: { en: string; zh: string }): FExpr {
    if (value.type !== "integer") throw new Refusal(toPointer(at), `the ${what.en} rule does not give a whole number.`, `${what.zh}规则的结果不是整数。`);
    if (value.values !== null && value.values.every((v) => v >= 0 && v < count)) return value;
    this.validity.push(bind(value.text, `$this >= 0 and $this <= ${count - 1}`));
    return integer(value.text, value.values?.filter((v) => v >= 0 && v < count) ?? null);
  }

  item(key: string): FExpr {
    const item = this.layout.itemByKey.get(key) as NonNullable<ReturnType<QuestionnaireLayout["itemByKey"]["get"]>>;
    return integer(`%resource.repeat(item).where(linkId = ${str(item.linkId)}).answer.value.ordinal()`, [...item.codeOf.keys()]);
  }

  dimensionSum(key: string): FExpr {
    const d = this.layout.dimensions.find((x) => x.key === key) as QuestionnaireLayout["dimensions"][number];
    return integer(`%resource.item.where(linkId = ${str(d.linkId)}).item.answer.value.ordinal().sum()`);
  }

  total(): FExpr {
    const links = this.layout.dimensions.map((d) => str(d.linkId)).join(" | ");
    return integer(`%resource.item.where(linkId in (${links})).item.answer.value.ordinal().sum()`);
  }

  grade(key: string): FExpr {
    const cached = this.grades.get(key);
    if (cached !== undefined) return cached;
    const doc = this.layout.document;
    const di = doc.dimensions.findIndex((d) => d.key === key);
    const dimension = doc.dimensions[di] as (typeof doc.dimensions)[number];
    const grade = dimension.grade as NonNullable<typeof dimension.grade>;
    const count = (doc.grades ?? []).length;
    let expr: FExpr;
    if ("bands" in grade) {
      const bands = grade.bands.map((b) => ({ min: b.min ?? null, max: b.max ?? null, value: b.grade }));
      expr = integer(bind(this.dimensionSum(key).text, bandChain(bands)), bands.map((b) => b.value));
    } else {
      const at = ["dimensions", di, "grade", "rule"];
      expr = this.ranged(this.value(this.parse(grade.rule, at), { at }), count, at, { en: "grade", zh: "分级" });
    }
    this.grades.set(key, expr);
    return expr;
  }

  preliminary(): FExpr {
    if (this.base !== null) return this.base;
    const doc = this.layout.document;
    const pl = doc.preliminaryLevel;
    const count = doc.levels.length;
    let expr: FExpr;
    if (pl.basis === "total") {
      const bands = pl.bands.map((b) => ({ min: b.min ?? null, max: b.max ?? null, value: b.level }));
      expr = integer(bind(this.total().text, bandChain(bands)), bands.map((b) => b.value));
    } else if (pl.basis === "rule") {
      const at = ["preliminaryLevel", "rule"];
      expr = this.ranged(this.value(this.parse(pl.rule, at), { at }), count, at, { en: "preliminary-level", zh: "初步等级" });
    } else {
      // The row's grade, then the worst (highest) grade of the columns, then the cell.
      const row = this.grade(pl.rowDimension);
      const columns = pl.columnDimensions.map((k) => this.grade(k));
      let column = columns[0] as FExpr;
      for (const next of columns.slice(1)) {
        column = integer(bind(column.text, `iif($this > ${next.text}, $this, ${next.text})`));
      }
      const lookup = (values: readonly number[]) => {
        if (values.every((v) => v === values[0])) return int(values[0] as number);
        return bind(column.text, bandChain(values.map((v, i) => ({ min: i, max: i, value: v }))));
      };
      const rows = pl.cells.map((cells) => lookup(cells));
      let text = rows[rows.length - 1] as string;
      for (let r = rows.length - 2; r >= 0; r--) text = `iif($this = ${r}, ${rows[r] as string}, ${text})`;
      expr = integer(rows.length === 1 ? text : bind(row.text, text), pl.cells.flat());
    }
    this.base = expr;
    return expr;
  }

  /** The final level: the preliminary level bound to `$this`, then the raises, the ceiling and the set-level rules. */
  level(): string {
    const doc = this.layout.document;
    const base = this.preliminary();
    const raises: Array<{ when: string; raise: number }> = [];
    const sets: Array<{ when: string; level: number }> = [];
    (doc.adjustments ?? []).forEach((a, i) => {
      const at = ["adjustments", i, "when"];
      const when = this.truthy(this.parse(a.when, at), { at });
      if ("setLevel" in a.effect) sets.push({ when, level: a.effect.setLevel });
      else raises.push({ when, raise: a.effect.raise });
    });
    const levelCount = doc.levels.length;
    const ceiling = doc.levelChange?.ceiling ?? levelCount - 1;
    const stackSetting = doc.levelChange?.stackRaises ?? false;
    const stack = typeof stackSetting === "boolean" ? stackSetting : this.flags[stackSetting.flag] === true;
    let body = "$this";
    if (raises.length > 0) {
      let raised: string;
      if (stack) {
        raised = raises.map((r) => `iif(${r.when}, ${r.raise}, 0)`).join(" + ");
      } else {
        // The largest raise whose condition holds.
        const sorted = [...raises].sort((a, b) => b.raise - a.raise);
        raised = "0";
        for (let i = sorted.length - 1; i >= 0; i--) raised = `iif(${(sorted[i] as (typeof sorted)[number]).when}, ${(sorted[i] as (typeof sorted)[number]).raise}, ${raised})`;
      }
      const capped = bind(`$this + (${raised})`, `iif($this > ${ceiling}, ${ceiling}, $this)`);
      // Raises are at least 1, so a sum of 0 means none held and the level stays as it is
      // (a ceiling below the preliminary level only applies once a raise does).
      const reachesAbove = base.values === null || base.values.some((v) => v > ceiling);
      body = reachesAbove ? `iif((${raised}) = 0, $this, ${capped})` : capped;
    }
    for (const set of sets) body = `iif(${set.when}, ${set.level}, ${body})`;
    const skip = doc.levelChange?.skipFromLevel;
    if (skip !== undefined && (base.values === null || base.values.some((v) => v >= skip))) body = `iif($this >= ${skip}, $this, ${body})`;
    return body === "$this" ? base.text : bind(base.text, body);
  }

  private parse(rule: unknown, at: readonly PathSegment[]): RuleNode {
    const parsed = this.engine.parse(rule);
    if (!parsed.ok) throw new Refusal(toPointer(at), "the rule does not parse.", "规则无法解析。");
    return parsed.value.root;
  }

  private refuse(node: RuleNode, site: RuleSite, en: string, zh: string): never {
    throw new Refusal(toPointer([...site.at, ...node.path]), en, zh);
  }

  /** The rule's truthiness (JSON Logic's) as a FHIRPath boolean that is never empty on a valid response. */
  truthy(node: RuleNode, site: RuleSite): string {
    if (node.kind === "operation") {
      const args = node.args;
      switch (node.op) {
        case "and":
        case "or":
          // The first falsy (and) or truthy (or) argument, or the last: its truthiness is the
          // conjunction (disjunction) of the arguments' truthiness.
          return args.length === 1 ? this.truthy(args[0] as RuleNode, site) : `(${args.map((a) => this.truthy(a, site)).join(` ${node.op} `)})`;
        case "!":
          return `(${this.truthy(this.only(node, site), site)}).not()`;
        case "!!":
          return this.truthy(this.only(node, site), site);
        case "if":
        case "?:": {
          if (args.length === 0) return "false";
          let text = args.length % 2 === 1 ? this.truthy(args[args.length - 1] as RuleNode, site) : "false";
          for (let i = args.length - (args.length % 2 === 1 ? 3 : 2); i >= 0; i -= 2) {
            text = choose(this.truthy(args[i] as RuleNode, site), this.truthy(args[i + 1] as RuleNode, site), text);
          }
          return text;
        }
      }
    }
    const value = this.value(node, site);
    switch (value.type) {
      case "boolean":
        return value.text;
      case "integer":
        return `(${value.text} != 0)`;
      case "string":
        return `(${value.text} != '')`;
      case "strings":
        return `(${value.text}).exists()`;
    }
  }

  private only(node: RuleOperation, site: RuleSite): RuleNode {
    if (node.args.length !== 1) this.refuse(node, site, `"${node.op}" takes one argument here.`, `"${node.op}" 此处只接受一个参数。`);
    return node.args[0] as RuleNode;
  }

  /** The rule's value. */
  value(node: RuleNode, site: RuleSite): FExpr {
    if (node.kind === "literal") {
      const v = node.value;
      if (typeof v === "number" && Number.isInteger(v)) return integer(int(v), [v]);
      if (typeof v === "boolean") return boolean(String(v));
      if (typeof v === "string") return { text: str(v), type: "string", values: null };
      return this.refuse(node, site, `the literal ${JSON.stringify(v)} has no exact FHIRPath counterpart (only whole numbers, booleans and strings do).`, `字面量 ${JSON.stringify(v)} 没有精确对应的 FHIRPath 值（只支持整数、布尔值和字符串）。`);
    }
    if (node.kind === "array") return this.refuse(node, site, "a list is only expressible as the list of an `in`.", "列表只能作为 in 的第二个参数。");
    const args = node.args;
    const op = node.op;
    switch (op) {
      case "var":
        return this.variable(node, site);
      case "==":
      case "===":
      case "!=":
      case "!==": {
        const [a, b] = this.sameType(node, site);
        return boolean(`(${a.text} ${op.startsWith("!") ? "!=" : "="} ${b.text})`);
      }
      case "<":
      case "<=":
      case ">":
      case ">=": {
        // As json-logic-js: < and <= with three arguments test the middle one between the others;
        // every other argument past those used is ignored.
        const used = op === "<" || op === "<=" ? args.slice(0, 3) : args.slice(0, 2);
        if (used.length < 2) this.refuse(node, site, `"${op}" needs two arguments.`, `"${op}" 需要两个参数。`);
        const values = used.map((a) => this.numeric(a, site));
        const parts: string[] = [];
        for (let i = 0; i + 1 < values.length; i++) parts.push(`(${(values[i] as FExpr).text} ${op} ${(values[i + 1] as FExpr).text})`);
        return boolean(parts.length === 1 ? (parts[0] as string) : `(${parts.join(" and ")})`);
      }
      case "!":
      case "!!":
      case "and":
      case "or": {
        if (op === "and" || op === "or") {
          // As a value, and/or give one of their arguments: exact only when all are booleans.
          const values = args.map((a) => this.value(a, site));
          if (values.some((v) => v.type !== "boolean")) this.refuse(node, site, `"${op}" of values that are not all booleans returns one of them, which FHIRPath cannot.`, `"${op}" 的参数并非都是布尔值时返回其中之一，FHIRPath 无法表达。`);
        }
        return boolean(this.truthy(node, site));
      }
      case "if":
      case "?:": {
        if (args.length === 1) return this.value(args[0] as RuleNode, site);
        if (args.length % 2 === 0) this.refuse(node, site, `"${op}" without a final else gives null, which has no FHIRPath counterpart.`, `"${op}" 没有最后的 else 分支时结果为 null，FHIRPath 无对应值。`);
        const branches: FExpr[] = [];
        for (let i = 1; i < args.length; i += 2) branches.push(this.value(args[i] as RuleNode, site));
        branches.push(this.value(args[args.length - 1] as RuleNode, site));
        const type = (branches[0] as FExpr).type;
        if (branches.some((b) => b.type !== type)) this.refuse(node, site, `the branches of "${op}" give values of different types.`, `"${op}" 各分支结果类型不同。`);
        let text = (branches[branches.length - 1] as FExpr).text;
        for (let i = args.length - 3, b = branches.length - 2; i >= 0; i -= 2, b--) {
          text = choose(this.truthy(args[i] as RuleNode, site), (branches[b] as FExpr).text, text);
        }
        const values = branches.every((b) => b.values !== null) ? [...new Set(branches.flatMap((b) => b.values as number[]))] : null;
        return { text, type, values };
      }
      case "+":
      case "*": {
        if (args.length === 0) return integer(op === "+" ? "0" : "1", [op === "+" ? 0 : 1]);
        const values = args.map((a) => this.numeric(a, site));
        return integer(values.length === 1 ? (values[0] as FExpr).text : `(${values.map((v) => v.text).join(` ${op} `)})`);
      }
      case "-": {
        const values = args.map((a) => this.numeric(a, site));
        if (values.length === 1) return integer(`(0 - ${(values[0] as FExpr).text})`);
        return integer(`(${(values[0] as FExpr).text} - ${(values[1] as FExpr).text})`);
      }
      case "min":
      case "max": {
        if (args.length === 0) this.refuse(node, site, `"${op}" of nothing is an infinity, which FHIRPath has not.`, `无参数的 "${op}" 结果为无穷大，FHIRPath 无对应值。`);
        const values = args.map((a) => this.numeric(a, site));
        let acc = values[0] as FExpr;
        for (const next of values.slice(1)) {
          const keep = op === "max" ? ">" : "<";
          const known = acc.values !== null && next.values !== null ? [...new Set([...acc.values, ...next.values])] : null;
          acc = integer(bind(acc.text, `iif($this ${keep} ${next.text}, $this, ${next.text})`), known);
        }
        return acc;
      }
      case "in": {
        const [needleNode, listNode] = args as [RuleNode, RuleNode];
        if (args.length !== 2) this.refuse(node, site, '"in" takes two arguments here.', '"in" 此处需要两个参数。');
        const needle = this.value(needleNode, site);
        if (listNode.kind === "array") {
          const items = listNode.items.map((item) => this.value(item, site));
          if (items.some((i) => i.type !== needle.type || (i.type !== "integer" && i.type !== "string"))) {
            this.refuse(listNode, site, 'the list of "in" must hold values of the same type as what is looked for (numbers or strings).', '"in" 的列表元素必须与被查找的值类型相同（数字或字符串）。');
          }
          if (items.length === 0) return boolean("false");
          return boolean(`(${needle.text} in (${items.map((i) => i.text).join(" | ")}))`);
        }
        const list = this.value(listNode, site);
        if (list.type !== "strings" || needle.type !== "string") {
          this.refuse(node, site, '"in" is expressible only as a string in a list of strings (a substring test is not).', '"in" 只能表达“字符串属于字符串列表”（子串判断不能）。');
        }
        return boolean(`(${list.text} contains ${needle.text})`);
      }
      default:
        return this.refuse(node, site, `the operator "${op}" is not compiled to FHIRPath.`, `运算符 "${op}" 未编译为 FHIRPath。`);
    }
  }

  private numeric(node: RuleNode, site: RuleSite): FExpr {
    const value = this.value(node, site);
    if (value.type !== "integer") this.refuse(node, site, "arithmetic and comparisons are expressible on whole numbers only.", "算术与比较只能用于整数。");
    return value;
  }

  private sameType(node: RuleOperation, site: RuleSite): [FExpr, FExpr] {
    if (node.args.length !== 2) this.refuse(node, site, `"${node.op}" takes two arguments here.`, `"${node.op}" 此处需要两个参数。`);
    const a = this.value(node.args[0] as RuleNode, site);
    const b = this.value(node.args[1] as RuleNode, site);
    if (a.type !== b.type || a.type === "strings") {
      this.refuse(node, site, `"${node.op}" compares values of different types (or lists), where JSON Logic converts and FHIRPath does not.`, `"${node.op}" 比较的两个值类型不同（或为列表）：JSON Logic 会转换类型，FHIRPath 不会。`);
    }
    return [a, b];
  }

  private variable(node: RuleOperation, site: RuleSite): FExpr {
    const nameNode = node.args[0];
    if (nameNode === undefined || nameNode.kind !== "literal" || typeof nameNode.value !== "string") {
      this.refuse(node, site, "only a var with a written name is expressible.", "只有写明名称的 var 可以表达。");
    }
    const name = nameNode.value as string;
    const dot = name.indexOf(".");
    const head = dot < 0 ? name : name.slice(0, dot);
    const rest = dot < 0 ? null : name.slice(dot + 1);
    const layout = this.layout;
    const unknown = (): never => this.refuse(node, site, `"${name}" has no FHIRPath form over the response.`, `"${name}" 在问卷答复上没有 FHIRPath 形式。`);
    // A default never applies to these names: each always has a value on a valid record.
    switch (head) {
      case "items":
        if (rest === null || !layout.itemByKey.has(rest)) return unknown();
        return this.item(rest);
      case "dimensions":
        if (rest === null || !layout.dimensions.some((d) => d.key === rest)) return unknown();
        return this.dimensionSum(rest);
      case "total":
        if (rest !== null || layout.document.total === undefined) {
          return this.refuse(node, site, "this instrument has no total (it is null).", "本评估工具没有总分（其值为 null）。");
        }
        return this.total();
      case "grades":
        if (rest === null || !layout.dimensions.some((d) => d.key === rest && d.graded)) return unknown();
        return this.grade(rest);
      case "baseLevel":
        if (rest !== null) return unknown();
        return this.preliminary();
      case "computed": {
        const index = (layout.document.computed ?? []).findIndex((c) => c.key === rest);
        if (index < 0) return unknown();
        const cached = this.computed.get(rest as string);
        if (cached !== undefined) return cached;
        const at = ["computed", index, "rule"];
        const value = this.value(this.parse((layout.document.computed as NonNullable<typeof layout.document.computed>)[index]?.rule, at), { at });
        this.computed.set(rest as string, value);
        return value;
      }
      case "coma":
        if (rest !== null) return unknown();
        return boolean(`(%resource.repeat(item).where(linkId = ${str(LINK.coma)}).answer.value contains true)`);
      case "diseases":
        if (rest !== null) return unknown();
        return { text: `%resource.repeat(item).where(linkId = ${str(LINK.diseases)}).answer.value.code`, type: "strings", values: null };
      case "riskEvents":
        if (rest === null || !(layout.riskEvents ?? []).some((r) => r.key === rest)) return unknown();
        // An absent count is 0.
        return integer(`%resource.repeat(item).where(linkId = ${str(`${LINK.riskEvents}/${rest}`)}).answer.value.combine(0).sum()`);
      case "flags": {
        const value = rest === null ? undefined : this.flags[rest];
        if (typeof value !== "boolean") return unknown();
        return boolean(String(value));
      }
      default:
        // age and assessedOn need date arithmetic; whole objects have no FHIRPath value.
        return unknown();
    }
  }
}
