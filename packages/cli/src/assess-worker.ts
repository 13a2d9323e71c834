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

/** One batch: lines `first`, `first + 1` …; a line the reader could not give as text is in `problems`. @internal */
export interface AssessWorkerTask {
  id: number;
  first: number;
  texts: Array<string | null>;
  problems: InputLine[];
}

/** A batch's output. @internal */
export interface AssessWorkerResult {
  id: number;
  text: string;
  invalid: number;
}

async function start(port: NonNullable<typeof parentPort>, data: AssessWorkerData): Promise<void> {
  const io = { cwd: data.cwd } as CliIo;
  const context: AssessBatchContext = { instrument: await resolveInstrument(io, data.instrument, data.asOf), flags: data.flags, format: data.format, lang: data.lang };
  port.on("message", (task: AssessWorkerTask) => {
    const records: InputRecord[] = new Array(task.texts.length);
    let problem = 0;
    for (let i = 0; i < task.texts.length; i++) {
      const text = task.texts[i] as string | null;
      const entry: InputLine = text === null ? (task.problems[problem++] as InputLine) : { line: task.first + i, text };
      records[i] = recordOfJsonLine(entry, true);
    }
    const { text, invalid } = assessBatch(records, context);
    port.postMessage({ id: task.id, text, invalid } satisfies AssessWorkerResult);
  });
  port.postMessage({ ready: true });
}

const data = workerData as AssessWorkerData | undefined;
if (parentPort !== null && data?.kind === "yiyang-assess-worker") void start(parentPort, data);
