/**
 * The one mechanism every kind of rule document is loaded, checked, fingerprinted and tested by.
 * A package declares its kind once ({@link defineDocumentKind}): its schema, what its rules may
 * read, its own cross-field checks, how to compile it and how to run one test case. Core does the
 * rest, the same way for every kind.
 */
import type { ZodRawShape, ZodType } from "zod";
import type * as z from "zod/v4/core";
import { createDocumentLogicEngine, type CompiledLogic, type CreateLogicEngineOptions, type LogicEngine, type LogicLimits, type ParsedRule } from "./compile-logic";
import type { DocumentEnvelope, LocalizedText, ProvisionalNote } from "./document-envelope";
// Only for the deprecated three-argument form of defineDocumentKind: the classic zod schemas stay
// out of a bundle that defines its kinds with `@yiyang/core/mini`.
import { documentSchema } from "./documents";
import { resolvePointer } from "./resolve-pointer";
import { safeParseWith } from "./safe-parse-with";
import { domainOperators } from "./domain-operators";
import { errorFromIssues, isYiyangError, YIYANG_ERROR_CODES, YiyangError } from "./errors";
import { fingerprint } from "./fingerprint";
import { createIssue, hasErrors, toPointer, type Issue, type IssueSeverity, type PathSegment, type SafeResult } from "./issues";
import { copyJsonValue } from "./json-value";
import { limitErrors } from "./logic-semantics";
import type { RuleNode } from "./rule-ast";
import { parseTemplate, type TemplateParts } from "./template";
import { checkReads, resolveVariable, type CheckedRead, type Vocabulary } from "./vocabulary";

/**
 * A rule document once loaded: validated, frozen, compiled and fingerprinted. Every kind's loaded
 * document has these fields (an instrument adds `defaultFlags`, a mapping its `instrument` …).
 */
export interface LoadedDocument<TDocument extends DocumentEnvelope = DocumentEnvelope> {
  /** The document kind, e.g. `instrument`. */
  readonly kind: TDocument["kind"];
  /** The document's id, shared by all its versions. */
  readonly id: string;
  /** The document's version. */
  readonly version: string;
  /** `sha256:` + hex of the canonical JSON of the document without `tests`, `$schema` and `effective.to`. */
  readonly fingerprint: string;
  /** The dates this version is in force: `from ≤ date < to`. */
  readonly effective: { readonly from: string; readonly to?: string | undefined };
  /** The document's title. */
  readonly title: LocalizedText;
  /** The validated document (a frozen copy: changing the input afterwards changes nothing). */
  readonly document: TDocument;
  /** The document's notes on content not yet verified against an official text. */
  readonly provisional: readonly ProvisionalNote[];
  /** Warnings found while loading (the document is usable). */
  readonly warnings: readonly Issue[];
}

/** How one of a document's own test cases came out: the same shape for every kind. */
export interface DocumentTestResult {
  /** The case's index in the document's `tests`. */
  readonly index: number;
  /** What the case shows. */
  readonly description: string;
  /** Whether every expectation held. */
  readonly passed: boolean;
  /**
   * Every expectation that did not hold, as issues pointing at the expectation in the document
   * (`/tests/3/expect/level`); `test_mismatch` issues carry `params.expected` and `params.actual`.
   */
  readonly failures: readonly Issue[];
}

/** A rule checked and compiled by {@link DocumentCompileContext.rule}. */
export interface CheckedRule {
  /** The compiled rule. */
  readonly evaluate: CompiledLogic;
  /** Its parsed tree (for explanations, and the SQL and FHIR compilers). */
  readonly root: RuleNode;
  /** Every name it reads, each with the vocabulary field it resolved to. */
  readonly reads: readonly CheckedRead[];
  /** JSON pointer of the rule in the document. */
  readonly pointer: string;
}

