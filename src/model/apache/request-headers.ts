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
import { appliedToProxied, type UrlScope } from "./per-dir.js";
import { patternLiteral } from "./rewrite.js";
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

/** Whether any of `names` (lower case) is set on requests a mount sends to its backend. */
export function requestHeaderFor(server: ApacheServer, vhost: ApacheSection | null, m: ProxyMount, names: string[]): HeaderLookup {
  let set: ApacheEntry<ApacheDirective> | null = null;
  let cleared: ApacheEntry<ApacheDirective> | undefined;
  let unsure = false;
  for (const a of appliedToProxied(server, vhost, scopeOfMount(m), ["RequestHeader"])) {
    const args = a.entry.node.args.map((x) => x.value);
    // `RequestHeader [condition] action header ...`: the action is the first word (mod_headers has no leading condition).
    const action = args[0]?.toLowerCase();
    const header = args[1]?.toLowerCase();
    if (!action || !header || !names.includes(header)) continue;
    const conditional = args.slice(2).some((x) => /^(env=|expr=)/i.test(x));
    if (!a.sure || conditional || action === "edit" || action === "edit*") {
      unsure = true;
      continue;
    }
    if (SETTING.has(action)) {
      set = a.entry;
      cleared = undefined;
    } else if (action === "unset") {
      set = null;
      cleared = a.entry;
    } else unsure = true;
  }
  return { set, unsure, ...(cleared ? { cleared } : {}) };
}

export interface PreserveHost {
  /** The value in effect for the mount's requests (httpd's default is Off). */
  on: boolean;
  /** The directive that decides it, or null for the default. */
  via: ApacheEntry<ApacheDirective> | null;
  unsure: boolean;
}

/** `ProxyPreserveHost` in effect for the requests a mount proxies. */
export function preserveHostFor(server: ApacheServer, vhost: ApacheSection | null, m: ProxyMount): PreserveHost {
  let on = false;
  let via: ApacheEntry<ApacheDirective> | null = null;
  let unsure = false;
  for (const a of appliedToProxied(server, vhost, scopeOfMount(m), ["ProxyPreserveHost"])) {
    const v = a.entry.node.args[0]?.value.toLowerCase();
    if (v !== "on" && v !== "off") continue;
    if (!a.sure) {
      if (v === "on") unsure = true;
      continue;
    }
    on = v === "on";
    via = a.entry;
  }
  return { on, via, unsure };
}
