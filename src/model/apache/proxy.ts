/**
 * mod_proxy as httpd applies it: every place that sends requests to a
 * backend (`ProxyPass`, `ProxyPassMatch`, `ProxyPass` inside `<Location>`,
 * `RewriteRule ... [P]`, `SetHandler "proxy:..."`, the members of a
 * `balancer://`), what each targets, and which one serves a URL.
 *
 * Order, as checked on httpd 2.4.71: a `ProxyPass` inside a `<Location>` is
 * consulted before the `ProxyPass` list of the server (the location is
 * walked before URL translation); among `<Location>`s the one merged last
 * wins (the main server's sections first, then the virtual host's, each in
 * config order); the list is the main server's entries followed by the
 * virtual host's, and the first entry whose path matches wins. A path
 * matches on whole segments (`/q` serves `/q` and `/q/x`, not `/qq`).
 */
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import type { ArgNode } from "../../ast/types.js";
import { isLoopback, isPrivateAddress } from "../nginx/addresses.js";
import { activeAssumingModules } from "./branches.js";
import type { Tri } from "../../core/tri.js";
import { conditionsOf, hasFlag, parseRewriteRule, patternLiteral, rewriteEngineState } from "./rewrite.js";
import type { ApacheEntry, ApacheServer } from "./server.js";
import { substituteDefines } from "../../load/apache-defines.js";
import { locationRegex } from "./urls.js";
import { own } from "../../core/own.js";
import { configRegex, type ConfigRegex } from "../../core/config-regex.js";

export type ProxyVia = "ProxyPass" | "ProxyPassMatch" | "RewriteRule" | "SetHandler" | "BalancerMember";

/** Where a mount sends requests: `http://127.0.0.1:8000/`, `unix:/run/app.sock|http://localhost/`, `fcgi://...`. */
export interface ProxyTarget {
  arg: ArgNode;
  /** The URL as written (without a `proxy:` handler prefix). */
  url: string;
  /** The protocol mod_proxy speaks to the backend (`http` for `unix:...|http://`), lower case; null when unreadable. */
  scheme: string | null;
  /** The socket of a `unix:` target. */
  unix: string | null;
  host: string | null;
  port: number | null;
  /** The scheme, socket, host or port is filled in per request (`$1`, `${VAR}`, `%{...}`). */
  variable: boolean;
}

export interface ProxyMount {
  via: ProxyVia;
  entry: ApacheEntry<ApacheDirective>;
  /** The URL prefix a `ProxyPass` serves (its own, or its `<Location>`'s); null for regex forms. */
  path: string | null;
  /** The regex of `ProxyPassMatch`, `<LocationMatch>` or a `RewriteRule`. */
  regex: string | null;
  /** The `<Location>`/`<LocationMatch>` a location-form `ProxyPass` sits in. */
  location: ApacheSection | null;
  /** `ProxyPass /static/ !`: these URLs are not proxied by this list. */
  exclusion: boolean;
  target: ProxyTarget | null;
  /** `key=value` worker parameters (`upgrade=websocket`, `timeout=30`). */
  params: Map<string, string>;
}

/** Schemes and the module that handles each (mod_proxy's "protocol handler"). */
export const SCHEME_MODULES: Record<string, string> = {
  http: "proxy_http",
  https: "proxy_http",
  ws: "proxy_wstunnel",
  wss: "proxy_wstunnel",
  uwsgi: "proxy_uwsgi",
  fcgi: "proxy_fcgi",
  scgi: "proxy_scgi",
  ajp: "proxy_ajp",
  h2: "proxy_http2",
  h2c: "proxy_http2",
  balancer: "proxy_balancer",
  ftp: "proxy_ftp",
};

/** Schemes mod_rewrite takes for an absolute substitution (httpd 2.4.71: `uwsgi://` is read as a local path, so `[P]` to it never works). */
const REWRITE_SCHEMES = new Set(["http", "https", "ws", "wss", "fcgi", "scgi", "ajp", "balancer", "h2", "h2c", "ftp", "unix"]);

