/**
 * Which `ProxyPass` serves a URL in a virtual host (mountServing), and the mounts that never serve one (shadowedMounts),
 * answered from an index built once per server and host instead of a walk of
 * every mount of the host per URL: mounts with a literal path (and
 * location-form mounts in a literal `<Location>`) are filed under their path
 * with runs of `/` collapsed, and a URL looks up only the prefixes it has;
 * the regex forms, usually few, are tried in order as before. A host with
 * thousands of applications behind `ProxyPass` must not pay mounts x mounts.
 */
import type { ApacheSection } from "../../ast/apache.js";
import type { Tri } from "../../core/tri.js";
import {
  literalLocation,
  locationMatches,
  locationMounts,
  mountActive,
  mountCovers,
  mountMatches,
  prefixMatch,
  proxyMounts,
  proxyPassList,
  samplesUnder,
  type ProxyMount,
} from "./proxy.js";
import { patternLiteral } from "./rewrite.js";
import type { ApacheServer } from "./server.js";

interface Indexed {
  m: ProxyMount;
  /** Position in its list (the ProxyPass list, or the location-form mounts in merge order). */
  i: number;
  active: Tri;
  /** The literal path it matches on (its own, or its `<Location>`'s), or null. */
  path: string | null;
}

interface HostIndex {
  /** ProxyPass list entries with a path, by collapsed path, in list order; only those that may be in effect. */
  listByPath: Map<string, Indexed[]>;
  /** The other list entries (regex forms), in list order; only those that may be in effect. */
  listOther: Indexed[];
  /** Location-form mounts in a literal `<Location>`, by collapsed path; only those that may be in effect. */
  locByPath: Map<string, Indexed[]>;
  locOther: Indexed[];
}

const collapse = (p: string) => p.replace(/\/{2,}/g, "/");

const indexes = new WeakMap<ApacheServer, Map<ApacheSection | null, HostIndex>>();

function file(byPath: Map<string, Indexed[]>, other: Indexed[], x: Indexed) {
  if (x.active === "no") return;
  if (x.path === null || x.path === "") {
    other.push(x);
    return;
  }
  const k = collapse(x.path);
  const l = byPath.get(k);
  if (l) l.push(x);
  else byPath.set(k, [x]);
}

function hostIndex(server: ApacheServer, vhost: ApacheSection | null): HostIndex {
  let byHost = indexes.get(server);
  if (!byHost) indexes.set(server, (byHost = new Map()));
  let idx = byHost.get(vhost);
  if (idx) return idx;
  idx = { listByPath: new Map(), listOther: [], locByPath: new Map(), locOther: [] };
  proxyPassList(server, vhost).forEach((m, i) => file(idx.listByPath, idx.listOther, { m, i, active: mountActive(server, m), path: m.path }));
  locationMounts(server, vhost).forEach((m, i) => {
    file(idx.locByPath, idx.locOther, { m, i, active: mountActive(server, m), path: literalLocation(server, m.location as ApacheSection) });
  });
  byHost.set(vhost, idx);
  return idx;
}

/**
 * Every collapsed prefix that can match `url` on a segment boundary: up to
 * each `/` (with and without it) and the whole URL. A superset of the paths
 * prefixMatch accepts (each candidate is checked with it again).
 */
function prefixKeys(url: string): string[] {
  const u = collapse(url);
  const out: string[] = [];
  for (let i = u.indexOf("/"); i >= 0; i = u.indexOf("/", i + 1)) {
    if (i > 0) out.push(u.slice(0, i));
    out.push(u.slice(0, i + 1));
  }
  if (!u.endsWith("/")) out.push(u);
  return out;
}

function* matching(byPath: Map<string, Indexed[]>, url: string): Generator<Indexed> {
  for (const k of prefixKeys(url)) for (const x of byPath.get(k) ?? []) if (prefixMatch(url, x.path as string) > 0) yield x;
}

/**
 * The `ProxyPass` that serves a URL in a virtual host: the last location-form
 * one whose `<Location>` matches, else the first list entry that matches (an
 * exclusion included); null when none does, undefined when the linter cannot
 * tell (a regex it cannot read, a mount under an undecidable condition).
 */
