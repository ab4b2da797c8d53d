import { defineRule, isOpaque } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-script-alias-trailing-slash",
    severity: "error",
    summary: "A WSGIScriptAlias sub-URL mount point ends with a slash",
    rationale:
      "mod_wsgi mounts the application at the URL exactly as written: with `WSGIScriptAlias /mysite/ ...`, a request for `/mysite` is not routed to Django and `SCRIPT_NAME` comes out wrong. Only the root mount `/` ends with a slash.",
    seeds: [{ seed: "001", section: "the mount point must not have a trailing slash" }],
    fix: {
      safety: "unsafe",
      title: "Drop the trailing '/'",
      why: "it moves the mount: `SCRIPT_NAME` changes, and with it every URL Django builds (`reverse()`, redirects) and which requests reach Django",
    },
    messages: {
      trailingSlash: "WSGIScriptAlias mount point '{{url}}' ends with '/': requests for '{{bare}}' are not routed to Django; write '{{bare}}'",
    },
  },
  check({ server, report }) {
    for (const { node } of server.directives("WSGIScriptAlias")) {
      const url = node.args[0];
      // A URL a template begins (`{{ prefix }}/`) may well be '/'.
      if (!url || url.value.length < 2 || !url.value.endsWith("/") || isOpaque(url.value[0])) continue;
      const bare = url.value.replace(/\/+$/, "") || "/";
      if (bare === "/") continue;
      report({ messageId: "trailingSlash", data: { url: url.value, bare }, at: url, fix: (f) => [f.replaceArg(url, bare)] });
    }
  },
});
