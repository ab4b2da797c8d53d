/** Apache httpd: the loader follows Include/IncludeOptional, the model merges scopes. */
import { loadApacheTree, type ApacheTree, type LoadedFile } from "../load/apache.js";
import { ApacheServer } from "../model/apache/server.js";
import type { DialectSupport } from "./dialects.js";

export const apacheSupport: DialectSupport = {
  dialect: "apache",
  mainConfig: /^(apache2|httpd)\.conf$/i,
  load: (entry, text, fsys, opts, parseCache) =>
    loadApacheTree(entry, fsys, { serverRoot: opts.serverRoot, parseCache: parseCache as Map<string, LoadedFile> }, text),
  model: (tree, opts) =>
    new ApacheServer(tree as ApacheTree, {
      apacheVersion: opts.apacheVersion, djangoVersion: opts.djangoVersion, modules: opts.modules, mpm: opts.mpm,
    }),
};
