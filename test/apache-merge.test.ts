/**
 * httpd's merge order, the one the Apache model answers "which directive
 * wins" with (src/model/apache/merge.ts): server level, virtual host, then
 * <Directory> (shortest path first), <DirectoryMatch>, <Files>, <Location>;
 * a virtual host's sections after the main server's; read order last. Before
 * there were three orders: read order (the model's `effective`), a rank
 * without path length (mod_python's), and a rank without the virtual host's
 * place (mod_wsgi's); these cases are where they disagreed with httpd.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DiskFs } from "../src/load/fs-facade.js";
import { loadApacheTree, type ApacheTree } from "../src/load/apache.js";
import { PathMap } from "../src/load/path-map.js";
import { directoryAccess } from "../src/model/apache/access.js";
import { lastInEffect, entryContext } from "../src/model/apache/modpython.js";
import { compareMergeKeys, mergeKey } from "../src/model/apache/merge.js";
import { ApacheServer } from "../src/model/apache/server.js";
import { appSetting, wsgiApps } from "../src/model/apache/wsgi-apps.js";

function server(text: string): ApacheServer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-merge-"));
  const file = path.join(dir, "httpd.conf");
  fs.writeFileSync(file, text);
  return new ApacheServer(loadApacheTree(file, new DiskFs(new PathMap([], dir))) as ApacheTree);
}

test("a virtual host's directive wins over a server-level one read after it", () => {
  const s = server("<VirtualHost *:80>\n  WSGIProcessGroup host\n  WSGIScriptAlias / /srv/app/wsgi.py\n</VirtualHost>\nWSGIProcessGroup main\n");
  const alias = s.directives("WSGIScriptAlias")[0];
  expect(s.directivesInEffect("WSGIProcessGroup", alias).map((e) => e.node.args[0].value)).toEqual(["main", "host"]);
  expect(appSetting(s, wsgiApps(s)[0], "WSGIProcessGroup").winner?.node.args[0].value).toBe("host");
});

test("a longer <Directory> path wins over a shorter one read after it", () => {
  const s = server("<Directory /srv/a/b>\n  PythonDebug On\n</Directory>\n<Directory /srv/a>\n  PythonDebug Off\n</Directory>\n");
  const inner = s.directives("PythonDebug")[0];
  expect(lastInEffect(s, "PythonDebug", entryContext(inner))?.node.args[0].value).toBe("On");
});

test("a virtual host's <Location> wins over the main server's read after it", () => {
  const s = server(
    "<VirtualHost *:80>\n  <Location /app>\n    SetHandler none\n  </Location>\n</VirtualHost>\n<Location /app>\n  SetHandler python-program\n</Location>\n",
  );
  const hostLoc = s.directives("SetHandler")[0];
  expect(lastInEffect(s, "SetHandler", entryContext(hostLoc))?.node.args[0].value).toBe("none");
});

test("<Directory> access: the longer path, then a virtual host's section, then the later one", () => {
  const s = server(
    "<VirtualHost *:80>\n  ServerName a\n  <Directory /srv/site>\n    Require all denied\n  </Directory>\n</VirtualHost>\n<Directory /srv/site>\n  Require all granted\n</Directory>\n<Directory /srv>\n  Require all denied\n</Directory>\n",
  );
  const vhost = s.sections("VirtualHost")[0].node;
  expect(directoryAccess(s, "/srv/site/app", null)?.verdict).toBe("granted");
  expect(directoryAccess(s, "/srv/site/app", vhost)?.verdict).toBe("denied");
});

// One order for the per-request walks (per-dir.ts) and the rest: these are where merge.ts and per-dir.ts's own order differed.
test("<Directory /> merges before <Directory /srv> read before it (one component against two)", () => {
  const s = server("<Directory /srv>\n  PythonDebug On\n</Directory>\n<Directory />\n  PythonDebug Off\n</Directory>\n");
  const inner = s.directives("PythonDebug")[0];
  expect(lastInEffect(s, "PythonDebug", entryContext(inner))?.node.args[0].value).toBe("On");
});

test("mergeKey: <Proxy> before <Location>, <Files> by the directory around it, Define'd paths by the path they stand for", () => {
  const s = server(
    'Define ROOT /srv/www/site\n<Location /app>\n  Header set A 1\n</Location>\n<Proxy "*">\n  Header set B 1\n</Proxy>\n' +
      "<Directory /srv/www>\n  <Files x.py>\n    Header set C 1\n  </Files>\n</Directory>\n<Files x.py>\n  Header set D 1\n</Files>\n" +
      "<Directory ${ROOT}>\n  Header set E 1\n</Directory>\n<Directory /srv/www/site/app>\n  Header set F 1\n</Directory>\n",
  );
  const sorted = s
    .directives("Header")
    .slice()
    .sort((a, b) => compareMergeKeys(mergeKey(a, s.tree.defines), mergeKey(b, s.tree.defines)));
  expect(sorted.map((e) => e.node.args[1].value)).toEqual(["E", "F", "D", "C", "B", "A"]);
});
