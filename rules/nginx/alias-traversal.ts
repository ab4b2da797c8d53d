import path from "node:path";
import { locationScopes } from "../../src/model/nginx/proxy.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/alias-traversal",
    severity: "error",
    summary: "A prefix location without a trailing slash aliases a directory, which serves files outside it",
    rationale:
      "nginx replaces the matched location prefix with the alias. With `location /static { alias /srv/static/; }` a request for `/static../settings.py` matches the prefix `/static` and maps to `/srv/static/../settings.py`: one directory up, which is often the Django project with its settings and secrets. When neither ends with `/` (`location /static { alias /srv/static; }`) the path cannot climb, but any name that merely begins with the prefix still matches: `/static_old/x` maps to `/srv/static_old/x`, so every sibling whose name begins with `static` (a backup, the project's `staticfiles`) is served. End the location with `/` too (`location /static/`), and the alias with it. Checked on nginx 1.22: with both slashes missing `/static../settings.py` is 404 and `/static_old/x.txt` is served; with the alias slashed `/static../settings.py` is served.",
    silentWhen: [
      "the location is a regex or exact match, or its path already ends with `/`",
      "the alias contains variables, or names a file (`alias /srv/robots.txt`)",
      "neither ends with `/` and the alias's directory can be read (through --map) with nothing beside the alias whose name begins with its name; when it cannot be read, the finding is a warning",
    ],
    seeds: [{ seed: "004", section: "check if a file matching the request exists" }],
    references: [
      { title: "nginx: alias (ngx_http_core_module)", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#alias" },
      { title: "gixy: alias_traversal", url: "https://github.com/yandex/gixy/blob/master/docs/en/plugins/aliastraversal.md" },
    ],
    fix: { safety: "safe", title: "End the location path (and the alias) with '/'" },
    // Security: /static../ reads the alias directory's parent.
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", cwe: [22] },
    messages: {
      traversal:
        "location '{{path}}' has no trailing '/' but its alias '{{alias}}' has one: '{{path}}../' reaches the parent of '{{alias}}' (path traversal); write 'location {{path}}/'",
      siblingFound:
        "location '{{path}}' and its alias '{{alias}}' both lack the trailing '/': '{{sample}}/' serves the directory '{{sibling}}' beside '{{alias}}'; write 'location {{path}}/' and 'alias {{alias}}/'",
      siblings:
        "location '{{path}}' and its alias '{{alias}}' both lack the trailing '/': '{{path}}_old/x' maps to '{{alias}}_old/x', so every sibling of '{{alias}}' whose name begins with '{{base}}' is served; write 'location {{path}}/' and 'alias {{alias}}/'",
    },
  },
  check({ server, fs, report }) {
    for (const loc of server.locations) {
      if ((loc.modifier !== "" && loc.modifier !== "^~") || !loc.pathArg || loc.path.endsWith("/") || loc.block.incomplete) continue;
      const glued = loc.modifier !== "" && loc.pathArg === loc.block.args[0];
      if (glued) continue;
      const pathArg = loc.pathArg;
      for (const scope of locationScopes(loc)) {
        for (const e of server.directivesIn(scope, "alias")) {
          const alias = e.node.args[0];
          if (!alias || e.node.incomplete || alias.value.includes("$") || alias.value === "") continue;
          if (alias.value.endsWith("/")) {
            report({ messageId: "traversal", data: { path: loc.path, alias: alias.value }, at: alias, fix: (f) => [f.replaceArg(pathArg, loc.path + "/")] });
            continue;
          }
          // An alias that names a file (`location /robots.txt { alias /srv/robots.txt; }`) maps one URL: nothing beside it is reachable by design.
          const base = alias.value.slice(alias.value.lastIndexOf("/") + 1);
          if (!base || base.includes(".")) continue;
          // What sits beside the alias decides what leaks: read it when the tree is there (through --map).
          const beside = fs.list(path.posix.dirname(alias.value));
          const sibling = beside?.find((n) => n !== base && n.startsWith(base));
          if (beside && !sibling) continue;
          report({
            messageId: sibling ? "siblingFound" : "siblings",
            data: { path: loc.path, alias: alias.value, base, sibling: sibling ?? "", sample: sibling ? loc.path + sibling.slice(base.length) : "" },
            at: alias,
            // Unseen siblings may not exist: a lesser finding than a traversal or a sibling that is there.
            ...(sibling ? {} : { severity: "warning" as const }),
            fix: (f) => [f.replaceArg(pathArg, loc.path + "/"), f.replaceArg(alias, alias.value + "/")],
          });
        }
      }
    }
  },
});
