import type { Positioned } from "../../src/core/range.js";
import { forwardsToApp } from "../../src/model/apache/proxy.js";
import { requestHeaderFor } from "../../src/model/apache/request-headers.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import { tlsHost } from "../../src/model/apache/tls.js";
import type { DjangoProjectFacts } from "../../src/model/django/index.js";
import { knownSetting, proxiesToProject, settingRelated, settingShown, shownSite, sslHeaderOf, type SslHeader } from "../../src/model/django/sides.js";
import { apacheSiteHost, frontDeclared, mountsReaching } from "../../src/model/django/site-servers.js";
import type { Site } from "../../src/model/django/sites.js";
import { passBlock, proxyHeader } from "../../src/model/nginx/proxy.js";
import type { Location, NginxServer } from "../../src/model/nginx/server.js";
import { defineRule, Phrase, shown, type AnyServer, type Report } from "../../src/rule-api.js";
import { shownPath } from "../../src/source/quote.js";

/** What a uwsgi/fastcgi backend reads the scheme from when the header is absent (Django then falls back to wsgi.url_scheme). */
const SCHEME_PARAMS = ["https", "uwsgi_scheme", "wsgi.url_scheme", "request_scheme"];
/** A value that copies the client's own header: nginx `$http_x_forwarded_proto`, Apache `%{HTTP:X-Forwarded-Proto}` / `%{HTTP_X_FORWARDED_PROTO}`. */
const FROM_CLIENT = /^\$http_|%\{http[:_]/i;

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/proxy-ssl-header-not-set",
    severity: "error",
    summary: "The settings trust a scheme header (SECURE_PROXY_SSL_HEADER) that a TLS server proxying to the project does not set",
    rationale:
      '`SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")` tells Django that a request is HTTPS when the proxy says so in `X-Forwarded-Proto`. When TLS ends at nginx or Apache and the server that proxies to the project does not set that header, Django sees every HTTPS request as plain HTTP: `request.is_secure()` is False, absolute URLs and redirects say `http://`, `SESSION_COOKIE_SECURE` cookies are not trusted back, and with `SECURE_SSL_REDIRECT = True` every request is redirected to HTTPS, forever. Passing the client\'s own value on (`proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto`) is not setting it: a client that sends nothing gets the same loop, and one that sends `https` is believed. Set it on the TLS server: nginx `proxy_set_header X-Forwarded-Proto $scheme;` (`uwsgi_param`/`fastcgi_param` pass `HTTPS` through the stock `uwsgi_params`/`fastcgi_params`), Apache `RequestHeader set X-Forwarded-Proto "https"`. lighttpd\'s mod_proxy sets `X-Forwarded-Proto` itself. Behind a declared front (Cloudflare, a load balancer: `set_real_ip_from`, `RemoteIPTrustedProxy`, `django.trustedFront`) the front sets the header, and a server that passes it on is right.\n\nThe finding is written at the server\'s side (the location or virtual host that proxies) and names the settings line.',
    silentWhen: [
      "`SECURE_PROXY_SSL_HEADER` is not set, comes from the environment, or is not a pair naming an HTTP header (say it with `django.assume` when you know it)",
      "the server or virtual host is not tied to the project, or is not served over TLS",
      "the location passes to an outside site, over `https://`, or to an address none of the project's app servers listens on (when the run has the app servers)",
      "uwsgi_pass/fastcgi_pass (or Apache `uwsgi://`/`fcgi://`) pass `HTTPS`, from which the app server sets `wsgi.url_scheme`",
      "lighttpd: mod_proxy sets `X-Forwarded-Proto` itself",
      "a front is declared (nginx `set_real_ip_from`/`real_ip_header`, not `real_ip_header proxy_protocol`, whose front relays TCP and the client's headers with it; Apache `RemoteIPTrustedProxy`/`RemoteIPInternalProxy`, not with `RemoteIPProxyProtocol On` and no `RemoteIPHeader`, in the site's server or at the top of a file linted beside a site file, or `django.trustedFront`): the front (a CDN, a load balancer) sets the header, and passing it on, or leaving it alone, is how it reaches Django",
      "an include that cannot be read may set the header (in nginx, one at the location's level or at the level its `proxy_set_header` lines come from: an outer level's lines never reach a location that sets its own), or a `<Location>`/`<If>` sets it for part of the path only",
    ],
    seeds: [],
    references: [
      { title: "Django settings: SECURE_PROXY_SSL_HEADER", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header" },
      { title: "nginx: ngx_http_proxy_module, proxy_set_header", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header" },
      { title: "Apache HTTP Server 2.4: mod_headers, RequestHeader", url: "https://httpd.apache.org/docs/2.4/mod/mod_headers.html#requestheader" },
    ],
    djangoSettings: ["SECURE_PROXY_SSL_HEADER"],
    messages: {
      missing:
        "{{setting}} sets SECURE_PROXY_SSL_HEADER to trust {{header}}, but the TLS server at {{site}} proxies to Django without setting it: request.is_secure() is False on HTTPS requests (http:// URLs, a redirect loop with SECURE_SSL_REDIRECT); add '{{directive}}'",
      fromClient:
        "{{setting}} sets SECURE_PROXY_SSL_HEADER to trust {{header}}, but the TLS server at {{site}} passes the client's own value on instead of setting it: a client that sends none gets http:// URLs and redirect loops, one that sends 'https' is believed; set it to '{{value}}'",
    },
    absence: ["missing"],
    djangoCheck: {
      id: null,
      note: "It cannot see the proxy. Its **security.W008** (`SECURE_SSL_REDIRECT` not set) and **security.W012**/**W016** (secure cookies) assume that `request.is_secure()` is right, which is what this rule checks.",
    },
  },
  check({ run, fs, report }) {
    for (const project of run.django.projects) {
      if (!project.sites.length) continue;
      const ssl = knownSetting(project, "SECURE_PROXY_SSL_HEADER");
      const header = ssl && ssl.how !== "default" ? sslHeaderOf(ssl.value) : null;
      if (!ssl || !header) continue;
      const setting = new Phrase(shownPath(settingShown(project, fs, ssl)));
      const related = settingRelated(fs, ssl, "SECURE_PROXY_SSL_HEADER");
      for (const site of project.sites) {
        const server = run.servers.find((s) => s.dialect === site.dialect && s.tree.files.has(site.file));
        // The front sets the header; what the client sent never reaches this server unchanged.
        if (!server || frontDeclared(run.django, server as AnyServer, site, run.servers as AnyServer[])) continue;
        const found =
          server?.dialect === "nginx"
            ? nginxFindings(server, project, site, header)
            : server?.dialect === "apache"
              ? apacheFindings(server, project, site, header)
              : [];
        for (const f of found) {
          const data = {
            setting,
            header: new Phrase(shown(header.name)),
            site: new Phrase(shownPath(shownSite(run.servers as AnyServer[], fs, project, site))),
            directive: new Phrase(shown(f.directive)),
            value: new Phrase(shown(f.value)),
          };
          // The catalog's place is the location or virtual host; the line that passes the client's value is the other place to look.
          const passing = f.passing ? [{ at: f.passing, message: `passes the client's ${header.name} on` }] : [];
          report({
            messageId: f.messageId,
            data,
            at: f.at,
            related: [...passing, ...related],
            ...(f.lookedPastUnseen ? { lookedPastUnseen: true as const } : {}),
          } satisfies Report);
        }
      }
    }
  },
});

