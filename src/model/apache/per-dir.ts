/**
 * Which per-directory directives apply to a request, in httpd's merge order
 * (merge.ts): the main server's defaults, the virtual host's, then
 * `<Directory>` sections (shortest path first, regex forms after), then
 * `<Files>`/`<FilesMatch>` (the server's and host's, then those nested in the
 * directories that matched), then `<Location>`/`<LocationMatch>` (the main
 * server's, then the host's, in config order). A proxied request is walked
 * through `<Proxy>` sections instead of `<Directory>` and `<Files>`.
 *
 * Each directive comes with `sure`: false when it may or may not apply (it
 * covers part of the URLs, sits under `<If>` or an undecidable condition, or
 * has a regex JavaScript cannot read). A caller deciding "is X set here"
 * counts a maybe as set; one deciding "is X missing" stays silent on a maybe.
 */
import path from "node:path";
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import { fnmatchRegExp, hasWildcard } from "../../load/fnmatch.js";
import { substituteDefines } from "../../load/apache-defines.js";
import { directoryCovers, directoryPath, normalizeDir } from "./access.js";
import { activeAssumingModules } from "./branches.js";
import { branchTaken, tlsOf } from "./scheme-tests.js";
import { compareMergeKeys, mergeKey, type MergeKey } from "./merge.js";
import { compilePcre, literalLocation, prefixCovers, prefixMatch, samplesUnder } from "./proxy.js";
import { patternLiteral } from "./rewrite.js";
import type { ApacheEntry, ApacheServer } from "./server.js";
import type { ConfigRegex } from "../../core/config-regex.js";

export interface Applied {
  entry: ApacheEntry<ApacheDirective>;
  sure: boolean;
}

/** The URLs a proxied request may have: a prefix, a regex, the `<Location>` a mount sits in, or anything. */
export type UrlScope = { path: string } | { regex: string } | { location: ApacheSection } | { any: true };

/** A file served from a directory under a URL (media uploads, static files). */
export interface FileRequest {
  vhost: ApacheSection | null;
  /** Server path of the directory (normalised). */
  dir: string;
  /** URL of the file. */
  url: string;
  /** The file's name, or null for "any file". */
  file: string | null;
}

type Match = "sure" | "maybe" | "no";

const PER_DIR = new Set(["directory", "directorymatch", "files", "filesmatch", "location", "locationmatch", "proxy", "proxymatch"]);
const MAYBE_SECTIONS = new Set(["if", "elseif", "else", "limit", "limitexcept"]);

const worst = (a: Match, b: Match): Match => (a === "no" || b === "no" ? "no" : a === "maybe" || b === "maybe" ? "maybe" : "sure");

interface Candidate {
  e: ApacheEntry<ApacheDirective>;
  base: Match;
  dirs: ApacheSection[];
  /** Its place in httpd's merge order. */
  key: MergeKey;
}

const candidateCache = new WeakMap<ApacheServer, Map<string, Map<ApacheSection | null, Candidate[]>>>();

/**
 * Directives of these names a virtual host (null: the main server) sees, with
 * the per-directory sections around each: indexed by host once per server and
 * set of names (rules ask per alias, mount and sample file).
 */
function candidates(server: ApacheServer, vhost: ApacheSection | null, names: string[]): Candidate[] {
  let perNames = candidateCache.get(server);
  if (!perNames) candidateCache.set(server, (perNames = new Map()));
  const key = names.join("\0");
  let byHost = perNames.get(key);
  if (!byHost) {
    byHost = new Map();
    for (const name of names)
      for (const e of server.directives(name)) {
        // An `<If>` inside a virtual host that tests only the scheme is decided by the host's TLS state.
        const vhost = e.vhost;
        const branch = vhost ? (s: ApacheSection) => branchTaken(server, s, tlsOf(server, vhost)) : undefined;
        const active = activeAssumingModules(e, (s) => server.conditionOf(s), null, branch);
        if (active === "no" || e.sections.some((s) => s.key === "macro")) continue;
        const undecided = e.sections.some((s) => MAYBE_SECTIONS.has(s.key) && (!branch || branch(s) !== "yes"));
        const base: Match = active === "yes" && !undecided ? "sure" : "maybe";
        const c = { e, base, dirs: e.sections.filter((s) => PER_DIR.has(s.key)), key: mergeKey(e, server.tree.defines) };
        const l = byHost.get(e.vhost);
        if (l) l.push(c);
        else byHost.set(e.vhost, [c]);
      }
    perNames.set(key, byHost);
  }
  const main = byHost.get(null) ?? [];
  return vhost === null ? main : [...main, ...(byHost.get(vhost) ?? [])];
}

