/**
 * mod_python as Django used it before 1.5: where `SetHandler python-program`
 * together with `PythonHandler django.core.handlers.modpython` is in effect
 * (the places mod_python serves Django), and which other directives reach
 * such a place.
 *
 * Two notions of "reaches", because httpd merges sections per request:
 * - `strictlyApplies`: the directive is sure to be merged into the context
 *   (server level, its virtual host, the sections around it, a `<Location>`
 *   whose literal path covers the context's, a `<Directory>` whose path covers
 *   the context's). Used to decide what is in effect ("last one wins").
 * - `mayApply`: the directive could be merged into some request the context
 *   handles (also overlapping `<Location>`s, any `<LocationMatch>`, any
 *   `<Directory>`/`<Files>`, and, for a server-level context, any virtual
 *   host). Used before saying something is missing: a maybe counts as present.
 */
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import { directoryCovers, directoryPath } from "./access.js";
import { CONDITIONAL_SECTIONS } from "./conditions.js";
import { byMergeOrder } from "./merge.js";
import type { ApacheEntry, ApacheServer } from "./server.js";
import { locationPath, normalizeUrl, urlsOverlap, urlUnder } from "./urls.js";
import { surelyActive } from "./helpers.js";

// Moved to helpers.ts (the Apache model's general helpers); re-exported for code written against the old place.
export { contextName, sectionName, surelyActive } from "./helpers.js";

/** Django's mod_python handler module (removed in Django 1.5). */
export const DJANGO_MODPYTHON_HANDLER = "django.core.handlers.modpython";

/** `PythonHandler django.core.handlers.modpython` (optionally `::handler`). */
export function isDjangoHandler(d: ApacheDirective): boolean {
  const v = d.args[0]?.value;
  return !!v && (v === DJANGO_MODPYTHON_HANDLER || v.startsWith(DJANGO_MODPYTHON_HANDLER + "::"));
}

/** `SetHandler python-program` or mod_python 3's `SetHandler mod_python`. */
export function isPythonSetHandler(d: ApacheDirective): boolean {
  const v = d.args[0]?.value.toLowerCase();
  return v === "python-program" || v === "mod_python";
}

const DIRECTORY_LIKE = new Set(["directory", "directorymatch", "files", "filesmatch"]);
/** Sections whose contents are not configuration as written (templates) or concern other requests. */
const NEVER_APPLY = new Set(["macro", "proxy", "proxymatch"]);

export function isDirectoryLike(s: ApacheSection): boolean {
  return DIRECTORY_LIKE.has(s.key);
}

/** The non-conditional sections an entry sits in (its own scope last), outermost first. */
function scopesOf(e: { sections: ApacheSection[] }): ApacheSection[] {
  return e.sections.filter((s) => !CONDITIONAL_SECTIONS.has(s.key));
}

/** Where mod_python serves Django. */
export interface DjangoModPythonContext {
  /** The section that makes it so (`<Location>`, `<VirtualHost>`, `<Directory>`...), null at server level. */
  scope: ApacheSection | null;
  vhost: ApacheSection | null;
  /** Non-conditional sections around the context, outermost first, the scope itself last. */
  scopes: ApacheSection[];
  /** The `PythonHandler django.core.handlers.modpython` in effect. */
  handler: ApacheEntry<ApacheDirective>;
  /** The `SetHandler python-program` in effect. */
  setHandler: ApacheEntry<ApacheDirective>;
}

/** Where to point a finding about a context: its section's opening tag, or the handler at server level. */
export function contextAnchor(c: DjangoModPythonContext): { file: string; range: ApacheSection["range"] } {
  return c.scope ? { file: c.scope.file, range: c.scope.openRange } : { file: c.handler.node.file, range: c.handler.node.range };
}

/** The places where mod_python serves Django: both the python-program handler and Django's PythonHandler are in effect. */
export function djangoModPythonContexts(server: ApacheServer): DjangoModPythonContext[] {
  const candidates = new Map<ApacheSection | null, ApacheEntry>();
  for (const e of server.directives("SetHandler")) if (isPythonSetHandler(e.node)) candidates.set(e.scope, candidates.get(e.scope) ?? e);
  for (const e of server.directives("PythonHandler")) if (isDjangoHandler(e.node)) candidates.set(e.scope, candidates.get(e.scope) ?? e);
  const out: DjangoModPythonContext[] = [];
  for (const [scope, e] of candidates) {
    if (scope?.incomplete) continue;
    const scopes = scopesOf(e);
    if (scopes.some((s) => NEVER_APPLY.has(s.key))) continue;
    const at = { scope, vhost: e.vhost, scopes };
    const setHandler = lastInEffect(server, "SetHandler", at);
    const handler = lastInEffect(server, "PythonHandler", at);
    if (!setHandler || !handler || !isPythonSetHandler(setHandler.node) || !isDjangoHandler(handler.node)) continue;
    if (!surelyActive(server, setHandler) || !surelyActive(server, handler)) continue;
    out.push({ scope, vhost: e.vhost, scopes, handler, setHandler });
  }
  return out;
}