/** What a kind's `compile` is given: the engine, the issue list, and the shared checks. */
export interface DocumentCompileContext {
  /** The kind's engine. */
  readonly engine: LogicEngine;
  /** The document's id, version and fingerprint, for the results its compiled form will make. */
  readonly reference: { readonly id: string; readonly version: string; readonly fingerprint: string };
  /** Every issue so far (push to it, or use {@link DocumentCompileContext.report}). */
  readonly issues: Issue[];
  /** Report a problem of the document at a path. */
  report(code: string, path: readonly PathSegment[], message: string, messageZh: string, options?: { severity?: IssueSeverity; params?: Record<string, unknown> }): void;
  /**
   * Parse a rule, check every name it reads against the vocabulary, and compile it: `null` when
   * anything was wrong (every problem is reported, at its pointer under `at`).
   */
  rule(rule: unknown, at: readonly PathSegment[], vocabulary: Vocabulary, options?: { boolean?: boolean }): CheckedRule | null;
  /**
   * {@link DocumentCompileContext.rule} without compiling: the parsed tree and its checked reads,
   * for a kind that compiles the rule later (after rewriting it, or into SQL).
   */
  parse(rule: unknown, at: readonly PathSegment[], vocabulary: Vocabulary): Omit<CheckedRule, "evaluate"> | null;
  /**
   * Parse a text's `{{name}}` placeholders and check each name against the vocabulary
   * (`unknown_variable` at the text's path).
   */
  template(text: string, at: readonly PathSegment[], vocabulary: Vocabulary): TemplateParts;
  /** Report every value used twice (`duplicate_id`, at each later occurrence). */
  unique(values: readonly string[], pathOf: (index: number) => readonly PathSegment[], what: LocalizedText): void;
  /**
   * Check bands of a number (`min`, `max` inclusive, `null` open): `invalid_band` when a min is
   * above its max, `overlapping_bands` when two share a value. Returns whether they were sound.
   */
  bands(bands: ReadonlyArray<{ readonly min: number | null; readonly max: number | null }>, pathOf: (index: number) => readonly PathSegment[], what: LocalizedText): boolean;
}

/** What a kind's `runTest` is given. */
export interface DocumentTestContext<TLoaded> {
  /** The loaded document the case belongs to. */
  readonly loaded: TLoaded;
  /** Every loaded version of the document's id (the document itself among them). */
  readonly versions: readonly TLoaded[];
  /** The case's index. */
  readonly index: number;
  /** Report that an expectation did not hold, at a path under the case (`["expect", "level"]`). */
  fail(path: readonly PathSegment[], message: string, messageZh: string, options?: { code?: string; params?: Record<string, unknown> }): void;
  /** Compare an expected value with the actual one (as JSON); a difference is a `test_mismatch`. */
  expectEqual(path: readonly PathSegment[], field: string, expected: unknown, actual: unknown): void;
  /** Compare two lists as sets of strings; a difference is a `test_mismatch`. */
  expectSameSet(path: readonly PathSegment[], field: string, expected: readonly string[], actual: readonly string[]): void;
}

/** The test cases of a document type, as its schema gives them. */
type TestsOf<TDocument> = TDocument extends { tests?: ReadonlyArray<infer T> | undefined } ? T : never;

/**
 * What a package declares to define a kind of rule document.
 *
 * @typeParam TDocument - the document as its schema parses it
 * @typeParam TCompiled - the compiled form the package evaluates with (private to it)
 * @typeParam TExtra - fields the loaded document shows beside the shared ones
 */
export interface DocumentKindDefinition<TDocument extends DocumentEnvelope, TCompiled, TExtra extends object> {
  /** The `kind` value of its documents. */
  readonly kind: TDocument["kind"];
  /** What one document of the kind is, e.g. "an assessment instrument". */
  readonly title: LocalizedText;
  /**
   * The zod schema of the whole document, made with {@link documentSchema} (of `@yiyang/core` for
   * `zod`, of `@yiyang/core/mini` for `zod/mini`).
   */
  readonly schema: z.$ZodType<TDocument>;
  /** The engine its rules are compiled with (default: every standard operator and the domain operators). */
  readonly engine?: CreateLogicEngineOptions | undefined;
  /**
   * The kind's own cross-field checks, and its compilation: report problems through the context
   * and return the compiled form (or `null` when it cannot be built).
   */
  compile(document: TDocument, context: DocumentCompileContext): TCompiled | null;
  /** The fields a loaded document adds to the shared ones (e.g. an instrument's default flags). */
  expose?(compiled: TCompiled, document: TDocument): TExtra;
  /** Run one of the document's test cases, reporting every expectation that does not hold. */
  runTest(test: TestsOf<TDocument>, context: DocumentTestContext<LoadedDocument<TDocument> & TExtra>): void;
  /** A case's description (default: its `description`, else its `name`, else `#index`). */
  describeTest?(test: TestsOf<TDocument>, index: number): string;
}

