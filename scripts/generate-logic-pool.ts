/**
 * Writes packages/core/src/logic-pool.generated.ts: for each closure shape the rule compiler uses
 * on its fast path, a pool of identical but distinct function literals.
 *
 * Why: V8 keeps type feedback (inline caches, call targets) per function literal, not per closure.
 * Closures made from one literal for every node of every rule share it, so a property read inside
 * goes megamorphic and a call to a child cannot be inlined. Giving each node its own copy of the
 * code lets V8 see one shape and one callee at each site, and inline a rule's tree as if it had been
 * written by hand, without eval or new Function. The compiler takes copies round-robin, and in a
 * document kind's engine gives nodes of one shape one copy (logic-closures.ts); the number of
 * copies of each shape is set here by how often it occurs.
 *
 *   pnpm generate:logic-pool          write the file
 *   pnpm generate:logic-pool --check  exit 1 when the file is not what this script writes
 *
 * packages/core/src/logic-pool.test.ts fails when the committed file is stale. Browsers compile
 * with the generic builder instead and load no pool (packages/core/src/rule-evaluator.browser.ts):
 * the copies cost a page more to load than they save it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** One closure shape: `(params) => (d) => body`, written `copies` times. */
interface Template {
  readonly name: string;
  /** What it is, for the generated file. */
  readonly doc: string;
  /** The factory's parameters with their types, e.g. `a: Evaluator, c: unknown`. */
  readonly params: string;
  /** The closure the factory returns: its parameters and body, e.g. `(d) => a(d) === c`. */
  readonly closure: string;
  readonly copies: number;
}

/**
 * The own property `k` of `d` (a plain key: not the name of anything on a built-in prototype), or
 * `nf`. The field is read first; only a hit needs the prototype check, which V8 folds away for a
 * shape it knows: a hit on a plain object or array can only be its own property.
 */
const READ =
  "(d) => { if (typeof d === \"object\" && d !== null) { const v = (d as Rec)[k]; if (v === undefined) return nf; " +
  "const p = Object.getPrototypeOf(d); return p === OP || p === null || p === AP || hasOwn.call(d, k) ? v : nf; } " +
  "return typeof d === \"string\" ? stringKey(d, k, nf) : nf; }";

/** `if (x is an object) guard(x);`: a list about to become text is measured first. */
const guarded = (x: string) => `if (typeof ${x} === "object" && ${x} !== null) g(${x});`;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const list = (n: number, f: (i: number) => string, sep = ", ") => range(n).map(f).join(sep);

const LOOSE: ReadonlyArray<readonly [string, string]> = [
  ["eq", "=="],
  ["ne", "!="],
  ["gt", ">"],
  ["ge", ">="],
  ["lt", "<"],
  ["le", "<="],
];
const STRICT: ReadonlyArray<readonly [string, string]> = [
  ["seq", "==="],
  ["sne", "!=="],
];
const RELATIONAL = new Set([">", ">=", "<", "<="]);
const cast = (op: string, x: string) => (RELATIONAL.has(op) ? `(${x} as number)` : x);

/**
 * How many copies of a shape, by how often rules use it. More copies keep more hot nodes apart;
 * each copy costs source text that every process parses when it loads the package. HOT is for the
 * single-key read and the rule entry, the two shapes every rule has: a process that loads a few
 * documents builds over a hundred of each (the full `pnpm bench`, 73 reads and 64 entries).
 */
const HOT = 128;
const WARM = 16;
const COOL = 8;
const COLD = 4;

function copiesOfComparison(op: string): number {
  return op === "==" || op === "===" || op === ">=" || op === "<=" ? WARM : COOL;
}

