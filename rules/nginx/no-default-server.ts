import type { VirtualServer } from "../../src/model/nginx/server.js";
import { defineRule, isOpaque } from "../../src/rule-api.js";

/** Names a catch-all server uses: nginx's docs write `_` or `""`; such a server is meant to be the default. */
const CATCH_ALL = new Set(["_", "", "localhost", "default", "default_server", "*"]);

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/no-default-server",
    severity: "info",
    summary: "A listen address has named servers but no default_server",
    rationale:
      "A request whose Host header matches no `server_name` goes to the address's default server, which without `default_server` is simply the first server read. That is usually the Django site, so scanners and forged Host headers reach Django, which answers 400 and mails an `Invalid HTTP_HOST header` (DisallowedHost) report for each. Add a catch-all `server { listen 80 default_server; server_name _; return 444; }` for each address.",
    silentWhen: [
      "the file is not a whole nginx configuration (no `http` block): another file may hold the default server",
      "the first server on the address is already a catch-all (`server_name _`, none, or it only returns an error)",
      "an include on the way cannot be read",
      "the first server on the address hands nothing to an application (no proxy_pass, uwsgi_pass, fastcgi_pass or scgi_pass)",
    ],
    seeds: [{ seed: "004", section: "so each resource has only one URL" }],
    messages: {
      none: "No server on {{address}} is marked default_server, so requests for unknown hosts go to this first one ('{{name}}') and reach its application; add a catch-all 'listen {{listen}} default_server' server",
    },
    absence: ["none"],
  },
  check({ server, report }) {
    if (!server.complete || server.main.unresolvedInclude) return;
    const http = server.main.children.filter((s) => s.kind === "http");
    if (http.some((h) => h.unresolvedInclude)) return;
    const byAddress = new Map<string, VirtualServer[]>();
    for (const vs of server.servers) {
      if (vs.scope.unresolvedInclude) continue;
      for (const l of vs.listens) {
        const list = byAddress.get(l.address.key);
        if (!list) byAddress.set(l.address.key, [vs]);
        // servers come in order, so a server already listed is the last one (includes() here was quadratic)
        else if (list[list.length - 1] !== vs) list.push(vs);
      }
    }
    for (const [key, list] of byAddress) {
      if (list.some((vs) => vs.listens.some((l) => l.address.key === key && l.address.defaultServer))) continue;
      const first = list[0];
      if (first.block.incomplete) continue;
      if (!first.locations.some((l) => ["proxy", "uwsgi", "fastcgi", "scgi"].includes(l.handler.kind))) continue;
      // A name a template fills in may be the catch-all '_'.
      if (first.names.some(isOpaque)) continue;
      const named = first.names.filter((n) => !CATCH_ALL.has(n));
      if (!named.length) continue;
      if (first.locations.length === 0 && server.directivesIn(first.scope, "return").some((e) => /^(4\d\d|444)$/.test(e.node.args[0]?.value ?? ""))) continue;
      const listen = first.listens.find((l) => l.address.key === key)?.entry?.node.args[0]?.value ?? key.replace(/^\*:/, "");
      report({ messageId: "none", data: { address: key, name: named[0], listen }, at: { file: first.block.file, range: first.block.openRange } });
    }
  },
});
