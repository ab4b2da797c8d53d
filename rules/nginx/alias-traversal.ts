import { locationScopes } from "../../src/model/nginx/proxy.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/alias-traversal",
    severity: "error",
    summary: "A prefix location without a trailing slash aliases a directory with one, which allows path traversal",
    rationale:
      "nginx replaces the matched location prefix with the alias. With `location /static { alias /srv/static/; }` a request for `/static../settings.py` matches the prefix `/static` and maps to `/srv/static/../settings.py`: one directory up, which is often the Django project with its settings and secrets. End the location with `/` too (`location /static/`), so only paths below it match.",
    silentWhen: ["the location is a regex or exact match, or its path already ends with `/`", "the alias contains variables"],
    seeds: [{ seed: "004", section: "check if a file matching the request exists" }],
    fix: {
      safety: "unsafe",
      title: "End the location path with '/'",
      why: "`/static` itself (without the slash) stops matching this location and goes to whichever location matches next, often the application",
    },
    // Security: /static../ reads the alias directory's parent.
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", cwe: [22] },
    messages: {
      traversal:
        "location '{{path}}' has no trailing '/' but its alias '{{alias}}' has one: '{{path}}../' reaches the parent of '{{alias}}' (path traversal); write 'location {{path}}/'",
    },
  },
  check({ server, report }) {
    for (const loc of server.locations) {
      if ((loc.modifier !== "" && loc.modifier !== "^~") || !loc.pathArg || loc.path.endsWith("/") || loc.block.incomplete) continue;
      const glued = loc.modifier !== "" && loc.pathArg === loc.block.args[0];
      if (glued) continue;
      for (const scope of locationScopes(loc)) {
        for (const e of server.directivesIn(scope, "alias")) {
          const alias = e.node.args[0];
          if (!alias || e.node.incomplete || alias.value.includes("$") || !alias.value.endsWith("/")) continue;
          const pathArg = loc.pathArg;
          report({
            messageId: "traversal",
            data: { path: loc.path, alias: alias.value },
            at: alias,
            fix: (f) => [f.replaceArg(pathArg, loc.path + "/")],
          });
        }
      }
    }
  },
});
