import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AssessWorkerData, AssessWorkerResult, AssessWorkerTask } from "../../assess-worker";
import type { WholeLines } from "../../io/read-lines";

/** The built worker script beside this module (`dist/assess-worker.js`), or `null` when running from source. */
export function assessWorkerScript(): string | null {
  const dir = typeof __dirname === "string" ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (const name of ["assess-worker.js", "assess-worker.mjs", "assess-worker.cjs"]) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  return null;
}

/**
 * Score JSON Lines batches on `jobs` worker threads, round robin, and hand each batch's output
 * back in input order. At most two batches per worker are in flight, so memory stays bounded.
 *
 * @param lines - the input, in batches of whole lines (`readWholeLines`)
 * @param script - the worker script ({@link assessWorkerScript})
 * @param data - what each worker needs to load the instrument and format results
 * @param jobs - the number of worker threads
 * @param emit - given each batch's output, in order
 */
export async function assessOnWorkers(
  lines: AsyncIterable<WholeLines>,
  script: string,
  data: AssessWorkerData,
  jobs: number,
  emit: (result: AssessWorkerResult, records: number) => Promise<void>,
): Promise<void> {
  const waiting = new Map<number, { resolve: (result: AssessWorkerResult) => void; reject: (error: unknown) => void }>();
  let failure: unknown = null;
  const fail = (error: unknown) => {
    failure ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const workers = Array.from({ length: jobs }, () => {
    const worker = new Worker(script, { workerData: data });
    worker.on("message", (message: AssessWorkerResult | { ready: true }) => {
      if (!("id" in message)) return;
      waiting.get(message.id)?.resolve(message);
      waiting.delete(message.id);
    });
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (code !== 0) fail(new Error(`an assess worker stopped with exit code ${code}`));
    });
    return worker;
  });
  const queue: Array<{ result: Promise<AssessWorkerResult>; records: number }> = [];
  const next = async () => {
    const head = queue.shift() as (typeof queue)[number];
    await emit(await head.result, head.records);
  };
  try {
    let id = 0;
    for await (const batch of lines) {
      if (failure !== null) throw failure;
      const task: AssessWorkerTask = { id, first: batch.first, bytes: batch.bytes, problems: batch.problems };
      const result = new Promise<AssessWorkerResult>((resolve, reject) => waiting.set(task.id, { resolve, reject }));
      // Handed over, not copied: the batch's buffer is its own.
      (workers[id % jobs] as Worker).postMessage(task, [batch.bytes.buffer as ArrayBuffer]);
      queue.push({ result, records: batch.lines });
      id++;
      while (queue.length >= jobs * 2) await next();
    }
    while (queue.length > 0) await next();
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
