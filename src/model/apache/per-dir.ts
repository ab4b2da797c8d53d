/**
 * Which per-directory directives apply to a request, in httpd's merge order
 * (core.c / request.c): the main server's defaults, the virtual host's, then
 * `<Directory>` sections (shortest path first, regex forms after), then
 * `<Files>`/`<FilesMatch>` (the server's and host's, then those nested in the
 * directories that matched), then `<Location>`/`<LocationMatch>` (the main
 * server's, then the host's, in config order), and `<If>` last. A proxied
 * request is walked through `<Proxy>` sections instead of `<Directory>`
 * and `<Files>`. Sections inside a `<VirtualHost>` come after the main
 * server's of the same kind, so the host overrides.
 *
 * Each directive comes with `sure`: false when it may or may not apply (it
 * covers part of the URLs, sits under `<If>` or an undecidable condition, or
 * has a regex JavaScript cannot read). A caller deciding "is X set here"
 * counts a maybe as set; one deciding "is X missing" stays silent on a maybe.
 */
import path from "node:path";
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import { fnmatchRegExp, hasWildcard } from "../../load/fnmatch.js";
import { substituteDefines } from "../../load/apache.js";
import { directoryCovers, directoryPath, normalizeDir } from "./access.js";
import { activeAssumingModules } from "./branches.js";
import { compilePcre, literalLocation, prefixCovers, prefixMatch, samplesUnder } from "./proxy.js";
import { patternLiteral } from "./rewrite.js";
import type { ApacheEntry, ApacheServer } from "./server.js";

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
        const active = activeAssumingModules(e, (s) => server.conditionOf(s));
        if (active === "no" || e.sections.some((s) => s.key === "macro")) continue;
        const base: Match = active === "yes" && !e.sections.some((s) => MAYBE_SECTIONS.has(s.key)) ? "sure" : "maybe";
        const c = { e, base, dirs: e.sections.filter((s) => PER_DIR.has(s.key)) };
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

const hostRank = (e: ApacheEntry) => (e.vhost === null ? 0 : 1);

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
export function appliedToProxiedParts(server: ApacheServer, vhost: ApacheSection | null, scope: UrlScope, names: string[]): { hostLevel: readonly Applied[]; sections: Applied[] } {
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
  own.sort((x, y) => hostRank(x.e) - hostRank(y.e) || x.e.order - y.e.order);
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
    hit = candidates(server, vhost, names).filter((c) => c.dirs.length && c.dirs.every((s) => s.key === "location" || s.key === "locationmatch" || s.key === "proxy" || s.key === "proxymatch"));
    byHost.set(vhost, hit);
  }
  return hit;
}

function sectionsApplied(server: ApacheServer, vhost: ApacheSection | null, scope: UrlScope, names: string[]): Applied[] {
  const out: { a: Applied; level: number }[] = [];
  for (const c of proxiedCandidates(server, vhost, names)) {
    let m = c.base;
    let level = 2;
    for (const s of c.dirs) {
      if (s.key === "proxy" || s.key === "proxymatch") {
        m = worst(m, s.key === "proxy" && s.args[0]?.value === "*" ? "sure" : "maybe");
      } else {
        m = worst(m, locationAgainst(server, s, scope));
        level = 3;
      }
    }
    if (m !== "no") out.push({ a: { entry: c.e, sure: m === "sure" }, level });
  }
  out.sort((x, y) => x.level - y.level || hostRank(x.a.entry) - hostRank(y.a.entry) || x.a.entry.order - y.a.entry.order);
  return out.map((x) => x.a);
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

function regexOfLocation(s: ApacheSection): RegExp | null {
  const src = s.key === "locationmatch" ? s.args[0]?.value : s.args[0]?.value === "~" ? s.args[1]?.value : undefined;
  return src ? compilePcre(src) : null;
}

/** Directives that apply to a file served from a directory (Directory, Files and Location walk; no Proxy). */
export function appliedToFile(server: ApacheServer, req: FileRequest, names: string[]): Applied[] {
  const dir = normalizeDir(req.dir);
  const out: { a: Applied; key: number[] }[] = [];
  for (const c of candidates(server, req.vhost, names)) {
    if (c.dirs.some((s) => s.key === "proxy" || s.key === "proxymatch")) continue;
    let m = c.base;
    // Sort key: level (0 server, 1 host, 2 directory, 3 directory regex, 4 files, 5 location), then depth, host, order.
    let key = [c.e.vhost === null ? 0 : 1, 0];
    let dirDepth = -1;
    for (const s of c.dirs) {
      switch (s.key) {
        case "directory":
        case "directorymatch": {
          const raw = directoryPath(s);
          const sub = raw === null ? null : substituteDefines(raw, server.tree.defines);
          const p = sub === null ? null : normalizeDir(sub);
          if (raw !== null && p === null) m = worst(m, "maybe");
          else if (p !== null) {
            m = worst(m, directoryCovers(p, dir) ? "sure" : "no");
            dirDepth = p === "/" ? 1 : p.split("/").length;
            key = [2, dirDepth];
          } else {
            const re = compilePcre((s.key === "directorymatch" ? s.args[0]?.value : s.args[1]?.value) ?? "");
            m = worst(m, re === null ? "maybe" : re.test(dir) || re.test(dir + "/") ? "sure" : "no");
            dirDepth = 10_000;
            key = [3, 0];
          }
          break;
        }
        case "files":
        case "filesmatch":
          m = worst(m, filesAgainst(s, req.file));
          key = [4, dirDepth];
          break;
        default: {
          const lp = literalLocation(server, s);
          const re = lp === null ? regexOfLocation(s) : null;
          m = worst(m, lp !== null ? (prefixMatch(req.url, lp) > 0 ? "sure" : "no") : re === null ? "maybe" : re.test(req.url) ? "sure" : "no");
          key = [5, 0];
        }
      }
    }
    if (m !== "no") out.push({ a: { entry: c.e, sure: m === "sure" }, key: [...key, hostRank(c.e), c.e.order] });
  }
  out.sort((x, y) => {
    for (let i = 0; i < x.key.length; i++) if (x.key[i] !== y.key[i]) return x.key[i] - y.key[i];
    return 0;
  });
  return out.map((x) => x.a);
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
