/**
 * The workbench in a real browser: Debian's Chromium driven by playwright-core, against the page
 * built with Vite and served by `yiyang workbench` on 127.0.0.1. In CI a missing Chromium fails
 * the run; elsewhere these tests are skipped with the reason shown.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gbt42195Instrument } from "@yiyang/standards";
import axe from "axe-core";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binPath, buildCli, runBin, testDist } from "../../spawn-cli.test-helper";

// The page's globals, as the callbacks run in the page use them (this package is typed for Node).
declare const document: any;
declare const window: any;
declare const DataTransfer: any;

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`Chromium is required in CI for the workbench tests and is not at ${CHROMIUM} (.ci/run installs it).`);
const reason = hasChromium ? "" : ` (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium, or set CHROMIUM_PATH)`;
if (!hasChromium) console.warn(`workbench browser tests${reason}`);

const here = dirname(fileURLToPath(import.meta.url));
const workbenchPackage = join(here, "..", "..", "..", "..", "workbench");
const work = mkdtempSync(join(tmpdir(), "yiyang-workbench-"));
const write = (name: string, text: string): string => {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
};

/** The bundled document exactly as the page shows it. */
const publishedText = `${JSON.stringify(gbt42195Instrument, null, 2)}\n`;
/** The edit the tests type: the band edge between levels 1 and 2 moves from 66/65 to 67/66. */
const editedText = publishedText.replace('"min": 66,', '"min": 67,').replace('"max": 65,', '"max": 66,');
const publishedFile = write("gbt42195-2022.json", publishedText);
/** The version a patch bump of the bundled document gives. */
const patched = gbt42195Instrument.version.replace(/\d+$/, (n) => String(Number(n) + 1));
const editedFile = write("gbt42195-edited.json", editedText);

const ITEMS = {
  eating: 4, grooming: 4, bathing: 4, dressingUpper: 4, dressingLower: 4, urinaryControl: 4, bowelControl: 4, toileting: 4,
  bedMobility: 4, transfer: 4, walking: 4, stairs: 3,
  timeOrientation: 4, placeOrientation: 4, personOrientation: 4, memory: 4, comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2,
  vision: 2, hearing: 2, dailyAffairs: 4, transportation: 3, socialInteraction: 4,
};
/** Full marks (90, level 0) minus points taken from the self-care items. */
function record(id: string, minus = 0, items: Record<string, number> = {}) {
  const scores: Record<string, number> = { ...ITEMS, ...items };
  const keys = ["eating", "grooming", "bathing", "dressingUpper", "dressingLower", "urinaryControl", "bowelControl", "toileting"];
  for (let i = 0; i < minus; i++) scores[keys[i % 8] as string] = (scores[keys[i % 8] as string] as number) - 1;
  // The level-change inputs GB/T 42195 reads, given as none (absent would be an error).
  return { id, assessedOn: "2025-03-10", items: scores, coma: false, diseases: ["hypertension"], riskEvents: { fall: 0, wandering: 0, choking: 0, selfHarm: 0, other: 0 } };
}
const RECORDS = [record("full"), record("moves-66", 24), record("stays-65", 25), record("moves-66-too", 24), record("bad-stairs", 0, { stairs: 4 }), record("total-60", 30)];
const recordsJsonl = RECORDS.map((r) => JSON.stringify(r)).join("\n") + "\n";
const itemKeys = Object.keys(ITEMS);
const eventKeys = ["fall", "wandering", "choking", "selfHarm", "other"] as const;
const recordsCsv =
  [
    ["id", "assessedOn", ...itemKeys.map((k) => `items.${k}`), "coma", "diseases", ...eventKeys.map((k) => `riskEvents.${k}`)].join(","),
    ...RECORDS.map((r) => [r.id, r.assessedOn, ...itemKeys.map((k) => String(r.items[k])), String(r.coma), r.diseases.join(";"), ...eventKeys.map((k) => String(r.riskEvents[k]))].join(",")),
  ].join("\n") + "\n";
const jsonlFile = write("records.jsonl", recordsJsonl);
const csvFile = write("records.csv", recordsCsv);