export function mountServing(server: ApacheServer, vhost: ApacheSection | null, url: string): ProxyMount | null | undefined {
  const idx = hostIndex(server, vhost);
  // Location-form mounts: the last one that matches wins; any that may match but cannot be decided makes it unknown.
  let fromLocation: Indexed | null = null;
  const consider = (x: Indexed, hit: boolean | null): boolean => {
    if (hit === false) return true;
    if (hit === null || x.active === "unknown") return false;
    if (!fromLocation || x.i > fromLocation.i) fromLocation = x;
    return true;
  };
  for (const x of matching(idx.locByPath, url)) if (!consider(x, true)) return undefined;
  for (const x of idx.locOther) if (!consider(x, locationMatches(server, x.m.location as ApacheSection, url))) return undefined;
  if (fromLocation) return (fromLocation as Indexed).m;
  // The list: the first entry that matches wins.
  let first: Indexed | null = null;
  for (const x of matching(idx.listByPath, url)) if (!first || x.i < first.i) first = x;
  for (const x of idx.listOther) {
    if (first && x.i > first.i) break;
    if (mountMatches(x.m, url) === false) continue;
    first = x;
    break;
  }
  if (!first) return null;
  const f = first as Indexed;
  if (f.active === "unknown") return undefined;
  return f.path === null ? (mountMatches(f.m, url) === null ? undefined : f.m) : f.m;
}

/** A `ProxyPass` that never serves a request, and the mount that serves its URLs instead. */
export interface ShadowedMount {
  mount: ProxyMount;
  by: ProxyMount;
  /** `earlier`: an earlier entry of the list; `location`: a `<Location>` ProxyPass, consulted before the list or merged after this one. */
  how: "earlier" | "location";
}

/**
 * Every `ProxyPass`/`ProxyPassMatch` whose URLs another mount serves in its
 * own virtual host: an earlier list entry that covers its path (`ProxyPass /`
 * before `ProxyPass /static/ !`), a `<Location>`-form ProxyPass that covers
 * it (consulted first), or, for a location-form one, a covering `<Location>`
 * merged after it. Decided on sample URLs under the path with the order of
 * `mountServing`; a regex mount only by a prefix that covers its literal start.
 */
export function shadowedMounts(server: ApacheServer): ShadowedMount[] {
  // Once per server: the websocket rule asks for each of a fleet's sites.
  const known = shadowedOf.get(server);
  if (known) return known;
  const out: ShadowedMount[] = [];
  shadowedOf.set(server, out);
  for (const m of proxyMounts(server)) {
    if ((m.via !== "ProxyPass" && m.via !== "ProxyPassMatch") || mountActive(server, m) !== "yes") continue;
    const by = m.path !== null ? shadowBySamples(server, m) : shadowRegex(server, m);
    if (by) out.push({ mount: m, by, how: by.location ? "location" : "earlier" });
  }
  return out;
}

const shadowedOf = new WeakMap<ApacheServer, ShadowedMount[]>();

function shadowBySamples(server: ApacheServer, m: ProxyMount): ProxyMount | null {
  let by: ProxyMount | null = null;
  for (const url of samplesUnder(m.path as string)) {
    const r = mountServing(server, m.entry.vhost, url);
    if (!r || r === m || (by && r !== by)) return null;
    by = r;
  }
  return by;
}

function shadowRegex(server: ApacheServer, m: ProxyMount): ProxyMount | null {
  if (m.location || m.regex === null) return null;
  const list = proxyPassList(server, m.entry.vhost);
  for (const e of list.slice(0, list.indexOf(m))) if (e.path !== null && mountActive(server, e) === "yes" && mountCovers(e, m)) return e;
  const lit = patternLiteral(m.regex).prefix;
  if (!lit.startsWith("/")) return null;
  // The location-form mount that serves URLs starting with the literal (the last merged one that covers it).
  const sample = (lit.endsWith("/") ? lit : lit + "/") + "a";
  const served = mountServing(server, m.entry.vhost, sample);
  if (!served?.location || served.path === null) return null;
  const n = prefixMatch(lit, served.path);
  return n > 0 && (served.path.endsWith("/") || lit[n] === "/") ? served : null;
}
