import type { AssessmentResult } from "@yiyang/assessment";
import type { PersonProfileInput, ProfileAssessmentInput } from "@yiyang/eligibility";
import { describe, expectTypeOf, it } from "vitest";

const take = (assessment: ProfileAssessmentInput) => assessment;
const profileWith = (assessment: PersonProfileInput["assessment"]) => assessment;
const profileWithList = (assessments: PersonProfileInput["assessments"]) => assessments;

describe("PersonProfileInput", () => {
  it("takes an AssessmentResult as its assessment", () => {
    expectTypeOf(take).toBeCallableWith({} as AssessmentResult);
    expectTypeOf(profileWith).toBeCallableWith({} as AssessmentResult);
    expectTypeOf(profileWithList).toBeCallableWith([{} as AssessmentResult, {} as AssessmentResult]);
  });

  it("still refuses an assessment without a level", () => {
    // @ts-expect-error a result without a level is not an assessment a profile can carry
    take({} as Omit<AssessmentResult, "level">);
  });
});
