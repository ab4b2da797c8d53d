/**
 * httpd's merge order, the one every "which directive wins" question uses
 * (httpd manual, "How the sections are merged"; core.c / request.c): the
 * server level, then the virtual host, then the per-directory sections in
 * groups:
 *
 *   1. `<Directory>` with a literal or wildcard path, shortest path first;
 *   2. `<DirectoryMatch>` and `<Directory ~ ...>`;
 *   3. `<Files>` and `<FilesMatch>`: the server's and host's, then those
 *      nested in the directories that matched (shortest directory first);
 *   4. `<Proxy>` and `<ProxyMatch>` (a proxied request walks these instead of
 *      the directory and file sections);
 *   5. `<Location>` and `<LocationMatch>`.
 *
 * Within a group, the main server's sections come before a virtual host's
 * ("sections inside <VirtualHost> are applied after the corresponding
 * sections outside"), then the order they are read in. What comes later
 * overrides what came before: the last of a merge-ordered list is in effect.
 * Read-time conditionals (`<IfModule>` ...), `<If>` and `<Limit>` do not start
 * a group: their contents merge with the section around them.
 * `directivesInEffect`, `lastInEffect`, `appSetting`, `directoryAccess` and
 * the per-request walks of per-dir.ts all sort with this one key.
 */
import type { ApacheSection } from "../../ast/apache.js";
import { substituteDefines } from "../../load/apache-defines.js";
import { directoryPath, normalizeDir } from "./paths.js";
import type { ApacheEntry } from "./server.js";

/** The merge groups, in the order httpd merges them. */
const SERVER = 0;
const VIRTUAL_HOST = 1;
const DIRECTORY = 2;
const DIRECTORY_MATCH = 3;
const FILES = 4;
const PROXY = 5;
const LOCATION = 6;

/** `<Files>` in a regex `<Directory>` merge after those in every literal one. */
const REGEX_DIRECTORY_DEPTH = 10_000;

/** An entry's place: [group, path depth, 1 inside a virtual host, read order], compared in that order. */
export type MergeKey = [number, number, number, number];

type Mergeable = Pick<ApacheEntry, "sections" | "vhost" | "order">;

/** Components of a normalised directory path, as httpd counts them (`/` is one, `/srv` is two). */
const depthOf = (p: string) => (p === "/" ? 1 : p.split("/").length);

/**
 * A `<Directory>` path with the `Define`d variables it names substituted
 * (`defines` given), normalised; null for regex forms and paths a template
 * fills in. A variable no `Define` sets leaves the path as written.
 */
function literalDirectory(s: ApacheSection, defines?: Map<string, string>): string | null {
  const p = directoryPath(s);
  if (p === null || !defines || !p.includes("${")) return p;
  const sub = substituteDefines(p, defines);
  return sub === null ? p : normalizeDir(sub);
}

/**
 * Where an entry merges. `defines` (the tree's `Define`s) make a
 * `<Directory ${ROOT}/app>` count the components of the path it stands for.
 */
export function mergeKey(e: Mergeable, defines?: Map<string, string>): MergeKey {
  let group = e.vhost ? VIRTUAL_HOST : SERVER;
  let depth = 0;
  // The depth of the innermost directory around, for `<Files>` nested in it.
  let dirDepth = -1;
  for (const s of e.sections) {
    switch (s.key) {
      case "directory":
      case "directorymatch": {
        const p = literalDirectory(s, defines);
        if (p === null) [group, depth, dirDepth] = [DIRECTORY_MATCH, 0, REGEX_DIRECTORY_DEPTH];
        else [group, depth, dirDepth] = [DIRECTORY, depthOf(p), depthOf(p)];
        break;
      }
      case "files":
      case "filesmatch":
        [group, depth] = [FILES, dirDepth];
        break;
      case "proxy":
      case "proxymatch":
        [group, depth] = [PROXY, 0];
        break;
      case "location":
      case "locationmatch":
        [group, depth] = [LOCATION, 0];
        break;
    }
  }
  return [group, depth, e.vhost ? 1 : 0, e.order];
}

/** Compares two merge keys: negative when `x` merges first. */
export function compareMergeKeys(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** Sorts entries in merge order: the last one is in effect. */
export function byMergeOrder(a: Mergeable, b: Mergeable): number {
  return compareMergeKeys(mergeKey(a), mergeKey(b));
}
