import { isYiyangError } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { checkEligibility, safeCheckEligibility } from "./check-eligibility";
import { loadServiceCatalog } from "./load-service-catalog";

const text = (zh: string, en: string) => ({ zh, en });

/** A small catalog exercising every feature; each test copies it before changing it. */
function testCatalog(): Record<string, unknown> {
  return {
    kind: "service-catalog",
    id: "test-catalog",
    version: "1.0.0",
    effective: { from: "2025-01-01", to: "2026-01-01" },
    title: text("测试目录", "Test catalog"),
    source: { title: "unit test" },
    assessment: { instruments: ["gbt42195-2022"], validityMonths: 12, staleCounts: false },
    localGrade: { schemes: ["city-grade"], validityMonths: 6, staleCounts: false },
    packages: [
      {
        id: "home-care",
        name: text("居家照护", "Home care"),
        funding: "government",
        sources: ["test"],
        conditions: [
          { id: "age-60", label: text("年满60周岁", "Aged 60 or over"), rule: { ">=": [{ var: "age" }, 60] } },
          { id: "level-2", label: text("能力等级≥2", "Level 2 or above"), rule: { ">=": [{ var: "level" }, 2] } },
          { id: "at-home", label: text("居家", "Lives at home"), rule: { "!=": [{ var: "profile.livingArrangement" }, "care-institution"] } },
        ],
        entitlements: [
          { id: "subsidy", kind: "amountPerMonth", label: text("补贴", "Subsidy"), value: 45050 },
          {
            id: "visits",
            kind: "visitsPerMonth",
            label: text("上门", "Visits"),
            table: { key: "level", bands: [{ min: 2, max: 3, value: 2 }, { min: 4, max: 4, value: 4 }] },
          },
          { id: "hours", kind: "hoursPerMonth", label: text("时长", "Hours"), rule: { "*": [5, { var: "level" }] } },
          { id: "share", kind: "fundShare", label: text("基金支付", "Fund share"), value: 7550, rounding: "half-up" },
          { id: "items", kind: "items", label: text("项目", "Items"), value: [{ id: "bath", name: text("助浴", "Bathing") }] },
        ],
      },
      {
        id: "day-care",
        name: text("日间照料", "Day care"),
        funding: "government",
        sources: ["test"],
        conditions: [
          { id: "age-60", label: text("年满60周岁", "Aged 60 or over"), rule: { ">=": [{ var: "age" }, 60] } },
          {
            id: "gets-about",
            label: text("能自行往返", "Can get about"),
            anyOf: [
              { id: "able", label: text("等级≤2", "Level 2 or below"), rule: { "<=": [{ var: "level" }, 2] } },
              { id: "young-old", label: text("未满75周岁", "Under 75"), rule: { "<": [{ var: "age" }, 75] } },
            ],
          },
        ],
        entitlements: [],
      },
      {
        id: "graded",
        name: text("分级照护", "Graded care"),
        funding: "ltci",
        sources: ["test"],
        conditions: [{ id: "grade-2-to-6", label: text("照护等级二至六级", "Grade 2 to 6"), rule: { "<=": [2, { var: "localGrade" }, 6] } }],
        entitlements: [
          {
            id: "weekly",
            kind: "visitsPerWeek",
            label: text("每周上门", "Weekly visits"),
            table: { key: "localGrade", bands: [{ min: 2, max: 3, value: 3 }, { min: 4, max: 6, value: 7 }] },
          },
        ],
      },
      {
        id: "add-on",
        name: text("附加服务", "Add-on"),
        funding: "self-pay",
        sources: ["test"],
        conditions: [{ id: "has-home-care", label: text("可享居家照护", "Qualifies for home care"), rule: { var: "eligible.home-care" } }],
        entitlements: [],
      },
    ],
    exclusiveGroups: [{ id: "care-setting", label: text("择一", "One of"), packages: ["home-care", "day-care"] }],
  };
}

const PROFILE = {
  id: "p1",
  birthDate: "1950-03-10",
  residence: { city: "test-city" },
  insurance: { ltciEnrolled: true },
  economicStatus: "none",
  livingArrangement: "alone",
  assessment: { instrument: { id: "gbt42195-2022" }, level: 2, assessedOn: "2025-03-01" },
};
const AS_OF = { asOf: "2025-06-01" };

