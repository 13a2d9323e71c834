import { loadInstrument, safeAssess } from "@yiyang/assessment";
import { gbt42195Instrument } from "@yiyang/standards";
import { makeAssessmentRecords } from "./bench/workloads/assess";
const gbt = loadInstrument(gbt42195Instrument);
const records = makeAssessmentRecords(100_000);
let sum = 0;
for (let round = 0; round < 8; round++) {
  const t = process.cpuUsage();
  for (const r of records) { const x = safeAssess(gbt, r); if (x.ok) sum += x.value.level; }
  const d = process.cpuUsage(t);
  console.log(((d.user + d.system) / records.length * 1000).toFixed(0), "ns/record");
}
console.log(sum);
