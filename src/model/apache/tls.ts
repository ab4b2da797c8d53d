/**
 * Whether a virtual host terminates TLS: `SSLEngine on` in effect for it (its
 * own, else the main server's, which mod_ssl lets hosts inherit). A
 * positive `<IfModule mod_ssl.c>` around it is taken to hold (the host is
 * meant for a server with mod_ssl), and so are the conditions around the host
 * itself (what it does when it exists); `SSLEngine optional` is not TLS-only.
 */
import type { ApacheSection } from "../../ast/apache.js";
import { activeAssumingModules } from "./branches.js";
import type { Tri } from "../../core/tri.js";
import type { ApacheServer } from "./server.js";

export function tlsHost(server: ApacheServer, vhost: ApacheSection | null): Tri {
  let state: Tri = "no";
  for (const scope of vhost ? [null, vhost] : [null]) {
    for (const e of server.scopeDirectives(scope, "SSLEngine")) {
      const active = activeAssumingModules(e, (s) => server.conditionOf(s), scope);
      if (active === "no") continue;
      const on = e.node.args[0]?.value.toLowerCase() === "on";
      state = active === "yes" ? (on ? "yes" : "no") : state === "yes" && on ? "yes" : "unknown";
    }
  }
  return state;
}
