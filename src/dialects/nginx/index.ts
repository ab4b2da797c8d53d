/** nginx: the loader follows `include` (globs, prefix), the model builds scopes, servers and locations. */
import { NGINX_DIRECTIVES } from "../../../grammars/nginx/directives.js";
import { describeNginxDirective, nginxDirectiveFindings } from "../../catalog/nginx.js";
import { loadNginxTree, NGINX_FORMAT, type NginxLoadedFile, type NginxTree } from "../../load/nginx.js";
import { NginxServer } from "../../model/nginx/server.js";
import { NGINX_VERSION } from "../../model/nginx/version.js";
import { nginxSiteBlocks } from "../../model/nginx/django-sites.js";
import type { DialectPlugin } from "../plugin.js";
import { nginxEditor } from "./editor.js";
import { nginxFiles } from "./detect.js";

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

export const nginx: DialectPlugin<"nginx"> = {
  name: "nginx",
  files: nginxFiles,
  format: NGINX_FORMAT,
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
  load: (entry, text, fsys, opts, parseCache) =>
    loadNginxTree(
      entry,
      fsys,
      { prefix: opts.nginxPrefix, parseCache: parseCache as Map<string, NginxLoadedFile>, template: { option: opts.template, variant: opts.templateVariant } },
      text,
    ),
  model: (tree, opts) => new NginxServer(tree as NginxTree, { nginxVersion: opts.nginxVersion }),
  siteBlocks: nginxSiteBlocks,
  catalog: {
    findings: nginxDirectiveFindings,
    describe: describeNginxDirective,
    reference: (name) => (NGINX_DIRECTIVES.has(name) ? `https://nginx.org/r/${name}` : null),
  },
  editor: nginxEditor,
};
