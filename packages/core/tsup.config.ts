import { defineConfig } from "tsup";
import { perModuleConfig } from "../../tsup.config.base";

// `#rule-evaluator` (package.json "imports") is the rule builder of the platform: the ES modules
// leave it to the app's resolver (browsers get the small one); the CommonJS build is for Node.
const [cjs, esm] = perModuleConfig(["src/index.ts", "src/mini.ts"]);
export default defineConfig([{ ...cjs, esbuildOptions: (options) => void (options.conditions = ["@yiyang/source"]) }, { ...esm, external: ["#rule-evaluator"] }]);
