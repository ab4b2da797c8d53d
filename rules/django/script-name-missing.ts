import type { Positioned } from "../../src/core/range.js";
import { backendsOf, isAppBackend, mountActive, mountsOfHost, type ProxyMount } from "../../src/model/apache/proxy.js";
import { requestHeaderFor } from "../../src/model/apache/request-headers.js";
import type { ApacheServer } from "../../src/model/apache/server.js";
import type { ApacheSection } from "../../src/ast/apache.js";
import { perHost } from "../../src/model/apache/per-host.js";
import { mayGiveRootPath, rootPathOption } from "../../src/model/django/app-servers/command.js";
import type { DjangoProjectFacts } from "../../src/model/django/index.js";
import { knownSetting, proxiesToProject, settingShown, shownSite } from "../../src/model/django/sides.js";
import {
  apacheSiteHost,
  lighttpdSiteContext,
  nginxSiteServer,
  projectLocations,
  projectWsgiApps,
  serverOfSite,
  settingRelated,
} from "../../src/model/django/site-servers.js";
import { listensAt, type Site } from "../../src/model/django/sites.js";
import { proxyBackend } from "../../src/model/django/server-refs.js";
import { proxyMounts as lighttpdMounts } from "../../src/model/lighttpd/proxy.js";
import type { LighttpdServer } from "../../src/model/lighttpd/server.js";
import { entryOf, stringOf } from "../../src/model/lighttpd/values.js";
import { proxyHeader } from "../../src/model/nginx/proxy.js";
import type { Location, NginxEntry, NginxServer } from "../../src/model/nginx/server.js";
import type { Backend } from "../../src/model/nginx/addresses.js";
import type { NginxDirective } from "../../src/ast/nginx.js";
import { defineRule, Phrase, shown, type AnyServer } from "../../src/rule-api.js";
import { shownPath } from "../../src/source/quote.js";

/** Request headers that carry the mount point to the app server (gunicorn reads `SCRIPT_NAME`; middleware reads the others). */
const PREFIX_HEADERS = ["script_name", "script-name", "x-script-name", "x-forwarded-prefix"];

const withSlash = (p: string) => (p.endsWith("/") ? p : `${p}/`);
/**
 * Whether a mount strips its prefix: the backend path it maps the prefix to is the root (`/app/` -> `/`). One that
 * keeps it (`/app/` -> `/app/`) has Django see the whole URL; one that maps it to another path (`location /docs/ {
 * proxy_pass http://b/api/v2/docs/; }`) has Django see a path of its own URLconf, whose links it builds as they are.
 */
