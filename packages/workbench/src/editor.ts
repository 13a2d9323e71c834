/**
 * The code editor: CodeMirror 6 with JSON, schema completion and the document's issues as
 * diagnostics. It lives in a shadow root, where CodeMirror's styles go into constructed style
 * sheets: a `<style>` element would need `style-src 'unsafe-inline'` under the page's policy.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import { bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { jsonSchemaCompletion } from "./schema-completion";

/** What the page needs of the editor. */
export interface Editor {
  /** The current text. */
  text(): string;
  /** Replace the whole text (a newly opened document); the undo history starts again. */
  setText(text: string): void;
  /** Show these diagnostics. */
  showDiagnostics(diagnostics: Diagnostic[]): void;
  /** Select a range, scroll it into view and focus the editor. */
  select(from: number, to: number): void;
  /** Set the editor's accessible name. */
  setLabel(label: string): void;
}

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "13px", backgroundColor: "#fff" },
  ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Noto Sans Mono CJK SC', monospace", lineHeight: "1.5" },
  "&.cm-focused": { outline: "2px solid #1d4ed8", outlineOffset: "-2px" },
  ".cm-gutters": { backgroundColor: "#f6f7f9", color: "#4b5563", borderRight: "1px solid #d1d5db" },
  ".cm-activeLine": { backgroundColor: "#eef2ff" },
  ".cm-tooltip-autocomplete ul li[aria-selected]": { backgroundColor: "#1d4ed8", color: "#fff" },
  ".cm-diagnostic-error": { borderLeftColor: "#b91c1c" },
  ".cm-diagnostic-warning": { borderLeftColor: "#92400e" },
});

/**
 * Mount an editor in a host element.
 *
 * @param host - the element whose shadow root holds the editor
 * @param options - the first text, what to call on every change, and the schema in force
 */
export function createEditor(host: HTMLElement, options: { text: string; onChange(text: string): void; schema(): Record<string, unknown> | null; label: string }): Editor {
  const root = host.attachShadow({ mode: "open" });
  const label = new Compartment();
  let currentLabel = options.label;
  const extensions = () => [
    lineNumbers(),
    highlightActiveLineGutter(),
    foldGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    bracketMatching(),
    closeBrackets(),
    autocompletion({ override: [jsonSchemaCompletion(options.schema)], icons: false }),
    highlightActiveLine(),
    highlightSelectionMatches(),
    json(),
    lintGutter(),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap, ...lintKeymap]),
    label.of(EditorView.contentAttributes.of({ "aria-label": currentLabel, tabindex: "0" })),
    theme,
    EditorView.updateListener.of((update) => {
      if (update.docChanged) options.onChange(update.state.doc.toString());
    }),
  ];
  const view = new EditorView({ state: EditorState.create({ doc: options.text, extensions: extensions() }), parent: root, root });
  return {
    text: () => view.state.doc.toString(),
    setText(text) {
      view.setState(EditorState.create({ doc: text, extensions: extensions() }));
    },
    showDiagnostics(diagnostics) {
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    select(from, to) {
      const max = view.state.doc.length;
      view.dispatch({ selection: { anchor: Math.min(from, max), head: Math.min(to, max) }, scrollIntoView: true });
      view.focus();
    },
    setLabel(text) {
      currentLabel = text;
      view.dispatch({ effects: label.reconfigure(EditorView.contentAttributes.of({ "aria-label": text, tabindex: "0" })) });
    },
  };
}
