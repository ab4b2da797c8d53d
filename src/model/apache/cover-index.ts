/**
 * The sections (or directives) that may apply to a WSGI application, found
 * through an index built once per server instead of a walk of every section
 * per application: a server with thousands of applications must not pay
 * applications x sections.
 *
 * A section or directive applies to an application only when every literal
 * `<Directory P>` and `<Location L>` enclosing it (or being it) does: P must be the script's
 * directory or one of its ancestors, and L must overlap the mount URL (see
 * sectionsCover in wsgi-apps.ts, which decides the rest). So each section is
 * filed under one such path of its chain, and an application looks up only
 * the paths that can hold it; likewise a literal `<Files name>` applies only to
 * a script of that name. Sections with none of these in their chain (`<If>`,
 * regex and wildcard forms) are always returned.
 */
import path from "node:path";
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import { hasWildcard } from "../../load/fnmatch.js";
import { directoryPath } from "./access.js";
import type { ApacheEntry, ApacheServer } from "./server.js";
import { locationPath, normalizeUrl } from "./urls.js";

type Entry = ApacheEntry;

interface HostIndex {
  /** Under a literal <Directory> path of their chain. */
  byDir: Map<string, Entry[]>;
  /** Under the literal <Location> path of their chain (normalised). */
  byLocation: Map<string, Entry[]>;
  /** Under every proper ancestor of that <Location> path: found from an application mounted above it. */
  belowLocation: Map<string, Entry[]>;
  /** Under the literal <Files> name of their chain. */
  byFile: Map<string, Entry[]>;
  /** Directives right at server level or in the virtual host (no section but conditionals around them): see HostLevel. */
  hostLevel: Entry[];
  /** Nothing in their chain narrows them down. */
  rest: Entry[];
}

/** Per server, per list of entries ("s" + section names, "d" + a directive name), per host (null: server level). */
const indexes = new WeakMap<ApacheServer, Map<string, Map<ApacheSection | null, HostIndex>>>();

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** "/a/b" -> "/a", "/" (the URL prefixes a <Location> under which "/a/b" lies). */
function properUrlAncestors(url: string): string[] {
  const out: string[] = [];
  for (let i = url.lastIndexOf("/"); i >= 0; i = url.lastIndexOf("/", i - 1)) {
    out.push(i === 0 ? "/" : url.slice(0, i));
    if (i === 0) break;
  }
  return out.filter((u) => u !== url);
}

function hostIndexes(server: ApacheServer, key: string, list: () => readonly Entry[]): Map<ApacheSection | null, HostIndex> {
  let byKey = indexes.get(server);
  if (!byKey) indexes.set(server, (byKey = new Map()));
  let hit = byKey.get(key);
  if (hit) return hit;
  hit = new Map();
  for (const e of list()) {
    let idx = hit.get(e.vhost);
    if (!idx) hit.set(e.vhost, (idx = { byDir: new Map(), byLocation: new Map(), belowLocation: new Map(), byFile: new Map(), hostLevel: [], rest: [] }));
    if (e.node.kind === "directive" && (e.scope === null || e.scope === e.vhost)) {
      idx.hostLevel.push(e);
      continue;
    }
    const outer = chainNarrowing(e.sections);
    const n = e.node.kind === "section" ? joinNarrowing(outer, sectionNarrowing(e.node)) : outer;
    if (n.dir !== null) push(idx.byDir, n.dir, e);
    else if (n.url !== null) {
      push(idx.byLocation, n.url, e);
      for (const up of n.urlAncestors) push(idx.belowLocation, up, e);
    } else if (n.file !== null) push(idx.byFile, n.file, e);
    else idx.rest.push(e);
  }
  byKey.set(key, hit);
  return hit;
}

/** What narrows a chain of sections down: its first literal `<Directory>`, `<Location>` (normalised) and `<Files>`. */
interface Narrowing {
  dir: string | null;
  url: string | null;
  urlAncestors: string[];
  file: string | null;
}

const NO_NARROWING: Narrowing = { dir: null, url: null, urlAncestors: [], file: null };

// Once per section and per chain: every list indexed (one per set of names a rule asks about) and every entry of a context share them.
const bySection = new WeakMap<ApacheSection, Narrowing>();
const byChain = new WeakMap<ApacheSection[], Narrowing>();

function sectionNarrowing(s: ApacheSection): Narrowing {
  let n = bySection.get(s);
  if (n) return n;
  const loc = locationPath(s);
  const url = loc === null ? null : normalizeUrl(loc);
  n = { dir: literalDirectory(s), url, urlAncestors: url === null ? [] : properUrlAncestors(url), file: literalFiles(s) };
  bySection.set(s, n);
  return n;
}