function withProfile(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(PROFILE), ...changes };
}

describe("checkEligibility", () => {
  const catalog = loadServiceCatalog(testCatalog());

  it("returns every package with its decision, in catalog order", () => {
    const report = checkEligibility(catalog, PROFILE, AS_OF);
    expect(report.packages.map((p) => [p.id, p.eligible])).toEqual([
      ["home-care", true],
      ["day-care", true],
      ["graded", false],
      ["add-on", true],
    ]);
    expect(report.eligible).toEqual(["home-care", "day-care", "add-on"]);
    expect(report.age).toBe(75);
    expect(report.profileId).toBe("p1");
    expect(report.catalog).toEqual({ id: "test-catalog", version: "1.0.0", fingerprint: catalog.fingerprint });
  });

  it("computes constant, table, rule and item entitlements with money in fen and yuan", () => {
    const report = checkEligibility(catalog, withProfile({ assessment: { instrument: { id: "gbt42195-2022" }, level: 4, assessedOn: "2025-03-01" } }), AS_OF);
    const home = report.packages[0];
    expect(home?.entitlements.map((e) => [e.id, e.value, e.yuan, e.rounding, e.text.zh, e.text.en])).toEqual([
      ["subsidy", 45050, "450.50", null, "每月450.50元", "¥450.50 a month"],
      ["visits", 4, null, null, "每月4次", "4 visits a month"],
      ["hours", 20, null, null, "每月20小时", "20 hours a month"],
      ["share", 7550, null, "half-up", "基金支付75.5%", "the fund pays 75.5%"],
      ["items", [{ id: "bath", name: { zh: "助浴", en: "Bathing" } }], null, null, "助浴", "Bathing"],
    ]);
  });

  it("reports every condition with the values it read, not only the first failure", () => {
    const report = checkEligibility(catalog, withProfile({ birthDate: "1970-01-01", livingArrangement: "care-institution" }), AS_OF);
    const home = report.packages[0];
    expect(home?.eligible).toBe(false);
    expect(home?.conditions.map((c) => [c.id, c.held, c.read])).toEqual([
      ["age-60", false, { age: 55 }],
      ["level-2", true, { level: 2 }],
      ["at-home", false, { "profile.livingArrangement": "care-institution" }],
    ]);
    expect(home?.failed).toEqual(["age-60", "at-home"]);
    expect(home?.entitlements).toEqual([]);
  });

  it("names the failed condition and the values read in Chinese and English", () => {
    const report = checkEligibility(catalog, withProfile({ birthDate: "1965-06-02" }), AS_OF);
    expect(report.packages[0]?.reasons).toEqual([
      { condition: "age-60", code: "condition_not_met", message: "Not met: Aged 60 or over (age = 59).", messageZh: "不符合「年满60周岁」（年龄 = 59）。" },
    ]);
  });

  it("takes age in whole years on asOf: 59 the day before the 60th birthday, 60 on it", () => {
    const dayBefore = checkEligibility(catalog, withProfile({ birthDate: "1965-06-02" }), AS_OF);
    const birthday = checkEligibility(catalog, withProfile({ birthDate: "1965-06-01" }), AS_OF);
    expect([dayBefore.age, dayBefore.packages[1]?.eligible]).toEqual([59, false]);
    expect([birthday.age, birthday.packages[1]?.eligible]).toEqual([60, true]);
  });

  it("explains an anyOf condition by each of its alternatives", () => {
    const report = checkEligibility(catalog, withProfile({ assessment: { instrument: { id: "gbt42195-2022" }, level: 3, assessedOn: "2025-03-01" } }), AS_OF);
    const day = report.packages[1];
    expect(day?.conditions[1]?.anyOf?.map((c) => [c.id, c.held, c.read])).toEqual([
      ["able", false, { level: 3 }],
      ["young-old", false, { age: 75 }],
    ]);
    expect(day?.reasons[0]?.messageZh).toBe("不符合「能自行往返」：以下均不满足：「等级≤2」（能力等级 = 3）；「未满75周岁」（年龄 = 75）。");
    expect(day?.reasons[0]?.message).toBe("Not met: Can get about: none of these holds: Level 2 or below (capability level = 3); Under 75 (age = 75).");
  });

  it("returns eligible packages of one exclusive group as alternatives, choosing none", () => {
    const report = checkEligibility(catalog, PROFILE, AS_OF);
    expect(report.alternatives).toEqual([{ group: "care-setting", label: { zh: "择一", en: "One of" }, packages: ["home-care", "day-care"] }]);
    expect(report.packages.filter((p) => p.exclusiveGroups.includes("care-setting")).every((p) => p.eligible)).toBe(true);
  });

  it("gives no alternatives when only one package of a group is eligible", () => {
    const report = checkEligibility(catalog, withProfile({ livingArrangement: "care-institution" }), AS_OF);
    expect(report.eligible).toEqual(["day-care"]);
    expect(report.alternatives).toEqual([]);
  });

  it("lets a package require another through eligible.<id>", () => {
    const report = checkEligibility(catalog, withProfile({ birthDate: "1970-01-01" }), AS_OF);
    expect(report.packages[3]?.conditions[0]).toMatchObject({ id: "has-home-care", held: false, read: { "eligible.home-care": false } });
  });

  it("reports a stale assessment as a warning and fails the conditions that need a level", () => {
    const stale = withProfile({ assessment: { instrument: { id: "gbt42195-2022" }, level: 2, assessedOn: "2024-06-01" } });
    const report = checkEligibility(catalog, stale, AS_OF);
    expect(report.assessment).toEqual({ status: "stale", source: "gbt42195-2022", value: null, assessedOn: "2024-06-01", due: "2025-06-01", stale: true });
    expect(report.issues.map((i) => [i.code, i.path, i.severity])).toEqual([["assessment_stale", "/assessment/assessedOn", "warning"]]);
    expect(report.issues[0]?.messageZh).toContain("应于 2025-06-01 前复评");
    const level = report.packages[0]?.conditions[1];
    expect(level).toMatchObject({ id: "level-2", held: false, blockedBy: "assessment_stale", read: { level: null } });
    expect(report.packages[0]?.reasons[0]).toEqual({
      condition: "level-2",
      code: "assessment_stale",
      message: "Not met: Level 2 or above: the capability assessment is out of date and must be repeated.",
      messageZh: "不符合「能力等级≥2」：能力评估已过期，需重新评估。",
    });
  });

  it("treats an assessment one day short of its validity as current", () => {
    const report = checkEligibility(catalog, withProfile({ assessment: { instrument: { id: "gbt42195-2022" }, level: 2, assessedOn: "2024-06-02" } }), AS_OF);
    expect([report.assessment.status, report.assessment.due, report.issues]).toEqual(["current", "2025-06-02", []]);
  });

  it("treats a result whose validity would end after 9999-12-31 as current, instead of failing", () => {
    const late = loadServiceCatalog({ ...testCatalog(), effective: { from: "2025-01-01" } });
    const result = safeCheckEligibility(late, withProfile({ assessment: { instrument: { id: "gbt42195-2022" }, level: 2, assessedOn: "9999-06-15" } }), { asOf: "9999-12-31" });
    expect(result.ok && [result.value.assessment.status, result.value.assessment.due]).toEqual(["current", null]);
  });

  it("uses the result's own nextAssessmentDue before the catalog's validity", () => {
    const due = withProfile({ assessment: { instrument: { id: "gbt42195-2022" }, level: 2, assessedOn: "2025-03-01", nextAssessmentDue: "2025-06-01" } });
    const report = checkEligibility(catalog, due, AS_OF);
    expect([report.assessment.stale, report.issues[0]?.path]).toEqual([true, "/assessment/nextAssessmentDue"]);
  });

  it("still counts a stale assessment when the catalog says so, and still warns", () => {
    const doc = testCatalog();
    (doc["assessment"] as Record<string, unknown>)["staleCounts"] = true;
    const stale = withProfile({ assessment: { instrument: { id: "gbt42195-2022" }, level: 2, assessedOn: "2024-01-01" } });
    const report = checkEligibility(loadServiceCatalog(doc), stale, AS_OF);
    expect([report.assessment.value, report.packages[0]?.eligible, report.issues.map((i) => i.code)]).toEqual([2, true, ["assessment_stale"]]);
    expect(report.issues[0]?.message).toContain("still counts it");
  });

  it("does not use an assessment made with an instrument the catalog does not accept", () => {
    const other = withProfile({ assessment: { instrument: { id: "mzt039-2013" }, level: 2, assessedOn: "2025-03-01" } });
    const report = checkEligibility(catalog, other, AS_OF);
    expect([report.assessment.status, report.assessment.value]).toEqual(["not-accepted", null]);
    expect(report.issues.map((i) => [i.code, i.path])).toEqual([["assessment_not_accepted", "/assessment/instrument/id"]]);
    expect(report.packages[0]?.reasons[0]?.code).toBe("assessment_not_accepted");
  });

  it("fails level conditions without an assessment, with no warning", () => {
    const { assessment: _dropped, ...rest } = PROFILE;
    const report = checkEligibility(catalog, rest, AS_OF);
    expect([report.assessment.status, report.issues, report.packages[0]?.reasons[0]?.code]).toEqual(["missing", [], "assessment_missing"]);
  });

  it("reads a local care grade of an accepted scheme, and its own validity", () => {
    const graded = withProfile({ localCareGrade: { scheme: "city-grade", grade: 4, assessedOn: "2025-01-01" } });
    const report = checkEligibility(catalog, graded, AS_OF);
    expect(report.packages[2]?.entitlements.map((e) => e.value)).toEqual([7]);
    const stale = checkEligibility(catalog, withProfile({ localCareGrade: { scheme: "city-grade", grade: 4, assessedOn: "2024-12-01" } }), AS_OF);
    expect([stale.localGrade.due, stale.localGrade.stale, stale.packages[2]?.reasons[0]?.code]).toEqual(["2025-06-01", true, "local_grade_stale"]);
    const other = checkEligibility(catalog, withProfile({ localCareGrade: { scheme: "elsewhere", grade: 4, assessedOn: "2025-01-01" } }), AS_OF);
    expect(other.issues.map((i) => [i.code, i.path])).toEqual([["local_grade_not_accepted", "/localCareGrade/scheme"]]);
  });

  it("warns when a table has no band for an eligible person and leaves that entitlement out", () => {
    const doc = testCatalog();
    const home = (doc["packages"] as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    ((home["entitlements"] as Array<Record<string, unknown>>)[1] as Record<string, unknown>)["table"] = { key: "level", bands: [{ min: 3, max: 4, value: 3 }] };
    const report = checkEligibility(loadServiceCatalog(doc), PROFILE, AS_OF);
    expect(report.packages[0]?.entitlements.map((e) => e.id)).toEqual(["subsidy", "hours", "share", "items"]);
    expect(report.issues.map((i) => [i.code, i.params?.["catalogPath"]])).toEqual([["entitlement_undetermined", "/packages/0/entitlements/1"]]);
  });

  it("refuses to answer when an entitlement rule computes a value that is not of its kind", () => {
    const doc = testCatalog();
    const home = (doc["packages"] as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    ((home["entitlements"] as Array<Record<string, unknown>>)[2] as Record<string, unknown>)["rule"] = { "/": [{ var: "level" }, 3] };
    const result = safeCheckEligibility(loadServiceCatalog(doc), PROFILE, AS_OF);
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.params?.["catalogPath"]])).toEqual([["invalid_entitlement_value", "/packages/0/entitlements/2"]]);
  });

  it("warns when the catalog is not in force on asOf", () => {
    const report = checkEligibility(catalog, PROFILE, { asOf: "2026-01-01" });
    expect(report.issues.map((i) => i.code)).toContain("catalog_not_in_force");
  });

  it("accepts a catalog document and loads it once", () => {
    const doc = testCatalog();
    const first = checkEligibility(doc, PROFILE, AS_OF);
    const second = checkEligibility(doc, PROFILE, AS_OF);
    expect(first.eligible).toEqual(["home-care", "day-care", "add-on"]);
    expect(second.packages[0]?.conditions[0]).toBe(first.packages[0]?.conditions[0]);
  });

  it("shares frozen condition results between reports", () => {
    const a = checkEligibility(catalog, PROFILE, AS_OF);
    const b = checkEligibility(catalog, withProfile({ id: "p2" }), AS_OF);
    expect(b.packages[0]?.conditions[0]).toBe(a.packages[0]?.conditions[0]);
    expect(Object.isFrozen(a.packages[0]?.conditions[0])).toBe(true);
  });

  it("keeps anyOf results apart however many results its alternatives have seen", () => {
    // The first alternative reads the profile id, so it has a result per profile: past the first
    // thousand (2^10, its share of a packed key of three), its results' numbers no longer fit. The
    // levels are chosen so that a key that let them overflow would make profile 1024 + i look like
    // profile i: level 3 first, then 4 until profile 1023, then 3 again.
    const document = testCatalog() as { packages: Array<{ conditions: unknown[] }> };
    const day = document.packages[1] as { conditions: Array<{ anyOf?: unknown[] }> };
    (day.conditions[1] as { anyOf: unknown[] }).anyOf.unshift({ id: "vip", label: text("贵宾", "VIP"), rule: { "==": [{ var: "profile.id" }, "vip"] } });
    const many = loadServiceCatalog(document);
    for (let i = 0; i < 1100; i++) {
      const level = i === 0 || i >= 1024 ? 3 : 4;
      const profile = withProfile({ id: `p${i}`, birthDate: "1945-01-01", assessment: { instrument: { id: "gbt42195-2022" }, level, assessedOn: "2025-03-01" } });
      const report = checkEligibility(many, profile, AS_OF);
      const group = report.packages[1]?.conditions[1];
      expect(group?.anyOf?.map((c) => [c.id, c.held, c.read])).toEqual([
        ["vip", false, { "profile.id": `p${i}` }],
        ["able", false, { level }],
        ["young-old", false, { age: 80 }],
      ]);
      expect(report.packages[1]?.reasons.at(-1)?.message).toContain(`(profile.id = "p${i}")`);
    }
  });

  it("gives the same decisions without explanations", () => {
    const profiles = [PROFILE, withProfile({ birthDate: "1970-01-01" }), withProfile({ livingArrangement: "care-institution" })];
    for (const profile of profiles) {
      const full = checkEligibility(catalog, profile, AS_OF);
      const decision = checkEligibility(catalog, profile, { ...AS_OF, explain: false });
      expect(decision.packages.map((p) => [p.id, p.eligible, p.failed, p.entitlements])).toEqual(
        full.packages.map((p) => [p.id, p.eligible, p.failed, p.entitlements]),
      );
      expect(decision.packages.every((p) => p.conditions.length === 0 && p.reasons.length === 0)).toBe(true);
      expect(decision.alternatives).toEqual(full.alternatives);
    }
  });

  it("changes the answer when a threshold or an amount in the JSON changes", () => {
    const doc = testCatalog();
    const home = (doc["packages"] as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    ((home["conditions"] as Array<Record<string, unknown>>)[0] as Record<string, unknown>)["rule"] = { ">=": [{ var: "age" }, 80] };
    ((home["entitlements"] as Array<Record<string, unknown>>)[0] as Record<string, unknown>)["value"] = 50000;
    const older = withProfile({ birthDate: "1940-01-01" });
    expect(checkEligibility(catalog, older, AS_OF).packages[0]?.entitlements[0]?.value).toBe(45050);
    expect(checkEligibility(loadServiceCatalog(doc), older, AS_OF).packages[0]?.entitlements[0]?.value).toBe(50000);
    expect(checkEligibility(loadServiceCatalog(doc), PROFILE, AS_OF).packages[0]?.failed).toEqual(["age-60"]);
  });

  it("returns every problem of a bad profile, with JSON pointers, and no answer", () => {
    const result = safeCheckEligibility(catalog, { birthDate: "1950-02-30", residence: {}, insurance: { ltciEnrolled: "yes" }, economicStatus: "rich", livingArrangement: "alone", extra: 1 }, AS_OF);
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid_value", "/birthDate"],
      ["invalid_type", "/residence/city"],
      ["invalid_type", "/insurance/ltciEnrolled"],
      ["invalid_value", "/economicStatus"],
      ["unrecognized_keys", ""],
    ]);
    expect(result.issues.every((i) => i.message.length > 0 && i.messageZh.length > 0)).toBe(true);
    expect("value" in result).toBe(false);
  });

  it("rejects a bad asOf together with the profile's problems", () => {
    const result = safeCheckEligibility(catalog, { ...PROFILE, birthDate: "x" }, { asOf: "2025-6-1" });
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid_as_of", ""],
      ["invalid_value", "/birthDate"],
    ]);
  });

  it("rejects a birth or assessment date after asOf", () => {
    const result = safeCheckEligibility(
      catalog,
      withProfile({ birthDate: "2025-06-02", assessment: { instrument: { id: "gbt42195-2022" }, level: 2, assessedOn: "2025-06-02" } }),
      AS_OF,
    );
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ["born_after_as_of", "/birthDate"],
      ["assessed_after_as_of", "/assessment/assessedOn"],
    ]);
  });

  it("throws a YiyangError carrying the issues for a bad profile", () => {
    let caught: unknown;
    try {
      checkEligibility(catalog, { birthDate: "1950-01-01" }, AS_OF);
    } catch (error) {
      caught = error;
    }
    expect(isYiyangError(caught) && caught.code).toBe("invalid_input");
    expect(isYiyangError(caught) && caught.issues.map((i) => i.path)).toEqual(["/residence", "/insurance", "/economicStatus", "/livingArrangement"]);
  });

  it("reports an evaluation failure of a rule as an issue", () => {
    const doc = testCatalog();
    const home = (doc["packages"] as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    ((home["conditions"] as Array<Record<string, unknown>>)[0] as Record<string, unknown>)["rule"] = { age: [{ var: "profile.residence.city" }, "2025-01-01"] };
    const result = safeCheckEligibility(loadServiceCatalog(doc), PROFILE, AS_OF);
    expect([result.ok, result.issues[0]?.code]).toEqual([false, "evaluation_failed"]);
  });
});

