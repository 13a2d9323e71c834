import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { readJsonFile, UsageError, type CliIo } from "./cli-io";

/** A document read from a file, with where it came from. */
export interface DocumentFile {
  file: string;
  /** JSON pointer prefix inside the file (`/2` for the third element of an array of versions). */
  at: string;
  document: unknown;
}

/**
 * Read the rule documents named on the command line: files, or directories searched for `*.json`
 * (not recursively into node_modules). A file may hold one document or an array of versions.
 */
export async function readDocuments(io: CliIo, paths: readonly string[]): Promise<DocumentFile[]> {
  if (paths.length === 0) throw new UsageError("Name at least one document file or directory.", "请至少指定一个文档文件或目录。");
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(resolve(io.cwd, path));
    } catch {
      throw new UsageError(`Cannot read ${path}: no such file or directory.`, `无法读取 ${path}：文件或目录不存在。`);
    }
    if (info.isDirectory()) files.push(...(await findJson(resolve(io.cwd, path), path)));
    else files.push(path);
  }
  const out: DocumentFile[] = [];
  for (const file of files) {
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
