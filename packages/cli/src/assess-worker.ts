/**
 * A worker thread of `yiyang assess --jobs N`: it loads the instrument itself, then turns each batch
 * of JSON Lines text it is sent into the batch's output text, exactly as the main thread would.
 * @internal
 */
import { parentPort, workerData } from "node:worker_threads";
import { assessBatch, type AssessBatchContext, type OutputFormat } from "./commands/assess/assess-batch";
import type { CliIo, Lang } from "./cli-io";
import type { InputLine } from "./io/read-lines";
import { recordOfJsonLine, type InputRecord } from "./io/read-records";
import { resolveInstrument } from "./resolve-documents";

/** What the main thread gives each worker. @internal */
export interface AssessWorkerData {
  kind: "yiyang-assess-worker";
  instrument: string | undefined;
  asOf: string | undefined;
  flags: Record<string, boolean>;
  format: OutputFormat;
  lang: Lang;
  cwd: string;
}

/**
 * One batch: lines `first`, `first + 1` … joined by `\n` into one string (one copy to send, not
 * one per line); a line the reader could not give as text is empty there and given in `problems`.
 * @internal
 */
export interface AssessWorkerTask {
  id: number;
  first: number;
  text: string;
  problems: InputLine[];
}

/** A batch's output as UTF-8, encoded on the worker and handed over without a copy. @internal */
export interface AssessWorkerResult {
  id: number;
  bytes: Uint8Array;
  invalid: number;
  /** Whether a result of the batch rests on provisional content. */
  provisional: boolean;
}

async function start(port: NonNullable<typeof parentPort>, data: AssessWorkerData): Promise<void> {
  const io = { cwd: data.cwd } as CliIo;
  const context: AssessBatchContext = { instrument: await resolveInstrument(io, data.instrument, data.asOf), flags: data.flags, format: data.format, lang: data.lang };
  port.on("message", (task: AssessWorkerTask) => {
    const texts = task.text.split("\n");
    const records: InputRecord[] = new Array(texts.length);
    let problem = 0;
    for (let i = 0; i < texts.length; i++) {
      const next = task.problems[problem];
      const line = task.first + i;
      const entry: InputLine = next !== undefined && next.line === line ? ((problem++, next) as InputLine) : { line, text: texts[i] as string };
      records[i] = recordOfJsonLine(entry, true);
    }
    const { bytes, invalid, provisional } = assessBatch(records, context);
    // Handed over, not copied: the builder's buffers are its own, never Node's pool. A plain
    // Uint8Array view goes through postMessage several times faster than a Buffer.
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    port.postMessage({ id: task.id, bytes: view, invalid, provisional } satisfies AssessWorkerResult, [view.buffer as ArrayBuffer]);
  });
  port.postMessage({ ready: true });
}

const data = workerData as AssessWorkerData | undefined;
if (parentPort !== null && data?.kind === "yiyang-assess-worker") void start(parentPort, data);
