import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AssessWorkerData, AssessWorkerResult, AssessWorkerTask } from "../../assess-worker";
import type { InputLine } from "../../io/read-lines";

/** About this much text goes to a worker in one message. */
const TASK_CHARS = 512 * 1024;

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
 * @param lines - the input, a batch of lines per chunk read
 * @param script - the worker script ({@link assessWorkerScript})
 * @param data - what each worker needs to load the instrument and format results
 * @param jobs - the number of worker threads
 * @param emit - given each batch's output, in order
 */
export async function assessOnWorkers(
  lines: AsyncIterable<InputLine[]>,
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
    let text = "";
    let first = 0;
    let count = 0;
    let problems: InputLine[] = [];
    const send = async () => {
      const task: AssessWorkerTask = { id, first, text, problems };
      const result = new Promise<AssessWorkerResult>((resolve, reject) => waiting.set(task.id, { resolve, reject }));
      (workers[id % jobs] as Worker).postMessage(task);
      queue.push({ result, records: count });
      id++;
      text = "";
      count = 0;
      problems = [];
      while (queue.length >= jobs * 2) await next();
    };
    for await (const batch of lines) {
      if (failure !== null) throw failure;
      for (let i = 0; i < batch.length; i++) {
        const entry = batch[i] as InputLine;
        if (count === 0) first = entry.line;
        // A line never holds \n, so the worker can split the task again.
        text += count === 0 ? (entry.text ?? "") : `\n${entry.text ?? ""}`;
        if (entry.text === null) problems.push(entry);
        count++;
      }
      // A message costs tens of microseconds whatever its size: send a few chunks' worth at once.
      if (text.length >= TASK_CHARS) await send();
    }
    if (count > 0) await send();
    while (queue.length > 0) await next();
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
