/**
 * The Apache model's per-host answers that replaced walks over every mount or
 * every directive of a host (src/model/apache/proxy-index.ts,
 * setting-index.ts, per-dir.ts): each answers as the walk did, on a
 * hand-written server with the traps (runs of slashes, exclusions, a regex
 * mount, location-form mounts merged later, a mount under an undecidable
 * condition, server-level entries seen by every host) and on a generated one
 * with a few large hosts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ApacheSection } from "../src/ast/apache.js";
import { byMergeOrder } from "../src/model/apache/merge.js";
import { appliedToProxied } from "../src/model/apache/per-dir.js";
import {
  hostsOfMount,
  locationMatches,
  locationMounts,
  mountActive,
  mountMatches,
  mountsOfHost,
  proxyMounts,
  proxyPassList,
  samplesUnder,
  type ProxyMount,
} from "../src/model/apache/proxy.js";
import { mountServing } from "../src/model/apache/proxy-index.js";
import { preserveHostFor, scopeOfMount } from "../src/model/apache/request-headers.js";
import { ApacheServer, type ApacheEntry } from "../src/model/apache/server.js";
import { hostLevelSetting } from "../src/model/apache/setting-index.js";
// @ts-expect-error: a plain ESM script without type declarations
import { generateTree } from "../bench/generate.mjs";
import { apacheServerOf } from "./support/apache-server.js";

const HAND = `
LoadModule proxy_module modules/mod_proxy.so
ProxyPass /global/ http://127.0.0.1:9000/
ProxyPreserveHost Off
<IfDefine FLAG>
    ProxyPreserveHost On
</IfDefine>
<VirtualHost *:80>
    ServerName a.example.com
    ProxyPass /static/ !
    ProxyPass //double//slash http://127.0.0.1:8001/
    ProxyPass / http://127.0.0.1:8000/
    ProxyPass /late/ http://127.0.0.1:8002/
    ProxyPassMatch "^/re/(.*)$" http://127.0.0.1:8003/$1
    ProxyPass /api http://127.0.0.1:8004/
    ProxyPreserveHost On
    <Location /loc/>
        ProxyPass http://127.0.0.1:8005/
    </Location>
    <Location /loc/inner/>
        ProxyPass http://127.0.0.1:8006/
    </Location>
    <IfDefine OTHER>
        ProxyPass /maybe/ http://127.0.0.1:8007/
    </IfDefine>
</VirtualHost>
<VirtualHost *:80>
    ServerName b.example.com
    ProxyPassMatch "^/(a|b)/" http://127.0.0.1:8100/
    ProxyPass /a/x/ http://127.0.0.1:8101/
    ProxyPass /b http://127.0.0.1:8102/
    ProxyPreserveHost On
    ProxyPreserveHost Off
</VirtualHost>
`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-proxy-index-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let built: [string, ApacheServer][] | null = null;
function servers(): [string, ApacheServer][] {
  if (built) return built;
  const hand = path.join(tmp, "hand", "apache2.conf");
  fs.mkdirSync(path.dirname(hand), { recursive: true });
  fs.writeFileSync(hand, HAND);
  const fat = (generateTree as (o: object) => { entry: string })({ dialect: "apache", variant: "fat", sites: 40, dir: path.join(tmp, "fat") });
  return (built = [
    ["hand-written", apacheServerOf(hand)],
    ["generated, few large hosts", apacheServerOf(fat.entry)],
  ]);
}

/** mountServing as it was: a walk over every mount of the host. */
function servingWalk(server: ApacheServer, vhost: ApacheSection | null, url: string): ProxyMount | null | undefined {
  let fromLocation: ProxyMount | null = null;
  for (const m of locationMounts(server, vhost)) {
    const hit = locationMatches(server, m.location as ApacheSection, url);
    const active = mountActive(server, m);
    if (active === "no" || hit === false) continue;
    if (hit === null || active === "unknown") return undefined;
    fromLocation = m;
  }
  if (fromLocation) return fromLocation;
  for (const m of proxyPassList(server, vhost)) {
    const hit = mountMatches(m, url);
    const active = mountActive(server, m);
    if (active === "no" || hit === false) continue;
    if (hit === null || active === "unknown") return undefined;
    return m;
  }
  return null;
}