const stripsPrefix = (to: string) => withSlash(to) === "/";

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/script-name-missing",
    severity: "warning",
    summary: "The server mounts the project under a sub-path and strips it, but neither passes SCRIPT_NAME nor sets FORCE_SCRIPT_NAME",
    rationale:
      '`location /app/ { proxy_pass http://backend/; }` (or `rewrite ^/app/(.*)$ /$1 break;` before a `proxy_pass` without a URI, or `ProxyPass /app/ http://backend/`, or lighttpd\'s `proxy.header = ( "map-urlpath" => ( "/app/" => "/" ) )`) serves the project under `/app/` and sends Django the path without the prefix. Django resolves the request fine, but everything it writes back is built from the script name, which nobody told it: `reverse()`, `{% url %}`, redirects, `LOGIN_URL` and the admin\'s links all point at `/...` instead of `/app/...`, so links break and the admin login loops. Tell Django the mount point: `FORCE_SCRIPT_NAME = "/app"` in the settings, or `proxy_set_header SCRIPT_NAME /app;` (which gunicorn turns into the WSGI `SCRIPT_NAME` when the proxy is one of its `forwarded_allow_ips`, 127.0.0.1 and ::1 by default; gunicorn 22.0 dropped header names with an underscore, 23.0 takes this one again from those addresses), or the app server\'s own option (`--root-path` for uvicorn, daphne and hypercorn). mod_wsgi\'s `WSGIScriptAlias /app` sets it itself. A relative `STATIC_URL` is prefixed with the script name too (Django 3.1 and later).\n\nThe finding is written at the pass directive that strips the prefix (lighttpd: the `map-urlpath` mapping that strips it) and names the settings module.\n\n### Django\'s side\n\n`check --deploy` has no check for this: it cannot see the proxy.',
    silentWhen: [
      "`FORCE_SCRIPT_NAME` is set to a path, or comes from the environment",
      "the pass directive keeps the prefix (`proxy_pass http://backend;`, or a URI that starts with the location's path), or maps it to another path than the root (`location /docs/ { proxy_pass http://backend/api/v2/docs/; }`: Django sees a path its URLconf serves)",
      "nginx: the location rewrites the URI in a way the linter does not follow (`rewrite ... last`, several rewrites, a rewrite of another path)",
      "a `SCRIPT_NAME`, `X-Script-Name` or `X-Forwarded-Prefix` header is set, or an app server of the project has `SCRIPT_NAME` in its environment (a `SCRIPT_NAME` header alone, to gunicorn serving an `asgi` module with uvicorn's workers, which never read it, is reported)",
      "the project runs on uvicorn, daphne, hypercorn or granian with a root path (`--root-path`, `UVICORN_ROOT_PATH`, granian's `--url-path-prefix`), or where the linter cannot rule one out: a Procfile (its runner sets the environment), a unit whose EnvironmentFile cannot be read (for uvicorn and granian, which read it from the environment), hypercorn with a configuration file",
      "uwsgi_pass, fastcgi_pass and Apache's `uwsgi://`/`fcgi://`: the mount point travels in their parameters",
      "without the project's app servers in the run, the server block proxies to more than one backend (the stripped one may be another service)",
      "lighttpd: the mount keeps its path (no `map-urlpath` in `proxy.header`, or one that keeps the prefix), a `SCRIPT_NAME` request header is added with mod_setenv, or `proxy.header`/`setenv` cannot be read",
    ],
    seeds: [],
    references: [
      { title: "Django settings: FORCE_SCRIPT_NAME", url: "https://docs.djangoproject.com/en/stable/ref/settings/#force-script-name" },
      { title: "nginx: ngx_http_proxy_module, proxy_pass", url: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass" },
      { title: "gunicorn: Deploying Gunicorn (SCRIPT_NAME)", url: "https://docs.gunicorn.org/en/stable/deploy.html" },
      { title: "gunicorn: Changelog, 23.0.0 (SCRIPT_NAME and PATH_INFO from allowed forwarders)", url: "https://docs.gunicorn.org/en/stable/news.html" },
    ],
    djangoSettings: ["FORCE_SCRIPT_NAME"],
    messages: {
      headerWithStrippedPath:
        'The server at {{site}} mounts Django under {{prefix}} and strips the prefix ({{pass}}), but passes SCRIPT_NAME {{mount}} to gunicorn, which refuses a path that does not start with its script name: every request through here fails (500 on gunicorn 20, 400 from 21 on); pass the prefix on (proxy_pass without a URI part) or drop the header and set FORCE_SCRIPT_NAME = "{{mount}}"',
      headerIgnored:
        "The server at {{site}} mounts Django under {{prefix}} and strips the prefix ({{pass}}), and passes a SCRIPT_NAME header, but {{server}} ignores it (only gunicorn's WSGI workers read it) and {{setting}} does not set FORCE_SCRIPT_NAME: reverse(), redirects and the admin's links drop {{prefix}} (admin login loops); set FORCE_SCRIPT_NAME = \"{{mount}}\"",
      asgi: 'The server at {{site}} mounts Django under {{prefix}} and strips the prefix ({{pass}}), but {{server}} runs without a root path and {{setting}} does not set FORCE_SCRIPT_NAME: reverse(), redirects and the admin\'s links drop {{prefix}} (admin login loops); set FORCE_SCRIPT_NAME = "{{mount}}" or start {{server}} with {{option}} {{mount}}',
      nginx:
        'The server at {{site}} mounts Django under {{prefix}} and strips the prefix ({{pass}}), but passes no SCRIPT_NAME and {{setting}} does not set FORCE_SCRIPT_NAME: reverse(), redirects and the admin\'s links drop {{prefix}} (admin login loops); set FORCE_SCRIPT_NAME = "{{mount}}" (a SCRIPT_NAME header only with the prefix kept in the path: gunicorn refuses a path that does not start with it)',
      lighttpd:
        'lighttpd at {{site}} mounts Django under {{prefix}} and strips the prefix ({{pass}}), but passes no SCRIPT_NAME and {{setting}} does not set FORCE_SCRIPT_NAME: reverse(), redirects and the admin\'s links drop {{prefix}} (admin login loops); set FORCE_SCRIPT_NAME = "{{mount}}" (a SCRIPT_NAME header only with the prefix kept in the path: gunicorn refuses a path that does not start with it)',
      apache:
        'The virtual host at {{site}} mounts Django under {{prefix}} and strips the prefix ({{pass}}), but passes no SCRIPT_NAME and {{setting}} does not set FORCE_SCRIPT_NAME: reverse(), redirects and the admin\'s links drop {{prefix}} (admin login loops); set FORCE_SCRIPT_NAME = "{{mount}}" (a SCRIPT_NAME header only with the prefix kept in the path: gunicorn refuses a path that does not start with it)',
    },
    djangoCheck: { id: null, note: "None matches: `FORCE_SCRIPT_NAME` is only read, never checked against how the server mounts the project." },
  },
  check({ run, fs, report }) {
    for (const project of run.django.projects) {
      if (!project.sites.length) continue;
      const force = knownSetting(project, "FORCE_SCRIPT_NAME");
      if (!force || (force.how !== "default" && typeof force.value === "string" && force.value !== "")) continue;
      if (force.how !== "default" && force.value !== null && typeof force.value !== "string") continue;
      if (project.appServers.some((s) => mayGiveRootPath(s) || s.env.SCRIPT_NAME)) continue;
      // An ASGI server gets the prefix from its root path, not from a SCRIPT_NAME header: the advice names its option.
      const asgi = project.appServers.find((s) => rootPathOption(s.kind) !== undefined);
      const setting = new Phrase(shownPath(force.how === "default" ? (project.settingsModule?.value ?? "the settings") : settingShown(project, fs, force)));
      const related = settingRelated(fs, project, force, "FORCE_SCRIPT_NAME");
      for (const site of project.sites) {
        const server = serverOfSite(run.servers as AnyServer[], site);
        const found =
          server?.dialect === "nginx"
            ? nginxFindings(server, project, site)
            : server?.dialect === "apache"
              ? apacheFindings(server, project, site)
              : server?.dialect === "lighttpd"
                ? lighttpdFindings(server, site)
                : [];
        for (const f of found) {
          const mount = f.prefix.replace(/\/+$/, "") || "/";
          const data = {
            site: new Phrase(shownPath(shownSite(run.servers as AnyServer[], fs, project, site))),
            prefix: f.prefix,
            mount: new Phrase(shown(mount)),
            pass: new Phrase(shown(f.pass)),
            setting,
          };
          if (f.refusedBy) report({ messageId: "headerWithStrippedPath", data, at: f.at, related });
          else if (f.ignoredBy) report({ messageId: "headerIgnored", data: { ...data, server: f.ignoredBy }, at: f.at, related });
          else if (asgi)
            report({
              messageId: "asgi",
              data: { ...data, server: asgi.kind, option: rootPathOption(asgi.kind) as string },
              at: f.at,
              related,
            });
          else report({ messageId: site.dialect, data, at: f.at, related });
        }
      }
    }
  },
});

