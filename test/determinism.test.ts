/**
 * Determinism: the same configuration gives byte-identical output in every
 * format, whatever the order of the files on the command line, the order in
 * which the files were written to disk, or the directory the tree sits in
 * (paths relative to the same cwd; the absolute prefix is the only difference
 * allowed between two directories).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FORMAT_NAMES } from "../src/formatters/index.js";
import { cli } from "./support/cli.js";

/** Three servers with includes (globs, a directory), findings in several files, and a syntax error. */
const FILES: Record<string, string> = {
  "apache2/apache2.conf": "KeepAlive On\nInclude mods-enabled/*.load\nIncludeOptional sites-enabled/*.conf\nInclude conf.d/\n",
  "apache2/mods-enabled/wsgi.load": "LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so\n",
  "apache2/sites-enabled/b.conf": "<VirtualHost *:80>\n  ServerName b.example\n  WSGIScriptAlias / /srv/b/wsgi.py\n  Alias /static/ /srv/b/\n</VirtualHost>\n",
  "apache2/sites-enabled/a.conf": "<VirtualHost *:80>\n  ServerName a.example\n  WSGIScriptAlias / /srv/a/wsgi.py\n  <Location />\n</VirtualHost>\n",
  "apache2/conf.d/z.conf": "Include missing.conf\n",
  "apache2/conf.d/y.conf": "ServerTokens Full\n",
  "nginx/nginx.conf": "events {}\nhttp {\n  include conf.d/*.conf;\n  include sites/*;\n}\n",
  "nginx/conf.d/up.conf": "upstream app { server 127.0.0.1:8000; }\n",
  "nginx/sites/b": "server {\n  listen 80;\n  location / { proxy_pass http://app; }\n  location /static/ { alias /srv/static; }\n}\n",
  "nginx/sites/a": "server {\n  listen 80 default_server;\n  server_name a.example;\n  location / { proxy_pass http://app }\n}\n",
  "lighttpd/lighttpd.conf": 'server.modules = ( "mod_fastcgi" )\ninclude "conf.d/*.conf"\ninclude_shell "cat /etc/x"\n',
  "lighttpd/conf.d/b.conf": 'fastcgi.server = ( "/" => (( "socket" => "/run/app.sock", "check-local" => "enable" )) )\n',
  "lighttpd/conf.d/a.conf": '$HTTP["host"] == "a.example" {\n  server.document-root = "/srv/a"\n',
  "standalone.conf": "<Directory /srv>\n  Options +Indexes\n</Directory>\n",
};
const ENTRIES = ["apache2/apache2.conf", "nginx/nginx.conf", "lighttpd/lighttpd.conf", "standalone.conf", "nginx/conf.d/up.conf"];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-determinism-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The tree written in the given order of names (directories made as needed, so their entries are created in that order too). */
function write(dir: string, names: string[]): string {
  for (const n of names) {
    fs.mkdirSync(path.join(dir, path.dirname(n)), { recursive: true });
    fs.writeFileSync(path.join(dir, n), FILES[n]);
  }
  return dir;
}

const names = Object.keys(FILES);
const shuffled = (seed: number) => {
  // A fixed permutation per seed (a small LCG), so that a failure replays.
  const a = [...names];
  let x = seed;
  for (let i = a.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};

const lint = (cwd: string, format: string, inputs: string[]) => {
  const r = cli(["--no-config", "--format", format, ...inputs], { cwd });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
};

describe("the same input gives byte-identical output", () => {
  const base = write(path.join(tmp, "base"), names);

  test("the tree reports findings in several files (so that order could matter)", () => {
    const r = lint(base, "json", ENTRIES);
    const files = (JSON.parse(r.stdout) as { filePath: string; messages: unknown[] }[]).filter((f) => f.messages.length);
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  describe.each(FORMAT_NAMES)("--format %s", (format) => {
    const expected = lint(base, format, ENTRIES);

    test("whatever the order of the files on the command line", () => {
      const orders = [
        [...ENTRIES].reverse(),
        [ENTRIES[2], ENTRIES[4], ENTRIES[0], ENTRIES[3], ENTRIES[1]],
        ["."],
        ["standalone.conf", "lighttpd", "nginx", "apache2"],
      ];
      // A directory input finds the same entry files (and others, such as the sites it includes): compare like with like.
      const dirExpected = lint(base, format, ["apache2", "lighttpd", "nginx", "standalone.conf"]);
      for (const order of orders) {
        const got = lint(base, format, order);
        const want = order.length === ENTRIES.length ? expected : dirExpected;
        expect({ order, ...got }).toEqual({ order, ...want });
      }
    });

    test("whatever the order in which the files were written, in the same directory", () => {
      for (const seed of [1, 2, 3]) {
        const dir = path.join(tmp, `same-${format}`);
        fs.rmSync(dir, { recursive: true, force: true });
        write(dir, shuffled(seed));
        const first = lint(dir, format, ENTRIES);
        fs.rmSync(dir, { recursive: true, force: true });
        write(dir, [...shuffled(seed)].reverse());
        const second = lint(dir, format, ENTRIES);
        expect({ seed, ...second }).toEqual({ seed, ...first });
        // and the same as the reference tree, up to where it sits (fingerprints included: they hash paths relative to it)
        const norm = (s: string) => s.split(dir).join("<DIR>").split(base).join("<DIR>");
        expect(norm(second.stdout)).toBe(norm(expected.stdout));
      }
    });
  });
});
