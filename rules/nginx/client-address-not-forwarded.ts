import { backToThisNginx } from "../../src/model/nginx/backends.js";
import { internalOnly } from "../../src/model/nginx/location-match.js";
import { describeBackend, passBlock, proxyHeader } from "../../src/model/nginx/proxy.js";
import { defineRule } from "../../src/rule-api.js";

/** Headers a Django site (or its middleware) takes the client's address from. */
const ADDRESS_HEADERS = ["x-forwarded-for", "x-real-ip", "forwarded", "x-client-ip", "true-client-ip"];

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/client-address-not-forwarded",
    severity: "info",
    summary: "A location proxies to Django without passing the client's address",
    rationale:
      "Behind a proxy, `REMOTE_ADDR` is the proxy's address. Unless nginx passes the client's one (`proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;` or `X-Real-IP $remote_addr`), every request seems to come from 127.0.0.1: rate limits (django-ratelimit, DRF throttling) lump all clients together, audit logs and admin login records lose who it was, and address-based checks either block everyone or no one. Pass it, and read it in Django only from this trusted proxy.",
    silentWhen: [
      "the backend is not an application on this machine or network (loopback, unix socket, private address, container name, or an upstream of such)",
      "an include on the way cannot be read (it may set the header), or the location sits in a file linted without its server block",
      "the location uses uwsgi_pass or fastcgi_pass: their parameter files pass REMOTE_ADDR themselves",
      "the location is `internal` or named: subrequests and internal redirects, not clients' requests, reach it",
      "the backend is this nginx itself (a loopback address or unix socket one of its own servers listens on)",
    ],
    seeds: [],
    references: [
      { title: "nginx: proxy_set_header (ngx_http_proxy_module)", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header" },
      {
        title: "nginx: $proxy_add_x_forwarded_for (ngx_http_proxy_module)",
        url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#var_proxy_add_x_forwarded_for",
      },
    ],
    fix: {
      safety: "unsafe",
      title: "Add proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for",
      why: "code that reads X-Forwarded-For (rate limits, audit logs, django-ipware) starts seeing a list whose first entries the client can write",
    },
    messages: {
      missing:
        "This block proxies to {{backend}} without passing the client's address (no X-Forwarded-For or X-Real-IP): Django (or whatever runs there) sees every request as coming from the proxy; add 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;'",
    },
  },
  check({ server, report }) {
    for (const loc of server.locations) {
      const h = loc.handler;
      if (
        h.kind !== "proxy" ||
        !loc.server ||
        h.entry.node.incomplete ||
        !server.isAppBackend(h.backend) ||
        internalOnly(loc) ||
        backToThisNginx(server, h.backend)
      )
        continue;
      const at = passBlock(h.entry);
      const lookup = proxyHeader(server, h.entry, ADDRESS_HEADERS);
      if (!at || lookup.unsure || lookup.found.length) continue;
      report({
        messageId: "missing",
        data: { backend: describeBackend(server, h.backend) },
        at,
        fix: (f) => [f.insertLinesBefore(lookup.insertAt, ["proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"])],
      });
    }
  },
});
