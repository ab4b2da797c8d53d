import { tlsHost } from "../../src/model/apache/tls.js";
import { conditionsOf, hostConditionNames } from "../../src/model/apache/rewrite.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import type { ApacheSection } from "../../src/ast/apache.js";
import type { NginxDirective } from "../../src/ast/nginx.js";
import type { Positioned } from "../../src/core/range.js";
import { forwardsToApp, mountsOfHost } from "../../src/model/apache/proxy.js";
import { requestHeaderFor, requestHeaderOfHost, type HeaderLookup } from "../../src/model/apache/request-headers.js";
import { securityMiddlewareAbsent } from "../../src/model/django/served.js";
import type { DjangoProjectFacts } from "../../src/model/django/index.js";
import {
  knownSetting,
  proxiesToProject,
  settingRelated,
  settingShown,
  shownSite,
  siteRelated,
  sslHeaderOf,
  type SslHeader,
} from "../../src/model/django/sides.js";
import type { Site } from "../../src/model/django/sites.js";
import { apacheSiteHost } from "../../src/model/django/site-servers.js";
import { lighttpdSchemes } from "../../src/model/django/lighttpd-schemes.js";
import { isLoopback } from "../../src/model/nginx/addresses.js";
import { proxyHeader } from "../../src/model/nginx/proxy.js";
import type { Location, NginxEntry, NginxServer } from "../../src/model/nginx/server.js";
import { defineRule, Phrase, type AnyServer } from "../../src/rule-api.js";
import { shown, shownPath } from "../../src/source/quote.js";

