import { createIssue, parseJson, type Issue } from "@yiyang/core";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { cannotRead, readJsonFile, UsageError, type CliIo } from "./cli-io";

/** A document read from a file, with where it came from. */
export interface DocumentFile {
  file: string;
  /** JSON pointer prefix inside the file (`/2` for the third element of an array of versions). */
  at: string;
  document: unknown;
  /** With `keepGoing`: why the file gave no document (it could not be read, or is not JSON). */
  issues?: Issue[];
  /** With `keepGoing`: the file could not be read at all (missing, a directory that vanished, no permission). */
  unreadable?: boolean;
}

/** Options for {@link readDocuments}. */
export interface ReadDocumentsOptions {
  /** Report a file that cannot be read or is not JSON as an entry with issues, and read the others. */
  keepGoing?: boolean;
}

async function readOne(io: CliIo, file: string, out: DocumentFile[]): Promise<void> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (error) {
    const usage = cannotRead(file, error);
    out.push({ file, at: "", document: undefined, unreadable: true, issues: [createIssue("unreadable_file", "", usage.message, usage.messageZh)] });
    return;
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    out.push({ file, at: "", document: undefined, issues: parsed.issues });
    return;
  }
  if (Array.isArray(parsed.value)) parsed.value.forEach((document, i) => out.push({ file, at: `/${i}`, document }));
  else out.push({ file, at: "", document: parsed.value });
}

/**
 * Read the rule documents named on the command line: files, or directories searched for `*.json`
 * (not recursively into node_modules). A file may hold one document or an array of versions.
 */
export async function readDocuments(io: CliIo, paths: readonly string[], options: ReadDocumentsOptions = {}): Promise<DocumentFile[]> {
  if (paths.length === 0) throw new UsageError("Name at least one document file or directory.", "请至少指定一个文档文件或目录。");
  const files: string[] = [];
  const out: DocumentFile[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(resolve(io.cwd, path));
    } catch (error) {
      if (!options.keepGoing) throw new UsageError(`Cannot read ${path}: no such file or directory.`, `无法读取 ${path}：文件或目录不存在。`);
      const usage = cannotRead(path, error);
      out.push({ file: path, at: "", document: undefined, unreadable: true, issues: [createIssue("unreadable_file", "", usage.message, usage.messageZh)] });
      continue;
    }
    if (info.isDirectory()) files.push(...(await findJson(resolve(io.cwd, path), path)));
    else files.push(path);
  }
  for (const file of files) {
    if (options.keepGoing) {
      await readOne(io, file, out);
      continue;
    }
    const parsed = await readJsonFile(io, file);
    if (Array.isArray(parsed)) parsed.forEach((document, i) => out.push({ file, at: `/${i}`, document }));
    else out.push({ file, at: "", document: parsed });
  }
  return out;
}

async function findJson(absolute: string, shown: string): Promise<string[]> {
  const entries = await readdir(absolute, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    if (entry.isDirectory()) found.push(...(await findJson(join(absolute, entry.name), join(shown, entry.name))));
    else if (entry.name.endsWith(".json") && !entry.name.endsWith(".schema.json") && entry.name !== "package.json" && !entry.name.startsWith("tsconfig")) {
      found.push(join(shown, entry.name));
    }
  }
  return found;
}
