/**
 * From a site (a server block tied to a project) back to the server model it
 * came from, and the places a django/* finding names as its other side: the
 * settings line, the application server's listen line.
 */
import { apacheListens } from "../apache/listen.js";
import path from "node:path";
import type { ApacheSection } from "../../ast/apache.js";
import type { Positioned } from "../../core/range.js";
import type { FsFacade } from "../../load/fs-facade.js";
import type { AnyServer } from "../../rule-api.js";
import { sitePlaceKey, vhostKey } from "../apache/django-sites.js";
import type { ApacheServer } from "../apache/server.js";
import { hostWsgiApps, scriptFileOf, type WsgiApp } from "../apache/wsgi-apps.js";
import { tlsHost } from "../apache/tls.js";
import type { LighttpdContext, LighttpdServer } from "../lighttpd/server.js";
import { isLoopback } from "../nginx/addresses.js";
import type { Location, NginxServer, VirtualServer } from "../nginx/server.js";
import type { Location as PyLocation } from "./python/values.js";
import type { AppServer, Listen } from "./app-servers/types.js";
import type { DjangoModel, DjangoProjectFacts } from "./index.js";
import { proxyBackend, type BackendRef } from "./server-refs.js";
import { mountsOfHost, type ProxyMount } from "../apache/proxy.js";
import { perHost } from "../apache/per-host.js";
import { hostLevelSetting } from "../apache/setting-index.js";
import { proxiesToProject, settingPlace, settingShown, type KnownSetting } from "./sides.js";
import { listensAt, reachKey, siteScope, type Site } from "./sites.js";

/** The server model a site's block belongs to. */
export function serverOfSite(servers: AnyServer[], site: Site): AnyServer | undefined {
  return servers.find((s) => s.dialect === site.dialect && s.tree.files.has(site.file));
}

/** The nginx `server` block of a site. */
export function nginxSiteServer(server: NginxServer, site: Site): VirtualServer | undefined {
  return placeIndex(nginxIndexes, server, function* () {
    for (const v of server.servers) yield [placeKey(v.block.file, v.block.openRange.start), v];
  }).get(placeKey(site.file, site.block.range.start));
}

/**
 * What a site names (a server block, a virtual host, a lighttpd context) by its file and offset, built once per
 * server: rules ask per site, and a scan of every block per site grew with the square of a fleet's sites.
 */
const placeKey = (file: string, start: number) => `${start}\0${file}`;
const nginxIndexes = new WeakMap<NginxServer, Map<string, VirtualServer>>();
const apacheIndexes = new WeakMap<ApacheServer, Map<string, ApacheSection>>();
const lighttpdIndexes = new WeakMap<LighttpdServer, Map<string, LighttpdContext>>();

/** The index of a server (the first entry of a key wins, as a find in read order). */
function placeIndex<S extends object, T>(cache: WeakMap<S, Map<string, T>>, server: S, entries: () => Iterable<[string, T]>): Map<string, T> {
  let index = cache.get(server);
  if (index) return index;
  index = new Map();
  for (const [k, v] of entries()) if (!index.has(k)) index.set(k, v);
  cache.set(server, index);
  return index;
}

const readProjectsByHost = new WeakMap<DjangoModel, Map<string, DjangoProjectFacts>>();

/** The first project whose settings were read that a virtual host is tied to (a site of it), indexed once per model. */
export function readProjectOfHost(django: DjangoModel, vhost: ApacheSection): DjangoProjectFacts | undefined {
  return placeIndex(readProjectsByHost, django, function* () {
    for (const p of django.projects)
      if (!p.settingsUnknown && p.settingsFiles.length) for (const x of p.sites) if (x.dialect === "apache") yield [sitePlaceKey(x.block, x.use), p];
  }).get(vhostKey(vhost));
}

/** The projects an nginx server block is a site of. */
export function projectsOfServerBlock(django: DjangoModel, vs: VirtualServer): DjangoProjectFacts[] {
  const { file, openRange } = vs.block;
  return django.projects.filter((p) => p.sites.some((s) => s.file === file && s.block.range.start === openRange.start));
}

