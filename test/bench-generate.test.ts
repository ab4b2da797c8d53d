/**
 * The benchmark's tree generators (bench/generate.mjs): the same seed writes
 * the same trees, the size asked for is met, djlint-conf reads every file of a
 * tree through its includes without a syntax or load problem, and, where
 * Debian's servers are installed (as in CI), each server's own config test
 * accepts the trees: the benchmark compares against those runs.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
// @ts-expect-error: a plain ESM script without type declarations
import { generateTree } from "../bench/generate.mjs";

type Dialect = "apache" | "nginx" | "lighttpd";
type Variant = "single" | "tree" | "fat";
interface Generated {
  entry: string;
  dir: string;
  files: number;
  bytes: number;
  sites: number;
}
const gen = generateTree as (o: { dialect: Dialect; variant: Variant; bytes?: number; sites?: number; dir: string; seed?: number }) => Generated;

const DIALECTS: Dialect[] = ["apache", "nginx", "lighttpd"];
const VARIANTS: Variant[] = ["single", "tree", "fat"];
const BYTES = 150_000;

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-bench-test-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every file of a tree, by path relative to its root, with the root's path masked. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, "utf8").split(dir).join("<root>");
    }
  };
  walk(dir);
  return out;
}

const cases = DIALECTS.flatMap((d) => VARIANTS.map((v) => [d, v] as const));

describe.each(cases)("%s %s", (dialect, variant) => {
  let g: Generated;
  beforeAll(() => {
    g = gen({ dialect, variant, bytes: BYTES, dir: path.join(tmp, `${dialect}-${variant}`), seed: 1 });
  });

  test("is deterministic for a seed and varies with it", () => {
    const again = gen({ dialect, variant, bytes: BYTES, dir: path.join(tmp, `${dialect}-${variant}-again`), seed: 1 });
    const other = gen({ dialect, variant, bytes: BYTES, dir: path.join(tmp, `${dialect}-${variant}-other`), seed: 2 });
    expect(snapshot(again.dir)).toEqual(snapshot(g.dir));
    expect(snapshot(other.dir)).not.toEqual(snapshot(g.dir));
  });

  test("reaches the size asked for, in one file or many", () => {
    const onDisk = Object.values(snapshot(g.dir)).length;
    expect(g.bytes).toBeGreaterThanOrEqual(BYTES);
    expect(g.bytes).toBeLessThan(BYTES * 1.15);
    expect(g.files).toBe(onDisk);
    if (variant === "tree") expect(g.files).toBeGreaterThan(10);
    else expect(g.files).toBe(1);
  });

  test("writes the number of sites asked for, in as many hosts as the shape has", () => {
    const a = gen({ dialect, variant, sites: 7, dir: path.join(tmp, `${dialect}-${variant}-7`) });
    const b = gen({ dialect, variant, sites: 70, dir: path.join(tmp, `${dialect}-${variant}-70`) });
    expect([a.sites, b.sites]).toEqual([7, 70]);
    const text = (g: Generated) => Object.values(snapshot(g.dir)).join("\n");
    // A host (virtual host, server block, host conditional) a site, or three large ones holding them all.
    const hosts = { apache: /^<VirtualHost /gm, nginx: /^\s*server_name /gm, lighttpd: /^\$HTTP\["host"\]/gm }[dialect];
    const count = (g: Generated) => (text(g).match(hosts) ?? []).length;
    if (variant === "fat") expect([count(a), count(b)]).toEqual(dialect === "nginx" ? [4, 4] : [3, 3]);
    else expect(count(b)).toBeGreaterThanOrEqual(70);
    expect(b.bytes).toBeGreaterThan(a.bytes * 5);
  });

  test("djlint-conf reads every file through the includes, without syntax or load problems", () => {
    const run = lintFiles([g.entry], { cwd: g.dir });
    expect(run.skipped).toEqual([]);
    expect(run.results.map((r) => r.filePath).sort()).toEqual(
      Object.keys(snapshot(g.dir))
        .map((f) => path.join(g.dir, f))
        .sort(),
    );
    const problems = run.results.flatMap((r) => r.messages).filter((m) => m.ruleId === "syntax" || /^include-/.test(m.ruleId ?? ""));
    expect(problems.map((m) => `${m.file}:${m.range.line} ${m.ruleId} ${m.message}`)).toEqual([]);
  });
});

const bin = (name: string) => ["/usr/sbin", "/usr/bin", "/sbin"].map((d) => path.join(d, name)).find((p) => fs.existsSync(p));
const servers: Record<Dialect, { bin: string | undefined; args: (g: Generated) => string[] }> = {
  apache: { bin: bin("apache2"), args: (g) => ["-t", "-f", g.entry] },
  nginx: { bin: bin("nginx"), args: (g) => ["-t", "-q", "-c", g.entry, "-p", g.dir + path.sep] },
  lighttpd: { bin: bin("lighttpd"), args: (g) => ["-tt", "-f", g.entry] },
};

for (const dialect of DIALECTS) {
  const server = servers[dialect];
  if (!server.bin) {
    test.skip(`${dialect}: its own config test accepts the trees (not installed here)`, () => {});
    continue;
  }
  describe(`${dialect}: its own config test accepts the trees`, () => {
    test.each(VARIANTS)("%s", (variant) => {
      const g = gen({ dialect, variant, bytes: BYTES, dir: path.join(tmp, `oracle-${dialect}-${variant}`), seed: 3 });
      const r = spawnSync(server.bin as string, server.args(g), { encoding: "utf8" });
      expect({ status: r.status, output: (r.stdout + r.stderr).trim().split("\n").slice(-3) }).toMatchObject({ status: 0 });
    });
  });
}

// lighttpd keeps at most 4096 conditional blocks per server: the generator's
// 10 MB trees must stay under that, or lighttpd -tt fails with an assertion.
(servers.lighttpd.bin ? test.each(["tree", "fat"] as Variant[]) : test.skip.each(["tree", "fat"] as Variant[]))(
  "lighttpd accepts the 10 MB %s tree the benchmark generates",
  (variant) => {
    const g = gen({ dialect: "lighttpd", variant, bytes: 10_000_000, dir: path.join(tmp, `lighttpd-10mb-${variant}`), seed: 1 });
    const r = spawnSync(servers.lighttpd.bin as string, servers.lighttpd.args(g), { encoding: "utf8" });
    expect({ status: r.status, output: (r.stdout + r.stderr).trim().split("\n").slice(-3) }).toMatchObject({ status: 0 });
    fs.rmSync(g.dir, { recursive: true, force: true });
  },
);

// The per-rule benchmark (npm run bench -- --rules) finds a superlinear rule only
// where the rule has work to do: the trees carry the constructs the rules read
// (mod_wsgi daemon groups, ProxyPass lists, add_header levels, websocket
// locations, FastCGI hosts...) and, now and then, the pitfall itself. These are
// the pitfalls the generator plants (see bench/generate.mjs), by rule.
const PLANTED: Record<Dialect, string[]> = {
  apache: [
    "apache/wsgi-script-named-django-py", // django.py as the script, 5% of the apps
    "apache/wsgi-daemon-processes-1", // processes=1
    "apache/wsgi-daemon-no-maximum-requests", // 30% without maximum-requests
    "apache/wsgi-application-group-missing", // 10% without an application group
    "apache/proxy-preserve-host-off", // ProxyPreserveHost Off, 10% of the proxied sites
    "apache/proxypass-order", // a ProxyPass after the catch-all, 10%
    "apache/rewrite-alias-needs-pt", // the old-static rewrite without [PT], 20%
    "apache/legacy-access-control", // the legacy API's Order/Deny/Allow
    "apache/alias-trailing-slash-mismatch", // Alias /media/ to a path without the slash, 5%
  ],
  nginx: [
    "nginx/add-header-drops-inherited", // an add_header in a location under the server's
    "nginx/allow-without-deny", // the admin's allow list without deny all, 10% (few large hosts)
    "nginx/websocket-upgrade-missing", // a websocket location without proxy_http_version 1.1, 10% (few large hosts)
  ],
  lighttpd: [
    "lighttpd/fastcgi-check-local", // check-local enabled, 10%
    "lighttpd/websocket-upgrade-missing", // a /ws/ proxy without the upgrade header, 40% (a host a site)
  ],
};

test.each(DIALECTS)("%s: the generated trees give the rules work (the planted pitfalls are found)", (dialect) => {
  const fired = new Set<string>();
  for (const variant of VARIANTS) {
    const g = gen({ dialect, variant, sites: 80, dir: path.join(tmp, `planted-${dialect}-${variant}`), seed: 5 });
    for (const r of lintFiles([g.entry], { cwd: g.dir }).results) for (const m of r.messages) fired.add(m.ruleId ?? "");
  }
  expect(PLANTED[dialect].filter((id) => !fired.has(id))).toEqual([]);
});
