/**
 * What a site's server does with a URL prefix of the Django side (`STATIC_URL`,
 * `MEDIA_URL`): which directory it serves the prefix from (nginx `alias`/`root`,
 * Apache `Alias`, lighttpd `alias.url`), and whether a request under it is
 * served by the server or passed to Django. Read from the server models; a
 * question the model cannot answer for sure gets "unknown", never a guess.
 */
import { isWindowsPath } from "../../load/path-map.js";
import path from "node:path";
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import type { Positioned } from "../../core/range.js";
import { configRegex } from "../../core/config-regex.js";
import type { FsFacade } from "../../load/fs-facade.js";
import type { AnyServer } from "../../rule-api.js";
import { activeAssumingModules } from "../apache/branches.js";
import { isAppBackend, locationMatches, parseProxyTarget } from "../apache/proxy.js";
import { hasFlag, parseRewriteRule, proxiesEverything } from "../apache/rewrite.js";
import { perHost } from "../apache/per-host.js";
import { mountServing } from "../apache/proxy-index.js";
import type { ApacheEntry, ApacheServer } from "../apache/server.js";
import { serverPath } from "../apache/wsgi-apps.js";
import { contextApplies, hostContextOf, optionAtUrl } from "../lighttpd/request.js";
import type { LighttpdContext, LighttpdServer, Setting } from "../lighttpd/server.js";
import { locationFor } from "../nginx/location-match.js";
import type { NginxServer, VirtualServer } from "../nginx/server.js";
import { composeView, webServerInContainer } from "./compose.js";
import type { DjangoProjectFacts } from "./index.js";
import { PythonReader } from "./settings.js";
import { knownSetting, proxiesToProject, settingAlternatives } from "./sides.js";
import { apacheSiteHost, siteScriptName } from "./site-servers.js";
import { siteScope, type Site } from "./sites.js";
import { staticMediaPrefixes } from "./static-media.js";
import { isOpaque } from "../../template/placeholder.js";

/** A directory the server serves a URL prefix from, and the argument that names it. */
export interface ServedDir {
  /** Server path, normalised, no trailing `/`. */
  dir: string;
  at: Positioned;
  /** The directive as the user wrote it, for messages: `alias`, `root`, `Alias`, `alias.url`. */
  directive: string;
}

/** Who answers a request under a prefix: the server itself (files), Django, or the linter cannot tell. */
export type Answerer = "server" | "django" | "unknown";

const withSlash = (u: string) => (u.endsWith("/") ? u : u + "/");
export const normDir = (d: string) => {
  const n = path.posix.normalize(d);
  return n.length > 1 ? n.replace(/\/+$/, "") : n;
};

/** The site's server model, when the run holds it. */
export const serverOfSite = (servers: AnyServer[], site: Site): AnyServer | undefined =>
  servers.find((s) => s.dialect === site.dialect && s.tree.files.has(site.file));

/**
 * The servers read as one with `server`, in the order the server reads them. A
 * fragment (a site file linted without its main configuration) is read with
 * the run's other fragments of the same dialect in its directory, in name
 * order, as `include sites-enabled/*;` and `IncludeOptional sites-enabled/*.conf`
 * read them: Debian's `default` site beside the project's is then seen first.
 * A whole configuration is read alone.
 */
export function readTogether<S extends NginxServer | ApacheServer>(servers: AnyServer[], server: S): S[] {
  if (server.complete) return [server];
  let groups = fragmentGroups.get(servers);
  if (!groups) {
    groups = new Map();
    for (const s of servers) {
      if ((s.dialect !== "nginx" && s.dialect !== "apache") || s.complete) continue;
      const key = `${s.dialect} ${path.dirname(s.tree.root.path)}`;
      const g = groups.get(key);
      if (g) g.push(s);
      else groups.set(key, [s]);
    }
    for (const g of groups.values()) g.sort((a, b) => (a.tree.root.path < b.tree.root.path ? -1 : a.tree.root.path > b.tree.root.path ? 1 : 0));
    fragmentGroups.set(servers, groups);
  }
  return (groups.get(`${server.dialect} ${path.dirname(server.tree.root.path)}`) ?? [server]) as S[];
}
const fragmentGroups = new WeakMap<AnyServer[], Map<string, (NginxServer | ApacheServer)[]>>();

/**
 * The URL prefix a `STATIC_URL`/`MEDIA_URL` setting gives, when it is known and
 * served by this host (not a full URL on another one). A relative value is
 * prefixed with `FORCE_SCRIPT_NAME` when the settings give it, else with the
 * script name the site passes (`siteScript`, see siteScriptName: null when it
 * cannot be known; `/` when no site is in question).
 */
