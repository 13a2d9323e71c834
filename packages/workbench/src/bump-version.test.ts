import { describe, expect, it } from "vitest";
import { bumpVersion } from "./bump-version";

describe("bumpVersion", () => {
  it("raises the part chosen and resets the ones after it", () => {
    expect(bumpVersion("1.2.3", "major")).toBe("2.0.0");
    expect(bumpVersion("1.2.3", "minor")).toBe("1.3.0");
    expect(bumpVersion("1.2.3", "patch")).toBe("1.2.4");
  });

  it("drops a pre-release tag and refuses what is not x.y.z", () => {
    expect(bumpVersion("1.0.0-draft.1", "patch")).toBe("1.0.1");
    expect(bumpVersion("1.0", "minor")).toBeNull();
    expect(bumpVersion("01.0.0", "minor")).toBeNull();
  });
});