describe("checkEligibility: several results, each package reading the instrument it accepts", () => {
  /** The test catalog with an LTCI package that accepts only ltci-2021 levels 3–5, and provisional notes. */
  function scopedCatalog(): Record<string, unknown> {
    const doc = testCatalog();
    (doc["packages"] as unknown[]).push({
      id: "ltci-home",
      name: text("长护险居家", "LTCI home care"),
      funding: "ltci",
      sources: ["test"],
      assessment: { instruments: ["ltci-2021"] },
      conditions: [{ id: "severe", label: text("重度失能Ⅰ–Ⅲ级", "Severe disability I–III"), rule: { "<=": [3, { var: "level" }, 5] } }],
      entitlements: [{ id: "visits", kind: "visitsPerMonth", label: text("上门", "Visits"), table: { key: "level", bands: [{ min: 3, max: 5, value: 4 }] } }],
    });
    doc["provisional"] = [
      { path: "/packages/4/conditions/0/rule", note: text("等级范围待核", "Level range to be checked") },
      { path: "/packages/4/entitlements/0/table", note: text("次数待核", "Visits to be checked") },
      { path: "/packages/4/assessment", note: text("认可工具待核", "Accepted instrument to be checked") },
      { path: "/assessment/validityMonths", note: text("有效期待核", "Validity to be checked") },
      { path: "/exclusiveGroups/0/packages", note: text("互斥待核", "Exclusion to be checked") },
    ];
    return doc;
  }
  const scoped = loadServiceCatalog(scopedCatalog());
  const gbt = { instrument: { id: "gbt42195-2022" }, level: 2, assessedOn: "2025-03-01" };
  const ltci = { instrument: { id: "ltci-2021" }, level: 4, assessedOn: "2025-03-01" };
  const both = (changes: Record<string, unknown> = {}) => {
    const { assessment: _single, ...rest } = structuredClone(PROFILE);
    return { ...rest, assessments: [gbt, ltci], ...changes };
  };

  it("gives each package the level of the instrument it accepts", () => {
    const report = checkEligibility(scoped, both(), AS_OF);
    expect(report.packages.map((p) => [p.id, p.eligible])).toEqual([["home-care", true], ["day-care", true], ["graded", false], ["add-on", true], ["ltci-home", true]]);
    expect(report.packages[0]?.conditions[1]?.read).toEqual({ level: 2 });
    expect(report.packages[4]?.conditions[0]?.read).toEqual({ level: 4 });
    expect(report.packages[4]?.entitlements.map((e) => e.value)).toEqual([4]);
    expect(report.assessments).toEqual([
      { status: "current", source: "gbt42195-2022", value: 2, assessedOn: "2025-03-01", due: "2026-03-01", stale: false, instruments: ["gbt42195-2022"], packages: ["home-care", "day-care", "graded", "add-on"] },
      { status: "current", source: "ltci-2021", value: 4, assessedOn: "2025-03-01", due: "2026-03-01", stale: false, instruments: ["ltci-2021"], packages: ["ltci-home"] },
    ]);
    expect(report.issues).toEqual([]);
  });

  it("says why when the profile has no result a package accepts", () => {
    const report = checkEligibility(scoped, both({ assessments: [gbt] }), AS_OF);
    expect(report.packages[4]?.eligible).toBe(false);
    expect(report.packages[4]?.reasons).toEqual([
      {
        condition: "severe",
        code: "assessment_not_accepted",
        message: "Not met: Severe disability I–III: the profile has no result of an instrument this package accepts (it accepts ltci-2021).",
        messageZh: "不符合「重度失能Ⅰ–Ⅲ级」：档案中没有本服务包认可的评估工具的结果（认可：ltci-2021）。",
      },
    ]);
    expect(report.assessments[1]).toMatchObject({ status: "not-accepted", value: null });
    // The GB/T 42195 result is used by the other packages: no warning.
    expect(report.issues).toEqual([]);
    // With an LTCI result only, the care packages say the same about GB/T 42195.
    const ltciOnly = checkEligibility(scoped, both({ assessments: [ltci] }), AS_OF);
    expect([ltciOnly.packages[4]?.eligible, ltciOnly.packages[0]?.reasons[0]?.code]).toEqual([true, "assessment_not_accepted"]);
  });

  it("warns once per result when no package accepts any of the profile's results", () => {
    const report = checkEligibility(scoped, both({ assessments: [{ ...gbt, instrument: { id: "mzt039-2013" } }] }), AS_OF);
    expect(report.issues.map((i) => [i.code, i.path])).toEqual([["assessment_not_accepted", "/assessments/0/instrument/id"]]);
  });

  it("reports a stale result at its own place in the list", () => {
    const report = checkEligibility(scoped, both({ assessments: [gbt, { ...ltci, assessedOn: "2024-05-01" }] }), AS_OF);
    expect(report.issues.map((i) => [i.code, i.path])).toEqual([["assessment_stale", "/assessments/1/assessedOn"]]);
    expect(report.packages[4]?.reasons[0]?.code).toBe("assessment_stale");
  });

  it("still reads the older single assessment field, for the packages that accept its instrument", () => {
    const report = checkEligibility(scoped, withProfile({ assessment: ltci }), AS_OF);
    expect([report.packages[4]?.eligible, report.assessments[1]?.source]).toEqual([true, "ltci-2021"]);
    expect(checkEligibility(scoped, PROFILE, AS_OF).packages[0]?.eligible).toBe(true);
  });

  it("refuses both fields at once, and two results of one instrument", () => {
    expect(safeCheckEligibility(scoped, { ...PROFILE, assessments: [ltci] }, AS_OF).issues.map((i) => i.code)).toEqual(["conflicting_fields"]);
    expect(safeCheckEligibility(scoped, both({ assessments: [ltci, { ...ltci, level: 3 }] }), AS_OF).issues.map((i) => i.path)).toEqual(["/assessments/1/instrument/id"]);
  });

  it("decides the same without explanations", () => {
    for (const profile of [both(), both({ assessments: [gbt] }), both({ assessments: [ltci] })]) {
      const full = checkEligibility(scoped, profile, AS_OF);
      const decision = checkEligibility(scoped, profile, { ...AS_OF, explain: false });
      expect(decision.packages.map((p) => [p.id, p.eligible, p.failed, p.entitlements, p.provisional])).toEqual(full.packages.map((p) => [p.id, p.eligible, p.failed, p.entitlements, p.provisional]));
    }
  });

  it("lists the provisional notes each package and the report rest on", () => {
    const eligible = checkEligibility(scoped, both(), AS_OF);
    expect(eligible.packages[4]?.provisional).toEqual(["/packages/4/conditions/0/rule", "/packages/4/entitlements/0/table", "/packages/4/assessment"]);
    expect(eligible.packages[0]?.provisional).toEqual([]);
    expect(eligible.provisional).toEqual(["/packages/4/conditions/0/rule", "/packages/4/entitlements/0/table", "/packages/4/assessment", "/assessment/validityMonths", "/exclusiveGroups/0/packages"]);
    // Not eligible: the entitlements' note does not apply; without alternatives, neither does the group's.
    const not = checkEligibility(scoped, both({ assessments: [gbt], livingArrangement: "care-institution" }), AS_OF);
    expect(not.packages[4]?.provisional).toEqual(["/packages/4/conditions/0/rule", "/packages/4/assessment"]);
    expect(not.provisional).toEqual(["/packages/4/conditions/0/rule", "/packages/4/assessment", "/assessment/validityMonths"]);
    const { assessment: _none, ...noResult } = structuredClone(PROFILE);
    expect(checkEligibility(scoped, noResult, AS_OF).provisional).not.toContain("/assessment/validityMonths");
  });
});

