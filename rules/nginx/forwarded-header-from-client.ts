import { headerName } from "../../src/model/nginx/headers.js";
import { reachedDirectly, trustedFronts, variables } from "../../src/model/nginx/variables.js";
import type { NginxEntry } from "../../src/model/nginx/server.js";
import { defineRule } from "../../src/rule-api.js";

/** Forwarding headers Django (or its middleware) believes, what they tell, and nginx's own value for them. */
const FORWARDED: Record<string, { what: string; own: string | null }> = {
  "x-forwarded-proto": { what: "the scheme (HTTPS)", own: "$scheme" },
  "x-forwarded-protocol": { what: "the scheme (HTTPS)", own: "$scheme" },
  "x-forwarded-scheme": { what: "the scheme (HTTPS)", own: "$scheme" },
  "x-scheme": { what: "the scheme (HTTPS)", own: "$scheme" },
  "x-forwarded-ssl": { what: "the scheme (HTTPS)", own: null },
  "x-forwarded-host": { what: "the host", own: "$host" },
  "x-forwarded-port": { what: "the port", own: "$server_port" },
  "x-forwarded-for": { what: "their address", own: "$proxy_add_x_forwarded_for" },
  "x-real-ip": { what: "their address", own: "$remote_addr" },
  "x-client-ip": { what: "their address", own: "$remote_addr" },
  "true-client-ip": { what: "their address", own: "$remote_addr" },
  forwarded: { what: "their address, host and scheme", own: null },
};

/** Request headers that claim to come from a proxy in front: `$http_x_forwarded_proto`, `$http_x_real_ip`, Cloudflare's. (`$http_host` is the Host itself: nginx/host-from-http-host.) */
const CLAIMS =
  /^\$\{?http_(x_forwarded_\w+|x_real_ip|forwarded|x_client_ip|true_client_ip|x_cluster_client_ip|cf_connecting_ip|cf_visitor|x_scheme|x_url_scheme|front_end_https)\}?$/i;

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/forwarded-header-from-client",
    severity: "warning",
    summary: "A forwarding header is passed to Django from what the client sent, in a server that clients reach directly",
    rationale:
      "`proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;` hands Django whatever the client wrote in its own `X-Forwarded-Proto`. Where clients reach nginx directly, nothing stops them from sending `https` over plain HTTP (Django's `SECURE_PROXY_SSL_HEADER` then calls the request secure: secure-only cookies and HSTS logic are fooled), a foreign `X-Forwarded-Host` (password-reset links to the attacker's site with `USE_X_FORWARDED_HOST`) or any `X-Forwarded-For`/`X-Real-IP` (rate limits and audit logs see a forged address). nginx knows the real values: `$scheme`, `$host`, `$remote_addr`, `$proxy_add_x_forwarded_for`. The fix is marked unsafe: when a load balancer in front terminates TLS, passing its header on is intended, and then the front should be declared with `set_real_ip_from` (which quiets this rule).",
    silentWhen: [
      "the server declares trusted fronts (`set_real_ip_from` in effect), accepts the PROXY protocol on every address, or listens only on loopback, private addresses or unix sockets: clients reach it through a proxy",
      "the value is nginx's own (`$scheme`, `$host`, `$remote_addr`, `$proxy_add_x_forwarded_for`), or a map whose values are fixed",
      "the location sits in a file linted without its server block",
    ],
    seeds: [],
    references: [
      { title: "nginx: proxy_set_header (ngx_http_proxy_module)", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header" },
      { title: "nginx: ngx_http_realip_module (set_real_ip_from)", url: "https://nginx.org/en/docs/http/ngx_http_realip_module.html" },
      { title: "Django: SECURE_PROXY_SSL_HEADER", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header" },
    ],
    fix: {
      safety: "unsafe",
      title: "Use nginx's own value ($scheme, $host, $remote_addr, $proxy_add_x_forwarded_for)",
      why: "the backend stops seeing the value the client sent; behind another proxy that sets the header (a load balancer), that value was the right one",
    },
    // Security: the client forges what Django believes about the scheme, host or address.
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N", cwe: [290, 348] },
    messages: {
      fromClient:
        "'proxy_set_header {{name}} {{value}}' passes on what the client claims ({{source}}), and clients reach this server directly: anyone can tell Django {{what}}; {{advice}}",
    },
  },
  check({ server, report }) {
    const vars = variables(server);
    const seen = new Set<NginxEntry>();
    for (const loc of server.locations) {
      const h = loc.handler;
      if (h.kind !== "proxy" || !loc.server || h.entry.node.incomplete) continue;
      if (trustedFronts(server, h.entry.scope).length || reachedDirectly(server, loc.server)?.direct !== true) continue;
      for (const e of server.directivesInEffect("proxy_set_header", h.entry.scope).entries) {
        const kind = FORWARDED[headerName(e)];
        const value = e.node.args[1];
        if (!kind || !value || seen.has(e)) continue;
        const input = vars.inputsIn(e, value.value).find((i) => i.kind === "header" && CLAIMS.test(i.source));
        if (!input) continue;
        seen.add(e);
        const own = kind.own;
        // Only a value that is the client's header alone is replaced: anything around it is the author's.
        const whole = value.value === input.variable;
        report({
          messageId: "fromClient",
          data: {
            name: e.node.args[0].value,
            value: value.value,
            source: input.source,
            what: kind.what,
            advice: own ? `use '${own}', or declare the proxy in front with set_real_ip_from` : "drop it, or declare the proxy in front with set_real_ip_from",
          },
          at: value,
          ...(own && whole ? { fix: (f) => [f.replaceArg(value, own)] } : {}),
        });
      }
    }
  },
});
