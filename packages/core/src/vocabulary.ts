/**
 * What a kind's rules may read, with types, and the one check of every read against it: the same
 * mistake gives the same issue code, path and message in every kind of document.
 */
import type { LocalizedText } from "./documents";
import { createIssue, type Issue, type PathSegment } from "./issues";
import { BLOCKED_KEYS } from "./logic-semantics";
import type { OperatorSpec } from "./operators";
import { collectReads, type RuleNode, type RuleRead } from "./rule-ast";

/** The type of a value a rule reads. `date` is a `YYYY-MM-DD` string. */
export type VocabularyType = "string" | "number" | "integer" | "boolean" | "date" | "list" | "object" | "any";

/**
 * One name a rule may read, and what it holds.
 *
 * @example
 * ```ts
 * const items: VocabularyField = { type: "object", fields: { eating: { type: "integer" } } };
 * ```
 */
export interface VocabularyField {
  /** What it holds. */
  readonly type: VocabularyType;
  /** Whether it may be `null` (or absent, which `var` reads as `null`). */
  readonly nullable?: boolean | undefined;
  /** The values it may take, when they are a fixed list. */
  readonly values?: readonly (string | number | boolean | null)[] | undefined;
  /** For an object: its fields, each by name (no other name may be read). */
  readonly fields?: Readonly<Record<string, VocabularyField>> | undefined;
  /** For an object whose keys are data (a dictionary): what every key holds. */
  readonly entries?: VocabularyField | undefined;
  /** For a list: what each element holds (an element is read as `name.0`, `name.1` …). */
  readonly items?: VocabularyField | undefined;
  /** Set when the name exists but cannot be read where the rule is, with the reason. */
  readonly unavailable?: LocalizedText | undefined;
  /** What it is, for messages and editors. */
  readonly description?: LocalizedText | undefined;
}

/**
 * Everything the rules of one place in a document may read: the top-level names of the data the
 * rule is evaluated on.
 *
 * @example
 * ```ts
 * const vocabulary: Vocabulary = { name: { en: "the assessment context", zh: "评估上下文" }, fields: { total: { type: "integer" } } };
 * ```
 */
export interface Vocabulary {
  /** What the data is, for messages ("the eligibility context"). */
  readonly name: LocalizedText;
  /** The top-level names. */
  readonly fields: Readonly<Record<string, VocabularyField>>;
}

/** A read checked against a vocabulary, with the field it resolved to. */
export interface CheckedRead extends RuleRead {
  /** The field read, or `null` inside a body (where the data is an element) or when the read was refused. */
  readonly field: VocabularyField | null;
}

const hasOwn = Object.prototype.hasOwnProperty;

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && hasOwn.call(record, key) ? record[key] : undefined;
}

function listNames(record: Readonly<Record<string, VocabularyField>>): string {
  const names = Object.keys(record).filter((k) => record[k]?.unavailable === undefined);
  return names.length > 12 ? `${names.slice(0, 12).join(", ")} …` : names.join(", ");
}

function unknownVariable(name: string, path: readonly PathSegment[], en: string, zh: string): Issue {
  return createIssue("unknown_variable", path, `The rule reads "${name}": ${en}`, `规则读取 "${name}"：${zh}`, { params: { name } });
}

/**
 * Resolve one dotted name against a vocabulary: the field it names, or the issue saying why it
 * cannot be read (`unknown_variable`, `unavailable_variable`). Used for reads in rules and for
 * `{{name}}` placeholders in texts.
 *
 * @param name - the dotted name, e.g. `items.eating`
 * @param vocabulary - what may be read
 * @param path - the JSON path to report an issue at
 * @returns the field, or the issue
 *
 * @example
 * ```ts
 * resolveVariable("itmes.eating", vocabulary, ["adjustments", 0, "when", "var"]);
 * //=> { ok: false, issue: { code: "unknown_variable", path: "/adjustments/0/when/var", … } }
 * ```
 */