/** The level matrix `yiyang impact` prints, as `from>to` → count. */
async function cliMatrix(input: string): Promise<{ cells: Map<string, number>; summary: string }> {
  const { stdout } = await runBin(["impact", "--before", publishedFile, "--after", editedFile, "--input", input, "--lang", "en"]);
  const lines = stdout.trim().split("\n");
  const levels = (lines[1] as string).replace("before \\ after", "").trim().split(/\s+/);
  const cells = new Map<string, number>();
  for (const line of lines.slice(2, 2 + levels.length)) {
    const [from, ...counts] = line.trim().split(/\s+/);
    counts.forEach((n, i) => cells.set(`${from}>${levels[i]}`, Number(n)));
  }
  return { cells, summary: lines[lines.length - 1] as string };
}

async function pageMatrix(page: Page): Promise<Map<string, number>> {
  const cells = await page.getByTestId("impact-matrix").locator("td").evaluateAll((tds) => tds.map((td) => [`${td.getAttribute("data-from")}>${td.getAttribute("data-to")}`, Number(td.textContent)] as const));
  return new Map(cells);
}

/** Start `yiyang workbench` on a free port; resolves with its URL. */
function startWorkbench(args: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, "workbench", "--port", "0", "--lang", "en", ...args], { env: { PATH: process.env.PATH ?? "", LANG: "en_US.UTF-8" } });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (match) resolve({ url: match[0], child });
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("exit", (code) => reject(new Error(`yiyang workbench exited with ${code}: ${err}`)));
  });
}

let server: { url: string; child: ChildProcess } | undefined;
let context: BrowserContext | undefined;
const violations: string[] = [];

async function openPage(url: string): Promise<{ page: Page; loadMs: number }> {
  violations.length = 0;
  const page = await (context as BrowserContext).newPage();
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => violations.push(`pageerror: ${error.message}`));
  await page.exposeFunction("__reportViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e: any) => {
      (window as unknown as { __reportViolation(text: string): void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const started = Date.now();
  await page.goto(url);
  await page.getByTestId("fingerprint").filter({ hasText: "sha256:" }).waitFor();
  return { page, loadMs: Date.now() - started };
}

/** Find text with the editor's search (Ctrl-F), then type over the match: the way a person edits. */
async function replaceInEditor(page: Page, find: string, replacement: string): Promise<void> {
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("Control+f");
  const search = page.locator(".cm-search input[name=search]");
  // Typed key by key: the search field takes its query on key-up.
  await search.pressSequentially(find);
  await search.press("Enter");
  await search.press("Escape");
  await page.keyboard.type(replacement);
}

async function fingerprintOf(page: Page, previous: string): Promise<string> {
  await page.waitForFunction((old) => {
    const text = document.querySelector("[data-testid=fingerprint]")?.textContent ?? "";
    return text.startsWith("sha256:") && text !== old;
  }, previous);
  return (await page.getByTestId("fingerprint").textContent()) ?? "";
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const result = (await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ["violations"] }))) as axe.AxeResults;
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

