/**
 * What the nginx proxy rules ask of a location: which request headers reach
 * the backend, where a missing `proxy_set_header` belongs, and whether the
 * backend is (surely) a Django application.
 */
import type { NginxDirective } from "../../ast/nginx.js";
import type { Positioned } from "../../core/range.js";
import { isLoopback } from "./addresses.js";
import type { Backend } from "./addresses.js";
import { phrase, type Phrase } from "../../source/quote.js";
import { DJANGO_WORDS } from "../django/server-refs.js";
import type { Location, NginxEntry, NginxServer, Scope, VirtualServer } from "./server.js";

/** How a backend reads in a message: `http://127.0.0.1:9000`, `unix:/run/app.sock`, `upstream django`. */
export function describeBackend(server: NginxServer, b: Backend): Phrase | string {
  const up = server.upstreamOf(b);
  return up ? phrase`upstream '${up.name}'` : b.arg.value;
}

export interface HeaderLookup {
  /** The proxy_set_header directives for this header in effect (last one wins in nginx: all are sent). */
  found: NginxEntry<NginxDirective>[];
  /** A level on the way has an include the linter could not read. */
  unsure: boolean;
  /** Whether a level on the way sets headers of its own (nginx then takes none from the levels outside it). */
  ownLevel: boolean;
  /** Where to add a missing header so that it joins the set in effect (before its first directive), or the pass directive. */
  insertAt: Positioned;
}

/** The `proxy_set_header` entries in effect at the scope of a pass directive whose header is one of `names` (lower-case). */
export function proxyHeader(server: NginxServer, pass: NginxEntry<NginxDirective>, names: string[]): HeaderLookup {
  const eff = server.directivesInEffect("proxy_set_header", pass.scope);
  const found = eff.entries.filter((e) => names.includes(e.node.args[0]?.value.toLowerCase() ?? ""));
  return { found, unsure: eff.unsure, ownLevel: eff.level !== null, insertAt: eff.entries[0]?.node ?? pass.node };
}

/** The block that holds a pass directive (a location, or an `if`/`limit_except` in one): where "missing" findings point. */
export function passBlock(pass: NginxEntry<NginxDirective>): Positioned | null {
  const b = pass.scope.block;
  return b ? { file: b.file, range: b.openRange } : null;
}

/**
 * Why a virtual server surely runs Django behind nginx, or null: it talks
 * uwsgi (Python's protocol), its backends are named after a Python app server
 * or Django, or the Django convention of `/static/` + `/media/` + `/admin/` shows.
 */
export function djangoEvidence(server: NginxServer, vs: VirtualServer): Phrase | string | null {
  for (const loc of vs.locations) {
    const h = loc.handler;
    if (h.kind === "uwsgi") return "uwsgi_pass";
    if (h.kind === "proxy" || h.kind === "fastcgi" || h.kind === "scgi") {
      for (const t of server.targetsOf(h.backend)) {
        const up = server.upstreamOf(t);
        const names = [up?.name ?? "", t.arg.value, ...(up?.servers.map((s) => s.arg.value) ?? [])].filter(Boolean);
        const hit = names.find((n) => DJANGO_WORDS.test(n));
        if (hit) return phrase`backend '${hit}'`;
      }
    }
  }
  const paths = new Set(vs.locations.map((l) => l.path.replace(/\/+$/, "")));
  if (paths.has("/admin") && (paths.has("/static") || paths.has("/media"))) return "the /admin/ and /static/ locations";
  return null;
}

/** Whether a location is a prefix location that matches `/` (every request no other location takes). */
export function isRootLocation(loc: Location): boolean {
  return (loc.modifier === "" || loc.modifier === "^~") && loc.path === "/";
}

/** A backend on this machine: loopback or a unix socket (what a front proxy in front of a local Apache looks like). */
export function isLocalBackend(server: NginxServer, b: Backend): boolean {
  const addrs = server.addressesOf(b);
  return addrs.length > 0 && addrs.every((a) => a.unix !== null || (a.host !== null && isLoopback(a.host)));
}

/** The scopes of a location and the `if`/`limit_except` blocks directly in it. */
export function locationScopes(loc: Location): Scope[] {
  return [loc.scope, ...loc.scope.children.filter((c) => c.kind === "if" || c.kind === "limit_except")];
}