interface Finding {
  at: Positioned;
  prefix: string;
  pass: string;
  /** The app server that ignores the `SCRIPT_NAME` header the location passes. */
  ignoredBy?: string;
  /** gunicorn's WSGI workers, which refuse the stripped path under the `SCRIPT_NAME` header the location passes. */
  refusedBy?: true;
}

/**
 * gunicorn turns a `SCRIPT_NAME` header into the WSGI script name in its own (WSGI) workers only: one that serves an
 * `asgi` module runs uvicorn's workers, whose ASGI scope takes its root path from uvicorn alone, so Django never sees
 * the header (encode/uvicorn#703). The app server, when every one of the project's that the pass reaches is such, and
 * the location passes nothing but `SCRIPT_NAME` (the other headers are read by middleware, which the linter does not
 * follow).
 */
function headerIgnoredBy(server: NginxServer, project: DjangoProjectFacts, b: Backend, found: NginxEntry<NginxDirective>[]): string | undefined {
  if (!found.every((e) => e.node.args[0]?.value.toLowerCase() === "script_name")) return undefined;
  return gunicornWorkersReached(server, project, b) === "asgi" ? "gunicorn with uvicorn's workers" : undefined;
}

/**
 * gunicorn's WSGI workers take a `SCRIPT_NAME` header (from an allowed forwarder) as the script name and require the
 * path to start with it: with the prefix stripped, 20.x fails every request with a 500 and later releases refuse it
 * with a 400 (checked with Debian's gunicorn 20.1). When every app server of the project the pass reaches is such and
 * the header is a literal `SCRIPT_NAME`.
 */
function refusedByGunicorn(server: NginxServer, project: DjangoProjectFacts, b: Backend, found: NginxEntry<NginxDirective>[]): boolean {
  const own = found.filter((e) => e.node.args[0]?.value.toLowerCase() === "script_name");
  if (!own.length || own.some((e) => (e.node.args[1]?.value ?? "$").includes("$"))) return false;
  return gunicornWorkersReached(server, project, b) === "wsgi";
}