/** The first of each kind: an outer section's before an inner one's. */
function joinNarrowing(a: Narrowing, b: Narrowing): Narrowing {
  if (a.dir !== null && a.url !== null && a.file !== null) return a;
  return {
    dir: a.dir ?? b.dir,
    url: a.url ?? b.url,
    urlAncestors: a.url !== null ? a.urlAncestors : b.urlAncestors,
    file: a.file ?? b.file,
  };
}

function chainNarrowing(chain: ApacheSection[]): Narrowing {
  let n = byChain.get(chain);
  if (n) return n;
  n = NO_NARROWING;
  for (const s of chain) n = joinNarrowing(n, sectionNarrowing(s));
  byChain.set(chain, n);
  return n;
}

/** A literal `<Directory>` path without wildcards (normalised), else null. */
function literalDirectory(s: ApacheSection): string | null {
  const p = directoryPath(s);
  return p === null || hasWildcard(p) ? null : p;
}

/** A literal `<Files>` name without wildcards, else null. */
function literalFiles(s: ApacheSection): string | null {
  const a = s.key === "files" ? s.args[0]?.value : undefined;
  return a && a !== "~" && !hasWildcard(a) ? a : null;
}

/** `dir` and each directory above it, as a literal `<Directory>` path that covers it would be written. */
function dirAndAncestors(dir: string): string[] {
  const out = [dir, "/"];
  for (let i = dir.indexOf("/", 1); i > 0; i = dir.indexOf("/", i + 1)) out.push(dir.slice(0, i));
  return out;
}

interface Near {
  vhost: ApacheSection | null;
  /** The script's directory and the script (server paths), the mount URL. */
  dir: string | null;
  script: string | null;
  url: string;
  /**
   * False: leave out the directives at server level and right in the host
   * (they apply to every application of the host alike: a caller that needs
   * only the last of them asks hostLevelSetting in setting-index.ts once per host).
   */
  hostLevel?: boolean;
  /** False: leave out those that nothing narrows down (see unnarrowedSections). */
  rest?: boolean;
}

/**
 * The sections named `names` (server level, or in the application's virtual
 * host) that may apply to an application with this script directory, script
 * and mount URL: every section for which sectionsCover can say anything but
 * false, and maybe a few more. A null `dir` or `script` (unknown) narrows
 * nothing by directory or by file name.
 */
export function sectionsNear(server: ApacheServer, names: readonly string[], at: Near): ApacheEntry<ApacheSection>[] {
  const key = "s\0" + names.map((n) => n.toLowerCase()).join("\0");
  return lookup(
    hostIndexes(server, key, () => names.flatMap((n) => server.sections(n))),
    at,
  ) as ApacheEntry<ApacheSection>[];
}

/** The same for the directives named `name`: those whose enclosing sections may apply to the application. */
export function directivesNear(server: ApacheServer, name: string, at: Near): ApacheEntry<ApacheDirective>[] {
  return lookup(
    hostIndexes(server, "d\0" + name.toLowerCase(), () => server.directives(name)),
    at,
  ) as ApacheEntry<ApacheDirective>[];
}

/**
 * The sections named `names`, at server level or in `vhost`, that nothing in
 * their chain narrows down (`<If>`, regex and wildcard forms): those sectionsNear
 * returns for every application of the host, so that a caller can weigh them
 * once per host.
 */
export function unnarrowedSections(server: ApacheServer, names: readonly string[], vhost: ApacheSection | null): ApacheEntry<ApacheSection>[] {
  const key = "s\0" + names.map((n) => n.toLowerCase()).join("\0");
  const idx = hostIndexes(server, key, () => names.flatMap((n) => server.sections(n)));
  const out: Entry[] = [...(idx.get(null)?.rest ?? [])];
  if (vhost) out.push(...(idx.get(vhost)?.rest ?? []));
  return out as ApacheEntry<ApacheSection>[];
}

function lookup(idx: Map<ApacheSection | null, HostIndex>, at: Near): Entry[] {
  const out: Entry[] = [];
  const url = normalizeUrl(at.url);
  const urlKeys = [url, ...properUrlAncestors(url)];
  const seen = new Set<Entry>();
  const add = (list: Entry[] | undefined) => {
    for (const e of list ?? []) {
      if (seen.has(e)) continue;
      seen.add(e);
      out.push(e);
    }
  };
  for (const host of at.vhost ? [null, at.vhost] : [null]) {
    const h = idx.get(host);
    if (!h) continue;
    if (at.dir === null) for (const list of h.byDir.values()) add(list);
    else for (const p of dirAndAncestors(at.dir)) add(h.byDir.get(p));
    for (const u of urlKeys) add(h.byLocation.get(u));
    add(h.belowLocation.get(url));
    if (!at.script) for (const list of h.byFile.values()) add(list);
    else add(h.byFile.get(path.posix.basename(at.script)));
    if (at.hostLevel !== false) add(h.hostLevel);
    if (at.rest !== false) add(h.rest);
  }
  return out;
}
