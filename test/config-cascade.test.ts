/**
 * Configuration that scales to a repository, through the real CLI: the
 * cascade up to the project root (and `root: true`), `extends`, `overrides`,
 * ignore patterns and .gitignore, --print-config, severity spellings, and
 * malformed configuration as a positioned usage error. The layouts are the
 * ones a Django shop keeps: a monorepo with deploy/apache2 and deploy/nginx, a
 * legacy site with its own configuration, a build directory git ignores.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cli } from "./support/cli.js";

function tree(files: Record<string, string>, { git = true } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-cascade-"));
  if (git) expect(spawnSync("git", ["init", "-q", dir]).status).toBe(0);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** `file ruleId severity` for every finding, by the JSON report. */
function findings(dir: string, args: string[]): string[] {
  const r = cli(["-f", "json", ...args], { cwd: dir });
  // The run's note on production paths not on this machine (/srv/...) is expected; nothing else.
  expect([r.code === 2, r.stderr.replace(/^djlint-conf: note: .*\n/m, "")]).toEqual([false, ""]);
  return (JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; djlintSeverity: string }[] }[]).flatMap((f) =>
    f.messages.map((m) => `${path.relative(dir, f.filePath)} ${m.ruleId} ${m.djlintSeverity}`),
  );
}
const only = (ids: string[], list: string[]) => list.filter((l) => ids.some((id) => l.includes(` ${id} `)));

const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";
const DEBUG = "PythonDebug On\n";
/** Apache 2.2 access control: apache/legacy-access-control on 2.4, silent for a 2.2 server. */
const LEGACY = "PythonDebug On\n<Directory /srv/legacy>\n    Order deny,allow\n    Allow from all\n</Directory>\n";
const NGINX = [
  "events {}",
  "http {",
  "    server {",
  "        listen 80;",
  "        server_name shop.example.com;",
  "        location / {",
  "            proxy_pass http://127.0.0.1:8000;",
  "            proxy_set_header Host $http_host;",
  "        }",
  "    }",
  "}",
  "",
].join("\n");
const APACHE_MAIN = "LoadModule python_module /usr/lib/apache2/modules/mod_python.so\nIncludeOptional sites-enabled/*.conf\n";

describe("the cascade: every configuration up to the project root, the nearest winning", () => {
  test("a nested configuration for a legacy site inherits the repository's, and adds its own", () => {
    const dir = tree({
      ".djlint-conf.json": json({ rules: { "apache/python-debug-on": "warning" } }),
      "deploy/apache2/sites-enabled/shop.conf": LEGACY,
      "deploy/legacy/.djlint-conf.json": json({ apacheVersion: "2.2" }),
      "deploy/legacy/site.conf": LEGACY,
    });
    expect(only(["apache/python-debug-on", "apache/legacy-access-control"], findings(dir, ["deploy"]))).toEqual([
      "deploy/apache2/sites-enabled/shop.conf apache/python-debug-on warning",
      "deploy/apache2/sites-enabled/shop.conf apache/legacy-access-control warning",
      // inherited severity, its own apacheVersion (2.2: Order/Allow is how access is written there)
      "deploy/legacy/site.conf apache/python-debug-on warning",
    ]);
  });

  test("root: true stops the inheritance (and the search)", () => {
    const dir = tree({
      ".djlint-conf.json": json({ rules: { "apache/python-debug-on": "off" } }),
      "deploy/legacy/.djlint-conf.json": json({ root: true, apacheVersion: "2.2" }),
      "deploy/legacy/site.conf": DEBUG,
      "deploy/shop/site.conf": DEBUG,
    });
    expect(only(["apache/python-debug-on"], findings(dir, ["deploy"]))).toEqual(["deploy/legacy/site.conf apache/python-debug-on error"]);
  });

  test.each([".djlint-conf.yaml", ".djlint-conf.yml", ".djlint-confrc.yaml", ".djlint-confrc"])("a YAML configuration named %s is read", (name) => {
    const dir = tree({ [name]: "rules:\n  apache/python-debug-on: warning\n", "deploy/site.conf": DEBUG });
    expect(only(["apache/python-debug-on"], findings(dir, ["deploy"]))).toEqual(["deploy/site.conf apache/python-debug-on warning"]);
  });

  test("nothing above the project root is read (a package.json marks it, as before)", () => {
    const dir = tree(
      { ".djlint-conf.json": json({ rules: { "apache/python-debug-on": "off" } }), "site/package.json": "{}\n", "site/conf/site.conf": DEBUG },
      { git: false },
    );
    expect(only(["apache/python-debug-on"], findings(path.join(dir, "site"), ["conf"]))).toEqual(["conf/site.conf apache/python-debug-on error"]);
  });
});