/** The workers of the gunicorn every app server of the project the pass reaches is: uvicorn's (an `asgi` module), its own (WSGI), or null. */
function gunicornWorkersReached(server: NginxServer, project: DjangoProjectFacts, b: Backend): "asgi" | "wsgi" | null {
  const reached = project.appServers.filter((s) => s.listen.length && proxiesToProject(server, project, b, [s]));
  if (!reached.length || reached.some((s) => s.kind !== "gunicorn")) return null;
  const asgi = reached.map((s) => /(^|\.)asgi(:|$)/.test(s.app?.value ?? ""));
  return asgi.every(Boolean) ? "asgi" : asgi.some(Boolean) ? null : "wsgi";
}

/** The URI part of a proxy_pass target (`http://b/x/` -> `/x/`, `http://unix:/s.sock:/x/` -> `/x/`), "" for none, null when it has variables. */
function uriPart(target: string): string | null {
  if (target.includes("$")) return null;
  const rest = target.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  if (rest.startsWith("unix:")) {
    const colon = rest.indexOf(":", 5);
    return colon < 0 ? "" : rest.slice(colon + 1);
  }
  const slash = rest.indexOf("/");
  return slash < 0 ? "" : rest.slice(slash);
}

const addressKey = (server: NginxServer, loc: Location) =>
  "backend" in loc.handler
    ? server
        .addressesOf(loc.handler.backend)
        .map((a) => a.unix ?? `${a.host}:${a.port}`)
        .sort()
        .join(" ")
    : "";

function nginxFindings(server: NginxServer, project: DjangoProjectFacts, site: Site): Finding[] {
  const vs = nginxSiteServer(server, site);
  if (!vs) return [];
  const locs = projectLocations(server, vs, project);
  // Without the app servers, any application backend counts as the project's: only a block with one backend says which it is.
  const known = project.appServers.some((s) => s.listen.length);
  if (!known && new Set(locs.map((l) => addressKey(server, l))).size > 1) return [];
  const out: Finding[] = [];
  for (const loc of locs) {
    const h = loc.handler;
    if (h.kind !== "proxy" || !("backend" in h) || (loc.modifier !== "" && loc.modifier !== "^~") || loc.parent) continue;
    if (!loc.path.startsWith("/") || loc.path === "/" || !proxiesToProject(server, project, h.backend)) continue;
    // `rewrite ^/app/(.*)$ /$1 break;` strips the prefix too: nginx then passes the rewritten URI, whatever URI proxy_pass has.
    const rewrite = rewriteOf(loc);
    if (rewrite === null) continue;
    const uri = rewrite ? rewrite.to : uriPart(h.backend.arg.value);
    if (uri === null || uri === "" || !stripsPrefix(uri)) continue;
    const headers = proxyHeader(server, h.entry, PREFIX_HEADERS);
    if (headers.unsure) continue;
    const ignoredBy = headers.found.length ? headerIgnoredBy(server, project, h.backend, headers.found) : undefined;
    const refused = headers.found.length > 0 && !ignoredBy && refusedByGunicorn(server, project, h.backend, headers.found);
    if (headers.found.length && !ignoredBy && !refused) continue;
    const pass = `${rewrite ? `${rewrite.text} ` : ""}proxy_pass ${h.backend.arg.value}`;
    out.push({ at: h.entry.node, prefix: loc.path, pass, ...(ignoredBy ? { ignoredBy } : {}), ...(refused ? { refusedBy: true as const } : {}) });
  }
  return out;
}

/**
 * The `rewrite ... break` of a prefix location that rewrites the location's own prefix (`location /app/ { rewrite
 * ^/app/(.*)$ /$1 break; ... }`): the replacement's literal start, which nginx passes upstream; undefined when the
 * location has no rewrite, null when it has one the linter cannot follow (another flag, a variable, several).
 */
