import { defineRule, directiveFindings } from "../src/rule-api.js";

export default defineRule({
  dialect: "any",
  meta: {
    id: "unknown-directive",
    severity: "warning",
    summary: "A directive or option that no known module provides (a typo, or a module that is not loaded)",
    rationale:
      'The server refuses to start on a name it does not know (lighttpd only warns and ignores it), and it says so at restart, on the production machine. A misspelt `PythonDebg` or `proxy_set_heder` is caught here, with the nearest known name. Names of third-party modules can be declared with `extraDirectives` in the configuration file.\n\nWhen the linter sees the whole server, the finding is an **error**, because `apache2 -t` and `nginx -t` fail on it: for Apache, a main configuration (it loads modules, or is `apache2.conf`/`httpd.conf`) whose loaded modules are all ones the catalog knows; for nginx, a file that holds the `events` or `http` block. In a fragment linted alone (a site file, a `conf.d` snippet), where a module the linter cannot see may define the name, and for lighttpd (which only warns), it is a warning. A lighttpd condition on a field lighttpd does not know (`$HTTP["Host"]`: fields are lower case; `$SERVER["port"]`) is an **error** wherever it is: lighttpd refuses the file ("error comp_key", checked with lighttpd 1.4.69). A severity set for the rule (`--rule`, the configuration) wins.',
    silentWhen: [
      "The name is listed in the configuration file's `extraDirectives` (or `--extra-directive`)",
      "Apache: inside `<IfModule !x>`, or `<IfModule>`/`<IfDirective>`/`<IfSection>` naming a module the catalog does not know; inside `<Macro>` bodies; names built from `${VAR}`; a target older than httpd 2.4 (`--apache-version 2.2`)",
      "nginx: inside bodies that hold data rather than directives (`map`, `types`, `geo`, `split_clients`, `charset_map`, `match`) and Lua blocks; names with `$`, `{` or `%` (templates)",
      "lighttpd: user variables (`var.*`, `env.*`, bare names) and options of older 1.4 releases; conditions on `$REQUEST_HEADER[...]` (any header) and `$PHYSICAL[...]` (older releases)",
      '"needs mod_x": unless the whole module list is visible (a main configuration that loads its modules, or `--apache-module`, and no include the linter cannot read at server level or in the virtual host); for lighttpd, not for the options `lighttpd/module-not-loaded` reports',
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
    absence: ["needsModule"],
  },
  check({ server, settings, report }) {
    for (const f of directiveFindings(server, settings)) if (f.rule === "unknown-directive") report(f);
  },
});
