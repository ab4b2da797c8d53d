import { locationScopes } from "../../src/model/nginx/proxy.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/alias-slash-mismatch",
    severity: "warning",
    summary: "A location ending with '/' aliases a path without one, so file names are glued to the directory name",
    rationale:
      "`alias` replaces the matched prefix with its path, character for character. With `location /static/ { alias /srv/static; }` the request `/static/app.css` keeps `app.css` after the prefix `/static/` and becomes `/srv/staticapp.css`: every static file is 404 (or a sibling file with that name is served). End the alias with `/` like the location. The opposite mismatch (the location without `/`, the alias with it) is a path traversal: `nginx/alias-traversal`.",
    silentWhen: ["the location is a regex or exact match (the alias there names a file or uses captures)", "the alias contains variables"],
    seeds: [],
    references: [{ title: "nginx: alias (ngx_http_core_module)", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#alias" }],
    fix: {
      safety: "unsafe",
      title: "End the alias with '/'",
      why: "it changes the file every URL of the location maps to (`/static/x.css` stops reading `/srv/staticx.css`), and only the site's layout says which spelling was meant",
    },
    messages: {
      glued:
        "location '{{path}}' ends with '/' but its alias '{{alias}}' does not: '{{path}}app.css' is read from '{{alias}}app.css'; write 'alias {{alias}}/'",
    },
  },
  check({ server, report }) {
    for (const loc of server.locations) {
      if ((loc.modifier !== "" && loc.modifier !== "^~") || !loc.path.endsWith("/") || loc.block.incomplete) continue;
      for (const scope of locationScopes(loc)) {
        for (const e of server.directivesIn(scope, "alias")) {
          const alias = e.node.args[0];
          if (!alias || e.node.incomplete || alias.value === "" || alias.value.endsWith("/") || alias.value.includes("$")) continue;
          report({ messageId: "glued", data: { path: loc.path, alias: alias.value }, at: alias, fix: (f) => [f.replaceArg(alias, alias.value + "/")] });
        }
      }
    }
  },
});
