import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Tests run against each package's source through this export condition, with no build step.
    conditions: ["@yiyang/source"],
  },
  ssr: {
    resolve: {
      conditions: ["@yiyang/source"],
    },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts"],
    restoreMocks: true,
    reporters: ["default", "./scripts/vitest-summary-reporter.ts"],
    typecheck: {
      enabled: true,
      include: ["packages/*/src/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
