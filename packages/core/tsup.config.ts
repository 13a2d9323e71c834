import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.config.base";
import { logicPoolOneCopyPlugin } from "../../scripts/generate-logic-pool";

// The browser entry takes one copy of each compiler closure (see scripts/generate-logic-pool.ts).
export default defineConfig([baseConfig, { ...baseConfig, entry: { "index.browser": "src/index.ts" }, format: ["esm"], dts: false, clean: false, esbuildPlugins: [logicPoolOneCopyPlugin] }]);