/** The Apache virtual host of a site (undefined for the main server's site). */
export function apacheSiteHost(server: ApacheServer, site: Site): ApacheSection | undefined {
  if (site.dialect !== "apache") return undefined;
  return placeIndex(apacheIndexes, server, function* () {
    for (const e of server.sections("VirtualHost")) yield [vhostKey(e.node), e.node];
  }).get(sitePlaceKey(site.block, site.use));
}

/**
 * Whether a site answers only on this machine's loopback (`<VirtualHost 127.0.0.1:8080>`, nginx `listen
 * 127.0.0.1:8080`): only a front on the same machine reaches it, and what clients see is what that front serves.
 */
export function siteOnlyOnLoopback(server: AnyServer, site: Site): boolean {
  if (server.dialect === "apache") {
    const vhost = apacheSiteHost(server, site);
    if (!vhost || !vhost.args.length) return false;
    const listens = apacheListens(server);
    return vhost.args.every((a) => {
      const m = /^(\[[^\]]*\]|[^:]+)(?::(\d+|\*))?$/.exec(a.value);
      const host = m?.[1]?.toLowerCase();
      if (host === undefined) return false;
      if (isLoopback(host)) return true;
      // `<VirtualHost *:8081>` answers on the addresses Apache listens on for that port: loopback only when every
      // `Listen` of the port is (`Listen 127.0.0.1:8081`, nginx in front).
      const port = Number(m?.[2]);
      if ((host !== "*" && host !== "_default_") || !Number.isInteger(port)) return false;
      const own = listens.filter((l) => l.port === port);
      return own.length > 0 && own.every((l) => l.host !== null && isLoopback(l.host));
    });
  }
  if (server.dialect === "nginx") {
    const vs = nginxSiteServer(server, site);
    return !!vs && vs.listens.length > 0 && vs.listens.every((l) => l.address.unix === null && isLoopback(l.address.host));
  }
  return false;
}

/** Whether a site answers over TLS only: every nginx `listen` has `ssl`, an Apache virtual host has `SSLEngine on`. */
export function siteOnlyOverTls(server: AnyServer, site: Site): boolean {
  if (server.dialect === "nginx") {
    const vs = nginxSiteServer(server, site);
    return !!vs && vs.listens.length > 0 && vs.listens.every((l) => l.address.ssl);
  }
  if (server.dialect === "apache") {
    const vhost = apacheSiteHost(server, site);
    return !!vhost && tlsHost(server, vhost) === "yes";
  }
  return false;
}

const appsByScript = perHost<Map<string, WsgiApp[]>>();
/**
 * The project's own mod_wsgi applications in a virtual host: the host's `WSGIScriptAlias` lines whose script is one
 * of the project's. (A host whose mod_wsgi runs several projects, or proxies to others, is a site of each; each
 * project's requests reach it through its own mounts.) By script, once per host.
 */
export function projectWsgiApps(server: ApacheServer, vhost: ApacheSection | null, project: DjangoProjectFacts): WsgiApp[] {
  const byScript = appsByScript(server, vhost, () => {
    const m = new Map<string, WsgiApp[]>();
    for (const app of hostWsgiApps(server, vhost)) {
      // A script named with a trailing `/` is read as the file it names (ScriptRef.maybeDirectory).
      const key = scriptFileOf(app);
      if (key === null) continue;
      const l = m.get(key);
      if (l) l.push(app);
      else m.set(key, [app]);
    }
    return m;
  });
  return [...new Set(project.scripts.map((r) => r.script))].flatMap((script) => byScript.get(script) ?? []);
}

/**
 * The mounts of an Apache host that may reach the project: those to an address its app servers listen on; none when
 * mod_wsgi runs it there and the run holds no app server of its; every one when the run cannot tell. A host that
 * proxies to several projects (`/crm/` to one gunicorn, `/ts/` to another) is a site of each.
 */
