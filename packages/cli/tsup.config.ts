import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.config.base";

// shims: the CommonJS build finds the workbench page beside itself as the ES module build does.
export default defineConfig({ ...baseConfig, shims: true });
