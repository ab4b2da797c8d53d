/**
 * The published package, as a user gets it: `npm pack` (of the dist/ that
 * `npm test` just built), `npm install -g` of the tarball into a temporary
 * prefix, and the installed bins run from another directory. The docs must be
 * found from the package itself (not from the bin symlink or the working
 * directory): `--explain` prints the whole page, SARIF carries the pages as
 * help, and the language server links and shows them.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TestClient, uri } from "./lsp/client.js";
import { sarifValidator } from "./support/sarif.js";

const ROOT = process.cwd();
const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { name: string; version: string };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-pkg-"));
const prefix = path.join(tmp, "prefix");
const work = path.join(tmp, "work site");
const env = {
  ...process.env,
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
  npm_config_update_notifier: "false",
  NO_COLOR: "1",
};
const npm = (args: string[], cwd: string) => spawnSync("npm", args, { cwd, env, encoding: "utf8" });
const bin = (name: string) => path.join(prefix, "bin", name);
const run = (args: string[], cwd = work): SpawnSyncReturns<string> => spawnSync(bin("djlint-conf"), args, { cwd, env, encoding: "utf8" });
const page = (id: string) => fs.readFileSync(path.join(ROOT, "docs/rules", `${id}.md`), "utf8");

let tarball = "";
let packed: string[] = [];

beforeAll(() => {
  if (!fs.existsSync("dist/cli.cjs")) throw new Error("dist/ is missing: run `npm run build` (npm test does)");
  // --ignore-scripts: dist/ was built by `npm test`; rebuilding it here would pull it from under the other test files.
  const p = npm(["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], ROOT);
  expect(p.status).toBe(0);
  const info = JSON.parse(p.stdout)[0] as { filename: string; files: { path: string }[] };
  tarball = path.join(tmp, info.filename);
  packed = info.files.map((f) => f.path).sort();
  fs.mkdirSync(work);
}, 120_000);

test("the tarball holds what the installed command needs, and nothing else", () => {
  const docs = fs
    .readdirSync("docs/rules", { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/rules/${f.split(path.sep).join("/")}`);
  // The catalogs, and the big tables of two of them as lines (scripts/catalog-rows.mjs).
  const catalogs = [...fs.readdirSync("src/catalog/data").map((f) => `dist/catalog/${f}`), "dist/catalog/apache.rows", "dist/catalog/nginx.rows"];
  const expected = [
    "LICENSE",
    "README.md",
    "package.json",
    "dist/cli.js",
    "dist/cli.cjs",
    "dist/cli.cjs.cache",
    // The packages only some runs need, each bundled on its own with its code cache.
    ...["config", "lsp", "python", "regex", "yaml", "yargs"].flatMap((c) => [`dist/cli-${c}.cjs`, `dist/cli-${c}.cjs.cache`]),
    "dist/lsp.js",
    "dist/package.json",
    "dist/THIRD-PARTY-LICENSES.txt",
    "dist/index.mjs",
    "dist/index.d.mts",
    ...catalogs,
    ...docs,
  ].sort();
  expect(packed).toEqual(expected);
  expect(packed.filter((f) => /\.map$|^test\/|^fixtures\/|^src\//.test(f))).toEqual([]);
});

test("the licence matches package.json", () => {
  const manifest = JSON.parse(fs.readFileSync("package.json", "utf8")) as { license: string };
  expect(manifest.license).toBe("MIT");
  const text = fs.readFileSync("LICENSE", "utf8");
  expect(text).toMatch(/^MIT License\n\nCopyright \(c\) The djlint-conf authors\n/);
  expect(text).toContain("Permission is hereby granted, free of charge");
});

describe("installed with npm install -g into a prefix", () => {
  let install: SpawnSyncReturns<string>;
  beforeAll(() => {
    // No dependencies to fetch (the bundle carries them): offline works.
    install = npm(["install", "-g", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", tarball], work);
  }, 120_000);

  test("installs offline, runs no script, and npm warns about nothing but the prepare script it does not run", () => {
    expect([install.status, install.stderr.split("\n").filter((l) => /^npm error/.test(l))]).toEqual([0, []]);
    // npm 11 lists a tarball's `prepare` (our build, for checkouts and git installs) among scripts it did not run;
    // installs from the registry or with --ignore-scripts say nothing.
    const warnings = install.stderr
      .split("\n")
      .filter(
        (l) =>
          /^npm warn/.test(l) &&
          !/^npm warn install-scripts(\s*$|\s+(1 package has install scripts|djlint-conf@[^ ]+ \(prepare: node scripts\/build\.mjs\)|Run `npm))/.test(l),
      );
    expect(warnings).toEqual([]);
    const installed = path.join(prefix, "lib/node_modules", pkg.name);
    expect(fs.existsSync(path.join(installed, "scripts"))).toBe(false);
    expect(fs.existsSync(path.join(installed, "node_modules"))).toBe(false);
    expect(fs.lstatSync(bin("djlint-conf")).isSymbolicLink()).toBe(true);
  });

  test("--version", () => {
    const r = run(["--version"]);
    expect([r.status, r.stdout.trim()]).toEqual([0, pkg.version]);
  });

  test("--explain prints the rule's whole page, also through a symlink Node does not resolve", () => {
    const r = run(["--explain", "apache/python-debug-on"]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toBe(page("apache/python-debug-on"));
    const preserved = spawnSync(process.execPath, ["--preserve-symlinks-main", bin("djlint-conf"), "--explain", "nginx/alias-traversal"], {
      cwd: work,
      env,
      encoding: "utf8",
    });
    expect([preserved.status, preserved.stdout]).toEqual([0, page("nginx/alias-traversal")]);
  });

  test("a lint with --format sarif is valid, with the pages as help and fingerprints on every result", () => {
    const names = ["site.conf", "my site.conf", "100%.conf", "a#b.conf", "café.conf"];
    for (const n of names) fs.writeFileSync(path.join(work, n), "<Location />\n    PythonDebug On\n</Location>\n");
    const r = run(["--format", "sarif", "--no-config", "."]);
    expect([r.status, r.stderr]).toEqual([1, ""]);
    const log = JSON.parse(r.stdout);
    expect(sarifValidator(ROOT)(log)).toEqual([]);
    const rules = log.runs[0].tool.driver.rules as { id: string; help: { markdown: string }; helpUri?: string }[];
    for (const rule of rules) expect([rule.id, typeof rule.help?.markdown]).toEqual([rule.id, "string"]);
    const debug = rules.find((x) => x.id === "apache/python-debug-on")!;
    expect(debug.help.markdown).toBe(page("apache/python-debug-on"));
    expect(fs.realpathSync(fileURLToPath(debug.helpUri!))).toBe(
      fs.realpathSync(path.join(prefix, "lib/node_modules", pkg.name, "docs/rules/apache/python-debug-on.md")),
    );
    const results = log.runs[0].results as {
      partialFingerprints?: Record<string, string>;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
    expect(results.length).toBe(names.length);
    for (const x of results) expect(Object.keys(x.partialFingerprints ?? {})).toEqual(["djlintConf/v1"]);
    expect(results.map((x) => decodeURIComponent(x.locations[0].physicalLocation.artifactLocation.uri)).sort()).toEqual([...names].sort());
  });

  test("the runs that load a bundle beside cli.cjs: a lint tied to a Django project, a YAML configuration error, --help", () => {
    // The fixture's settings.py says what the Django side must find: DEBUG = True in the settings its server runs.
    const project = path.join(work, "django project");
    fs.cpSync(path.join(ROOT, "fixtures/rules/django/debug-true/fires-nginx-repository"), project, { recursive: true });
    const tied = run(["-f", "json", "--no-config", "deploy/nginx/shop.conf"], project);
    expect([tied.status, tied.stderr]).toEqual([1, expect.not.stringContaining("error")]);
    const ids = (JSON.parse(tied.stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));
    expect(ids).toContain("django/debug-true");
    const configured = path.join(work, "yaml config");
    fs.mkdirSync(configured);
    fs.writeFileSync(path.join(configured, ".djlint-confrc.yaml"), "root: true\nrules:\n  no/such-rule: error\n");
    fs.writeFileSync(path.join(configured, "site.conf"), "<Location />\n</Location>\n");
    const bad = run(["site.conf"], configured);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(".djlint-confrc.yaml:3:3:");
    const help = run(["--help"]);
    expect([help.status, help.stdout]).toEqual([0, expect.stringContaining("--no-config")]);
  });

  test("djlint-conf-lsp answers initialize, links each finding to its installed page and shows it on hover", async () => {
    // Started from the site's directory, as an editor does: the pages must come from the package, not from the working directory.
    const client = new TestClient(["--stdio"], bin("djlint-conf-lsp"), work);
    try {
      const init = await client.initialize(work);
      expect(init.capabilities).toEqual(expect.objectContaining({ hoverProvider: true }));
      const file = path.join(work, "lsp.conf");
      client.open(file, "<Location />\n    PythonDebug On\n</Location>\n");
      const published = await client.waitFor((p) => p.uri === uri(file) && p.diagnostics.length > 0);
      const d = published.diagnostics.find((x) => x.code === "apache/python-debug-on")!;
      const href = fileURLToPath(d.codeDescription!.href);
      expect(fs.realpathSync(href)).toBe(fs.realpathSync(path.join(prefix, "lib/node_modules", pkg.name, "docs/rules/apache/python-debug-on.md")));
      expect(fs.readFileSync(href, "utf8")).toBe(page("apache/python-debug-on"));
      const hover = (await client.conn.sendRequest("textDocument/hover", { textDocument: { uri: uri(file) }, position: d.range.start })) as {
        contents: { value: string };
      };
      expect(hover.contents.value).toContain(page("apache/python-debug-on").trim());
      expect(await client.shutdown()).toBe(0);
    } finally {
      client.kill();
    }
  }, 60_000);

  test("npx runs the tarball's bin with the same page", () => {
    const r = spawnSync(
      "npm",
      [
        "exec",
        "--yes",
        "--offline",
        "--cache",
        path.join(tmp, "npx-cache"),
        `--package=${tarball}`,
        "--",
        "djlint-conf",
        "--explain",
        "apache/python-debug-on",
      ],
      { cwd: work, env, encoding: "utf8" },
    );
    expect([r.status, r.stdout]).toEqual([0, page("apache/python-debug-on")]);
  }, 120_000);
});

describe("installed into a separate project, as a library", () => {
  const project = path.join(tmp, "consumer");
  let install: SpawnSyncReturns<string>;
  beforeAll(() => {
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    install = npm(["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], project);
  }, 120_000);

  // A file on disk, and in-memory text whose Include is read through an injected file system.
  const consumer = [
    'import { lint, formatters, rules } from "djlint-conf";',
    'const files = new Map([["/etc/extra.conf", "PythonDebug On\\n"]]);',
    "const memory = {",
    "  local: (p) => p,",
    '  kind: (p) => (files.has(p) ? "file" : null),',
    "  list: () => null,",
    '  read: (p) => (files.has(p) ? { text: files.get(p) } : { error: "no such file or directory" }),',
    "};",
    'const onDisk = lint({ paths: ["site.conf"], options: { dialect: "apache" } });',
    'const inMemory = lint({ texts: { "/srv/main.conf": "Include /etc/extra.conf\\n" }, options: { dialect: "apache" }, fs: memory });',
    "const found = (r) => r.results.flatMap((f) => f.messages.map((m) => [f.filePath, m.ruleId, m.range.line]));",
    "console.log(JSON.stringify({",
    "  onDisk: found(onDisk), inMemory: found(inMemory),",
    '  stylish: formatters.stylish(onDisk, { cwd: process.cwd() }).includes("apache/python-debug-on"),',
    '  rule: rules().find((r) => r.id === "apache/python-debug-on")?.severity,',
    "}));",
  ].join("\n");

  test("import { lint } works on a file and on in-memory text with an injected file system", () => {
    expect(install.status).toBe(0);
    fs.writeFileSync(path.join(project, "site.conf"), "<Location />\n    PythonDebug On\n</Location>\n");
    fs.writeFileSync(path.join(project, "use.mjs"), consumer);
    const r = spawnSync(process.execPath, ["use.mjs"], { cwd: project, env, encoding: "utf8" });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(JSON.parse(r.stdout)).toEqual({
      onDisk: [[path.join(fs.realpathSync(project), "site.conf"), "apache/python-debug-on", 2]],
      inMemory: [["/etc/extra.conf", "apache/python-debug-on", 1]],
      stylish: true,
      rule: "error",
    });
  });

  test("the package's types describe it: a TypeScript consumer type-checks, and a wrong call does not", () => {
    const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
    const check = (code: string) => {
      fs.writeFileSync(path.join(project, "use.ts"), code);
      return spawnSync(
        process.execPath,
        [
          tsc,
          "--noEmit",
          "--strict",
          "--module",
          "nodenext",
          "--moduleResolution",
          "nodenext",
          "--types",
          "node",
          "--typeRoots",
          path.join(ROOT, "node_modules/@types"),
          "use.ts",
        ],
        { cwd: project, env, encoding: "utf8" },
      );
    };
    const good = check(
      'import { lint, type LintResult } from "djlint-conf";\nconst r: LintResult = lint({ paths: ["site.conf"] });\nconst s: string = r.results[0].messages[0].severity;\nvoid s;\n',
    );
    expect([good.status, good.stdout]).toEqual([0, ""]);
    const bad = check('import { lint } from "djlint-conf";\nlint({ paths: "site.conf" });\n');
    expect(bad.stdout).toMatch(/use\.ts\(2,8\): error TS2322/);
  }, 120_000);
});
