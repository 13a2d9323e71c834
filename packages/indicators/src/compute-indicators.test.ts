import { fingerprint, isYiyangError } from "@yiyang/core";
import { describe, expect, it } from "vitest";
import { computeIndicators, computeIndicatorsAsync, safeComputeIndicators } from "./compute-indicators";
import { loadIndicatorCatalog } from "./load-indicator-catalog";
import { person, testCatalog, YEAR_2024 } from "./test-catalog.fixture";
import type { IndicatorReport, IndicatorResult, IndicatorValue } from "./types";

/** The people of the worked example (period 2024, ages on 31 December 2024). */
const PEOPLE = [
  person({ id: "a", birthDate: "1950-06-01", managedOn: "2024-05-01" }), // 74, managed
  person({ id: "b", birthDate: "1940-01-01", sex: "male" }), // 84, not managed
  person({ id: "c", birthDate: "1959-12-31", district: "south", managedOn: "2024-12-31" }), // 65 on the reference date, managed on the last day
  person({ id: "d", birthDate: "1960-01-01", managedOn: "2024-05-01" }), // 64: outside
  person({ id: "e", birthDate: "1945-03-03", sex: "male", district: "south", diedOn: "2024-06-01", managedOn: "2024-02-01" }), // 79, died: excluded
  person({ id: "f", birthDate: "1955-01-01", managedOn: "2024-02-02", optedOut: true }), // 69, managed but opted out
  person({ id: "g", sex: "x" }), // bad enum
  person({ id: "h", birthDate: "1950-01-01", diedOn: "1949-01-01" }), // fails the check
];

const FACILITIES = [
  { id: "h1", kind: "home", district: "north", beds: 100, nursingBeds: 40 },
  { id: "h2", kind: "home", district: "south", beds: 50, nursingBeds: 45 },
  { id: "h3", kind: "home", district: "north", beds: 30, nursingBeds: 30, closedOn: "2024-03-01" },
  { id: "x1", kind: "hospital", district: "north", beds: 500, nursingBeds: 0 },
  { id: "bad", kind: "home", district: "north", beds: 10, nursingBeds: 20 },
];

const STAYS = [
  { id: "s1", facilityId: "h1", days: 300, falls: 1 },
  { id: "s2", facilityId: "h2", days: 700, falls: 2 },
];

function indicator(report: IndicatorReport, id: string): IndicatorResult {
  const found = report.indicators.find((i) => i.id === id);
  if (found === undefined) throw new Error(`no indicator ${id}`);
  return found;
}

function stratum(result: IndicatorResult, stratifier: string, value: unknown): IndicatorValue {
  const found = result.strata.find((s) => s.id === stratifier)?.strata.find((s) => s.stratum === value);
  if (found === undefined) throw new Error(`no stratum ${String(value)} by ${stratifier}`);
  return found;
}

const counts = (v: IndicatorValue) => [v.initialPopulation, v.denominatorExclusions, v.denominator, v.numeratorExclusions, v.numerator];

