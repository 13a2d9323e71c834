import { writeFileSync } from "node:fs";
import { assess, loadInstrument, type AssessmentResult } from "@yiyang/assessment";
import { gbt42195Instrument } from "@yiyang/standards";
import { readJsonLines } from "./read-lines";

// How vendor-results.jsonl was made: what a vendor's system stored for records.jsonl. Most results are
// the reference's; four are not, each for a reason `yiyang verify` tells apart. Run it again
// (`pnpm vendor-results`) when the bundled GB/T 42195-2022 document changes.
const gbt = loadInstrument(gbt42195Instrument);
const records = readJsonLines("records.jsonl") as Array<{ id: string }>;
const reference = (id: string): AssessmentResult => assess(gbt, records.find((r) => r.id === id));
const levelLabel = (level: number) => gbt.document.levels.find((l) => l.level === level)?.label;

const results: unknown[] = records.map((record) => {
  switch (record.id) {
    case "SH-2025-0003": {
      // The vendor's system does not apply the C.4 dementia raise: level 2 where the standard says 3.
      const ours = reference(record.id);
      return { ...ours, adjustments: [], level: 2, label: levelLabel(2) };
    }
    case "SH-2025-0006": {
      // Scored with a local copy of the rules, an older version under another fingerprint.
      const ours = reference(record.id);
      return { ...ours, instrument: { id: "gbt42195-2022", version: "0.9.0", fingerprint: `sha256:${"0".repeat(64)}` } };
    }
    case "SH-2025-0007":
      // The vendor's form accepted 30 February and a stairs score of 4; the record is invalid.
      return { ...reference("SH-2025-0001"), id: record.id, assessedOn: "2025-02-30", nextAssessmentDue: "2026-03-02" };
    case "SH-2025-0008":
      // An unknown diagnosis and four falls (the count stops at 3): invalid, whatever was stored.
      return { ...reference("SH-2025-0002"), id: record.id, assessedOn: "2025-03-07", nextAssessmentDue: "2026-03-07" };
    default:
      return reference(record.id);
  }
});
writeFileSync(new URL("../vendor-results.jsonl", import.meta.url), results.map((r) => JSON.stringify(r)).join("\n") + "\n");
console.log(`wrote vendor-results.jsonl: ${results.length} results`);
