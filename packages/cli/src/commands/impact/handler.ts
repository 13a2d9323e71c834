import type { LoadedDocument } from "@yiyang/core";
import type { CliIo, Lang } from "../../cli-io";

/** What `impact` does for one kind of document. */
export interface ImpactHandler {
  kind: string;
  /** `before` and `after` are loaded documents of the handler's kind. */
  run(args: { before: LoadedDocument; after: LoadedDocument; input: string; io: CliIo; lang: Lang; format: string; asOf?: string | undefined; period?: string | undefined }): Promise<number>;
}
