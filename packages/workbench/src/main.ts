/**
 * The workbench page: open a rule document, edit it, and see at once whether it is valid, which of
 * its own cases it breaks, the fingerprint it will carry, what changed from the published version
 * and how a sample of records would move. State lives in this module; nothing leaves the page.
 */
import type { Instrument } from "@yiyang/assessment";
import { documentJsonSchema, type Issue } from "@yiyang/core";
import type { ServiceCatalog } from "@yiyang/eligibility";
import type { IndicatorResult } from "@yiyang/indicators";
import { analyzeDocument, type Analysis } from "./analyze-document";
import { bumpVersion, type VersionBump } from "./bump-version";
import { computeImpact, explainEligibilityMove, explainLevelMove, hasImpact, type ImpactView } from "./compute-impact";
import { diffJson } from "./diff-json";
import { fill, h } from "./dom";
import { BUNDLED, DEFAULT_DOCUMENT, documentText, REGISTRY } from "./documents";
import { createEditor, type Editor } from "./editor";
import { issueMessage, lang, onLangChange, pick, setLang, t, type Lang, type MessageKey } from "./i18n";
import { mapJsonPositions, offsetOf, spanOf } from "./json-positions";
import { IMPACT_CSV_COLUMNS, readSampleRecords, type SampleRecord } from "./read-sample-records";
import "./style.css";

performance.mark("workbench:start");

// ---- state ----------------------------------------------------------------------------------

interface Source {
  /** What the user opened: a bundled document's key, or a file name. */
  name: string;
  /** The text as published (opened): the base of the diff and of the impact. */
  text: string;
  /** The analysis of that text. */
  published: Analysis;
}

const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};
const lastYear = new Date().getFullYear() - 1;

const state = {
  source: null as Source | null,
  current: null as Analysis | null,
  sample: null as { name: string; records: SampleRecord[] } | null,
  impact: null as ImpactView | null,
  impactError: null as string | null,
  explain: null as { line: number; index: number } | null,
  asOf: today(),
  period: { from: `${lastYear}-01-01`, to: `${lastYear}-12-31` },
  bump: "minor" as VersionBump,
};

// ---- layout ---------------------------------------------------------------------------------

const app = document.getElementById("app") as HTMLElement;
const announce = h("div", { role: "status", "aria-live": "polite", className: "visually-hidden", id: "announce" });
const title = h("h1", {});
const tagline = h("p", { className: "tagline" });
const docLabel = h("label", { for: "doc-select" });
const docSelect = h("select", { id: "doc-select" });
const fileInput = h("input", { type: "file", id: "file-open", accept: ".json,application/json", className: "visually-hidden" });
const fileLabel = h("label", { for: "file-open", className: "button" });
const langButton = h("button", { type: "button", id: "lang-toggle", "data-testid": "lang-toggle" });
const editorHeading = h("h2", { id: "editor-heading" });
const editorHint = h("p", { className: "hint", id: "editor-hint" });
const editorHost = h("div", { className: "editor-host", "data-testid": "editor" });

const section = (id: string) => {
  const heading = h("h2", { id: `${id}-heading` });
  const body = h("div", { className: "section-body" });
  const element = h("section", { id, "aria-labelledby": `${id}-heading`, className: "panel" }, heading, body);
  return { element, heading, body };
};
const statusPanel = section("status");
const issuesPanel = section("issues");
const testsPanel = section("tests");
const diffPanel = section("diff");
const impactPanel = section("impact");
const savePanel = section("save");

app.append(
  h("header", { className: "top" }, h("div", { className: "brand" }, title, tagline), h("div", { className: "toolbar" }, docLabel, docSelect, fileInput, fileLabel, langButton)),
  h(
    "main",
    { className: "layout" },
    h("section", { className: "editor-pane", "aria-labelledby": "editor-heading" }, editorHeading, editorHint, editorHost),
    h("div", { className: "side" }, statusPanel.element, issuesPanel.element, testsPanel.element, diffPanel.element, impactPanel.element, savePanel.element),
  ),
  announce,
);

const say = (text: string) => {
  announce.textContent = text;
};

// ---- the editor and analysis ----------------------------------------------------------------

