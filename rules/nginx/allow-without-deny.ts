import { accessRulesInEffect, allowWithoutDeny, authInEffect } from "../../src/model/nginx/access.js";
import type { Scope } from "../../src/model/nginx/server.js";
import { defineRule } from "../../src/rule-api.js";

const LEVEL_NAMES: Partial<Record<Scope["kind"], string>> = { http: "http block", server: "server", location: "location", limit_except: "limit_except block" };

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/allow-without-deny",
    severity: "warning",
    summary: "allow rules with no deny after them let every client in",
    rationale:
      "nginx checks `allow` and `deny` in order and lets in any client that no rule matches. `location /admin/ { allow 10.0.0.0/8; proxy_pass ...; }` therefore protects nothing: the allow list needs a `deny all;` after it. A `deny all;` of the enclosing server does not help either: a level with allow/deny rules of its own replaces the inherited ones, so the server's deny stops at this location. Checked on nginx 1.22: `allow 10.0.0.0/8;` alone answers a client from 127.0.0.1 with 200, also under a server with `deny all;`; with `deny all;` after it, 403; a nested location without rules of its own keeps its parent's allow and deny (403).",
    silentWhen: [
      "a `deny` follows the first `allow` at the same level (a block list with exceptions, `allow 10.1.1.1; deny 10.0.0.0/8;`, is deliberate)",
      "the only allow is `allow all`",
      "authentication (`auth_basic`, `auth_request`, `auth_jwt`) is in effect: the location is protected by it, and with `satisfy any` the allow list is the intended bypass",
      "an include at that level or an enclosing one cannot be read (it may hold the deny, or turn on authentication)",
    ],
    seeds: [],
    references: [
      { title: "nginx: ngx_http_access_module", url: "https://nginx.org/en/docs/http/ngx_http_access_module.html" },
      { title: "gixy: allow_without_deny", url: "https://github.com/dvershinin/gixy/blob/master/gixy/plugins/allow_without_deny.py" },
    ],
    // Security: an IP allow list that lets everyone in (the admin, metrics or internal API is public).
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N", cwe: [284] },
    messages: {
      open: "'allow {{address}}' has no 'deny' after it at this level: clients outside the allow list are let in too (nginx lets in whoever no rule matches); add 'deny all;' after the allow rules",
      replaced:
        "'allow {{address}}' has no 'deny' after it at this level, and the enclosing {{level}}'s '{{deny}}' does not apply here (a level with its own allow/deny replaces the inherited rules): every client is let in; add 'deny all;' after the allow rules",
    },
    absence: ["open", "replaced"],
  },
  check({ server, report }) {
    const seen = new Set<Scope>();
    for (const e of server.directives("allow")) {
      const scope = e.scope;
      if (seen.has(scope) || e.node.incomplete) continue;
      seen.add(scope);
      const open = allowWithoutDeny(scope);
      if (!open || authInEffect(server, scope)) continue;
      const outer = scope.parent ? accessRulesInEffect(server, scope.parent) : null;
      const deny = outer?.rules.find((r) => r.node.name === "deny");
      const address = open.first.node.args[0]?.value ?? "";
      if (deny && outer?.level)
        report({
          messageId: "replaced",
          data: { address, level: LEVEL_NAMES[outer.level.kind] ?? outer.level.kind, deny: `deny ${deny.node.args[0]?.value ?? ""}` },
          at: open.first.node,
        });
      else report({ messageId: "open", data: { address }, at: open.first.node });
    }
  },
});