function templates(): Template[] {
  const out: Template[] = [];
  const add = (t: Template) => out.push(t);

  // --- roots: reset the call's state, then evaluate ------------------------------------------------
  add({ name: "rootW", doc: "A rule's entry: the call starts with the rule's own size as work.", params: "s: State, root: Evaluator, size: number", closure: "(d) => { s.work = size; return root(d); }", copies: HOT });
  add({ name: "rootEW", doc: "A rule's entry with memoised sub-rules: a new epoch, and the rule's size as work.", params: "s: State, root: Evaluator, size: number", closure: "(d) => { s.epoch++; s.work = size; return root(d); }", copies: COOL });
  add({ name: "rootIW", doc: "A rule's entry with iterations: the count starts again, with the rule's size as work.", params: "s: State, root: Evaluator, size: number", closure: "(d) => { s.iterations = 0; s.work = size; return root(d); }", copies: COOL });
  add({ name: "rootEIW", doc: "A rule's entry with memoised sub-rules and iterations.", params: "s: State, root: Evaluator, size: number", closure: "(d) => { s.epoch++; s.iterations = 0; s.work = size; return root(d); }", copies: COLD });
  add({
    name: "memo",
    doc: "A sub-rule that occurs more than once, evaluated once per call (primitive values only: json-logic-js builds a new list at every occurrence).",
    params: "s: State, inner: Evaluator",
    closure: "(() => { let epoch = -1; let last: unknown; let value: unknown; return (d: unknown) => { if (epoch === s.epoch && last === d) return value; const v = inner(d); if (typeof v !== \"object\" || v === null) { epoch = s.epoch; last = d; value = v; } return v; }; })()",
    copies: WARM,
  });

  // --- var ----------------------------------------------------------------------------------------
  add({ name: "var1", doc: "`var` of one plain key (`nf` when it is missing).", params: "k: Key, nf: unknown", closure: READ, copies: HOT });
  add({
    name: "path2",
    doc: "`var` of two plain keys, each read by its own `var1` (the first with `nf` undefined).",
    params: "r1: Evaluator, r2: Evaluator, nf: unknown",
    closure: "(d) => { const o = r1(d); return o === null || o === undefined ? nf : r2(o); }",
    copies: WARM,
  });
  add({
    name: "path3",
    doc: "`var` of three plain keys, each read by its own `var1`.",
    params: "r1: Evaluator, r2: Evaluator, r3: Evaluator, nf: unknown",
    closure: "(d) => { const o = r1(d); if (o === null || o === undefined) return nf; const p = r2(o); return p === null || p === undefined ? nf : r3(p); }",
    copies: COOL,
  });

  // --- comparisons --------------------------------------------------------------------------------
  for (const [name, op] of STRICT) {
    add({ name: `${name}C`, doc: `\`${op}\` with a literal.`, params: "a: Evaluator, c: unknown", closure: `(d) => a(d) ${op} c`, copies: copiesOfComparison(op) });
    add({ name: `${name}X`, doc: `\`${op}\` of two operands.`, params: "a: Evaluator, b: Evaluator", closure: `(d) => a(d) ${op} b(d)`, copies: COLD });
  }
  for (const [name, op] of LOOSE) {
    add({
      name: `${name}C`,
      doc: `\`${op}\` with a literal.`,
      params: "a: Evaluator, c: unknown, g: Guard",
      closure: `(d) => { const x = a(d); ${guarded("x")} return ${cast(op, "x")} ${op} ${cast(op, "c")}; }`,
      copies: copiesOfComparison(op),
    });
    add({
      name: `${name}X`,
      doc: `\`${op}\` of two operands.`,
      params: "a: Evaluator, b: Evaluator, g: Guard",
      closure: `(d) => { const x = a(d); ${guarded("x")} const y = b(d); ${guarded("y")} return ${cast(op, "x")} ${op} ${cast(op, "y")}; }`,
      copies: COLD,
    });
  }
  for (const [name, op] of [["lt", "<"], ["le", "<="]] as const) {
    add({
      name: `${name}3`,
      doc: `\`${op}\` of three operands: whether the middle one lies between.`,
      params: "a: Evaluator, b: Evaluator, c: Evaluator, g: Guard",
      closure: `(d) => { const x = a(d); ${guarded("x")} const y = b(d); ${guarded("y")} const z = c(d); if (z === undefined) return (x as number) ${op} (y as number); if (!((x as number) ${op} (y as number))) return false; ${guarded("z")} return (y as number) ${op} (z as number); }`,
      copies: COLD,
    });
    add({
      name: `${name}3C`,
      doc: `\`${op}\` of a literal, an operand and a literal: whether the operand lies between.`,
      params: "lo: unknown, b: Evaluator, hi: unknown, g: Guard",
      closure: `(d) => { const y = b(d); ${guarded("y")} return (lo as number) ${op} (y as number) && (y as number) ${op} (hi as number); }`,
      copies: COOL,
    });
  }

  // --- logic --------------------------------------------------------------------------------------
  for (let n = 2; n <= 8; n++) {
    const copies = n <= 4 ? WARM : COLD;
    const args = list(n, (i) => `a${i}: Evaluator`);
    const middle = (stop: string) => list(n - 2, (i) => ` x = a${i + 1}(d); if (${stop}) return x;`, "");
    const body = (stop: string) => `(d) => { let x = a0(d); if (${stop}) return x;${middle(stop)} return a${n - 1}(d); }`;
    add({ name: `and${n}`, doc: `\`and\` of ${n}: the first falsy value, or the last.`, params: args, closure: body("!truthy(x)"), copies });
    add({ name: `or${n}`, doc: `\`or\` of ${n}: the first truthy value, or the last.`, params: args, closure: body("truthy(x)"), copies });
  }
  for (let n = 2; n <= 13; n++) {
    const pairs = n - (n % 2);
    const tests = list(pairs / 2, (i) => `if (truthy(a${2 * i}(d))) return a${2 * i + 1}(d);`, " ");
    const last = n % 2 === 1 ? `return a${n - 1}(d);` : "return null;";
    add({
      name: `if${n}`,
      doc: `\`if\` of ${n} arguments.`,
      params: list(n, (i) => `a${i}: Evaluator`),
      closure: `(d) => { ${tests} ${last} }`,
      copies: n === 3 ? WARM : n <= 5 ? COOL : COLD,
    });
  }
  add({ name: "not", doc: "`!`.", params: "a: Evaluator", closure: "(d) => !truthy(a(d))", copies: WARM });
  add({ name: "bool", doc: "`!!`.", params: "a: Evaluator", closure: "(d) => truthy(a(d))", copies: WARM });

  // --- arithmetic ---------------------------------------------------------------------------------
  for (let n = 1; n <= 6; n++) {
    add({
      name: `plus${n}`,
      doc: `\`+\` of ${n}: from 0, add each argument read as a number (as json-logic-js does).`,
      params: `${list(n, (i) => `a${i}: Evaluator`)}, g: Guard`,
      closure: `(d) => { let s = 0; ${list(n, (i) => `s = s + num(a${i}(d), g);`, " ")} return s; }`,
      copies: n <= 2 ? COOL : COLD,
    });
  }
  for (let n = 1; n <= 8; n++) {
    add({
      name: `sumPart${n}`,
      doc: `${n} sibling fields of one parent added to a running sum (a missing field counts as null).`,
      params: `${list(n, (i) => `k${i}: Key`)}, g: Guard`,
      closure: `(o: Rec, s: number) => { let v: unknown; ${list(n, (i) => `v = o[k${i}]; s = s + (typeof v === "number" ? v + 0 : field(v, g));`, " ")} return s; }`,
      copies: n === 8 ? COOL : COLD,
    });
  }
  for (let n = 1; n <= 4; n++) {
    add({
      name: `siblingSum${n}`,
      doc: `A sum of sibling fields in ${n} part(s): the parent read once, its fields read, then its prototype checked once (V8 folds the check for the shape the reads saw).`,
      params: `parent: Evaluator, ${list(n, (i) => `p${i}: Part`)}, slow: (o: unknown) => number`,
      closure: `(d) => { const o = parent(d); if (typeof o !== "object" || o === null) return o === null || o === undefined ? NaN : slow(o); let s = 0; ${list(n, (i) => `s = p${i}(o as Rec, s);`, " ")} const p = Object.getPrototypeOf(o); return p === OP || p === null || p === AP ? s : slow(o); }`,
      copies: COLD,
    });
  }
  add({ name: "minus1", doc: "`-` of one: the negation.", params: "a: Evaluator, g: Guard", closure: `(d) => { const x = a(d); ${guarded("x")} return -(x as number); }`, copies: COLD });
  add({
    name: "minus2",
    doc: "`-` of two.",
    params: "a: Evaluator, b: Evaluator, g: Guard",
    closure: `(d) => { const x = a(d); ${guarded("x")} const y = b(d); if (y === undefined) return -(x as number); ${guarded("y")} return (x as number) - (y as number); }`,
    copies: COOL,
  });
  add({ name: "times2", doc: "`*` of two.", params: "a: Evaluator, b: Evaluator, g: Guard", closure: "(d) => { const x = num(a(d), g); return x * num(b(d), g); }", copies: COOL });
  for (const [name, op] of [["div", "/"], ["mod", "%"]] as const) {
    add({
      name,
      doc: `\`${op}\`.`,
      params: "a: Evaluator, b: Evaluator, g: Guard",
      closure: `(d) => { const x = a(d); ${guarded("x")} const y = b(d); ${guarded("y")} return (x as number) ${op} (y as number); }`,
      copies: COOL,
    });
  }
  for (const [name, fn] of [["min2", "Math.min"], ["max2", "Math.max"]] as const) {
    add({
      name,
      doc: `\`${name.slice(0, 3)}\` of two.`,
      params: "a: Evaluator, b: Evaluator, g: Guard",
      closure: `(d) => { const x = a(d); ${guarded("x")} const y = b(d); ${guarded("y")} return ${fn}(x as number, y as number); }`,
      copies: COOL,
    });
  }

  // --- in -----------------------------------------------------------------------------------------
  for (let n = 1; n <= 8; n++) {
    add({
      name: `inList${n}`,
      doc: `\`in\` a literal list of ${n}: strict equality, as indexOf.`,
      params: `a: Evaluator, ${list(n, (i) => `c${i}: unknown`)}`,
      closure: `(d) => { const x = a(d); return ${list(n, (i) => `x === c${i}`, " || ")}; }`,
      copies: n <= 4 ? COOL : COLD,
    });
  }
  add({ name: "inList", doc: "`in` a longer literal list.", params: "a: Evaluator, items: readonly unknown[]", closure: "(d) => items.indexOf(a(d)) !== -1", copies: COOL });
  add({
    name: "inC",
    doc: "`in` with a literal needle: searching a list or a string costs its length.",
    params: "c: unknown, b: Evaluator, s: State, max: number, over: () => never, slow: (needle: unknown, haystack: unknown) => boolean",
    // A literal is never undefined, so a loop with === finds what indexOf finds (holes included).
    closure: "(d) => { const h = b(d); if (!Array.isArray(h)) return slow(c, h); const n = h.length; if ((s.work += n) > max) over(); for (let i = 0; i < n; i++) if (h[i] === c) return true; return false; }",
    copies: WARM,
  });
  add({
    name: "inX",
    doc: "`in` of two operands.",
    params: "a: Evaluator, b: Evaluator, s: State, max: number, over: () => never, slow: (needle: unknown, haystack: unknown) => boolean",
    closure: "(d) => { const x = a(d); const h = b(d); if (Array.isArray(h)) { if ((s.work += h.length) > max) over(); return h.indexOf(x) !== -1; } return slow(x, h); }",
    copies: COOL,
  });

  // --- custom operators ---------------------------------------------------------------------------
  for (let n = 1; n <= 3; n++) {
    add({
      name: `custom${n}`,
      doc: `A custom operator of ${n} argument(s); a list given to it costs its length.`,
      params: `op: BuildOperator, ctx: OperatorContext, ${list(n, (i) => `a${i}: Evaluator`)}, w: Charge`,
      closure: `(d) => { ${list(n, (i) => `const x${i} = a${i}(d); if (Array.isArray(x${i})) w(x${i}.length);`, " ")} return op.evaluate([${list(n, (i) => `x${i}`)}], ctx); }`,
      copies: n === 2 ? WARM : COOL,
    });
  }

  // --- iterations ---------------------------------------------------------------------------------
  const each = "if ((s.iterations += n) > maxIterations) overIterations(); if ((s.work += n * cost) > max) over();";
  const params = "source: Evaluator, body: Evaluator, cost: number, s: State, max: number, maxIterations: number, over: () => never, overIterations: () => never";
  add({ name: "map", doc: "`map`: every element costs the body's size and one, charged before the first.", params, closure: `(d) => { const xs = source(d); if (!Array.isArray(xs)) return []; const n = xs.length; ${each} const out = new Array<unknown>(n); for (let i = 0; i < n; i++) out[i] = body(xs[i]); return out; }`, copies: COLD });
  add({ name: "filter", doc: "`filter`.", params, closure: `(d) => { const xs = source(d); if (!Array.isArray(xs)) return []; const n = xs.length; ${each} const out: unknown[] = []; for (let i = 0; i < n; i++) if (truthy(body(xs[i]))) out.push(xs[i]); return out; }`, copies: COLD });
  add({
    name: "reduce",
    doc: "`reduce`: the body sees `{ current, accumulator }`.",
    params: `${params}, initial: Evaluator`,
    closure: `(d) => { const xs = source(d); let acc = initial(d); if (!Array.isArray(xs)) return acc; const n = xs.length; ${each} for (let i = 0; i < n; i++) acc = body({ current: xs[i], accumulator: acc }); return acc; }`,
    copies: COLD,
  });
  const tick = "if (++s.iterations > maxIterations) overIterations(); if ((s.work += cost) > max) over();";
  add({ name: "all", doc: "`all`: false for an empty list; each element visited costs the body's size and one.", params, closure: `(d) => { const xs = source(d); if (!Array.isArray(xs) || xs.length === 0) return false; for (let i = 0; i < xs.length; i++) { ${tick} if (!truthy(body(xs[i]))) return false; } return true; }`, copies: COLD });
  add({ name: "some", doc: "`some`.", params, closure: `(d) => { const xs = source(d); if (!Array.isArray(xs) || xs.length === 0) return false; for (let i = 0; i < xs.length; i++) { ${tick} if (truthy(body(xs[i]))) return true; } return false; }`, copies: COLD });
  add({ name: "none", doc: "`none`.", params, closure: `(d) => { const xs = source(d); if (!Array.isArray(xs) || xs.length === 0) return true; for (let i = 0; i < xs.length; i++) { ${tick} if (truthy(body(xs[i]))) return false; } return true; }`, copies: COLD });
  return out;
}