let analysisTimer: ReturnType<typeof setTimeout> | undefined;
let impactTimer: ReturnType<typeof setTimeout> | undefined;

const schemaFor = (): Record<string, unknown> | null => {
  const value = state.current?.value ?? state.source?.published.value;
  const kind = REGISTRY.kindOf(value);
  return kind.ok ? documentJsonSchema(kind.value) : null;
};
let cachedSchema: { kind: string; schema: Record<string, unknown> | null } | null = null;
const schemaInForce = (): Record<string, unknown> | null => {
  const value = state.current?.value ?? state.source?.published.value;
  const kind = typeof value === "object" && value !== null ? String((value as { kind?: unknown }).kind) : "";
  if (cachedSchema?.kind !== kind) cachedSchema = { kind, schema: schemaFor() };
  return cachedSchema.schema;
};

// Made with the first document's text: building the view once, not once empty and again full, halves the first paint's work.
let editor: Editor | null = null;
const editorOptions = (text: string) => ({
  text,
  label: t("editorLabel"),
  schema: schemaInForce,
  onChange() {
    clearTimeout(analysisTimer);
    analysisTimer = setTimeout(analyze, 120);
  },
});
const currentText = (): string => editor?.text() ?? "";

function analyze(): void {
  state.current = analyzeDocument(currentText());
  renderDocument();
  scheduleImpact(0);
}

function scheduleImpact(delay = 150): void {
  clearTimeout(impactTimer);
  impactTimer = setTimeout(() => {
    updateImpact();
    renderImpact();
  }, delay);
}

/** Where an issue points in the current text. */
function placeOf(issue: Issue, text: string): { from: number; to: number } {
  const params = issue.params as { line?: unknown; column?: unknown } | undefined;
  if (issue.code === "invalid_json" && typeof params?.line === "number" && typeof params.column === "number") {
    const at = offsetOf(text, params.line, params.column);
    return { from: at, to: Math.min(text.length, at + 1) };
  }
  const span = spanOf(mapJsonPositions(text), issue.path);
  return { from: span.keyFrom ?? span.from, to: span.to };
}

function goTo(pointerOrIssue: Issue | string): void {
  if (!editor) return;
  const text = editor.text();
  if (typeof pointerOrIssue === "string") {
    const span = spanOf(mapJsonPositions(text), pointerOrIssue);
    editor.select(span.keyFrom ?? span.from, span.to);
    return;
  }
  const place = placeOf(pointerOrIssue, text);
  editor.select(place.from, place.to);
}

function open(name: string, text: string): void {
  const published = analyzeDocument(text);
  state.source = { name, text, published };
  state.explain = null;
  cachedSchema = null;
  if (editor) editor.setText(text);
  else editor = createEditor(editorHost, editorOptions(text));
  state.current = published;
  renderAll();
  scheduleImpact(0);
  say(t("opened", { name }));
  // For measuring: the first document is checked, tested and shown.
  if (performance.getEntriesByName("workbench:ready").length === 0) performance.mark("workbench:ready");
}

// ---- rendering ------------------------------------------------------------------------------

const kindName = (kind: string): string => {
  const key = `kind${kind.charAt(0).toUpperCase()}${kind.slice(1)}` as MessageKey;
  try {
    return t(key);
  } catch {
    return kind;
  }
};

function renderChrome(): void {
  document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
  document.title = t("appTitle");
  title.textContent = t("appTitle");
  tagline.textContent = t("appTagline");
  docLabel.textContent = t("openBundled");
  fileLabel.textContent = t("openFile");
  langButton.textContent = t("switchLanguage");
  langButton.setAttribute("lang", lang() === "zh" ? "en" : "zh-CN");
  langButton.setAttribute("aria-label", t("switchLanguageLabel"));
  editorHint.textContent = t("editorHint");
  editor?.setLabel(t("editorLabel"));
  statusPanel.heading.textContent = t("statusHeading");
  issuesPanel.heading.textContent = t("issuesHeading");
  testsPanel.heading.textContent = t("testsHeading");
  diffPanel.heading.textContent = t("diffHeading");
  impactPanel.heading.textContent = t("impactHeading");
  savePanel.heading.textContent = t("saveHeading");
  const selected = docSelect.value;
  fill(docSelect);
  docSelect.append(h("option", { value: "" }, "—"));
  for (const kind of [...new Set(BUNDLED.map((d) => d.kind))]) {
    const group = h("optgroup", { label: kindName(kind) });
    for (const d of BUNDLED.filter((b) => b.kind === kind)) group.append(h("option", { value: d.key }, `${pick(d.title)} (${d.id} ${d.version})`));
    docSelect.append(group);
  }
  docSelect.value = selected;
}

