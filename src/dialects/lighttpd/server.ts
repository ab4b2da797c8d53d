/** lighttpd's grammar, loader, model, catalog and editor: initialised at the first lighttpd file (see ../server-part.ts). */
import { describeLighttpdOption, lighttpdDirectiveFindings } from "../../catalog/lighttpd.js";
import { LIGHTTPD_FORMAT, loadLighttpdTree, type LighttpdTree, type LoadedLighttpdFile } from "../../load/lighttpd.js";
import { LighttpdServer } from "../../model/lighttpd/server.js";
import { lighttpdSiteBlocks } from "../../model/lighttpd/django-sites.js";
import type { ServerPart } from "../server-part.js";
import { lighttpdEditor } from "./editor.js";

export const lighttpdServer: ServerPart<"lighttpd"> = {
  format: LIGHTTPD_FORMAT,
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
