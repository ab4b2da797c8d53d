/** nginx's grammar, loader, model, catalog and editor: initialised at the first nginx file (see ../server-part.ts). */
import { NGINX_DIRECTIVES } from "../../../grammars/nginx/directives.js";
import { describeNginxDirective, nginxDirectiveFindings } from "../../catalog/nginx.js";
import { loadNginxTree, NGINX_FORMAT, type NginxLoadedFile, type NginxTree } from "../../load/nginx.js";
import { NginxServer } from "../../model/nginx/server.js";
import { nginxSiteBlocks } from "../../model/nginx/django-sites.js";
import type { ServerPart } from "../server-part.js";
import { nginxEditor } from "./editor.js";

export const nginxServer: ServerPart<"nginx"> = {
  format: NGINX_FORMAT,
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
