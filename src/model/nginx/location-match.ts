/**
 * Which location serves a URI, the way nginx picks it
 * (ngx_http_core_find_location, and the `location` directive's manual):
 *
 * 1. an exact `= /uri` location ends the search;
 * 2. else the longest matching prefix is remembered, and its nested
 *    locations are searched the same way first;
 * 3. unless that prefix is `^~`, the regex locations of the level are tried
 *    in the order they appear, and the first that matches wins (its own
 *    nested locations are searched too);
 * 4. else the remembered prefix serves the request.
 *
 * Regexes are PCRE; one that JavaScript cannot run makes the answer unsure,
 * and so does an unreadable include where locations could hide (the server
 * level, the prefix on the way); one inside the location found only refines
 * the answer to a location nested in it.
 */
import { pcreToJs } from "./regex.js";
import type { Location, NginxServer, Scope, VirtualServer } from "./server.js";
import type { ConfigRegex } from "../../core/config-regex.js";

export interface LocationMatch {
  /** The location that serves the URI, or null when none matches (nginx then serves from the server level). */
  location: Location | null;
  /** A regex on the way could not be evaluated, or an include could not be read: the answer may be wrong. */
  unsure: boolean;
}

interface Levels {
  top: Location[];
  nested: Map<Location, Location[]>;
}

const levelsOf = new WeakMap<VirtualServer, Levels>();

function levels(vs: VirtualServer): Levels {
  let l = levelsOf.get(vs);
  if (l) return l;
  l = { top: [], nested: new Map() };
  for (const loc of vs.locations) {
    if (loc.modifier === "@") continue;
    if (!loc.parent) l.top.push(loc);
    else {
      const list = l.nested.get(loc.parent);
      if (list) list.push(loc);
      else l.nested.set(loc.parent, [loc]);
    }
  }
  levelsOf.set(vs, l);
  return l;
}

/** A regex location's pattern as JavaScript, or null when it cannot be run here. */
const regexOf = new WeakMap<Location, ConfigRegex | null>();

export function locationRegex(loc: Location): ConfigRegex | null {
  if (loc.modifier !== "~" && loc.modifier !== "~*") return null;
  let re = regexOf.get(loc);
  if (re === undefined) regexOf.set(loc, (re = pcreToJs(loc.path, loc.modifier === "~*")));
  return re;
}

export const isPrefixLocation = (l: Location) => l.modifier === "" || l.modifier === "^~";
export const isRegexLocation = (l: Location) => l.modifier === "~" || l.modifier === "~*";

type Found = { loc: Location | null; done: boolean; unsure: boolean };

function find(level: Location[], uri: string, nested: Map<Location, Location[]>): Found {
  const exact = level.find((l) => l.modifier === "=" && l.path === uri);
  if (exact) return { loc: exact, done: true, unsure: false };
  let best: Location | null = null;
  for (const l of level) if (isPrefixLocation(l) && uri.startsWith(l.path) && (!best || l.path.length > best.path.length)) best = l;
  let loc: Location | null = null;
  let unsure = false;
  if (best) {
    const inner = find(nested.get(best) ?? [], uri, nested);
    if (inner.done) return inner;
    loc = inner.loc ?? best;
    // An unreadable include in the prefix may hold nested locations that would win.
    unsure = inner.unsure || best.scope.unresolvedInclude;
    if (best.modifier === "^~") return { loc, done: false, unsure };
  }
  for (const r of level) {
    if (!isRegexLocation(r)) continue;
    const re = locationRegex(r);
    if (!re) {
      unsure = true;
      continue;
    }
    if (re.test(uri)) {
      const inner = find(nested.get(r) ?? [], uri, nested);
      return { loc: inner.loc ?? r, done: true, unsure };
    }
  }
  return { loc, done: false, unsure };
}

/** The location of a virtual server that serves `uri` (a decoded, normalised path such as `/media/x.php`). */
export function locationFor(vs: VirtualServer, uri: string): LocationMatch {
  const l = levels(vs);
  const found = find(l.top, uri, l.nested);
  // An unreadable include at server level may hold locations of its own.
  return { location: found.loc, unsure: found.unsure || vs.scope.unresolvedInclude };
}

