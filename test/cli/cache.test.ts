/**
 * --cache through the real CLI: a second run is served from the cache and
 * reports exactly what a run without it reports (every format); a change to
 * any file the server read (an included file, the Django settings), to the
 * configuration or to an option lints it again; a damaged, foreign or
 * untrusted cache is never believed; the file is written atomically, private,
 * and bounded; --fix neither reads nor writes it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FORMAT_NAMES } from "../../src/formatters/index.js";
import { cli } from "../support/cli.js";

const DEMO = path.resolve("fixtures/demo");
const DJANGO = path.resolve("fixtures/rules/django/debug-true/fires-nginx-repository");

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A copy of a fixture tree in a fresh temporary directory (the tests edit it). */
function copy(from: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-cache-"));
  made.push(dir);
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}

const demoArgs = (dir: string) => [
  "--map",
  `/etc/apache2=${dir}/etc/apache2`,
  "--map",
  `/etc/nginx=${dir}/etc/nginx`,
  "--map",
  `/srv=${dir}/srv`,
  `${dir}/etc`,
];

/** A run with --cache (DEBUG on: stderr says how many units came from the cache). */
function cached(args: string[], cwd: string, more: string[] = []) {
  const r = cli(["--no-config", "--cache", ...more, ...args], { cwd, env: { DEBUG: "1" } });
  const m = /(\d+) unit\(s\) from the cache, (\d+) linted/.exec(r.stderr);
  return { ...r, hits: m ? Number(m[1]) : NaN, misses: m ? Number(m[2]) : NaN };
}
const plain = (args: string[], cwd: string) => cli(["--no-config", ...args], { cwd });

