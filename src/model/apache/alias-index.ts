/**
 * `Alias`/`ScriptAlias` directives of the server level and of each virtual host
 * (directly there, not inside a `<Location>`/`<Directory>`), indexed by URL
 * once per server, so that a rule asking "which alias covers this prefix?" per
 * RewriteRule does not walk every alias of the server each time.
 */
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import type { ApacheEntry, ApacheServer } from "./server.js";
import { normalizeUrl, urlUnder } from "./urls.js";

type Entry = ApacheEntry<ApacheDirective>;

/** Per name, per host: URL key -> aliases. "S" + URL for URLs written with a trailing slash, "N" + normalised URL for the others. */
const indexes = new WeakMap<ApacheServer, Map<string, Map<ApacheSection | null, Map<string, Entry[]>>>>();

function indexOf(server: ApacheServer, name: string): Map<ApacheSection | null, Map<string, Entry[]>> {
  let byName = indexes.get(server);
  if (!byName) indexes.set(server, (byName = new Map()));
  let hit = byName.get(name);
  if (hit) return hit;
  hit = new Map();
  for (const a of server.directives(name)) {
    if (a.node.args.length !== 2 || (a.scope !== null && a.scope !== a.vhost)) continue;
    const url = a.node.args[0].value;
    if (!url.startsWith("/") || normalizeUrl(url) === "/") continue;
    let host = hit.get(a.vhost);
    if (!host) hit.set(a.vhost, (host = new Map()));
    const key = url.endsWith("/") ? "S" + url : "N" + normalizeUrl(url);
    const list = host.get(key);
    if (list) list.push(a);
    else host.set(key, [a]);
  }
  byName.set(name, hit);
  return hit;
}

/** Every "S" key a slash-ended alias URL that is a string prefix of `t` would have. */
function slashKeys(t: string, into: Set<string>) {
  for (let k = t.indexOf("/"); k >= 0; k = t.indexOf("/", k + 1)) into.add("S" + t.slice(0, k + 1));
}

/**
 * The first alias named `name` (in config order), seen from `vhost`, whose URL
 * covers a rewrite result starting with `prefix` (`complete`: the result is
 * exactly `prefix`): `Alias /media/` needs the slash, `Alias /media` takes
 * `/media` and `/media/...`.
 */
export function aliasCovering(server: ApacheServer, name: string, vhost: ApacheSection | null, prefix: string, complete: boolean): Entry | null {
  const idx = indexOf(server, name);
  const keys = new Set<string>();
  // (prefix + "/" has every slash of prefix: one pass covers both tests of the walk.)
  slashKeys(prefix + (complete ? "" : "/"), keys);
  const i = normalizeUrl(prefix);
  keys.add("N" + i);
  for (let k = i.indexOf("/", 1); k > 0; k = i.indexOf("/", k + 1)) keys.add("N" + i.slice(0, k));
  const found: Entry[] = [];
  for (const host of vhost === null ? [null] : [null, vhost]) {
    const h = idx.get(host);
    if (h) for (const k of keys) for (const a of h.get(k) ?? []) found.push(a);
  }
  found.sort((a, b) => a.order - b.order);
  for (const a of found) {
    const url = a.node.args[0].value;
    const covered = url.endsWith("/") ? (prefix + (complete ? "" : "/")).startsWith(url) || prefix.startsWith(url) : urlUnder(prefix, url);
    if (covered) return a;
  }
  return null;
}
