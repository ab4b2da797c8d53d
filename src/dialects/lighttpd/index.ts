/** lighttpd: the loader follows include (never include_shell), the model builds the conditional contexts (./server.ts). */
import type { LighttpdServer } from "../../model/lighttpd/server.js";
import type { DialectPlugin } from "../plugin.js";
import { dialectPlugin } from "../server-part.js";
import { lighttpdFiles } from "./detect.js";
import { lighttpdServer } from "./server.js";

declare module "../../core/dialect.js" {
  interface ServerModels {
    lighttpd: LighttpdServer;
  }
}

export const lighttpd: DialectPlugin<"lighttpd"> = dialectPlugin<"lighttpd">(
  {
    name: "lighttpd",
    files: lighttpdFiles,
    comments: { prefix: "#", trailing: true },
    fence: "lighttpd",
    languageIds: ["lighttpd"],
    options: [],
  },
  () => lighttpdServer,
);
