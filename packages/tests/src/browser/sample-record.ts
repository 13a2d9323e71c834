/** One old person's GB/T 42195-2022 record in the interchange format: the page assesses it. */
export const SAMPLE_RECORD = {
  id: "SH-2025-000123",
  assessedOn: "2025-03-10",
  subject: { birthDate: "1943-11-02", sex: "female" },
  items: {
    eating: 3, grooming: 2, bathing: 1, dressingUpper: 3, dressingLower: 2, urinaryControl: 3, bowelControl: 3, toileting: 2,
    bedMobility: 3, transfer: 3, walking: 2, stairs: 1,
    timeOrientation: 2, placeOrientation: 2, personOrientation: 3, memory: 2, comprehension: 3, expression: 3, aggression: 1, depression: 1, consciousness: 2,
    vision: 1, hearing: 1, dailyAffairs: 2, transportation: 1, socialInteraction: 3,
  },
  coma: false,
  diseases: ["hypertension", "dementia"],
  riskEvents: { fall: 1, wandering: 0, choking: 0, selfHarm: 0, other: 0 },
};
