import { describeBackend, passBlock, proxyHeader } from "../../src/model/nginx/proxy.js";
import { defineRule } from "../../src/rule-api.js";

/** Headers a Django site may read the client's scheme from (SECURE_PROXY_SSL_HEADER takes any; these are the usual). */
const SCHEME_HEADERS = [
  "x-forwarded-proto",
  "x-forwarded-protocol",
  "x-forwarded-ssl",
  "x-forwarded-scheme",
  "x-scheme",
  "x-url-scheme",
  "front-end-https",
  "forwarded",
];

export default defineRule({
  dialect: "nginx",
  meta: {
    id: "nginx/proxy-missing-forwarded-proto",
    severity: "warning",
    summary: "A TLS server proxies to a plain-HTTP Django backend without telling it the request came over HTTPS",
    rationale:
      "When nginx terminates TLS and proxies over plain HTTP, Django only learns that the client used HTTPS from a header such as `X-Forwarded-Proto` (read through `SECURE_PROXY_SSL_HEADER`). Without it `request.is_secure()` is false: Django builds `http://` URLs, marks nothing secure, and with `SECURE_SSL_REDIRECT` answers every request with a redirect to HTTPS, forever. Add `proxy_set_header X-Forwarded-Proto $scheme;`.",
    silentWhen: [
      "the server has no `listen ... ssl` (nor `ssl on`)",
      "the backend is reached over `https://`, is an outside site, or contains variables",
      "another scheme header is passed (`X-Forwarded-Ssl`, `X-Scheme`, `Forwarded`, ...)",
      "an `include` on the way cannot be read (it may set the header): in the location, or at the level its `proxy_set_header` lines come from; one outside a location that sets headers of its own never reaches it",
    ],
    seeds: [
      { seed: "004", section: "SSL" },
      { seed: "004", section: "trick" },
    ],
    fix: {
      safety: "unsafe",
      title: "Add proxy_set_header X-Forwarded-Proto $scheme",
      why: "where Django reads the header (`SECURE_PROXY_SSL_HEADER`), `request.is_secure()` turns true: secure cookies, HTTPS URLs and strict Referer checks for CSRF start",
    },
    messages: {
      missing:
        "This TLS server proxies to {{backend}} over plain HTTP without 'proxy_set_header X-Forwarded-Proto $scheme': Django takes HTTPS requests for HTTP ones (wrong URLs, redirect loops with SECURE_SSL_REDIRECT); add it",
    },
    absence: ["missing"],
  },
  check({ server, report }) {
    for (const vs of server.servers) {
      if (!vs.tls) continue;
      for (const loc of vs.locations) {
        const h = loc.handler;
        if (h.kind !== "proxy" || h.entry.node.incomplete || h.backend.scheme !== "http" || !server.isAppBackend(h.backend)) continue;
        const at = passBlock(h.entry);
        const lookup = proxyHeader(server, h.entry, SCHEME_HEADERS);
        if (!at || lookup.unsure || lookup.found.length) continue;
        report({
          messageId: "missing",
          data: { backend: describeBackend(server, h.backend) },
          at,
          fix: (f) => [f.insertLinesBefore(lookup.insertAt, ["proxy_set_header X-Forwarded-Proto $scheme;"])],
          // Headers of the location's own: an unread include at an outer level cannot add one here.
          ...(lookup.ownLevel ? { lookedPastUnseen: true as const } : {}),
        });
      }
    }
  },
});
