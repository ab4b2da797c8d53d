/** Apache httpd: the loader follows Include/IncludeOptional, the model merges scopes. */
import type { ApacheSection } from "../../ast/apache.js";
import { apacheDirectiveFindings, describeApacheDirective } from "../../catalog/apache.js";
import { APACHE_FORMAT, loadApacheTree, type ApacheTree, type LoadedFile } from "../../load/apache.js";
import { CONDITIONAL_SECTIONS } from "../../model/apache/conditions.js";
import { ApacheServer } from "../../model/apache/server.js";
import { APACHE_VERSION } from "../../model/apache/version.js";
import { apacheSiteBlocks } from "../../model/apache/django-sites.js";
import type { DialectPlugin } from "../plugin.js";
import { apacheEditor } from "./editor.js";
import { apacheFiles } from "./detect.js";

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

export const apache: DialectPlugin<"apache"> = {
  name: "apache",
  files: apacheFiles,
  format: APACHE_FORMAT,
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
