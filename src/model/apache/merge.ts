/**
 * httpd's merge order, the one every "which directive wins" question uses
 * (httpd manual, "How the sections are merged"): the server level, then the
 * virtual host, then the per-directory sections in groups:
 *
 *   1. `<Directory>` with a literal or wildcard path, shortest path first;
 *   2. `<DirectoryMatch>` and `<Directory ~ ...>`;
 *   3. `<Files>` and `<FilesMatch>`;
 *   4. `<Location>` and `<LocationMatch>` (and `<Proxy>`, walked like them).
 *
 * Within a group, the main server's sections come before a virtual host's
 * ("sections inside <VirtualHost> are applied after the corresponding
 * sections outside"), then the order they are read in. What comes later
 * overrides what came before: the last of a merge-ordered list is in effect.
 * Read-time conditionals (`<IfModule>` ...), `<If>` and `<Limit>` do not start
 * a group: their contents merge with the section around them.
 */
import type { ApacheSection } from "../../ast/apache.js";
import { directoryPath } from "./paths.js";
import type { ApacheEntry } from "./server.js";

const GROUP: Record<string, number> = {
  virtualhost: 1,
  directory: 2,
  directorymatch: 3,
  files: 4,
  filesmatch: 4,
  location: 5,
  locationmatch: 5,
  proxy: 5,
  proxymatch: 5,
};

/** The innermost section of an entry that starts a merge group, or null at server level. */
function mergeSection(sections: readonly ApacheSection[]): ApacheSection | null {
  for (let i = sections.length - 1; i >= 0; i--) if (GROUP[sections[i].key] !== undefined) return sections[i];
  return null;
}

/** [group, path length for literal <Directory>, 1 inside a virtual host, read order]: compared in that order. */
export function mergeKey(e: Pick<ApacheEntry, "sections" | "vhost" | "order">): [number, number, number, number] {
  const s = mergeSection(e.sections);
  if (!s) return [0, 0, 0, e.order];
  let group = GROUP[s.key];
  let depth = 0;
  if (s.key === "directory") {
    const p = directoryPath(s);
    if (p === null) group = GROUP.directorymatch; // `<Directory ~ regex>`
    else depth = p.split("/").length;
  }
  return [group, depth, group > 1 && e.vhost ? 1 : 0, e.order];
}

/** Sorts entries in merge order: the last one is in effect. */
export function byMergeOrder(a: Pick<ApacheEntry, "sections" | "vhost" | "order">, b: Pick<ApacheEntry, "sections" | "vhost" | "order">): number {
  const x = mergeKey(a);
  const y = mergeKey(b);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3];
}
