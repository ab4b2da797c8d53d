import { defineRule, directiveFindings } from "../src/rule-api.js";

export default defineRule({
  dialect: "any",
  meta: {
    id: "unknown-directive",
    severity: "warning",
    summary: "A directive or option that no known module provides (a typo, or a module that is not loaded)",
    rationale:
      "The server refuses to start on a name it does not know (lighttpd only warns and ignores it), and it says so at restart, on the production machine. A misspelt `PythonDebg` or `proxy_set_heder` is caught here, with the nearest known name. Names of third-party modules can be declared with `extraDirectives` in the configuration file.",
    silentWhen: [
      "Inside `<IfModule>` for a module the catalog does not know, or `<IfModule !mod_x.c>` (Apache)",
      "The name is listed in the configuration file's `extraDirectives`",
    ],
    seeds: [],
    references: [
      { title: "Apache HTTP Server 2.4 directive index", url: "https://httpd.apache.org/docs/2.4/mod/directives.html" },
      { title: "nginx: alphabetical index of directives", url: "https://nginx.org/en/docs/dirindex.html" },
      { title: "lighttpd configuration options", url: "https://redmine.lighttpd.net/projects/lighttpd/wiki/Docs_ConfigurationOptions" },
    ],
    messages: {
      unknown: "Unknown {{what}} '{{name}}'",
      unknownSuggest: "Unknown {{what}} '{{name}}': did you mean '{{suggestion}}'?",
      needsModule: "{{name}} needs {{module}}, which is not loaded",
    },
  },
  check({ server, settings, report }) {
    for (const f of directiveFindings(server, settings)) if (f.rule === "unknown-directive") report(f);
  },
});