/** Options for {@link DocumentKind.load} and {@link DocumentKind.safeLoad}. */
export interface LoadDocumentOptions {
  /** Limits on the rules' size and evaluation work, instead of the engine's defaults. */
  limits?: Partial<LogicLimits> | undefined;
}

/** Options for {@link DocumentKind.runTests} and {@link runDocumentTests}. */
export interface RunDocumentTestsOptions<TLoaded> {
  /** Every loaded version of the document's id, when a case's date is meant to pick one (default: the document alone). */
  versions?: readonly TLoaded[] | undefined;
}

/**
 * A kind of rule document: what {@link defineDocumentKind} returns. Load, check and test documents
 * of the kind with it; hand several to {@link createDocumentRegistry} to dispatch on `kind`.
 */
export interface DocumentKind<TDocument extends DocumentEnvelope = DocumentEnvelope, TLoaded extends LoadedDocument<TDocument> = LoadedDocument<TDocument>> {
  /** The `kind` value of its documents. */
  readonly kind: TDocument["kind"];
  /** What one document of the kind is. */
  readonly title: LocalizedText;
  /** The engine its rules are compiled with. */
  readonly engine: LogicEngine;
  /**
   * The zod schema of its documents. For editors' JSON Schema use {@link documentJsonSchema}, which
   * is kept apart so that a page that only loads documents does not carry a JSON Schema generator.
   */
  readonly schema: z.$ZodType<TDocument>;
  /**
   * Load a document: check it is JSON, its schema, its provisional notes, every rule and every name
   * each rule reads, the kind's own checks; compile it and fingerprint it.
   * @throws {@link YiyangError} `invalid_document` with every issue
   */
  load(document: unknown, options?: LoadDocumentOptions): TLoaded;
  /** {@link DocumentKind.load}, returning every issue instead of throwing. Never throws. */
  safeLoad(document: unknown, options?: LoadDocumentOptions): SafeResult<TLoaded>;
  /** Whether a value is a document of this kind loaded by any copy of the package (ESM or CJS). */
  is(value: unknown): value is TLoaded;
  /** Run the document's own test cases, each under the engine's work budget. */
  runTests(loaded: TLoaded, options?: RunDocumentTestsOptions<TLoaded>): DocumentTestResult[];
  /**
   * The compiled form of a loaded document, for the package that defines the kind.
   * @throws {@link YiyangError} `invalid_argument` for anything this kind did not load
   * @internal
   */
  compiledOf(loaded: unknown): unknown;
}

/** The brand a loaded document carries, shared by every copy of core in one process. */
const LOADED = Symbol.for("yiyang.loaded-document");

interface Brand {
  readonly kind: DocumentKind<DocumentEnvelope, LoadedDocument>;
  readonly compiled: unknown;
}

function brandOf(value: unknown): Brand | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const brand = (value as Record<symbol, unknown>)[LOADED];
  return typeof brand === "object" && brand !== null ? (brand as Brand) : undefined;
}

/**
 * Whether a value is a rule document loaded by a {@link DocumentKind} (of any kind, by any copy of
 * the packages: an ESM and a CJS build in one app recognise each other's documents).
 *
 * @example
 * ```ts
 * isLoadedDocument(loadInstrument(gbt42195Instrument)); //=> true
 * isLoadedDocument(gbt42195Instrument); //=> false
 * ```
 */