export function mountsReaching(server: ApacheServer, vhost: ApacheSection | null, project: DjangoProjectFacts): ProxyMount[] {
  const listens = project.appServers.flatMap((s) => s.listen);
  if (!listens.length) return projectWsgiApps(server, vhost, project).length ? [] : mountsOfHost(server, vhost);
  // By the port or socket of each mount's backend, once per host: a host proxying to hundreds of projects is asked once
  // per project. Mounts with no backend address (exclusions) go to every project.
  const host = mountsByBackend(server, vhost, () => {
    const byKey = new Map<string, { at: number; mount: ProxyMount; ref: BackendRef }[]>();
    const open: { at: number; mount: ProxyMount }[] = [];
    mountsOfHost(server, vhost).forEach((mount, at) => {
      const ref = mount.target ? proxyBackend(mount.target.url) : null;
      if (!ref) return void open.push({ at, mount });
      const key = reachKey(ref);
      const l = byKey.get(key);
      if (l) l.push({ at, mount, ref });
      else byKey.set(key, [{ at, mount, ref }]);
    });
    return { byKey, open };
  });
  const found = new Set(host.open);
  for (const l of listens) for (const c of host.byKey.get(reachKey(l)) ?? []) if (listensAt(l, c.ref)) found.add(c);
  return [...found].sort((a, b) => a.at - b.at).map((c) => c.mount);
}

const mountsByBackend = perHost<{
  byKey: Map<string, { at: number; mount: ProxyMount; ref: BackendRef }[]>;
  open: { at: number; mount: ProxyMount }[];
}>();

/** The lighttpd context of a site: its first condition block, or the global context when the site is an assignment there. */
export function lighttpdSiteContext(server: LighttpdServer, site: Site): LighttpdContext | undefined {
  return placeIndex(lighttpdIndexes, server, function* () {
    for (const c of server.contexts) {
      const first = c.blocks[0];
      if (first) yield [placeKey(first.file, first.headRange.start), c];
      else for (const s of c.settings.values()) for (const a of s.assignments) yield [placeKey(a.file, a.range.start), c];
    }
  }).get(placeKey(siteScope(site).file, siteScope(site).range.start));
}

/** The locations of a server block that pass requests to the project (proxy_pass, uwsgi_pass, fastcgi_pass). */
export function projectLocations(server: NginxServer, vs: VirtualServer, project: DjangoProjectFacts): Location[] {
  return vs.locations.filter((loc) => {
    const h = loc.handler;
    return "backend" in h && !h.entry.node.incomplete && server.isAppBackend(h.backend) && proxiesToProject(server, project, h.backend);
  });
}

/** Whether `django.trustedFront` puts a site behind a front that sets or strips the scheme header. */
export function behindTrustedFront(model: DjangoModel, site: Site): boolean {
  const t = model.trustedFront;
  return t === true || (Array.isArray(t) && site.names.some((n) => t.includes(n.toLowerCase())));
}

/** nginx directives that declare a proxy in front (a load balancer, a CDN): requests come from it, not from clients. */
const NGINX_FRONT = ["set_real_ip_from", "real_ip_header"];
/** The same for Apache's mod_remoteip. */
const APACHE_FRONT = ["RemoteIPTrustedProxy", "RemoteIPTrustedProxyList", "RemoteIPInternalProxy", "RemoteIPInternalProxyList"];

/**
 * Whether the site is behind a declared front: `django.trustedFront`, nginx
 * `set_real_ip_from`/`real_ip_header` in effect for its server block, Apache
 * mod_remoteip's trusted proxies for its virtual host (or the main server).
 * The scheme header such a front sets reaches Django unless the site replaces it.
 */
