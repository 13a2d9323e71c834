/**
 * The one layout of an instrument's Questionnaire, shared by everything that writes or reads its
 * responses: which linkId holds which record field, which answer code holds which score. Built
 * once per loaded instrument. Internal.
 * @internal
 */
import { collectReads, createIssue, YiyangError, YIYANG_ERROR_CODES, type Issue, type LocalizedText } from "@yiyang/core";
import type { Instrument, InstrumentDocument, InstrumentItem } from "@yiyang/assessment";
import { instrumentKind, isInstrument } from "@yiyang/assessment";
import { instrumentUrls } from "./fhir-urls";

/** linkIds of the record's own fields are the JSON pointers of those fields. @internal */
export const LINK = Object.freeze({
  assessedOn: "/assessedOn",
  subject: "/subject",
  coma: "/coma",
  diseases: "/diseases",
  riskEvents: "/riskEvents",
  /** The group of calculated values. */
  scores: "scores",
  total: "total",
  level: "level",
});

/** The linkId of a dimension's calculated score. @internal */
export const dimensionScoreLink = (key: string) => `dimensions.${key}`;
/** The linkId of a dimension's calculated grade. @internal */
export const gradeLink = (key: string) => `grades.${key}`;

/** One question of the Questionnaire: an item of the instrument. @internal */
export interface LayoutItem {
  readonly key: string;
  /** The standard's code: the question's linkId. */
  readonly linkId: string;
  readonly definition: InstrumentItem;
  /** The dimension's index. */
  readonly dimension: number;
  /** The answer code of each score. */
  readonly codeOf: ReadonlyMap<number, string>;
  /** The score of each answer code. */
  readonly scoreOf: ReadonlyMap<string, number>;
  /** Option texts by score. */
  readonly textOf: ReadonlyMap<number, LocalizedText>;
}

/** One group of questions: a dimension. @internal */
export interface LayoutDimension {
  readonly key: string;
  readonly linkId: string;
  readonly label: LocalizedText;
  readonly items: readonly LayoutItem[];
  readonly graded: boolean;
}

/** The layout of one instrument's Questionnaire. @internal */
export interface QuestionnaireLayout {
  readonly instrument: Instrument;
  readonly document: InstrumentDocument;
  readonly urls: ReturnType<typeof instrumentUrls>;
  readonly dimensions: readonly LayoutDimension[];
  readonly itemByKey: ReadonlyMap<string, LayoutItem>;
  readonly itemByLinkId: ReadonlyMap<string, LayoutItem>;
  readonly dimensionByLinkId: ReadonlyMap<string, LayoutDimension>;
  /** linkIds of calculated items, which a reader of responses ignores. */
  readonly calculated: ReadonlySet<string>;
  /** Whether the instrument's rules read `coma` (the Questionnaire then asks it). */
  readonly asksComa: boolean;
  /** Whether the Questionnaire asks the diseases (the instrument lists them or its rules read them). */
  readonly asksDiseases: boolean;
  /** Disease labels by id, when the instrument lists them. */
  readonly diseaseLabels: ReadonlyMap<string, LocalizedText> | null;
  /** The risk events the instrument counts, or `null`. */
  readonly riskEvents: ReadonlyArray<{ key: string; label: LocalizedText }> | null;
  /** linkId conflicts that make the instrument impossible to lay out. */
  readonly issues: readonly Issue[];
}

const cache = new WeakMap<Instrument, QuestionnaireLayout>();

/** The answer code of an item's option: `<item key>-<score>`. @internal */
export const answerCode = (key: string, score: number) => `${key}-${score}`;

/** Every JSON Logic rule of an instrument document. */
function rulesOf(doc: InstrumentDocument): unknown[] {
  return [
    ...doc.dimensions.flatMap((d) => (d.grade !== undefined && "rule" in d.grade ? [d.grade.rule] : [])),
    ...(doc.preliminaryLevel.basis === "rule" ? [doc.preliminaryLevel.rule] : []),
    ...(doc.computed ?? []).map((c) => c.rule),
    ...(doc.adjustments ?? []).map((a) => a.when),
    ...(doc.checks ?? []).map((c) => c.when),
  ];
}