export function settingPrefix(project: DjangoProjectFacts, name: "STATIC_URL" | "MEDIA_URL", siteScript: string | null = "/"): string | null {
  const s = knownSetting(project, name);
  if (!s || s.how === "default" || typeof s.value !== "string") return null;
  const script = knownSetting(project, "FORCE_SCRIPT_NAME");
  // FORCE_SCRIPT_NAME = None is Django's default; an unknown one leaves a relative prefix unknown.
  const forced = script?.how === "read" || script?.how === "assumed" ? script.value : null;
  const relative = !s.value.startsWith("/") && !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(s.value);
  const scriptName = !relative ? "/" : !script ? null : typeof forced === "string" ? forced : forced === null ? siteScript : null;
  if (scriptName === null) return null;
  const p = staticMediaPrefixes({ [name]: { value: s.value, file: "", line: 0 }, scriptName });
  return p.find((x) => x.source && "setting" in x.source)?.url ?? null;
}

/** The directories a site serves exactly this prefix from (the location, `Alias` or `alias.url` written for it). */
export function dirsServing(server: AnyServer, site: Site, prefix: string): ServedDir[] {
  // A template's `alias {{ app_root }}/static/`: where it renders to cannot be known.
  return dialectDirs(server, site, prefix).filter((d) => !isOpaque(d.dir));
}

function dialectDirs(server: AnyServer, site: Site, prefix: string): ServedDir[] {
  if (server.dialect === "nginx") return nginxDirs(server, site, prefix);
  if (server.dialect === "apache") return apacheDirs(server, site, prefix);
  if (server.dialect === "lighttpd") return lighttpdDirs(server, site, prefix);
  return [];
}

/** Per server, once: its blocks by place, so that a run with thousands of sites stays linear. */
function indexed<S extends object, T>(cache: WeakMap<S, Map<string, T>>, server: S, build: () => Iterable<[string, T]>): Map<string, T> {
  let m = cache.get(server);
  if (!m) cache.set(server, (m = new Map(build())));
  return m;
}
const placeKey = (file: string, start: number) => `${file}\0${start}`;
const nginxBlocks = new WeakMap<NginxServer, Map<string, VirtualServer>>();

export function nginxVirtualServer(server: NginxServer, site: Site): VirtualServer | undefined {
  return indexed(nginxBlocks, server, () => server.servers.map((v) => [placeKey(v.block.file, v.block.openRange.start), v])).get(
    placeKey(site.file, site.block.range.start),
  );
}

/** A server's directives of one name, grouped by virtual host (null: the main server), once per server and name. */
const byHostCache = new WeakMap<ApacheServer, Map<string, Map<ApacheSection | null, ApacheEntry<ApacheDirective | ApacheSection>[]>>>();
function byHost(server: ApacheServer, name: string, vhost: ApacheSection | null): ApacheEntry<ApacheDirective | ApacheSection>[] {
  let names = byHostCache.get(server);
  if (!names) byHostCache.set(server, (names = new Map()));
  let hosts = names.get(name);
  if (!hosts) {
    names.set(name, (hosts = new Map()));
    // `<Location` names a section, anything else a directive.
    for (const e of name.startsWith("<") ? server.sections(name.slice(1)) : server.directives(name)) {
      const l = hosts.get(e.vhost);
      if (l) l.push(e);
      else hosts.set(e.vhost, [e]);
    }
  }
  // Directives of the main server apply to every virtual host.
  return vhost === null ? (hosts.get(null) ?? []) : [...(hosts.get(null) ?? []), ...(hosts.get(vhost) ?? [])];
}

/**
 * A regex location written for a whole URL prefix: `^/static/`, `^/static/(.*)$`,
 * `^/static/(.+)` (escaped slashes and dots allowed). Returns the prefix, and
 * whether the pattern captures the rest of the path as `$1`; null for any other regex.
 */
export function regexPrefix(pattern: string): { prefix: string; captured: boolean } | null {
  const m = /^\^((?:\\[/.\-_]|[A-Za-z0-9/_-])+?)(\((?:\.\*|\.\+)\)\$?)?$/.exec(pattern);
  if (!m || !m[1].endsWith("/")) return null;
  return { prefix: m[1].replace(/\\(.)/g, "$1"), captured: m[2] !== undefined };
}