describe.skipIf(!hasChromium)(`yiyang workbench in Chromium${reason}`, () => {
  beforeAll(async () => {
    await buildCli();
    const { build } = await import("vite");
    await build({ root: workbenchPackage, configFile: join(workbenchPackage, "vite.config.ts"), logLevel: "warn", build: { outDir: join(testDist, "workbench"), emptyOutDir: true } });
    server = await startWorkbench();
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "yiyang-chromium-")), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      viewport: { width: 1400, height: 1000 },
      acceptDownloads: true,
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    server?.child.kill("SIGTERM");
  });

  it("sends a strict Content-Security-Policy and refuses other hosts", async () => {
    const response = await fetch((server as { url: string }).url);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("unsafe-inline");
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const url = new URL((server as { url: string }).url);
    const rebound = await new Promise<number>((resolve, reject) => {
      import("node:http").then(({ get }) => get({ host: "127.0.0.1", port: url.port, path: "/", headers: { host: `evil.example:${url.port}` } }, (res) => resolve(res.statusCode ?? 0)).on("error", reject), reject);
    });
    expect(rebound).toBe(421);
    expect((await fetch(new URL("/../package.json", url))).status).not.toBe(200);
  });

  it("opens GB/T 42195-2022 with the fingerprint yiyang fingerprint prints, every case passing, no CSP violation", async () => {
    const { page, loadMs } = await openPage((server as { url: string }).url);
    const timing = await page.evaluate(() => {
      const nav = (performance as any).getEntriesByType("navigation")[0] as { domContentLoadedEventEnd: number; loadEventEnd: number };
      return { domContentLoaded: Math.round(nav.domContentLoadedEventEnd), load: Math.round(nav.loadEventEnd) };
    });
    console.log(`workbench first load: fingerprint shown after ${loadMs} ms (DOMContentLoaded ${timing.domContentLoaded} ms, load ${timing.load} ms)`);
    const cli = await runBin(["fingerprint", publishedFile]);
    expect(await page.getByTestId("fingerprint").textContent()).toBe(cli.stdout.split(" ")[0]);
    expect(await page.getByTestId("version").textContent()).toBe(gbt42195Instrument.version);
    expect(await page.getByTestId("effective").textContent()).toContain("2022-12-30");
    expect(await page.getByTestId("tests-summary").textContent()).toMatch(/^\d+ 通过，0 失败$/);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await seriousViolations(page)).toEqual([]);
    // Keyboard: Tab leaves the editor for the panels (the editor does not trap it).
    await page.locator(".cm-content").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid") !== "editor" && document.activeElement !== document.body)).toBe(true);
    expect(violations).toEqual([]);
    await page.close();
  }, 60_000);

  it("edits a band edge: an issue while half done, then a case fails and the fingerprint changes to yiyang's", async () => {
    const { page } = await openPage((server as { url: string }).url);
    const before = (await page.getByTestId("fingerprint").textContent()) ?? "";
    await replaceInEditor(page, '"max": 65,', '"max": 66,');
    // Half done, the two bands overlap at 66: the document is invalid and says where.
    await page.getByTestId("issues").getByText("overlapping_bands").waitFor();
    expect(await page.getByTestId("fingerprint").textContent()).not.toMatch(/^sha256:/);
    await page.getByTestId("issues").getByRole("button", { name: /overlapping_bands/ }).first().click();
    const selected = await page.evaluate(() => String(document.querySelector("[data-testid=editor]")?.shadowRoot.getSelection()));
    expect(selected).toContain('"max": 66');
    await replaceInEditor(page, '"min": 66,', '"min": 67,');
    const after = await fingerprintOf(page, before);
    expect(after).not.toBe(before);
    const cli = await runBin(["fingerprint", editedFile]);
    expect(after).toBe(cli.stdout.split(" ")[0]);
    await page.getByTestId("test-fail").first().waitFor();
    const failing = await page.getByTestId("test-fail").allTextContents();
    expect(failing.some((text) => text.includes("level: expected 1, got 2") || text.includes("level：期望 1，实际为 2"))).toBe(true);
    const cliTest = await runBin(["test", editedFile]);
    const cliFailed = Number(/(\d+) failed/.exec(cliTest.stdout)?.[1]);
    expect(await page.getByTestId("tests-summary").textContent()).toMatch(new RegExp(`, ?${cliFailed} 失败$|，${cliFailed} 失败$`));
    const diff = await page.getByTestId("diff").textContent();
    expect(diff).toContain("/preliminaryLevel/bands/1/min");
    expect(diff).toContain("66 → 67");

    // Drop a sample file: the matrix is yiyang impact's, cell by cell; then ask why a record moves.
    const transfer = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], "records.jsonl", { type: "application/x-ndjson" }));
      return data;
    }, recordsJsonl);
    await page.dispatchEvent("[data-testid=drop-zone]", "drop", { dataTransfer: transfer });
    await page.getByTestId("impact-matrix").waitFor();
    const jsonl = await cliMatrix(jsonlFile);
    expect(await pageMatrix(page)).toEqual(jsonl.cells);
    expect(jsonl.cells.get("1>2")).toBe(2);
    expect(await page.getByTestId("impact-summary").textContent()).toBe("共 6 条记录：2 条等级改变，3 条不变，1 条无效（未计分）。");
    expect(jsonl.summary).toBe("6 records: 2 change level, 3 keep it, 1 invalid (not scored).");
    await page.getByTestId("moved").getByTestId("explain").first().click();
    const why = (await page.getByTestId("explanation").textContent()) ?? "";
    expect(why).toContain("moves-66");
    expect(why).toContain("66");
    expect(await seriousViolations(page)).toEqual([]);

    // The same records as CSV, read with csv-parse in the page, give the same matrix as the CLI's CSV reader.
    await page.locator("#sample-open").setInputFiles(csvFile);
    await page.getByTestId("sample-name").getByText("records.csv").waitFor();
    await page.getByTestId("impact-matrix").waitFor();
    expect(await pageMatrix(page)).toEqual((await cliMatrix(csvFile)).cells);

    // Switch to English: the same numbers, in English words.
    await page.getByTestId("lang-toggle").click();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("h1").textContent()).toBe("Yiyang rule workbench");
    expect(await page.getByTestId("tests-summary").textContent()).toMatch(new RegExp(`^\\d+ passed, ${cliFailed} failed$`));
    expect(await page.getByTestId("impact-summary").textContent()).toBe("6 records: 2 change level, 3 keep it, 1 invalid (not scored).");
    expect(await seriousViolations(page)).toEqual([]);

    // Save with a patch bump: the file downloaded is the edit with its patch version bumped, with the fingerprint the page announced.
    await page.locator("#bump-patch").check();
    const announced = (await page.getByTestId("save-fingerprint").textContent()) ?? "";
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
    expect(download.suggestedFilename()).toBe(`gbt42195-2022-${patched}.json`);
    const savedFile = join(work, "saved.json");
    await download.saveAs(savedFile);
    const saved = JSON.parse(readFileSync(savedFile, "utf8")) as { version: string };
    expect(saved.version).toBe(patched);
    expect(readFileSync(savedFile, "utf8")).toBe(editedText.replace(`"version": "${gbt42195Instrument.version}"`, `"version": "${patched}"`));
    expect(announced).toBe((await runBin(["fingerprint", savedFile])).stdout.split(" ")[0]);
    expect(violations).toEqual([]);
    await page.close();
  }, 120_000);

  it("opens the file it is given, with yiyang's fingerprint", async () => {
    const given = await startWorkbench([editedFile]);
    try {
      const { page } = await openPage(given.url);
      expect(await page.getByTestId("fingerprint").textContent()).toBe((await runBin(["fingerprint", editedFile])).stdout.split(" ")[0]);
      expect(await page.locator("#editor-heading").textContent()).toBe("gbt42195-edited.json");
      expect(await page.getByTestId("diff-none").count()).toBe(1);
      expect(violations).toEqual([]);
      await page.close();
    } finally {
      given.child.kill("SIGTERM");
    }
  }, 60_000);

  it("opens a file with a duplicate key and shows the issue at the second key, as core's strict reader finds it", async () => {
    const duplicated = write("duplicated.json", editedText.replace(`"version": "${gbt42195Instrument.version}",`, `"version": "${gbt42195Instrument.version}",\n  "version": "${patched}",`));
    const given = await startWorkbench([duplicated]);
    try {
      const page = await (context as BrowserContext).newPage();
      await page.goto(given.url);
      await page.getByTestId("issues").getByText("duplicate_key").waitFor();
      expect(await page.getByTestId("fingerprint").textContent()).not.toMatch(/^sha256:/);
      await page.getByTestId("issues").getByRole("button", { name: /duplicate_key/ }).click();
      const selected = await page.evaluate(() => String(document.querySelector("[data-testid=editor]")?.shadowRoot.getSelection()));
      expect(selected).toBe(`"version": "${patched}"`);
      await page.close();
    } finally {
      given.child.kill("SIGTERM");
    }
  }, 60_000);
});
