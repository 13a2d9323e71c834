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

/**
 * The build of a package that pages import: {@link baseConfig}, but the ES module build keeps one
 * file per source module (code shared by several in chunks beside them), so an app's bundler drops
 * every module the app does not use, as it does from source (`sideEffects: false` works per file;
 * within one file a top-level call such as a zod schema's construction stays). The CommonJS build
 * is for Node and stays one file.
 */
export const perModuleConfig: Options[] = [
  { ...baseConfig, format: ["cjs"] },
  {
    ...baseConfig,
    entry: ["src/**/*.ts", "!src/**/*.test.ts", "!src/**/*.test-d.ts", "!src/**/*.fixture.ts"],
    format: ["esm"],
    splitting: true,
    dts: { entry: "src/index.ts" },
    clean: false,
  },
];