/** Whether a site is served over TLS, over plain HTTP, both, or neither that the linter can tell. */
interface Schemes {
  tls: boolean;
  /** Plain HTTP reaches Django here, with no redirect of the server's own in the way. */
  plain: boolean;
  /** When only some of the block's names reach Django over plain HTTP: those names. */
  plainNames?: string[];
  /**
   * Where the plain-HTTP block tells Django that its requests are HTTPS: it sets the header of
   * `SECURE_PROXY_SSL_HEADER` to the secure value itself (`proxy_set_header X-Forwarded-Proto https;`, a copy of
   * the TLS block's), so SecurityMiddleware's redirect never applies to them.
   */
  claims: Positioned[];
}

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/https-not-enforced",
    severity: "warning",
    summary: "A site served over TLS also answers plain HTTP from Django: neither SECURE_SSL_REDIRECT nor the server redirects to HTTPS",
    rationale:
      "When a site has a certificate but its port-80 server (or virtual host) still proxies to Django, every link, bookmark or typed name that starts with `http://` is served in plain text, session cookie and all (unless it is `Secure`). Either side can send those requests to HTTPS: Django with `SECURE_SSL_REDIRECT = True` (it then needs to know which requests are secure, see `django/proxy-ssl-header-not-set`), or the server with a port-80 block that only redirects (`return 301 https://$host$request_uri;`, `Redirect permanent / https://...`). This fires when a name the project serves over TLS is also served over plain HTTP by a server block that passes requests to Django and redirects nothing, and the settings do not redirect either; at that plain-HTTP block.\n\n`SECURE_SSL_REDIRECT = True` redirects only the requests Django believes are plain HTTP. A plain-HTTP block that sets the header named by `SECURE_PROXY_SSL_HEADER` to its secure value (`proxy_set_header X-Forwarded-Proto https;` or `RequestHeader set X-Forwarded-Proto https` copied from the TLS block, or set once for the whole Apache server) tells Django that every request is HTTPS, so none is redirected; that is reported at the directive that sets it. Pass the real scheme instead (`$scheme` in nginx; in Apache, set the header in the TLS virtual host only).",
    silentWhen: [
      "`SECURE_SSL_REDIRECT` is True, with `SecurityMiddleware` (which redirects) in `MIDDLEWARE` (or in one way through an `if` the linter cannot decide) or a list that cannot be read (unless the plain-HTTP block itself gives the header of `SECURE_PROXY_SSL_HEADER` its secure value, a literal, on what it proxies to Django: then Django believes those requests are HTTPS and redirects none), comes from the environment or cannot be read (say it with `django.assume` when you know it)",
      "no server block of the project is served over TLS, or the plain-HTTP one serves none of the TLS names",
      "the plain-HTTP block is an Apache virtual host a front of the run proxies to (nginx terminating TLS before Apache's mod_wsgi): it hears plain HTTP from the front and must not redirect",
      "the plain-HTTP block redirects somewhere (an `if`/`return`/`rewrite` at server level in nginx; `Redirect`, `RedirectMatch` or `RewriteRule` in the Apache virtual host): the linter does not try to prove which requests it redirects, except certbot's Apache redirect (`RewriteCond %{SERVER_NAME} =name [OR]`... before the `RewriteRule`), which applies to the names it lists only: the host's other names are still served over plain HTTP",
      "the plain-HTTP block listens only on a loopback address or a unix socket (a front proxy talks to it)",
      'lighttpd: the site sits inside a `$SERVER["socket"]` or `$HTTP["scheme"]` condition, the global port itself speaks TLS, `server.bind` is a loopback address or a socket, some `url.redirect` may apply to it (one in the global context, under a scheme or socket test, or in the site\'s own conditions), or the linter does not see the whole server (a fragment, an `include_shell` it does not run)',
    ],
    seeds: [],
    references: [
      { title: "Django deployment checklist: HTTPS", url: "https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#https" },
      { title: "Django settings: SECURE_SSL_REDIRECT", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect" },
    ],
    djangoSettings: ["SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "MIDDLEWARE", "MIDDLEWARE_CLASSES"],
    messages: {
      claimsHttps:
        "The plain-HTTP server at {{site}} serves {{name}} to Django and tells it every request is HTTPS ({{header}}: {{value}}), so SECURE_SSL_REDIRECT at {{setting}} never redirects it, while {{tls}} serves it over TLS: http:// requests and their cookies travel in clear; pass the real scheme ({{fix}})",
      inert:
        "The server at {{site}} serves {{name}} to Django over plain HTTP without redirecting, while {{tls}} serves it over TLS, and SECURE_SSL_REDIRECT = True at {{setting}} does nothing: SecurityMiddleware, which redirects, is not in MIDDLEWARE; http:// requests and their cookies travel in clear; add django.middleware.security.SecurityMiddleware to MIDDLEWARE (check --deploy's W001) or redirect this block to https://",
      plain:
        "The server at {{site}} serves {{name}} to Django over plain HTTP without redirecting, while {{tls}} serves it over TLS, and {{setting}} does not redirect either (SECURE_SSL_REDIRECT): http:// requests and their cookies travel in clear; redirect this block to https:// or set SECURE_SSL_REDIRECT = True (check --deploy's W008)",
    },
    djangoCheck: { id: "security.W008", note: 'Teams silence it because "the proxy does it": this checks that the proxy does.' },
  },
  check({ run, fs, report }) {
    for (const project of run.django.projects) {
      if (project.sites.length < 1) continue;
      const redirect = knownSetting(project, "SECURE_SSL_REDIRECT");
      if (!redirect) continue;
      // Django redirects what it believes is plain HTTP: with the redirect on, only a plain block that claims HTTPS escapes it.
      // Without SecurityMiddleware the setting does nothing (check --deploy's W001).
      const inert = redirect.how === "read" && redirect.value === true && securityMiddlewareAbsent(project);
      const redirects = redirect.how !== "default" && redirect.value === true && !inert;
      if (redirect.how !== "default" && redirect.value !== false && !redirects && !inert) continue;
      const ssl = knownSetting(project, "SECURE_PROXY_SSL_HEADER");
      const header = ssl && ssl.how !== "default" ? sslHeaderOf(ssl.value) : null;
      if (redirects && !header) continue;
      const setting = new Phrase(
        shownPath(redirect.how === "default" ? `${project.settingsModule?.value ?? "the settings"}` : settingShown(project, fs, redirect)),
      );
      const schemes = project.sites.map((site) => ({ site, ...schemesOf(run, project, site, header) }));
      for (const s of schemes) {
        if (!s.plain || (redirects && !s.claims.length)) continue;
        // A backend a front of the run proxies to (Apache behind nginx's TLS) hears plain HTTP from that front: it must
        // not redirect, and clients reach it through the front.
        if (s.site.frontedBy?.length) continue;
        // The same block over both schemes needs no shared name (a lighttpd host regex whose names cannot be listed).
        const twin = s.tls ? s : schemes.find((t) => t.tls && t.site.names.some((n) => s.site.names.includes(n)));
        if (!twin) continue;
        const shared = (s.plainNames ?? s.site.names).find((n) => twin.site.names.includes(n));
        if (s.plainNames && shared === undefined) continue;
        const name = shared === undefined ? "its hosts" : `'${shown(shared)}'`;
        const related = [...(twin === s ? [] : [siteRelated(twin.site, `the TLS server for ${name}`)]), ...settingRelated(fs, redirect, "SECURE_SSL_REDIRECT")];
        const data = {
          site: new Phrase(shownPath(shownSite(run.servers as AnyServer[], fs, project, s.site))),
          tls: new Phrase(twin === s ? "the same block" : shownPath(shownSite(run.servers as AnyServer[], fs, project, twin.site))),
          name: new Phrase(name),
          setting,
        };
        if (redirects && header) {
          report({
            messageId: "claimsHttps",
            data: {
              ...data,
              header: new Phrase(shown(header.name)),
              value: new Phrase(shown(header.value)),
              fix: new Phrase(s.site.dialect === "nginx" ? `proxy_set_header ${shown(header.name)} $scheme;` : "set it in the TLS virtual host only"),
            },
            at: s.claims[0],
            related: [...related, ...(ssl && ssl.how !== "default" ? settingRelated(fs, ssl, "SECURE_PROXY_SSL_HEADER") : [])],
          });
          continue;
        }
        report({ messageId: inert ? "inert" : "plain", data, at: s.site.block, related });
      }
    }
  },
});

