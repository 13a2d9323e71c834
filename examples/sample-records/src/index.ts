import { loadInstrument, safeAssess, verifyResult } from "@yiyang/assessment";
import { gbt42195Instrument } from "@yiyang/standards";
import { readJsonLines } from "./read-lines";

// Score every sample record with GB/T 42195-2022, as an app would score a file it received, then check
// a vendor's stored results against the reference, the way a receiving department would.
const gbt = loadInstrument(gbt42195Instrument);
const records = readJsonLines("records.jsonl");
const theirs = readJsonLines("vendor-results.jsonl");

console.log("records.jsonl, scored with gbt42195-2022:");
for (const record of records) {
  const id = (record as { id?: unknown }).id;
  const assessed = safeAssess(gbt, record);
  if (assessed.ok) {
    const r = assessed.value;
    const raised = r.adjustments.map((a) => a.id).join(", ");
    console.log(`  ${id}  total ${r.total}  level ${r.baseLevel} → ${r.level}  ${r.label.zh}${raised ? `  (${raised})` : ""}`);
  } else {
    console.log(`  ${id}  invalid: ${assessed.issues.map((i) => `${i.path} ${i.code}`).join("; ")}`);
  }
}

console.log("\nvendor-results.jsonl, verified against the reference:");
records.forEach((record, i) => {
  const check = verifyResult(gbt, record, theirs[i]);
  const where = check.differences.map((d) => d.path).join(", ");
  console.log(`  ${(record as { id?: unknown }).id}  ${check.status}${where ? `  (${where})` : ""}`);
});
