/** Which part of a semantic version a save raises. */
export type VersionBump = "major" | "minor" | "patch";

/**
 * The next version: `major` → x+1.0.0, `minor` → x.y+1.0, `patch` → x.y.z+1; a pre-release tag
 * is dropped. Returns `null` for a version that is not `x.y.z[-tag]`.
 */
export function bumpVersion(version: string, bump: VersionBump): string | null {
  const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/.exec(version);
  if (match === null) return null;
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}
