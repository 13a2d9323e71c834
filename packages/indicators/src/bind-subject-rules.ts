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

const ITERATION_OPERATORS = new Set(["map", "filter", "reduce", "all", "some", "none"]);

function isOperation(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;
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

/**
 * Rewrite a checked rule for one period and subject: every `var` of the record becomes a `var` of
 * its slot, and `period`, `period.from`, `period.to` and `referenceDate` become literals. Inside
 * `map`, `filter` … the second argument reads each element, so it is left alone.
 */
function bindRule(rule: unknown, binding: Binding): unknown {
  if (Array.isArray(rule)) return rule.map((item) => bindRule(item, binding));
  if (!isOperation(rule)) return rule;
  const op = Object.keys(rule)[0] as string;
  const raw = rule[op];
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (op === "var") {
    const name = typeof args[0] === "number" ? String(args[0]) : (args[0] as string);
    const bound = bindPath(name, binding);
    if ("literal" in bound) return bound.literal;
    const rest = args.slice(1).map((arg) => bindRule(arg, binding));
    return { var: rest.length === 0 ? bound.path : [bound.path, ...rest] };
  }
  const bound = args.map((arg, i) => (ITERATION_OPERATORS.has(op) && i === 1 ? arg : bindRule(arg, binding)));
  return { [op]: Array.isArray(raw) ? bound : bound[0] };
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