function nginxDirs(server: NginxServer, site: Site, prefix: string): ServedDir[] {
  const vs = nginxVirtualServer(server, site);
  const out: ServedDir[] = [];
  for (const loc of vs?.locations ?? []) {
    // A regex location counts when its pattern is exactly a prefix (`~ ^/static/(.*)$`).
    const rx = loc.modifier === "~" || loc.modifier === "~*" ? regexPrefix(loc.path) : null;
    if (
      (loc.modifier !== "" && loc.modifier !== "^~" && !rx) ||
      (rx ? rx.prefix : withSlash(loc.path)) !== prefix ||
      loc.handler.kind !== "static" ||
      server.hasUnresolvedInclude(loc.scope)
    )
      continue;
    const alias = server.directivesIn(loc.scope, "alias").pop();
    if (alias) {
      const a = alias.node.args[0];
      // In a regex location the alias names the whole file: `alias /srv/static/$1` reads `/srv/static`.
      const dir = rx?.captured && a?.value.endsWith("$1") ? a.value.slice(0, -2) : rx ? null : a?.value;
      if (a && dir && !dir.includes("$")) out.push({ dir: normDir(dir), at: a, directive: "alias" });
      continue;
    }
    const root = server.directivesInEffect("root", loc.scope);
    const r = root.entries[root.entries.length - 1]?.node.args[0];
    if (root.unsure || !r || r.value.includes("$") || !r.value.startsWith("/")) continue;
    out.push({ dir: normDir(path.posix.join(r.value, rx ? rx.prefix : loc.path)), at: r, directive: "root" });
  }
  return out;
}

export function apacheVhost(server: ApacheServer, site: Site): ApacheSection | null | undefined {
  const v = apacheSiteHost(server, site);
  // The main server's site points at the directive that ties it (no <VirtualHost>).
  return v ?? (byHost(server, "WSGIScriptAlias", null).some((e) => e.node.file === site.file) ? null : undefined);
}

function apacheDirs(server: ApacheServer, site: Site, prefix: string): ServedDir[] {
  const vhost = apacheVhost(server, site);
  if (vhost === undefined) return [];
  return aliasesByPrefix(server, vhost).get(prefix) ?? [];
}

const aliasIndex = perHost<Map<string, ServedDir[]>>();
/**
 * A host's `Alias` directories by the URL prefix they serve, built once per host: a host running hundreds of
 * applications is a site of each of their projects, and each asks for its static and media prefixes.
 */
function aliasesByPrefix(server: ApacheServer, vhost: ApacheSection | null): Map<string, ServedDir[]> {
  return aliasIndex(server, vhost, () => {
    const byPrefix = new Map<string, ServedDir[]>();
    const inEffect = (e: ApacheEntry<ApacheDirective | ApacheSection>) =>
      activeAssumingModules(e, (s) => server.conditionOf(s)) === "yes" && e.node.args.length === 2 && e.scope === e.vhost;
    const prefixOf = (e: ApacheEntry<ApacheDirective | ApacheSection>) => withSlash(e.node.args[0].value.replace(/\/{2,}/g, "/"));
    // mod_alias tries a host's own aliases before the main server's (its merge puts them first) and the first that
    // matches wins: a main-server Alias at or under a prefix the host aliases itself serves nothing there.
    const own =
      vhost === null
        ? []
        : byHost(server, "Alias", vhost)
            .filter((e) => e.vhost === vhost && inEffect(e))
            .map(prefixOf);
    for (const e of byHost(server, "Alias", vhost)) {
      // `<IfModule mod_ssl.c>` around certbot's vhost, `<IfModule mod_alias.c>`: the site is served only when its modules are loaded.
      if (!inEffect(e)) continue;
      if (e.vhost === null && own.some((p) => prefixOf(e).startsWith(p))) continue;
      const [url, target] = e.node.args;
      const dir = serverPath(server, target.value);
      if (dir === null) continue;
      const prefix = withSlash(url.value.replace(/\/{2,}/g, "/"));
      const served = { dir: normDir(dir), at: target, directive: "Alias" };
      const list = byPrefix.get(prefix);
      if (list) list.push(served);
      else byPrefix.set(prefix, [served]);
    }
    return byPrefix;
  });
}

/** The lighttpd context a site is (its host condition, or the global context). */
export function lighttpdContext(server: LighttpdServer, site: Site): LighttpdContext | undefined {
  const scope = siteScope(site);
  return server.contexts.find((c) => {
    const head = c.blocks[0];
    if (head) return head.file === scope.file && head.headRange.start === scope.range.start;
    return ["proxy.server", "fastcgi.server", "scgi.server"].some((k) => c.settings.get(k)?.assignments[0]?.range.start === scope.range.start);
  });
}

function lighttpdDirs(server: LighttpdServer, site: Site, prefix: string): ServedDir[] {
  const ctx = lighttpdContext(server, site);
  // A backend mount over the prefix takes its requests first: no alias.url serves them (static-not-served says so).
  if (!ctx || lighttpdBackendFirst(server, ctx, prefix + "x")) return [];
  const out: ServedDir[] = [];
  for (const setting of aliasSettingsAt(server, ctx, prefix + "x")) {
    if (setting.applies !== "yes") continue;
    for (const a of server.aliases(setting)) {
      if (a.entry.node.incomplete || withSlash(a.url) !== prefix || a.target.type !== "string" || !a.target.value.startsWith("/")) continue;
      out.push({ dir: normDir(a.target.value), at: a.entry.node, directive: "alias.url" });
    }
  }
  return out;
}