export function resolveVariable(
  name: string,
  vocabulary: Vocabulary,
  path: readonly PathSegment[],
): { ok: true; field: VocabularyField } | { ok: false; issue: Issue } {
  const segments = name.split(".");
  if (segments.some((s) => s === "" || BLOCKED_KEYS.has(s))) {
    return {
      ok: false,
      issue: unknownVariable(name, path, "a name has no empty parts and never names __proto__, constructor or prototype.", "名称不能有空段，也不能包含 __proto__、constructor 或 prototype。"),
    };
  }
  const head = segments[0] as string;
  let field = own(vocabulary.fields, head);
  if (field === undefined) {
    return {
      ok: false,
      issue: unknownVariable(
        name,
        path,
        `${vocabulary.name.en} has no "${head}" (it has: ${listNames(vocabulary.fields)}).`,
        `${vocabulary.name.zh}中没有 "${head}"（可读取：${listNames(vocabulary.fields)}）。`,
      ),
    };
  }
  let walked = head;
  for (let i = 1; i <= segments.length; i++) {
    if (field.unavailable !== undefined) {
      return {
        ok: false,
        issue: createIssue("unavailable_variable", path, `The rule reads "${name}", which cannot be read here: ${field.unavailable.en}`, `规则读取 "${name}"，但此处不能读取：${field.unavailable.zh}`, {
          params: { name },
        }),
      };
    }
    if (i === segments.length) break;
    const segment = segments[i] as string;
    let next: VocabularyField | undefined;
    if (field.fields !== undefined) {
      next = own(field.fields, segment);
      if (next === undefined) {
        return {
          ok: false,
          issue: unknownVariable(name, path, `"${walked}" has no "${segment}" (it has: ${listNames(field.fields)}).`, `"${walked}" 中没有 "${segment}"（可读取：${listNames(field.fields)}）。`),
        };
      }
    } else if (field.entries !== undefined) {
      next = field.entries;
    } else if (field.items !== undefined) {
      if (!/^(0|[1-9]\d*)$/.test(segment)) {
        return {
          ok: false,
          issue: unknownVariable(name, path, `"${walked}" is a list: read its elements as ${walked}.0, ${walked}.1 ….`, `"${walked}" 是列表：请用 ${walked}.0、${walked}.1 … 读取其元素。`),
        };
      }
      next = field.items;
    } else if (field.type === "any") {
      return { ok: true, field: { type: "any", nullable: true } };
    } else {
      return {
        ok: false,
        issue: unknownVariable(name, path, `"${walked}" holds a ${field.type}, which has no "${segment}".`, `"${walked}" 是 ${field.type} 类型，没有 "${segment}"。`),
      };
    }
    walked += "." + segment;
    field = next;
  }
  return { ok: true, field };
}

const REDUCE_VOCABULARY: Vocabulary = {
  name: { en: "a reduce body", zh: "reduce 的运算体" },
  fields: { current: { type: "any", nullable: true }, accumulator: { type: "any", nullable: true } },
};

/**
 * Check every name a parsed rule reads against a vocabulary, with one set of issue codes for every
 * kind of document:
 *
 * | code | when |
 * |---|---|
 * | `unknown_variable` | the name is not in the vocabulary (a misspelt field, a field of a scalar, a blocked key) |
 * | `unavailable_variable` | the name exists but cannot be read at this place (not computed yet) |
 * | `dynamic_variable` | the name is computed, or the rule reads the whole data: every read must be a literal name |
 *
 * Inside `map`, `filter`, `all`, `some` and `none` bodies the data is each element, which is not
 * checked; inside a `reduce` body only `current` and `accumulator` (and their fields) can be read.
 *
 * @param root - the parsed rule
 * @param vocabulary - what the rule may read
 * @param at - the JSON path of the rule in its document, put before every issue path
 * @param spec - the operator table for custom operators
 * @returns every read (with the field it resolved to) and every issue
 *
 * @example
 * ```ts
 * checkReads(root, vocabulary, ["adjustments", 0, "when"]).issues.map((i) => `${i.code} ${i.path}`);
 * //=> ["unknown_variable /adjustments/0/when/and/1/var"]
 * ```
 */
export function checkReads(
  root: RuleNode,
  vocabulary: Vocabulary,
  at: readonly PathSegment[] = [],
  spec?: (op: string) => OperatorSpec | undefined,
): { reads: CheckedRead[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const reads: CheckedRead[] = [];
  for (const read of collectReads(root, spec)) {
    const path = [...at, ...read.path];
    if (read.scope === "element") {
      reads.push({ ...read, field: null });
      continue;
    }
    if (read.name === null || read.name === "") {
      issues.push(
        createIssue(
          "dynamic_variable",
          path,
          read.name === null
            ? "The rule computes the name it reads; a rule names every value it reads literally, so that each one is checked and explained."
            : "The rule reads the whole data; a rule names every value it reads literally, so that each one is checked and explained.",
          read.name === null ? "规则读取的名称是计算出来的；规则必须直接写出所读取的每个名称，以便逐一检查和解释。" : "规则读取了整个数据；规则必须直接写出所读取的每个名称，以便逐一检查和解释。",
        ),
      );
      reads.push({ ...read, field: null });
      continue;
    }
    const resolved = resolveVariable(read.name, read.scope === "reduce" ? REDUCE_VOCABULARY : vocabulary, path);
    if (resolved.ok) reads.push({ ...read, field: resolved.field });
    else {
      issues.push(resolved.issue);
      reads.push({ ...read, field: null });
    }
  }
  return { reads, issues };
}
