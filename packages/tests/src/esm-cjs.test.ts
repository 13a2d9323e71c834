/**
 * An app that ends up with both builds of the packages (a bundler's ESM import and a CommonJS
 * `require` in one process) has two copies of every module. A document loaded by one copy and an
 * error thrown by one copy must be recognised by the other: both are branded with `Symbol.for`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "tsup";
import { beforeAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const packages = join(here, "..", "..");
const out = mkdtempSync(join(tmpdir(), "yiyang-esm-cjs-"));

beforeAll(async () => {
  const entry = join(out, "entry.ts");
  writeFileSync(
    entry,
    [
      `export { assess, isInstrument, loadInstrument, safeAssess, instrumentKind } from ${JSON.stringify(join(packages, "assessment/src/index.ts"))};`,
      `export { isLoadedDocument, isYiyangError, runDocumentTests, YiyangError } from ${JSON.stringify(join(packages, "core/src/index.ts"))};`,
      `export { gbt42195Instrument } from ${JSON.stringify(join(packages, "standards/src/index.ts"))};`,
    ].join("\n"),
  );
  // Two self-contained copies of every package, one ESM and one CommonJS, as a bundle and a require would load them.
  for (const format of ["esm", "cjs"] as const) {
    await build({
      entry: { [format === "esm" ? "copy-esm" : "copy-cjs"]: entry },
      outDir: out,
      format: [format],
      platform: "node",
      target: "node20",
      noExternal: [/.*/],
      silent: true,
      clean: false,
      dts: false,
      esbuildOptions(options) {
        options.conditions = ["@yiyang/source"];
      },
    });
  }
}, 120_000);

function run(script: string): unknown {
  const file = join(out, "check.mjs");
  writeFileSync(file, script);
  return JSON.parse(execFileSync(process.execPath, [file], { cwd: out, encoding: "utf8" }));
}

describe("the ESM and the CommonJS build in one process", () => {
  it("are two copies, and each recognises the other's loaded documents and errors", () => {
    const result = run(`
      import { createRequire } from "node:module";
      import * as esm from "./copy-esm.js";
      const cjs = createRequire(import.meta.url)("./copy-cjs.cjs");
      const twoCopies = esm.YiyangError !== cjs.YiyangError;
      const gbt = esm.loadInstrument(esm.gbt42195Instrument);
      const test = gbt.document.tests.find((t) => "level" in t.expect);
      let thrown;
      try { cjs.assess(gbt, { id: "x" }); } catch (error) { thrown = error; }
      console.log(JSON.stringify({
        twoCopies,
        loadedSeenByOther: [cjs.isInstrument(gbt), cjs.isLoadedDocument(gbt), cjs.instrumentKind.is(gbt)],
        levelByOther: cjs.assess(gbt, test.record).level === test.expect.level,
        testsByOther: cjs.runDocumentTests(gbt).every((t) => t.passed),
        errorSeenByOther: [esm.isYiyangError(thrown), thrown instanceof esm.YiyangError, thrown && thrown.code],
      }));
    `);
    expect(result).toEqual({
      twoCopies: true,
      loadedSeenByOther: [true, true, true],
      levelByOther: true,
      testsByOther: true,
      // instanceof fails across copies, which is why the brand exists.
      errorSeenByOther: [true, false, "invalid_input"],
    });
  });
});
