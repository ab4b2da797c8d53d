/**
 * Dialect detection on the real-world corpus (test/corpus): every file whose dialect the
 * manifest states is detected as that dialect, from its path in the corpus and
 * from its path in its source repository; the content alone never points to a
 * wrong server, and decides every file that has any configuration line.
 */
import fs from "node:fs";
import path from "node:path";
import { classifyContent, detectDialect, dialectFromContent } from "../src/discover/dialect.js";
import { CORPUS } from "./support/corpus.js";

interface Row {
  dialect: string;
  local: string;
  original: string;
  text: string;
}

const rows: Row[] = fs
  .readFileSync(path.join(CORPUS, "MANIFEST.tsv"), "utf8")
  .split("\n")
  .slice(1)
  .filter(Boolean)
  .map((l) => l.split("\t"))
  .filter((r) => r[0])
  .map((r) => ({ dialect: r[0], local: path.join(CORPUS, r[1]), original: r[4], text: fs.readFileSync(path.join(CORPUS, r[1]), "utf8") }));

/** Files with no configuration line at all: empty, comments in prose, or a garbage decoy line. Only a name can tell. */
const NO_CONTENT = [
  "apache/apache__httpd/test/pyhttpd/conf/test.conf",
  "apache/certbot__certbot/certbot/src/certbot/_internal/tests/plugins/apache/testdata/complex_parsing/test_fnmatch.conf",
  "apache/coreruleset__coreruleset/plugins/empty-after.conf",
  "nginx/NginxProxyManager__nginx-proxy-manager/docker/rootfs/etc/nginx/conf.d/include/ip_ranges.conf",
  "nginx/certbot__certbot/certbot/src/certbot/_internal/tests/plugins/nginx/testdata/etc_nginx/comment_in_file.conf",
  "nginx/certbot__certbot/certbot/src/certbot/_internal/tests/plugins/nginx/testdata/etc_nginx/mime.types",
  "nginx/nginxinc__crossplane/tests/configs/includes-globbed/servers/locations/not-included.conf",
  "nginx/nginxinc__crossplane/tests/configs/includes-regular/conf.d/bar.conf",
  "nginx/nginxinc__crossplane/tests/configs/includes-regular/conf.d/foo.conf",
];
const rel = (p: string) => path.relative(CORPUS, p);

test("the manifest states a dialect for every corpus file", () => {
  expect(rows.length).toBeGreaterThanOrEqual(1285);
  expect(new Set(rows.map((r) => r.dialect))).toEqual(new Set(["apache", "nginx", "lighttpd"]));
});

test("detection from the corpus path is right for every file (100%)", () => {
  const wrong = rows.filter((r) => detectDialect(r.local, r.text) !== r.dialect).map((r) => `${rel(r.local)}: ${detectDialect(r.local, r.text)}`);
  expect(wrong).toEqual([]);
});

test("the content alone never names the wrong server, and decides every file that has a configuration line", () => {
  const wrong: string[] = [];
  const undecided: string[] = [];
  for (const r of rows) {
    const d = dialectFromContent(r.text);
    if (d === null) undecided.push(rel(r.local));
    else if (d !== r.dialect) wrong.push(`${rel(r.local)}: ${d}`);
  }
  expect(wrong).toEqual([]);
  expect(undecided.sort()).toEqual([...NO_CONTENT].sort());
});

test("detection from the path a file has in its own repository is right wherever the file has content", () => {
  const wrong = rows.filter((r) => !NO_CONTENT.includes(rel(r.local)) && detectDialect(r.original, r.text) !== r.dialect);
  expect(wrong.map((r) => `${r.original}: ${detectDialect(r.original, r.text)}`)).toEqual([]);
});

describe("telling the three .conf files apart by content", () => {
  const conf = (dir: string) => `/repo/${dir}/site.conf`;
  test("nginx directives under a directory named apache are nginx", () => {
    expect(detectDialect(conf("docker/apache/proxy"), "client_max_body_size 10G;\nproxy_request_buffering off;\n")).toBe("nginx");
  });
  test("an Apache vhost, an nginx server and a lighttpd conditional", () => {
    expect(detectDialect(conf("x"), "<VirtualHost *:80>\n  ServerName a\n</VirtualHost>\n")).toBe("apache");
    expect(detectDialect(conf("x"), "server {\n  listen 80;\n  location / { proxy_pass http://127.0.0.1:8000; }\n}\n")).toBe("nginx");
    expect(detectDialect(conf("x"), '$HTTP["host"] == "example.com" {\n  server.document-root = "/srv/www"\n}\n')).toBe("lighttpd");
    expect(detectDialect(conf("x"), 'fastcgi.server = ( "/mysite.fcgi" => ( "main" => ( "socket" => "/tmp/x.sock" ) ) )\n')).toBe("lighttpd");
  });
  test("Apache's names still decide (.htaccess, httpd.conf, *.load)", () => {
    expect(detectDialect("/srv/www/.htaccess", "location / {}\n")).toBe("apache");
    expect(detectDialect("/etc/httpd/conf/httpd.conf", "")).toBe("apache");
    expect(detectDialect("/etc/apache2/mods-available/wsgi.load", "")).toBe("apache");
  });
  test("a file under /etc/nginx with no clear content goes by its directory", () => {
    expect(detectDialect("/etc/nginx/conf.d/empty.conf", "# nothing yet\n")).toBe("nginx");
    expect(detectDialect("/etc/apache2/conf-enabled/x.conf", "")).toBe("apache");
  });
  test("prose in comments is not evidence; commented-out directives are", () => {
    expect(classifyContent("# This file is left blank on purpose\n").dialect).toBeNull();
    expect(classifyContent("#ServerTokens Prod\n#<Directory /x>\n").dialect).toBe("apache");
    expect(classifyContent("# server_tokens off;\n").dialect).toBe("nginx");
  });
});
