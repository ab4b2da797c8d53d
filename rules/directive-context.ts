import { defineRule, directiveFindings } from "../src/rule-api.js";

export default defineRule({
  dialect: "any",
  meta: {
    id: "directive-context",
    severity: "error",
    summary: "A known directive in a context (or a form) where the server rejects it",
    rationale:
      "Each directive is allowed only in some contexts: `WSGIDaemonProcess` at server or virtual-host level, never in `<Location>`; nginx's `proxy_pass` in a `location`, never directly in `http`. The server refuses the whole configuration at restart; this finds it before it is deployed.",
    silentWhen: [
      "A fragment linted alone whose surroundings the linter cannot see: the top level of an Apache snippet (it may be included inside a `<Directory>`), or an nginx snippet whose enclosing block its own contents do not prove",
      "Apache `.htaccess` linted alone: only directives that `.htaccess` never allows (AllowOverride is not known)",
      "Entries the server skips (`<IfModule>` of a module that is not loaded) and sections the linter cannot read (unclosed, macros)",
    ],
    seeds: [],
    references: [
      {
        title: "Apache HTTP Server 2.4: terms used to describe directives (Context)",
        url: "https://httpd.apache.org/docs/2.4/mod/directive-dict.html#Context",
      },
      { title: "nginx: alphabetical index of directives", url: "https://nginx.org/en/docs/dirindex.html" },
      { title: "lighttpd configuration options", url: "https://redmine.lighttpd.net/projects/lighttpd/wiki/Docs_ConfigurationOptions" },
    ],
    messages: {
      context: "'{{name}}' is not allowed {{where}}; it is allowed {{allowed}}",
      noBlock: "'{{name}}' takes no block, so nginx rejects the '{' after it: is a ';' missing before it?",
      needsBlock: "'{{name}}' needs a block ({ ... }), so nginx rejects it ended by ';'",
      entryValues: "A {{block}} entry has two values (key and value), not {{count}}: is a ';' missing?",
    },
  },
  check({ server, settings, report }) {
    for (const f of directiveFindings(server, settings)) if (f.rule === "directive-context") report(f);
  },
});