let shownDiagnostics = 0;
function showDiagnostics(issues: readonly Issue[], text: string): void {
  shownDiagnostics = issues.length;
  editor?.showDiagnostics(
    issues.map((issue) => {
      const place = placeOf(issue, text);
      return { from: place.from, to: Math.max(place.from, place.to), severity: issue.severity === "warning" ? "warning" : "error", message: `${issue.code}: ${issueMessage(issue)}` };
    }),
  );
}

function renderDocument(): void {
  const current = state.current;
  const source = state.source;
  if (!current || !source) return;
  editorHeading.textContent = source.name;
  const loaded = current.loaded;
  const doc = (current.value ?? {}) as { kind?: unknown; id?: unknown; version?: unknown; effective?: { from?: unknown; to?: unknown } };

  // Status.
  const fingerprint = loaded?.fingerprint ?? null;
  const published = source.published.loaded?.fingerprint ?? null;
  const row = (label: string, ...value: Array<Node | string>) => [h("dt", {}, label), h("dd", {}, ...value)];
  fill(
    statusPanel.body,
    h(
      "dl",
      { className: "facts" },
      ...row(t("kind"), typeof doc.kind === "string" ? kindName(doc.kind) : "—"),
      ...row(t("id"), typeof doc.id === "string" ? doc.id : "—"),
      ...row(t("version"), h("span", { "data-testid": "version" }, typeof doc.version === "string" ? doc.version : "—")),
      ...row(
        t("effective"),
        h("span", { "data-testid": "effective" }, typeof doc.effective?.from === "string" ? (typeof doc.effective.to === "string" ? `${doc.effective.from} – ${doc.effective.to}` : `${doc.effective.from} ${t("effectiveOpen")}`) : "—"),
      ),
      ...row(t("fingerprint"), h("code", { "data-testid": "fingerprint", className: "fingerprint" }, fingerprint ?? t("noFingerprint"))),
      ...row(t("publishedFingerprint"), h("code", { className: "fingerprint", "data-testid": "published-fingerprint" }, published ?? "—"), fingerprint !== null && fingerprint === published ? h("span", { className: "same" }, ` (${t("unchanged")})`) : ""),
    ),
  );

  // Issues, each a button to its place, with the editor's diagnostics from the same list.
  const text = currentText();
  const errors = current.issues.filter((i) => i.severity === "error").length;
  const warnings = current.issues.length - errors;
  fill(
    issuesPanel.body,
    h("p", { "data-testid": "issues-summary" }, current.issues.length === 0 ? t("noIssues") : t("errorsWarnings", { errors, warnings })),
    current.issues.length === 0
      ? null
      : h(
          "ul",
          { className: "issues", "data-testid": "issues" },
          ...current.issues.map((issue) =>
            h(
              "li",
              { className: issue.severity },
              h(
                "button",
                { type: "button", className: "link", onclick: () => goTo(issue) },
                h("code", {}, issue.path || "/"),
                " ",
                h("span", { className: "code" }, issue.code),
                issue.severity === "warning" ? ` (${t("warning")})` : "",
                " ",
                issueMessage(issue),
              ),
            ),
          ),
        ),
  );
  if (current.issues.length > 0 || shownDiagnostics > 0) showDiagnostics(current.issues, text);


  // Tests.
  const passed = current.tests.filter((r) => r.passed).length;
  const failed = current.tests.length - passed;
  fill(
    testsPanel.body,
    current.loaded === null
      ? h("p", { "data-testid": "tests-summary" }, t("testsNotRun"))
      : h("p", { "data-testid": "tests-summary", className: failed > 0 ? "bad" : "good" }, t("testsSummary", { passed, failed })),
    h(
      "ul",
      { className: "tests", "data-testid": "tests" },
      ...[...current.tests]
        .sort((a, b) => Number(a.passed) - Number(b.passed) || a.index - b.index)
        .map((result) =>
          h(
            "li",
            { className: result.passed ? "pass" : "fail", "data-testid": result.passed ? "test-pass" : "test-fail" },
            h("span", { className: "badge" }, result.passed ? t("passed") : t("failed")),
            " ",
            h("button", { type: "button", className: "link", onclick: () => goTo(`/tests/${result.index}`) }, `#${result.index} ${result.description}`),
            result.failures.length === 0
              ? null
              : h("ul", {}, ...result.failures.map((f) => h("li", {}, h("button", { type: "button", className: "link", onclick: () => goTo(f) }, h("code", {}, f.path), " ", issueMessage(f))))),
          ),
        ),
    ),
  );

  // Changes from the published version.
  if (current.value === undefined) fill(diffPanel.body, h("p", {}, t("diffInvalid")));
  else {
    const changes = diffJson(source.published.value, current.value);
    const show = (v: unknown) => {
      const s = JSON.stringify(v);
      return s === undefined ? "—" : s.length > 80 ? `${s.slice(0, 77)}…` : s;
    };
    fill(
      diffPanel.body,
      changes.length === 0
        ? h("p", { "data-testid": "diff-none" }, t("diffNone"))
        : h(
            "ul",
            { className: "diff", "data-testid": "diff" },
            ...changes.slice(0, 200).map((c) =>
              h(
                "li",
                { className: c.kind },
                h(
                  "button",
                  { type: "button", className: "link", onclick: () => goTo(c.kind === "removed" ? c.path.slice(0, c.path.lastIndexOf("/")) : c.path) },
                  h("span", { className: "badge" }, t(c.kind)),
                  " ",
                  h("code", {}, c.path || "/"),
                  " ",
                  c.kind === "changed" ? `${show(c.before)} → ${show(c.after)}` : c.kind === "added" ? show(c.after) : show(c.before),
                ),
              ),
            ),
          ),
    );
  }
  renderSave();
}

