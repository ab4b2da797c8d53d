import type { ApacheDirective, ApacheSection } from "../../src/ast/apache.js";
import type { Positioned } from "../../src/core/range.js";
import { backendsOf, isAppBackend, mountActive, type ProxyMount } from "../../src/model/apache/proxy.js";
import { requestHeaderFor, requestHeaderOfHost, type HeaderLookup } from "../../src/model/apache/request-headers.js";
import { hostWsgiApps } from "../../src/model/apache/wsgi-apps.js";
import { hasFlag, parseRewriteRule } from "../../src/model/apache/rewrite.js";
import type { ApacheEntry, ApacheServer } from "../../src/model/apache/server.js";
import { tlsHost } from "../../src/model/apache/tls.js";
import type { DjangoProjectFacts } from "../../src/model/django/index.js";
import { knownSetting, settingShown, shownServerLine, shownSite, sslHeaderOf, type SslHeader } from "../../src/model/django/sides.js";
import { extforwardTrust, lighttpdPlainListener, lighttpdSchemes, setenvMaySetOnPlain } from "../../src/model/django/lighttpd-schemes.js";
import {
  apacheSiteHost,
  frontDeclared,
  lighttpdSiteContext,
  mountsReaching,
  nginxSiteServer,
  projectLocations,
  serverOfSite,
  settingRelated,
  siteOnlyOnLoopback,
} from "../../src/model/django/site-servers.js";
import type { LighttpdServer } from "../../src/model/lighttpd/server.js";
import { siteScope, type Site } from "../../src/model/django/sites.js";
import { isLoopback } from "../../src/model/nginx/addresses.js";
import { passBlock, proxyHeader } from "../../src/model/nginx/proxy.js";
import { settingInEffect } from "../../src/model/nginx/inherit.js";
import type { Location, NginxServer, VirtualServer } from "../../src/model/nginx/server.js";
import { variables } from "../../src/model/nginx/variables.js";
import { defineRule, Phrase, shown, type AnyServer } from "../../src/rule-api.js";
import { shownPath } from "../../src/source/quote.js";

