/**
 * The Apache model's per-server indexes (src/model/apache/cover-index.ts,
 * alias-index.ts) answer as the walks they replace did: every section or
 * directive the per-application walk could find applying is among what the
 * index returns, and the alias found for a rewrite prefix is the one the walk
 * over every alias found. Checked on a hand-written server with the traps
 * (nested sections, wildcards, regex forms, <Files> at host level, trailing
 * slashes, two hosts, server level) and on a generated one with many hosts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ApacheSection } from "../src/ast/apache.js";
import { aliasCovering } from "../src/model/apache/alias-index.js";
import { directivesNear, sectionsNear } from "../src/model/apache/cover-index.js";
import { ApacheServer } from "../src/model/apache/server.js";
import { normalizeUrl, urlUnder } from "../src/model/apache/urls.js";
import { hostWsgiApps, sectionsCover, wsgiApps } from "../src/model/apache/wsgi-apps.js";
// @ts-expect-error: a plain ESM script without type declarations
import { generateTree } from "../bench/generate.mjs";
import { apacheServerOf } from "./support/apache-server.js";

const HAND = `
LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so
<Directory />
    Require all denied
</Directory>
<Files "wsgi.py">
    Require all granted
</Files>
WSGIApplicationGroup %{GLOBAL}
Alias /shared/ /srv/shared/
<VirtualHost *:80>
    ServerName a.example.com
    WSGIScriptAlias / /srv/a/app/wsgi.py
    WSGIScriptAlias /sub /srv/a/sub/wsgi.py
    WSGIScriptAlias /other/ /srv/a/other/
    Alias /static/ /srv/a/static/
    Alias /media /srv/a/media
    Alias /static/img/ /srv/a/img/
    <Directory /srv/a/app>
        <Files wsgi.py>
            Require all granted
        </Files>
        WSGIPassAuthorization On
    </Directory>
    <Directory /srv/*/sub>
        Require all granted
        WSGIProcessGroup sub
    </Directory>
    <DirectoryMatch "^/srv/a/(sub|other)">
        Require ip 10.0.0.0/8
    </DirectoryMatch>
    <Location /sub/admin/>
        Require ip 10.1.0.0/16
        WSGIApplicationGroup admin
    </Location>
    <Location />
        Require all granted
    </Location>
    <LocationMatch "^/other/">
        Require all granted
    </LocationMatch>
    <Files "*.py">
        Require all granted
    </Files>
    <FilesMatch "\\.wsgi$">
        Require all granted
    </FilesMatch>
    <If "%{HTTP_HOST} == 'x'">
        Require all granted
    </If>
    <IfModule wsgi_module>
        <Location /sub>
            WSGIPassAuthorization Off
        </Location>
    </IfModule>
</VirtualHost>
<VirtualHost *:80>
    ServerName b.example.com
    WSGIScriptAlias /b /srv/b/wsgi.py
    Alias /b/static /srv/b/static
    <Location /b>
        Require all granted
    </Location>
    <Directory /srv/b>
        <Files other.py>
            Require all granted
        </Files>
    </Directory>