/** The location a scope is, or sits in (an `if` or `limit_except` in it), or null at server level. */
export function locationAt(server: NginxServer, scope: Scope): Location | null {
  for (let s: Scope | null = scope; s; s = s.parent) if (s.kind === "location") return server.locationIs(s);
  return null;
}

/** The virtual server a scope sits in, or null (http level, a fragment without a server block). */
export function serverAt(server: NginxServer, scope: Scope): VirtualServer | null {
  for (let s: Scope | null = scope; s; s = s.parent) if (s.kind === "server") return server.virtualServerIs(s);
  return null;
}

/** The prefix location that would serve a URI if there were no regex locations: the longest matching prefix, nested ones included. */
export function prefixFor(vs: VirtualServer, uri: string): Location | null {
  const l = levels(vs);
  let level = l.top;
  let found: Location | null = null;
  for (;;) {
    let best: Location | null = null;
    for (const x of level) if (isPrefixLocation(x) && uri.startsWith(x.path) && (!best || x.path.length > best.path.length)) best = x;
    if (!best) return found;
    found = best;
    level = l.nested.get(best) ?? [];
  }
}

/** Extensions tried at most per prefix (a config with thousands of regexes must not make this quadratic). */
const MAX_EXTENSIONS = 24;

/** File names to try under a prefix: the extensions the regexes name (`\.(php|phtml)$`), then common ones. */
function probeNames(patterns: string[]): string[] {
  const exts = new Set<string>();
  for (const pattern of patterns)
    for (const m of pattern.matchAll(/\\\.\(?(?:\?:)?([A-Za-z0-9|]+)\)?/g))
      for (const e of m[1].split("|")) if (e && exts.size < MAX_EXTENSIONS) exts.add(e.toLowerCase());
  for (const e of ["php", "py", "html", "js", "css", "png", "jpg", "svg", "txt", "pdf"]) exts.add(e);
  const names: string[] = [];
  for (const e of exts) names.push(`x.${e}`);
  names.push("x", "x/", "a/b/");
  return names;
}

/**
 * A URI under a prefix location that a regex location takes from it (nginx
 * tries regexes after remembering the longest prefix, unless that prefix is
 * `^~`), or null when none of the probes shows it. Probes are the prefix plus
 * `names`: by default file names with the extensions the regex names and common ones.
 */
export function takenFrom(vs: VirtualServer, prefix: Location, regexLoc: Location, names: string[] = probeNames([regexLoc.path])): string | null {
  return isRegexLocation(regexLoc) ? (takenBy(vs, prefix, [regexLoc.path], names).get(regexLoc) ?? null) : null;
}

/**
 * The regex locations that take URLs from a prefix location, each with one
 * URL it takes: one search per probe, whichever regex wins it. Probes are the
 * prefix plus `names`, by default file names with the extensions `patterns`
 * name and common ones.
 */
export function takenBy(vs: VirtualServer, prefix: Location, patterns: string[], names: string[] = probeNames(patterns)): Map<Location, string> {
  const out = new Map<Location, string>();
  if (!isPrefixLocation(prefix)) return out;
  const base = prefix.path.endsWith("/") ? prefix.path : `${prefix.path}/`;
  for (const name of names) {
    const uri = base + name;
    if (prefixFor(vs, uri) !== prefix) continue;
    const m = locationFor(vs, uri);
    if (!m.unsure && m.location && isRegexLocation(m.location) && !out.has(m.location)) out.set(m.location, uri);
  }
  return out;
}

/** Whether only internal redirects reach a location: it is named (`@x`), or it or a location around it says `internal;`. */
export function internalOnly(loc: Location): boolean {
  for (let l: Location | null = loc; l; l = l.parent) {
    if (l.modifier === "@") return true;
    if (l.scope.entries.some((e) => e.node.kind === "directive" && e.node.name === "internal")) return true;
  }
  return false;
}
