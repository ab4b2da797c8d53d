/** Apache httpd's grammar, loader, model, catalog and editor: initialised at the first Apache file (see ../server-part.ts). */
import type { ApacheSection } from "../../ast/apache.js";
import { apacheDirectiveFindings, describeApacheDirective } from "../../catalog/apache.js";
import { APACHE_FORMAT, loadApacheTree, type ApacheTree, type LoadedFile } from "../../load/apache.js";
import { CONDITIONAL_SECTIONS } from "../../model/apache/conditions.js";
import { ApacheServer } from "../../model/apache/server.js";
import { apacheSiteBlocks } from "../../model/apache/django-sites.js";
import type { ServerPart } from "../server-part.js";
import { apacheEditor } from "./editor.js";

export const apacheServer: ServerPart<"apache"> = {
  format: APACHE_FORMAT,
  load: (entry, text, fsys, opts, parseCache) =>
    loadApacheTree(
      entry,
      fsys,
      { serverRoot: opts.serverRoot, parseCache: parseCache as Map<string, LoadedFile>, template: { option: opts.template, variant: opts.templateVariant } },
      text,
    ),
  model: (tree, opts) =>
    new ApacheServer(tree as ApacheTree, {
      apacheVersion: opts.apacheVersion,
      djangoVersion: opts.djangoVersion,
      modules: opts.modules,
      mpm: opts.mpm,
    }),
  siteBlocks: apacheSiteBlocks,
  // httpd reads a conditional section left open at the end of a file as closed when its
  // condition holds, and fails only when it does not ("Expected </IfModule> before end of configuration").
  syntaxVerdict: (server, problem) => {
    const error = { severity: "error" as const, message: problem.message };
    const section = problem.unclosed as ApacheSection | undefined;
    if (!section || !CONDITIONAL_SECTIONS.has(section.key)) return error;
    const own = server.conditionOf(section);
    if (own === "yes") return null;
    // A name no Define sets holds only with `httpd -D NAME`: without it, httpd fails.
    if (own === "no" || section.key === "ifdefine") return error;
    return { severity: "info", message: `${problem.message} (the server accepts this only while the section's condition holds)` };
  },
  catalog: {
    findings: apacheDirectiveFindings,
    describe: describeApacheDirective,
    reference: (name) =>
      /^WSGI/.test(name)
        ? `https://modwsgi.readthedocs.io/en/master/configuration-directives/${name}.html`
        : /^[A-Z]/.test(name)
          ? `https://httpd.apache.org/docs/2.4/mod/directives.html#${name.toLowerCase()}`
          : null,
  },
  editor: apacheEditor,
};