/** The directives of these names a host sees at all, in any section (a quick test before the per-request merge). */
export function directivesSeenBy(server: ApacheServer, vhost: ApacheSection | null, names: string[]): ApacheEntry<ApacheDirective>[] {
  return candidates(server, vhost, names).map((c) => c.e);
}

const inMergeOrder = (x: { key: MergeKey }, y: { key: MergeKey }) => compareMergeKeys(x.key, y.key);

/** Directives that apply to requests a mount proxies (Location and Proxy walk; no Directory or Files). */
export function appliedToProxied(server: ApacheServer, vhost: ApacheSection | null, scope: UrlScope, names: string[]): Applied[] {
  const parts = appliedToProxiedParts(server, vhost, scope, names);
  return [...parts.hostLevel, ...parts.sections];
}

const hostLevelCache = new WeakMap<ApacheServer, Map<string, Map<ApacheSection | null, Applied[]>>>();

/**
 * appliedToProxied in two parts, in merge order: `hostLevel`, the directives
 * at server level and in the host outside any per-directory section (the
 * same for every request of the host: computed once per host and shared,
 * so a caller can fold over it once), then `sections`, those in `<Location>`
 * and `<Proxy>` sections that may cover the scope.
 */
export function appliedToProxiedParts(
  server: ApacheServer,
  vhost: ApacheSection | null,
  scope: UrlScope,
  names: string[],
): { hostLevel: readonly Applied[]; sections: Applied[] } {
  return { hostLevel: hostLevelApplied(server, vhost, names), sections: sectionsApplied(server, vhost, scope, names) };
}

function hostLevelApplied(server: ApacheServer, vhost: ApacheSection | null, names: string[]): readonly Applied[] {
  let perNames = hostLevelCache.get(server);
  if (!perNames) hostLevelCache.set(server, (perNames = new Map()));
  const key = names.join("\0");
  let byHost = perNames.get(key);
  if (!byHost) perNames.set(key, (byHost = new Map()));
  let hit = byHost.get(vhost);
  if (hit) return hit;
  const own = candidates(server, vhost, names).filter((c) => !c.dirs.length);
  own.sort(inMergeOrder);
  hit = Object.freeze(own.map((c) => ({ entry: c.e, sure: c.base === "sure" }))) as Applied[];
  byHost.set(vhost, hit);
  return hit;
}

const proxiedCache = new WeakMap<ApacheServer, Map<string, Map<ApacheSection | null, Candidate[]>>>();

/** The candidates a host sees inside `<Location>`/`<Proxy>` sections only (per server, names and host, once). */
function proxiedCandidates(server: ApacheServer, vhost: ApacheSection | null, names: string[]): Candidate[] {
  let perNames = proxiedCache.get(server);
  if (!perNames) proxiedCache.set(server, (perNames = new Map()));
  const key = names.join("\0");
  let byHost = perNames.get(key);
  if (!byHost) perNames.set(key, (byHost = new Map()));
  let hit = byHost.get(vhost);
  if (!hit) {
    hit = candidates(server, vhost, names).filter(
      (c) => c.dirs.length && c.dirs.every((s) => s.key === "location" || s.key === "locationmatch" || s.key === "proxy" || s.key === "proxymatch"),
    );
    byHost.set(vhost, hit);
  }
  return hit;
}

function sectionsApplied(server: ApacheServer, vhost: ApacheSection | null, scope: UrlScope, names: string[]): Applied[] {
  const out: { a: Applied; key: MergeKey }[] = [];
  for (const c of proxiedCandidates(server, vhost, names)) {
    let m = c.base;
    for (const s of c.dirs) {
      if (s.key === "proxy" || s.key === "proxymatch") {
        m = worst(m, s.key === "proxy" && s.args[0]?.value === "*" ? "sure" : "maybe");
      } else {
        m = worst(m, locationAgainst(server, s, scope));
      }
    }
    if (m !== "no") out.push({ a: { entry: c.e, sure: m === "sure" }, key: c.key });
  }
  return out.sort(inMergeOrder).map((x) => x.a);
}