export interface ContextLike {
  scope: ApacheSection | null;
  vhost: ApacheSection | null;
  /** Non-conditional sections around it, the scope itself last. */
  scopes: ApacheSection[];
}

/** A section entry as a context (its own directives included). */
export function sectionContext(e: ApacheEntry<ApacheSection>): ContextLike {
  return { scope: e.node, vhost: e.vhost, scopes: [...scopesOf(e), e.node] };
}

/** The context a directive sits in (its own scope and the sections around it). */
export function entryContext(e: ApacheEntry): ContextLike {
  return { scope: e.scope, vhost: e.vhost, scopes: scopesOf(e) };
}

/** The last directive named `name` sure to be merged into a context (the one in effect), if any. */
export function lastInEffect(server: ApacheServer, name: string, at: ContextLike): ApacheEntry<ApacheDirective> | null {
  const hits = candidatesFor(server, name, at, "strict").filter((d) => strictlyApplies(d, at));
  if (!hits.length) return null;
  hits.sort(byMergeOrder);
  return hits[hits.length - 1];
}

/** Is this directive sure to be merged into every request of the context? */
export function strictlyApplies(d: ApacheEntry, at: ContextLike): boolean {
  if (d.vhost !== null && d.vhost !== at.vhost) return false;
  const own = new Set(at.scopes);
  const atLoc = at.scope && at.scope.key === "location" ? locationPath(at.scope) : null;
  const atDir = at.scope && isDirectoryLike(at.scope) ? directoryPath(at.scope) : null;
  for (const s of scopesOf(d)) {
    if (own.has(s) || s.key === "virtualhost") continue;
    if (s.key === "location" && atLoc !== null) {
      const p = locationPath(s);
      if (p !== null && urlUnder(atLoc, p)) continue;
    }
    if (s.key === "directory" && atDir !== null) {
      const p = directoryPath(s);
      if (p !== null && directoryCovers(p, atDir)) continue;
    }
    return false;
  }
  return true;
}

/** The directives named `name` that mayApply can accept for a context (a superset, in read order). */
export function mayApplyCandidates(server: ApacheServer, name: string, at: ContextLike): readonly ApacheEntry<ApacheDirective>[] {
  return candidatesFor(server, name, at, "may");
}

type Entries = ApacheEntry<ApacheDirective>[];

/**
 * The directives of one name a host sees, by the innermost section they sit
 * in (conditionals aside), built once per server, name and host: a host of
 * many mod_python `<Location>`s asks for each of them, and a scan of every
 * directive the host sees per context grew with the square of its sections.
 */
interface PlaceIndex {
  /** At server or host level: they may reach any context of the host. */
  hostLevel: Entries;
  /** By their innermost section (a context's own sections reach it). */
  byScope: Map<ApacheSection, Entries>;
  /** In a literal `<Location>`, by its normalised path. */
  atLocation: Map<string, Entries>;
  /** In a literal `<Location>`, under each path its own lies at or under ("/", "/a", "/a/b" for "/a/b"). */
  underLocation: Map<string, Entries>;
  /** In any literal `<Location>`. */
  locations: Entries;
  /** In a `<Directory>`. */
  directories: Entries;
  /** In any other section (`<LocationMatch>`, `<Files>`, `<Location ~ ...>`, `<Proxy>`...). */
  rest: Entries;
}

const placeIndexes = new WeakMap<ApacheServer, Map<string, Map<ApacheSection | null, PlaceIndex>>>();

/** "/", every prefix of the URL that ends before a slash, and the URL: the `<Location>` paths that cover it (urlUnder). */
function coveringPaths(url: string): string[] {
  const u = normalizeUrl(url);
  const out = ["/"];
  for (let k = 1; k < u.length; k++) if (u.charCodeAt(k) === 47) out.push(u.slice(0, k));
  if (u !== "/") out.push(u);
  return out;
}

function push<K>(m: Map<K, Entries>, k: K, e: ApacheEntry<ApacheDirective>): void {
  const l = m.get(k);
  if (l) l.push(e);
  else m.set(k, [e]);
}

