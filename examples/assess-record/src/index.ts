import { assess, explainResult, loadInstrument, verifyResult } from "@yiyang/assessment";
import { gbt42195Instrument } from "@yiyang/standards";

// The rules: the bundled GB/T 42195-2022 document, validated and compiled once.
const gbt = loadInstrument(gbt42195Instrument);

// One record in the interchange format: an 81-year-old woman assessed at home.
const record = {
  id: "SH-2025-000123",
  assessedOn: "2025-03-10",
  subject: { birthDate: "1943-11-02", sex: "female" },
  items: {
    // B.1 自理能力
    eating: 3, grooming: 2, bathing: 1, dressingUpper: 3, dressingLower: 2, urinaryControl: 3, bowelControl: 3, toileting: 2,
    // B.2 基础运动能力
    bedMobility: 3, transfer: 3, walking: 2, stairs: 1,
    // B.3 精神状态
    timeOrientation: 2, placeOrientation: 2, personOrientation: 3, memory: 2, comprehension: 3, expression: 3,
    aggression: 1, depression: 1, consciousness: 2,
    // B.4 感知觉与社会参与
    vision: 1, hearing: 1, dailyAffairs: 2, transportation: 1, socialInteraction: 3,
  },
  coma: false,
  diseases: ["hypertension", "dementia"],
  riskEvents: { fall: 1, wandering: 0, choking: 0, selfHarm: 0, other: 0 },
};

const result = assess(gbt, record);
console.log(`${record.id}: total ${result.total}/90, preliminary level ${result.baseLevel}, final level ${result.level}`);
console.log(`  ${result.label.zh} / ${result.label.en}`);
console.log(`  rules: ${result.instrument.id} ${result.instrument.version} ${result.instrument.fingerprint}`);
console.log(`  next assessment due: ${result.nextAssessmentDue}\n`);

const explanation = explainResult(gbt, record);
console.log(explanation.text.zh);
console.log("");
console.log(explanation.text.en);
console.log("");

// Another system receives the record and the result, recomputes, and confirms.
const check = verifyResult(gbt, record, result);
console.log(`verify: ${check.status} — ${check.message.en}`);
const tampered = verifyResult(gbt, record, { ...result, level: result.level - 1 });
console.log(`verify a tampered copy: ${tampered.status} — ${tampered.message.en}`);
if (check.status !== "match" || tampered.status !== "different_answer") process.exitCode = 1;
