/**
 * `yiyang assess` as a user runs it: a spawned process over a JSON Lines file of GB/T 42195
 * records, against the floor measured in the same run, round by round: a bare JSON.parse +
 * JSON.stringify line loop over the same file (bench/json-lines-floor.mjs). Reports lines per
 * second, CPU time per line and peak memory, the ratio to the floor (target: assess at 75% of the
 * floor's speed or better), and a run with the heap capped far below the input's size, so that
 * memory that grows with the input would show.
 *
 *   pnpm bench:cli                 300,000 lines, 5 rounds
 *   BENCH_QUICK=1 pnpm bench:cli   50,000 lines, 3 rounds
 *   BENCH_JOBS=2 pnpm bench:cli    also `assess --jobs 2` (worker threads)
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
  seconds: number;
  cpuSeconds: number;
  outputLines: number;
  maxRssMiB: number;
  code: number;
}

/** Old-space heap cap for the bounded-memory run: far below what holding the input would need. */
const HEAP_CAP_MIB = 48;

function run(args: string[], nodeFlags: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...nodeFlags, "--import", join(here, "report-rss.mjs"), ...args], {
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
      const usage = match ? (JSON.parse(match[1] as string) as { maxRssKiB: number; userMicros?: number; systemMicros?: number }) : null;
      resolve({
        seconds,
        cpuSeconds: usage ? ((usage.userMicros ?? NaN) + (usage.systemMicros ?? NaN)) / 1e6 : NaN,
        outputLines,
        maxRssMiB: usage ? usage.maxRssKiB / 1024 : NaN,
        code: code ?? -1,
      });
    });
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const format = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === "1";
  const lines = quick ? 50_000 : 300_000;
  const rounds = quick ? 3 : 5;
  const jobs = Number(process.env.BENCH_JOBS ?? 0);
  await buildCli();
  const file = await writeRecords(lines);
  const assessArgs = [binPath, "assess", "--instrument", "gbt42195-2022", "--input", file];
  const contenders: Array<{ name: string; args: string[] }> = [
    { name: "floor: JSON.parse + JSON.stringify", args: [join(here, "json-lines-floor.mjs"), file] },
    { name: "yiyang assess", args: assessArgs },
    ...(jobs > 1 ? [{ name: `yiyang assess --jobs ${jobs}`, args: [...assessArgs, "--jobs", String(jobs)] }] : []),
  ];
  const runs = new Map<string, Run[]>(contenders.map((c) => [c.name, []]));
  // Interleaved, round by round, so a machine that slows down or speeds up weighs on every contender alike.
  for (let round = 0; round < rounds; round++) {
    for (const contender of contenders) (runs.get(contender.name) as Run[]).push(await run(contender.args));
  }
  const floor = runs.get(contenders[0]?.name as string) as Run[];
  console.log(`\n=== yiyang assess, spawned, over ${format(lines)} JSON Lines records of GB/T 42195 (output read and discarded), ${rounds} rounds`);
  console.log("contender                              lines/s (median, range)          CPU µs/line   peak memory   speed vs floor (median, range)");
  for (const contender of contenders) {
    const list = runs.get(contender.name) as Run[];
    const rates = list.map((r) => lines / r.seconds);
    const cpu = median(list.map((r) => (r.cpuSeconds * 1e6) / lines));
    // Speed relative to the floor of the same round: floor time / this time.
    const ratios = list.map((r, i) => (floor[i] as Run).seconds / r.seconds);
    console.log(
      `${contender.name.padEnd(38)} ${format(median(rates)).padStart(9)} (${format(Math.min(...rates))}–${format(Math.max(...rates))})`.padEnd(72) +
        `${format(cpu, 2).padStart(8)}   ${`${format(median(list.map((r) => r.maxRssMiB)))} MiB`.padStart(11)}   ${format(median(ratios), 2)} (${format(Math.min(...ratios), 2)}–${format(Math.max(...ratios), 2)})`,
    );
  }
  const assessRatio = median((runs.get("yiyang assess") as Run[]).map((r, i) => (floor[i] as Run).seconds / r.seconds));
  const cpuRatio = median(floor.map((r) => r.cpuSeconds)) / median((runs.get("yiyang assess") as Run[]).map((r) => r.cpuSeconds));
  console.log(`${assessRatio >= 0.75 ? "PASS" : "MISS"}  cli  assess at least 75% of the floor's speed: ${format(assessRatio * 100)}% by wall time (${format(cpuRatio * 100)}% by CPU time)`);

  const capped = await run(assessArgs, [`--max-old-space-size=${HEAP_CAP_MIB}`]);
  const bounded = capped.code === 0 && capped.outputLines === lines;
  console.log(
    `${bounded ? "PASS" : "MISS"}  cli  constant memory: ${format(lines)} lines with the heap capped at ${HEAP_CAP_MIB} MiB ${bounded ? "completed" : `failed (exit ${capped.code})`} (peak RSS ${format(capped.maxRssMiB)} MiB)`,
  );
  const all = [...runs.entries()].flatMap(([name, list]) => list.map((r) => ({ name, r })));
  if ([...all.filter((x) => x.name !== contenders[0]?.name).map((x) => x.r), capped].some((r) => r.outputLines !== lines || r.code !== 0)) {
    console.log("MISS  cli  every input line must give one output line and exit 0");
    process.exitCode = 1;
  }
}

await main();
