import type { Options } from "tsup";

/** The one build every package shares: ESM and CJS, with types for each. */
export const baseConfig: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
};
