// A page's script that assesses one old person with GB/T 42195-2022 and shows the level: the smallest
// real use of the SDK in a browser. Its bundle is measured against a budget and run under a strict
// Content-Security-Policy (no eval).
import { assess, loadInstrument } from "@yiyang/assessment";
import { gbt42195Instrument } from "@yiyang/standards";
import { SAMPLE_RECORD } from "./sample-record";

declare const document: { getElementById(id: string): { textContent: string | null } | null };

const gbt = loadInstrument(gbt42195Instrument);
const result = assess(gbt, SAMPLE_RECORD);
const shown = document.getElementById("level");
if (shown) shown.textContent = `${result.level} ${result.label.zh}`;
