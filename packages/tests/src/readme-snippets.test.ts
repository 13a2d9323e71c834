import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Every TypeScript snippet in the README and the package READMEs type-checks against the packages'
 * source, under the project's strict settings, and calls nothing deprecated (an old calling
 * convention is a deprecated overload, which type-checks but is reported here). Names a snippet
 * takes as given (`record`, a `line` of a file …) are declared before it.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const GIVEN: Record<string, string> = {
  record: "unknown",
  line: "string",
  people: "readonly unknown[]",
  facilities: "readonly unknown[]",
  stays: "readonly unknown[]",
};

/** The snippet with a declaration of each given name it uses and does not declare, on its first line. */
function withGiven(code: string): string {
  const declared = Object.entries(GIVEN)
    .filter(([name]) => new RegExp(`\\b${name}\\b`).test(code) && !new RegExp(`\\b(const|let|var)\\s+${name}\\b`).test(code))
    .map(([name, type]) => `declare const ${name}: ${type};`);
  return `${declared.join(" ")}\n${code}\nexport {};\n`;
}

const READMES = ["README.md", ...readdirSync(join(root, "packages")).map((p) => `packages/${p}/README.md`)].filter((file) => {
  try {
    readFileSync(join(root, file));
    return true;
  } catch {
    return false;
  }
});

interface Snippet {
  name: string;
  file: string;
  code: string;
}

const snippets: Snippet[] = READMES.flatMap((readme) =>
  [...readFileSync(join(root, readme), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({
    name: `${readme} #${i + 1}`,
    // Beside the cross-package tests, so that the packages resolve as they do for them.
    file: join(root, "packages", "tests", "src", `readme-snippet-${readme.replace(/[/.]/g, "-")}-${i + 1}.ts`),
    code: withGiven(m[1] as string),
  })),
);

function diagnose(files: readonly Snippet[]): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error("cannot read tsconfig.json");
  const byFile = new Map(files.map((s) => [s.file, s.code]));
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => config.options,
    getScriptFileNames: () => [...byFile.keys()],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const text = byFile.get(name) ?? ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => root,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => byFile.has(name) || ts.sys.fileExists(name),
    readFile: (name) => byFile.get(name) ?? ts.sys.readFile(name),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host);
  const found = new Map<string, string[]>();
  for (const snippet of files) {
    const diagnostics = [
      ...service.getSyntacticDiagnostics(snippet.file),
      ...service.getSemanticDiagnostics(snippet.file),
      // 6385/6387: a deprecated declaration or overload is used.
      ...service.getSuggestionDiagnostics(snippet.file).filter((d) => d.reportsDeprecated),
    ];
    found.set(
      snippet.name,
      diagnostics.map((d) => {
        const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
        return `line ${at}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
      }),
    );
  }
  return found;
}

describe("the READMEs' TypeScript snippets", () => {
  it("are found in the README and the package READMEs", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(6);
    expect(snippets.map((s) => s.name)).toContain("README.md #1");
  });

  it("type-check and use no deprecated call", () => {
    const found = diagnose(snippets);
    expect(Object.fromEntries(found)).toEqual(Object.fromEntries(snippets.map((s) => [s.name, []])));
  }, 120_000);

  it("report an old calling convention and a type error when there is one", () => {
    const broken: Snippet = {
      name: "broken",
      file: join(root, "packages", "tests", "src", "readme-snippet-broken.ts"),
      code: withGiven('import { assess, loadInstrument } from "@yiyang/assessment";\nimport { gbt42195Instrument } from "@yiyang/standards";\nconst gbt = loadInstrument(gbt42195Instrument);\nassess(record, { instrument: gbt });\nconst n: number = "x";'),
    };
    const problems = diagnose([broken]).get("broken") ?? [];
    expect(problems.some((p) => p.startsWith("line 4:") && /deprecated/.test(p))).toBe(true);
    expect(problems.some((p) => p.startsWith("line 5:") && /not assignable/.test(p))).toBe(true);
  }, 120_000);
});

/**
 * A snippet made runnable: its `record` is the one the snippet or the text before it names
 * (`record: <id> of <file>`), and
 * each `expression; //=> value` line whose value is written out in full (no `…`) becomes a check.
 */
function runnable(code: string, before: string): { source: string; checks: number } | null {
  const named = /record: (\S+) of ([^\s`]+)/.exec(before) ?? /record: (\S+) of ([^\s`]+)/.exec(code);
  if (!named) return null;
  const records = readFileSync(join(root, named[2] as string), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { id: string });
  const record = records.find((r) => r.id === named[1]);
  if (!record) throw new Error(`${named[2]} has no record ${named[1]}`);
  let checks = 0;
  const body = code.split("\n").map((line) => {
    const claim = /^(.+?);\s*\/\/=>\s*(.+)$/.exec(line);
    if (!claim || (claim[2] as string).includes("…")) return line;
    checks++;
    return `expect(${claim[1]}, ${JSON.stringify(line)}).toEqual(${claim[2]});`;
  });
  return { source: `import { expect } from "vitest";\nconst record: unknown = ${JSON.stringify(record)};\n${body.join("\n")}\nexport {};\n`, checks };
}

describe("the README's example", () => {
  it("gives the values it shows, for the sample record it names", async () => {
    const snippet = snippets.find((s) => s.name === "README.md #1");
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const block = /```ts\n([\s\S]*?)```/.exec(readme);
    const made = runnable(block?.[1] ?? "", readme.slice(0, block?.index ?? 0).split("\n## ").pop() ?? "");
    expect(snippet && made).toBeTruthy();
    expect(made?.checks).toBeGreaterThanOrEqual(2);
    const folder = join(root, "packages", "tests", ".readme-run");
    mkdirSync(folder, { recursive: true });
    const file = join(folder, "readme-example.ts");
    writeFileSync(file, made?.source ?? "");
    try {
      await import(pathToFileURL(file).href);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
