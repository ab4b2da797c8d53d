/** nginx: the loader follows `include` (globs, prefix), the model builds scopes, servers and locations. */
import { loadNginxTree, type NginxLoadedFile, type NginxTree } from "../load/nginx.js";
import { NginxServer } from "../model/nginx/server.js";
import type { DialectSupport } from "./dialects.js";

export const nginxSupport: DialectSupport | null = {
  dialect: "nginx",
  mainConfig: /^nginx\.conf$/i,
  load: (entry, text, fsys, opts, parseCache) =>
    loadNginxTree(entry, fsys, { prefix: opts.nginxPrefix, parseCache: parseCache as Map<string, NginxLoadedFile> }, text),
  model: (tree, opts) => new NginxServer(tree as NginxTree, { nginxVersion: opts.nginxVersion }),
};
