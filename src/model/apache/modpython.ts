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
import { locationPath, urlsOverlap, urlUnder } from "./urls.js";
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
  // Only those the context's host sees can apply (asked per section: not every such directive of the server).
  const hits = server.directivesSeenBy(name, at.vhost).filter((d) => strictlyApplies(d, at));
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

/** The directives named `name` that mayApply can accept for a context: a host's see only their own and the server level's. */
export function mayApplyCandidates(server: ApacheServer, name: string, at: ContextLike): readonly ApacheEntry<ApacheDirective>[] {
  return at.vhost === null ? server.directives(name) : server.directivesSeenBy(name, at.vhost);
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
  return [...server.directives("SetEnv"), ...server.directives("PythonOption")].filter(
    (d) => d.node.args[0]?.value === "DJANGO_SETTINGS_MODULE" && d.node.args.length >= 2,
  );
}
