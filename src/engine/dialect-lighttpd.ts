/** lighttpd: the loader follows include (never include_shell), the model builds the conditional contexts. */
import { loadLighttpdTree, type LighttpdTree, type LoadedLighttpdFile } from "../load/lighttpd.js";
import { LighttpdServer } from "../model/lighttpd/server.js";
import type { DialectSupport } from "./dialects.js";

export const lighttpdSupport: DialectSupport | null = {
  dialect: "lighttpd",
  mainConfig: /^lighttpd\.conf$/i,
  load: (entry, text, fsys, opts, parseCache) => loadLighttpdTree(entry, fsys, { parseCache: parseCache as Map<string, LoadedLighttpdFile>, template: { option: opts.template, variant: opts.templateVariant } }, text),
  model: (tree) => new LighttpdServer(tree as LighttpdTree),
};
