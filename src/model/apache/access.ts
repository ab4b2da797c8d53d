/**
 * Who may fetch files from a directory: the verdict of the most specific
 * `<Directory>` that says anything about access (`Require all granted|denied`,
 * or 2.2's `Order`/`Allow`/`Deny`), as seen from a virtual host (server-level
 * sections apply to every host). Grants inside `<Files>`/`<FilesMatch>` cover
 * named files only, so they never grant the directory wholesale.
 */
import path from "node:path";
import type { ApacheSection } from "../../ast/apache.js";
import { fnmatchRegExp, hasWildcard } from "../../load/fnmatch.js";
import type { ApacheEntry, ApacheServer } from "./server.js";

export type AccessVerdict = "granted" | "denied" | "restricted";

export interface DirectoryAccess {
  verdict: AccessVerdict;
  section: ApacheEntry<ApacheSection>;
}

/** A `<Directory>` path as written, normalised (no trailing slash); null for regex forms. */
export function directoryPath(s: ApacheSection): string | null {
  if (s.key !== "directory") return null;
  const a = s.args[0]?.value;
  if (!a || a === "~" || s.args.length > 1) return null;
  return normalizeDir(a);
}

export function normalizeDir(p: string): string {
  const n = path.posix.normalize(p);
  return n.length > 1 ? n.replace(/\/+$/, "") : n;
}

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
  if (denyAll || order === "deny,allow" || order === "allow,deny") return "denied";
  return null;
}

/** The access in effect for a directory, seen from a virtual host (null: server level). */
export function directoryAccess(server: ApacheServer, dir: string, vhost: ApacheSection | null): DirectoryAccess | null {
  const target = normalizeDir(dir);
  let best: { len: number; access: DirectoryAccess } | null = null;
  for (const e of server.sections("Directory")) {
    if (e.vhost !== null && e.vhost !== vhost) continue;
    const p = directoryPath(e.node);
    if (p === null || !directoryCovers(p, target)) continue;
    const verdict = sectionVerdict(server, e.node);
    if (!verdict) continue;
    const len = p.split("/").length;
    // More specific wins; among equals, the later section (httpd merges in order).
    if (!best || len >= best.len) best = { len, access: { verdict, section: e } };
  }
  return best?.access ?? null;
}
