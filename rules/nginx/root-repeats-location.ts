import path from "node:path";
import { locationScopes } from "../../src/model/nginx/proxy.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/root-repeats-location",
    severity: "warning",
    summary: "A location's root ends with the location's own name, so files are looked up one directory too deep",
    rationale:
      "`root` appends the whole request URI to its path; only `alias` replaces the location prefix. `location /static/ { root /srv/app/static; }` therefore reads `/static/app.css` from `/srv/app/static/static/app.css`, and every static file is 404 although `collectstatic` put it in `/srv/app/static/`. Write `root /srv/app;` (the parent) or `alias /srv/app/static/;`.",
    silentWhen: [
      "the location is a regex or exact match",
      "the root contains variables, or is inherited rather than set in the location",
      "the repeated directory exists (`/srv/app/static/static/` is really there, read through --map)",
    ],
    seeds: [],
    references: [
      { title: "nginx: root (ngx_http_core_module)", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#root" },
      { title: "nginx: alias (ngx_http_core_module)", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#alias" },
    ],
    messages: {
      repeats:
        "'root {{root}}' in 'location {{path}}' looks files up under '{{lookup}}': root appends the whole URI, location prefix included; write 'root {{parent}};'",
    },
  },
  check({ server, fs, report }) {
    for (const loc of server.locations) {
      if ((loc.modifier !== "" && loc.modifier !== "^~") || loc.block.incomplete) continue;
      const first = loc.path.split("/").find((s) => s !== "");
      if (!first) continue;
      for (const scope of locationScopes(loc)) {
        for (const e of server.directivesIn(scope, "root")) {
          const arg = e.node.args[0];
          if (!arg || e.node.incomplete || arg.value.includes("$")) continue;
          const root = arg.value.replace(/\/+$/, "");
          if (path.posix.basename(root) !== first) continue;
          const lookup = path.posix.join(root, loc.path.endsWith("/") ? loc.path : `${loc.path}/`);
          // The layout may really repeat the name: then the root is right.
          if (fs.kind(lookup) === "dir") continue;
          report({
            messageId: "repeats",
            data: { root: arg.value, path: loc.path, lookup, parent: path.posix.dirname(root) },
            at: arg,
          });
        }
      }
    }
  },
});