function rewriteOf(loc: Location): { to: string; text: string } | null | undefined {
  // A redirecting rewrite (`permanent`, `redirect`, or an absolute URL) answers the client: it changes no proxied URI.
  const redirects = (args: string[]) => args[2] === "permanent" || args[2] === "redirect" || /^(https?:\/\/|\$scheme)/.test(args[1] ?? "");
  const rewrites = loc.scope.entries.filter((e) => e.node.name === "rewrite" && !redirects(e.node.args.map((a) => a.value)));
  if (!rewrites.length) return undefined;
  const [re, to, flag] = rewrites[0].node.args.map((a) => a.value);
  if (rewrites.length > 1 || !re || !to || flag !== "break" || !to.startsWith("/")) return null;
  const literal = re.replace(/\\\//g, "/");
  if (!literal.startsWith(`^${loc.path.replace(/\/+$/, "")}`)) return null;
  const start = to.split("$")[0];
  return { to: start, text: `rewrite ${re} ${to} break;` };
}

/** The path part of a ProxyPass target (`http://b:8000/x/` -> `/x/`), "" for none. */
function targetPath(url: string): string {
  const rest = url.replace(/^unix:[^|]*\|/i, "").replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  return rest;
}

function apacheFindings(server: ApacheServer, project: DjangoProjectFacts, site: Site): Finding[] {
  const vhost = apacheSiteHost(server, site);
  if (!vhost) return [];
  const listens = project.appServers.flatMap((s) => s.listen);
  // A project mod_wsgi runs in the host is reached through its WSGIScriptAlias: the host's ProxyPass mounts are others'.
  if (!listens.length && projectWsgiApps(server, vhost, project).length) return [];
  const host = strippingMounts(server, vhost);
  if (!listens.length && host.backends > 1) return [];
  return host.stripping.filter((c) => !listens.length || (c.ref && listens.some((l) => listensAt(l, c.ref!)))).map((c) => c.finding);
}

interface HostMounts {
  /** How many application backends the host's ProxyPass mounts reach. */
  backends: number;
  /** The mounts that strip their prefix with no prefix header, each with its backend. */
  stripping: { ref: ReturnType<typeof proxyBackend>; finding: Finding }[];
}

const hostMounts = perHost<HostMounts>();
/**
 * A host's ProxyPass mounts to an application that strip their prefix and pass no prefix header: once per host,
 * which is a site of every project its applications run (a host of hundreds of applications asked hundreds of times).
 */
function strippingMounts(server: ApacheServer, vhost: ApacheSection): HostMounts {
  return hostMounts(server, vhost, () => {
    const mounts = mountsOfHost(server, vhost).filter(
      (m) => m.via === "ProxyPass" && !m.exclusion && m.target && !m.target.variable && mountActive(server, m) === "yes",
    );
    const app = mounts.filter((m) => backendsOf(server, m.target!).every(isAppBackend));
    const keyOf = (m: ProxyMount) => m.target!.unix ?? `${m.target!.host}:${m.target!.port}`;
    const known: HostMounts = { backends: new Set(app.map(keyOf)).size, stripping: [] };
    for (const m of app) {
      if (m.target!.scheme !== "http" || m.path === null || m.path === "/" || !m.path.startsWith("/")) continue;
      const to = targetPath(m.target!.url);
      if (!stripsPrefix(to)) continue;
      const h = requestHeaderFor(server, vhost, m, PREFIX_HEADERS);
      if (h.unsure || h.set) continue;
      const pass = m.location ? `<Location ${m.path}> ProxyPass ${m.target!.url}` : `ProxyPass ${m.path} ${m.target!.url}`;
      known.stripping.push({ ref: proxyBackend(m.target!.url), finding: { at: m.entry.node, prefix: m.path, pass } });
    }
    return known;
  });
}

/** mod_setenv options that add request headers, where a `SCRIPT_NAME` header for gunicorn would be. */
const SETENV_REQUEST = ["setenv.add-request-header", "setenv.set-request-header"];

/**
 * lighttpd's mod_proxy passes the whole URL unless `proxy.header`'s `map-urlpath`
 * maps a prefix away (`"/app/" => "/"`, lighttpd mod_proxy docs): then the site
 * strips the mount, as nginx's `proxy_pass http://b/;` does.
 */
function lighttpdFindings(server: LighttpdServer, site: Site): Finding[] {
  const ctx = lighttpdSiteContext(server, site);
  if (!ctx || !lighttpdMounts(server).some((m) => m.context === ctx && (m.key === "" || m.key.startsWith("/")))) return [];
  const header = server.settingInEffect("proxy.header", ctx);
  if (!header) return [];
  const map = entryOf(header.value, "map-urlpath");
  if (header.value.type !== "array" || (!map && header.value.entries.some((e) => e.key === null))) return [];
  if (!map || map.value.type !== "array") return [];
  for (const key of SETENV_REQUEST) {
    const set = server.settingInEffect(key, ctx);
    if (!set) continue;
    if (set.value.type !== "array" || set.value.entries.some((e) => e.key === null || PREFIX_HEADERS.includes(e.key.toLowerCase()))) return [];
  }
  const out: Finding[] = [];
  for (const e of map.value.entries) {
    const to = stringOf(e.value);
    if (e.key === null || to === null) return [];
    if (!e.key.startsWith("/") || e.key === "/" || !stripsPrefix(to)) continue;
    out.push({ at: e.node, prefix: withSlash(e.key), pass: `"map-urlpath" => ( "${e.key}" => "${to}" )` });
  }
  return out;
}
