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
 * is for Node: one file per entry, sharing chunks when there are several (so one copy of each
 * module is loaded, and `instanceof` holds across entries).
 *
 * @param entries - the package's public entries (`exports`)
 */
export function perModuleConfig(entries: string[] = ["src/index.ts"]): [Options, Options] {
  return [
    { ...baseConfig, entry: entries, format: ["cjs"], splitting: entries.length > 1 },
    {
      ...baseConfig,
      entry: ["src/**/*.ts", "!src/**/*.test.ts", "!src/**/*.test-d.ts", "!src/**/*.fixture.ts"],
      format: ["esm"],
      splitting: true,
      dts: { entry: entries },
      clean: false,
    },
  ];
}