/** Whether a `<Location>` applies to every URL of a scope (sure), to some (maybe) or to none. */
function locationAgainst(server: ApacheServer, loc: ApacheSection, scope: UrlScope): Match {
  if ("location" in scope && scope.location === loc) return "sure";
  const lp = literalLocation(server, loc);
  const prefix = "path" in scope ? scope.path : "location" in scope ? literalLocation(server, scope.location) : null;
  if (lp !== null && prefix !== null) return prefixCovers(prefix, lp) ? "sure" : prefixCovers(lp, prefix) ? "maybe" : "no";
  if (lp === "/") return "sure";
  if ("regex" in scope && lp !== null) {
    const lit = patternLiteral(scope.regex).prefix;
    const n = lit.startsWith("/") ? prefixMatch(lit, lp) : 0;
    if (n > 0 && (lp.endsWith("/") || lit[n] === "/")) return "sure";
    return "maybe";
  }
  if (lp === null && prefix !== null) {
    const re = regexOfLocation(loc);
    if (!re) return "maybe";
    const hits = samplesUnder(prefix).filter((u) => re.test(u)).length;
    return hits === 0 ? "no" : hits === samplesUnder(prefix).length ? "sure" : "maybe";
  }
  return "maybe";
}

function regexOfLocation(s: ApacheSection): ConfigRegex | null {
  const src = s.key === "locationmatch" ? s.args[0]?.value : s.args[0]?.value === "~" ? s.args[1]?.value : undefined;
  return src ? compilePcre(src) : null;
}

/** Directives that apply to a file served from a directory (Directory, Files and Location walk; no Proxy). */
export function appliedToFile(server: ApacheServer, req: FileRequest, names: string[]): Applied[] {
  const dir = normalizeDir(req.dir);
  const out: { a: Applied; key: MergeKey }[] = [];
  for (const c of fileCandidates(server, req.vhost, names, dir, req.url)) {
    if (c.dirs.some((s) => s.key === "proxy" || s.key === "proxymatch")) continue;
    let m = c.base;
    for (const s of c.dirs) m = worst(m, sectionAgainstFile(server, s, req, dir));
    if (m !== "no") out.push({ a: { entry: c.e, sure: m === "sure" }, key: c.key });
  }
  return out.sort(inMergeOrder).map((x) => x.a);
}

interface ByDirectory {
  all: Candidate[];
  /** Positions in `all` of the candidates inside a literal `<Directory>` (its path, defines substituted, normalised). */
  byDir: Map<string, number[]>;
  /** Positions of the others inside a literal `<Location>`, by the first segment of its path (see firstSegment). */
  byLocation: Map<string, number[]>;
  /** Positions of the others. */
  rest: number[];
}

/**
 * The first segment of a URL path, slashes collapsed (`//app//x` -> `app`), or null when there is none. A URL
 * that prefixMatch matches against a literal `<Location>` path has the same first segment as that path, whole.
 */
function firstSegment(p: string): string | null {
  if (p[0] !== "/") return null;
  let i = 0;
  while (p[i] === "/") i++;
  if (i === p.length) return null;
  const end = p.indexOf("/", i);
  return end < 0 ? p.slice(i) : p.slice(i, end);
}

/** The first segment of a candidate's first literal `<Location>` path (null: none, or a path of slashes). */
function locationSegmentOf(server: ApacheServer, c: Candidate): string | null {
  for (const s of c.dirs) {
    const lp = s.key === "location" ? literalLocation(server, s) : null;
    if (lp !== null) return firstSegment(lp);
  }
  return null;
}

const byDirectoryCache = new WeakMap<ApacheServer, Map<string, Map<ApacheSection | null, ByDirectory>>>();

/** The path under which a candidate is filed: its first literal `<Directory>` without wildcards (null: none). */
function literalDirectoryOf(server: ApacheServer, c: Candidate): string | null {
  for (const s of c.dirs) {
    if (s.key !== "directory") continue;
    const raw = directoryPath(s);
    const sub = raw === null ? null : substituteDefines(raw, server.tree.defines);
    if (sub === null) continue;
    const p = normalizeDir(sub);
    if (!hasWildcard(p)) return p;
  }
  return null;
}

