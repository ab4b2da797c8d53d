/**
 * httpd's read-time idioms the Apache model must follow or leave alone:
 * `${VAR}` from Define in every directive it reads, mod_macro's templates
 * (never in effect where written; a `Use` is unseen), and mod_headers' value
 * expressions (`RequestHeader set NAME expr=...` sets the header).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
import { DiskFs } from "../src/load/fs-facade.js";
import { loadApacheTree, type ApacheTree } from "../src/load/apache.js";
import { PathMap } from "../src/load/path-map.js";
import { proxyMounts } from "../src/model/apache/proxy.js";
import { requestHeaderFor } from "../src/model/apache/request-headers.js";
import { ApacheServer } from "../src/model/apache/server.js";

function server(text: string): ApacheServer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-macro-"));
  const file = path.join(dir, "httpd.conf");
  fs.writeFileSync(file, text);
  return new ApacheServer(loadApacheTree(file, new DiskFs(new PathMap([], dir))) as ApacheTree);
}

test("a Define reaches directive arguments read after it; an environment variable stays as written", () => {
  const s = server(
    "ServerName ${HOST}\nDefine HOST shop.example.com\nDefine BACKEND http://127.0.0.1:8000\n<VirtualHost *:80>\n  ServerName ${HOST}\n  ServerAlias www.${HOST}\n  ProxyPass / ${BACKEND}/\n  ErrorLog ${APACHE_LOG_DIR}/error.log\n</VirtualHost>\n",
  );
  expect(s.directives("ServerName").map((e) => e.node.args[0].value)).toEqual(["${HOST}", "shop.example.com"]);
  expect(s.directives("ServerAlias")[0].node.args[0].value).toBe("www.shop.example.com");
  expect(s.directives("ProxyPass")[0].node.args[1].value).toBe("http://127.0.0.1:8000/");
  // The raw text, which fixes edit, is what was written.
  expect(s.directives("ProxyPass")[0].node.args[1].raw).toBe("${BACKEND}/");
  expect(s.directives("ErrorLog")[0].node.args[0].value).toBe("${APACHE_LOG_DIR}/error.log");
});

test("an unquoted argument whose Define holds blanks is several words to httpd: left as written", () => {
  const s = server('Define NAMES "a.example.com b.example.com"\n<VirtualHost *:80>\n  ServerAlias ${NAMES}\n  ServerAlias "${NAMES}"\n</VirtualHost>\n');
  expect(s.directives("ServerAlias").map((e) => e.node.args[0].value)).toEqual(["${NAMES}", "a.example.com b.example.com"]);
});

test("a <Macro> body is not in effect where it is written; a Use reads it in its place, each parameter replaced", () => {
  const s = server(
    "<Macro Site $name $port>\n  <VirtualHost *:443>\n    ServerName $name\n    ServerAlias www.$name\n    ProxyPass / http://127.0.0.1:$port/\n  </VirtualHost>\n</Macro>\n<Macro Headers>\n  RequestHeader set X-Forwarded-Proto https\n</Macro>\n<VirtualHost *:8443>\n  ServerName a.example.com\n  Use Headers\n  ProxyPass / http://127.0.0.1:9000/\n</VirtualHost>\nUse Site shop.example.com 8001\nuse site blog.example.com 8002\n",
  );
  expect(s.directives("ProxyPass").map((e) => e.node.args[1].value)).toEqual(["http://127.0.0.1:9000/", "http://127.0.0.1:8001/", "http://127.0.0.1:8002/"]);
  expect(s.sections("VirtualHost").map((e) => e.node.args[0].value)).toEqual(["*:8443", "*:443", "*:443"]);
  expect(s.directives("ServerAlias").map((e) => [e.node.args[0].value, e.node.args[0].raw, e.node.range.line])).toEqual([
    ["www.shop.example.com", "www.$name", 4],
    ["www.blog.example.com", "www.$name", 4],
  ]);
  // Each expansion is a host of its own, inside which its directives sit.
  const hosts = s.sections("VirtualHost").map((e) => e.node);
  expect(s.directives("ServerAlias").map((e) => hosts.indexOf(e.vhost as never))).toEqual([1, 2]);
  expect(s.directives("RequestHeader").map((e) => e.vhost)).toEqual([hosts[0]]);
  expect(s.unseenAt(s.directives("ProxyPass")[0].node)).toBe(false);
});

test("a Use httpd would not expand is a place the linter cannot see: an unknown macro, the wrong number of values, a macro that uses itself", () => {
  const unseen = (text: string) => {
    const s = server(`${text}<VirtualHost *:80>\n  ProxyPass / http://127.0.0.1:9000/\n</VirtualHost>\n`);
    return s.unseenAt(s.directives("ProxyPass")[0].node);
  };
  expect(unseen("Use Site shop.example.com 8001\n")).toBe(true);
  expect(unseen("<Macro Site $name $port>\n  ServerName $name\n</Macro>\nUse Site shop.example.com\n")).toBe(true);
  expect(unseen("<Macro Loop>\n  Use Loop\n</Macro>\nUse Loop\n")).toBe(true);
  expect(unseen("<Macro Stupid ''>\n  ServerAdmin x@example.com\n</Macro>\nUse Stupid hello\n")).toBe(true);
  expect(unseen("<Macro Site $name>\n  ServerName $name\n</Macro>\nUse Site shop.example.com\n")).toBe(false);
});

test("a finding in a macro's body has no fix: the body stands for every Use of it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-macro-"));
  const host = "<VirtualHost *:80>\n  WSGIDaemonProcess $name processes=1 threads=15\n  WSGIProcessGroup $name\n</VirtualHost>\n";
  const found = (text: string) => {
    const file = path.join(dir, "httpd.conf");
    fs.writeFileSync(file, text);
    return lintFiles([file], { cwd: dir, only: ["apache/wsgi-daemon-processes-1"] }).results.flatMap((r) => r.messages);
  };
  const inMacro = found(`<Macro Site $name>\n${host}</Macro>\nUse Site shop\nUse Site blog\n`);
  expect(inMacro.map((m) => [m.range.line, m.fix])).toEqual([
    [3, undefined],
    [3, undefined],
  ]);
  // The same host written out has its fix.
  expect(found(host.replace(/\$name/g, "shop")).map((m) => m.fix !== undefined)).toEqual([true]);
});

test("RequestHeader set NAME expr=... sets the header; a condition after the value makes it unsure unless the host's scheme decides it", () => {
  const lookup = (line: string) => {
    const s = server(`<VirtualHost *:80>\n  ${line}\n  ProxyPass / http://127.0.0.1:8000/\n</VirtualHost>\n`);
    const m = proxyMounts(s)[0];
    return requestHeaderFor(s, s.sections("VirtualHost")[0].node, m, ["x-forwarded-proto"]);
  };
  const expr = lookup("RequestHeader set X-Forwarded-Proto expr=%{REQUEST_SCHEME}");
  expect(expr.unsure).toBe(false);
  expect(expr.set?.node.args[2].value).toBe("expr=%{REQUEST_SCHEME}");
  expect(lookup('RequestHeader set X-Forwarded-Proto "https" env=BEHIND_LB').unsure).toBe(true);
  // mod_ssl's HTTPS is never set on this plain host: the line never applies (test/apache-scheme-tests.test.ts).
  expect(lookup('RequestHeader set X-Forwarded-Proto "https" env=HTTPS')).toEqual({ set: null, unsure: false });
  expect(lookup('RequestHeader unset X-Forwarded-Proto "expr=-n %{HTTP:X-Forwarded-Proto}"').unsure).toBe(true);
  expect(lookup("RequestHeader unset X-Forwarded-Proto").cleared).toBeDefined();
});

test("a fragment linted alone reads the definitions files httpd reads before it: earlier names beside it, and conf-enabled before sites", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-prelude-"));
  const write = (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  };
  const load = (entry: string) => {
    const tree = loadApacheTree(path.join(dir, entry), new DiskFs(new PathMap([], dir))) as ApacheTree;
    return { prelude: tree.prelude.map((f) => path.relative(dir, f.path)), server: new ApacheServer(tree) };
  };
  write({
    "deploy/apache/app-defines.conf": "# values for this host\nDefine DOMAIN shop.example.com\nDefine BACKEND \\\n  http://127.0.0.1:8000/\n",
    "deploy/apache/app.conf": "<VirtualHost *:80>\n  ServerName ${DOMAIN}\n  ProxyPass / ${BACKEND}\n  Use Site\n</VirtualHost>\n",
    // Read after app.conf by `Include deploy/apache/*.conf`: its Define comes too late for httpd.
    "deploy/apache/zz-late.conf": "Define BACKEND http://127.0.0.1:9999/\n<Macro Site>\n  ServerAlias www.${DOMAIN}\n</Macro>\n",
    // A neighbour with a host of its own is never mixed in, even for its Define.
    "deploy/apache/api.conf": "Define DOMAIN api.example.com\n<VirtualHost *:80>\n  ServerName api.example.com\n</VirtualHost>\n",
  });
  const app = load("deploy/apache/app.conf");
  expect(app.prelude).toEqual(["deploy/apache/app-defines.conf"]);
  expect(app.server.directives("ServerName")[0].node.args[0].value).toBe("shop.example.com");
  expect(app.server.directives("ProxyPass")[0].node.args[1].value).toBe("http://127.0.0.1:8000/");
  // zz-late.conf's macro is not read yet at the Use (httpd refuses it): the host holds a place the linter cannot see.
  expect(app.server.directives("ServerAlias")).toEqual([]);
  expect(app.server.unseenAt(app.server.directives("ProxyPass")[0].node)).toBe(true);

  write({
    "etc/apache2/conf-enabled/django-macros.conf": "<Macro Site $name>\n  <VirtualHost *:80>\n    ServerName $name\n  </VirtualHost>\n</Macro>\n",
    "etc/apache2/conf-enabled/security.conf": "ServerTokens Prod\n",
    "etc/apache2/sites-enabled/shop.conf": "Use Site shop.example.com\n",
  });
  const site = load("etc/apache2/sites-enabled/shop.conf");
  expect(site.prelude).toEqual(["etc/apache2/conf-enabled/django-macros.conf"]);
  expect(site.server.directives("ServerName").map((e) => [e.node.args[0].value, path.relative(dir, e.node.file)])).toEqual([
    ["shop.example.com", "etc/apache2/conf-enabled/django-macros.conf"],
  ]);

  // Two files defining one name are for different servers (each includes its own): neither is taken.
  write({
    "env/prod-defines.conf": "Define DOMAIN shop.example.com\n",
    "env/staging-defines.conf": "Define DOMAIN staging.shop.example.com\nDefine PORT 8001\n",
    "env/macros.conf": "<Macro Site $name>\n  ServerName $name\n</Macro>\n",
    "env/web.conf": "ServerName ${DOMAIN}\nUse Site a.example.com\n",
  });
  const env = load("env/web.conf");
  expect(env.prelude).toEqual(["env/macros.conf"]);
  expect(env.server.directives("ServerName").map((e) => e.node.args[0].value)).toEqual(["${DOMAIN}", "a.example.com"]);

  // A whole configuration reads what it includes, nothing else.
  write({ "etc/apache2/main.conf": "LoadModule macro_module modules/mod_macro.so\nUse Site shop.example.com\n" });
  expect(load("etc/apache2/main.conf").prelude).toEqual([]);
});

test("a file included twice is substituted with the Defines of each Include, in this server and in another of the run", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-reinclude-"));
  const snippet = "Alias /static/ /srv/${APP}/static/\nProxyPass / http://127.0.0.1:${PORT}/\n";
  fs.writeFileSync(path.join(dir, "django-site.inc"), snippet);
  const site = (app: string, port: number) =>
    `Define APP ${app}\nDefine PORT ${port}\n<VirtualHost *:80>\n  ServerName ${app}.example.com\n  Include ${dir}/django-site.inc\n</VirtualHost>\nUnDefine APP\nUnDefine PORT\n`;
  fs.writeFileSync(path.join(dir, "httpd.conf"), site("chor", 8111) + site("orchester", 8112));
  fs.writeFileSync(path.join(dir, "other.conf"), site("band", 8113));
  const fsys = new DiskFs(new PathMap([], dir));
  const cache = new Map();
  const one = new ApacheServer(loadApacheTree(path.join(dir, "httpd.conf"), fsys, { parseCache: cache }) as ApacheTree);
  const two = new ApacheServer(loadApacheTree(path.join(dir, "other.conf"), fsys, { parseCache: cache }) as ApacheTree);
  const passes = (s: ApacheServer) => s.directives("ProxyPass").map((e) => [e.node.args[1].value, e.node.args[1].raw, e.node.range.line]);
  expect(passes(one)).toEqual([
    ["http://127.0.0.1:8111/", "http://127.0.0.1:${PORT}/", 2],
    ["http://127.0.0.1:8112/", "http://127.0.0.1:${PORT}/", 2],
  ]);
  expect(passes(two)).toEqual([["http://127.0.0.1:8113/", "http://127.0.0.1:${PORT}/", 2]]);
  expect(one.directives("Alias").map((e) => e.node.args[1].value)).toEqual(["/srv/chor/static/", "/srv/orchester/static/"]);
  // Each read is in its own host.
  expect(one.directives("ProxyPass").map((e) => e.vhost?.args[0].value)).toEqual(["*:80", "*:80"]);
  expect(new Set(one.directives("ProxyPass").map((e) => e.vhost)).size).toBe(2);
});