export function isLoadedDocument(value: unknown): value is LoadedDocument {
  return brandOf(value) !== undefined;
}

/**
 * The kind a loaded document was loaded by, or `undefined` for anything else.
 *
 * @example
 * ```ts
 * kindOfLoaded(loadInstrument(gbt42195Instrument))?.kind; //=> "instrument"
 * ```
 */
export function kindOfLoaded(value: unknown): DocumentKind | undefined {
  return brandOf(value)?.kind;
}

/**
 * Run the test cases a loaded document holds, whatever its kind.
 *
 * @param loaded - a loaded document
 * @param options - other versions of the same id
 * @returns one result per case, in order
 * @throws {@link YiyangError} `invalid_argument` for a value that is not a loaded document
 *
 * @example
 * ```ts
 * runDocumentTests(loadInstrument(gbt42195Instrument)).every((t) => t.passed); //=> true
 * ```
 */
export function runDocumentTests(loaded: LoadedDocument, options: RunDocumentTestsOptions<LoadedDocument> = {}): DocumentTestResult[] {
  const brand = brandOf(loaded);
  if (brand === undefined) throw notLoaded("a loaded document");
  return brand.kind.runTests(loaded, options);
}

function notLoaded(what: string): YiyangError {
  return new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `Expected ${what}: load the document first (its kind's load function).`, {
    messageZh: `需要${what === "a loaded document" ? "已加载的文档" : what}：请先用该类文档的 load 函数加载。`,
  });
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== "object" || current === null || Object.isFrozen(current)) continue;
    Object.freeze(current);
    for (const key of Object.keys(current)) stack.push((current as Record<string, unknown>)[key]);
  }
  return value;
}

function evaluationFailures(error: unknown, at: readonly PathSegment[]): Issue[] {
  if (isYiyangError(error) && error.code !== YIYANG_ERROR_CODES.INTERNAL) {
    const issues = error.issues.length > 0 ? error.issues : [createIssue(error.code, "", error.message, error.messageZh)];
    // A rule that could not be evaluated names its place in the rule; anything else, its place in the case.
    return issues.map((issue) =>
      issue.code === "limit_exceeded" || issue.code === "evaluation_failed"
        ? { ...issue, path: toPointer(at), params: { ...issue.params, rulePath: issue.path } }
        : { ...issue, path: toPointer(at) + issue.path },
    );
  }
  if (error instanceof RangeError) {
    return [createIssue("limit_exceeded", at, `The case could not be evaluated: ${error.message}.`, `用例无法求值：${error.message}。`)];
  }
  throw error;
}

/**
 * Define a kind of rule document. The package declares its schema, its checks and compilation and
 * how to run one test case; core gives every kind the same lifecycle:
 *
 * 1. the input is read as JSON (only JSON values, no lone surrogates, bounded depth and size, `-0`
 *    read as `0`) into a private copy;
 * 2. the schema is checked, every issue with its JSON pointer and messages in English and Chinese;
 * 3. every provisional note must point at something in the document (`unresolved_pointer`);
 * 4. the kind's `compile` runs its own checks, compiling each rule through
 *    {@link DocumentCompileContext.rule}, which checks every name the rule reads against the
 *    kind's vocabulary with one set of codes (see {@link checkReads});
 * 5. the document is frozen, fingerprinted and branded, so any copy of the packages in the process
 *    recognises it.
 *
 * Loading never throws from `safeLoad`, whatever the input. Test cases run under the engine's
 * work budget: a case that exceeds it fails with `limit_exceeded`.
 *
 * @param definition - the kind's schema, checks, compilation and test runner
 * @returns the kind
 *
 * @example
 * ```ts
 * const noteKind = defineDocumentKind({
 *   kind: "note",
 *   title: { en: "a note", zh: "说明" },
 *   schema: documentSchema("note", { when: z.unknown() }, z.strictObject({ description: z.string(), data: z.unknown(), expect: z.boolean() })),
 *   compile: (doc, ctx) => ctx.rule(doc.when, ["when"], { name: { en: "the data", zh: "数据" }, fields: { age: { type: "integer" } } }, { boolean: true }),
 *   runTest: (test, ctx) => ctx.expectEqual(["expect"], "value", test.expect, ctx.loaded.compiled),
 * });
 * ```
 */
