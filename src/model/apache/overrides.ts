/**
 * Whether a `.htaccess` in a directory can change anything: the most specific
 * `<Directory>` with an `AllowOverride` decides, per virtual host; none: the
 * version default (`All` before 2.3.9, `None` after). A regex form
 * (`<DirectoryMatch>`, `<Directory ~>`, a template path) may apply anywhere:
 * yes when it allows. Indexed once per server (sections by literal path, per
 * host), as rules ask per file: asked per file, a scan of every host's every
 * `<Directory>` was hosts x sections a question.
 */
import path from "node:path";
import { directoryCovers, directoryPath } from "./access.js";
import type { ApacheSection } from "../../ast/apache.js";
import { hasWildcard } from "../../load/fnmatch.js";
import type { ApacheServer } from "./server.js";

interface Override {
  /** Position in the order the sections are weighed (`<Directory>` then `<DirectoryMatch>`, each in config order): the later of equal length wins. */
  order: number;
  path: string;
  len: number;
  allows: boolean;
}

interface OverrideIndex {
  old: boolean;
  /** A regex or template form that allows, seen by some host: every directory may have overrides. */
  anyPattern: boolean;
  /** Literal paths, by path: the sections that name it, per host (null: the server level). */
  literal: Map<string, Map<ApacheSection | null, Override[]>>;
  /** Wildcard paths, per host, weighed against every directory asked. */
  wild: Map<ApacheSection | null, Override[]>;
}

const indexes = new WeakMap<ApacheServer, OverrideIndex>();

function indexOf(server: ApacheServer): OverrideIndex {
  let ix = indexes.get(server);
  if (ix) return ix;
  const hosts = new Set<ApacheSection | null>([null, ...server.sections("VirtualHost").map((v) => v.node)]);
  ix = {
    old: /^(?:1\.|2\.[0-2](?:\.|$))/.test(server.options.apacheVersion ?? "2.4"),
    anyPattern: false,
    literal: new Map(),
    wild: new Map(),
  };
  let order = 0;
  for (const s of server.sections("Directory").concat(server.sections("DirectoryMatch"))) {
    order++;
    // A section of a host the server does not list is weighed for no host.
    if (!hosts.has(s.vhost)) continue;
    const ao = server.scopeDirectives(s.node, "AllowOverride");
    if (!ao.length) continue;
    const allows = ao[ao.length - 1].node.args.some((a) => a.value.toLowerCase() !== "none");
    const p = directoryPath(s.node);
    if (p === null) {
      if (allows) ix.anyPattern = true;
      continue;
    }
    const o: Override = { order, path: p, len: p.split("/").length, allows };
    if (hasWildcard(p)) {
      let list = ix.wild.get(s.vhost);
      if (!list) ix.wild.set(s.vhost, (list = []));
      list.push(o);
      continue;
    }
    let byHost = ix.literal.get(p);
    if (!byHost) ix.literal.set(p, (byHost = new Map()));
    let list = byHost.get(s.vhost);
    if (!list) byHost.set(s.vhost, (list = []));
    list.push(o);
  }
  indexes.set(server, ix);
  return ix;
}

/** Whether a `.htaccess` in `dir` (normalised, absolute) may have effect for some host of the server. */
export function overridesPossible(server: ApacheServer, dir: string): boolean {
  const ix = indexOf(server);
  if (ix.anyPattern) return true;
  // The sections that cover `dir`, per host: its literal ancestors, then the wildcard forms that match.
  const covering = new Map<ApacheSection | null, Override[]>();
  const add = (host: ApacheSection | null, list: Override[]) => {
    const have = covering.get(host);
    if (have) have.push(...list);
    else covering.set(host, [...list]);
  };
  for (let d = dir; ; d = path.posix.dirname(d)) {
    for (const [host, list] of ix.literal.get(d) ?? []) add(host, list);
    if (d === "/") break;
  }
  for (const [host, list] of ix.wild)
    add(
      host,
      list.filter((o) => directoryCovers(o.path, dir)),
    );
  const global = covering.get(null) ?? [];
  const decide = (list: Override[]): boolean => {
    let best: Override | null = null;
    for (const o of list) if (!best || o.len > best.len || (o.len === best.len && o.order > best.order)) best = o;
    return best ? best.allows : ix.old;
  };
  // A host with no section of its own that covers `dir` decides as the server level does.
  if (decide(global)) return true;
  for (const [host, list] of covering) if (host !== null && list.length && decide(global.concat(list))) return true;
  return false;
}