// ---- impact ---------------------------------------------------------------------------------

const dropZone = h("div", { className: "drop", "data-testid": "drop-zone" });
const sampleInput = h("input", { type: "file", id: "sample-open", accept: ".jsonl,.ndjson,.json,.csv,text/csv,application/json", className: "visually-hidden", "data-testid": "sample-input" });
const impactSettings = h("div", { className: "settings" });
const impactResults = h("div", { className: "results", "data-testid": "impact-results" });

async function loadSample(file: File): Promise<void> {
  const kind = state.source?.published.loaded?.kind ?? "";
  const records = await readSampleRecords(await file.text(), file.name, IMPACT_CSV_COLUMNS[kind] ?? {});
  state.sample = { name: file.name, records };
  state.explain = null;
  scheduleImpact(0);
}

dropZone.addEventListener("dragover", (event) => {
  event.preventDefault();
  dropZone.classList.add("over");
});
dropZone.addEventListener("dragleave", () => dropZone.classList.remove("over"));
dropZone.addEventListener("drop", (event) => {
  event.preventDefault();
  dropZone.classList.remove("over");
  const file = event.dataTransfer?.files[0];
  if (file) void loadSample(file);
});
sampleInput.addEventListener("change", () => {
  const file = sampleInput.files?.[0];
  if (file) void loadSample(file);
  sampleInput.value = "";
});

function updateImpact(): void {
  state.impact = null;
  state.impactError = null;
  const before = state.source?.published.loaded;
  const after = state.current?.loaded;
  if (!state.sample || !before) return;
  if (!after) {
    state.impactError = t("impactNeedsValid");
    return;
  }
  if (!hasImpact(before.kind) || before.kind !== after.kind) {
    state.impactError = t("impactNotSupported");
    return;
  }
  try {
    state.impact = computeImpact(before, after, state.sample.records, state);
  } catch (error) {
    const e = error as { message?: string; messageZh?: string };
    state.impactError = lang() === "zh" ? (e.messageZh ?? String(e.message)) : String(e.message);
  }
}

