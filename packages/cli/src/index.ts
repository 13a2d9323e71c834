/**
 * The `yiyang` command line, callable in-process with `runCli`.
 *
 * @module @yiyang/cli
 */
export { runCli, main, EXIT } from "./run-cli";
export type { CliIo, Lang } from "./cli-io";
