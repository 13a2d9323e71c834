import { isCalendarDate } from "@yiyang/core";
import { UsageError } from "./cli-io";
import type { CommandContext } from "./command";
import { formatFromPath, type InputFormat } from "./io/read-records";

const INPUT_FORMATS: readonly InputFormat[] = ["jsonl", "json", "csv"];

/** `--input` (default `-`, standard input) and its format: `--input-format`, else guessed from the name. */
export function inputOption(values: CommandContext["values"]): { input: string; format: InputFormat } {
  const input = (values.input as string | undefined) ?? "-";
  const given = values["input-format"] as string | undefined;
  if (given !== undefined && !(INPUT_FORMATS as readonly string[]).includes(given)) {
    throw new UsageError(`--input-format must be jsonl, json or csv, not "${given}".`, `--input-format 必须是 jsonl、json 或 csv，而不是 "${given}"。`);
  }
  return { input, format: (given as InputFormat | undefined) ?? formatFromPath(input) };
}

/** A date option such as `--as-of`: absent, or a real `YYYY-MM-DD` date. */
export function dateOption(values: CommandContext["values"], name: string): string | undefined {
  const value = values[name] as string | undefined;
  if (value !== undefined && !isCalendarDate(value)) {
    throw new UsageError(`--${name} must be a real date YYYY-MM-DD, not "${value}".`, `--${name} 必须是 YYYY-MM-DD 格式的有效日期，而不是 "${value}"。`);
  }
  return value;
}

/** An output `--format` among the ones a command writes (the first is the default). */
export function formatOption<T extends string>(values: CommandContext["values"], allowed: readonly T[]): T {
  const format = (values.format as string | undefined) ?? allowed[0];
  if (!(allowed as readonly string[]).includes(format as string)) {
    throw new UsageError(`--format must be one of ${allowed.join(", ")}.`, `--format 必须是 ${allowed.join("、")} 之一。`);
  }
  return format as T;
}
