import type { ApacheSection } from "../../src/ast/apache.js";
import { backendsOf, forwardsToApp, describeTarget, hostLevelNode, hostsOfMount, proxyMounts, type ProxyMount } from "../../src/model/apache/proxy.js";
import { requestHeaderFor } from "../../src/model/apache/request-headers.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import { tlsHost } from "../../src/model/apache/tls.js";
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
const HEADER_LINE = 'RequestHeader set X-Forwarded-Proto "https"';

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/proxy-forwarded-proto-missing",
    severity: "warning",
    summary: "A TLS virtual host proxies to a plain-HTTP Django backend without telling it the request came over HTTPS",
    rationale:
      'When Apache terminates TLS and proxies over plain HTTP (to gunicorn, uvicorn, daphne), Django only learns that the client used HTTPS from a header such as `X-Forwarded-Proto`, read through `SECURE_PROXY_SSL_HEADER`. mod_proxy sends `X-Forwarded-For`, `-Host` and `-Server`, but no scheme. Without it `request.is_secure()` is false: Django builds `http://` URLs, marks nothing secure, and with `SECURE_SSL_REDIRECT` answers every request with a redirect to HTTPS, forever. Add `RequestHeader set X-Forwarded-Proto "https"` (mod_headers) to the TLS virtual host. The Apache twin of `nginx/proxy-missing-forwarded-proto`.',
    silentWhen: [
      "the virtual host has no `SSLEngine on` in effect",
      "the backend is reached over `https://`, `uwsgi://` or `fcgi://` (those pass `HTTPS` themselves), is not an application server of this machine or its network, or contains variables",
      "another scheme header is set (`X-Forwarded-Ssl`, `X-Scheme`, `Forwarded`...), or one may be set where the linter cannot decide (`<If>`, `env=`, a `<Location>` covering part of the path)",
      "an Include at server level or in the virtual host cannot be read (it may set the header, and load mod_headers)",
    ],
    seeds: [
      { seed: "004", section: "SSL" },
      { seed: "004", section: "trick" },
    ],
    references: [
      { title: "Apache HTTP Server 2.4: mod_headers, RequestHeader", url: "https://httpd.apache.org/docs/2.4/mod/mod_headers.html#requestheader" },
      { title: "Django settings: SECURE_PROXY_SSL_HEADER", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header" },
    ],
    fix: {
      safety: "unsafe",
      title: 'Add RequestHeader set X-Forwarded-Proto "https"',
      why: "where Django reads the header (`SECURE_PROXY_SSL_HEADER`), `request.is_secure()` turns true: secure cookies, HTTPS URLs and strict Referer checks for CSRF start",
    },
    messages: {
      missing:
        "This TLS virtual host proxies to {{backend}} over plain HTTP without 'RequestHeader set X-Forwarded-Proto \"https\"': Django takes HTTPS requests for HTTP ones (wrong URLs, redirect loops with SECURE_SSL_REDIRECT); add it",
      missingNoHeaders:
        "This TLS virtual host proxies to {{backend}} over plain HTTP without 'RequestHeader set X-Forwarded-Proto \"https\"': Django takes HTTPS requests for HTTP ones (wrong URLs, redirect loops with SECURE_SSL_REDIRECT); enable mod_headers and add it",
    },
    absence: ["missing", "missingNoHeaders"],
  },
  check({ server, report }) {
    const reported = new Set<ApacheSection | null>();
    const headers = server.hasModule("headers");
    for (const m of proxyMounts(server)) {
      if (!forwardsToApp(server, m, ["http"])) continue;
      const hosts = hostsOfMount(server, m).filter(
        (vhost) => vhost !== null && !reported.has(vhost) && tlsHost(server, vhost) === "yes" && lacksScheme(server, vhost, m),
      );
      if (!hosts.length) continue;
      for (const vhost of hosts) reported.add(vhost);
      const vhost = hosts[0] as ApacheSection;
      const backend = describeTarget(backendsOf(server, m.target as NonNullable<ProxyMount["target"]>)[0]);
      report({
        messageId: headers === "no" ? "missingNoHeaders" : "missing",
        data: { backend },
        at: m.entry.node,
        // Only where mod_headers is surely loaded: a RequestHeader without it stops Apache from starting.
        fix:
          headers === "yes"
            ? (f) => [m.entry.vhost ? f.insertLinesBefore(hostLevelNode(server, m), [HEADER_LINE]) : f.insertIntoSection(vhost, [HEADER_LINE])]
            : undefined,
      });
    }
  },
});

function lacksScheme(server: ApacheServer, vhost: ApacheSection, m: ProxyMount): boolean {
  const h = requestHeaderFor(server, vhost, m, SCHEME_HEADERS);
  return !h.set && !h.unsure;
}
