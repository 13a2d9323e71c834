import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.config.base";

// The worker of `assess --jobs` is a second entry, found beside index.js at run time; shims: the
// CommonJS build finds it and the workbench page beside itself as the ES module build does.
export default defineConfig({ ...baseConfig, entry: ["src/index.ts", "src/assess-worker.ts"], shims: true });