/** Who answers a request for `url` (a file under a prefix) on this site. */
export function answererOf(server: AnyServer, site: Site, url: string, project?: DjangoProjectFacts): Answerer {
  if (server.dialect === "nginx") return nginxAnswerer(server, site, url, project);
  if (server.dialect === "apache") return apacheAnswerer(server, site, url);
  if (server.dialect === "lighttpd") return lighttpdAnswerer(server, site, url);
  return "unknown";
}

function nginxAnswerer(server: NginxServer, site: Site, url: string, project?: DjangoProjectFacts): Answerer {
  const vs = nginxVirtualServer(server, site);
  if (!vs || server.hasUnresolvedInclude(vs.scope)) return "unknown";
  const m = locationFor(vs, url);
  if (m.unsure) return "unknown";
  if (!m.location) return "server";
  const h = m.location.handler;
  if ("backend" in h) {
    if (!server.isAppBackend(h.backend)) return "unknown";
    // Another service of the host (a file server on :8081 for /static/), while the block's other locations reach the
    // project's app servers: not Django.
    const elsewhere = (b: typeof h.backend) => !!project && !proxiesToProject(server, project, b);
    if (elsewhere(h.backend) && vs.locations.some((l) => "backend" in l.handler && !elsewhere(l.handler.backend))) return "unknown";
    return "django";
  }
  return h.kind === "static" ? "server" : "unknown";
}

function apacheAnswerer(server: ApacheServer, site: Site, url: string): Answerer {
  const vhost = apacheVhost(server, site);
  if (vhost === undefined) return "unknown";
  const here = (name: string) => byHost(server, name, vhost).filter((e) => e.active !== "no");
  // Rewrites may serve it: the linter does not prove what they do, but for one that proxies every path first. A rule
  // that only answers with an error status (`RewriteRule ^ - [R=503,L]` while a maintenance flag file exists, `[F]`,
  // `[G]`) serves nothing else.
  if (here("RewriteRule").some((e) => !answersWithError(e))) {
    const to = vhost ? proxiesEverything(server, vhost) : null;
    return to !== null && isAppBackend(parseProxyTarget(to.arg, to.url)) ? "django" : "unknown";
  }
  const under = (e: ApacheEntry) => url.startsWith(withSlash(e.node.args[0]?.value ?? "\0").replace(/\/{2,}/g, "/"));
  // A CGI directory over the URL (Debian's stock serve-cgi-bin.conf maps /cgi-bin/ in every virtual host), or a
  // regex alias that matches it or cannot be read.
  if (here("ScriptAlias").some(under)) return "unknown";
  if (["AliasMatch", "ScriptAliasMatch"].some((d) => here(d).some((e) => configRegex(e.node.args[0]?.value ?? "", "")?.test(url) ?? true))) return "unknown";
  // mod_proxy maps URLs before mod_alias (its translate_name hook runs first; `<Location>` ProxyPass too, as the
  // location walk comes before it): a ProxyPass over the URL answers it whatever Alias is written, unless `!` excludes it
  // (checked with httpd 2.4 on loopback: `Alias /static/` under `ProxyPass /`, plain or in `<Location />`).
  const m = mountServing(server, vhost, url);
  if (m && !m.exclusion) return m.target && isAppBackend(m.target) ? "django" : "unknown";
  if (here("Alias").some(under)) return "server";
  if (m === undefined) return "unknown";
  if (m) return "server";
  // mod_wsgi: the application mounted over the URL answers it, unless a <Location>/<Directory> handler changes that.
  const app = here("WSGIScriptAlias").some((e) => {
    const u = e.node.args[0]?.value;
    return u !== undefined && (u === "/" || url.startsWith(withSlash(u)));
  });
  if (!app) return "unknown";
  // A <Location> over the URL, or a SetHandler that may apply to it, may hand it to another handler (`SetHandler
  // None`). Debian's stock <Location /server-status> and PHP's <FilesMatch "\.php$"> do not, nor does a <Location>
  // that only sets mod_wsgi's process group, access or headers.
  if (here("<Location").some((e) => locationMatches(server, e.node as ApacheSection, url) !== false && !keepsHandler(e.node as ApacheSection)))
    return "unknown";
  if (here("SetHandler").some((e) => mayApply(server, e, url))) return "unknown";
  return "django";
}