export function defineDocumentKind<TDocument extends DocumentEnvelope, TCompiled, TExtra extends object = Record<never, never>>(
  definition: DocumentKindDefinition<TDocument, TCompiled, TExtra>,
): DocumentKind<TDocument, LoadedDocument<TDocument> & TExtra>;
/**
 * The zod schema of a kind's documents.
 * @deprecated Use {@link documentSchema} (same arguments); `defineDocumentKind` now defines the whole kind.
 */
export function defineDocumentKind<K extends string, B extends ZodRawShape, T extends ZodType>(kind: K, body: B, testCase: T): ReturnType<typeof documentSchema<K, B, T>>;
export function defineDocumentKind(definition: unknown, body?: ZodRawShape, testCase?: ZodType): unknown {
  if (typeof definition === "string") return documentSchema(definition, body as ZodRawShape, testCase as ZodType);
  return defineKind(definition as DocumentKindDefinition<DocumentEnvelope, unknown, object>);
}

function engineOptions(base: CreateLogicEngineOptions | undefined, limits: Partial<LogicLimits> | undefined): CreateLogicEngineOptions {
  const options: CreateLogicEngineOptions = { ...(base ?? { operators: domainOperators }) };
  if (limits !== undefined) options.limits = { ...base?.limits, ...limits };
  return options;
}

/**
 * Define a kind of rule document: {@link defineDocumentKind} without its deprecated three-argument
 * form, as `@yiyang/core/mini` gives it (with the `zod/mini` building blocks: `documentSchema`,
 * `localizedTextSchema` …). The same lifecycle, the same kinds.
 *
 * @param definition - the kind's schema, checks, compilation and test runner
 * @returns the kind
 *
 * @example
 * ```ts
 * import { defineDocumentKind, documentSchema } from "@yiyang/core/mini";
 * import * as z from "zod/mini";
 * const noteKind = defineDocumentKind({
 *   kind: "note",
 *   title: { en: "a note", zh: "说明" },
 *   schema: documentSchema("note", { when: z.unknown() }, z.strictObject({ description: z.string(), data: z.unknown(), expect: z.boolean() })),
 *   compile: (doc, ctx) => ctx.rule(doc.when, ["when"], { name: { en: "the data", zh: "数据" }, fields: { age: { type: "integer" } } }, { boolean: true }),
 *   runTest: (test, ctx) => ctx.expectEqual(["expect"], "value", test.expect, ctx.loaded.compiled),
 * });
 * noteKind.kind; //=> "note"
 * ```
 */
