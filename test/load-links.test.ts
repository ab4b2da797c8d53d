/**
 * Symbolic links in a server tree, as the servers follow them. Debian's
 * instructions enable a site with `ln -s /etc/nginx/sites-available/shop
 * /etc/nginx/sites-enabled/` (an absolute target), and a copy of /etc (cp -a,
 * tar, an etckeeper repository) keeps the link as it is: read through --map,
 * the link leads to the copy's sites-available, not to this machine's /etc.
 * A link left behind by a removed site makes nginx, httpd's Include and
 * lighttpd refuse to start (checked with nginx 1.22, httpd 2.4.62 and
 * lighttpd 1.4.69: `open() ... failed`, "Could not open configuration file",
 * "opening configfile ... failed"); IncludeOptional passes over it.
 * The trees are made here: a link's target is an absolute path of the test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
import { DiskFs } from "../src/load/fs-facade.js";
import { PathMap } from "../src/load/path-map.js";
import { cli } from "./support/cli.js";

let dir: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-links-")));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}
function link(rel: string, target: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.symlinkSync(target, path.join(dir, rel));
}
const messages = (files: string[], opts: Parameters<typeof lintFiles>[1] = {}) =>
  lintFiles(files, { cwd: dir, ...opts }).results.flatMap((r) => r.messages.map((m) => ({ ...m, file: path.relative(dir, r.filePath) })));

const SITE = "server {\n    listen 80;\n    server_name shop.example;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n";

describe("an absolute link inside a mapped tree", () => {
  test("leads to the copy's file, through the map", () => {
    write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n");
    write("etc/nginx/sites-available/shop", SITE);
    link("etc/nginx/sites-enabled/shop", "/etc/nginx/sites-available/shop");
    const found = messages(["etc/nginx/nginx.conf"], { map: [{ from: "/etc/nginx", to: "etc/nginx" }] });
    // The site's location that proxies without a Host header (nginx/proxy-missing-host-header: "This block
    // proxies"), line 4, is in the copy's file.
    const host = found.filter((m) => m.ruleId === "nginx/proxy-missing-host-header");
    expect(host.map((m) => [m.file, m.range.line])).toEqual([["etc/nginx/sites-available/shop", 4]]);
    expect(found.filter((m) => m.ruleId === "include-not-found")).toEqual([]);
  });

  test("never to a file of the same name on this machine", () => {
    const fsys = new DiskFs(new PathMap([{ from: "/etc", to: path.join(dir, "etc") }], dir));
    write("etc/hostname.copy", "the copy\n");
    link("etc/hostname", "/etc/hostname.copy");
    // /etc/hostname exists on this machine: the link is followed in the copy all the same.
    expect(fsys.local("/etc/hostname")).toBe(path.join(dir, "etc/hostname.copy"));
    expect(fsys.read("/etc/hostname").text).toBe("the copy\n");
  });

  test("directories too, and links to links, relative ones included: a file is known where it is written", () => {
    write("srv/releases/42/shop/wsgi.py", "application = None\n");
    link("srv/current", "/srv/releases/42");
    link("srv/releases/42/app", "shop");
    const fsys = new DiskFs(new PathMap([{ from: "/srv", to: path.join(dir, "srv") }], dir));
    expect(fsys.local("/srv/current/shop/wsgi.py")).toBe(path.join(dir, "srv/releases/42/shop/wsgi.py"));
    expect(fsys.kind("/srv/current/app/wsgi.py")).toBe("file");
    expect(fsys.local("/srv/current/app/wsgi.py")).toBe(path.join(dir, "srv/releases/42/shop/wsgi.py"));
    expect(fsys.list("/srv/current")).toEqual(["app", "shop"]);
  });

  test("a map of the root (`/=./host`, a whole server's copy) takes every server path; the copy's own paths stay local", () => {
    write("host/etc/nginx/sites-available/shop", SITE);
    link("host/etc/nginx/sites-enabled/shop", "/etc/nginx/sites-available/shop");
    write("host/srv/shop/app/manage.py", "");
    const fsys = new DiskFs(new PathMap([PathMap.parseSpec("/=host")], dir));
    expect(fsys.local("/srv/shop/app/manage.py")).toBe(path.join(dir, "host/srv/shop/app/manage.py"));
    expect(fsys.kind("/srv/shop/app")).toBe("dir");
    // A file of the copy named by its local path is that file, its absolute link followed in the copy.
    expect(fsys.local(path.join(dir, "host/etc/nginx/sites-enabled/shop"))).toBe(path.join(dir, "host/etc/nginx/sites-available/shop"));
    expect(fsys.serverPath(path.join(dir, "host/srv/shop/app/manage.py"))).toBe("/srv/shop/app/manage.py");
  });

  test("Debian's relative sites-enabled link: the finding is in sites-available, where the site is written", () => {
    write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n");
    write("etc/nginx/sites-available/shop", SITE);
    link("etc/nginx/sites-enabled/shop", "../sites-available/shop");
    const args = ["--map", "/etc/nginx=etc/nginx", "-f", "json", "etc/nginx/nginx.conf"];
    const linted = JSON.parse(cli(args, { cwd: dir }).stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const site = linted.filter((r) => r.messages.some((m) => m.ruleId === "nginx/proxy-missing-host-header"));
    expect(site.map((r) => path.relative(dir, r.filePath))).toEqual(["etc/nginx/sites-available/shop"]);
  });

  test("a link of the copy named on the command line is that copy's file, for the report and for --fix", () => {
    // The copy (case/) of a server tree kept at `host`, which exists on this machine too: its file must stay as it is.
    const host = path.join(dir, "host");
    write("host/sites-available/shop", SITE);
    write("case/sites-available/shop", SITE);
    link("case/sites-enabled/shop", `${host}/sites-available/shop`);
    const args = ["--map", `${host}=case`, "-f", "json", "case/sites-enabled/shop"];
    const linted = JSON.parse(cli(args, { cwd: dir }).stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    expect(linted.map((r) => path.relative(dir, r.filePath))).toEqual(["case/sites-available/shop"]);
    expect(linted[0].messages.map((m) => m.ruleId)).toContain("nginx/proxy-missing-host-header");
    expect(cli([...args, "--fix", "--unsafe-fixes"], { cwd: dir }).code).not.toBe(2);
    expect(fs.readFileSync(path.join(dir, "case/sites-available/shop"), "utf8")).toContain("proxy_set_header Host $host;");
    expect(fs.readFileSync(path.join(host, "sites-available/shop"), "utf8")).toBe(SITE);
  });

  test("a link this machine cannot follow, named on the command line, is read through the map (no usage error)", () => {
    // Debian's `uwsgi` enabling an app: apps-enabled/shop.ini -> /etc/uwsgi/apps-available/shop.ini, absent here.
    write("etc/uwsgi/apps-available/shop.ini", "[uwsgi]\nsocket = 127.0.0.1:3031\nmodule = shop.wsgi\n");
    link("etc/uwsgi/apps-enabled/shop.ini", "/etc/uwsgi/apps-available/shop.ini");
    write("etc/nginx/site.conf", "server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:3031;\n    }\n}\n");
    const args = ["--map", "/etc/uwsgi=etc/uwsgi", "-f", "json", "etc/nginx/site.conf", "etc/uwsgi/apps-enabled/shop.ini"];
    const r = cli(args, { cwd: dir });
    expect(r.code).not.toBe(2);
    const ids = (JSON.parse(r.stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));
    // The uWSGI socket speaks the uwsgi protocol, which proxy_pass does not: read, so compared.
    expect(ids).toContain("django/backend-protocol-mismatch");
  });

  test("a loop of absolute links ends, and reads as missing", () => {
    link("etc/a", "/etc/b");
    link("etc/b", "/etc/a");
    const fsys = new DiskFs(new PathMap([{ from: "/etc", to: path.join(dir, "etc") }], dir));
    expect(fsys.read("/etc/a").text).toBeUndefined();
  });
});

describe("an include that matches a link to nothing", () => {
  test("nginx refuses to start", () => {
    const conf = write("nginx.conf", `events {}\nhttp {\n    include ${dir}/sites-enabled/*;\n}\n`);
    write("sites-enabled/live", SITE);
    link("sites-enabled/old", `${dir}/sites-available/old`);
    const found = messages([conf]).filter((m) => m.ruleId === "include-not-found");
    expect(found.map((m) => [m.file, m.range.line, m.severity])).toEqual([["nginx.conf", 3, "warning"]]);
    expect(found[0].message).toContain(
      `matches ${dir}/sites-enabled/old, a symbolic link to ${dir}/sites-available/old, which does not exist: nginx refuses to start`,
    );
  });

  test("httpd's Include refuses it, IncludeOptional passes over it", () => {
    link("sites-enabled/old.conf", `${dir}/sites-available/old.conf`);
    const strict = write("strict.conf", `ServerRoot ${dir}\nInclude sites-enabled/*.conf\n`);
    const optional = write("optional.conf", `ServerRoot ${dir}\nIncludeOptional sites-enabled/*.conf\n`);
    const found = messages([strict, optional]).filter((m) => m.ruleId === "include-not-found");
    expect(found.map((m) => [m.file, m.range.line])).toEqual([["strict.conf", 2]]);
    expect(found[0].message).toContain("which does not exist: httpd refuses to start");
  });

  test("lighttpd refuses to start", () => {
    const conf = write("lighttpd.conf", `server.document-root = "/var/www"\ninclude "${dir}/conf-enabled/*.conf"\n`);
    link("conf-enabled/10-old.conf", "../conf-available/10-old.conf");
    const found = messages([conf]).filter((m) => m.ruleId === "include-not-found");
    expect(found.map((m) => [m.file, m.range.line])).toEqual([["lighttpd.conf", 2]]);
    expect(found[0].message).toContain("a symbolic link to ../conf-available/10-old.conf, which does not exist: lighttpd refuses to start");
  });

  test("a copy's link to a production path no --map covers is not a verdict", () => {
    write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include sites-enabled/*;\n}\n");
    link("etc/nginx/sites-enabled/shop", "/etc/nginx/sites-available/djlint-conf-test-shop");
    const found = messages(["etc/nginx/nginx.conf"]).filter((m) => m.ruleId === "include-not-found");
    expect(found.map((m) => m.severity)).toEqual(["info"]);
    expect(found[0].message).toContain("which is not on this machine (map it to a local copy with --map)");
  });
});