describe("computeIndicators", () => {
  const catalog = loadIndicatorCatalog(testCatalog());
  const report = computeIndicators(catalog, { person: PEOPLE, facility: FACILITIES, episode: STAYS }, { period: YEAR_2024 });
  /** The same records less the refused ones: attainment is then judged on the counts alone. */
  const counted = computeIndicators(
    catalog,
    { person: PEOPLE.slice(0, 6), facility: FACILITIES.slice(0, 4), episode: STAYS },
    { period: YEAR_2024 },
  );

  it("counts the initial population, exclusions and numerator of a rate", () => {
    const managed = indicator(report, "managed-65").overall;
    // a, b, c, e, f are 65+; e died (excluded); f opted out (numerator exclusion); a and c were managed.
    expect(counts(managed)).toEqual([5, 1, 4, 1, 2]);
    expect(managed.rate).toBe("50.0");
    expect(managed.value).toBe(50);
    expect(managed.status).toBe("computed");
  });

  it("counts someone who is 65 on the reference date and not someone who turns 65 the day after", () => {
    const ages = computeIndicators(
      catalog,
      { person: [person({ id: "on", birthDate: "1959-12-31" }), person({ id: "after", birthDate: "1960-01-01" })] },
      { period: YEAR_2024 },
    );
    expect(indicator(ages, "managed-65").overall.initialPopulation).toBe(1);
  });

  it("compares the target on the exact fraction and gives the shortfall and the numerator change", () => {
    const managed = indicator(counted, "managed-65");
    expect(managed.target).toMatchObject({ comparison: ">=", value: 60, year: 2025, yearPassed: false });
    // 2 of 4 = 50%: 10 points short; 3 of 4 = 75% would meet 60%.
    expect(managed.overall.attainment).toEqual({ met: false, status: "not-met", shortfall: "10.0", numeratorChange: 1, range: null });
  });

  it("breaks the value down by field and by rule, declared strata first, with an empty declared stratum", () => {
    const managed = indicator(counted, "managed-65");
    expect(managed.strata.map((s) => [s.id, s.strata.map((x) => x.stratum)])).toEqual([
      ["district", ["north", "south", "west"]],
      ["sex", ["female", "male"]],
      ["age-band", ["65-74", "75+"]],
    ]);
    expect(counts(stratum(managed, "district", "north"))).toEqual([3, 0, 3, 1, 1]);
    expect(stratum(managed, "district", "north").rate).toBe("33.3");
    expect(counts(stratum(managed, "district", "south"))).toEqual([2, 1, 1, 0, 1]);
    expect(stratum(managed, "sex", "female").rate).toBe("66.7");
    expect(stratum(managed, "sex", "female").attainment?.met).toBe(true);
    expect(counts(stratum(managed, "age-band", "75+"))).toEqual([2, 1, 1, 0, 0]);
    expect(stratum(managed, "age-band", "75+").rate).toBe("0.0");
  });

  it("stratifies by bands of the age as the band operator does", () => {
    const edited = testCatalog() as { stratifiers: Array<Record<string, unknown>> };
    const ageBand = edited.stratifiers[2] as Record<string, unknown>;
    delete ageBand.logic;
    ageBand.field = "age";
    ageBand.bands = [[65, 74, "65-74"], [75, null, "75+"]];
    const banded = computeIndicators(edited, { person: PEOPLE }, { period: YEAR_2024 });
    const byBands = indicator(banded, "managed-65").strata.find((s) => s.id === "age-band");
    expect(byBands).toEqual(indicator(report, "managed-65").strata.find((s) => s.id === "age-band"));
  });

  it("reports an empty denominator as such, never as 0% or NaN", () => {
    const west = stratum(indicator(report, "managed-65"), "district", "west");
    expect(west).toMatchObject({ initialPopulation: 0, denominator: 0, numerator: 0, status: "empty-denominator", rate: null, value: null });
    expect(west.attainment).toEqual({ met: null, status: "undetermined", shortfall: null, numeratorChange: null, range: { low: "0.0", high: "100.0" } });
    const countedWest = stratum(indicator(counted, "managed-65"), "district", "west");
    expect(countedWest.attainment).toEqual({ met: null, status: "empty-denominator", shortfall: null, numeratorChange: null, range: null });
  });

  it("expresses a rate per mille", () => {
    expect(indicator(report, "managed-65-per-mille").overall.rate).toBe("500.00");
  });

  it("sums a field instead of counting records", () => {
    const beds = indicator(counted, "nursing-bed-share");
    // h1 100/40 and h2 50/45 count; h3 closed before the reference date; the hospital is outside.
    expect(counts(beds.overall)).toEqual([3, 1, 150, 0, 85]);
    expect(beds.overall.rate).toBe("56.7");
    expect(beds.overall.attainment?.met).toBe(true);
    const north = stratum(beds, "facility-district", "north");
    expect([north.denominator, north.numerator, north.rate]).toEqual([100, 40, "40.0"]);
    expect(north.attainment).toEqual({ met: false, status: "not-met", shortfall: "10.0", numeratorChange: 10, range: null });
  });

  it("counts a count indicator with numerator exclusions and no denominator", () => {
    const homes = indicator(counted, "homes-open").overall;
    expect(homes).toMatchObject({ initialPopulation: 3, denominator: null, numeratorExclusions: 1, numerator: 2, rate: "2", value: 2 });
    expect(homes.attainment).toEqual({ met: false, status: "not-met", shortfall: "1", numeratorChange: 1, range: null });
  });

  it("divides one sum by another and compares with a less-than target", () => {
    const falls = indicator(counted, "falls-per-1000-days").overall;
    expect([falls.denominator, falls.numerator, falls.rate]).toEqual([1000, 3, "3.0"]);
    expect(falls.attainment).toEqual({ met: false, status: "not-met", shortfall: "1.0", numeratorChange: -2, range: null });
  });

  it("counts and reports records with bad fields, with their position, id and JSON pointer paths", () => {
    expect(report.records).toMatchObject({ read: 15, valid: 12, invalid: 3 });
    expect(report.records.bySubject.person).toEqual({ read: 8, valid: 6, invalid: 2 });
    expect(report.recordIssues.map((r) => [r.subject, r.index, r.line, r.id, r.issues.map((i) => [i.code, i.path])])).toEqual([
      ["person", 6, 7, "g", [["invalid_field", "/sex"]]],
      ["person", 7, 8, "h", [["failed_check", "/diedOn"]]],
      ["facility", 4, 5, "bad", [["failed_check", "/nursingBeds"]]],
    ]);
    expect(report.recordIssues[0]?.issues[0]?.messageZh).toContain("female, male");
    expect(report.issues.map((i) => i.code)).toEqual(["invalid_records"]);
  });

  it("reports every bad field of a record at once", () => {
    const bad = computeIndicators(catalog, { person: [{ id: "z", birthDate: "1950-02-30", sex: 1 }] }, { period: YEAR_2024 });
    expect(bad.recordIssues[0]?.issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid_field", "/birthDate"],
      ["invalid_field", "/sex"],
      ["missing_field", "/district"],
    ]);
  });

  it("refuses a record that is not a plain object, or of no known kind", () => {
    class Person {
      id = "k";
    }
    const odd = computeIndicators(catalog, [null, [1], new Person(), { subject: "robot", id: "r" }, { id: "no-subject" }], { period: YEAR_2024 });
    expect(odd.records).toMatchObject({ read: 5, valid: 0, invalid: 5 });
    expect(odd.recordIssues.map((r) => [r.index, r.subject, r.issues[0]?.code, r.issues[0]?.path])).toEqual([
      [0, null, "unknown_subject", "/subject"],
      [1, null, "unknown_subject", "/subject"],
      [2, null, "unknown_subject", "/subject"],
      [3, null, "unknown_subject", "/subject"],
      [4, null, "unknown_subject", "/subject"],
    ]);
    const trap = Object.defineProperty(person(), "district", {
      enumerable: true,
      get() {
        throw new Error("unreadable");
      },
    });
    const shaped = computeIndicators(catalog, { person: [null, [1], new Person(), trap] }, { period: YEAR_2024 });
    expect(shaped.recordIssues.map((r) => r.issues[0]?.code)).toEqual(["invalid_record", "invalid_record", "invalid_record", "invalid_record"]);
    expect(shaped.recordIssues[3]?.issues[0]?.message).toBe("The record could not be read: unreadable");
  });

  it("gives the same numbers from one stream whose records name their subject", () => {
    const mixed = [
      ...STAYS.map((s) => ({ subject: "episode", ...s })),
      ...PEOPLE.map((p) => ({ subject: "person", ...p })),
      ...FACILITIES.map((f) => ({ subject: "facility", ...f })),
    ];
    const single = computeIndicators(catalog, mixed, { period: YEAR_2024 });
    expect(single.indicators).toEqual(report.indicators);
    expect(single.recordIssues.map((r) => [r.index, r.id])).toEqual([
      [8, "g"],
      [9, "h"],
      [14, "bad"],
    ]);
  });

  it("does not modify the records", () => {
    const records = structuredClone(PEOPLE);
    computeIndicators(catalog, { person: records }, { period: YEAR_2024 });
    expect(records).toEqual(PEOPLE);
  });

  it("rounds half up from the integer counts where floating point would round down", () => {
    const edited = testCatalog() as { indicators: Array<{ rounding: { decimals: number } }> };
    (edited.indicators[0] as { rounding: { decimals: number } }).rounding.decimals = 2;
    const people = Array.from({ length: 20_000 }, (_, i) => person({ id: `p${i}`, managedOn: i < 201 ? "2024-03-01" : null }));
    const result = indicator(computeIndicators(edited, { person: people }, { period: YEAR_2024 }), "managed-65").overall;
    // 201 / 20,000 = 1.005% exactly; the float 201 / 20000 * 100 is 1.00499… and toFixed(2) gives "1.00".
    expect(((201 / 20_000) * 100).toFixed(2)).toBe("1.00");
    expect(result.rate).toBe("1.01");
  });

  it("rounds a value ending in 5 at the declared decimal up (12.25% → 12.3%)", () => {
    const people = Array.from({ length: 400 }, (_, i) => person({ id: `p${i}`, managedOn: i < 49 ? "2024-03-01" : null }));
    expect(indicator(computeIndicators(catalog, { person: people }, { period: YEAR_2024 }), "managed-65").overall.rate).toBe("12.3");
  });

  it("changes the number when a threshold in the JSON changes, with no code change", () => {
    const edited = testCatalog() as { indicators: Array<{ population: unknown }> };
    (edited.indicators[0] as { population: unknown }).population = { ">=": [{ var: "age" }, 70] };
    const managed = indicator(computeIndicators(edited, { person: PEOPLE }, { period: YEAR_2024 }), "managed-65").overall;
    // c (65) and f (69) drop out: a, b, e remain; e is excluded; a is managed.
    expect(counts(managed)).toEqual([3, 1, 2, 0, 1]);
    expect(managed.rate).toBe("50.0");
  });

  it("applies the first target whose year is not before the period's, then the latest once all have passed", () => {
    const in2026 = computeIndicators(catalog, { person: PEOPLE }, { period: { from: "2026-01-01", to: "2026-12-31" } });
    expect(indicator(in2026, "managed-65").target).toMatchObject({ value: 70, year: 2030, yearPassed: false });
    const in2031 = computeIndicators(catalog, { person: PEOPLE }, { period: { from: "2031-01-01", to: "2031-12-31" } });
    expect(indicator(in2031, "managed-65").target).toMatchObject({ value: 70, year: 2030, yearPassed: true });
    expect(indicator(in2031, "managed-65-per-mille").target).toBeNull();
    expect(indicator(in2031, "managed-65-per-mille").overall.attainment).toBeNull();
  });

  it("judges attainment on the exact value, or on the rounded one when the catalog says so", () => {
    // 1,299 of 2,000 = 64.95%, shown as 65.0 (one decimal); the target is ≥ 65.
    const edited = testCatalog() as Record<string, unknown> & { indicators: Array<{ targets: unknown }> };
    (edited.indicators[0] as { targets: unknown }).targets = [{ comparison: ">=", value: 65, year: 2025, source: { title: "t", quote: "q" } }];
    const people = Array.from({ length: 2000 }, (_, i) => person({ id: `p${i}`, managedOn: i < 1299 ? "2024-03-01" : null }));
    const exact = indicator(computeIndicators(edited, { person: people }, { period: YEAR_2024 }), "managed-65").overall;
    expect(exact.rate).toBe("65.0");
    expect(exact.attainment).toEqual({ met: false, status: "not-met", shortfall: "0.1", numeratorChange: 1, range: null });
    const rounded = indicator(
      computeIndicators({ ...edited, targetBasis: "rounded" }, { person: people }, { period: YEAR_2024 }),
      "managed-65",
    ).overall;
    expect(rounded.attainment).toEqual({ met: true, status: "met", shortfall: "0.0", numeratorChange: 0, range: null });
  });

  it("never reports a target met when refused records could have failed it", () => {
    // managed-65 counted 2 of 4 (50%) with 2 refused person records: 2/6 = 33.3% to 4/6 = 66.7%.
    const managed = indicator(report, "managed-65");
    expect(managed.overall.attainment).toEqual({ met: null, status: "undetermined", shortfall: null, numeratorChange: null, range: { low: "33.3", high: "66.7" } });
    // female: 2 of 3 = 66.7% met on the counts, but two refused records could make it 2 of 5 = 40%.
    expect(stratum(managed, "sex", "female").attainment).toMatchObject({ met: null, status: "undetermined", range: { low: "40.0", high: "80.0" } });
    expect(stratum(counted.indicators[0] as IndicatorResult, "sex", "female").attainment).toMatchObject({ met: true, status: "met" });
  });

  it("keeps a verdict that no refused record could change, with the range they allow", () => {
    const people = [...Array.from({ length: 9 }, (_, i) => person({ id: `m${i}`, managedOn: "2024-03-01" })), person({ id: "bad", sex: "x" })];
    // 9 of 9 managed, 1 refused: at worst 9 of 10 = 90% ≥ 60%.
    const met = indicator(computeIndicators(catalog, { person: people }, { period: YEAR_2024 }), "managed-65").overall;
    expect(met.attainment).toEqual({ met: true, status: "met", shortfall: "0.0", numeratorChange: 0, range: { low: "90.0", high: "100.0" } });
    const unmanaged = [...Array.from({ length: 9 }, (_, i) => person({ id: `u${i}` })), person({ id: "bad", sex: "x" })];
    // 0 of 9, 1 refused: at best 1 of 10 = 10% < 60%.
    const notMet = indicator(computeIndicators(catalog, { person: unmanaged }, { period: YEAR_2024 }), "managed-65").overall;
    expect(notMet.attainment).toEqual({ met: false, status: "not-met", shortfall: "60.0", numeratorChange: 6, range: { low: "0.0", high: "10.0" } });
  });

  it("weighs refused records of the indicator's subject only, and those of no known kind", () => {
    const facilities = computeIndicators(catalog, { person: PEOPLE.slice(0, 6), facility: FACILITIES }, { period: YEAR_2024 });
    // One refused facility: the person indicators keep their verdict, the bed share (summed) cannot be judged.
    expect(indicator(facilities, "managed-65").overall.attainment?.status).toBe("not-met");
    expect(indicator(facilities, "nursing-bed-share").overall.attainment).toEqual({
      met: null,
      status: "undetermined",
      shortfall: null,
      numeratorChange: null,
      range: { low: "0.0", high: null },
    });
    const mixed = computeIndicators(catalog, [...PEOPLE.slice(0, 6).map((p) => ({ ...p, subject: "person" })), { id: "?" }], { period: YEAR_2024 });
    expect(indicator(mixed, "managed-65").overall.attainment).toMatchObject({ met: null, status: "undetermined", range: { low: "40.0", high: "60.0" } });
  });

  it("names the catalog's id, version and fingerprint, the period and the reference date", () => {
    expect(report.catalog).toEqual({ id: "test-catalog", version: "1.0.0", fingerprint: fingerprint(testCatalog()) });
    expect([report.period, report.referenceDate, report.targetBasis]).toEqual([YEAR_2024, "2024-12-31", "exact"]);
    expect(indicator(report, "managed-65").provisional).toEqual([{ zh: "待核实。", en: "To be checked." }]);
  });

  it("computes ages on another reference date when asked, and says so", () => {
    const earlier = computeIndicators(catalog, { person: PEOPLE }, { period: YEAR_2024, referenceDate: "2024-06-30" });
    expect(earlier.referenceDate).toBe("2024-06-30");
    expect(earlier.issues.map((i) => [i.code, i.severity])).toContainEqual(["reference_date_overridden", "warning"]);
    // c is 64 on 30 June, so only a, b, e and f are 65+; e died before it and is still excluded.
    expect(counts(indicator(earlier, "managed-65").overall)).toEqual([4, 1, 3, 1, 1]);
  });

  it("pools strata past the cap into overflow and warns", () => {
    const people = ["north", "south", "east", "west", "centre"].map((district, i) => person({ id: `p${i}`, district }));
    const capped = computeIndicators(catalog, { person: people }, { period: YEAR_2024, maxStrata: 4 });
    const district = indicator(capped, "managed-65").strata.find((s) => s.id === "district");
    // north, south and west are declared (3 of the 4 slots); east takes the last one; centre overflows.
    expect(district?.strata.map((s) => s.stratum)).toEqual(["north", "south", "west", "east"]);
    expect(district?.overflow?.initialPopulation).toBe(1);
    expect(capped.issues.map((i) => i.code)).toContain("too_many_strata");
  });

  it("describes the first refused records only but counts them all, and streams every one", () => {
    const seen: number[] = [];
    const bad = Array.from({ length: 5 }, (_, i) => person({ id: `b${i}`, birthDate: "nope" }));
    const capped = computeIndicators(catalog, { person: bad }, { period: YEAR_2024, maxRecordIssues: 2, onRecordIssue: (r) => seen.push(r.index) });
    expect([capped.records.invalid, capped.recordIssues.length, capped.recordIssuesOmitted]).toEqual([5, 2, 3]);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it("refuses a record a rule cannot be evaluated on, naming the rule", () => {
    const edited = testCatalog() as { indicators: Array<{ population: unknown }> };
    (edited.indicators[0] as { population: unknown }).population = { ">=": [{ age: [{ var: "birthDate" }, "someday"] }, 65] };
    const failed = computeIndicators(edited, { person: [person({ id: "p1" })] }, { period: YEAR_2024 });
    expect(failed.records.invalid).toBe(1);
    expect(failed.recordIssues[0]?.issues[0]).toMatchObject({ code: "evaluation_failed", params: { rule: "/indicators/0/population" } });
    expect(indicator(failed, "managed-65").overall.initialPopulation).toBe(0);
  });

  it("refuses a record whose stratum is not a single value", () => {
    const edited = testCatalog() as { stratifiers: Array<{ logic?: unknown }> };
    (edited.stratifiers[2] as { logic?: unknown }).logic = { merge: [[{ var: "sex" }]] };
    const failed = computeIndicators(edited, { person: [person()] }, { period: YEAR_2024 });
    expect(failed.recordIssues[0]?.issues[0]).toMatchObject({ code: "invalid_stratum", params: { stratifier: "age-band" } });
  });

  it("refuses a period that does not fit the catalog, and bad dates", () => {
    const attempt = (options: unknown) => {
      try {
        computeIndicators(catalog, [], options as never);
        return null;
      } catch (error) {
        return isYiyangError(error) ? [error.code, error.issues.map((i) => [i.code, i.path])] : error;
      }
    };
    expect(attempt({ period: { from: "2024-01-01", to: "2024-06-30" } })).toEqual(["invalid_argument", [["period_mismatch", "/period"]]]);
    expect(attempt({ period: { from: "2024-02-30", to: "2024-12-31" } })).toEqual(["invalid_argument", [["invalid_date", "/period/from"]]]);
    expect(attempt({ period: { from: "2024-12-31", to: "2024-01-01" } })).toEqual(["invalid_argument", [["invalid_period", "/period"]]]);
    expect(attempt({ period: YEAR_2024, referenceDate: "2024-13-01", maxStrata: 0 })).toEqual([
      "invalid_argument",
      [
        ["invalid_argument", "/maxStrata"],
        ["invalid_date", "/referenceDate"],
      ],
    ]);
  });

  it("rejects an async iterable and points to computeIndicatorsAsync", () => {
    async function* none() {}
    expect(() => computeIndicators(catalog, none() as never, { period: YEAR_2024 })).toThrow(/computeIndicatorsAsync/);
    expect(() => computeIndicators(catalog, { person: none() } as never, { period: YEAR_2024 })).toThrow(/computeIndicatorsAsync/);
    expect(() => computeIndicators(catalog, { people: [] } as never, { period: YEAR_2024 })).toThrow(/person, facility, episode/);
  });

  it("loads a catalog document given in place of a loaded catalog", () => {
    const fromDocument = computeIndicators(testCatalog() as never, { person: PEOPLE }, { period: YEAR_2024 });
    expect(indicator(fromDocument, "managed-65").overall.rate).toBe("50.0");
  });
});

describe("computeIndicatorsAsync", () => {
  const catalog = loadIndicatorCatalog(testCatalog());

  it("gives the same report over async iterables as over arrays", async () => {
    async function* stream<T>(items: readonly T[]) {
      for (const item of items) yield item;
    }
    const expected = computeIndicators(catalog, { person: PEOPLE, facility: FACILITIES }, { period: YEAR_2024 });
    const actual = await computeIndicatorsAsync(catalog, { person: stream(PEOPLE), facility: FACILITIES }, { period: YEAR_2024 });
    expect(actual).toEqual(expected);
    const mixed = await computeIndicatorsAsync(catalog, stream(PEOPLE.map((p) => ({ subject: "person", ...p }))), { period: YEAR_2024 });
    expect(mixed.indicators).toEqual(computeIndicators(catalog, { person: PEOPLE }, { period: YEAR_2024 }).indicators);
  });

  it("rejects records that are not iterable", async () => {
    await expect(computeIndicatorsAsync(catalog, { person: 3 } as never, { period: YEAR_2024 })).rejects.toThrow(/not an iterable/);
  });

  it("rejects with a YiyangError naming the record index where a source failed, with the counts so far, marked incomplete", async () => {
    // Streams are read person, facility, episode: the people are all counted before the facilities fail.
    async function* failing() {
      yield* FACILITIES.slice(0, 2);
      throw new Error("connection reset");
    }
    let thrown: unknown;
    try {
      await computeIndicatorsAsync(catalog, { person: PEOPLE, facility: failing() }, { period: YEAR_2024 });
    } catch (error) {
      thrown = error;
    }
    expect(isYiyangError(thrown)).toBe(true);
    const error = thrown as import("@yiyang/core").YiyangError;
    expect(error.code).toBe("evaluation_failed");
    expect(error.message).toContain("records.facility failed at record index 2: connection reset");
    expect((error.cause as Error).message).toBe("connection reset");
    expect(error.issues).toEqual([
      expect.objectContaining({
        code: "records_source_failed",
        params: expect.objectContaining({ subject: "facility", index: 2, incomplete: true, records: expect.objectContaining({ read: 10 }) }),
      }),
    ]);
    const counts = (error.issues[0]?.params as { records: IndicatorReport["records"] }).records;
    expect([counts.bySubject.person.read, counts.bySubject.facility.read]).toEqual([8, 2]);
  });

  it("reports a synchronous source that throws the same way, also through safeComputeIndicators", () => {
    const failing = {
      *[Symbol.iterator]() {
        yield PEOPLE[0];
        throw new TypeError("cursor closed");
      },
    };
    expect(() => computeIndicators(catalog, { person: failing }, { period: YEAR_2024 })).toThrow(/failed at record index 1: cursor closed/);
    const safe = safeComputeIndicators(catalog, { person: failing }, { period: YEAR_2024 });
    expect(safe.ok).toBe(false);
    expect(safe.issues[0]).toMatchObject({ code: "records_source_failed", params: { index: 1, incomplete: true } });
  });
});