/** `http://h:1/x`, `unix:/s|http://localhost/`, `balancer://app/` -> its parts. */
export function parseProxyTarget(arg: ArgNode, url = arg.value): ProxyTarget {
  // Only what picks the backend counts (`$1` in the path is ordinary, and so is a port from a Define).
  const head = (/^(unix:[^|]*\|)?[^/]*\/\/[^/]*/i.exec(url)?.[0] ?? url).replace(/:(\$\{\w+\}|\d+)$/, "");
  const out: ProxyTarget = { arg, url, scheme: null, unix: null, host: null, port: null, variable: /\$\d|\$\{|%\{/.test(head) };
  let rest = url;
  const unix = /^unix:([^|]*)\|(.*)$/i.exec(rest);
  if (unix) {
    out.unix = unix[1];
    rest = unix[2];
  }
  const m = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#]*)(?::(\d+))?/i.exec(rest);
  if (!m) return out;
  out.scheme = m[1].toLowerCase();
  if (!out.unix) {
    out.host = m[2].toLowerCase() || null;
    out.port = m[3] ? Number(m[3]) : null;
  }
  return out;
}

/** A `<Location>`'s literal path, `${VAR}`s of `Define` substituted; null for regex forms, an undefined variable or a path that never matches. */
export function literalLocation(server: ApacheServer, s: ApacheSection): string | null {
  if (s.key !== "location" || s.args.length !== 1) return null;
  const v = substituteDefines(s.args[0].value, server.tree.defines);
  return v !== null && v.startsWith("/") ? v : null;
}

/** The module that handles a target's scheme, or null for one mod_proxy has no module for here. */
export const schemeModule = (t: ProxyTarget): string | null => (t.scheme ? (own(SCHEME_MODULES, t.scheme) ?? null) : null);

const inLocation = (e: ApacheEntry) => e.sections.find((s) => s.key === "location" || s.key === "locationmatch") ?? null;

/** `ProxyPass [path] !|url [key=value ...] [nocanon|interpolate|noquery]`. */
function proxyPassMount(server: ApacheServer, e: ApacheEntry<ApacheDirective>): ProxyMount | null {
  const via = e.node.key === "proxypassmatch" ? "ProxyPassMatch" : "ProxyPass";
  const location = inLocation(e);
  const args = e.node.args;
  let i = 0;
  let path: string | null = null;
  let regex: string | null = null;
  if (location) {
    if (location.key === "locationmatch" || location.args[0]?.value === "~")
      regex = locationRegex(location) ? ((location.key === "locationmatch" ? location.args[0]?.value : location.args[1]?.value) ?? null) : null;
    else path = literalLocation(server, location);
    // A location-form ProxyPass that also names a path is refused by httpd.
    if (args.length >= 2 && args[0].value.startsWith("/") && !args[1].value.includes("=")) return null;
  } else {
    const first = args[i++];
    if (!first) return null;
    if (via === "ProxyPassMatch") regex = first.value;
    else path = first.value;
  }
  const targetArg = args[i++];
  if (!targetArg) return null;
  const params = new Map<string, string>();
  for (const a of args.slice(i)) {
    const eq = a.value.indexOf("=");
    if (eq > 0) params.set(a.value.slice(0, eq).toLowerCase(), a.value.slice(eq + 1));
  }
  const exclusion = targetArg.value === "!";
  return { via, entry: e, path, regex, location, exclusion, target: exclusion ? null : parseProxyTarget(targetArg), params };
}

function rewriteMount(server: ApacheServer, e: ApacheEntry<ApacheDirective>): ProxyMount | null {
  const rule = parseRewriteRule(e);
  if (!rule || !hasFlag(rule.flags, "proxy")) return null;
  if (rewriteEngineState(server, e) === "no") return null;
  const target = parseProxyTarget(rule.substitutionArg, rule.substitution);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(rule.substitution)?.[1].toLowerCase();
  if (!scheme || !REWRITE_SCHEMES.has(scheme)) return null;
  return {
    via: "RewriteRule",
    entry: e,
    path: null,
    regex: rule.negated ? null : rule.pattern,
    location: inLocation(e),
    exclusion: false,
    target,
    params: new Map(),
  };
}

function handlerMount(e: ApacheEntry<ApacheDirective>): ProxyMount | null {
  const arg = e.node.args[0];
  const m = arg ? /^proxy:(.+)$/i.exec(arg.value) : null;
  if (!arg || !m) return null;
  return {
    via: "SetHandler",
    entry: e,
    path: null,
    regex: null,
    location: inLocation(e),
    exclusion: false,
    target: parseProxyTarget(arg, m[1]),
    params: new Map(),
  };
}

function memberMount(e: ApacheEntry<ApacheDirective>): ProxyMount | null {
  const arg = e.node.args.find((a) => a.value.includes("://"));
  if (!arg) return null;
  return { via: "BalancerMember", entry: e, path: null, regex: null, location: null, exclusion: false, target: parseProxyTarget(arg), params: new Map() };
}

const mountsOf = new WeakMap<ApacheServer, ProxyMount[]>();

/** Every place that may proxy, in config order (entries surely not in effect left out). */
export function proxyMounts(server: ApacheServer): ProxyMount[] {
  let hit = mountsOf.get(server);
  if (hit) return hit;
  const out: ProxyMount[] = [];
  for (const e of [...server.directives("ProxyPass"), ...server.directives("ProxyPassMatch")]) {
    if (
      e.sections.some(
        (s) =>
          s.key === "directory" || s.key === "directorymatch" || s.key === "files" || s.key === "filesmatch" || s.key === "proxy" || s.key === "proxymatch",
      )
    )
      continue;
    const m = proxyPassMount(server, e);
    if (m) out.push(m);
  }
  for (const e of server.directives("RewriteRule")) {
    const m = rewriteMount(server, e);
    if (m) out.push(m);
  }
  for (const e of server.directives("SetHandler")) {
    const m = handlerMount(e);
    if (m) out.push(m);
  }
  for (const e of server.directives("BalancerMember")) {
    const m = memberMount(e);
    if (m) out.push(m);
  }
  hit = Object.freeze(out.sort((a, b) => a.entry.order - b.entry.order)) as ProxyMount[];
  mountsOf.set(server, hit);
  return hit;
}

/**
 * Whether a mount is in effect, taking positive `<IfModule>`s as holding (a config proxies only where mod_proxy is), and
 * the conditions around its virtual host (what the host does when it exists).
 */
export function mountActive(server: ApacheServer, m: ProxyMount): Tri {
  return activeAssumingModules(m.entry, (s) => server.conditionOf(s), m.entry.vhost);
}

/**
 * How many characters of `uri` a `ProxyPass` path (or a `<Location>` path)
 * matches, or 0: runs of `/` match runs of `/`, and the path must end on a
 * segment boundary of the URI (mod_proxy's alias_match).
 */
export function prefixMatch(uri: string, prefix: string): number {
  let a = 0;
  let u = 0;
  while (a < prefix.length && u < uri.length) {
    if (prefix[a] === "/") {
      if (uri[u] !== "/") return 0;
      while (prefix[a] === "/") a++;
      while (uri[u] === "/") u++;
    } else if (uri[u++] !== prefix[a++]) return 0;
  }
  if (a < prefix.length) return 0;
  if (prefix[prefix.length - 1] !== "/" && u < uri.length && uri[u] !== "/") return 0;
  return u;
}

/** Whether every URL a prefix `inner` matches is matched by prefix `outer`. */
export function prefixCovers(inner: string, outer: string): boolean {
  return prefixMatch(inner, outer) > 0;
}

/** URLs below a prefix, for testing a regex that would have to match all of them. */
export function samplesUnder(prefix: string): string[] {
  const base = prefix.endsWith("/") ? prefix : prefix + "/";
  return [...(prefix.endsWith("/") ? [] : [prefix]), base, base + "a", base + "a/b.css", base + "index.php", base + "x/y/z.js"];
}

/** A PCRE pattern as JavaScript reads it, or null when it cannot (then nothing is decided on it). */
export function compilePcre(src: string): ConfigRegex | null {
  const ci = src.startsWith("(?i)");
  return configRegex(ci ? src.slice(4) : src, ci ? "i" : "");
}

/** Whether a mount of the `ProxyPass` list matches a URL: true, false, or null when its regex cannot be read. */
export function mountMatches(m: ProxyMount, url: string): boolean | null {
  if (m.path !== null) return prefixMatch(url, m.path) > 0;
  if (m.regex === null) return null;
  const re = compilePcre(m.regex);
  return re ? re.test(url) : null;
}

/**
 * Whether every URL a later mount can serve is served by an earlier one
 * (`ProxyPass /` before `ProxyPass /static/ !`): a prefix under a prefix, a
 * prefix whose every sample an earlier regex matches, a regex whose literal
 * start lies under an earlier prefix. False when it cannot be known.
 */
export function mountCovers(earlier: ProxyMount, later: ProxyMount): boolean {
  if (later.path !== null) {
    if (earlier.path !== null) return prefixCovers(later.path, earlier.path);
    const re = earlier.regex !== null ? compilePcre(earlier.regex) : null;
    return re !== null && samplesUnder(later.path).every((u) => re.test(u));
  }
  if (later.regex !== null && earlier.path !== null) {
    const lit = patternLiteral(later.regex).prefix;
    if (!lit.startsWith("/")) return false;
    const n = prefixMatch(lit, earlier.path);
    return n > 0 && (earlier.path.endsWith("/") || lit[n] === "/");
  }
  return false;
}

const listsOf = new WeakMap<ApacheServer, { list: Map<ApacheSection | null, ProxyMount[]>; loc: Map<ApacheSection | null, ProxyMount[]> }>();

/** Mounts of one kind a virtual host sees: the main server's, then its own, each in config order (asked per mount and URL: kept per host). */
function hostList(server: ApacheServer, vhost: ApacheSection | null, kind: "list" | "loc"): ProxyMount[] {
  let lists = listsOf.get(server);
  if (!lists) listsOf.set(server, (lists = { list: new Map(), loc: new Map() }));
  const cache = lists[kind];
  let hit = cache.get(vhost);
  if (hit) return hit;
  let own = cache.get(null);
  if (!own) {
    // Group every mount of this kind by host once.
    const byHost = new Map<ApacheSection | null, ProxyMount[]>();
    for (const m of proxyMounts(server)) {
      if ((m.via !== "ProxyPass" && m.via !== "ProxyPassMatch") || (m.location !== null) !== (kind === "loc")) continue;
      const l = byHost.get(m.entry.vhost);
      if (l) l.push(m);
      else byHost.set(m.entry.vhost, [m]);
    }
    own = byHost.get(null) ?? [];
    cache.set(null, own);
    for (const [h, l] of byHost) if (h !== null) cache.set(h, [...own, ...l]);
  }
  hit = cache.get(vhost) ?? own;
  cache.set(vhost, hit);
  return hit;
}

/** The `ProxyPass`/`ProxyPassMatch` list a virtual host uses (null: the main server's), in the order httpd tries it. */
export function proxyPassList(server: ApacheServer, vhost: ApacheSection | null): ProxyMount[] {
  return hostList(server, vhost, "list");
}

/** Location-form `ProxyPass`es a virtual host sees, in merge order (main server's sections first, later ones override). */
export function locationMounts(server: ApacheServer, vhost: ApacheSection | null): ProxyMount[] {
  return hostList(server, vhost, "loc");
}

/** Whether a `<Location>` (or `<LocationMatch>`) serves a URL: true, false, or null when its regex cannot be read. */
export function locationMatches(server: ApacheServer, s: ApacheSection, url: string): boolean | null {
  const p = literalLocation(server, s);
  if (p !== null) return prefixMatch(url, p) > 0;
  const re = locationRegex(s);
  if (re) return re.test(url);
  return s.key === "locationmatch" || s.args[0]?.value === "~" ? null : false;
}

/** Whether the backend is an application server on this machine or its private network (loopback, unix socket, private address, a container name). */
export function isAppBackend(t: ProxyTarget): boolean {
  if (t.variable) return false;
  if (t.unix !== null) return true;
  const h = t.host;
  if (!h) return false;
  // A single-label name is a container or service on the host's network (`web`, `app`), not a placeholder.
  return isLoopback(h) || isPrivateAddress(h) || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(h);
}

/** Mounts that send requests over plain HTTP (`http://`, `unix:...|http://`). */
export const isPlainHttp = (t: ProxyTarget | null): t is ProxyTarget => t !== null && t.scheme === "http";

/** `127.0.0.1:8000`, `unix:/run/app.sock`: the backend for messages. */
export function describeTarget(t: ProxyTarget): string {
  if (t.unix !== null) return `unix:${t.unix}`;
  return t.host ? `${t.host}${t.port !== null ? `:${t.port}` : ""}` : t.url;
}

/** The members of the `<Proxy balancer://name>` a `balancer://` target names (empty when none is visible). */
export function balancerMembers(server: ApacheServer, t: ProxyTarget): ProxyMount[] {
  if (t.scheme !== "balancer" || !t.host) return [];
  const name = `balancer://${t.host}`;
  return proxyMounts(server).filter((m) => {
    if (m.via !== "BalancerMember") return false;
    const p = m.entry.sections.find((s) => s.key === "proxy");
    const own = p ? p.args[0]?.value : m.entry.node.args[0]?.value;
    return own?.toLowerCase().replace(/\/+$/, "") === name;
  });
}

/** The backends a target reaches: itself, or the members of its balancer. */
export function backendsOf(server: ApacheServer, t: ProxyTarget): ProxyTarget[] {
  if (t.scheme !== "balancer") return [t];
  return balancerMembers(server, t)
    .map((m) => m.target)
    .filter((x): x is ProxyTarget => x !== null);
}

/**
 * The node to insert a host-wide directive before, so that it covers a mount:
 * the outermost section around the mount inside its virtual host (a
 * `<Location>`, an `<IfModule>`), or the mount itself (a rewrite rule's
 * first `RewriteCond`).
 */
export function hostLevelNode(server: ApacheServer, m: ProxyMount): ApacheDirective | ApacheSection {
  const inner = m.entry.vhost ? m.entry.sections.slice(m.entry.sections.indexOf(m.entry.vhost) + 1) : m.entry.sections;
  const outer = inner.find((s) => s.file === m.entry.node.file);
  if (outer) return outer;
  // Not between a RewriteRule and its RewriteConds.
  const conds = m.via === "RewriteRule" ? conditionsOf(server, m.entry) : [];
  return conds.length && conds[0].entry.node.file === m.entry.node.file ? conds[0].entry.node : m.entry.node;
}

/** The directives that forward requests (not `BalancerMember`, which only lists a balancer's members). */
const FORWARDING = new Set(["ProxyPass", "ProxyPassMatch", "RewriteRule", "SetHandler"]);

/** A mount in effect that forwards requests to application servers, all of them over one of `schemes` (`http`, `https`). */
export function forwardsToApp(server: ApacheServer, m: ProxyMount, schemes: readonly string[]): boolean {
  if (!FORWARDING.has(m.via) || m.exclusion || !m.target || mountActive(server, m) !== "yes") return false;
  const backends = backendsOf(server, m.target);
  return backends.length > 0 && backends.every((b) => b.scheme !== null && schemes.includes(b.scheme) && isAppBackend(b));
}

const mountsByHost = new WeakMap<ApacheServer, Map<ApacheSection | null, number[]>>();

/**
 * The mounts hostsOfMount places in a host (a virtual host's own and the server level's; null: the server level
 * when there is no virtual host), in proxyMounts' order. Indexed once per server: rules ask per site, and a filter of
 * every mount per site grew with the square of a fleet's hosts.
 */
export function mountsOfHost(server: ApacheServer, vhost: ApacheSection | null): ProxyMount[] {
  const all = proxyMounts(server);
  let byHost = mountsByHost.get(server);
  if (!byHost) {
    byHost = new Map();
    for (const [i, m] of all.entries()) {
      const l = byHost.get(m.entry.vhost);
      if (l) l.push(i);
      else byHost.set(m.entry.vhost, [i]);
    }
    mountsByHost.set(server, byHost);
  }
  const top = byHost.get(null) ?? [];
  if (vhost === null) return server.sections("VirtualHost").length ? [] : top.map((i) => all[i] as ProxyMount);
  const own = byHost.get(vhost) ?? [];
  const out: ProxyMount[] = [];
  let a = 0;
  let b = 0;
  while (a < top.length || b < own.length)
    out.push(all[b >= own.length || (a < top.length && (top[a] as number) < (own[b] as number)) ? (top[a++] as number) : (own[b++] as number)] as ProxyMount);
  return out;
}

/** The virtual hosts whose requests a mount can serve: its own, or every host for a server-level one (the main server when there is none). */
export function hostsOfMount(server: ApacheServer, m: ProxyMount): (ApacheSection | null)[] {
  if (m.entry.vhost !== null) return [m.entry.vhost];
  const hosts = server.sections("VirtualHost").map((e) => e.node);
  return hosts.length ? hosts : [null];
}
