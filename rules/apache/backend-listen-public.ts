import type { ApacheDirective } from "../../src/ast/apache.js";
import type { ApacheEntry, ApacheServer } from "../../src/model/apache/server.js";
import { apacheListens } from "../../src/model/apache/listen.js";
import type { NginxServer } from "../../src/model/nginx/server.js";
import { isLoopback } from "../../src/model/nginx/addresses.js";
import { defineRule, phrase, type Phrase } from "../../src/rule-api.js";

/** mod_remoteip / mod_rpaf directives that name the front proxy's addresses. */
const PROXY_LISTS = ["RemoteIPInternalProxy", "RemoteIPTrustedProxy", "RPAFproxy_ips", "RPAF_ProxyIPs"];

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/backend-listen-public",
    severity: "warning",
    summary: "Apache serves Django behind a front proxy but listens on every interface",
    rationale:
      "Behind nginx, Apache only needs to answer the proxy on the same machine. A `Listen 9000` (or `0.0.0.0:9000`) also answers the whole network, so clients can bypass nginx: its TLS, its static files, its limits and the headers it sets (a direct client can forge `X-Forwarded-Proto` and `X-Forwarded-For`). Bind the backend port to the loopback address, as in `Listen 127.0.0.1:9000`.",
    silentWhen: [
      "no front proxy is known: no nginx linted in the same run proxies to this port, and mod_remoteip/mod_rpaf trust no loopback proxy",
      "the front proxy is on another machine (a non-loopback proxy address, or nginx proxying to a non-loopback address)",
      "the `Listen` is for port 80 or 443 while nothing proxies to it (Apache is then the front server)",
    ],
    seeds: [{ seed: "004", section: "tell it to only respond to the" }],
    // Security: clients reach the backend around the proxy's TLS, headers and access rules.
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N", cwe: [668] },
    messages: {
      public: "'Listen {{listen}}' binds every interface although {{proxy}}: clients can bypass the proxy; listen on 127.0.0.1:{{port}}",
    },
  },
  check({ server, run, report }) {
    const listens = apacheListens(server).filter((l) => l.host === null && l.entry.active === "yes");
    if (!listens.length) return;
    // Ports a local nginx of this run proxies to.
    const proxied = new Map<number, Phrase>();
    for (const ng of run.servers.filter((s): s is NginxServer => s.dialect === "nginx")) {
      for (const loc of ng.locations) {
        if (loc.handler.kind !== "proxy") continue;
        for (const a of ng.addressesOf(loc.handler.backend)) {
          if (a.host && a.port !== null && isLoopback(a.host) && !proxied.has(a.port))
            proxied.set(a.port, phrase`nginx proxies to ${a.host}:${a.port} (${a.arg.file.split(/[\\/]/).pop()} line ${a.arg.range.line})`);
        }
      }
    }
    const configured = localProxyDeclared(server);
    for (const l of listens) {
      const why = proxied.get(l.port) ?? (configured && l.port !== 80 && l.port !== 443 ? configured : null);
      if (!why) continue;
      report({ messageId: "public", data: { listen: l.arg.value, proxy: why, port: l.port }, at: l.arg });
    }
  },
});

/** `RemoteIPInternalProxy 127.0.0.1` and the like: the config says its front proxy is on this machine. */
function localProxyDeclared(server: ApacheServer): string | null {
  const entries: ApacheEntry<ApacheDirective>[] = PROXY_LISTS.flatMap((n) => server.directives(n)).filter((e) => e.active === "yes");
  if (!entries.length) return null;
  const addrs = entries.flatMap((e) => e.node.args.map((a) => a.value.toLowerCase()));
  if (!addrs.length || !addrs.every((a) => isLoopback(a.replace(/\/\d+$/, "")) || a === "::1" || a === "127.0.0.0/8")) return null;
  const e = entries[0];
  return `${e.node.name} ${e.node.args.map((a) => a.value).join(" ")} says the front proxy is on this machine`;
}
