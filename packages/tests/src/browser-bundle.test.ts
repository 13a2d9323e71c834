import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assess, loadInstrument } from "@yiyang/assessment";
import { careGradeMappings, gbt42195Instrument, INSTRUMENT_DOCUMENTS, indicatorCatalogs, recordMappings, serviceCatalogs } from "@yiyang/standards";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleAssessOneRecord, bundleProblems, describeSize, UNUSED_FEATURES, UNUSED_ZOD, type AssessOneRecordBundle } from "./browser/bundle-assess-one-record";
import { SAMPLE_RECORD } from "./browser/sample-record";

const CHROMIUM = "/usr/bin/chromium";
const CSP = "script-src 'self'";
const DOCUMENTS = [...INSTRUMENT_DOCUMENTS, ...serviceCatalogs, ...careGradeMappings, ...indicatorCatalogs, ...recordMappings];

let bundle: AssessOneRecordBundle;
beforeAll(async () => {
  bundle = await bundleAssessOneRecord("source");
  console.log(`page script that assesses one GB/T 42195-2022 record, from source: ${describeSize(bundle)}`);
}, 60_000);

describe("the browser bundle that assesses one GB/T 42195-2022 record", () => {
  it("imports no Node built-in, carries only zod's English and Chinese messages and the one document it loads, within budget", () => {
    expect(bundleProblems(bundle, DOCUMENTS)).toEqual([]);
    expect(bundle.inputs.filter((path) => path.endsWith(".json"))).toEqual(["packages/standards/src/instruments/gbt42195-2022.json"]);
  });

  it("finds an unused document, a stray locale, a Node built-in and unused code when they are there", () => {
    const polluted: AssessOneRecordBundle = {
      ...bundle,
      code: `${bundle.code}${String((INSTRUMENT_DOCUMENTS[1] as { title: { en: string } }).title.en)}${UNUSED_FEATURES.map(([, marker]) => marker).join("")}`,
      inputs: [...bundle.inputs, "node_modules/zod/v4/locales/fr.js", "node_modules/zod/v4/classic/schemas.js", "node_modules/zod/v4/core/to-json-schema.js"],
      nodeBuiltins: ["node:fs (imported by x.ts)"],
    };
    expect(bundleProblems(polluted, DOCUMENTS)).toEqual([
      "imports the Node built-in node:fs (imported by x.ts)",
      "carries the zod locale fr.js",
      "carries the unused document mzt039-2013",
      ...UNUSED_FEATURES.map(([what]) => `carries ${what}, which it does not use`),
      ...UNUSED_ZOD.map(([what]) => `carries ${what}, which it does not use`),
    ]);
  });
});

describe("the page in Chromium under Content-Security-Policy: script-src 'self'", () => {
  let server: Server | undefined;
  let origin = "";
  beforeAll(async () => {
    const pages: Record<string, [type: string, body: string]> = {
      "/": ["text/html", '<!doctype html><meta charset="utf-8"><title>level</title><p id="level"></p><script type="module" src="/bundle.js"></script>'],
      "/bundle.js": ["text/javascript", bundle.code],
      // The control: a script that tries eval, which this policy must refuse and report.
      "/probe.html": ["text/html", '<!doctype html><meta charset="utf-8"><title>probe</title><p id="probe"></p><script src="/probe.js"></script>'],
      "/probe.js": ["text/javascript", 'try { new Function("return 1")(); document.getElementById("probe").textContent = "eval ran"; } catch { document.getElementById("probe").textContent = "eval refused"; }'],
    };
    server = createServer((request, response) => {
      const page = pages[request.url ?? ""];
      if (!page) return void response.writeHead(404).end();
      response.writeHead(200, { "content-type": `${page[0]}; charset=utf-8`, "content-security-policy": CSP, "cache-control": "no-store" }).end(page[1]);
    });
    await new Promise<void>((ready) => server?.listen(0, "127.0.0.1", ready));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server?.close(done));
  });

  it("assesses the record and shows its level, with no CSP violation", async (context) => {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium (apt-get install -y chromium).`);
      console.warn(`skipped: ${CHROMIUM} is missing (apt-get install -y chromium); in CI this fails.`);
      return context.skip();
    }
    const userDataDir = mkdtempSync(join(tmpdir(), "yiyang-chromium-"));
    const browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    try {
      // Runs in every page before its own scripts (injected by the browser, not subject to the page's policy).
      await browser.addInitScript({
        content: 'globalThis.violations = []; document.addEventListener("securitypolicyviolation", (e) => globalThis.violations.push(e.violatedDirective + " " + e.blockedURI));',
      });
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
      });
      page.on("pageerror", (error) => refused.push(`page error: ${error.message}`));
      const violations = () => page.evaluate(() => (globalThis as unknown as { violations: string[] }).violations);

      // The control first: the listener and the policy work, so silence below means something.
      await page.goto(`${origin}/probe.html`);
      await expect.poll(() => page.textContent("#probe")).toBe("eval refused");
      expect(await violations()).toEqual(["script-src eval"]);
      refused.length = 0;

      await page.goto(`${origin}/`);
      const gbt = loadInstrument(gbt42195Instrument);
      const expected = assess(gbt, SAMPLE_RECORD);
      await expect.poll(() => page.textContent("#level"), { timeout: 15_000 }).toBe(`${expected.level} ${expected.label.zh}`);
      expect(await violations()).toEqual([]);
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