/** The generated module's text. */
export function generateLogicPool(): string {
  const lines: string[] = [
    "// Generated by scripts/generate-logic-pool.ts: do not edit. Run `pnpm generate:logic-pool` after changing the script.",
    "/**",
    " * Pools of identical, distinct closure factories for the rule compiler's fast path: V8 keeps type",
    " * feedback per function literal, so each rule node built from its own copy gets its own inline",
    " * caches and call targets, and V8 can inline a rule's tree. See scripts/generate-logic-pool.ts.",
    " * @internal",
    " */",
    'import type { BuildOperator, EvaluationState as State, Evaluator, OperatorContext } from "./logic-closures";',
    'import { ARRAY_PROTOTYPE as AP, fieldNumber as field, hasOwn, OBJECT_PROTOTYPE as OP, stringKey, toNumberGuarded as num, truthy, type Guard } from "./logic-semantics";',
    "",
    "type Key = string | number;",
    "type Rec = Record<Key, unknown>;",
    "type Charge = (n: number) => void;",
    "/** One part of a sum of sibling fields: adds its fields of `o` to `s`. */",
    "export type Part = (o: Rec, s: number) => number;",
    "",
  ];
  for (const t of templates()) {
    const returned = t.closure.startsWith("(o: Rec, s: number)") ? "Part" : "Evaluator";
    lines.push(`/** ${t.doc} */`);
    lines.push(`export const ${t.name}: ReadonlyArray<(${t.params}) => ${returned}> = [`);
    const names = t.params.split(/,\s*(?![^()]*\))/).map((p) => p.slice(0, p.indexOf(":")).trim());
    const factory = `  (${names.join(", ")}) => ${t.closure},`;
    for (let i = 0; i < t.copies; i++) lines.push(factory);
    lines.push("];");
    lines.push("");
  }
  return lines.join("\n");
}

/** Where the generated module lives. */
export const LOGIC_POOL_FILE = join(dirname(fileURLToPath(import.meta.url)), "..", "packages", "core", "src", "logic-pool.generated.ts");

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = generateLogicPool();
  if (process.argv.includes("--check")) {
    const current = readFileSync(LOGIC_POOL_FILE, "utf8");
    if (current !== text) {
      console.error(`${LOGIC_POOL_FILE} is stale: run pnpm generate:logic-pool`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(LOGIC_POOL_FILE, text);
    console.log(`wrote ${LOGIC_POOL_FILE} (${text.length.toLocaleString("en-US")} characters)`);
  }
}