/** A value that copies the client's own header: nginx `$http_x_forwarded_proto`, Apache `%{HTTP:X-Forwarded-Proto}`. */
const FROM_CLIENT = /^\$\{?http_|%\{http[:_]/i;
/** Apache directives that may send plain requests away before they are proxied. */
const REDIRECTS = ["Redirect", "RedirectMatch", "RedirectPermanent", "RewriteRule"];

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/proxy-ssl-header-spoofable",
    severity: "error",
    summary: "The settings trust a scheme header (SECURE_PROXY_SSL_HEADER) that a plain-HTTP server passes on from the client",
    rationale:
      '`SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")` makes Django believe a request is HTTPS whenever that header says so. Django\'s documentation is explicit about the condition: the proxy must strip the header from every incoming request, or set it itself. nginx and Apache pass every request header on to the backend unless told otherwise, so a plain-HTTP server (port 80, or a block that answers both) that proxies to the project without setting the header, or that copies the client\'s value (`proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto`), lets any client send `X-Forwarded-Proto: https` over plain HTTP: Django then treats the request as secure, sends `Secure` cookies over it, skips `SECURE_SSL_REDIRECT`, and its CSRF origin checks compare against `https://`. Set the header on every server that proxies: nginx `proxy_set_header X-Forwarded-Proto $scheme;` (`uwsgi_param HTTP_X_FORWARDED_PROTO $scheme;` for uwsgi_pass), Apache `RequestHeader set X-Forwarded-Proto "http"` on the port-80 virtual host (or `RequestHeader unset`). lighttpd\'s mod_proxy sets the header from the scheme it was reached by, but FastCGI and SCGI pass the client\'s on, and mod_extforward trusting every peer (`extforward.forwarder = ( "all" => "trust" )`, a common answer to "real IPs behind Cloudflare") lets any client set that scheme with `X-Forwarded-Proto`: lighttpd\'s `$HTTP["scheme"]` conditions and redirects then take its word too. List the front\'s addresses instead.\n\nA TLS-only path is not a finding: there the client can only claim what is true. Behind a front that strips or sets the header (a load balancer, a CDN), say so: nginx\'s `set_real_ip_from`/`real_ip_header` or Apache\'s `RemoteIPTrustedProxy` declare one, and so does `django.trustedFront` in the configuration (`true`, or the server names behind it).\n\nThe finding is written at the server\'s side (the `proxy_set_header` that copies the client\'s value, else the location or virtual host that proxies) and names the settings line, which it also carries as a related location.\n\n### Django\'s side\n\n`check --deploy` has no check for this: it cannot see the proxy. The warning is in the documentation of `SECURE_PROXY_SSL_HEADER`.',
    silentWhen: [
      "`SECURE_PROXY_SSL_HEADER` is not set, comes from the environment, or is not a pair naming an HTTP header (say it with `django.assume` when you know it)",
      "the server or virtual host is not tied to the project, is served over TLS only, or listens only on a loopback address or a unix socket (Apache: the virtual host's address, or for `<VirtualHost *:8081>` every `Listen` of its port; a front proxy talks to it; not one that takes the PROXY protocol, whose front relays the client's request as it is); a virtual host that runs the project with mod_wsgi counts like one that proxies to it (mod_wsgi hands Django the client's headers)",
      "a front is declared, in the site's server or at the top of a file linted beside a site file (which the server's wildcard include reads into the same server): nginx `set_real_ip_from`/`real_ip_header` (not `real_ip_header proxy_protocol`: that front relays TCP, the client's headers with it), Apache `RemoteIPTrustedProxy`/`RemoteIPInternalProxy` (not with `RemoteIPProxyProtocol On` and no `RemoteIPHeader`); or `django.trustedFront` says so",
      "the server block redirects at server level (an `if`, `return` or `rewrite` there; `Redirect`, `RedirectMatch` or `RewriteRule` in the Apache virtual host), or the header is set from a variable that does not copy the client's value",
      "an include that cannot be read may set the header, or a directive sets it under a condition",
      'lighttpd: mod_proxy replaces the client\'s `X-Forwarded-Proto` itself (FastCGI and SCGI pass it on, and are checked), unless mod_extforward trusts every peer (checked); mod_setenv sets the header outside a condition only TLS requests meet (a `$SERVER["socket"]` block with `ssl.engine`, `$HTTP["scheme"] == "https"`); mod_extforward names the front\'s addresses (`extforward.forwarder`), which declares a front',
    ],
    seeds: [],
    references: [
      { title: "Django settings: SECURE_PROXY_SSL_HEADER", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header" },
      { title: "nginx: ngx_http_proxy_module, proxy_set_header", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header" },
      { title: "nginx: ngx_http_realip_module", url: "https://nginx.org/en/docs/http/ngx_http_realip_module.html" },
      { title: "Apache HTTP Server 2.4: mod_headers, RequestHeader", url: "https://httpd.apache.org/docs/2.4/mod/mod_headers.html#requestheader" },
    ],
    djangoSettings: ["SECURE_PROXY_SSL_HEADER"],
    messages: {
      passed:
        "{{setting}} sets SECURE_PROXY_SSL_HEADER to trust {{header}}, but the plain-HTTP server at {{site}} passes the client's {{header}} through to Django: any client can claim 'https' over plain HTTP (Secure cookies sent in clear, SECURE_SSL_REDIRECT and CSRF origin checks bypassed); add '{{directive}}'",
      fromClient:
        "{{setting}} sets SECURE_PROXY_SSL_HEADER to trust {{header}}, but the plain-HTTP server at {{site}} copies the client's own value into it: any client can claim 'https' over plain HTTP; set it to '{{value}}'",
      trustsEveryPeer:
        "{{setting}} sets SECURE_PROXY_SSL_HEADER to trust {{header}}, but lighttpd's mod_extforward trusts every peer ('all' => 'trust'), so any client that reaches {{site}} over plain HTTP sets the scheme itself with X-Forwarded-Proto: lighttpd's scheme conditions and redirects take its word, and Django is told 'https'; trust only the front's addresses: '{{directive}}'",
    },
    absence: ["passed"],
    djangoCheck: {
      id: null,
      note: "None matches: Django's documentation of `SECURE_PROXY_SSL_HEADER` warns that the proxy must strip the header from incoming requests, but no check can see the proxy. **security.W008** and the secure-cookie checks assume `request.is_secure()` can be trusted, which is what this rule checks.",
    },
  },
  check({ run, fs, report }) {
    for (const project of run.django.projects) {
      if (!project.sites.length) continue;
      const ssl = knownSetting(project, "SECURE_PROXY_SSL_HEADER");
      const header = ssl && ssl.how !== "default" ? sslHeaderOf(ssl.value) : null;
      if (!ssl || !header) continue;
      const setting = new Phrase(shownPath(settingShown(project, fs, ssl)));
      const related = settingRelated(fs, project, ssl, `SECURE_PROXY_SSL_HEADER trusts ${header.name}`);
      for (const site of project.sites) {
        const server = serverOfSite(run.servers as AnyServer[], site);
        if (!server || frontDeclared(run.django, server, site, run.servers as AnyServer[])) continue;
        const found =
          server.dialect === "nginx"
            ? nginxFindings(server, project, site, header)
            : server.dialect === "apache"
              ? apacheFindings(server, project, site, header)
              : server.dialect === "lighttpd"
                ? lighttpdFindings(server, site, header)
                : [];
        for (const f of found) {
          const siteShown = shownSite(run.servers as AnyServer[], fs, project, site);
          const data = {
            setting,
            header: new Phrase(shown(header.name)),
            site: new Phrase(shownPath(siteShown)),
            directive: new Phrase(shown(f.directive)),
            value: new Phrase(shown(f.value)),
          };
          const serverSide =
            f.at !== site.block
              ? [{ at: site.block, message: `the plain-HTTP server (${shownServerLine(run.servers as AnyServer[], fs, project, site.file, site.line)})` }]
              : [];
          report({ messageId: f.messageId, data, at: f.at, related: [...related, ...serverSide, ...(f.also ? [f.also] : [])] });
        }
      }
    }
  },
});

interface Finding {
  messageId: "passed" | "fromClient" | "trustsEveryPeer";
  at: Positioned;
  directive: string;
  value: string;
  /** Another place the finding rests on. */
  also?: { at: Positioned; message: string };
}

/**
 * Whether a server block answers plain HTTP from clients: a listen without ssl on an address that is not loopback
 * (no listen: *:80), or one that takes the PROXY protocol wherever it is: its front (HAProxy in TCP mode, a network
 * load balancer) relays the client's bytes as they are and cannot remove a header (checked on nginx 1.22 behind a
 * PROXY line: the client's X-Forwarded-Proto reached the backend).
 */
function nginxPlain(vs: VirtualServer): boolean {
  if (!vs.listens.length) return !vs.tls;
  return vs.listens.some(
    (l) =>
      !l.address.ssl &&
      ((l.address.unix === null && !isLoopback(l.address.host.replace(/^\[|\]$/g, ""))) ||
        (l.entry?.node.args.some((a) => a.value === "proxy_protocol") ?? false)),
  );
}

function nginxFindings(server: NginxServer, project: DjangoProjectFacts, site: Site, header: SslHeader): Finding[] {
  const vs = nginxSiteServer(server, site);
  if (!vs || !nginxPlain(vs)) return [];
  // A server-level redirect (`if ($scheme = http) { return 301 ...; }`) may keep plain requests from the backend: not proven either way.
  if (vs.scope.entries.some((e) => ["if", "return", "rewrite"].includes((e.node as { name?: string }).name ?? ""))) return [];
  const out: Finding[] = [];
  for (const loc of projectLocations(server, vs, project)) {
    const f = nginxLocation(server, loc, header);
    if (f) out.push(f);
  }
  return out;
}

function nginxLocation(server: NginxServer, loc: Location, header: SslHeader): Finding | null {
  const h = loc.handler;
  if (!("backend" in h)) return null;
  const at = passBlock(h.entry);
  if (!at) return null;
  if (h.kind === "proxy") {
    if (passesNoHeaders(server, loc, "proxy_pass_request_headers")) return null;
    const lookup = proxyHeader(server, h.entry, [header.name.toLowerCase()]);
    if (lookup.unsure) return null;
    const last = lookup.found[lookup.found.length - 1];
    const directive = `proxy_set_header ${header.name} $scheme;`;
    if (!last) return { messageId: "passed", at, directive, value: "$scheme" };
    const value = last.node.args[1]?.value ?? "";
    // Also through a `map`/`set` whose value is the client's header (`map $http_x_forwarded_proto $proto { default $http_x_forwarded_proto; ... }`).
    const fromClient =
      FROM_CLIENT.test(value) ||
      variables(server)
        .inputsIn(last, value)
        .some((i) => i.kind === "header") ||
      clientPicksHttps(server, value);
    return fromClient ? { messageId: "fromClient", at: last.node, directive, value: "$scheme" } : null;
  }
  if (h.kind !== "uwsgi" && h.kind !== "fastcgi" && h.kind !== "scgi") return null;
  // The client's headers reach the app server as HTTP_* parameters; a parameter of the same name replaces the client's.
  if (passesNoHeaders(server, loc, `${h.kind}_pass_request_headers`)) return null;
  const name = `${h.kind}_param`;
  const eff = server.directivesInEffect(name, h.entry.scope);
  if (eff.unsure) return null;
  const params = eff.entries.filter((e) => e.node.args[0]?.value.toUpperCase() === header.meta);
  const last = params[params.length - 1];
  const directive = `${name} ${header.meta} $scheme;`;
  if (!last) return { messageId: "passed", at, directive, value: "$scheme" };
  return FROM_CLIENT.test(last.node.args[1]?.value ?? "") ? { messageId: "fromClient", at: last.node, directive, value: "$scheme" } : null;
}

/**
 * A variable a `map` of a client's header makes, one of whose keys gives a literal `https` (`map
 * $http_x_forwarded_proto $proto { default $scheme; https https; }`): the client picks the value by sending it.
 */
function clientPicksHttps(server: NginxServer, value: string): boolean {
  const name = /^\$\{?(\w+)\}?$/.exec(value)?.[1];
  if (!name) return false;
  return server.mapsDefining(`$${name}`).some((map) => {
    const src = map.node.args[0]?.value ?? "";
    if (!src.startsWith("$") || variables(server).classify(src.slice(1), null, new Set())?.kind !== "header") return false;
    const scope = server.innerScope(map);
    return !!scope?.entries.some((e) => e.node.kind === "directive" && !MAP_OPTIONS.has(e.node.name) && /^https$/i.test(e.node.args[0]?.value ?? ""));
  });
}

/** A map's lines that are not a key of the client's: its default and its options. */
const MAP_OPTIONS = new Set(["default", "hostnames", "volatile", "include"]);

/** `proxy_pass_request_headers off` (or its uwsgi/fastcgi/scgi twin) in effect: no client header reaches the backend. */
function passesNoHeaders(server: NginxServer, loc: Location, directive: string): boolean {
  return settingInEffect(server, loc.scope, directive).entry?.node.args[0]?.value.toLowerCase() === "off";
}

function apacheFindings(server: ApacheServer, project: DjangoProjectFacts, site: Site, header: SslHeader): Finding[] {
  const vhost = apacheSiteHost(server, site);
  if (!vhost || tlsHost(server, vhost) !== "no") return [];
  if (siteOnlyOnLoopback(server, site)) return [];
  // A redirect in the virtual host (certbot's `RewriteRule ^ https://...`) may send plain requests away before they are
  // proxied; a RewriteRule that proxies ([P]) or passes the URL on (`-`) sends nothing away.
  const sendsAway = (e: ApacheEntry<ApacheDirective>) => {
    if (e.node.name.toLowerCase() !== "rewriterule") return true;
    const rule = parseRewriteRule(e);
    return !rule || !(hasFlag(rule.flags, "proxy") || rule.substitution === "-");
  };
  if (REDIRECTS.some((d) => server.directivesSeenBy(d, vhost).some((e) => e.vhost === vhost && sendsAway(e)))) return [];
  const directive = `RequestHeader set ${header.name} "http"`;
  const names = [header.name.toLowerCase()];
  const verdict = (h: HeaderLookup): Finding[] | null => {
    if (h.unsure || h.cleared) return null;
    if (!h.set) return [{ messageId: "passed", at: { file: vhost.file, range: vhost.openRange }, directive, value: "http" }];
    const [action, , value] = h.set.node.args.map((a) => a.value);
    if (FROM_CLIENT.test(value ?? "")) return [{ messageId: "fromClient", at: h.set.node, directive, value: "http" }];
    // Only `set` replaces what the client sent; append/add/merge/setifempty keep its value first.
    if (action.toLowerCase() !== "set") return [{ messageId: "passed", at: h.set.node, directive, value: "http" }];
    return null;
  };
  // The mounts that reach this project: a host may proxy to several.
  for (const m of mountsReaching(server, vhost, project)) {
    if (!concerned(server, vhost, m)) continue;
    // One finding per virtual host: the first mount that lets the client's value through decides.
    const found = verdict(requestHeaderFor(server, vhost, m, names));
    if (found) return found;
  }
  // mod_wsgi hands Django the request's headers as HTTP_* variables, the client's X-Forwarded-Proto among them
  // (checked with mod_wsgi 4.9: HTTP_X_FORWARDED_PROTO 'https' over plain HTTP, wsgi.url_scheme 'http').
  if (hostWsgiApps(server, vhost).some((app) => app.entry.active === "yes") && !server.unseenAt({ file: vhost.file, range: vhost.openRange }))
    return verdict(requestHeaderOfHost(server, vhost, names)) ?? [];
  return [];
}

/** A mount of this virtual host in effect that sends requests to application servers. */
function concerned(server: ApacheServer, vhost: ApacheSection, m: ProxyMount): boolean {
  if (m.via === "BalancerMember" || m.exclusion || !m.target || mountActive(server, m) !== "yes") return false;
  const backends = backendsOf(server, m.target);
  return backends.length > 0 && backends.every((b) => (b.scheme === "http" || b.scheme === "uwsgi" || b.scheme === "fcgi") && isAppBackend(b));
}

/**
 * lighttpd's mod_proxy replaces the client's X-Forwarded-Proto with the scheme it was reached by; FastCGI and SCGI
 * (uWSGI's protocol with `scgi.protocol = "uwsgi"` too) hand the client's request headers to the application as
 * HTTP_* variables (checked with lighttpd 1.4.69: HTTP_X_FORWARDED_PROTO 'https' over plain HTTP). A site served
 * over plain HTTP through them lets the client's value through, unless mod_setenv may set that header on those
 * requests (under a condition only TLS requests meet, such as the `:443` socket's, it does not).
 */
/** At the condition that proxies (lighttpd's location), inside the `$HTTP["host"]` block the site is named by. */
function lighttpdFindings(server: LighttpdServer, site: Site, header: SslHeader): Finding[] {
  const ctx = lighttpdSiteContext(server, site);
  if (!ctx) return [];
  const backend = ["proxy.server", "fastcgi.server", "scgi.server"].some((k) => server.settingInEffect(k, ctx));
  // mod_extforward trusting every peer hands the scheme to the client: the site's scheme conditions and redirects
  // protect nothing, and mod_proxy forwards what the client claimed. Trusting named forwarders declares a front.
  const ext = extforwardTrust(server, ctx);
  if (ext?.all && backend && lighttpdPlainListener(server, site))
    return [
      {
        messageId: "trustsEveryPeer",
        at: siteScope(site),
        directive: 'extforward.forwarder = ( "<the front\'s address>" => "trust" )',
        value: "",
        also: { at: ext.at, message: "mod_extforward trusts every peer here" },
      },
    ];
  if (ext || !lighttpdSchemes(server, site).plain) return [];
  if (server.settingInEffect("proxy.server", ctx)) return [];
  if (!["fastcgi.server", "scgi.server"].some((k) => server.settingInEffect(k, ctx))) return [];
  if (setenvMaySetOnPlain(server, header.name)) return [];
  return [
    {
      messageId: "passed",
      at: siteScope(site),
      directive: `$HTTP["scheme"] == "http" { setenv.set-request-header = ( "${header.name}" => "http" ) }`,
      value: "http",
    },
  ];
}