/** A RewriteRule that rewrites nothing (`-`) and ends the request with an error status: `[R=503]`, `[F]`, `[G]`. */
function answersWithError(e: ApacheEntry): boolean {
  const r = parseRewriteRule(e as ApacheEntry<ApacheDirective>);
  if (!r || r.substitution !== "-" || hasFlag(r.flags, "proxy")) return false;
  const status = r.flags.map.get("redirect");
  return hasFlag(r.flags, "forbidden", "gone") || (status !== undefined && /^[45]\d\d$/.test(status));
}

/**
 * Directives that leave a request's handler alone: mod_wsgi's own per-URL settings (the documented
 * `<Location /app> WSGIProcessGroup app </Location>` of a sub-path mount), access control, headers, options.
 */
const HANDLER_NEUTRAL = new Set([
  "wsgiprocessgroup",
  "wsgiapplicationgroup",
  "wsgipassauthorization",
  "wsgiscriptreloading",
  "wsgirestrictprocess",
  "require",
  "allow",
  "deny",
  "order",
  "satisfy",
  "authtype",
  "authname",
  "authuserfile",
  "authgroupfile",
  "authbasicprovider",
  "header",
  "requestheader",
  "options",
  "sslrequiressl",
  "ssloptions",
  "loglevel",
  "setenv",
  "setenvif",
  "limitrequestbody",
  "expiresactive",
  "expiresdefault",
  "expiresbytype",
]);
const NEUTRAL_SECTIONS = new Set(["requireall", "requireany", "requirenone", "limit", "limitexcept"]);

/**
 * The authentication and authorization modules an intranet puts over `/` (mod_authn_*, mod_authz_*, mod_authnz_ldap,
 * mod_auth_digest, mod_auth_gssapi, mod_auth_kerb, mod_auth_openidc, Shibboleth, client certificates): they decide who
 * may ask, never what answers (a module's own endpoint is a `<Location>` with its `SetHandler`, which is not neutral).
 */
const NEUTRAL_PREFIXES = /^(auth|gssapi|krb|oidc|shib|ldap|sslverify|sslca)/;

/** Whether a `<Location>` holds only directives that leave the handler alone. */
function keepsHandler(s: ApacheSection): boolean {
  return s.children.every((c) =>
    c.kind === "directive" ? HANDLER_NEUTRAL.has(c.key) || NEUTRAL_PREFIXES.test(c.key) : NEUTRAL_SECTIONS.has(c.key) && keepsHandler(c),
  );
}