</VirtualHost>
`;

const GRANTS = ["Directory", "DirectoryMatch", "Files", "FilesMatch", "Location", "LocationMatch", "If", "ElseIf", "Else"];
const SETTINGS = ["WSGIApplicationGroup", "WSGIProcessGroup", "WSGIPassAuthorization"];

// Made when the file loads: describe.each needs the servers while the tests are collected.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-indexes-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let built: [string, ApacheServer][] | null = null;
function servers(): [string, ApacheServer][] {
  if (built) return built;
  const hand = path.join(tmp, "hand", "apache2.conf");
  fs.mkdirSync(path.dirname(hand), { recursive: true });
  fs.writeFileSync(hand, HAND);
  const fat = (generateTree as (o: object) => { entry: string })({ dialect: "apache", variant: "fat", sites: 40, dir: path.join(tmp, "fat") });
  const single = (generateTree as (o: object) => { entry: string })({ dialect: "apache", variant: "single", sites: 20, dir: path.join(tmp, "single") });
  return (built = [
    ["hand-written", apacheServerOf(hand)],
    ["generated, few large hosts", apacheServerOf(fat.entry)],
    ["generated, a host a site", apacheServerOf(single.entry)],
  ]);
}

describe.each(servers())("%s server", (_, server) => {
  const apps = wsgiApps(server);

  test("has applications to ask about", () => {
    expect(apps.length).toBeGreaterThan(2);
  });

  test("sectionsNear returns every section the walk over all sections finds applying", () => {
    let applying = 0;
    for (const app of apps) {
      const near = new Set(sectionsNear(server, GRANTS, { vhost: app.entry.vhost, dir: app.dir, url: app.url, script: app.script }));
      for (const name of GRANTS)
        for (const s of server.sections(name)) {
          if (s.vhost !== null && s.vhost !== app.entry.vhost) continue;
          if (sectionsCover([...s.sections, s.node], app) === false) continue;
          applying++;
          expect({ app: app.url, section: `${s.node.name} ${s.node.args.map((a) => a.raw).join(" ")}`, found: near.has(s) }).toMatchObject({ found: true });
        }
    }
    expect(applying).toBeGreaterThan(apps.length);
  });

  test("sectionsSeenBy and directivesSeenBy are the walk's filter by host, in read order", () => {
    const hosts = [null, ...server.sections("VirtualHost").map((v) => v.node)];
    let seen = 0;
    for (const vhost of hosts) {
      for (const name of [...GRANTS, "VirtualHost"]) {
        const walked = server.sections(name).filter((s) => s.vhost === null || s.vhost === vhost);
        expect(server.sectionsSeenBy(name, vhost).map((e) => e.order)).toEqual(walked.map((e) => e.order));
        seen += walked.length;
      }
      for (const name of [...SETTINGS, "Alias", "RewriteEngine"])
        expect(server.directivesSeenBy(name, vhost).map((e) => e.order)).toEqual(
          server
            .directives(name)
            .filter((e) => e.vhost === null || e.vhost === vhost)
            .map((e) => e.order),
        );
    }
    expect(seen).toBeGreaterThan(hosts.length);
  });

  test("directivesNear returns every directive the walk finds at host level or in sections applying", () => {
    for (const app of apps)
      for (const name of SETTINGS) {
        const near = new Set(directivesNear(server, name, { vhost: app.entry.vhost, dir: app.dir, url: app.url, script: app.script }));
        for (const e of server.directives(name)) {
          if (e.vhost !== null && e.vhost !== app.entry.vhost) continue;
          const hostLevel = e.scope === null || e.scope.key === "virtualhost";
          if (!hostLevel && sectionsCover(e.sections, app) === false) continue;
          expect({ app: app.url, directive: `${e.node.name} line ${e.node.range.line}`, found: near.has(e) }).toMatchObject({ found: true });
        }
      }
  });
});

/** The walk aliasCovering replaced (rules/apache/rewrite-alias-needs-pt.ts before the index). */
function walk(server: ApacheServer, name: string, vhost: ApacheSection | null, prefix: string, complete: boolean) {
  for (const a of server.directives(name)) {
    if ((a.vhost !== null && a.vhost !== vhost) || a.node.args.length !== 2 || (a.scope !== null && a.scope !== a.vhost)) continue;
    const url = a.node.args[0].value;
    if (!url.startsWith("/") || normalizeUrl(url) === "/") continue;
    const covered = url.endsWith("/") ? (prefix + (complete ? "" : "/")).startsWith(url) || prefix.startsWith(url) : urlUnder(prefix, url);
    if (covered) return a;
  }
  return null;
}

test("aliasCovering finds the alias the walk over every alias found", () => {
  const [, hand] = servers()[0] as [string, ApacheServer];
  const hosts = [null, ...hand.sections("VirtualHost").map((v) => v.node)];
  const urls = hand.directives("Alias").map((a) => a.node.args[0].value);
  const prefixes = [
    "/",
    "/static",
    "/static/",
    "/static/img",
    "/static/img/x",
    "/staticx",
    "/media",
    "/media/",
    "/mediax/y",
    "/b/static/a",
    "/shared",
    "/shared/x",
    "/nothing",
  ];
  for (const u of urls) prefixes.push(u, u + "x", u + "/x", u.replace(/\/$/, ""), u + "//y");
  let found = 0;
  for (const vhost of hosts)
    for (const prefix of prefixes)
      for (const complete of [true, false]) {
        const want = walk(hand, "Alias", vhost, prefix, complete);
        if (want) found++;
        expect({ prefix, complete, got: aliasCovering(hand, "Alias", vhost, prefix, complete) === want }).toMatchObject({ got: true });
      }
  expect(found).toBeGreaterThan(10);
});

describe("the WSGI applications a virtual host runs", () => {
  // httpd merges the main server's per-server configuration into each virtual host (core.c, merge_server_configs;
  // mod_wsgi's WSGIScriptAlias is a per-server alias list): a host runs the main server's mounts at URLs it does not
  // mount itself.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-host-apps-")), "httpd.conf");
  fs.writeFileSync(
    file,
    [
      "WSGIScriptAlias / /srv/main/app/wsgi.py",
      "WSGIScriptAlias /api /srv/main/api/wsgi.py",
      "<VirtualHost *:80>",
      "    ServerName bare.example.com",
      "</VirtualHost>",
      "<VirtualHost *:8080>",
      "    ServerName own.example.com",
      "    WSGIScriptAlias / /srv/own/app/wsgi.py",
      "</VirtualHost>",
      "",
    ].join("\n"),
  );
  const server = apacheServerOf(file);
  afterAll(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  const [bare, own] = server.sections("VirtualHost").map((v) => v.node);
  const scripts = (v: ApacheSection | null) => hostWsgiApps(server, v).map((a) => `${a.url} ${a.script}`);
  test("its own mounts first, then the main server's at other URLs", () => {
    expect(scripts(bare)).toEqual(["/ /srv/main/app/wsgi.py", "/api /srv/main/api/wsgi.py"]);
    expect(scripts(own)).toEqual(["/ /srv/own/app/wsgi.py", "/api /srv/main/api/wsgi.py"]);
    expect(scripts(null)).toEqual(["/ /srv/main/app/wsgi.py", "/api /srv/main/api/wsgi.py"]);
  });
});