export function frontDeclared(model: DjangoModel, server: AnyServer, site: Site, servers: readonly AnyServer[] = [server]): boolean {
  if (behindTrustedFront(model, site)) return true;
  // A fragment's neighbours linted with it (`Include deploy/apache/*.conf`, `include conf.d/*.conf`) are read into the
  // same server: a front they declare at the server level applies to every host, wherever it is written.
  const neighbours = server.complete
    ? []
    : servers.filter(
        (s) => s !== server && s.dialect === server.dialect && !s.complete && path.dirname(s.tree.root.path) === path.dirname(server.tree.root.path),
      );
  if (server.dialect === "nginx") {
    const vs = nginxSiteServer(server, site);
    if (!vs) return false;
    // The client's address from the PROXY protocol: the front relays TCP, the client's request as it is, headers and all.
    const header = server.directivesInEffect("real_ip_header", vs.scope).entries;
    if (header.length && header[header.length - 1].node.args[0]?.value === "proxy_protocol") return false;
    if (NGINX_FRONT.some((d) => server.directivesInEffect(d, vs.scope).entries.length > 0)) return true;
    return neighbours.some((n) => (n as NginxServer).main.entries.some((e) => NGINX_FRONT.includes(e.node.name)));
  }
  if (server.dialect === "apache") {
    const vhost = apacheSiteHost(server, site);
    if (!vhost) return false;
    // The PROXY protocol with no header to read the address from: a TCP relay in front, which passes headers on.
    const proxyProtocol = hostLevelSetting(server, "RemoteIPProxyProtocol", vhost).winner;
    if (proxyProtocol?.node.args[0]?.value.toLowerCase() === "on" && !hostLevelSetting(server, "RemoteIPHeader", vhost).winner) return false;
    if (APACHE_FRONT.some((d) => server.directivesSeenBy(d, vhost).length > 0)) return true;
    return neighbours.some((n) => APACHE_FRONT.some((d) => (n as ApacheServer).directives(d).some((e) => e.vhost === null && e.active !== "no")));
  }
  return false;
}

/** A Python-side location (an app-server line) as a finding's place, read from its local file. */
export function pythonPlace(fs: FsFacade, l: PyLocation): Positioned {
  return { file: fs.local(l.file), range: { start: l.start, end: l.end, line: l.line, column: l.column, endLine: l.endLine, endColumn: l.endColumn } };
}

/** `shop.service:7`, `deploy/gunicorn.conf.py:3`: an app-server line, under the project root when it is there. */
export function shownAppServerLine(fs: FsFacade, project: DjangoProjectFacts | null, l: PyLocation): string {
  const file = fs.local(l.file);
  const root = project?.root ? fs.local(project.root) : null;
  const rel = root ? path.relative(root, file) : "";
  return `${rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : path.basename(file)}:${l.line}`;
}

/** How a listen address reads: `127.0.0.1:8000`, `unix:/run/shop.sock`. */
export const shownListen = (l: Listen): string => (l.socket !== undefined ? `unix:${l.socket}` : (l.address ?? (l.fd !== undefined ? `fd ${l.fd}` : "?")));

/** The app servers (and the listen of each) that receive what is sent to `ref`. */
export function listenersAt(servers: AppServer[], ref: BackendRef): { server: AppServer; listen: Listen }[] {
  return servers.flatMap((server) => server.listen.filter((l) => listensAt(l, ref)).map((listen) => ({ server, listen })));
}

/** The settings side of a finding as a related location, when the setting was read from a file. */
export function settingRelated(fs: FsFacade, project: DjangoProjectFacts, s: KnownSetting, what: string): { at: Positioned; message: string }[] {
  return s.how === "read" ? [{ at: settingPlace(fs, s.fact), message: `${what} (${settingShown(project, fs, s)})` }] : [];
}

/** Parameters and headers that carry SCRIPT_NAME from nginx to the app server. */
const NGINX_SCRIPT_NAME = ["uwsgi_param", "fastcgi_param", "scgi_param"];

/**
 * Whether every mount of lighttpd's `fastcgi.server` or `scgi.server` passes no SCRIPT_NAME: a mount passes its
 * prefix (`/app`; for `/`, the URL's first segment), except `/` with `"fix-root-scriptname" => "enable"`, which
 * passes an empty one and the whole path as PATH_INFO (checked on lighttpd 1.4.69).
 */
function passesNoScriptName(server: LighttpdServer, key: string): boolean {
  for (const setting of server.settings(key)) {
    if (setting.value.type !== "array" || setting.value.entries.some((e) => e.key === null)) return false;
    for (const m of server.fastcgiMounts(setting)) {
      if (m.mount !== "/" || !m.hosts.length) return false;
      for (const h of m.hosts) {
        const fix = h.option("fix-root-scriptname")?.value;
        if (h.unknownOptions || fix?.type !== "string" || fix.value !== "enable") return false;
      }
    }
  }
  return true;
}

