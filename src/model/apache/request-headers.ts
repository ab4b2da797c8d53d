/**
 * What a proxied request carries to its backend: the request headers
 * mod_headers sets on the way (`RequestHeader set|append|add|merge|setifempty
 * |unset|edit NAME [value] [early|env=...|expr=...]`) and the Host header,
 * which is the backend's own address unless `ProxyPreserveHost On` is in
 * effect. Both are per-directory settings merged in httpd's order (server,
 * virtual host, `<Proxy>`, `<Location>`: see per-dir.ts); `ProxyPreserveHost On`
 * at server level reaches every virtual host (checked on httpd 2.4.71).
 */
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import type { Tri } from "../../core/tri.js";
import { appliedToProxiedParts, type Applied, type UrlScope } from "./per-dir.js";
import { patternLiteral } from "./rewrite.js";
import { headerCondition, tlsOf } from "./scheme-tests.js";
import type { ProxyMount } from "./proxy.js";
import type { ApacheEntry, ApacheServer } from "./server.js";

/** The URLs a mount serves, as the per-directory merge needs them. */
export function scopeOfMount(m: ProxyMount): UrlScope {
  if (m.location) return { location: m.location };
  if (m.path !== null) return { path: m.path };
  if (m.regex !== null) {
    const lit = patternLiteral(m.regex).prefix;
    return lit.startsWith("/") ? { regex: m.regex } : { any: true };
  }
  return { any: true };
}

export interface HeaderLookup {
  /** The directive that sets (or appends, adds, merges) one of the headers, as last merged. */
  set: ApacheEntry<ApacheDirective> | null;
  /** Some directive may set, edit or unset it without surely applying: the answer is not certain. */
  unsure: boolean;
  /** The `RequestHeader unset` that, as last merged, removes the header (the client's value included). */
  cleared?: ApacheEntry<ApacheDirective>;
}

const SETTING = new Set(["set", "append", "add", "merge", "setifempty"]);

/**
 * A fold over the directives that apply to a mount's requests, in merge
 * order. The host-level part is the same for every mount of a host: its
 * result is kept per server, host and `key`, and only the `<Location>`/`<Proxy>`
 * part is folded per mount (a host with thousands of mounts and as many
 * host-level lines must not pay mounts x lines).
 */
const foldMemo = new WeakMap<ApacheServer, Map<string, Map<ApacheSection | null, unknown>>>();

function foldApplied<S>(
  server: ApacheServer,
  vhost: ApacheSection | null,
  m: ProxyMount,
  name: string,
  key: string,
  init: () => S,
  copy: (s: S) => S,
  step: (s: S, a: Applied) => void,
): S {
  const parts = appliedToProxiedParts(server, vhost, scopeOfMount(m), [name]);
  let perKey = foldMemo.get(server);
  if (!perKey) foldMemo.set(server, (perKey = new Map()));
  const k = name + "\0" + key;
  let byHost = perKey.get(k);
  if (!byHost) perKey.set(k, (byHost = new Map()));
  let host = byHost.get(vhost) as S | undefined;
  if (host === undefined) {
    host = init();
    for (const a of parts.hostLevel) step(host, a);
    byHost.set(vhost, host);
  }
  const state = copy(host);
  for (const a of parts.sections) step(state, a);
  return state;
}

/** `tls`: whether the requests' host terminates TLS, which decides `env=HTTPS` and `expr=%{HTTPS} == 'on'` conditions. */
function headerStep(names: string[], tls: Tri) {
  return (s: HeaderLookup, a: Applied) => {
    const args = a.entry.node.args.map((x) => x.value);
    // `RequestHeader [condition] action header ...`: the action is the first word (mod_headers has no leading condition).
    const action = args[0]?.toLowerCase();
    const header = args[1]?.toLowerCase();
    if (!action || !header || !names.includes(header)) return;
    // The condition follows the value: `set NAME expr=%{REQUEST_SCHEME}` is a value computed per request (httpd 2.4.10+), which
    // replaces the client's header like any other (checked on httpd 2.4); `unset NAME expr=...` has no value.
    const conditions = args.slice(action === "unset" ? 2 : 3).filter((x) => /^(env=|expr=)/i.test(x));
    let conditional = false;
    for (const c of conditions) {
      const holds = headerCondition(c, tls);
      if (holds === "no") return;
      if (holds === "unknown") conditional = true;
    }
    if (!a.sure || conditional || action === "edit" || action === "edit*") {
      s.unsure = true;
      return;
    }
    if (SETTING.has(action)) {
      s.set = a.entry;
      delete s.cleared;
    } else if (action === "unset") {
      s.set = null;
      s.cleared = a.entry;
    } else s.unsure = true;
  };
}

/** Whether any of `names` (lower case) is set on requests a mount sends to its backend. */
export function requestHeaderFor(server: ApacheServer, vhost: ApacheSection | null, m: ProxyMount, names: string[]): HeaderLookup {
  return foldApplied<HeaderLookup>(
    server,
    vhost,
    m,
    "RequestHeader",
    names.join("\0"),
    () => ({ set: null, unsure: false }),
    (s) => ({ ...s }),
    headerStep(names, tlsOf(server, vhost)),
  );
}

/**
 * Whether any of `names` (lower case) is set on every request of a virtual host, whatever its URL: what mod_wsgi,
 * not a proxy, hands the application (as `HTTP_*` variables). A `<Location>` that may set or clear it makes it unsure.
 */
export function requestHeaderOfHost(server: ApacheServer, vhost: ApacheSection, names: string[]): HeaderLookup {
  const parts = appliedToProxiedParts(server, vhost, { any: true }, ["RequestHeader"]);
  const state: HeaderLookup = { set: null, unsure: false };
  const step = headerStep(names, tlsOf(server, vhost));
  for (const a of [...parts.hostLevel, ...parts.sections]) step(state, a);
  return state;
}

export interface PreserveHost {
  /** The value in effect for the mount's requests (httpd's default is Off). */
  on: boolean;
  /** The directive that decides it, or null for the default. */
  via: ApacheEntry<ApacheDirective> | null;
  unsure: boolean;
}

function preserveStep(s: PreserveHost, a: Applied) {
  const v = a.entry.node.args[0]?.value.toLowerCase();
  if (v !== "on" && v !== "off") return;
  if (!a.sure) {
    if (v === "on") s.unsure = true;
    return;
  }
  s.on = v === "on";
  s.via = a.entry;
}

/** `ProxyPreserveHost` in effect for the requests a mount proxies. */
export function preserveHostFor(server: ApacheServer, vhost: ApacheSection | null, m: ProxyMount): PreserveHost {
  return foldApplied<PreserveHost>(
    server,
    vhost,
    m,
    "ProxyPreserveHost",
    "",
    () => ({ on: false, via: null, unsure: false }),
    (s) => ({ ...s }),
    preserveStep,
  );
}
