// The floor for `yiyang assess` (bench/cli-assess.ts): read a JSON Lines file, JSON.parse and
// JSON.stringify each line, write the lines out in batches. Nothing is validated or scored: no
// line reader can be faster than this loop by more than the cost of its own bookkeeping.
import { createReadStream } from "node:fs";

const decoder = new TextDecoder();
let rest = "";
for await (const chunk of createReadStream(process.argv[2])) {
  const lines = (rest + decoder.decode(chunk, { stream: true })).split("\n");
  rest = lines.pop() ?? "";
  let out = "";
  for (const line of lines) out += JSON.stringify(JSON.parse(line)) + "\n";
  if (!process.stdout.write(out)) await new Promise((resolve) => process.stdout.once("drain", resolve));
}
if (rest !== "") process.stdout.write(JSON.stringify(JSON.parse(rest)) + "\n");