/**
 * The script name Django gets from a site when its settings force none: what it prefixes a relative `STATIC_URL`
 * or `MEDIA_URL` with (Django 3.1 and later). "/" where nothing passes one (a proxy to the project's root); the
 * mount of the site's `WSGIScriptAlias` below the root (mod_wsgi sets it); the one literal `SCRIPT_NAME` the site
 * passes (`proxy_set_header SCRIPT_NAME /app` for gunicorn, `uwsgi_param`, `RequestHeader set`; an nginx include
 * it cannot read is taken to pass none, as Debian's `proxy_params` and `uwsgi_params` do not). Null when it
 * cannot be known: mounts that differ, a variable (`fastcgi_params`' `$fastcgi_script_name`), a `SCRIPT_NAME` in
 * an app server's environment or set by lighttpd, or a FastCGI/SCGI mount of lighttpd (which passes its prefix; not
 * `/` with `fix-root-scriptname`, which passes none).
 */
export function siteScriptName(server: AnyServer, project: DjangoProjectFacts, site: Site): string | null {
  if (project.appServers.some((a) => a.env.SCRIPT_NAME !== undefined)) return null;
  if (server.dialect === "apache") {
    const vhost = apacheSiteHost(server, site);
    if (!vhost) return null;
    // mod_wsgi gives each application its own mount as SCRIPT_NAME, whatever else the host mounts.
    const own = projectWsgiApps(server, vhost, project);
    return own.length ? onlyScriptName(new Set(own.map((a) => a.url.replace(/\/+$/, "") || "/"))) : apacheScriptName(server, vhost);
  }
  // A front (nginx before Apache's mod_wsgi): the script name is the mount of the Apache host it passes to.
  if (project.sites.some((s) => s.frontedBy?.includes(site.block))) return null;
  const names = new Set<string>();
  if (server.dialect === "nginx") {
    const vs = nginxSiteServer(server, site);
    if (!vs) return null;
    for (const loc of projectLocations(server, vs, project)) {
      const h = loc.handler;
      if (!("entry" in h)) continue;
      for (const d of ["proxy_set_header", ...NGINX_SCRIPT_NAME]) {
        const eff = server.directivesInEffect(d, h.entry.scope);
        // An include not read here (Debian's proxy_params, uwsgi_params) is taken to pass no SCRIPT_NAME, as the
        // stock ones do not: the mount is passed where it is made. fastcgi_params passes $fastcgi_script_name.
        if (eff.unsure && h.kind === "fastcgi") return null;
        for (const e of eff.entries) if (/^script_name$/i.test(e.node.args[0]?.value ?? "")) names.add(e.node.args[1]?.value ?? "$");
      }
    }
  } else if (server.dialect === "lighttpd") {
    if (["fastcgi.server", "scgi.server"].some((k) => server.assignments(k).length && !passesNoScriptName(server, k))) return null;
    for (const k of ["setenv.add-request-header", "setenv.set-request-header", "setenv.add-environment", "setenv.set-environment"])
      if (server.assignments(k).length) return null;
  }
  return onlyScriptName(names);
}

/** The one script name a site's mounts agree on ("/" when none is set), or null. */
function onlyScriptName(names: Set<string>): string | null {
  if (names.size > 1) return null;
  const [only] = names;
  if (only === undefined) return "/";
  return /^\/[^\s$]*$/.test(only) ? only : null;
}

const apacheScriptNames = perHost<string | null>();
/**
 * The script name an Apache host's applications run under (its WSGI mounts and `SCRIPT_NAME` request headers), once
 * per host: a host of hundreds of applications is a site of each of their projects.
 */
function apacheScriptName(server: ApacheServer, vhost: ApacheSection): string | null {
  return apacheScriptNames(server, vhost, () => {
    const names = new Set<string>();
    for (const app of hostWsgiApps(server, vhost)) names.add(app.url.replace(/\/+$/, "") || "/");
    for (const e of server.directivesSeenBy("RequestHeader", vhost))
      if (e.node.args.some((a) => /^script_name$/i.test(a.value))) names.add(e.node.args[2]?.value ?? "$");
    return onlyScriptName(names);
  });
}