function placeIndex(server: ApacheServer, name: string, vhost: ApacheSection | null, every: boolean): PlaceIndex {
  let byName = placeIndexes.get(server);
  if (!byName) placeIndexes.set(server, (byName = new Map()));
  // A context at server level may be reached by any host's directive (mayApply), but is in effect only from the server level's.
  const key = `${every ? "*" : ""}${name.toLowerCase()}`;
  let byHost = byName.get(key);
  if (!byHost) byName.set(key, (byHost = new Map()));
  let index = byHost.get(vhost);
  if (index) return index;
  index = { hostLevel: [], byScope: new Map(), atLocation: new Map(), underLocation: new Map(), locations: [], directories: [], rest: [] };
  for (const e of every ? server.directives(name) : server.directivesSeenBy(name, vhost)) {
    const scopes = scopesOf(e);
    const s = scopes[scopes.length - 1];
    if (!s || s.key === "virtualhost") {
      index.hostLevel.push(e);
      continue;
    }
    push(index.byScope, s, e);
    const p = locationPath(s);
    if (p !== null) {
      const u = normalizeUrl(p);
      push(index.atLocation, u, e);
      for (const q of coveringPaths(u)) push(index.underLocation, q, e);
      index.locations.push(e);
    } else if (s.key === "directory") index.directories.push(e);
    else if (!NEVER_APPLY.has(s.key)) index.rest.push(e);
  }
  byHost.set(vhost, index);
  return index;
}

/**
 * The directives named `name` that can reach a context, in read order: a superset of those strictlyApplies
 * ("strict") or mayApply ("may") accepts, taken from the index by what must hold of a directive's innermost section.
 */
function candidatesFor(server: ApacheServer, name: string, at: ContextLike, mode: "strict" | "may"): Entries {
  const index = placeIndex(server, name, at.vhost, mode === "may" && at.vhost === null);
  const atLoc = at.scope && at.scope.key === "location" ? locationPath(at.scope) : null;
  const parts: (readonly ApacheEntry<ApacheDirective>[] | undefined)[] = [index.hostLevel];
  for (const s of at.scopes) parts.push(index.byScope.get(s));
  if (atLoc !== null) for (const q of coveringPaths(atLoc)) parts.push(index.atLocation.get(q));
  if (mode === "strict") {
    if (at.scope && isDirectoryLike(at.scope) && directoryPath(at.scope) !== null) parts.push(index.directories);
  } else {
    parts.push(index.directories, index.rest, atLoc !== null ? index.underLocation.get(normalizeUrl(atLoc)) : index.locations);
  }
  const seen = new Set<ApacheEntry<ApacheDirective>>();
  const out: Entries = [];
  for (const l of parts)
    for (const e of l ?? [])
      if (!seen.has(e)) {
        seen.add(e);
        out.push(e);
      }
  return out.sort((a, b) => a.order - b.order);
}

/** Could this directive be merged into some request the context handles? */
export function mayApply(d: ApacheEntry, at: ContextLike): boolean {
  if (d.vhost !== null && at.vhost !== null && d.vhost !== at.vhost) return false;
  const own = new Set(at.scopes);
  const atLoc = at.scope && at.scope.key === "location" ? locationPath(at.scope) : null;
  for (const s of scopesOf(d)) {
    if (own.has(s) || s.key === "virtualhost") continue;
    if (NEVER_APPLY.has(s.key)) return false;
    if (s.key === "location" && atLoc !== null) {
      const p = locationPath(s);
      if (p !== null && !urlsOverlap(atLoc, p)) return false;
    }
    // Anything else (other sections, <LocationMatch>, <Directory>, <Files>, <Limit>...) may apply.
  }
  return true;
}

/** Every `SetEnv DJANGO_SETTINGS_MODULE value` and `PythonOption DJANGO_SETTINGS_MODULE value` that may be in effect. */
export function settingsModuleEntries(server: ApacheServer): ApacheEntry<ApacheDirective>[] {
  return [...server.directives("SetEnv"), ...server.directives("PythonOption")].filter(isSettingsModuleEntry);
}

/** `SetEnv DJANGO_SETTINGS_MODULE value` or `PythonOption DJANGO_SETTINGS_MODULE value`. */
export function isSettingsModuleEntry(d: ApacheEntry<ApacheDirective>): boolean {
  return d.node.args[0]?.value === "DJANGO_SETTINGS_MODULE" && d.node.args.length >= 2;
}
