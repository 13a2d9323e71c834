import type { RuleNode } from "@yiyang/core";
import type { SubjectKind } from "./indicator-catalog-schema";
import { getEngine, type CatalogPlan, type CompiledRule, type SubjectPlan } from "./load-indicator-catalog";
import type { IndicatorPeriod } from "./types";

/**
 * The compiled rules of a catalog for one period and reference date, by subject kind.
 *
 * A bound rule does not run on the record as it arrived: it runs on the subject's *slots*, an array
 * holding the record's validated field values in declared order, then its age. Validation reads
 * every declared field once anyway; putting each value in a slot of one array (a cheap element
 * store) and reading slots by index in the rules is much faster than reading the record's
 * properties by name again in every rule, whatever shape the records have.
 * @internal
 */
export interface CatalogBinding {
  readonly rules: ReadonlyMap<SubjectKind, readonly CompiledRule[]>;
}

/** How names are bound for one subject kind and period. */
interface Binding {
  readonly period: Readonly<IndicatorPeriod>;
  readonly referenceDate: string;
  /** Field name → slot. */
  readonly slots: ReadonlyMap<string, number>;
  /** The age's slot, or -1 when the subject has no age. */
  readonly ageSlot: number;
}

/** The slot of the age in a subject's slots array: right after its fields. @internal */
export function ageSlotOf(plan: SubjectPlan): number {
  return plan.ageField >= 0 ? plan.fields.length : -1;
}

/**
 * Bind one `var` path: context names become literals, a field or the age becomes its slot index
 * (keeping any deeper segments, as in `codes.0` of a list field). The loader has checked that every
 * path names something declared.
 */
function bindPath(path: string, binding: Binding): { literal: unknown } | { path: string } {
  if (path === "period.from") return { literal: binding.period.from };
  if (path === "period.to") return { literal: binding.period.to };
  if (path === "period") return { literal: { from: binding.period.from, to: binding.period.to } };
  if (path === "referenceDate") return { literal: binding.referenceDate };
  const dot = path.indexOf(".");
  const head = dot < 0 ? path : path.slice(0, dot);
  const rest = dot < 0 ? "" : path.slice(dot);
  const slot = head === "age" ? binding.ageSlot : binding.slots.get(head);
  if (slot === undefined || slot < 0) throw new Error(`Internal: "${path}" reached binding without a slot.`);
  return { path: String(slot) + rest };
}

/** A parsed rule written back as JSON Logic, unchanged (every operation in its array form). */
function asJson(node: RuleNode): unknown {
  if (node.kind === "literal") return node.value;
  if (node.kind === "array") return node.items.map(asJson);
  return { [node.op]: node.args.map(asJson) };
}

/** The literal name of a `var` or of a `missing` entry (the loader has checked that every name is literal). */
function nameOf(node: RuleNode | undefined): string {
  if (node === undefined || node.kind !== "literal") throw new Error("Internal: a name that is not literal reached binding.");
  return typeof node.value === "number" ? String(node.value) : (node.value as string);
}

/**
 * The names of a `missing` / `missing_some` list, each bound: `{ name, bound }` for a record field
 * (read through its slot), `null` for a context name (period, referenceDate), which is never missing.
 */
function bindNames(list: readonly RuleNode[], binding: Binding): Array<{ name: string; bound: string } | null> {
  return list.map((item) => {
    const name = nameOf(item);
    const bound = bindPath(name, binding);
    return "literal" in bound ? null : { name, bound: bound.path };
  });
}

/** `[name]` when the bound field is missing, else `[]`: merged, the names `missing` returns, in order. */
function missingNames(names: ReadonlyArray<{ name: string; bound: string } | null>): unknown {
  const parts = names.filter((n) => n !== null).map((n) => ({ if: [{ missing: [n.bound] }, [n.name], []] }));
  return { merge: parts };
}

/**
 * Rewrite a checked rule for one period and subject: every `var` of the record becomes a `var` of
 * its slot, and `period`, `period.from`, `period.to` and `referenceDate` become literals. `missing`
 * and `missing_some` check the slots but still return the names as written. Inside `map`,
 * `filter` … bodies the data is each element, so a body is left as it is.
 */
function bindRule(node: RuleNode, binding: Binding): unknown {
  if (node.kind === "literal") return node.value;
  if (node.kind === "array") return node.items.map((item) => bindRule(item, binding));
  const { op, args } = node;
  if (op === "var") {
    const bound = bindPath(args.length === 0 ? "" : nameOf(args[0]), binding);
    if ("literal" in bound) return bound.literal;
    const rest = args.slice(1).map((arg) => bindRule(arg, binding));
    return { var: [bound.path, ...rest] };
  }
  if (op === "missing") {
    const list = args[0]?.kind === "array" ? args[0].items : args;
    return missingNames(bindNames(list, binding));
  }
  if (op === "missing_some") {
    const list = args[1]?.kind === "array" ? args[1].items : [];
    const names = bindNames(list, binding);
    const fields = names.filter((n) => n !== null);
    // Context names are always present: they count towards the n needed.
    const need = { "-": [bindRule(args[0] as RuleNode, binding), names.length - fields.length] };
    return { if: [{ missing_some: [need, fields.map((n) => n.bound)] }, missingNames(names), []] };
  }
  const spec = getEngine().spec(op);
  return { [op]: args.map((arg, i) => (spec?.scopes.some((s) => s.arg === i) ? asJson(arg) : bindRule(arg, binding))) };
}

/**
 * Most period bindings kept per catalog; the oldest is dropped past this.
 * @internal
 */
export const MAX_BOUND_PERIODS = 16;

/**
 * The compiled rules of every subject kind of a catalog for one period and reference date,
 * compiled once and cached in the plan for later computations over the same period.
 * @internal
 */
export function bindCatalogRules(plan: CatalogPlan, period: Readonly<IndicatorPeriod>, referenceDate: string): CatalogBinding {
  const key = `${period.from}|${period.to}|${referenceDate}`;
  const cached = plan.bound.get(key);
  if (cached !== undefined) return cached;
  const engine = getEngine();
  const rules = new Map<SubjectKind, readonly CompiledRule[]>();
  for (const [subject, subjectPlan] of plan.subjects) {
    const binding: Binding = {
      period,
      referenceDate,
      slots: new Map(subjectPlan.fields.map((field, slot) => [field.name, slot])),
      ageSlot: ageSlotOf(subjectPlan),
    };
    rules.set(subject, subjectPlan.rules.map((rule) => engine.compile(bindRule(rule, binding)) as CompiledRule));
  }
  const binding: CatalogBinding = { rules };
  if (plan.bound.size >= MAX_BOUND_PERIODS) plan.bound.delete(plan.bound.keys().next().value as string);
  plan.bound.set(key, binding);
  return binding;
}
