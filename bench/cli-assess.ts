/**
 * `yiyang assess` as a user runs it: a spawned process over a JSON Lines file of GB/T 42195
 * records. Reports lines per second and the process's peak memory, for two file sizes, so that
 * memory that grows with the input would show.
 *
 *   pnpm bench:cli            1,000,000 and 100,000 lines
 *   BENCH_QUICK=1 pnpm bench:cli   100,000 and 10,000 lines
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { binPath, buildCli } from "../packages/cli/src/spawn-cli.test-helper";
import { makeAssessmentRecords } from "./workloads/assess";

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, ".data");

async function writeRecords(lines: number): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, `gbt42195-${lines}.jsonl`);
  if (existsSync(file) && statSync(file).size > 0) return file;
  const out = createWriteStream(file);
  const batch = 10_000;
  for (let done = 0; done < lines; done += batch) {
    const records = makeAssessmentRecords(Math.min(batch, lines - done), 7 + done);
    const text = records.map((r, i) => JSON.stringify({ ...r, id: `r${done + i}` })).join("\n") + "\n";
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return file;
}

interface Run {
  lines: number;
  seconds: number;
  outputLines: number;
  maxRssMiB: number;
  code: number;
}

/** Old-space heap cap for the bounded-memory run: far below what holding a million lines would need. */
const HEAP_CAP_MIB = 48;

function runAssess(file: string, lines: number, nodeFlags: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...nodeFlags, "--import", join(here, "report-rss.mjs"), binPath, "assess", "--instrument", "gbt42195-2022", "--input", file], {
      env: { PATH: process.env.PATH ?? "", LANG: "en_US.UTF-8" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let outputLines = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) outputLines++;
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const match = /@@rss (\{.*\})/.exec(stderr);
      const maxRssKiB = match ? (JSON.parse(match[1] as string) as { maxRssKiB: number }).maxRssKiB : NaN;
      resolve({ lines, seconds, outputLines, maxRssMiB: maxRssKiB / 1024, code: code ?? -1 });
    });
  });
}

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === "1";
  const sizes = quick ? [10_000, 100_000] : [100_000, 1_000_000];
  await buildCli();
  const runs: Run[] = [];
  let largeFile = "";
  for (const lines of sizes) {
    largeFile = await writeRecords(lines);
    runs.push(await runAssess(largeFile, lines));
  }
  const capped = await runAssess(largeFile, sizes[1] as number, [`--max-old-space-size=${HEAP_CAP_MIB}`]);
  console.log("\n=== yiyang assess, spawned, over a JSON Lines file of GB/T 42195 records (output discarded)");
  console.log("lines        seconds    lines/s    peak memory  output lines  exit");
  for (const r of runs) {
    console.log(
      `${r.lines.toLocaleString("en-US").padEnd(12)} ${r.seconds.toFixed(2).padStart(7)} ${Math.round(r.lines / r.seconds).toLocaleString("en-US").padStart(10)} ${`${r.maxRssMiB.toFixed(0)} MiB`.padStart(14)} ${r.outputLines.toLocaleString("en-US").padStart(13)} ${String(r.code).padStart(5)}`,
    );
  }
  const [small, large] = runs as [Run, Run];
  const rate = large.lines / large.seconds;
  console.log(`(peak RSS also grows in a script that keeps nothing: V8 sizes its heap lazily; the bounded-heap run below is the memory test)`);
  console.log(`${rate >= 100_000 ? "PASS" : "MISS"}  cli  at least 100,000 lines/s: ${Math.round(rate).toLocaleString("en-US")} lines/s`);
  const bounded = capped.code === 0 && capped.outputLines === capped.lines;
  console.log(
    `${bounded ? "PASS" : "MISS"}  cli  constant memory: ${capped.lines.toLocaleString("en-US")} lines with the heap capped at ${HEAP_CAP_MIB} MiB ${bounded ? "completed" : `failed (exit ${capped.code})`} (peak RSS ${capped.maxRssMiB.toFixed(0)} MiB; uncapped ${small.maxRssMiB.toFixed(0)} MiB for ${small.lines.toLocaleString("en-US")} lines, ${large.maxRssMiB.toFixed(0)} MiB for ${large.lines.toLocaleString("en-US")})`,
  );
  if ([...runs, capped].some((r) => r.outputLines !== r.lines || r.code !== 0)) {
    console.log("MISS  cli  every input line must give one output line and exit 0");
    process.exitCode = 1;
  }
}

await main();
