import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.config.base";

// The worker of `assess --jobs` is a second entry, found beside index.js at run time.
export default defineConfig({ ...baseConfig, entry: ["src/index.ts", "src/assess-worker.ts"], shims: true });
