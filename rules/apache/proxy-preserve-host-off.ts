import type { ApacheSection } from "../../src/ast/apache.js";
import { backendsOf, forwardsToApp, describeTarget, hostLevelNode, hostsOfMount, proxyMounts, type ProxyMount } from "../../src/model/apache/proxy.js";
import { preserveHostFor, requestHeaderFor } from "../../src/model/apache/request-headers.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/proxy-preserve-host-off",
    severity: "warning",
    summary: "Apache proxies to a Django backend over HTTP without ProxyPreserveHost On",
    rationale:
      "mod_proxy_http sends the backend's own address as the `Host` header unless `ProxyPreserveHost On` is in effect. Django then sees `127.0.0.1:8000` (or `localhost`) instead of the site's name: `ALLOWED_HOSTS` rejects the request with 400 Bad Request, `request.build_absolute_uri()` and redirects point at the backend address, and CSRF's origin check fails for HTTPS forms. `ProxyPreserveHost On` at server level reaches every virtual host. `uwsgi://` and `fcgi://` backends get the client's `Host` anyway and are not concerned. The Apache twin of `nginx/proxy-missing-host-header`.",
    silentWhen: [
      "the backend is not an application server of this machine or its network (a public host name, a variable)",
      "`ProxyPreserveHost` or `RequestHeader set Host` may be set for these requests somewhere the linter cannot decide (a `<Proxy>` section, a `<Location>` covering part of the path, `<If>`)",
      "the mount sits under a condition the linter cannot decide",
      "an Include at server level or in the virtual host cannot be read (it may hold ProxyPreserveHost On)",
    ],
    seeds: [{ seed: "004", section: "Apache" }],
    references: [
      { title: "Apache HTTP Server 2.4: mod_proxy, ProxyPreserveHost", url: "https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#proxypreservehost" },
    ],
    fix: {
      safety: "unsafe",
      title: "Add ProxyPreserveHost On",
      why: "Django starts seeing the client's host instead of the backend address: `ALLOWED_HOSTS` must list it",
    },
    messages: {
      off: "{{via}} proxies to {{backend}} without ProxyPreserveHost On: Django gets Host {{backend}} instead of the site's name (400 from ALLOWED_HOSTS, absolute URLs and CSRF origin checks on the backend address); add ProxyPreserveHost On",
    },
    absence: ["off"],
  },
  check({ server, report }) {
    const reported = new Set<ApacheSection | null>();
    for (const m of proxyMounts(server)) {
      if (!forwardsToApp(server, m, ["http", "https"])) continue;
      // One finding per virtual host; a server-level mount serves every host, each with its own settings.
      const lacking = hostsOfMount(server, m).filter((vhost) => !reported.has(vhost) && lacksHost(server, vhost, m));
      if (!lacking.length) continue;
      for (const vhost of lacking) reported.add(vhost);
      const t = m.target;
      report({
        messageId: "off",
        data: { via: m.via, backend: t ? describeTarget(backendsOf(server, t)[0] ?? t) : "" },
        at: m.entry.node,
        fix: (f) => [f.insertLinesBefore(hostLevelNode(server, m), ["ProxyPreserveHost On"])],
      });
    }
  },
});

/** Whether the requests a mount proxies for a host surely carry the backend's address as Host. */
function lacksHost(server: ApacheServer, vhost: ApacheSection | null, m: ProxyMount): boolean {
  const host = preserveHostFor(server, vhost, m);
  const explicit = requestHeaderFor(server, vhost, m, ["host"]);
  return !host.on && !host.unsure && !explicit.set && !explicit.unsure;
}
