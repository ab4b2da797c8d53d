/** The nginx server model (to be built). */
import type { ServerTree } from "../../load/tree.js";

export class NginxServer {
  readonly dialect = "nginx" as const;
  constructor(readonly tree: ServerTree) {}
}