const NONE: Schemes = { tls: false, plain: false, claims: [] };

/** How a site is served; `header`: the settings' SECURE_PROXY_SSL_HEADER, to find a plain-HTTP block that claims HTTPS. */
function schemesOf(run: { servers: readonly AnyServer[] }, project: DjangoProjectFacts, site: Site, header: SslHeader | null): Schemes {
  const server = run.servers.find((s) => s.dialect === site.dialect && s.tree.files.has(site.file));
  if (server?.dialect === "nginx") return nginxSchemes(server, project, site, header);
  if (server?.dialect === "apache") return apacheSchemes(server, site, header);
  if (server?.dialect === "lighttpd") return { ...lighttpdSchemes(server, site), claims: [] };
  return NONE;
}

function nginxSchemes(server: NginxServer, project: DjangoProjectFacts, site: Site, header: SslHeader | null): Schemes {
  const vs = server.servers.find((v) => v.block.file === site.file && v.block.openRange.start === site.block.range.start);
  if (!vs) return NONE;
  const open = vs.listens.length
    ? vs.listens.some((l) => !l.address.ssl && l.address.unix === null && !isLoopback(l.address.host.replace(/^\[|\]$/g, "")))
    : true; // no listen: *:80
  const redirects = vs.scope.entries.some((e) => {
    const n = e.node as { name?: string };
    return n.name === "if" || n.name === "return" || n.name === "rewrite";
  });
  const passes = vs.locations.some((l) => "backend" in l.handler && !l.path.startsWith("/.well-known"));
  const plain = open && !redirects && passes && !server.hasUnresolvedInclude(vs.scope);
  return { tls: vs.tls, plain, claims: plain && header ? nginxClaims(server, project, vs.locations, header) : [] };
}

/**
 * The directives by which locations that proxy to the project set the scheme header to its secure value, a
 * literal (`proxy_set_header X-Forwarded-Proto https;`, `uwsgi_param HTTP_X_FORWARDED_PROTO https;`): the
 * value Django is told on plain HTTP too. Not `$scheme`, nor a variable that may say `http`.
 */