export function defineKind<TDocument extends DocumentEnvelope, TCompiled, TExtra extends object = Record<never, never>>(
  definition: DocumentKindDefinition<TDocument, TCompiled, TExtra>,
): DocumentKind<TDocument, LoadedDocument<TDocument> & TExtra> {
  type TLoaded = LoadedDocument<TDocument> & TExtra;
  let defaultEngine: LogicEngine | undefined;
  const engines = new Map<string, LogicEngine>();

  const engineFor = (limits: Partial<LogicLimits> | undefined): LogicEngine => {
    if (limits === undefined) {
      defaultEngine ??= createDocumentLogicEngine(engineOptions(definition.engine, undefined));
      return defaultEngine;
    }
    const key = JSON.stringify(limits);
    let engine = engines.get(key);
    if (engine === undefined) {
      engine = createDocumentLogicEngine(engineOptions(definition.engine, limits));
      if (engines.size > 16) engines.clear();
      engines.set(key, engine);
    }
    return engine;
  };

  const load = (input: unknown, options: LoadDocumentOptions = {}): SafeResult<TLoaded> => {
    const copy = copyJsonValue(input);
    if (!copy.ok) return copy as SafeResult<never>;
    const raw = copy.value;
    const parsed = safeParseWith(definition.schema, raw);
    if (!parsed.ok) return parsed as SafeResult<never>;
    const document = parsed.value;
    const engine = engineFor(options.limits);
    const issues: Issue[] = [];
    (document.provisional ?? []).forEach((note, i) => {
      if (resolvePointer(raw, note.path) === undefined) {
        issues.push(
          createIssue("unresolved_pointer", ["provisional", i, "path"], `The provisional note points at "${note.path}", which is not in the document.`, `暂定说明指向 "${note.path}"，但文档中没有该位置。`, {
            params: { pointer: note.path },
          }),
        );
      }
    });
    const reference = Object.freeze({ id: document.id, version: document.version, fingerprint: fingerprint(raw as Record<string, unknown>) });
    const context = createCompileContext(engine, issues, reference);
    const compiled = definition.compile(document, context);
    if (compiled === null || hasErrors(issues)) return { ok: false, issues };
    const warnings = Object.freeze(issues.filter((issue) => issue.severity === "warning"));
    deepFreeze(document);
    const shared: LoadedDocument<TDocument> = {
      kind: document.kind,
      id: document.id,
      version: document.version,
      fingerprint: reference.fingerprint,
      effective: document.effective,
      title: document.title,
      document,
      provisional: document.provisional ?? Object.freeze([]),
      warnings,
    };
    const loaded = { ...shared, ...(definition.expose?.(compiled, document) ?? {}) } as TLoaded;
    Object.defineProperty(loaded, LOADED, { value: Object.freeze({ kind, compiled }) });
    return { ok: true, value: Object.freeze(loaded), issues: [...warnings] };
  };

  const safeLoad = (input: unknown, options?: LoadDocumentOptions): SafeResult<TLoaded> => {
    try {
      return load(input, options);
    } catch (error) {
      // Every input is checked before anything walks it; this is the net under that promise.
      if (error instanceof RangeError) {
        return { ok: false, issues: [createIssue("document_too_complex", "", `The document could not be checked: ${error.message}.`, `无法检查该文档：${error.message}。`)] };
      }
      throw error;
    }
  };

  const kind: DocumentKind<TDocument, TLoaded> = {
    kind: definition.kind,
    title: definition.title,
    get engine() {
      return engineFor(undefined);
    },
    schema: definition.schema,
    load(input, options) {
      const result = safeLoad(input, options);
      if (result.ok) return result.value;
      throw errorFromIssues(YIYANG_ERROR_CODES.INVALID_DOCUMENT, result.issues, {
        en: `The ${definition.kind} document is invalid`,
        zh: `${definition.title.zh}文档无效`,
      });
    },
    safeLoad,
    is(value): value is TLoaded {
      const brand = brandOf(value);
      return brand !== undefined && brand.kind.kind === definition.kind;
    },
    compiledOf(value) {
      const brand = brandOf(value);
      if (brand === undefined || brand.kind.kind !== definition.kind) throw notLoaded(`a ${definition.kind} document loaded by its load function`);
      return brand.compiled;
    },
    runTests(loaded, options = {}) {
      if (!kind.is(loaded)) throw notLoaded(`a loaded ${definition.kind} document`);
      const versions = options.versions ?? [loaded];
      const tests = ((loaded.document as { tests?: unknown[] }).tests ?? []) as Array<TestsOf<TDocument>>;
      return tests.map((test, index) => {
        const failures: Issue[] = [];
        const at: PathSegment[] = ["tests", index];
        const context: DocumentTestContext<TLoaded> = {
          loaded,
          versions,
          index,
          fail(path, message, messageZh, extra = {}) {
            failures.push(createIssue(extra.code ?? "test_mismatch", [...at, ...path], message, messageZh, extra.params === undefined ? {} : { params: extra.params }));
          },
          expectEqual(path, field, expected, actual) {
            if (expected === undefined || sameJson(expected, actual)) return;
            failures.push(
              createIssue("test_mismatch", [...at, ...path], `${field}: expected ${show(expected)}, got ${show(actual)}.`, `${field}：期望 ${show(expected)}，实际为 ${show(actual)}。`, {
                params: { field, expected, actual },
              }),
            );
          },
          expectSameSet(path, field, expected, actual) {
            const a = [...expected].sort();
            const b = [...actual].sort();
            if (sameJson(a, b)) return;
            failures.push(
              createIssue("test_mismatch", [...at, ...path], `${field}: expected ${show(a)}, got ${show(b)}.`, `${field}：期望 ${show(a)}，实际为 ${show(b)}。`, {
                params: { field, expected: a, actual: b },
              }),
            );
          },
        };
        const limitsBefore = limitErrors.count;
        try {
          definition.runTest(test, context as DocumentTestContext<LoadedDocument<TDocument> & TExtra>);
        } catch (error) {
          failures.push(...evaluationFailures(error, at));
        }
        // A case that failed while a rule ran out of budget fails with limit_exceeded, even where
        // the kind reported the rule's error as an issue of the record it scored.
        const overBudget = limitErrors.count !== limitsBefore ? limitErrors.last : null;
        if (overBudget !== null && failures.length > 0 && !failures.some((f) => f.code === "limit_exceeded")) {
          failures.push(...evaluationFailures(overBudget, at));
        }
        const described = definition.describeTest?.(test, index);
        const record = test as { description?: unknown; name?: unknown };
        const description =
          described ?? (typeof record.description === "string" ? record.description : typeof record.name === "string" ? record.name : `#${index}`);
        return { index, description, passed: failures.length === 0, failures };
      });
    },
  };
  return Object.freeze(kind);
}

