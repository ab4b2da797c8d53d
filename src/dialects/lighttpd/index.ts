/** lighttpd: the loader follows include (never include_shell), the model builds the conditional contexts. */
import { describeLighttpdOption, lighttpdDirectiveFindings } from "../../catalog/lighttpd.js";
import { LIGHTTPD_FORMAT, loadLighttpdTree, type LighttpdTree, type LoadedLighttpdFile } from "../../load/lighttpd.js";
import { LighttpdServer } from "../../model/lighttpd/server.js";
import { lighttpdSiteBlocks } from "../../model/lighttpd/django-sites.js";
import type { DialectPlugin } from "../plugin.js";
import { lighttpdEditor } from "./editor.js";
import { lighttpdFiles } from "./detect.js";

declare module "../../core/dialect.js" {
  interface ServerModels {
    lighttpd: LighttpdServer;
  }
}

export const lighttpd: DialectPlugin<"lighttpd"> = {
  name: "lighttpd",
  files: lighttpdFiles,
  format: LIGHTTPD_FORMAT,
  comments: { prefix: "#", trailing: true },
  fence: "lighttpd",
  languageIds: ["lighttpd"],
  options: [],
  load: (entry, text, fsys, opts, parseCache) =>
    loadLighttpdTree(
      entry,
      fsys,
      { parseCache: parseCache as Map<string, LoadedLighttpdFile>, template: { option: opts.template, variant: opts.templateVariant } },
      text,
    ),
  model: (tree) => new LighttpdServer(tree as LighttpdTree),
  siteBlocks: lighttpdSiteBlocks,
  catalog: {
    findings: lighttpdDirectiveFindings,
    describe: describeLighttpdOption,
    reference: (name) => (name.includes(".") ? "https://redmine.lighttpd.net/projects/lighttpd/wiki/Docs_ConfigurationOptions" : null),
  },
  editor: lighttpdEditor,
};