describe("checkEligibility: reasons in the reader's language", () => {
  it("names what was read and its value by their labels, in Chinese and in English", () => {
    const doc = testCatalog();
    const home = (doc["packages"] as Array<Record<string, any>>)[0] as Record<string, any>;
    home.conditions.push(
      { id: "poor", label: text("困难对象", "Assisted person"), rule: { in: [{ var: "profile.economicStatus" }, ["dibao", "tekun"]] } },
      { id: "carer", label: text("有家庭照护者", "Has a family carer"), rule: { var: "profile.familyCarerAtHome" } },
    );
    const report = checkEligibility(loadServiceCatalog(doc), withProfile({ livingArrangement: "care-institution" }), AS_OF);
    const reasons = report.packages[0]?.reasons ?? [];
    expect(reasons.map((r) => r.messageZh)).toEqual([
      "不符合「居家」（居住情况 = 入住养老机构）。",
      "不符合「困难对象」（经济状况 = 无（非困难对象））。",
      "不符合「有家庭照护者」（家中有家庭照护者 = 否）。",
    ]);
    expect(reasons.map((r) => r.message)).toEqual([
      "Not met: Lives at home (living arrangement = In a care institution (养老机构)).",
      "Not met: Assisted person (economic status = None (not an assisted person)).",
      "Not met: Has a family carer (family carer at home = no).",
    ]);
    expect(report.packages[3]?.reasons[0]?.messageZh).toBe("不符合「可享居家照护」（符合「居家照护」 = 否）。");
  });
});

