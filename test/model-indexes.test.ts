/**
 * The nginx and lighttpd models' per-server lookups that replaced walks done
 * per question (locationAt/serverAt by scope, the addresses nginx listens on
 * for backToThisNginx, the contexts that set an option for optionAtUrl) answer
 * as the walks did, on hand-written servers with the traps and on generated
 * ones with many servers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dialectNamed } from "../src/dialects/registry.js";
import { DiskFs } from "../src/load/fs-facade.js";
import { PathMap } from "../src/load/path-map.js";
import type { ServerTree } from "../src/load/tree.js";
import { parseBackend, isLoopback } from "../src/model/nginx/addresses.js";
import { backToThisNginx } from "../src/model/nginx/backends.js";
import { locationAt, serverAt } from "../src/model/nginx/location-match.js";
import type { NginxServer, Scope } from "../src/model/nginx/server.js";
import { contextApplies, optionAtUrl } from "../src/model/lighttpd/request.js";
import { DIR_LISTING_KEYS } from "../src/model/lighttpd/served.js";
import type { LighttpdServer, Setting } from "../src/model/lighttpd/server.js";
import type { Dialect } from "../src/rule-api.js";
// @ts-expect-error: a plain ESM script without type declarations
import { generateTree } from "../bench/generate.mjs";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-model-indexes-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function model(dialect: Dialect, entry: string) {
  const support = dialectNamed(dialect);
  if (!support) throw new Error(dialect);
  const cwd = path.dirname(entry);
  const tree = support.load(entry, fs.readFileSync(entry, "utf8"), new DiskFs(new PathMap([], cwd)), {}, new Map());
  if ("error" in tree) throw new Error(tree.error);
  return support.model(tree as ServerTree, {});
}

function written(name: string, text: string): string {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

const gen = (dialect: Dialect, variant: string, sites: number) =>
  (generateTree as (o: object) => { entry: string })({ dialect, variant, sites, dir: path.join(tmp, `${dialect}-${variant}`) }).entry;

const NGINX = `events {}
http {
    upstream self { server 127.0.0.1:8080; }
    upstream app { server 127.0.0.1:9000; server unix:/run/app.sock; }
    server {
        listen 127.0.0.1:8080;
        listen unix:/run/nginx.sock;
        location / { proxy_pass http://127.0.0.1:8080; }
        location /a/ { proxy_pass http://self; if ($x) { proxy_pass http://localhost:8080; } }
        location /b/ { location /b/c/ { uwsgi_pass unix:/run/nginx.sock; } }
    }
    server {
        listen 8081;
        location / { proxy_pass http://app; }
        location /d/ { proxy_pass http://127.0.0.2:8081/; }
        location /e/ { proxy_pass http://[::1]:80; }
        location /f/ { proxy_pass http://localhost; }
    }
    server {
        listen [::]:80;
        location / { uwsgi_pass unix:/run/other.sock; }
    }
}
`;

describe.each([
  ["hand-written", () => written("nginx/nginx.conf", NGINX)],
  ["generated, few large servers", () => gen("nginx", "fat", 40)],
  ["generated, a server a site", () => gen("nginx", "single", 30)],
])("nginx, %s", (_, entry) => {
  const server = model("nginx", entry()) as NginxServer;
  const scopes: Scope[] = [];
  for (const stack = [server.main]; stack.length;) {
    const s = stack.pop() as Scope;
    scopes.push(s);
    stack.push(...s.children);
  }

  test("locationAt and serverAt find what a search of every location and server finds", () => {
    for (const scope of scopes) {
      let loc = null;
      for (let s: Scope | null = scope; s; s = s.parent)
        if (s.kind === "location") {
          loc = server.locations.find((l) => l.scope === s) ?? null;
          break;
        }
      let vs = null;
      for (let s: Scope | null = scope; s; s = s.parent)
        if (s.kind === "server") {
          vs = server.servers.find((v) => v.scope === s) ?? null;
          break;
        }
      expect(locationAt(server, scope)).toBe(loc);
      expect(serverAt(server, scope)).toBe(vs);
    }
    expect(scopes.filter((s) => s.kind === "location").length).toBeGreaterThan(5);
  });

  test("backToThisNginx answers as the comparison with every listen did", () => {
    const own = server.servers.flatMap((vs) => vs.listens.map((l) => l.address));
    let passes = 0;
    for (const [name, kind] of [
      ["proxy_pass", "proxy"],
      ["uwsgi_pass", "uwsgi"],
    ] as const)
      for (const e of server.directives(name)) {
        const b = parseBackend(kind, e.node.args[0] as never);
        const addrs = server.addressesOf(b);
        const walk =
          addrs.length > 0 &&
          addrs.every((a) =>
            own.some((l) =>
              a.unix !== null
                ? l.unix === a.unix
                : a.host !== null &&
                  isLoopback(a.host) &&
                  l.unix === null &&
                  l.port === (a.port ?? 80) &&
                  (l.host === "*" || l.host === "[::]" || isLoopback(l.host)),
            ),
          );
        expect({ at: e.node.args[0]?.value, back: backToThisNginx(server, b) }).toEqual({ at: e.node.args[0]?.value, back: walk });
        passes++;
      }
    expect(passes).toBeGreaterThan(5);
  });
});

const LIGHTTPD = `server.modules = ( "mod_alias", "mod_dirlisting" )
server.document-root = "/srv/www"
server.port = 8080
dir-listing.activate = "disable"
alias.url = ( "/media/" => "/srv/media/", "/static/" => "/srv/static/" )
$HTTP["url"] =~ "^/media/" {
    dir-listing.activate = "enable"
    $HTTP["url"] =~ "^/media/private/" {
        server.dir-listing = "disable"
    }
}
$HTTP["host"] == "a.example.com" {
    $HTTP["url"] =~ "^/static/" {
        dir-listing.activate = "enable"
    }
}
$HTTP["host"] =~ "b" {
    dir-listing.activate = "enable"
}
$HTTP["host"] == "c.example.com" {
    dir-listing.activate = "enable"
    $HTTP["url"] =^ "/media/" {
        dir-listing.activate = "disable"
    }
    $HTTP["url"] =~ "^/media/up?loads" {
        dir-listing.activate = "enable"
    }
    $HTTP["url"] =~ "^/stat\\.ic/|^/media/" {
        dir-listing.activate = "enable"
    }
    $HTTP["url"] !~ "^/media/" {
        dir-listing.activate = "disable"
    }
    $HTTP["url"] =~ "^/media/p" {
        server.dir-listing = "enable"
    }
    else $HTTP["url"] == "/static/a.css" {
        dir-listing.activate = "disable"
    }
    else {
        dir-listing.activate = "enable"
    }
}
$HTTP["host"] == "d.example.com" {
    dir-listing.activate = "enable"
    $HTTP["url"] =^ "/media/" {
        dir-listing.activate = "disable"
    }
}
$HTTP["url"] =^ "/media/private/" {
    dir-listing.activate = "enable"
}
$HTTP["host"] == "c.example.com" {
    $HTTP["url"] =~ "(" {
        dir-listing.activate = "disable"
    }
}
`;

describe.each([
  ["hand-written", () => written("lighttpd/lighttpd.conf", LIGHTTPD)],
  ["generated, few large hosts", () => gen("lighttpd", "fat", 40)],
  ["generated, a host a site", () => gen("lighttpd", "single", 40)],
])("lighttpd, %s", (_, entry) => {
  const server = model("lighttpd", entry()) as LighttpdServer;

  test("optionAtUrl answers as the walk over every context did", () => {
    const same = (a: Setting, b: Setting | undefined) =>
      b !== undefined && a.value.type === "string" && b.value.type === "string" && a.value.value === b.value.value;
    // The hand-written URLs, and the generated applications' prefixes (the contexts' URL tests as written).
    const urls = ["/", "/media/", "/media/private/x", "/media/uploads", "/media/ploads", "/stat.ic/", "/static/a.css", "/other", "/media/p"];
    for (const ctx of server.contexts)
      for (const b of ctx.blocks) if (b.test?.pattern?.kind === "arg") urls.push(b.test.pattern.value.replace(/^\^/, "") + "media/");
    for (const keys of [DIR_LISTING_KEYS, ["alias.url"], ["server.document-root"]])
      for (const base of server.contexts)
        for (const url of urls) {
          let setting: Setting | undefined;
          let unsure = false;
          for (const ctx of server.contexts) {
            const own = keys.map((k) => ctx.settings.get(k)).filter((s): s is Setting => s !== undefined);
            if (!own.length) continue;
            const applies = contextApplies(ctx, base, url);
            if (applies === "no") continue;
            const last = own[own.length - 1] as Setting;
            if (applies === "unknown") {
              if (!same(last, setting)) unsure = true;
              continue;
            }
            setting = last;
          }
          expect(optionAtUrl(server, base, url, keys)).toEqual({ setting, unsure });
        }
  });
});
