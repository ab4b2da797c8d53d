/** nginx: the loader follows `include` (globs, prefix), the model builds scopes, servers and locations (./server.ts). */
import type { NginxServer } from "../../model/nginx/server.js";
import { NGINX_VERSION } from "../../model/nginx/version.js";
import type { DialectPlugin } from "../plugin.js";
import { dialectPlugin } from "../server-part.js";
import { nginxFiles } from "./detect.js";
import { nginxServer } from "./server.js";

declare module "../../core/dialect.js" {
  interface ServerModels {
    nginx: NginxServer;
  }
}

declare module "../../core/options.js" {
  interface DialectOptions {
    /** The directory relative `include` paths resolve against (default: nginx.conf's directory). */
    nginxPrefix?: string;
    /** The nginx version the config targets, major.minor[.patch] (default: a current stable nginx). */
    nginxVersion?: string;
  }
}

export const nginx: DialectPlugin<"nginx"> = dialectPlugin<"nginx">(
  {
    name: "nginx",
    files: nginxFiles,
    comments: { prefix: "#", trailing: true },
    fence: "nginx",
    languageIds: ["nginx"],
    options: [
      { key: "nginxPrefix", flag: "nginx-prefix", type: "path", describe: "nginx prefix for relative include paths (default: nginx.conf's directory)" },
      {
        key: "nginxVersion",
        flag: "nginx-version",
        type: "string",
        valid: {
          pattern: NGINX_VERSION,
          config: 'must be "major.minor" or "major.minor.patch", like "1.28" or "1.29.3"',
          flag: "expects major.minor[.patch], like 1.28 or 1.29.3",
        },
        describe: "nginx version the config targets, major.minor[.patch] (default: a current stable nginx, 1.30)",
      },
    ],
  },
  () => nginxServer,
);
