import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import pkg from "../../package.json" with { type: "json" };
import { reportInternalError } from "../../src/cli/main.js";
import { cli } from "../support/cli.js";

const ANSI = /\u001b\[\d+m/;
const DEMO = [
  "--map",
  "/etc/apache2=fixtures/demo/etc/apache2",
  "--map",
  "/etc/nginx=fixtures/demo/etc/nginx",
  "--map",
  "/srv=fixtures/demo/srv",
  "fixtures/demo/etc",
];
const RULE_FIX = (id: string) => path.join("fixtures/rules", id);

function tmpConf(text: string, name = "site.conf"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-"));
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

describe("the demo deployment", () => {
  test("shows the pitfalls of both servers, and of the two together, in colour and exits 1", () => {
    const r = cli(DEMO, { env: { FORCE_COLOR: "1" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(ANSI);
    for (const id of [
      "apache/python-debug-on",
      "apache/modpython-threaded-mpm",
      "apache/wsgi-script-alias-trailing-slash",
      "apache/wsgi-script-beside-settings",
      "apache/missing-sethandler-none",
      "nginx/proxy-missing-forwarded-proto",
      "nginx/host-from-http-host",
      "apache/backend-listen-public",
      // The API's nginx checked against its settings (fixtures/demo/README.md, "The Django side").
      "django/proxy-ssl-header-spoofable",
      "django/allowed-hosts-mismatch",
      "django/proxy-ssl-header-not-set",
    ])
      expect(r.stdout).toContain(id);
    expect(r.stdout).toContain(path.join("fixtures/demo/etc/apache2/sites-enabled/legacy.conf"));
  });

  test("npm run demo is the same command", () => {
    expect(pkg.scripts.demo).toBe(`node dist/cli.js ${DEMO.join(" ")}`);
  });
});

describe("--format json", () => {
  test("is ESLint's array, with ESLint's numeric severities and our word beside them", () => {
    const r = cli(["--format", "json", ...DEMO]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Array.isArray(out)).toBe(true);
    for (const f of out) {
      expect(
        Object.keys(f)
          .filter((k) => k !== "source")
          .sort(),
      ).toEqual([
        "errorCount",
        "fatalErrorCount",
        "filePath",
        "fixableErrorCount",
        "fixableWarningCount",
        "infoCount",
        "messages",
        "suppressedMessages",
        "usedDeprecatedRules",
        "warningCount",
      ]);
      expect(path.isAbsolute(f.filePath as string)).toBe(true);
      const messages = f.messages as Record<string, unknown>[];
      for (const m of messages) {
        // Optional keys: fix, suggestions, fatal (ESLint's), djlintRelated (the other side of a django/* finding).
        expect(
          Object.keys(m)
            .filter((k) => !["fix", "suggestions", "fatal", "djlintRelated"].includes(k))
            .sort(),
        ).toEqual(["column", "djlintSeverity", "endColumn", "endLine", "line", "message", "ruleId", "severity"]);
        expect(m.severity).toBe(m.djlintSeverity === "error" ? 2 : 1);
        expect(["error", "warning", "info"]).toContain(m.djlintSeverity);
        for (const k of ["line", "column", "endLine", "endColumn"]) expect(Number.isInteger(m[k])).toBe(true);
      }
      expect(f.errorCount).toBe(messages.filter((m) => m.severity === 2).length);
      expect(f.warningCount).toBe(messages.filter((m) => m.severity === 1).length);
      expect(f.infoCount).toBe(messages.filter((m) => m.djlintSeverity === "info").length);
      expect(f.fixableErrorCount).toBe(messages.filter((m) => m.fix && m.severity === 2).length);
    }
    const legacy = out.find((f) => (f.filePath as string).endsWith("legacy.conf")) as { messages: Record<string, unknown>[] };
    expect(legacy.messages.find((m) => m.ruleId === "apache/python-debug-on")).toEqual(
      expect.objectContaining({ line: 11, column: 21, endLine: 11, endColumn: 23, severity: 2, djlintSeverity: "error" }),
    );
    // Every file of the server is listed, clean ones too, as ESLint does.
    expect(out.some((f) => (f.filePath as string).endsWith("ports.conf"))).toBe(true);
  });

  test("a syntax error on line 3 does not hide a finding on line 20", () => {
    const lines = Array.from({ length: 22 }, (_, i) => `# line ${i + 1}`);
    lines[2] = "<Location /app";
    lines[4] = "</Location>";
    lines[19] = "PythonDebug On";
    const r = cli(["-f", "json", tmpConf(lines.join("\n") + "\n")]);
    const msgs = (JSON.parse(r.stdout)[0].messages as { ruleId: string; line: number }[]).map((m) => `${m.line} ${m.ruleId}`);
    expect(msgs).toEqual(["3 syntax", "20 apache/python-debug-on"]);
    expect(r.code).toBe(1);
  });
});

describe("colour", () => {
  const file = path.join(RULE_FIX("apache/python-debug-on"), "fires-location.conf");
  test("off when piped, on with FORCE_COLOR", () => {
    expect(cli([file]).stdout).not.toMatch(ANSI);
    expect(cli([file], { env: { FORCE_COLOR: "1" } }).stdout).toMatch(ANSI);
  });
  test("NO_COLOR and --no-color turn it off; FORCE_COLOR=0 too", () => {
    expect(cli([file], { env: { NO_COLOR: "1" } }).stdout).not.toMatch(ANSI);
    expect(cli(["--no-color", file], { env: { FORCE_COLOR: "1" } }).stdout).not.toMatch(ANSI);
    expect(cli([file], { env: { FORCE_COLOR: "0" } }).stdout).not.toMatch(ANSI);
    expect(cli(["--color", file]).stdout).toMatch(ANSI);
  });
});

describe("TIMING (ESLint's variable)", () => {
  const file = path.join(RULE_FIX("apache/python-debug-on"), "fires-location.conf");
  const rows = (stderr: string) => stderr.split("\n").filter((l) => / \| +[\d.]+ \| +[\d.]+%$/.test(l));
  test("unset, nothing; TIMING=1 prints ESLint's table of the ten slowest on stderr, a JSON report staying whole", () => {
    expect(cli([file]).stderr).not.toMatch(/Time \(ms\)/);
    const r = cli(["-f", "json", file], { env: { TIMING: "1" } });
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    const lines = r.stderr.split("\n");
    const head = lines.findIndex((l) => /^Rule +\| Time \(ms\) \| Relative$/.test(l));
    expect(head).toBeGreaterThanOrEqual(0);
    expect(lines[head + 1]).toMatch(/^:-+\|-+:\|-+:$/);
    expect(lines[head + 1].length).toBe(lines[head].length);
    expect(rows(r.stderr)).toHaveLength(10);
    // The rule that fires here ran, and the stages before the rules have rows of their own.
    expect(r.stderr).toMatch(/^\[read and parse\] +\|/m);
    const ms = rows(r.stderr).map((l) => Number(l.split("|")[1]));
    expect(ms).toEqual([...ms].sort((a, b) => b - a));
  });
  test("TIMING=all lists every rule that ran (each Apache rule once) and the stages; TIMING=12 twelve rows, TIMING=3 ten (ESLint's minimum)", () => {
    const all = rows(cli(["--dialect", "apache", file], { env: { TIMING: "all" } }).stderr).map((l) => l.split("|")[0].trim());
    expect(all).toContain("apache/python-debug-on");
    expect(all).toContain("[server models]");
    expect(new Set(all).size).toBe(all.length);
    expect(all.filter((n) => !n.startsWith("[")).every((n) => !n.startsWith("nginx/") && !n.startsWith("lighttpd/"))).toBe(true);
    expect(rows(cli([file], { env: { TIMING: "12" } }).stderr)).toHaveLength(12);
    expect(rows(cli([file], { env: { TIMING: "3" } }).stderr)).toHaveLength(10);
  });
});

describe("XML files", () => {
  test("a uWSGI vassal in XML is read as the app server it is, an XML document of anything else is skipped, neither parsed as Apache", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-xml-"));
    fs.writeFileSync(
      path.join(dir, "tickets.xml"),
      '<?xml version="1.0"?>\n<uwsgi>\n  <chdir>/srv/tickets</chdir>\n  <env>DJANGO_SETTINGS_MODULE=tickets.settings</env>\n  <socket>/run/uwsgi/tickets.sock</socket>\n  <master/>\n</uwsgi>\n',
    );
    fs.writeFileSync(path.join(dir, "pom.xml"), '<?xml version="1.0"?>\n<project>\n  <name>x</name>\n</project>\n');
    const r = cli(["-f", "json", path.join(dir, "tickets.xml"), path.join(dir, "pom.xml")]);
    const ids = (JSON.parse(r.stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));
    expect(ids).not.toContain("syntax");
    expect(r.stderr).toMatch(/skipped .*pom\.xml: cannot tell which server/);
    const printed = JSON.parse(cli(["--print-django", path.join(dir, "tickets.xml")]).stdout) as {
      projects: { appServers: { kind: string; listen: { socket?: string }[] }[] }[];
    };
    expect(printed.projects[0].appServers[0]).toMatchObject({ kind: "uwsgi", listen: [{ socket: "/run/uwsgi/tickets.sock" }] });
  });
});

describe("exit codes and severities", () => {
  const debug = path.join(RULE_FIX("apache/python-debug-on"), "fires-location.conf");
  const clean = path.join(RULE_FIX("apache/python-debug-on"), "clean-off.conf");
  const warnOnly = tmpConf("# expect nothing but a warning\nInclude missing/extra.conf\n", "httpd.conf");

  test("0 when clean, 1 with an error", () => {
    expect(cli([clean]).code).toBe(0);
    expect(cli([debug]).code).toBe(1);
  });
  test("warnings exit 0 unless --max-warnings is exceeded", () => {
    const r = cli([warnOnly]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("include-not-found");
    expect(cli(["--max-warnings", "1", warnOnly]).code).toBe(0);
    const over = cli(["--max-warnings", "0", warnOnly]);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain("too many warnings");
  });
  test("--quiet reports errors only", () => {
    const r = cli(["--quiet", "-f", "json", warnOnly]);
    expect(JSON.parse(r.stdout)[0].messages).toEqual([]);
    expect(r.code).toBe(0);
  });
  test("--rule changes severity or turns a rule off", () => {
    expect(cli(["--rule", "apache/python-debug-on=off", debug]).code).toBe(0);
    const w = cli(["--rule", "apache/python-debug-on=warning", "-f", "json", debug]);
    expect(w.code).toBe(0);
    const found = (JSON.parse(w.stdout)[0].messages as { ruleId: string; severity: number }[]).filter((m) => m.ruleId === "apache/python-debug-on");
    expect(found.map((m) => m.severity)).toEqual([1]);
    expect(cli(["--rule", "include-not-found=error", warnOnly]).code).toBe(1);
  });
  test("--profile development quiets production-only rules", () => {
    expect(cli(["--profile", "development", debug]).code).toBe(0);
    expect(cli(["--profile", "production", debug]).code).toBe(1);
  });
});

describe("usage errors exit 2 with one clear line", () => {
  test.each([
    [["--rule", "apache/python-debug=off", "x.conf"], /unknown rule id 'apache\/python-debug': did you mean 'apache\/python-debug-on'/],
    [["--rule", "apache/python-debug-on=loud", "x.conf"], /severity must be one of off, info, warning, error/],
    [["--bogus", "x.conf"], /unknown option: --bogus/],
    [["--format", "xml", "x.conf"], /Invalid values/],
    [["does-not-exist.conf"], /no such file or directory: 'does-not-exist.conf'/],
    [["nothing/**/*.conf"], /no files match the pattern/],
    [[], /no input/],
    [["--map", "nonsense", "x.conf"], /FROM=TO/],
    [["--apache-version", "2.4x", "x.conf"], /--apache-version expects 2.4, 2.2 or a release such as 2.4.46 \(got '2.4x'\)/],
  ])("%j", (args, message) => {
    const r = cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("--apache-version", () => {
  test("takes a release: ws:// without mod_proxy_wstunnel is a finding on 2.4.46, not on a current 2.4", () => {
    const conf = tmpConf(fs.readFileSync(path.join(RULE_FIX("apache/proxy-scheme-module-missing"), "fires-websocket-before-2.4.47.conf"), "utf8"));
    const ids = (extra: string[]) =>
      (JSON.parse(cli(["-f", "json", ...extra, conf]).stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));
    expect(ids(["--apache-version", "2.4.46"])).toContain("apache/proxy-scheme-module-missing");
    expect(ids(["--apache-version", "2.4"])).not.toContain("apache/proxy-scheme-module-missing");
    expect(ids([])).not.toContain("apache/proxy-scheme-module-missing");
  });
});

describe("inputs", () => {
  test("a directory is searched for configuration files, a glob is expanded", () => {
    const dir = cli(["-f", "json", RULE_FIX("apache/python-debug-on")]);
    const files = (JSON.parse(dir.stdout) as { filePath: string }[]).map((f) => path.basename(f.filePath));
    expect(files).toContain("fires-location.conf");
    expect(files).toContain("django.conf");
    const glob = cli(["-f", "json", "fixtures/rules/apache/python-debug-on/fires-*.conf"]);
    expect((JSON.parse(glob.stdout) as { filePath: string }[]).map((f) => path.basename(f.filePath)).sort()).toEqual([
      "fires-any-case-server-level.conf",
      "fires-any-case-server-level.fixed.conf",
      "fires-location.conf",
      "fires-location.fixed.conf",
    ]);
  });
  test("a directory search skips a Debian sites-available file no sites-enabled link names; named, it is linted", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-enabled-"));
    const site = (name: string) => `server {\n    listen 80;\n    server_name ${name}.example.com;\n    root /var/www/${name};\n}\n`;
    fs.mkdirSync(path.join(root, "sites-available"));
    fs.mkdirSync(path.join(root, "sites-enabled"));
    fs.writeFileSync(path.join(root, "sites-available", "shop"), site("shop"));
    fs.writeFileSync(path.join(root, "sites-available", "shop-staging"), site("staging"));
    // a2ensite's link: the file's name, an absolute target this machine may not have.
    fs.symlinkSync("/etc/nginx/sites-available/shop", path.join(root, "sites-enabled", "shop"));
    const linted = (args: string[]) =>
      (JSON.parse(cli(["-f", "json", "--no-config", "--dialect", "nginx", ...args]).stdout) as { filePath: string }[])
        .map((f) => path.relative(root, f.filePath))
        .sort();
    expect(linted([root])).toEqual([path.join("sites-available", "shop")]);
    expect(linted([path.join(root, "sites-available", "shop-staging")])).toEqual([path.join("sites-available", "shop-staging")]);
    // Without a sites-enabled beside it, a repository's sites-available is taken whole.
    fs.rmSync(path.join(root, "sites-enabled"), { recursive: true });
    expect(linted([root])).toEqual([path.join("sites-available", "shop"), path.join("sites-available", "shop-staging")]);
  });
  test("--dialect names the servers' files: an app server's file named with them stays the Django side's", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-dialect-"));
    // A `.nginx` file the team passes --dialect for, and the uWSGI file beside it whose socket it should reach.
    fs.writeFileSync(
      path.join(root, "meter.nginx"),
      "server {\n    listen 80;\n    server_name meter.example.com;\n    location / {\n        include uwsgi_params;\n        uwsgi_pass unix:/run/meter/uwsgi.sock;\n    }\n}\n",
    );
    fs.writeFileSync(path.join(root, "meter.uwsgi.ini"), "[uwsgi]\nmodule = meter.wsgi:application\nsocket = /run/meter/app.sock\n");
    const r = cli(["-f", "json", "--no-config", "--dialect", "nginx", "meter.nginx", "meter.uwsgi.ini"], { cwd: root });
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; line: number }[] }[];
    const found = results.flatMap((f) => f.messages.map((m) => `${path.basename(f.filePath)}:${m.line} ${m.ruleId}`));
    // Read as uWSGI: no syntax error in the ini (only the Django side speaks of it: no project here), and nginx's
    // backend is compared with the socket uWSGI binds.
    expect(found.filter((m) => m.startsWith("meter.uwsgi.ini"))).toEqual(["meter.uwsgi.ini:2 django/settings-not-found"]);
    expect(found).toContain("meter.nginx:6 nginx/backend-not-listening");
  });
  test("--map reads production paths from the repository", () => {
    const c = path.join(RULE_FIX("apache/wsgi-script-beside-settings"), "fires-on-disk");
    const args = ["-f", "json", path.join(c, "httpd.conf")];
    const ids = (a: string[]) => (JSON.parse(cli(a).stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));
    expect(ids(args)).not.toContain("apache/wsgi-script-beside-settings");
    expect(ids(["--map", `/usr/local/django=${path.join(c, "tree")}`, ...args])).toContain("apache/wsgi-script-beside-settings");
  });
  test("--version and --help", () => {
    expect(cli(["--version"]).stdout.trim()).toBe(pkg.version);
    const h = cli(["--help"]);
    expect(h.code).toBe(0);
    for (const flag of ["--format", "--dialect", "--map", "--profile", "--rule", "--quiet", "--max-warnings", "--no-color", "--server-root"]) {
      expect(h.stdout.replace("--color", "--no-color")).toContain(flag);
    }
  });
});

test("an internal error is one line and exit 2; the stack only with DEBUG", () => {
  const lines: string[] = [];
  const sink = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  expect(reportInternalError(new Error("boom"), {}, sink)).toBe(2);
  expect(lines.join("")).toMatch(/^djlint-conf: internal error: boom .*\n$/);
  lines.length = 0;
  reportInternalError(new Error("boom"), { DEBUG: "1" }, sink);
  expect(lines.join("")).toMatch(/\n\s+at /);
});

describe("rules and server knowledge from the command line", () => {
  test("--list-rules lists every rule and engine id with severity and summary", () => {
    const r = cli(["--list-rules"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines.find((l) => l.startsWith("apache/python-debug-on "))).toMatch(/^apache\/python-debug-on\s+error\s+fix\s+PythonDebug On shows/);
    expect(lines.find((l) => l.startsWith("include-not-found "))).toMatch(/warning/);
    const ids = lines.map((l) => l.split(/\s+/)[0]);
    expect(ids).toEqual([...ids].sort());
  });

  test("--apache-mpm and --apache-module describe a build with modules compiled in", () => {
    const f = tmpConf("LoadModule python_module modules/mod_python.so\n", "httpd.conf");
    const ids = (extra: string[]) => (JSON.parse(cli(["-f", "json", ...extra, f]).stdout)[0].messages as { ruleId: string }[]).map((m) => m.ruleId);
    expect(ids([])).toEqual([]);
    expect(ids(["--apache-mpm", "worker"])).toEqual(["apache/modpython-threaded-mpm"]);
    expect(ids(["--apache-mpm", "prefork"])).toEqual([]);
    const guarded = tmpConf("<IfModule mod_python.c>\n    PythonDebug On\n</IfModule>\n", "vhost.conf");
    const debug = (extra: string[]) => (JSON.parse(cli(["-f", "json", ...extra, guarded]).stdout)[0].messages as unknown[]).length;
    // Unknown module set: the guard may hold, so the finding stands; a known set without mod_python skips it.
    expect(debug([])).toBe(1);
    expect(debug(["--apache-module", "wsgi_module"])).toBe(0);
    expect(debug(["--apache-module", "python_module"])).toBe(1);
  });
});

test("the bundle carries no dependency it never runs (cosmiconfig's TypeScript loader once pulled in 7 MB)", () => {
  const size = fs.statSync("dist/cli.cjs").size;
  // 1.3 MB with the django/* rules and the configuration cascade (the language server's protocol, the Python parser,
  // yaml, cosmiconfig and yargs are bundles beside it): a dependency pulled in by mistake adds megabytes, not this.
  expect(size).toBeLessThan(1.6 * 1024 * 1024);
  for (const f of fs.readdirSync("dist").filter((n) => /^cli(-[a-z]+)?\.cjs$/.test(n)))
    expect([f, fs.readFileSync(path.join("dist", f), "utf8").includes("node_modules/typescript/")]).toEqual([f, false]);
});

test("no bundle names a directory of the machine that built it (an installed copy runs anywhere)", () => {
  const bundles = fs.readdirSync("dist").filter((n) => /^(cli(-[a-z]+)?\.cjs|index\.mjs)$/.test(n));
  expect(bundles).toEqual(expect.arrayContaining(["cli.cjs", "index.mjs"]));
  for (const f of bundles) expect([f, fs.readFileSync(path.join("dist", f), "utf8").includes(path.resolve("."))]).toEqual([f, false]);
});

describe("the code cache the entry point uses", () => {
  const copy = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-dist-"));
    for (const f of ["cli.js", "cli.cjs", "cli.cjs.cache"]) fs.copyFileSync(path.resolve("dist", f), path.join(dir, f));
    fs.cpSync(path.resolve("dist/catalog"), path.join(dir, "catalog"), { recursive: true });
    return dir;
  };
  const run = (dir: string) =>
    spawnSync(process.execPath, [path.join(dir, "cli.js"), "-f", "json", path.resolve("fixtures/rules/apache/python-debug-on/fires-location.conf")], {
      encoding: "utf8",
    });

  test("the build writes one, and a broken one is replaced without changing the output", () => {
    expect(fs.statSync("dist/cli.cjs.cache").size).toBeGreaterThan(100_000);
    const dir = copy();
    const good = run(dir);
    fs.writeFileSync(path.join(dir, "cli.cjs.cache"), "not a code cache");
    const broken = run(dir);
    expect([broken.status, broken.stdout]).toEqual([good.status, good.stdout]);
    expect(good.status).toBe(1);
    expect(fs.statSync(path.join(dir, "cli.cjs.cache")).size).toBeGreaterThan(100_000);
  });

  test("a run under V8 flags of the user's keeps a cache of its own, and the build's stays for runs without them", () => {
    const dir = copy();
    const built = path.join(dir, "cli.cjs.cache");
    const bytes = fs.readFileSync(built);
    const runWith = (options: string) =>
      spawnSync(process.execPath, [path.join(dir, "cli.js"), "-f", "json", path.resolve("fixtures/rules/apache/python-debug-on/fires-location.conf")], {
        encoding: "utf8",
        env: { ...process.env, NODE_OPTIONS: options },
      });
    const plain = runWith("");
    const own = () => fs.readdirSync(dir).filter((f) => /^cli\.cjs\.[0-9a-f]{8}\.cache$/.test(f));
    expect(own()).toEqual([]);
    // A V8 flag: V8 rejects the build's cache, and the run writes one of its own at exit.
    const flagged = runWith("--max-old-space-size=4096");
    expect([flagged.status, flagged.stdout, flagged.stderr]).toEqual([plain.status, plain.stdout, plain.stderr]);
    expect(fs.readFileSync(built).equals(bytes)).toBe(true);
    expect(own()).toHaveLength(1);
    const ownFile = path.join(dir, own()[0]);
    const ownBytes = fs.readFileSync(ownFile);
    expect(ownBytes.length).toBeGreaterThan(100_000);
    // Each kind of run finds its cache accepted: neither is written again.
    expect(runWith("").stdout).toBe(plain.stdout);
    expect(runWith("--max-old-space-size=4096").stdout).toBe(plain.stdout);
    expect(fs.readFileSync(built).equals(bytes)).toBe(true);
    expect(fs.readFileSync(ownFile).equals(ownBytes)).toBe(true);
    // An option that leaves V8's flags alone uses the build's cache and writes nothing.
    const hook = path.join(dir, "hook.cjs");
    fs.writeFileSync(hook, "");
    expect(runWith(`--require ${hook}`).stdout).toBe(plain.stdout);
    expect(own()).toHaveLength(1);
    expect(fs.readFileSync(built).equals(bytes)).toBe(true);
  });

  test("the bundle is its own module wrapper: the entry runs it from the cache, and Node runs it as any CommonJS file", () => {
    const args = ["-f", "json", path.resolve("fixtures/rules/apache/python-debug-on/fires-location.conf")];
    const viaEntry = spawnSync(process.execPath, [path.resolve("dist/cli.js"), ...args], { encoding: "utf8" });
    const byNode = spawnSync(process.execPath, [path.resolve("dist/cli.cjs"), ...args], { encoding: "utf8" });
    expect(viaEntry.status).toBe(1);
    expect([byNode.status, byNode.stdout, byNode.stderr]).toEqual([viaEntry.status, viaEntry.stdout, viaEntry.stderr]);
    // Run as a script, its value is the module function (what the entry calls), and nothing runs before that call.
    const value = new vm.Script(fs.readFileSync("dist/cli.cjs", "latin1")).runInThisContext();
    expect(typeof value).toBe("function");
    expect(value.length).toBe(5);
  });

  test("works when the cache can be neither read nor written", () => {
    // A directory where the cache file should be: reading fails, and so does the final rename.
    const dir = copy();
    fs.rmSync(path.join(dir, "cli.cjs.cache"));
    fs.mkdirSync(path.join(dir, "cli.cjs.cache", "x"), { recursive: true });
    const r = run(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    expect((JSON.parse(r.stdout)[0].messages as { ruleId: string }[]).map((m) => m.ruleId)).toContain("apache/python-debug-on");
    expect(fs.readdirSync(dir).sort()).toEqual(["catalog", "cli.cjs", "cli.cjs.cache", "cli.js"]);
  });

  test("a bundle beside cli.cjs (the Python parser's, for a lint tied to a Django project) has its own, treated the same way", () => {
    const dir = copy();
    for (const f of ["cli-python.cjs", "cli-python.cjs.cache"]) fs.copyFileSync(path.resolve("dist", f), path.join(dir, f));
    const tied = () =>
      spawnSync(process.execPath, [path.join(dir, "cli.js"), "-f", "json", "--no-config", "deploy/nginx/shop.conf"], {
        cwd: path.resolve("fixtures/rules/django/debug-true/fires-nginx-repository"),
        encoding: "utf8",
      });
    const cache = path.join(dir, "cli-python.cjs.cache");
    expect(fs.statSync(cache).size).toBeGreaterThan(10_000);
    const good = tied();
    expect(good.stdout).toContain("django/debug-true");
    fs.writeFileSync(cache, "not a code cache");
    const broken = tied();
    expect([broken.status, broken.stdout, broken.stderr]).toEqual([good.status, good.stdout, good.stderr]);
    expect(fs.statSync(cache).size).toBeGreaterThan(10_000);
    fs.rmSync(cache);
    fs.mkdirSync(path.join(cache, "x"), { recursive: true });
    const unwritable = tied();
    expect([unwritable.status, unwritable.stdout, unwritable.stderr]).toEqual([good.status, good.stdout, good.stderr]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