function createCompileContext(engine: LogicEngine, issues: Issue[], reference: DocumentCompileContext["reference"]): DocumentCompileContext {
  const report: DocumentCompileContext["report"] = (code, path, message, messageZh, options = {}) => {
    issues.push(createIssue(code, path, message, messageZh, options));
  };
  const spec = (op: string) => engine.spec(op);
  const parse = (rule: unknown, at: readonly PathSegment[], vocabulary: Vocabulary): (Omit<CheckedRule, "evaluate"> & { parsed: ParsedRule }) | null => {
    const parsed = engine.parse(rule);
    if (!parsed.ok) {
      const prefix = toPointer(at);
      for (const issue of parsed.issues) issues.push({ ...issue, path: prefix + issue.path });
      return null;
    }
    const checked = checkReads(parsed.value.root, vocabulary, at, spec);
    if (checked.issues.length > 0) {
      issues.push(...checked.issues);
      if (hasErrors(checked.issues)) return null;
    }
    return { parsed: parsed.value, root: parsed.value.root, reads: checked.reads, pointer: toPointer(at) };
  };
  return {
    engine,
    reference,
    issues,
    report,
    parse(rule, at, vocabulary) {
      const checked = parse(rule, at, vocabulary);
      return checked === null ? null : { root: checked.root, reads: checked.reads, pointer: checked.pointer };
    },
    rule(rule, at, vocabulary, options = {}) {
      const checked = parse(rule, at, vocabulary);
      if (checked === null) return null;
      const evaluate = options.boolean === true ? engine.compile({ "!!": [rule] }) : engine.compile(checked.parsed);
      return { evaluate, root: checked.root, reads: checked.reads, pointer: checked.pointer };
    },
    template(text, at, vocabulary) {
      const parts = parseTemplate(text);
      for (let i = 1; i < parts.length; i += 2) {
        const resolved = resolveVariable(parts[i] as string, vocabulary, at);
        if (!resolved.ok) issues.push(resolved.issue);
      }
      return parts;
    },
    unique(values, pathOf, what) {
      const seen = new Set<string>();
      values.forEach((value, i) => {
        if (seen.has(value)) {
          report("duplicate_id", pathOf(i), `${what.en} "${value}" is used twice.`, `${what.zh} "${value}" 重复。`, { params: { id: value } });
        }
        seen.add(value);
      });
    },
    bands(bands, pathOf, what) {
      let sound = true;
      bands.forEach((band, i) => {
        if (band.min !== null && band.max !== null && band.min > band.max) {
          sound = false;
          report("invalid_band", pathOf(i), `Band ${i} of ${what.en}: min ${band.min} is above max ${band.max}.`, `${what.zh}第 ${i} 段：下限 ${band.min} 大于上限 ${band.max}。`);
          return;
        }
        for (let j = 0; j < i; j++) {
          const other = bands[j] as (typeof bands)[number];
          if (other.min !== null && other.max !== null && other.min > other.max) continue;
          const lo = Math.max(band.min ?? -Infinity, other.min ?? -Infinity);
          const hi = Math.min(band.max ?? Infinity, other.max ?? Infinity);
          if (lo <= hi) {
            sound = false;
            report("overlapping_bands", pathOf(i), `Bands ${j} and ${i} of ${what.en} overlap at ${lo}; each value falls in one band only.`, `${what.zh}第 ${j} 段与第 ${i} 段在 ${lo} 处重叠；每个值只能落入一段。`, {
              params: { bands: [j, i], at: lo },
            });
          }
        }
      });
      return sound;
    },
  };
}

