import { describe, expect, it } from "vitest";
import { createLevelImpact } from "./create-level-impact";
import { loadInstrument } from "./load-instrument";
import { miniDocument, miniRecord } from "./mini-instrument.fixture";

const before = loadInstrument(miniDocument());
// The edit: band 1 becomes 6–8, so a total of 5 now falls to level 2.
const edited = miniDocument();
edited.version = "1.1.0";
edited.preliminaryLevel.bands[1].min = 6;
edited.preliminaryLevel.bands[2].max = 5;
const after = loadInstrument(edited);

const withTotal = (id: string, walk: number, stairs: number, memory: number) => ({ ...miniRecord(), id, items: { walk, stairs, memory } });

describe("createLevelImpact", () => {
  it("counts level before × level after and names the records that move", () => {
    const impact = createLevelImpact(before, after);
    const moved = impact.add(withTotal("five", 1, 2, 2));
    expect(moved).toMatchObject({ status: "moved", id: "five", before: { total: 5, level: 1 }, after: { total: 5, level: 2 } });
    expect(impact.add(withTotal("ten", 3, 3, 4)).status).toBe("kept");
    expect(impact.add(withTotal("six", 2, 2, 2)).status).toBe("kept");
    const summary = impact.summary();
    expect(summary.levels).toEqual([0, 1, 2]);
    expect(summary.matrix.filter((c) => c.count > 0)).toEqual([
      { from: 0, to: 0, count: 1 },
      { from: 1, to: 1, count: 1 },
      { from: 1, to: 2, count: 1 },
    ]);
    expect(summary.matrix).toHaveLength(9);
    expect(summary).toMatchObject({ records: 3, moved: 1, kept: 2, invalid: 0 });
  });

  it("counts a record either version refuses, and an unreadable one, as invalid and never scores them", () => {
    const impact = createLevelImpact(before, after);
    const refused = impact.add({ ...miniRecord(), id: 7, items: { walk: 9, stairs: 1, memory: 1 } });
    expect(refused.status).toBe("invalid");
    expect(refused).toMatchObject({ id: 7 });
    expect(refused.status === "invalid" && refused.issues.some((i) => i.path === "/items/walk")).toBe(true);
    expect(impact.addUnreadable([{ code: "invalid_json", path: "", message: "x", messageZh: "x", severity: "error" }]).status).toBe("invalid");
    expect(impact.summary()).toMatchObject({ records: 2, moved: 0, kept: 0, invalid: 2 });
    expect(impact.summary().matrix.every((c) => c.count === 0)).toBe(true);
  });
});