/** Whether any rule of the document reads a name (or something under it). */
function reads(doc: InstrumentDocument, name: string): boolean {
  const engine = instrumentKind.engine;
  for (const rule of rulesOf(doc)) {
    const parsed = engine.parse(rule);
    if (!parsed.ok) continue;
    for (const read of collectReads(parsed.value.root, (op) => engine.spec(op))) {
      if (read.name === name || (read.name !== null && read.name.startsWith(`${name}.`))) return true;
    }
  }
  return false;
}

/**
 * The layout of an instrument's Questionnaire (cached per loaded instrument).
 * @internal
 */
export function layoutOf(instrument: Instrument): QuestionnaireLayout {
  const cached = typeof instrument === "object" && instrument !== null ? cache.get(instrument) : undefined;
  if (cached !== undefined) return cached;
  if (!isInstrument(instrument)) {
    throw new YiyangError(YIYANG_ERROR_CODES.INVALID_ARGUMENT, "The instrument must be one returned by loadInstrument.", { messageZh: "评估工具必须由 loadInstrument 返回。" });
  }
  const doc = instrument.document;
  const issues: Issue[] = [];
  const taken = new Map<string, string>();
  const claim = (linkId: string, pointer: string) => {
    const reserved =
      linkId.startsWith("/") ||
      linkId === LINK.scores ||
      linkId === LINK.total ||
      linkId === LINK.level ||
      linkId.startsWith("dimensions.") ||
      linkId.startsWith("grades.");
    const other = taken.get(linkId);
    if (reserved || other !== undefined) {
      issues.push(
        createIssue(
          "link_id_conflict",
          pointer,
          `The code "${linkId}" cannot be a Questionnaire linkId: ${reserved ? "it is reserved for the record's fields and the calculated values" : `${other} has it too`}.`,
          `代码 "${linkId}" 不能用作问卷的 linkId：${reserved ? "它保留给记录字段与计算值" : `${other} 也使用了它`}。`,
          { params: { linkId } },
        ),
      );
    }
    taken.set(linkId, pointer);
  };
  const itemByKey = new Map<string, LayoutItem>();
  const itemByLinkId = new Map<string, LayoutItem>();
  const dimensionByLinkId = new Map<string, LayoutDimension>();
  const calculated = new Set<string>([LINK.scores, LINK.total, LINK.level]);
  const dimensions = doc.dimensions.map((d, di): LayoutDimension => {
    claim(d.code, `/dimensions/${di}/code`);
    const items = d.items.map((item, ii): LayoutItem => {
      claim(item.code, `/dimensions/${di}/items/${ii}/code`);
      const codeOf = new Map<number, string>();
      const scoreOf = new Map<string, number>();
      const textOf = new Map<number, LocalizedText>();
      for (const option of item.options) {
        const code = answerCode(item.key, option.score);
        codeOf.set(option.score, code);
        scoreOf.set(code, option.score);
        textOf.set(option.score, option.text);
      }
      const entry: LayoutItem = { key: item.key, linkId: item.code, definition: item, dimension: di, codeOf, scoreOf, textOf };
      itemByKey.set(item.key, entry);
      itemByLinkId.set(item.code, entry);
      return entry;
    });
    calculated.add(dimensionScoreLink(d.key));
    if (d.grade !== undefined) calculated.add(gradeLink(d.key));
    const dimension: LayoutDimension = { key: d.key, linkId: d.code, label: d.label, items, graded: d.grade !== undefined };
    dimensionByLinkId.set(d.code, dimension);
    return dimension;
  });
  const layout: QuestionnaireLayout = {
    instrument,
    document: doc,
    urls: instrumentUrls(instrument.id),
    dimensions,
    itemByKey,
    itemByLinkId,
    dimensionByLinkId,
    calculated,
    asksComa: reads(doc, "coma"),
    asksDiseases: doc.diseases !== undefined || reads(doc, "diseases"),
    diseaseLabels: doc.diseases === undefined ? null : new Map(doc.diseases.map((d) => [d.id, d.label])),
    riskEvents: doc.riskEvents === undefined ? null : doc.riskEvents.types.map((t) => ({ key: t.key, label: t.label })),
    issues,
  };
  cache.set(instrument, layout);
  return layout;
}
