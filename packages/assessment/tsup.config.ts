import { defineConfig } from "tsup";
import { perModuleConfig } from "../../tsup.config.base";

export default defineConfig(perModuleConfig());
