/**
 * Who may fetch files from a directory: the verdict of the most specific
 * `<Directory>` that says anything about access (`Require all granted|denied`,
 * or 2.2's `Order`/`Allow`/`Deny`), as seen from a virtual host (server-level
 * sections apply to every host). Grants inside `<Files>`/`<FilesMatch>` cover
 * named files only, so they never grant the directory wholesale. A
 * `<Directory>` whose path a template fills in (`<Directory {{ root }}>`) may
 * be any directory: where one that says anything about access is visible, the
 * verdict is `unknown`.
 */
import path from "node:path";
import type { ApacheSection } from "../../ast/apache.js";
import { fnmatchRegExp, hasWildcard } from "../../load/fnmatch.js";
import { isOpaque } from "../../template/placeholder.js";
import { byMergeOrder } from "./merge.js";
import { directoryPath, normalizeDir } from "./paths.js";

// Where they were first: importers still find them here.
export { directoryPath, normalizeDir };
import type { ApacheEntry, ApacheServer } from "./server.js";

export type AccessVerdict = "granted" | "denied" | "restricted" | "unknown";

export interface DirectoryAccess {
  verdict: AccessVerdict;
  section: ApacheEntry<ApacheSection>;
}

/** A `<Directory>` whose path a template fills in: it may be any directory. */
const unknownDirectory = (s: ApacheSection) => s.key === "directory" && s.args.length === 1 && isOpaque(s.args[0].value);

/** Whether a `<Directory>` path (maybe with wildcards) is `dir` or one of its ancestors. */
export function directoryCovers(pattern: string, dir: string): boolean {
  if (!hasWildcard(pattern)) return pattern === "/" || dir === pattern || dir.startsWith(pattern + "/");
  const pp = pattern.split("/");
  const dp = dir.split("/");
  if (pp.length > dp.length) return false;
  return pp.every((seg, i) => (hasWildcard(seg) ? fnmatchRegExp(seg).test(dp[i]) : seg === dp[i]));
}

/** The access verdict written directly in a section, if any. */
export function sectionVerdict(server: ApacheServer, s: ApacheSection): AccessVerdict | null {
  let verdict: AccessVerdict | null = null;
  let order = "";
  let allowAll = false;
  let denyAll = false;
  for (const e of server.inScope(s)) {
    const n = e.node;
    if (n.kind === "section") {
      if (n.key === "requireall" || n.key === "requireany" || n.key === "requirenone") verdict = "restricted";
      continue;
    }
    const a = n.args.map((x) => x.value.toLowerCase());
    switch (n.key) {
      case "require":
        if (a[0] === "all" && a[1] === "granted") verdict = "granted";
        else if (a[0] === "all" && a[1] === "denied") verdict = "denied";
        else if (a.length) verdict = "restricted";
        break;
      case "order":
        order = a.join("").replace(/\s/g, "");
        break;
      case "allow":
        if (a[0] === "from" && a.slice(1).includes("all")) allowAll = true;
        else if (a[0] === "from") verdict ??= "restricted";
        break;
      case "deny":
        if (a[0] === "from" && a.slice(1).includes("all")) denyAll = true;
        break;
    }
  }
  if (verdict) return verdict;
  if (allowAll && !(denyAll && order === "allow,deny")) return "granted";
  // mod_access_compat's `Order Deny,Allow` allows by default: alone, it denies no one (`Allow,Deny` denies by default).
  if (denyAll || order === "allow,deny") return "denied";
  return null;
}

interface IndexedDirectory {
  entry: ApacheEntry<ApacheSection>;
  path: string;
  /** Where the section's own contents merge: inside itself (for byMergeOrder). */
  inside: Pick<ApacheEntry, "sections" | "vhost" | "order">;
  /** The section's own verdict, computed on first need (undefined: not yet). */
  verdict?: AccessVerdict | null;
}

/** The `<Directory>` sections of one host (or of the server level), literal paths by path, wildcard ones apart. */
interface DirectoryIndex {
  literal: Map<string, IndexedDirectory[]>;
  wildcard: IndexedDirectory[];
  /** Sections whose path is not known (template placeholders). */
  unknown: ApacheEntry<ApacheSection>[];
}

const indexes = new WeakMap<
  ApacheServer,
  { byHost: Map<ApacheSection | null, DirectoryIndex>; answers: Map<ApacheSection | null, Map<string, DirectoryAccess | null>> }
>();

// Built once per server: rules ask for every alias, app and document root, and a
// tree with thousands of hosts must not pay hosts x sections.
function indexOf(server: ApacheServer) {
  let hit = indexes.get(server);
  if (hit) return hit;
  const byHost = new Map<ApacheSection | null, DirectoryIndex>();
  for (const e of server.sections("Directory")) {
    const p = directoryPath(e.node);
    const unknown = p === null && unknownDirectory(e.node);
    if (p === null && !unknown) continue;
    let idx = byHost.get(e.vhost);
    if (!idx) byHost.set(e.vhost, (idx = { literal: new Map(), wildcard: [], unknown: [] }));
    if (p === null) {
      idx.unknown.push(e);
      continue;
    }
    const d: IndexedDirectory = { entry: e, path: p, inside: { sections: [...e.sections, e.node], vhost: e.vhost, order: e.order } };
    if (hasWildcard(p)) idx.wildcard.push(d);
    else {
      const list = idx.literal.get(p);
      if (list) list.push(d);
      else idx.literal.set(p, [d]);
    }
  }
  hit = { byHost, answers: new Map() };
  indexes.set(server, hit);
  return hit;
}

/** `dir` and each of its ancestors, then `/` (which covers every path, relative ones too). */
function selfAndAncestors(dir: string): string[] {
  const out = [dir];
  for (let p = dir; ;) {
    const up = path.posix.dirname(p);
    if (up === p) break;
    out.push((p = up));
  }
  if (out[out.length - 1] !== "/") out.push("/");
  return out;
}

/** The access in effect for a directory, seen from a virtual host (null: server level). */
export function directoryAccess(server: ApacheServer, dir: string, vhost: ApacheSection | null): DirectoryAccess | null {
  const target = normalizeDir(dir);
  const { byHost, answers } = indexOf(server);
  let known = answers.get(vhost);
  if (!known) answers.set(vhost, (known = new Map()));
  if (known.has(target)) return known.get(target) as DirectoryAccess | null;
  let best: IndexedDirectory | null = null;
  const consider = (d: IndexedDirectory) => {
    if (d.verdict === undefined) d.verdict = sectionVerdict(server, d.entry.node);
    if (!d.verdict) return;
    // The last in httpd's merge order wins: the more specific path, then a virtual host's, then the later section.
    if (!best || byMergeOrder(d.inside, best.inside) > 0) best = d;
  };
  const hosts = vhost ? [byHost.get(null), byHost.get(vhost)] : [byHost.get(null)];
  const ancestors = selfAndAncestors(target);
  for (const idx of hosts) {
    if (!idx) continue;
    for (const p of ancestors) for (const d of idx.literal.get(p) ?? []) consider(d);
    for (const d of idx.wildcard) if (directoryCovers(d.path, target)) consider(d);
  }
  const found = best as IndexedDirectory | null;
  let answer: DirectoryAccess | null = found ? { verdict: found.verdict as AccessVerdict, section: found.entry } : null;
  for (const idx of hosts) for (const u of idx?.unknown ?? []) if (sectionVerdict(server, u.node) !== null) answer = { verdict: "unknown", section: u };
  known.set(target, answer);
  return answer;
}
