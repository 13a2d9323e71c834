import { isBuiltin } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { recordMappingKind } from "@yiyang/assessment";
import { build, type Plugin } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

/** The page script that is bundled. */
export const ENTRY = join(here, "assess-one-record.ts");

/**
 * The budget for the page script, gzip-compressed: 64 KB. Two thirds of the page is the document
 * itself (its rules, labels in two languages and 57 test cases) and the code that loads and runs it;
 * every zod locale or every bundled document coming back would add 30 KB or more.
 */
export const GZIP_BUDGET = 64 * 1024;

/** The zod locales a page may carry: zod's own English default and the Chinese messages core uses. */
const ALLOWED_LOCALES = ["en.js", "zh-CN.js"];

/**
 * Code the page has no use for, each found by text it cannot be without: the page scores a record
 * in the interchange format, with no vendor mapping.
 */
export const UNUSED_FEATURES: ReadonlyArray<readonly [what: string, marker: string]> = [["the record-mapping kind", recordMappingKind.title.en]];

/**
 * Parts of zod the page has no use for, by the files they are in: the classic API (the instrument
 * kind is built with `zod/mini`, see `@yiyang/core/mini`) and the JSON Schema generator (editors'
 * schemas come from `documentJsonSchema`, which a page that scores does not call).
 */
export const UNUSED_ZOD: ReadonlyArray<readonly [what: string, file: RegExp]> = [
  ["zod's classic API", /zod\/v4\/classic\//],
  ["zod's JSON Schema generator", /zod\/v4\/core\/(?:to-json-schema|json-schema-processors)\.js$/],
];

/** A minified browser bundle of {@link ENTRY} and what went into it. */
export interface AssessOneRecordBundle {
  code: string;
  raw: number;
  gzip: number;
  /** The files with code in the bundle (not those tree-shaken away), relative to the repository root. */
  inputs: string[];
  /** Node built-in modules something imported (there must be none). */
  nodeBuiltins: string[];
}

/**
 * Bundle the page script for browsers, minified, as an app's bundler would: from the packages'
 * source (`@yiyang/source`, what the tests run) or from their built `dist` (what npm users get).
 */
export async function bundleAssessOneRecord(from: "source" | "dist"): Promise<AssessOneRecordBundle> {
  const nodeBuiltins = new Set<string>();
  const recordBuiltins: Plugin = {
    name: "record-node-builtins",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!isBuiltin(args.path)) return undefined;
        nodeBuiltins.add(`${args.path} (imported by ${args.importer})`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    // Chinese text as UTF-8, as a page is served, not as \u escapes (twice the bytes).
    charset: "utf8",
    legalComments: "none",
    conditions: from === "source" ? ["@yiyang/source"] : [],
    metafile: true,
    logLevel: "silent",
    absWorkingDir: join(here, "..", "..", "..", ".."),
    plugins: [recordBuiltins],
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("esbuild wrote no bundle");
  const code = file.text;
  return {
    code,
    raw: Buffer.byteLength(code),
    gzip: gzipSync(code, { level: 9 }).length,
    inputs: Object.values(result.metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    ),
    nodeBuiltins: [...nodeBuiltins],
  };
}

/**
 * What is wrong with a bundle: over budget, a Node built-in, a zod locale other than English and
 * Chinese, a bundled document other than GB/T 42195-2022 (each found by its English title), or
 * one of the {@link UNUSED_FEATURES} or {@link UNUSED_ZOD}.
 */
export function bundleProblems(bundle: AssessOneRecordBundle, documents: ReadonlyArray<{ id: string; title: { en: string } }>): string[] {
  const problems: string[] = [];
  if (bundle.gzip > GZIP_BUDGET) problems.push(`${describeSize(bundle)}: over the budget of ${(GZIP_BUDGET / 1024).toFixed(0)} KB gzip`);
  for (const builtin of bundle.nodeBuiltins) problems.push(`imports the Node built-in ${builtin}`);
  const locales = bundle.inputs.filter((path) => /zod\/v4\/locales\//.test(path)).map((path) => path.split("/").pop() as string);
  for (const locale of locales) if (!ALLOWED_LOCALES.includes(locale)) problems.push(`carries the zod locale ${locale}`);
  for (const document of documents) {
    const present = bundle.code.includes(document.title.en);
    if (document.id === "gbt42195-2022" && !present) problems.push("does not carry the GB/T 42195-2022 document");
    if (document.id !== "gbt42195-2022" && present) problems.push(`carries the unused document ${document.id}`);
  }
  for (const [what, marker] of UNUSED_FEATURES) if (bundle.code.includes(marker)) problems.push(`carries ${what}, which it does not use`);
  for (const [what, file] of UNUSED_ZOD) if (bundle.inputs.some((path) => file.test(path))) problems.push(`carries ${what}, which it does not use`);
  return problems;
}

/** Sizes as people read them: `253.1 KB raw, 71.0 KB gzip`. */
export function describeSize(bundle: Pick<AssessOneRecordBundle, "raw" | "gzip">): string {
  return `${(bundle.raw / 1024).toFixed(1)} KB raw, ${(bundle.gzip / 1024).toFixed(1)} KB gzip`;
}
