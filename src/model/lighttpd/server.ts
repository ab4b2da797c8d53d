/** The lighttpd server model (to be built). */
import type { ServerTree } from "../../load/tree.js";

export class LighttpdServer {
  readonly dialect = "lighttpd" as const;
  constructor(readonly tree: ServerTree) {}
}