/** appSetting's host-level part as it was: every such directive, merge-sorted, the last one winning. */
function hostLevelWalk(server: ApacheServer, name: string, vhost: ApacheSection | null) {
  const applying = server.directives(name).filter((e) => e.scope === null || (vhost !== null && e.scope === vhost));
  applying.sort(byMergeOrder);
  return { winner: applying.length ? (applying[applying.length - 1] as ApacheEntry) : null, unknown: applying.some((e) => e.active === "unknown") };
}

describe.each(servers())("%s server", (_, server) => {
  const hosts = [null, ...server.sections("VirtualHost").map((v) => v.node)];

  test("mountsOfHost is every mount filtered by the hosts it is placed in, in the same order", () => {
    let placed = 0;
    for (const h of hosts) {
      const filtered = proxyMounts(server).filter((m) => hostsOfMount(server, m).includes(h));
      placed += filtered.length;
      expect(mountsOfHost(server, h)).toEqual(filtered);
    }
    expect(placed).toBeGreaterThan(hosts.length);
  });

  test("mountServing answers as the walk over every mount of the host, for every sample URL of every mount", () => {
    const urls = new Set([
      "/",
      "//",
      "/nothing",
      "/re/x",
      "/re",
      "/a/",
      "/a/x/y",
      "/b",
      "/bb",
      "/loc",
      "/loc/",
      "/loc/inner/z",
      "//double/slash/x",
      "/double/slash",
      "/global//x",
    ]);
    for (const m of proxyMounts(server)) {
      for (const p of [m.path, m.location?.args[0]?.value]) if (p) for (const u of [...samplesUnder(p), p + "x", p.replace(/\//g, "//")]) urls.add(u);
    }
    let decided = 0;
    for (const vhost of hosts)
      for (const url of urls) {
        const want = servingWalk(server, vhost, url);
        if (want) decided++;
        expect({ host: vhost?.args[0]?.raw ?? null, url, same: mountServing(server, vhost, url) === want }).toMatchObject({ same: true });
      }
    expect(decided).toBeGreaterThan(10);
  });

  test("hostLevelSetting is the last host-level directive in merge order, and unknown when one of them is", () => {
    for (const vhost of hosts)
      for (const name of ["ProxyPreserveHost", "WSGIPassAuthorization", "WSGIApplicationGroup", "WSGIProcessGroup"]) {
        const want = hostLevelWalk(server, name, vhost);
        const got = hostLevelSetting(server, name, vhost);
        expect({ name, winner: got.winner === want.winner, unknown: got.unknown }).toEqual({ name, winner: true, unknown: want.unknown });
      }
  });

  test("preserveHostFor folds the directives applied to the mount's requests, as a fold over appliedToProxied does", () => {
    for (const m of proxyMounts(server))
      for (const vhost of m.entry.vhost ? [m.entry.vhost] : hosts) {
        let on = false;
        let via: ApacheEntry | null = null;
        let unsure = false;
        for (const a of appliedToProxied(server, vhost, scopeOfMount(m), ["ProxyPreserveHost"])) {
          const v = a.entry.node.args[0]?.value.toLowerCase();
          if (v !== "on" && v !== "off") continue;
          if (!a.sure) {
            if (v === "on") unsure = true;
            continue;
          }
          on = v === "on";
          via = a.entry;
        }
        const got = preserveHostFor(server, vhost, m);
        expect({ on: got.on, via: got.via === via, unsure: got.unsure }).toEqual({ on, via: true, unsure });
      }
  });
});