describe("a second run", () => {
  test.each(FORMAT_NAMES)("is served from the cache and reports what a run without it does (-f %s)", (format) => {
    const dir = copy(DEMO);
    const args = ["-f", format, ...demoArgs(dir)];
    const without = plain(args, dir);
    const first = cached(args, dir);
    const second = cached(args, dir);
    expect(without.code).toBe(1);
    expect([first.hits, first.misses]).toEqual([0, 1]);
    expect([second.hits, second.misses]).toEqual([1, 0]);
    for (const r of [first, second]) {
      expect(r.stdout).toBe(without.stdout);
      expect(r.code).toBe(without.code);
    }
  });

  test("with a syntax error and fixes: the JSON's source and fix ranges come from the file as read now", () => {
    const dir = copy(DEMO);
    fs.appendFileSync(path.join(dir, "etc/apache2/sites-enabled/legacy.conf"), "<VirtualHost *:80>\n");
    const args = ["-f", "json", ...demoArgs(dir)];
    const without = plain(args, dir);
    const report = JSON.parse(without.stdout) as { source?: string; messages: { fix?: unknown }[] }[];
    expect(report.some((f) => f.source !== undefined)).toBe(true);
    expect(report.some((f) => f.messages.some((m) => m.fix))).toBe(true);
    cached(args, dir);
    const second = cached(args, dir);
    expect(second.hits).toBe(1);
    expect(second.stdout).toBe(without.stdout);
  });

  test("is what the cache holds (the findings are read from it, not linted again)", () => {
    const dir = copy(DEMO);
    const args = ["-f", "json", ...demoArgs(dir)];
    cached(args, dir);
    const file = path.join(dir, ".djlint-conf-cache");
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain("PythonDebug");
    fs.writeFileSync(file, text.replace(/"message":"PythonDebug/g, '"message":"(from the cache) PythonDebug'));
    const second = cached(args, dir);
    expect(second.hits).toBe(1);
    expect(second.stdout).toContain("(from the cache) PythonDebug");
  });
});

describe("a change lints the server again", () => {
  function changes(dir: string, args: string[], change: () => void, more: string[] = [], after: string[] = more) {
    const before = cached(args, dir, more);
    expect(before.misses).toBe(1);
    change();
    const again = cached(args, dir, after);
    const without = plain([...after, ...args], dir);
    expect([again.hits, again.misses]).toEqual([0, 1]);
    expect(again.stdout).toBe(without.stdout);
    expect(again.stdout).not.toBe(before.stdout);
    // And the run after that is served from the cache again.
    expect(cached(args, dir, after).hits).toBe(1);
  }

  test("an included file (a site the main configuration includes)", () => {
    const dir = copy(DEMO);
    changes(dir, ["-f", "json", `${dir}/etc/apache2/apache2.conf`, ...demoArgs(dir).slice(0, 6)], () =>
      fs.appendFileSync(path.join(dir, "etc/apache2/sites-enabled/shop.conf"), "PythonDebug On\n"),
    );
  });

  test("a deployed file a rule looked for (settings.py beside the WSGI script) going away", () => {
    const dir = copy(DEMO);
    changes(dir, ["-f", "json", `${dir}/etc/apache2/apache2.conf`, ...demoArgs(dir).slice(0, 6)], () =>
      fs.rmSync(path.join(dir, "srv/django/shop/shop/settings.py")),
    );
  });

  test("the Django settings module the site runs", () => {
    const dir = copy(DJANGO);
    const settings = path.join(dir, "shop/settings.py");
    changes(dir, ["-f", "json", "deploy/nginx/shop.conf"], () =>
      fs.writeFileSync(settings, fs.readFileSync(settings, "utf8").replace(/^DEBUG = True$/m, "DEBUG = False")),
    );
    expect(plain(["deploy/nginx/shop.conf"], dir).stdout).not.toContain("django/debug-true");
  });

  test("the configuration file", () => {
    const dir = copy(DJANGO);
    const args = ["-f", "json", "deploy/nginx/shop.conf"];
    const cfg = path.join(dir, ".djlint-conf.json");
    fs.writeFileSync(cfg, JSON.stringify({ root: true, rules: {} }));
    const withConfig = (a: string[]) => cli(["--cache", ...a], { cwd: dir, env: { DEBUG: "1" } });
    const before = withConfig(args);
    expect(before.stderr).toContain("0 unit(s) from the cache, 1 linted");
    fs.writeFileSync(cfg, JSON.stringify({ root: true, rules: { "django/debug-true": "off" } }));
    const again = withConfig(args);
    expect(again.stderr).toContain("0 unit(s) from the cache, 1 linted");
    expect(again.stdout).toBe(cli(args, { cwd: dir }).stdout);
    expect(again.stdout).not.toContain("django/debug-true");
    expect(before.stdout).toContain("django/debug-true");
  });

  test.each([
    ["--rule", ["--rule", "django/debug-true=info"]],
    ["--profile", ["--profile", "development"]],
    ["--django-settings", ["--django-settings", "missing.settings"]],
  ])("an option that changes results (%s)", (_name, option) => {
    const dir = copy(DJANGO);
    changes(dir, ["-f", "json", "deploy/nginx/shop.conf"], () => {}, [], option);
  });

  test("an option that changes results (--django-version)", () => {
    const dir = copy(DEMO);
    changes(dir, ["-f", "json", `${dir}/etc/apache2/apache2.conf`, ...demoArgs(dir).slice(0, 6)], () => {}, [], ["--django-version", "1.4"]);
  });

  test("--map (another local copy of the production paths)", () => {
    const dir = copy(DEMO);
    fs.mkdirSync(path.join(dir, "empty"));
    const entry = [`${dir}/etc/apache2/apache2.conf`, "--map", `/etc/apache2=${dir}/etc/apache2`];
    changes(dir, ["-f", "json", ...entry], () => {}, ["--map", `/srv=${dir}/srv`], ["--map", `/srv=${dir}/empty`]);
  });
});

describe("the cache file", () => {
  test.each([
    ["not JSON", "{ this is not json", "is not valid JSON"],
    ["another tool's JSON", JSON.stringify({ "/a.js": { size: 1 } }), "is not a djlint-conf cache"],
    ["damaged", "DAMAGED", "is damaged"],
  ])("%s is ignored with a note, and rewritten", (_what, content, note) => {
    const dir = copy(DEMO);
    const args = ["-f", "json", ...demoArgs(dir)];
    const file = path.join(dir, ".djlint-conf-cache");
    cached(args, dir);
    const good = JSON.parse(fs.readFileSync(file, "utf8")) as { entries: [string, { result: { results: unknown[] } }][] };
    if (content === "DAMAGED") {
      good.entries[0][1].result.results = [{ filePath: 7 }];
      content = JSON.stringify(good);
    }
    fs.writeFileSync(file, content);
    const r = cached(args, dir);
    expect(r.stderr).toContain(note);
    expect([r.hits, r.misses]).toEqual([0, 1]);
    expect(r.stdout).toBe(plain(args, dir).stdout);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).format).toBe("djlint-conf-cache");
    expect(cached(args, dir).hits).toBe(1);
  });

  test("one others could write is neither believed nor written", () => {
    const dir = copy(DEMO);
    const args = ["-f", "json", ...demoArgs(dir)];
    const file = path.join(dir, ".djlint-conf-cache");
    cached(args, dir);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/"message":"PythonDebug/g, '"message":"(planted) PythonDebug'));
    fs.chmodSync(file, 0o666);
    const before = fs.readFileSync(file, "utf8");
    const r = cached(args, dir);
    expect(r.stderr).toMatch(/is ignored and left alone: it is writable by .*666/);
    expect(r.stdout).not.toContain("(planted)");
    expect(r.stdout).toBe(plain(args, dir).stdout);
    expect(fs.readFileSync(file, "utf8")).toBe(before);
  });

  test("is created readable by its owner only, replaced atomically (a new inode, no temporary file left), keeping a mode it was given", () => {
    const dir = copy(DEMO);
    const file = path.join(dir, ".djlint-conf-cache");
    cached(["-f", "json", ...demoArgs(dir)], dir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.chmodSync(file, 0o640);
    const inode = fs.statSync(file).ino;
    cached(["-f", "json", "--rule", "apache/python-debug-on=off", ...demoArgs(dir)], dir);
    expect(fs.statSync(file).ino).not.toBe(inode);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  test("--cache-location names the file, or a directory to keep .djlint-conf-cache in; without --cache it writes nothing", () => {
    const dir = copy(DEMO);
    const args = ["-f", "json", ...demoArgs(dir)];
    fs.mkdirSync(path.join(dir, "c"));
    expect(cached(args, dir, ["--cache-location", "c"]).misses).toBe(1);
    expect(fs.existsSync(path.join(dir, "c/.djlint-conf-cache"))).toBe(true);
    expect(cached(args, dir, ["--cache-location", "c"]).hits).toBe(1);
    expect(cached(args, dir, ["--cache-location", "new/dir/"]).misses).toBe(1);
    expect(fs.existsSync(path.join(dir, "new/dir/.djlint-conf-cache"))).toBe(true);
    expect(cached(args, dir, ["--cache-location", "my.cache"]).misses).toBe(1);
    expect(fs.statSync(path.join(dir, "my.cache")).isFile()).toBe(true);
    plain(["--cache-location", "never.cache", ...args], dir);
    expect(fs.existsSync(path.join(dir, "never.cache"))).toBe(false);
    expect(fs.existsSync(path.join(dir, ".djlint-conf-cache"))).toBe(false);
  });

  test("that cannot be written (a link to nowhere: never created through it) is a note, not a failure", () => {
    const dir = copy(DEMO);
    const args = ["-f", "json", ...demoArgs(dir)];
    fs.symlinkSync(path.join(dir, "nowhere/cache"), path.join(dir, ".djlint-conf-cache"));
    const r = cached(args, dir);
    expect(r.stderr).toMatch(/warning: cannot write the cache .*\.djlint-conf-cache: it is a symbolic link to a missing file/);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(plain(args, dir).stdout);
    expect(fs.existsSync(path.join(dir, "nowhere"))).toBe(false);
  });

  test("keeps one entry per set of inputs, and drops those whose files are gone", () => {
    const dir = copy(DEMO);
    const map = demoArgs(dir).slice(0, 6);
    const file = path.join(dir, ".djlint-conf-cache");
    const entries = () => (JSON.parse(fs.readFileSync(file, "utf8")) as { entries: unknown[] }).entries.length;
    cached([...map, `${dir}/etc/apache2/apache2.conf`], dir);
    cached([...map, `${dir}/etc/nginx/nginx.conf`], dir);
    expect(entries()).toBe(2);
    cached(["--rule", "nginx/host-from-http-host=off", ...map, `${dir}/etc/nginx/nginx.conf`], dir);
    expect(entries()).toBe(2);
    fs.rmSync(path.join(dir, "etc/nginx"), { recursive: true });
    cached([...map, `${dir}/etc/apache2/apache2.conf`], dir);
    expect(entries()).toBe(1);
  });

  test("holds findings and digests, not the files' text", () => {
    const dir = copy(DJANGO);
    cached(["deploy/nginx/shop.conf"], dir);
    const text = fs.readFileSync(path.join(dir, ".djlint-conf-cache"), "utf8");
    expect(text).toContain("django/debug-true");
    expect(text).not.toContain("django-insecure-4x!k2m");
    expect(text).not.toContain("proxy_set_header Host $host");
  });

  test("is never linted as an input, and is ignored by git", () => {
    const dir = copy(DEMO);
    cached(demoArgs(dir), dir);
    const r = plain(["--dialect", "nginx", "*"], dir);
    expect(r.stderr + r.stdout).not.toContain(".djlint-conf-cache");
    expect(fs.readFileSync(".gitignore", "utf8").split("\n")).toContain(".djlint-conf-cache");
  });
});

describe("--fix and --fix-dry-run", () => {
  test("neither read nor write the cache, and the next --cache run sees the fixed file", () => {
    const dir = copy(DEMO);
    const site = path.join(dir, "etc/apache2/sites-enabled/legacy.conf");
    const args = ["-f", "json", ...demoArgs(dir).slice(0, 6), site];
    const file = path.join(dir, ".djlint-conf-cache");
    cached(args, dir);
    const before = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, before.replace(/"message":"/g, '"message":"(from the cache) '));
    const planted = fs.readFileSync(file, "utf8");
    for (const fix of ["--fix-dry-run", "--fix"]) {
      const r = cached([fix, ...args], dir);
      expect(r.stdout).not.toContain("(from the cache)");
      expect(r.stderr).not.toContain("from the cache,");
      expect(fs.readFileSync(file, "utf8")).toBe(planted);
    }
    expect(fs.readFileSync(site, "utf8")).not.toBe(fs.readFileSync(path.join(DEMO, "etc/apache2/sites-enabled/legacy.conf"), "utf8"));
    const after = cached(args, dir);
    expect([after.hits, after.misses]).toEqual([0, 1]);
    expect(after.stdout).toBe(plain(args, dir).stdout);
  });
});