function renderImpactSettings(kind: string): void {
  if (kind === "service-catalog") {
    const input = h("input", { type: "date", id: "as-of", value: state.asOf, required: true });
    input.addEventListener("change", () => {
      if (input.value) state.asOf = input.value;
      scheduleImpact(0);
    });
    fill(impactSettings, h("label", { for: "as-of" }, t("asOf")), " ", input);
  } else if (kind === "indicator-catalog") {
    const from = h("input", { type: "date", id: "period-from", value: state.period.from, required: true });
    const to = h("input", { type: "date", id: "period-to", value: state.period.to, required: true });
    const change = () => {
      if (from.value && to.value) state.period = { from: from.value, to: to.value };
      scheduleImpact(0);
    };
    from.addEventListener("change", change);
    to.addEventListener("change", change);
    fill(impactSettings, h("label", { for: "period-from" }, t("periodFrom")), " ", from, " ", h("label", { for: "period-to" }, t("periodTo")), " ", to);
  } else fill(impactSettings);
}

function renderImpact(): void {
  const kind = state.source?.published.loaded?.kind ?? "";
  fill(
    dropZone,
    h("p", {}, t("impactDrop"), " ", h("label", { for: "sample-open", className: "button" }, t("impactChoose"))),
    sampleInput,
    h("p", { className: "hint" }, t("impactPrivacy")),
    state.sample ? h("p", { "data-testid": "sample-name" }, t("impactFile", { name: state.sample.name, count: state.sample.records.length })) : null,
  );
  renderImpactSettings(kind);
  fill(impactPanel.body, hasImpact(kind) ? dropZone : h("p", {}, t("impactNotSupported")), hasImpact(kind) ? impactSettings : null, impactResults);
  fill(impactResults);
  if (state.impactError) {
    impactResults.append(h("p", { className: "bad", "data-testid": "impact-error" }, state.impactError));
    return;
  }
  const view = state.impact;
  if (!view) return;
  if (view.kind === "instrument") renderLevelImpact(view);
  else if (view.kind === "service-catalog") renderEligibilityImpact(view);
  else renderIndicatorImpact(view);
}

function invalidList(items: Array<{ line: number; entry: { status: string; issues?: readonly Issue[] } }>): HTMLElement | null {
  if (items.length === 0) return null;
  return h(
    "details",
    {},
    h("summary", {}, `${t("invalidLines")} (${items.length})`),
    h("ul", {}, ...items.slice(0, 100).map(({ line, entry }) => h("li", {}, `${t("line")} ${line}: `, ...(entry.issues ?? []).slice(0, 3).map((i) => `${i.path || "/"} ${i.code} ${issueMessage(i)} `)))),
  );
}

function renderLevelImpact(view: Extract<ImpactView, { kind: "instrument" }>): void {
  const { levels, matrix, records, moved, kept, invalid } = view.summary;
  const count = (from: number, to: number) => matrix.find((c) => c.from === from && c.to === to)?.count ?? 0;
  const table = h(
    "table",
    { className: "matrix", "data-testid": "impact-matrix" },
    h("caption", {}, t("matrixCaption")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("beforeAfter")), ...levels.map((l) => h("th", { scope: "col" }, String(l))))),
    h(
      "tbody",
      {},
      ...levels.map((from) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, String(from)),
          ...levels.map((to) => {
            const n = count(from, to);
            return h("td", { className: n > 0 && from !== to ? "moved" : n > 0 ? "kept" : "", "data-from": from, "data-to": to }, String(n));
          }),
        ),
      ),
    ),
  );
  impactResults.append(table, h("p", { "data-testid": "impact-summary" }, t("levelSummary", { records, moved, kept, invalid })));
  impactResults.append(h("h3", {}, t("movedHeading")));
  if (view.moved.length === 0) impactResults.append(h("p", {}, t("movedNone")));
  else {
    impactResults.append(
      h(
        "table",
        { className: "list", "data-testid": "moved" },
        h("thead", {}, h("tr", {}, ...[t("line"), t("record"), t("before"), t("after"), ""].map((c) => h("th", { scope: "col" }, c)))),
        h(
          "tbody",
          {},
          ...view.moved.slice(0, 500).map(({ line, index, entry }) =>
            h(
              "tr",
              {},
              h("td", {}, String(line)),
              h("td", {}, String(entry.id ?? "—")),
              h("td", {}, `${t("level")} ${entry.before.level} (${t("total")} ${entry.before.total ?? "—"})`),
              h("td", {}, `${t("level")} ${entry.after.level} (${t("total")} ${entry.after.total ?? "—"})`),
              h("td", {}, h("button", { type: "button", "data-testid": "explain", onclick: () => showExplanation(line, index) }, t("explain"))),
            ),
          ),
        ),
      ),
    );
  }
  const invalidItems = invalidList(view.invalid);
  if (invalidItems) impactResults.append(invalidItems);
  renderExplanation();
}