function nginxClaims(server: NginxServer, project: DjangoProjectFacts, locations: readonly Location[], header: SslHeader): Positioned[] {
  const out = new Set<Positioned>();
  for (const loc of locations) {
    const h = loc.handler;
    if (!("backend" in h) || loc.path.startsWith("/.well-known") || !server.isAppBackend(h.backend) || !proxiesToProject(server, project, h.backend)) continue;
    const found =
      h.kind === "proxy"
        ? proxyHeader(server, h.entry, [header.name.toLowerCase()])
        : h.kind === "uwsgi" || h.kind === "fastcgi"
          ? paramsNamed(server, `${h.kind}_param`, h.entry.scope, header.meta)
          : null;
    if (!found || found.unsure || !found.found.length) continue;
    // Each directive adds a header (or a variable, the last winning); the WSGI server joins repeated headers and Django reads the first.
    const first = h.kind === "proxy" ? found.found[0] : found.found[found.found.length - 1];
    if (first.node.args.length === 2 && first.node.args[1].value === header.value) out.add(first.node);
  }
  return [...out];
}

function paramsNamed(server: NginxServer, directive: string, scope: NginxEntry<NginxDirective>["scope"], name: string) {
  const eff = server.directivesInEffect(directive, scope);
  return { unsure: eff.unsure, found: eff.entries.filter((e) => e.node.args[0]?.value === name) };
}

function apacheSchemes(server: ApacheServer, site: Site, header: SslHeader | null): Schemes {
  const vhost = apacheSiteHost(server, site);
  if (!vhost) return NONE;
  const tls = tlsHost(server, vhost);
  const local = vhost.args.every((a) => /^(127\.|\[::1\]|localhost)/i.test(a.value));
  const others = ["Redirect", "RedirectMatch", "RedirectPermanent"].some((d) => server.directivesSeenBy(d, vhost).some((e) => e.vhost === vhost));
  const rules = server.directivesSeenBy("RewriteRule", vhost).filter((e) => e.vhost === vhost);
  const claims = (plain: boolean) => (plain && header ? apacheClaims(server, vhost, header) : []);
  if (others || !rules.length) {
    const plain = tls === "no" && !others && !local;
    return { tls: tls === "yes", plain, claims: claims(plain) };
  }
  // certbot's redirect: `RewriteCond %{SERVER_NAME} =a [OR]` ... `RewriteRule ^ https://...`. Such a rule applies to
  // the names it lists only, so the block's other names still reach Django over plain HTTP. Any other rule may
  // redirect anything (and with UseCanonicalName, SERVER_NAME is not the requested name).
  const listed = new Set<string>();
  const canonical = server.directives("UseCanonicalName").some((e) => !/^off$/i.test(e.node.args[0]?.value ?? ""));
  for (const rule of rules) {
    const names = canonical ? null : hostConditionNames(conditionsOf(server, rule));
    if (!names) return { tls: tls === "yes", plain: false, claims: [] };
    for (const n of names) listed.add(n);
  }
  const plainNames = site.names.filter((n) => !listed.has(n.toLowerCase()));
  const plain = tls === "no" && !local && plainNames.length > 0;
  return { tls: tls === "yes", plain, plainNames, claims: claims(plain) };
}

/**
 * The `RequestHeader set` directives that give the scheme header its secure value, unconditionally, on what the
 * virtual host proxies over HTTP to the project (its own, or one for the whole server, where the TLS host's
 * `RequestHeader set X-Forwarded-Proto https` often ends up). mod_wsgi mounts are not looked at.
 */
function apacheClaims(server: ApacheServer, vhost: ApacheSection, header: SslHeader): Positioned[] {
  const names = [header.name.toLowerCase()];
  const claim = (h: HeaderLookup) => {
    const args = h.set?.node.args ?? [];
    return h.set && !h.unsure && args.length === 3 && args[2].value === header.value ? h.set.node : null;
  };
  const out = new Set<Positioned>();
  let proxied = false;
  for (const m of mountsOfHost(server, vhost)) {
    if (!forwardsToApp(server, m, ["http"])) continue;
    proxied = true;
    const set = claim(requestHeaderFor(server, vhost, m, names));
    if (set) out.add(set);
  }
  // mod_wsgi hands the request's headers to Django as HTTP_* variables too.
  if (!proxied && !server.unseenAt({ file: vhost.file, range: vhost.openRange })) {
    const set = claim(requestHeaderOfHost(server, vhost, names));
    if (set) out.add(set);
  }
  return [...out];
}