/** Whether a directive inside sections may apply to a request for `url`: each section's test, as far as the linter reads it. */
function mayApply(server: ApacheServer, e: ApacheEntry, url: string): boolean {
  const file = url.slice(url.lastIndexOf("/") + 1);
  for (const s of e.sections) {
    // <IfModule>, <IfDefine>... are decided by `active`; <If> and <Else> are run time.
    if (s === e.vhost || (s.key.startsWith("if") && s.key !== "if")) continue;
    if (s.key === "location" || s.key === "locationmatch") {
      if (locationMatches(server, s, url) === false) return false;
      continue;
    }
    if (s.key === "files" || s.key === "filesmatch") {
      const arg = s.args[0]?.value ?? "";
      const regex = s.key === "filesmatch" || s.args[0]?.value === "~";
      const pattern = regex ? (s.key === "filesmatch" ? arg : (s.args[1]?.value ?? "")) : null;
      const re = pattern !== null ? configRegex(pattern, "") : null;
      if (pattern !== null ? re !== null && !re.test(file) : !/[*?[]/.test(arg) && arg !== file) return false;
      continue;
    }
    // <Directory>, <If> and the rest: not decided here.
    return true;
  }
  return true;
}

/** The lighttpd modules that pass a request on to a backend. */
const LIGHTTPD_BACKENDS = ["proxy.server", "fastcgi.server", "scgi.server"];

/**
 * The backend mount that takes `url` on the site before mod_alias maps it (mod_proxy, mod_fastcgi and mod_scgi match
 * the URL path when it is cleaned, before the physical path is found: checked with lighttpd 1.4.69, whatever the
 * modules' order and FastCGI's `check-local`), in a context that surely applies; null when none does.
 */
export function lighttpdBackendFirst(server: LighttpdServer, ctx: LighttpdContext, url: string): { key: string; mount: string } | null {
  // A rewrite runs before both and may send the URL elsewhere.
  if (server.settings("url.rewrite-once").length || server.settings("url.rewrite").length) return null;
  // The site may be the URL condition its backend is set in (`$HTTP["url"] !~ "^/static/" { proxy.server = ... }`):
  // the request is weighed from the host around it, so that the condition's own test is read.
  const host = hostContextOf(ctx) ?? server.global;
  for (const key of LIGHTTPD_BACKENDS) {
    const at = optionAtUrl(server, host, url, [key]);
    if (at.unsure || !at.setting) continue;
    for (const m of server.fastcgiMounts(at.setting))
      if (m.mount === "" || m.mount === "/" || (m.mount.startsWith("/") && url.startsWith(m.mount))) return { key, mount: m.mount };
  }
  return null;
}

/**
 * The `alias.url` settings that may apply to a URL of a site, each with whether it surely does: a condition's own
 * setting is the value where it matches (`=` replaces the enclosing one, `+=` already holds it), so an enclosing
 * setting that one surely applying below replaces is left out.
 */
export function aliasSettingsAt(server: LighttpdServer, ctx: LighttpdContext, url: string): (Setting & { applies: "yes" | "unknown" })[] {
  const applying = server.settings("alias.url").flatMap((setting) => {
    const applies = contextApplies(setting.context, ctx, url);
    return applies === "no" ? [] : [{ ...setting, applies }];
  });
  const encloses = (a: LighttpdContext, b: LighttpdContext) => {
    for (let c = b.parent; c; c = c.parent) if (c === a) return true;
    return false;
  };
  return applying.filter((s) => !applying.some((o) => o.applies === "yes" && encloses(s.context, o.context)));
}

function lighttpdAnswerer(server: LighttpdServer, site: Site, url: string): Answerer {
  const ctx = lighttpdContext(server, site);
  if (!ctx) return "unknown";
  if (lighttpdBackendFirst(server, ctx, url)) return "django";
  for (const setting of aliasSettingsAt(server, ctx, url)) {
    if (server.aliases(setting).some((a) => url.startsWith(a.url))) return setting.applies === "yes" ? "server" : "unknown";
  }
  // Any URL condition or rewrite may route the prefix elsewhere.
  if (server.contexts.some((c) => /\$HTTP\["url"\]/.test(c.label)) || server.settings("url.rewrite-once").length || server.settings("url.rewrite").length)
    return "unknown";
  for (const key of LIGHTTPD_BACKENDS) {
    const setting = ctx.settings.get(key);
    if (!setting) continue;
    for (const m of server.fastcgiMounts(setting))
      if (m.mount === "" || m.mount === "/" || (m.mount.startsWith("/") && url.startsWith(m.mount))) return "django";
  }
  return "unknown";
}

/**
 * Whether the directory a server serves is the one a setting names
 * (`STATIC_ROOT`): the same path (after the map), the same directory on disk,
 * or, when the project was found as a local checkout (a repository, whose
 * deployed location is unknown: no path map covers it) and the setting is a path inside it
 * (`BASE_DIR / "staticfiles"`, read where the checkout is), the same path
 * below wherever it is deployed (`/srv/shop/staticfiles`), or a directory of
 * the same name (a container may mount it elsewhere).
 */
export function sameDir(fs: FsFacade, project: DjangoProjectFacts, served: string, setting: string, settingFile: string): boolean {
  const a = normDir(served);
  const b = normDir(setting);
  if (a === b || normDir(fs.local(a)) === normDir(fs.local(b))) return true;
  const ia = fs.identity?.(a);
  if (ia && ia === fs.identity?.(b)) return true;
  const root = project.root;
  if (!root || fs.local(root) !== root) return false;
  // The path map says where the checkout is deployed (`--map /srv/docs=srv/docs`): the setting's deployed path is known too.
  if ((fs.serverPath?.(root) ?? root) !== root) return false;
  // The path map covers the served directory: where it is here is known, and the comparison above was exact.
  if (fs.local(a) !== a) return false;
  const base = commonDir(path.dirname(settingFile), b);
  if (base === "/") return false;
  const rel = path.posix.relative(base, b);
  if (!rel || rel.startsWith("..")) return false;
  return a.endsWith("/" + rel) || path.posix.basename(a) === path.posix.basename(b);
}

function commonDir(a: string, b: string): string {
  const x = a.split("/");
  const y = b.split("/");
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join("/") || "/";
}

/** A server directory for `STATIC_URL`/`MEDIA_URL` that is not `STATIC_ROOT`/`MEDIA_ROOT`. */
export interface RootMismatch {
  project: DjangoProjectFacts;
  site: Site;
  prefix: string;
  served: ServedDir;
  root: { value: string; fact: import("./settings.js").SettingFact; shown?: string };
}

/** Every site directory that serves the URL setting's prefix from somewhere other than the root setting (both read from the settings). */
export function rootMismatches(
  servers: AnyServer[],
  fs: FsFacade,
  project: DjangoProjectFacts,
  url: "STATIC_URL" | "MEDIA_URL",
  rootName: "STATIC_ROOT" | "MEDIA_ROOT",
): RootMismatch[] {
  const root = knownSetting(project, rootName);
  if (!settingPrefix(project, url) || root?.how !== "read" || typeof root.value !== "string" || !root.value.startsWith("/")) return [];
  // Files kept on object storage (django-storages): the root setting names no directory anything is written to.
  if ((url === "STATIC_URL" ? staticStorage(project) : mediaStorage(project)) === "yes") return [];
  const out: RootMismatch[] = [];
  for (const site of project.sites) {
    const server = serverOfSite(servers, site);
    if (!server) continue;
    // The proxy and Django in containers: the directories compared are what their volumes make them.
    const compose = composeView(fs, project.root, site.file, project.composeFiles);
    if (compose === "unknown" || (!compose && webServerInContainer(fs, site.file))) continue;
    // A relative URL setting is under the script name this site passes.
    const prefix = settingPrefix(project, url, siteScriptName(server, project, site));
    if (!prefix) continue;
    for (const served of dirsServing(server, site, prefix)) {
      // A Windows server's directory (`alias C:/Portal/staticfiles/`): not comparable with the settings' paths here.
      if (isWindowsPath(served.dir)) continue;
      const same = compose ? compose.sameDir(served.dir, root.value) : sameDir(fs, project, served.dir, root.value, root.fact.file);
      if (same !== false) continue;
      const shown = compose?.shown(root.value, served.dir);
      out.push({ project, site, prefix, served, root: { value: root.value, fact: root.fact, ...(shown ? { shown } : {}) } });
    }
  }
  return out;
}

type Tri = "yes" | "no" | "unknown";

/** Middleware, WSGI wrappers and URL views that serve static files from the application itself. */
const APP_STATIC_MIDDLEWARE = /whitenoise|servestatic/i;
const APP_STATIC_WRAPPER = /WhiteNoise|whitenoise|ServeStatic|servestatic|\bCling\b|StaticFilesHandler/;
const UWSGI_STATIC = /(^|[\s-])(static-map2?|check-static|static-check)\b/m;
const STATIC_VIEW = /django\.views\.static|views\.static\s+import|from\s+django\.views\s+import\s+static|django\.views\.static\.serve/;

/**
 * Whether the project serves its static files itself, with DEBUG off:
 * WhiteNoise (or ServeStatic) middleware or WSGI wrapper, dj-static's `Cling`,
 * `django.views.static.serve` in the URLconf, or a static-files storage on
 * another host (django-storages). "no" only when the middleware, the WSGI
 * module and the URLconf were all read.
 */
export function appServesStatic(fs: FsFacade, project: DjangoProjectFacts): Tri {
  const middleware = middlewareLists(project);
  if (middleware === null) return "unknown";
  const serving = middleware.filter((l) => l.some((m) => APP_STATIC_MIDDLEWARE.test(m))).length;
  if (serving) return serving === middleware.length ? "yes" : "unknown";
  const storage = staticStorage(project);
  if (storage !== "no") return storage;
  // uWSGI serves files itself with static-map / check-static (in its ini or on its command line).
  if (project.appServers.some((s) => UWSGI_STATIC.test(fs.read(s.file).text ?? ""))) return "yes";
  const reader = new PythonReader(fs, project.root ? [project.root] : []);
  const text = (module: string | null) => {
    const f = module ? reader.findModule(module)?.file : undefined;
    if (f) return fs.read(f).text ?? null;
    // A module of a package the project holds here, with no file for it: it does not exist, so it cannot serve
    // static files (Django would not even start). A module outside any such package stays unknown.
    const pkg = module?.split(".").slice(0, -1).join("/");
    return project.root && pkg && fs.kind(path.posix.join(project.root, pkg)) === "dir" ? "" : null;
  };
  let scripts = [
    ...project.scripts.map((s) => fs.read(s.script).text ?? null),
    ...project.appServers.map((s) => (s.wsgiFile ? (fs.read(s.wsgiFile.value).text ?? null) : text(s.app?.value.split(":")[0] ?? null))),
    ...["WSGI_APPLICATION", "ASGI_APPLICATION"].map((n) => {
      const v = knownSetting(project, n);
      return v?.how === "read" && typeof v.value === "string" ? text(v.value.split(".").slice(0, -1).join(".")) : null;
    }),
  ].filter((t): t is string => t !== null);
  // Nothing names the module the app server loads (it is on a command line not linted): it is one of the
  // project's entry modules, every one of which is read.
  if (!scripts.length) scripts = entryModules(fs, project);
  if (!scripts.length) return "unknown";
  if (scripts.some((t) => APP_STATIC_WRAPPER.test(t))) return "yes";
  const urlconf = knownSetting(project, "ROOT_URLCONF");
  const urls = urlconf?.how === "read" && typeof urlconf.value === "string" ? text(urlconf.value) : null;
  if (urls === null) return "unknown";
  return STATIC_VIEW.test(urls) ? "yes" : "no";
}

/**
 * The text of every WSGI or ASGI entry module the project has where `startproject` and the usual layouts put one:
 * `*wsgi*.py` and `*asgi*.py` in the project directory and in the settings module's top package
 * (`shop/wsgi.py`, `config/asgi.py`, `wsgi_production.py`). Empty when there is none, or a directory cannot be read.
 */
function entryModules(fs: FsFacade, project: DjangoProjectFacts): string[] {
  if (!project.root) return [];
  const top = project.settingsModule?.value.split(".")[0];
  const dirs = [project.root, ...(top ? [path.posix.join(project.root, top)] : [])];
  const out: string[] = [];
  for (const dir of dirs) {
    const names = fs.list(dir);
    if (names === null) return [];
    for (const n of names.filter((n) => /^\w*[wa]sgi\w*\.py$/.test(n)).sort()) {
      const t = fs.read(path.posix.join(dir, n)).text;
      if (t === undefined) return [];
      out.push(t);
    }
  }
  return out;
}

/** `MIDDLEWARE` (or the older `MIDDLEWARE_CLASSES`) as a list of strings; null when unknown. */
/**
 * Whether the settings list their middleware and Django's `SecurityMiddleware` (which redirects for
 * `SECURE_SSL_REDIRECT` and sends the HSTS header for `SECURE_HSTS_SECONDS`) is not among it (nor a class named like
 * it, which may subclass it): the setting then does nothing (check --deploy's W001). False when the list is not read.
 */
export function securityMiddlewareAbsent(project: DjangoProjectFacts): boolean {
  for (const name of ["MIDDLEWARE", "MIDDLEWARE_CLASSES"]) {
    if (knownSetting(project, name)?.how === "assumed") return false;
    const lists = settingAlternatives(project, name);
    if (lists === null) return false;
    if (lists === "default") continue;
    return lists.every((l) => isStringList(l) && !l.some((x) => /SecurityMiddleware$/.test(x)));
  }
  return false;
}

/** `MIDDLEWARE` (or the older `MIDDLEWARE_CLASSES`) as the lists of strings it may be (one, unless an undecided `if` chose); null when unknown. */
function middlewareLists(project: DjangoProjectFacts): string[][] | null {
  for (const name of ["MIDDLEWARE", "MIDDLEWARE_CLASSES"]) {
    const lists = settingAlternatives(project, name);
    if (lists === null) return null;
    if (lists === "default") continue;
    return lists.every(isStringList) ? lists : null;
  }
  return [[]];
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/**
 * The storage backends a kind of file goes to, as the settings name them: the `BACKEND` of `STORAGES[key]` (Django 4.2+),
 * then the older setting (`STATICFILES_STORAGE`, `DEFAULT_FILE_STORAGE`, before 5.1); `unknown` when one of them
 * cannot be read.
 */
function storageBackends(project: DjangoProjectFacts, key: "default" | "staticfiles", older: string): { backends: unknown[]; unknown: boolean } {
  const out = { backends: [] as unknown[], unknown: false };
  for (const name of ["STORAGES", older]) {
    if (!(name in project.settings)) continue;
    const s = knownSetting(project, name);
    if (!s) out.unknown = true;
    else if (s.how !== "default") {
      const b = name === "STORAGES" ? (s.value as Record<string, { BACKEND?: unknown } | undefined> | null)?.[key]?.BACKEND : s.value;
      if (b !== undefined) out.backends.push(b);
    }
  }
  return out;
}

/**
 * Whether uploads go to a storage other than the local file system: a backend that is not `FileSystemStorage`
 * (django-storages' S3, GCS, Azure). "no" when none says so.
 */
function mediaStorage(project: DjangoProjectFacts): Tri {
  const { backends, unknown } = storageBackends(project, "default", "DEFAULT_FILE_STORAGE");
  let unknownOne = unknown;
  for (const b of backends) {
    if (typeof b !== "string") unknownOne = true;
    else if (!/^django\.core\.files\.storage\.(?:FileSystemStorage|filesystem\.FileSystemStorage)$/.test(b)) return "yes";
  }
  return unknownOne ? "unknown" : "no";
}

/** Whether static files are stored (and served) by a storage other than the local staticfiles one. */
function staticStorage(project: DjangoProjectFacts): Tri {
  const { backends, unknown } = storageBackends(project, "staticfiles", "STATICFILES_STORAGE");
  if (unknown) return "unknown";
  for (const b of backends) {
    if (typeof b !== "string") return "unknown";
    if (/^whitenoise\.|^servestatic\./.test(b)) continue;
    if (!b.startsWith("django.contrib.staticfiles.storage.")) return "yes";
  }
  return "no";
}
