/**
 * A worker thread of `yiyang assess --jobs N`: it loads the instrument itself, then turns each batch
 * of JSON Lines text it is sent into the batch's output text, exactly as the main thread would.
 * @internal
 */
import { parentPort, workerData } from "node:worker_threads";
import { assessBatch, type AssessBatchContext, type OutputFormat } from "./commands/assess/assess-batch";
import type { CliIo, Lang } from "./cli-io";
import { LineSplitter, type InputLine } from "./io/read-lines";
import { recordOfJsonLine, type InputRecord } from "./io/read-records";
import { resolveInstrument } from "./resolve-documents";

/** What the main thread gives each worker. @internal */
export interface AssessWorkerData {
  kind: "yiyang-assess-worker";
  instrument: string;
  asOf: string | undefined;
  flags: Record<string, boolean>;
  format: OutputFormat;
  lang: Lang;
  cwd: string;
}

/**
 * One batch: the UTF-8 bytes of lines `first`, `first + 1` … as read, handed over without a copy
 * and split here; a line too long to hold is empty there and given in `problems`.
 * @internal
 */
export interface AssessWorkerTask {
  id: number;
  first: number;
  bytes: Uint8Array;
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
    // Split as the main thread would: the bytes are whole lines from the middle of the input.
    const splitter = new LineSplitter({ firstLine: task.first, keepByteOrderMark: true });
    const lines = splitter.push(task.bytes);
    for (const last of splitter.end()) lines.push(last);
    const records: InputRecord[] = new Array(lines.length);
    let problem = 0;
    for (let i = 0; i < lines.length; i++) {
      const next = task.problems[problem];
      let entry = lines[i] as InputLine;
      if (next !== undefined && next.line === entry.line) {
        entry = next;
        problem++;
      }
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