function renderEligibilityImpact(view: Extract<ImpactView, { kind: "service-catalog" }>): void {
  const { packages, profiles, changed, invalid, asOf } = view.summary;
  const names = new Map<string, string>();
  for (const doc of [state.source?.published.loaded, state.current?.loaded] as Array<ServiceCatalog | null | undefined>) {
    for (const p of doc?.document.packages ?? []) names.set(p.id, pick(p.name));
  }
  impactResults.append(
    h(
      "table",
      { className: "matrix", "data-testid": "impact-packages" },
      h("caption", {}, t("packagesCaption")),
      h("thead", {}, h("tr", {}, ...[t("package"), t("before"), t("after"), t("gain"), t("lose")].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        {},
        ...packages.map((r) =>
          h(
            "tr",
            { "data-package": r.id },
            h("th", { scope: "row" }, names.get(r.id) ?? r.id, h("br", {}), h("code", {}, r.id)),
            h("td", {}, String(r.before)),
            h("td", {}, String(r.after)),
            h("td", { className: r.gained > 0 ? "moved" : "" }, String(r.gained)),
            h("td", { className: r.lost > 0 ? "moved" : "" }, String(r.lost)),
          ),
        ),
      ),
    ),
    h("p", { "data-testid": "impact-summary" }, t("packageSummary", { asOf, profiles, changed, invalid })),
    h("h3", {}, t("changedHeading")),
  );
  if (view.changed.length === 0) impactResults.append(h("p", {}, t("changedNone")));
  else {
    impactResults.append(
      h(
        "table",
        { className: "list", "data-testid": "moved" },
        h("thead", {}, h("tr", {}, ...[t("line"), t("record"), t("gained"), t("lost"), ""].map((c) => h("th", { scope: "col" }, c)))),
        h(
          "tbody",
          {},
          ...view.changed.slice(0, 500).map(({ line, index, entry }) =>
            h(
              "tr",
              {},
              h("td", {}, String(line)),
              h("td", {}, entry.id ?? "—"),
              h("td", {}, entry.gained.map((id) => names.get(id) ?? id).join("、") || "—"),
              h("td", {}, entry.lost.map((id) => names.get(id) ?? id).join("、") || "—"),
              h("td", {}, h("button", { type: "button", "data-testid": "explain", onclick: () => showExplanation(line, index) }, t("explain"))),
            ),
          ),
        ),
      ),
    );
  }
  const invalidItems = invalidList(view.invalid);
  if (invalidItems) impactResults.append(invalidItems);
  renderExplanation();
}

function renderIndicatorImpact(view: Extract<ImpactView, { kind: "indicator-catalog" }>): void {
  const { before, indicators } = view.result;
  const cell = (r: IndicatorResult | null) => {
    if (!r) return "—";
    const met = r.overall.attainment?.met;
    return `${r.overall.rate ?? "∅"}${r.unit === "percent" && r.overall.rate !== null ? "%" : ""}${met === true ? ` ✓ ${t("met")}` : met === false ? ` ✗ ${t("notMet")}` : ""}`;
  };
  const target = (r: IndicatorResult | null) => {
    const tg = r?.target as { comparison?: string; value?: number } | null | undefined;
    return tg ? `${tg.comparison ?? ""} ${tg.value ?? ""}` : "—";
  };
  impactResults.append(
    h(
      "table",
      { className: "matrix", "data-testid": "impact-rates" },
      h("caption", {}, t("ratesCaption")),
      h("thead", {}, h("tr", {}, ...[t("indicator"), t("before"), t("after"), `${t("target")} (${t("before")} → ${t("after")})`].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        {},
        ...indicators.map((row) => {
          const changedRate = cell(row.before) !== cell(row.after);
          return h(
            "tr",
            { "data-indicator": row.id },
            h("th", { scope: "row" }, pick((row.after ?? row.before)?.title ?? { zh: row.id, en: row.id }), h("br", {}), h("code", {}, row.id)),
            h("td", {}, cell(row.before)),
            h("td", { className: changedRate ? "moved" : "" }, cell(row.after)),
            h("td", {}, `${target(row.before)} → ${target(row.after)}`),
          );
        }),
      ),
    ),
    h("p", { "data-testid": "impact-summary" }, t("ratesSummary", { read: before.records.read, invalid: before.records.invalid })),
  );
  if (before.recordIssues.length > 0) {
    impactResults.append(
      h(
        "details",
        {},
        h("summary", {}, `${t("invalidLines")} (${before.records.invalid})`),
        h("ul", {}, ...before.recordIssues.slice(0, 100).map((ri) => h("li", {}, `${t("line")} ${ri.line}: `, ...ri.issues.slice(0, 3).map((i) => `${i.path || "/"} ${i.code} ${issueMessage(i)} `)))),
      ),
    );
  }
}

const explanation = h("section", { className: "explanation", "aria-labelledby": "explain-heading", "data-testid": "explanation", tabindex: -1 });

function showExplanation(line: number, index: number): void {
  state.explain = { line, index };
  renderImpact();
  explanation.focus();
}

function renderExplanation(): void {
  const target = state.explain;
  const record = target ? state.sample?.records[target.index]?.record : undefined;
  const before = state.source?.published.loaded;
  const after = state.current?.loaded;
  if (!target || record === undefined || !before || !after) return;
  const id = String((record as { id?: unknown }).id ?? "—");
  const close = h("button", { type: "button", onclick: () => ((state.explain = null), renderImpact()) }, t("close"));
  const columns: HTMLElement[] = [];
  if (before.kind === "instrument") {
    const { before: x, after: y } = explainLevelMove(before as Instrument, after as Instrument, record);
    // The steps that differ between the versions are the reason: they are marked, the rest is context.
    for (const [label, e, other] of [[t("before"), x, y], [t("after"), y, x]] as const) {
      const theirs = new Set(other.steps.map((s) => s.en));
      columns.push(
        h("div", {}, h("h4", {}, `${label}: ${t("level")} ${e.result.level} — ${pick(e.result.label)}`), h("ol", {}, ...e.steps.map((s) => h("li", { className: theirs.has(s.en) ? s.kind : `${s.kind} differs` }, pick(s))))),
      );
    }
  } else if (before.kind === "service-catalog") {
    const { before: x, after: y } = explainEligibilityMove(before as ServiceCatalog, after as ServiceCatalog, record, state.asOf);
    const moved = new Set([...x.eligible.filter((p) => !y.eligible.includes(p)), ...y.eligible.filter((p) => !x.eligible.includes(p))]);
    for (const [label, report] of [[t("before"), x], [t("after"), y]] as const) {
      columns.push(
        h(
          "div",
          {},
          h("h4", {}, label),
          h(
            "ul",
            {},
            ...report.packages
              .filter((p) => moved.has(p.id))
              .map((p) =>
                h(
                  "li",
                  {},
                  h("strong", {}, `${pick(p.name)}: ${p.eligible ? t("eligibleNow") : t("notEligible")}`),
                  p.reasons.length > 0 ? h("ul", {}, ...p.reasons.map((r) => h("li", {}, lang() === "zh" ? r.messageZh : r.message))) : null,
                  h("ul", { className: "conditions" }, ...p.conditions.map((c) => h("li", { className: c.held ? "pass" : "fail" }, `${c.held ? "✓" : "✗"} ${pick(c.label)} ${JSON.stringify(c.read)}`))),
                ),
              ),
          ),
        ),
      );
    }
  }
  fill(explanation, h("h3", { id: "explain-heading" }, t("explainHeading", { id, line: target.line })), h("div", { className: "columns" }, ...columns), close);
  impactResults.append(explanation);
}

// ---- save -----------------------------------------------------------------------------------

function savedText(): { text: string; version: string; fingerprint: string; file: string } | null {
  const current = state.current;
  if (!current?.loaded) return null;
  const next = bumpVersion(current.loaded.version, state.bump);
  if (next === null) return null;
  const text = currentText();
  const span = mapJsonPositions(text).get("/version");
  if (!span) return null;
  const edited = `${text.slice(0, span.from)}${JSON.stringify(next)}${text.slice(span.to)}`;
  const checked = analyzeDocument(edited);
  if (!checked.loaded) return null;
  return { text: edited, version: next, fingerprint: checked.loaded.fingerprint, file: `${checked.loaded.id}-${next}.json` };
}

function renderSave(): void {
  const current = state.current;
  const radios = (["major", "minor", "patch"] as const).map((bump) => {
    const input = h("input", { type: "radio", name: "bump", id: `bump-${bump}`, value: bump, checked: state.bump === bump });
    input.addEventListener("change", () => {
      state.bump = bump;
      renderSave();
      document.getElementById(`bump-${bump}`)?.focus();
    });
    const key = bump === "major" ? "bumpMajor" : bump === "minor" ? "bumpMinor" : "bumpPatch";
    return h("div", {}, input, " ", h("label", { for: `bump-${bump}` }, t(key)));
  });
  const saved = savedText();
  const body: Array<Node | null> = [h("fieldset", {}, h("legend", {}, t("bump")), ...radios)];
  if (!current?.loaded) body.push(h("p", { className: "bad" }, t("saveInvalid")));
  else if (!saved) body.push(h("p", { className: "bad" }, t("saveOwnVersion")));
  else {
    body.push(
      h("p", {}, `${t("saveAs", { version: saved.version })} `, h("code", { className: "fingerprint", "data-testid": "save-fingerprint" }, saved.fingerprint)),
      h(
        "button",
        {
          type: "button",
          className: "primary",
          "data-testid": "download",
          onclick: () => {
            const url = URL.createObjectURL(new Blob([saved.text], { type: "application/json" }));
            const a = h("a", { href: url, download: saved.file });
            document.body.append(a);
            a.click();
            a.remove();
            setTimeout(() => URL.revokeObjectURL(url), 1000);
            say(t("saved", { file: saved.file }));
          },
        },
        t("download", { file: saved.file }),
      ),
    );
  }
  fill(savePanel.body, ...body);
}

function renderAll(): void {
  renderChrome();
  renderDocument();
  renderImpact();
}

// ---- wiring ---------------------------------------------------------------------------------

docSelect.addEventListener("change", () => {
  const chosen = BUNDLED.find((d) => d.key === docSelect.value);
  if (chosen) {
    state.sample = null;
    open(`${pick(chosen.title)} (${chosen.id} ${chosen.version})`, documentText(chosen.document));
  }
});
fileInput.addEventListener("change", async () => {
  const file = fileInput.files?.[0];
  fileInput.value = "";
  if (!file) return;
  try {
    state.sample = null;
    open(file.name, await file.text());
  } catch (error) {
    say(t("openFailed", { name: file.name, reason: (error as Error).message }));
  }
});
langButton.addEventListener("click", () => {
  setLang(lang() === "zh" ? "en" : "zh");
  try {
    localStorage.setItem("yiyang.workbench.lang", lang());
  } catch {
    // Storage may be off; the choice then lasts this visit.
  }
});
onLangChange(() => {
  renderAll();
  langButton.focus();
});

/** Open the document the command line was given, else GB/T 42195-2022. */
async function start(): Promise<void> {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem("yiyang.workbench.lang");
  } catch {
    stored = null;
  }
  if (stored === "en" || stored === "zh") setLang(stored as Lang);
  renderChrome();
  try {
    const response = await fetch("./document", { cache: "no-store" });
    if (response.ok && (response.headers.get("content-type") ?? "").includes("application/json")) {
      const given = (await response.json()) as { name: string; text: string };
      open(given.name, given.text);
      return;
    }
  } catch {
    // A plain static copy has no document to offer: open the default.
  }
  docSelect.value = DEFAULT_DOCUMENT.key;
  open(`${pick(DEFAULT_DOCUMENT.title)} (${DEFAULT_DOCUMENT.id} ${DEFAULT_DOCUMENT.version})`, documentText(DEFAULT_DOCUMENT.document));
}

void start();