describe("extends", () => {
  test("a path relative to the extending file; the extending file's keys win, maps merge", () => {
    const dir = tree({
      "shared/base.yaml": "rules:\n  apache/python-debug-on: 1\n  apache/legacy-access-control: off\nextraDirectives: [MyDirective]\n",
      "deploy/.djlint-conf.json": json({ extends: "../shared/base.yaml", rules: { "apache/legacy-access-control": "error" } }),
      "deploy/site.conf": LEGACY + "MyDirective on\n",
    });
    expect(only(["apache/python-debug-on", "apache/legacy-access-control", "unknown-directive"], findings(dir, ["deploy"]))).toEqual([
      "deploy/site.conf apache/python-debug-on warning",
      "deploy/site.conf apache/legacy-access-control error",
    ]);
  });

  test("a list: later entries win over earlier ones, the file itself over both", () => {
    const dir = tree({
      "a.json": json({ rules: { "apache/python-debug-on": "info" }, profile: "production" }),
      "b.json": json({ rules: { "apache/python-debug-on": "warning" } }),
      ".djlint-conf.json": json({ extends: ["./a.json", "./b.json"] }),
      "conf/site.conf": DEBUG,
    });
    expect(only(["apache/python-debug-on"], findings(dir, ["conf"]))).toEqual(["conf/site.conf apache/python-debug-on warning"]);
  });

  test.each([
    [
      "a package name",
      { extends: "eslint-config-django" },
      /\.djlint-conf\.json:2:3: "extends" names "eslint-config-django", not a path: .*packages are never loaded/,
    ],
    ["a missing file", { extends: "./missing.json" }, /\.djlint-conf\.json:2:3: "extends" cannot read .*missing\.json: no such file/],
    ["a directory", { extends: ["./conf"] }, /\.djlint-conf\.json:3:5: "extends\[0\]" cannot read .*conf: not a regular file/],
  ])("%s is a usage error naming the file, the position and the key", (_name, config, message) => {
    const dir = tree({ ".djlint-conf.json": json(config), "conf/site.conf": DEBUG });
    const r = cli(["conf"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(path.join(dir, ".djlint-conf.json"));
  });

  test("a cycle is an error that shows it", () => {
    const dir = tree({
      ".djlint-conf.json": json({ extends: "./a.yaml" }),
      "a.yaml": "extends: ./b.json\n",
      "b.json": json({ extends: "./a.yaml" }),
      "conf/site.conf": DEBUG,
    });
    const r = cli(["conf"], { cwd: dir });
    expect(r.code).toBe(2);
    const [a, b] = ["a.yaml", "b.json"].map((f) => path.join(dir, f));
    expect(r.stderr).toContain(`${b}:2:3: "extends" makes a cycle: ${path.join(dir, ".djlint-conf.json")} -> ${a} -> ${b} -> ${a}`);
  });

  test("a JavaScript configuration reached through extends goes through the trust check", () => {
    const dir = tree({ ".djlint-conf.json": json({ extends: "./shared/base.cjs" }), "conf/site.conf": DEBUG });
    const marker = path.join(dir, "ran");
    fs.mkdirSync(path.join(dir, "shared"));
    fs.writeFileSync(path.join(dir, "shared/base.cjs"), `require("fs").writeFileSync(${JSON.stringify(marker)}, "x"); module.exports = {};\n`);
    fs.chmodSync(path.join(dir, "shared"), 0o777); // anyone could have swapped it
    const r = cli(["conf"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"extends" refusing to load .*base\.cjs: the directory .*shared is writable by group and others/);
    expect(fs.existsSync(marker)).toBe(false);
    // Once only its owner can write there, it runs.
    fs.chmodSync(path.join(dir, "shared"), 0o755);
    expect(cli(["conf"], { cwd: dir }).code).toBe(1);
    expect(fs.existsSync(marker)).toBe(true);
  });
});

describe("overrides", () => {
  test("globs relative to the configuration: per-directory settings and severities in a monorepo", () => {
    const dir = tree({
      ".djlint-conf.json": json({
        overrides: [
          { files: ["deploy/nginx/**"], rules: { "nginx/host-from-http-host": "error" } },
          { files: "deploy/legacy/**", apacheVersion: "2.2" },
        ],
      }),
      "deploy/nginx/nginx.conf": NGINX,
      "deploy/apache2/sites-enabled/shop.conf": LEGACY,
      "deploy/legacy/site.conf": LEGACY,
      "other/nginx.conf": NGINX,
    });
    expect(only(["nginx/host-from-http-host", "apache/legacy-access-control"], findings(dir, ["deploy", "other"]))).toEqual([
      "deploy/apache2/sites-enabled/shop.conf apache/legacy-access-control warning",
      "deploy/nginx/nginx.conf nginx/host-from-http-host error",
      "other/nginx.conf nginx/host-from-http-host warning",
    ]);
  });

  test("later entries win; excludedFiles takes files back out", () => {
    const dir = tree({
      ".djlint-conf.json": json({
        overrides: [
          { files: ["conf/**"], rules: { "apache/python-debug-on": "info" } },
          { files: ["conf/staging/*.conf"], excludedFiles: ["conf/staging/keep.conf"], rules: { "apache/python-debug-on": 0 } },
        ],
      }),
      "conf/prod.conf": DEBUG,
      "conf/staging/site.conf": DEBUG,
      "conf/staging/keep.conf": DEBUG,
    });
    expect(only(["apache/python-debug-on"], findings(dir, ["conf"]))).toEqual([
      "conf/prod.conf apache/python-debug-on info",
      "conf/staging/keep.conf apache/python-debug-on info",
    ]);
  });

  test("an entry's rules apply where the finding is: a vhost the main configuration includes", () => {
    const dir = tree({
      ".djlint-conf.json": json({ overrides: [{ files: ["deploy/apache2/sites-enabled/staging.conf"], rules: { "apache/python-debug-on": "off" } }] }),
      "deploy/apache2/apache2.conf": APACHE_MAIN,
      "deploy/apache2/sites-enabled/shop.conf": DEBUG,
      "deploy/apache2/sites-enabled/staging.conf": DEBUG,
    });
    expect(only(["apache/python-debug-on"], findings(dir, ["--report-all", "deploy/apache2/apache2.conf"]))).toEqual([
      "deploy/apache2/sites-enabled/shop.conf apache/python-debug-on error",
    ]);
  });
});

describe("ignoring files", () => {
  const layout = () =>
    tree({
      ".gitignore": "build/\n*.bak.conf\n",
      "deploy/.gitignore": "generated/\n!generated/keep.conf\n",
      ".djlint-conf.json": json({ ignorePatterns: ["vendor/"] }),
      "deploy/site.conf": DEBUG,
      "deploy/old.bak.conf": DEBUG,
      "deploy/generated/out.conf": DEBUG,
      "build/apache2/site.conf": DEBUG,
      "vendor/site.conf": DEBUG,
      "third/site.conf": DEBUG,
    });
  const files = (list: string[]) => [...new Set(list.map((l) => l.split(" ")[0]))].sort();

  test(".gitignore'd paths (nested files too) and ignorePatterns are skipped by default", () => {
    expect(files(findings(layout(), ["."]))).toEqual(["deploy/site.conf", "third/site.conf"]);
  });

  test("--ignore-pattern (repeatable, relative to the working directory) adds to them", () => {
    expect(files(findings(layout(), ["--ignore-pattern", "third/", "."]))).toEqual(["deploy/site.conf"]);
    const r = cli(["--ignore-pattern", "third/", "--ignore-pattern", "deploy/site.conf", "."], { cwd: layout() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no files to lint: '\.' are all ignored \(\.gitignore; --ignore-pattern; ignorePatterns in .*\.djlint-conf\.json\)/);
  });

  test("--no-ignore lints them all", () => {
    expect(files(findings(layout(), ["--no-ignore", "--ignore-pattern", "third/", "."]))).toEqual([
      "build/apache2/site.conf",
      "deploy/generated/out.conf",
      "deploy/old.bak.conf",
      "deploy/site.conf",
      "third/site.conf",
      "vendor/site.conf",
    ]);
  });

  test(".gitignore is read only inside a git work tree", () => {
    const dir = tree({ ".gitignore": "build/\n", "package.json": "{}\n", "build/site.conf": DEBUG }, { git: false });
    expect(files(findings(dir, ["."]))).toEqual(["build/site.conf"]);
  });

  test("a named file that is ignored is not linted: exit 2, naming why", () => {
    const r = cli(["build/apache2/site.conf"], { cwd: layout() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no files to lint: 'build\/apache2\/site.conf' is ignored \(\.gitignore\).*--no-ignore/);
  });
});

describe("--print-config FILE", () => {
  test("the files it comes from, the settings after overrides and flags, severities as words, exit 0", () => {
    const dir = tree({
      "shared/base.json": json({ rules: { "apache/keepalive-on": 0 }, pathMap: { "/srv": "./srv" } }),
      ".djlint-conf.json": json({
        extends: "./shared/base.json",
        rules: { "apache/python-debug-on": "warn" },
        overrides: [{ files: ["deploy/legacy/**"], apacheVersion: "2.2", rules: { "apache/legacy-access-control": 2 } }],
      }),
      "deploy/legacy/.djlint-conf.json": json({ profile: "development" }),
    });
    const r = cli(["--print-config", "deploy/legacy/site.conf", "--rule", "apache/python-debug-on=1"], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(JSON.parse(r.stdout)).toEqual({
      file: path.join(dir, "deploy/legacy/site.conf"),
      configFiles: [path.join(dir, "shared/base.json"), path.join(dir, ".djlint-conf.json"), path.join(dir, "deploy/legacy/.djlint-conf.json")],
      ignored: false,
      rules: { "apache/keepalive-on": "off", "apache/python-debug-on": "warning", "apache/legacy-access-control": "error" },
      pathMap: { "/srv": path.join(dir, "shared/srv") },
      apacheVersion: "2.2",
      profile: "development",
    });
  });

  test("an ignored file says why", () => {
    const dir = tree({ ".gitignore": "build/\n", "build/site.conf": DEBUG });
    const r = cli(["--print-config", "build/site.conf"], { cwd: dir });
    expect(JSON.parse(r.stdout)).toMatchObject({ configFiles: [], ignored: ".gitignore" });
  });
});

describe("severity spellings", () => {
  test.each([
    ["warn", "warning"],
    [0, null],
    [1, "warning"],
    [2, "error"],
    ["info", "info"],
  ])("%j in a configuration file", (given, shown) => {
    const dir = tree({ ".djlint-conf.json": json({ rules: { "apache/python-debug-on": given } }), "conf/site.conf": DEBUG });
    expect(only(["apache/python-debug-on"], findings(dir, ["conf"]))).toEqual(shown ? [`conf/site.conf apache/python-debug-on ${shown}`] : []);
  });

  test.each([
    ["warn", "warning"],
    ["0", null],
    ["1", "warning"],
    ["2", "error"],
  ])("--rule ID=%s", (given, shown) => {
    const dir = tree({ "conf/site.conf": DEBUG });
    expect(only(["apache/python-debug-on"], findings(dir, ["--rule", `apache/python-debug-on=${given}`, "conf"]))).toEqual(
      shown ? [`conf/site.conf apache/python-debug-on ${shown}`] : [],
    );
  });
});

describe("a malformed configuration stops the run (exit 2) at the file, position and key", () => {
  test.each([
    ["bad JSON", ".djlint-conf.json", '{\n  "rules": { "apache/python-debug-on": "warn", }\n}\n', /\.djlint-conf\.json:2:48: cannot read the configuration/],
    ["bad YAML", ".djlint-confrc.yaml", "rules:\n  apache/python-debug-on: [warn\n", /\.djlint-confrc\.yaml:3:1: cannot read the configuration/],
    [
      "an unknown key",
      ".djlint-conf.json",
      '{\n  "rules": {},\n  "ignorePattern": ["vendor/"]\n}\n',
      /\.djlint-conf\.json:3:3: "ignorePattern" is not a configuration key/,
    ],
    [
      "an unknown key in an overrides entry",
      ".djlint-conf.json",
      '{\n  "overrides": [\n    { "files": ["x/**"], "root": true }\n  ]\n}\n',
      /\.djlint-conf\.json:3:26: "overrides\[0\]\.root" is not a key of an overrides entry/,
    ],
    ["a wrong type", ".djlint-confrc.yaml", "overrides:\n  files: [x]\n", /\.djlint-confrc\.yaml:1:1: "overrides" must be a list/],
    ["an entry without files", ".djlint-conf.json", '{ "overrides": [{ "rules": {} }] }', /\.djlint-conf\.json:1:17: "overrides\[0\]\.files" is required/],
    [
      "a bad glob",
      ".djlint-conf.json",
      '{\n  "overrides": [{ "files": ["deploy/[legacy/**"] }]\n}\n',
      /\.djlint-conf\.json:2:29: "overrides\[0\]\.files\[0\]" is not a valid glob/,
    ],
    [
      "a glob that leaves the directory",
      ".djlint-conf.json",
      '{ "dialects": { "../conf/*.site": "apache" } }',
      /\.djlint-conf\.json:1:17: "dialects\.\.\.\/conf\/\*\.site" must be relative to the configuration file's directory/,
    ],
    [
      "a bad severity",
      ".djlint-confrc.yaml",
      "rules:\n  apache/python-debug-on: 3\n",
      /\.djlint-confrc\.yaml:2:3: "rules\.apache\/python-debug-on" must be one of "off", "info", "warning", "error" \(or "warn", and 0, 1, 2/,
    ],
    [
      "a bad key in package.json",
      "package.json",
      '{\n  "name": "shop",\n  "djlint-conf": { "profil": "development" }\n}\n',
      /package\.json:3:20: "profil" is not a configuration key/,
    ],
  ])("%s", (_name, file, text, message) => {
    const dir = tree({ [file]: text, "conf/site.conf": DEBUG });
    const r = cli(["conf"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(path.join(dir, file));
  });
});