describe("checkEligibility: what rules read is the profile's own", () => {
  const doc = testCatalog();
  (doc["packages"] as Array<Record<string, unknown>>)[0]!["conditions"] = [
    { id: "district", label: text("属区县", "In a district"), rule: { "==": [{ var: "profile.residence.district" }, "d9"] } },
    { id: "ltci", label: text("参保", "Enrolled"), rule: { var: "profile.insurance.ltciEnrolled" } },
  ];
  const catalog = loadServiceCatalog(doc);
  const readOf = (report: ReturnType<typeof checkEligibility>) => report.packages[0]!.conditions.map((c) => [c.id, c.held, c.read]);

  it("never reads a value a profile object only inherits, in whatever form the profile comes", () => {
    const residence = Object.assign(Object.create({ district: "d9" }) as Record<string, unknown>, { city: "test-city" });
    const insurance = Object.create({ ltciEnrolled: true }) as Record<string, unknown>;
    insurance["ltciEnrolled"] = false;
    const canonical = { ...PROFILE, residence, insurance, familyCarerAtHome: false, chronicConditions: [], monthsInContinuousHomeCare: 0 };
    for (const profile of [withProfile({ residence, insurance }), canonical]) {
      expect(readOf(checkEligibility(catalog, profile, AS_OF))).toEqual([
        ["district", false, { "profile.residence.district": null }],
        ["ltci", false, { "profile.insurance.ltciEnrolled": false }],
      ]);
    }
    const plain = { ...canonical, residence: { city: "test-city", district: "d9" }, insurance: { ltciEnrolled: true } };
    expect(readOf(checkEligibility(catalog, plain, AS_OF))).toEqual([
      ["district", true, { "profile.residence.district": "d9" }],
      ["ltci", true, { "profile.insurance.ltciEnrolled": true }],
    ]);
  });
});
