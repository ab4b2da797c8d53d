/** Apache httpd: the loader follows Include/IncludeOptional, the model merges scopes (./server.ts). */
import type { ApacheServer } from "../../model/apache/server.js";
import { APACHE_VERSION } from "../../model/apache/version.js";
import type { DialectPlugin } from "../plugin.js";
import { dialectPlugin } from "../server-part.js";
import { apacheFiles } from "./detect.js";
import { apacheServer } from "./server.js";

declare module "../../core/dialect.js" {
  interface ServerModels {
    apache: ApacheServer;
  }
}

declare module "../../core/options.js" {
  interface DialectOptions {
    /** ServerRoot for relative Include paths (default: the config's own, else the entry file's directory). */
    serverRoot?: string;
    /** The httpd version the config targets: 2.4, 2.2 or a release such as 2.4.46 (default: a current 2.4). */
    apacheVersion?: string;
    /** Modules compiled into httpd (`python_module`, `mod_python.c`). */
    modules?: string[];
    /** The MPM, when it is compiled in rather than loaded. */
    mpm?: string;
  }
}

export const apache: DialectPlugin<"apache"> = dialectPlugin<"apache">(
  {
    name: "apache",
    files: apacheFiles,
    // httpd has no trailing comments: a `#` after a directive is one of its arguments.
    comments: { prefix: "#", trailing: false },
    fence: "apache",
    languageIds: ["apache", "apacheconf"],
    options: [
      {
        key: "serverRoot",
        flag: "server-root",
        type: "path",
        describe: "Apache ServerRoot for relative Include paths (default: the config's ServerRoot, else the entry file's directory)",
      },
      {
        key: "apacheVersion",
        flag: "apache-version",
        type: "string",
        valid: { pattern: APACHE_VERSION, config: 'must be "2.4", "2.2" or a release such as "2.4.46"', flag: "expects 2.4, 2.2 or a release such as 2.4.46" },
        describe: "Apache httpd version the config targets: 2.4, 2.2 or a release such as 2.4.46 (default: a current 2.4)",
      },
      {
        key: "modules",
        configKey: "apacheModules",
        flag: "apache-module",
        type: "list",
        describe: "A module compiled into httpd, as python_module or mod_python.c (repeatable)",
      },
      {
        key: "mpm",
        configKey: "apacheMpm",
        flag: "apache-mpm",
        type: "choice",
        choices: ["prefork", "worker", "event"],
        describe: "The MPM, when it is compiled in rather than loaded",
      },
    ],
  },
  () => apacheServer,
);
