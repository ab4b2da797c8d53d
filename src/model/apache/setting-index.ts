/**
 * The directives of one name written right at server level or right in a
 * virtual host (only read-time conditionals around them), folded once per
 * server, name and host: every application of a host sees the same ones, so
 * "which of them wins" is asked once per host, not once per application over
 * all of them (a host with thousands of applications, each with its own
 * `WSGIPassAuthorization` line, must not pay applications x lines).
 */
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import { byMergeOrder } from "./merge.js";
import type { ApacheEntry, ApacheServer } from "./server.js";

type Entry = ApacheEntry<ApacheDirective>;

export interface HostLevelSetting {
  /** The last of them in httpd's merge order (the host's come after the server's), or null when there is none. */
  winner: Entry | null;
  /** Some of them sit under a condition the linter cannot decide. */
  unknown: boolean;
}

const NONE: HostLevelSetting = Object.freeze({ winner: null, unknown: false });

/** Per server, per lower-cased name: per host (null: server level), its own fold; the server level's is also every host's start. */
const folds = new WeakMap<ApacheServer, Map<string, Map<ApacheSection | null, HostLevelSetting>>>();

function later(a: Entry | null, b: Entry): Entry {
  return a === null || byMergeOrder(a, b) < 0 ? b : a;
}

function foldsOf(server: ApacheServer, name: string): Map<ApacheSection | null, HostLevelSetting> {
  let byName = folds.get(server);
  if (!byName) folds.set(server, (byName = new Map()));
  const key = name.toLowerCase();
  let hit = byName.get(key);
  if (hit) return hit;
  const own = new Map<ApacheSection | null, { winner: Entry | null; unknown: boolean }>();
  for (const e of server.directives(name)) {
    if (e.scope !== null && e.scope !== e.vhost) continue;
    let f = own.get(e.vhost);
    if (!f) own.set(e.vhost, (f = { winner: null, unknown: false }));
    f.winner = later(f.winner, e);
    if (e.active === "unknown") f.unknown = true;
  }
  const main = own.get(null) ?? NONE;
  hit = new Map([[null, main]]);
  for (const [vhost, f] of own) {
    if (vhost === null) continue;
    hit.set(vhost, { winner: main.winner ? later(main.winner, f.winner as Entry) : f.winner, unknown: main.unknown || f.unknown });
  }
  byName.set(key, hit);
  return hit;
}

/** The `name` directives at server level and right in `vhost` (null: the main server) as one answer: the winner among them and whether any is uncertain. */
export function hostLevelSetting(server: ApacheServer, name: string, vhost: ApacheSection | null): HostLevelSetting {
  const f = foldsOf(server, name);
  return f.get(vhost) ?? f.get(null) ?? NONE;
}
