export { runCli, main, EXIT } from "./run-cli";
export type { CliIo, Lang } from "./cli-io";
