import { loadInstrument, type Instrument } from "@yiyang/assessment";
import { isYiyangError, selectVersion, type Issue } from "@yiyang/core";
import { INSTRUMENT_DOCUMENTS, INSTRUMENT_IDS } from "@yiyang/standards";
import { readJsonFile, UsageError, type CliIo } from "./cli-io";

/** Turn an invalid-document error (or its issues) into a usage error that lists every issue with its path. */
export function documentError(error: unknown, what: string): never {
  const issues: readonly Issue[] | null = Array.isArray(error) ? (error as Issue[]) : isYiyangError(error) ? error.issues : null;
  if (issues !== null) {
    const lines = issues.filter((i) => i.severity === "error").map((i) => `  ${what}:${i.path || "/"} ${i.code} ${i.message}`);
    const linesZh = issues.filter((i) => i.severity === "error").map((i) => `  ${what}:${i.path || "/"} ${i.code} ${i.messageZh}`);
    throw new UsageError(`${what} is not a valid document:\n${lines.join("\n")}`, `${what} 不是有效的文档：\n${linesZh.join("\n")}`);
  }
  throw error;
}

/**
 * The versions of an instrument named on the command line: a bundled id (`gbt42195-2022` …) or
 * the path of a document file (one document, or an array of versions).
 */
export async function resolveInstrument(io: CliIo, spec: string | undefined, asOf?: string): Promise<Instrument[]> {
  if (spec === undefined) {
    throw new UsageError(`--instrument is required: one of ${INSTRUMENT_IDS.join(", ")}, or a document file.`, `必须给出 --instrument：${INSTRUMENT_IDS.join("、")} 之一，或文档文件路径。`);
  }
  let documents: unknown[];
  let what = spec;
  if ((INSTRUMENT_IDS as readonly string[]).includes(spec)) {
    documents = INSTRUMENT_DOCUMENTS.filter((d) => d.id === spec);
    what = `${spec} (bundled)`;
  } else if (spec.endsWith(".json")) {
    const parsed = await readJsonFile(io, spec);
    documents = Array.isArray(parsed) ? parsed : [parsed];
  } else {
    throw new UsageError(`Unknown instrument "${spec}": use one of ${INSTRUMENT_IDS.join(", ")}, or a .json file.`, `未知评估工具 "${spec}"：请用 ${INSTRUMENT_IDS.join("、")} 之一，或 .json 文件。`);
  }
  let instruments: Instrument[];
  try {
    instruments = documents.map((d) => loadInstrument(d));
  } catch (error) {
    documentError(error, what);
  }
  if (asOf !== undefined) {
    try {
      return [selectVersion(instruments, asOf)];
    } catch (error) {
      if (isYiyangError(error)) throw new UsageError(error.message, error.messageZh);
      throw error;
    }
  }
  return instruments;
}

/** Parse `--flag name=true` options into policy flags. */
export function parseFlags(values: unknown): Record<string, boolean> {
  const flags: Record<string, boolean> = {};
  for (const entry of (Array.isArray(values) ? values : []) as string[]) {
    const match = /^([A-Za-z][\w]*)=(true|false)$/.exec(entry);
    if (!match) throw new UsageError(`--flag takes name=true or name=false, not "${entry}".`, `--flag 的格式是 名称=true 或 名称=false，而不是 "${entry}"。`);
    flags[match[1] as string] = match[2] === "true";
  }
  return flags;
}

/**
 * A document named on the command line: the id of a bundled one, or a `.json` file; loaded (and
 * so validated) with `load`. Problems are usage errors listing every issue.
 */
export async function resolveBundledDocument<T>(
  io: CliIo,
  option: string,
  spec: string | undefined,
  bundled: ReadonlyArray<{ id: string }>,
  load: (document: unknown) => T,
): Promise<T> {
  const ids = bundled.map((d) => d.id).join(", ");
  if (spec === undefined) throw new UsageError(`${option} is required: ${ids}, or a document file.`, `必须给出 ${option}：${ids}，或文档文件。`);
  const document = bundled.find((d) => d.id === spec) ?? (spec.endsWith(".json") ? await readJsonFile(io, spec) : undefined);
  if (document === undefined) throw new UsageError(`Unknown document "${spec}" for ${option}: use ${ids}, or a .json file.`, `${option} 的文档 "${spec}" 未知：请用 ${ids}，或 .json 文件。`);
  try {
    return load(document);
  } catch (error) {
    documentError(error, spec);
  }
}
