import { createIssue, type Issue } from "@yiyang/core";
import type { InputLine } from "./read-lines";

/** An issue about input line `line`, with the line number in its params. */
export function lineIssue(code: string, line: number, en: string, zh: string): Issue[] {
  return [createIssue(code, "", en, zh, { params: { line } })];
}

export const UTF8_HINT_EN = "if the file is GB18030/GBK (as Chinese Excel exports are), pass --encoding gb18030";
export const UTF8_HINT_ZH = "如果文件是 GB18030/GBK 编码（中文 Excel 导出常见），请加 --encoding gb18030";

/** The issue for a line the line reader could not give as text. */
export function lineProblemIssues(entry: Extract<InputLine, { text: null }>): Issue[] {
  if (entry.problem === "too_long") {
    return lineIssue("line_too_long", entry.line, `Line ${entry.line} is ${entry.bytes} bytes long, over the limit; it was skipped.`, `第 ${entry.line} 行长 ${entry.bytes} 字节，超过上限，未处理。`);
  }
  return lineIssue("invalid_utf8", entry.line, `Line ${entry.line} is not valid UTF-8: ${UTF8_HINT_EN}.`, `第 ${entry.line} 行不是有效的 UTF-8：${UTF8_HINT_ZH}。`);
}