interface Finding {
  messageId: "missing" | "fromClient";
  at: Positioned;
  /** The directive that passes the client's own value on (`fromClient`). */
  passing?: Positioned;
  directive: string;
  value: string;
  lookedPastUnseen?: true;
}

function nginxFindings(server: NginxServer, project: DjangoProjectFacts, site: Site, header: SslHeader): Finding[] {
  const vs = server.servers.find((v) => v.block.file === site.file && v.block.openRange.start === site.block.range.start);
  if (!vs?.tls) return [];
  const out: Finding[] = [];
  for (const loc of vs.locations) {
    const f = nginxLocation(server, project, loc, header);
    if (f) out.push(f);
  }
  return out;
}

function nginxLocation(server: NginxServer, project: DjangoProjectFacts, loc: Location, header: SslHeader): Finding | null {
  const h = loc.handler;
  if (!("backend" in h) || h.entry.node.incomplete || !server.isAppBackend(h.backend) || !proxiesToProject(server, project, h.backend)) return null;
  const at = passBlock(h.entry);
  if (!at) return null;
  if (h.kind === "proxy") {
    if (h.backend.scheme !== "http") return null;
    const lookup = proxyHeader(server, h.entry, [header.name.toLowerCase()]);
    if (lookup.unsure) return null;
    const last = lookup.found[lookup.found.length - 1];
    const value = header.value === "https" ? "$scheme" : header.value;
    const directive = `proxy_set_header ${header.name} ${value};`;
    // A level that sets headers of its own takes none from outside it: what cannot be seen there cannot add this one.
    if (!last) return { messageId: "missing", at, directive, value, ...(lookup.ownLevel ? { lookedPastUnseen: true as const } : {}) };
    return FROM_CLIENT.test(last.node.args[1]?.value ?? "") ? { messageId: "fromClient", at, passing: last.node, directive, value } : null;
  }
  if (h.kind !== "uwsgi" && h.kind !== "fastcgi") return null;
  // The header arrives as the HTTP_* variable; without it Django falls back to wsgi.url_scheme, which HTTPS sets.
  const name = `${h.kind}_param`;
  const eff = server.directivesInEffect(name, h.entry.scope);
  if (eff.unsure) return null;
  const named = (names: string[]) => eff.entries.filter((e) => names.includes(e.node.args[0]?.value.toLowerCase() ?? ""));
  // The header's own parameter, when set, is what Django reads. Copied from the client it is sent empty when the client
  // sent none (nginx passes an empty parameter unless `if_not_empty`): a present header that is not 'https' makes the
  // request http, whatever HTTPS says (checked with nginx 1.22 and a uwsgi-protocol dump).
  const own = named([header.meta.toLowerCase()]);
  const last = own[own.length - 1];
  if (last) {
    const value = last.node.args[1]?.value ?? "";
    if (!FROM_CLIENT.test(value)) return null;
    if (!last.node.args.slice(2).some((a) => a.value === "if_not_empty"))
      return {
        messageId: "fromClient",
        at,
        passing: last.node,
        directive: `${name} ${header.meta} ${header.value === "https" ? "$scheme" : header.value};`,
        value: header.value === "https" ? "$scheme" : header.value,
      };
  }
  if (named(SCHEME_PARAMS).some((e) => !FROM_CLIENT.test(e.node.args[1]?.value ?? ""))) return null;
  return { messageId: "missing", at, directive: `${name} HTTPS $https;`, value: "$https" };
}

function apacheFindings(server: ApacheServer, project: DjangoProjectFacts, site: Site, header: SslHeader): Finding[] {
  const vhost = apacheSiteHost(server, site);
  if (!vhost || tlsHost(server, vhost) !== "yes") return [];
  const directive = `RequestHeader set ${header.name} "${header.value}"`;
  // The mounts that reach this project: a host may proxy to several.
  for (const m of mountsReaching(server, vhost, project)) {
    if (!forwardsToApp(server, m, ["http"])) continue;
    const h = requestHeaderFor(server, vhost, m, [header.name.toLowerCase()]);
    if (h.unsure) continue;
    // One finding per virtual host, at the virtual host (the first mount that lacks it decides).
    if (!h.set) return [{ messageId: "missing", at: { file: vhost.file, range: vhost.openRange }, directive, value: header.value }];
    if (FROM_CLIENT.test(h.set.node.args[2]?.value ?? ""))
      return [{ messageId: "fromClient", at: { file: vhost.file, range: vhost.openRange }, passing: h.set.node, directive, value: header.value }];
  }
  return [];
}
