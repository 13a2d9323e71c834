import type { CliIo, Lang } from "../../cli-io";

/** What `impact` does for one kind of document. */
export interface ImpactHandler {
  kind: string;
  run(args: { before: unknown; after: unknown; input: string; io: CliIo; lang: Lang; format: string; asOf?: string | undefined; period?: string | undefined }): Promise<number>;
}