/**
 * Several kinds of document, looked up by `kind`: what a tool that reads any rule document (the
 * command line, the workbench) dispatches on.
 */
export interface DocumentRegistry {
  /** The kinds, in the order given. */
  readonly kinds: readonly DocumentKind[];
  /** The kind with a `kind` value, or `undefined`. */
  get(kind: string): DocumentKind | undefined;
  /** The kind of a document (by its `kind` field), or an `unknown_kind` issue at `/kind`. */
  kindOf(document: unknown): SafeResult<DocumentKind>;
  /** Load a document of any registered kind. Never throws. */
  safeLoad(document: unknown, options?: LoadDocumentOptions): SafeResult<LoadedDocument>;
}

/**
 * A registry of document kinds.
 *
 * @param kinds - the kinds, each from {@link defineDocumentKind}
 * @returns the registry
 * @throws {@link YiyangError} `invalid_argument` when two kinds share a `kind` value
 *
 * @example
 * ```ts
 * const registry = createDocumentRegistry([instrumentKind, serviceCatalogKind]);
 * registry.safeLoad(gbt42195Instrument).ok; //=> true
 * registry.kindOf({ kind: "nope" }).issues[0].code; //=> "unknown_kind"
 * ```
 */
export function createDocumentRegistry(kinds: readonly DocumentKind<any, any>[]): DocumentRegistry {
  const byKind = new Map<string, DocumentKind>();
  for (const kind of kinds) {
    if (byKind.has(kind.kind)) {
      throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, `Two document kinds are named "${kind.kind}".`, { messageZh: `有两个文档类型都名为 "${kind.kind}"。` });
    }
    byKind.set(kind.kind, kind as DocumentKind);
  }
  const list = Object.freeze([...byKind.values()]);
  const kindOf = (document: unknown): SafeResult<DocumentKind> => {
    const value = typeof document === "object" && document !== null && !Array.isArray(document) ? (document as { kind?: unknown }).kind : undefined;
    const found = typeof value === "string" ? byKind.get(value) : undefined;
    if (found !== undefined) return { ok: true, value: found, issues: [] };
    const known = list.map((k) => k.kind).join(", ");
    return {
      ok: false,
      issues: [
        createIssue("unknown_kind", "/kind", `Unknown document kind ${show(value)}; expected one of ${known}.`, `未知的文档类型 ${show(value)}；应为 ${known} 之一。`, {
          params: { kind: value ?? null, kinds: list.map((k) => k.kind) },
        }),
      ],
    };
  };
  return Object.freeze({
    kinds: list,
    get: (kind: string) => byKind.get(kind),
    kindOf,
    safeLoad(document: unknown, options?: LoadDocumentOptions): SafeResult<LoadedDocument> {
      const kind = kindOf(document);
      if (!kind.ok) return kind as SafeResult<never>;
      return kind.value.safeLoad(document, options);
    },
  });
}