/**
 * The candidates that may apply to a file of directory `dir`, in the order of
 * candidates(): one inside a literal `<Directory P>` applies only when P is
 * `dir` or one of its ancestors (sectionAgainstFile says "no" otherwise), so
 * those are looked up by path; likewise one inside a literal `<Location>` by
 * the URL's first segment. A host with thousands of sections must not weigh
 * them all per file.
 */
function fileCandidates(server: ApacheServer, vhost: ApacheSection | null, names: string[], dir: string, url: string): Candidate[] {
  let perNames = byDirectoryCache.get(server);
  if (!perNames) byDirectoryCache.set(server, (perNames = new Map()));
  const key = names.join("\0");
  let byHost = perNames.get(key);
  if (!byHost) perNames.set(key, (byHost = new Map()));
  let idx = byHost.get(vhost);
  if (!idx) {
    const all = candidates(server, vhost, names);
    idx = { all, byDir: new Map(), byLocation: new Map(), rest: [] };
    for (let i = 0; i < all.length; i++) {
      const p = literalDirectoryOf(server, all[i] as Candidate);
      const seg = p === null ? locationSegmentOf(server, all[i] as Candidate) : null;
      if (p !== null) push(idx.byDir, p, i);
      else if (seg !== null) push(idx.byLocation, seg, i);
      else idx.rest.push(i);
    }
    byHost.set(vhost, idx);
  }
  const urlSegment = firstSegment(url);
  // A URL that is not a path: every candidate is weighed as before.
  if ((!idx.byDir.size && !idx.byLocation.size) || (url[0] !== "/" && idx.byLocation.size)) return idx.all;
  const at = idx.rest.slice();
  const add = (list: number[] | undefined) => {
    if (list) for (const i of list) at.push(i);
  };
  // `dir`, `/` and every prefix of `dir` that ends before a `/`: the literal paths directoryCovers accepts (each once).
  add(idx.byDir.get(dir));
  if (dir !== "/") add(idx.byDir.get("/"));
  for (let i = dir.indexOf("/"); i >= 0; i = dir.indexOf("/", i + 1)) {
    const k = dir.slice(0, i);
    if (k !== "/" && k !== dir) add(idx.byDir.get(k));
  }
  if (urlSegment !== null) add(idx.byLocation.get(urlSegment));
  if (at.length === idx.rest.length) return at.map((i) => idx.all[i] as Candidate);
  at.sort((a, b) => a - b);
  return at.map((i) => idx.all[i] as Candidate);
}

/** Whether a `<Directory>`, `<Files>` or `<Location>` section applies to a file request (`dir` normalised). */
function sectionAgainstFile(server: ApacheServer, s: ApacheSection, req: FileRequest, dir: string): Match {
  switch (s.key) {
    case "directory":
    case "directorymatch": {
      const raw = directoryPath(s);
      if (raw !== null) {
        const sub = substituteDefines(raw, server.tree.defines);
        return sub === null ? "maybe" : directoryCovers(normalizeDir(sub), dir) ? "sure" : "no";
      }
      const re = compilePcre((s.key === "directorymatch" ? s.args[0]?.value : s.args[1]?.value) ?? "");
      return re === null ? "maybe" : re.test(dir) || re.test(dir + "/") ? "sure" : "no";
    }
    case "files":
    case "filesmatch":
      return filesAgainst(s, req.file);
    default: {
      const lp = literalLocation(server, s);
      const re = lp === null ? regexOfLocation(s) : null;
      return lp !== null ? (prefixMatch(req.url, lp) > 0 ? "sure" : "no") : re === null ? "maybe" : re.test(req.url) ? "sure" : "no";
    }
  }
}

function filesAgainst(s: ApacheSection, file: string | null): Match {
  if (file === null) return "maybe";
  const base = path.posix.basename(file);
  let src: string | undefined;
  if (s.key === "filesmatch") src = s.args[0]?.value;
  else if (s.args[0]?.value === "~") src = s.args[1]?.value;
  else {
    const a = s.args[0]?.value;
    if (!a) return "maybe";
    return (hasWildcard(a) ? fnmatchRegExp(a).test(base) : a === base) ? "sure" : "no";
  }
  const re = src ? compilePcre(src) : null;
  return re === null ? "maybe" : re.test(base) ? "sure" : "no";
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
