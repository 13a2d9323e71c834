/**
 * Records for the sample catalog, generated from a fixed seed: mostly valid, with every kind of
 * trouble a city's export has (nulls, missing optional fields, 29-February births, ages at every
 * boundary of the catalog's bands on its reference dates, invalid rows of every kind, sex coded in
 * every scheme, unknown sex). Not exported from the package.
 * @internal
 */

/** A deterministic generator (a linear congruential sequence). */
export function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface CityRecords {
  person: Array<Record<string, unknown>>;
  facility: Array<Record<string, unknown>>;
  episode: Array<Record<string, unknown>>;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Birthdays on both sides of every age the catalog tests (65, 70, 75, 80) on 31 December and 1 January. */
const BOUNDARY_BIRTHS = [64, 65, 69, 70, 74, 75, 79, 80].flatMap((age) => {
  const year = 2024 - age;
  return [`${year}-12-31`, `${year + 1}-01-01`, `${year}-01-01`, `${year}-12-30`, `${year - 1}-12-31`];
});

const LEAP_BIRTHS = ["1956-02-29", "1960-02-29", "1944-02-29", "1948-02-29", "1952-02-29", "1959-02-28", "1959-03-01"];

const SEX_CODES: unknown[] = ["female", "male", "F", "M", "f", "m", "2", "1", 1, 2, 0, 9, "9", "0", "U", "u", "unknown", "UNKNOWN", "Female", "未知", "男", "女", "男性", "女性", "未说明", " F ", "other", "O", "A", "N"];
const BAD_SEX: unknown[] = ["x", "", true, 3, 1.5, "FM", "01", ["F"], null];

export function generateCityRecords(persons: number, seed = 12): CityRecords {
  const next = randomFrom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const chance = (p: number) => next() < p;
  const dateIn = (from: number, to: number) => {
    const year = from + Math.floor(next() * (to - from + 1));
    const month = 1 + Math.floor(next() * 12);
    const day = 1 + Math.floor(next() * 28);
    return `${year}-${pad(month)}-${pad(day)}`;
  };
  const badDate = () => pick(["2024-02-30", "2023-02-29", "2024-13-01", "20240101", "2024-1-1", "", " 2024-01-01", 20240101, true, "2024-00-10"]);
  /** An optional date: absent, null, in the period or around it, or (rarely) invalid. */
  const optionalDate = (share: number) => {
    const roll = next();
    if (roll < 0.004) return { value: badDate() };
    if (roll < 0.15) return { absent: true };
    if (roll < 0.2) return { value: null };
    if (next() < share) return { value: pick(["2024-01-01", "2024-12-31", "2023-12-31", "2025-01-01"].concat(Array.from({ length: 8 }, () => dateIn(2024, 2024)))) };
    return { value: dateIn(2022, 2025) };
  };
  const put = (record: Record<string, unknown>, key: string, slot: { value?: unknown; absent?: boolean }) => {
    if (!slot.absent) record[key] = slot.value;
  };

  const person: CityRecords["person"] = [];
  for (let i = 0; i < persons; i++) {
    const roll = next();
    const birthDate = roll < 0.1 ? pick(BOUNDARY_BIRTHS) : roll < 0.13 ? pick(LEAP_BIRTHS) : dateIn(1920, 1975);
    const record: Record<string, unknown> = {
      id: `p${i}`,
      birthDate,
      sex: chance(0.2) ? pick(SEX_CODES) : pick(["female", "male"]),
      district: chance(0.01) ? pick(["d é", "区一", "D1"]) : pick(["d1", "d2", "d3"]),
      residentType: chance(0.9) ? "permanent" : "temporary",
      familyDoctorSigned: chance(0.8),
      disabled: chance(0.1),
      dementia: chance(0.05),
    };
    put(record, "deceasedOn", chance(0.03) ? optionalDate(0.5) : { absent: true });
    put(record, "healthManagedOn", optionalDate(0.7));
    put(record, "tcmManagedOn", optionalDate(0.7));
    put(record, "integratedCareOn", optionalDate(0.5));
    put(record, "healthAssessedOn", optionalDate(0.6));
    if (chance(0.05)) record.note = "an undeclared field";
    // About 6% of records are invalid, each in one way.
    if (chance(0.06)) {
      switch (Math.floor(next() * 12)) {
        case 0:
          record.birthDate = badDate();
          break;
        case 1:
          delete record.birthDate;
          break;
        case 2:
          record.sex = pick(BAD_SEX);
          break;
        case 3:
          delete record.sex;
          break;
        case 4:
          record.district = pick(["", 5, null, false]);
          break;
        case 5:
          record.residentType = pick(["PERMANENT", "resident", "", 1]);
          break;
        case 6:
          record.familyDoctorSigned = pick(["true", 1, null, "是"]);
          break;
        case 7:
          record.birthDate = pick(["2025-01-05", "2030-06-30", "2025-01-01"]);
          break;
        case 8:
          record.deceasedOn = "1900-01-01";
          break;
        case 9:
          record.id = pick(["", 7, null]);
          break;
        case 10:
          record.disabled = pick(["false", 0, "否"]);
          break;
        default:
          record.healthManagedOn = badDate();
      }
    }
    person.push(record);
  }

  const kinds = ["general-hospital", "tcm-hospital", "specialty-hospital", "primary-care", "other-medical", "elderly-care-institution"];
  const facility: CityRecords["facility"] = [];
  for (let i = 0; i < Math.ceil(persons / 20); i++) {
    const kind = pick(kinds);
    const beds = Math.floor(next() * 300);
    const record: Record<string, unknown> = {
      id: `f${i}`,
      kind,
      level: kind === "elderly-care-institution" ? 0 : Math.floor(next() * 4),
      ownership: pick(["public", "private"]),
      district: pick(["d1", "d2", "d3"]),
      beds,
      nursingBeds: kind === "elderly-care-institution" ? Math.floor(next() * (beds + 1)) : 0,
    };
    for (const flag of ["hasGeriatrics", "providesMedicalServices", "greenChannel", "ruralRegionalCenter", "standardised"]) {
      const r = next();
      if (r < 0.7) record[flag] = r < 0.45;
      else if (r < 0.8) record[flag] = null;
    }
    if (chance(0.7)) record.openedOn = pick(["2024-12-31", "2025-01-01", "2024-01-01"].concat([dateIn(2000, 2025)]));
    if (chance(0.1)) record.closedOn = pick(["2024-12-31", "2025-01-01", dateIn(2020, 2026)]);
    if (chance(0.3)) record.name = pick(["某养老院", "Home", ""]) || undefined;
    if (record.name === undefined) delete record.name;
    if (chance(0.06)) {
      switch (Math.floor(next() * 7)) {
        case 0:
          record.level = pick([-1, 1.5, "2", null]);
          break;
        case 1:
          record.beds = pick([9007199254740993, -3, "100", 2.5]);
          break;
        case 2:
          record.nursingBeds = beds + 1;
          break;
        case 3:
          record.kind = pick(["hospital", ""]);
          break;
        case 4:
          record.closedOn = "2000-01-01";
          record.openedOn = "2010-01-01";
          break;
        case 5:
          record.ownership = "PUBLIC";
          break;
        default:
          record.name = "";
      }
    }
    facility.push(record);
  }

  const episode: CityRecords["episode"] = [];
  for (let i = 0; i < Math.ceil(persons / 5); i++) {
    const admittedOn = dateIn(2022, 2025);
    const record: Record<string, unknown> = {
      id: `e${i}`,
      facilityId: `f${Math.floor(next() * 50)}`,
      admittedOn,
      pressureInjuryStage: chance(0.85) ? "none" : pick(["1", "2", "3", "4", "unstageable", "deep-tissue"]),
    };
    if (chance(0.5)) record.dischargedOn = pick([admittedOn, dateIn(2023, 2025), "2024-01-01", "2023-12-31"]);
    if (record.pressureInjuryStage !== "none" || chance(0.1)) {
      record.acquiredInFacility = chance(0.6);
      record.pressureInjuryFoundOn = pick(["2024-01-01", "2024-12-31", dateIn(2023, 2025)]);
    }
    if (chance(0.05)) {
      switch (Math.floor(next() * 4)) {
        case 0:
          record.pressureInjuryStage = pick([2, "stage 2", ""]);
          break;
        case 1:
          delete record.pressureInjuryFoundOn;
          record.pressureInjuryStage = "3";
          break;
        case 2:
          record.dischargedOn = "2000-01-01";
          break;
        default:
          record.acquiredInFacility = "yes";
      }
    }
    episode.push(record);
  }
  return { person, facility, episode };
}
