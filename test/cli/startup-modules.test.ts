/**
 * What a one-file lint loads: the bundle (dist/cli.cjs) initialises a module that something may load later on first
 * use, through esbuild's `__esm` / `__commonJS` helpers, keyed by the module's path, and loads the packages that only
 * some runs need from bundles of their own beside it (dist/cli-<name>.cjs) through `__chunk`, keyed by the file's
 * name. The shipped bundles rename identifiers, and esbuild then drops the keys: the test builds the same bundles
 * readable (scripts/build.mjs with DJLINT_BUILD_READABLE), and a copy whose helpers record those keys shows which
 * modules and files a run initialised: a plain lint must not pay for yargs, cosmiconfig, `yaml`, the language server
 * or the Python parser (the start-up target: within 60 ms of `node -e 0`). Not a timed test: it fails when an import
 * makes one of them load again, whatever the machine.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ESM_INIT = "fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0))";
const CJS_INIT = "mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod)";
const CHUNK_LOAD = "const __chunk = (file) => (";
/** The bundles beside cli.cjs that it loads on first use. */
const CHUNKS = fs.readdirSync("dist").filter((f) => /^cli-[a-z]+\.cjs$/.test(f));

/** Loaded only for what a plain one-file lint does not do. */
const NOT_FOR_A_PLAIN_LINT: Record<string, RegExp> = {
  "yargs (a command line of paths, or paths and -f)": /^(node_modules\/(yargs|yargs-parser)\/|cli-yargs\.cjs$)/,
  "yargs' --help layout": /^(node_modules\/(cliui|y18n|wrap-ansi)\/|cli-yargs\.cjs$)/,
  "cosmiconfig (no configuration file)": /^(node_modules\/cosmiconfig\/|cli-config\.cjs$)/,
  "yaml (no configuration error to place)": /^(node_modules\/yaml\/|cli-yaml\.cjs$)/,
  "the language server": /^(src\/lsp\/|node_modules\/vscode-languageserver|cli-lsp\.cjs$)/,
  "the Python parser's tables (no Django project)": /^(node_modules\/@lezer\/|cli-python\.cjs$)/,
  "the linear-time regex matcher (no config pattern that needs it)": /^(node_modules\/re2js\/|cli-regex\.cjs$)/,
  "the fixer (no --fix)": /^src\/fix\/(run-fix|fix)\.ts$/,
};

/**
 * A dialect's grammar, loader and directive catalog: a lint of another dialect initialises none of them. (Its model's
 * server module is not listed: the rules of every dialect are loaded at start, and some import a constant from it.)
 */
const DIALECT_MODULES = (d: string) =>
  new RegExp(`^(grammars/${d}/(index|build|parser|tokens)\\.ts|src/(load|catalog)/${d}\\.ts|src/catalog/data/${d}\\.json)$`);

let dir = "";
let project = "";
/** The readable build's folder. */
let readable = "";

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-startup-"));
  readable = path.join(dir, "readable");
  const built = spawnSync(process.execPath, ["scripts/build.mjs"], { env: { ...process.env, DJLINT_BUILD_READABLE: readable }, encoding: "utf8" });
  expect([built.status, built.stderr]).toEqual([0, ""]);
  const bundle = fs.readFileSync(path.join(readable, "cli.cjs"), "utf8");
  // esbuild's helpers as the build emits them: if they change, this test must be taught the new ones.
  expect([bundle.includes(ESM_INIT), bundle.includes(CJS_INIT), bundle.includes(CHUNK_LOAD)]).toEqual([true, true, true]);
  const key = (v: string) => `(__inits.push(__getOwnPropNames(${v})[0]),0)`;
  const recording = bundle
    .replace('"use strict";', '"use strict";var __inits=[];process.on("exit",()=>require("fs").writeFileSync(process.env.INITS_OUT,__inits.join("\\n")));')
    .replace(ESM_INIT, `fn&&(${key("fn")},res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0))`)
    .replace(CJS_INIT, `mod||(${key("cb")},cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod)`)
    .replace(CHUNK_LOAD, `${CHUNK_LOAD}__inits.push(file),`);
  fs.writeFileSync(path.join(dir, "cli.cjs"), recording);
  for (const f of ["package.json", "catalog", ...CHUNKS]) fs.cpSync(path.join(readable, f), path.join(dir, f), { recursive: true });
  // A project of its own (.git bounds the configuration search), with one small virtual host.
  project = path.join(dir, "project");
  fs.mkdirSync(path.join(project, ".git"), { recursive: true });
  // Its web root is on this machine (a /var/www/a would be there only where Debian's web servers are installed, and the
  // run would say it is not, on standard error).
  const www = path.join(project, "www", "a");
  fs.mkdirSync(www, { recursive: true });
  fs.writeFileSync(path.join(project, "site.conf"), `<VirtualHost *:80>\n  ServerName a.example\n  DocumentRoot ${www}\n</VirtualHost>\n`);
  fs.writeFileSync(path.join(project, "proxy.conf"), `server {\n    listen 80;\n    server_name a.example;\n    root ${www};\n}\n`);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The modules a run initialised, in order. */
function initialised(args: string[]): string[] {
  const out = path.join(dir, "inits.txt");
  fs.rmSync(out, { force: true });
  const r = spawnSync(process.execPath, [path.join(dir, "cli.cjs"), ...args], { cwd: project, env: { ...process.env, INITS_OUT: out }, encoding: "utf8" });
  expect([r.status, r.stderr]).toEqual([0, ""]);
  return fs.readFileSync(out, "utf8").split("\n");
}

const offenders = (modules: string[]) =>
  Object.entries(NOT_FOR_A_PLAIN_LINT).flatMap(([what, re]) => modules.filter((m) => re.test(m)).map((m) => `${what}: ${m}`));

test("every module the lists keep out is in the bundle as a module loaded on demand, or in a bundle beside it (else the lists check nothing)", () => {
  const bundle = fs.readFileSync(path.join(readable, "cli.cjs"), "utf8");
  const lazy = [...[...bundle.matchAll(/"([^"]+)"\((?:exports|\))/g)].map((m) => m[1]), ...[...bundle.matchAll(/__chunk\("([^"]+)"\)/g)].map((m) => m[1])];
  const lists = { ...NOT_FOR_A_PLAIN_LINT, ...Object.fromEntries(["apache", "nginx", "lighttpd"].map((d) => [d, DIALECT_MODULES(d)])) };
  for (const [what, re] of Object.entries(lists)) expect([what, lazy.some((m) => re.test(m))]).toEqual([what, true]);
});

test.each([
  ["site.conf", "apache", ["nginx", "lighttpd"]],
  ["proxy.conf", "nginx", ["apache", "lighttpd"]],
])("a lint of %s initialises the %s grammar, model and catalog, and no other dialect's", (file, own, others) => {
  const modules = initialised(["--no-config", "-f", "json", file]);
  expect(modules).toEqual(
    expect.arrayContaining([
      `grammars/${own}/parser.ts`,
      `grammars/${own}/tokens.ts`,
      `src/catalog/${own}.ts`,
      `src/load/${own}.ts`,
      `src/model/${own}/server.ts`,
    ]),
  );
  expect(modules.filter((m) => others.some((d) => DIALECT_MODULES(d).test(m)))).toEqual([]);
});

test("--fix-dry-run initialises the fixer (what the list keeps out of a plain lint)", () => {
  expect(initialised(["--fix-dry-run", "-f", "json", "site.conf"]).filter((m) => NOT_FOR_A_PLAIN_LINT["the fixer (no --fix)"].test(m))).toEqual(
    expect.arrayContaining(["src/fix/run-fix.ts"]),
  );
});

test.each([[["site.conf"]], [["-f", "json", "site.conf"]], [["--format", "sarif", "site.conf"]], [["--no-config", "-f", "json", "site.conf"]]])(
  "%j loads the Apache grammar and nothing it does not need",
  (args) => {
    const modules = initialised(args);
    expect(modules).toEqual(expect.arrayContaining(["grammars/apache/index.ts", "grammars/apache/parser.ts"]));
    expect(offenders(modules)).toEqual([]);
  },
);

test("a JSON configuration or package.json is read without cosmiconfig; a YAML one loads its bundle, an option yargs'", () => {
  const withFile = (name: string, text: string, args: string[]) => {
    fs.writeFileSync(path.join(project, name), text);
    try {
      return initialised(args);
    } finally {
      fs.rmSync(path.join(project, name));
    }
  };
  expect(offenders(withFile(".djlint-conf.json", '{ "root": true }\n', ["site.conf"]))).toEqual([]);
  expect(offenders(withFile("package.json", '{ "name": "site", "djlint-conf": { "root": true } }\n', ["site.conf"]))).toEqual([]);
  expect(withFile(".djlint-confrc.yaml", "root: true\n", ["site.conf"])).toEqual(expect.arrayContaining(["cli-config.cjs"]));
  expect(initialised(["--quiet", "site.conf"])).toEqual(expect.arrayContaining(["cli-yargs.cjs"]));
});

test("the packages kept in bundles beside cli.cjs are not in it as well (one copy of each, one module state)", () => {
  const keys = [...fs.readFileSync(path.join(readable, "cli.cjs"), "utf8").matchAll(/"([^"]+)"\((?:exports|\))/g)].map((m) => m[1]);
  const chunked = /^node_modules\/(vscode-[^/]+|@lezer\/[^/]+|yaml|cosmiconfig|js-yaml|parse-json|yargs|yargs-parser|cliui|y18n|re2js)\//;
  expect(keys.filter((k) => chunked.test(k))).toEqual([]);
  expect(CHUNKS.sort()).toEqual(["cli-config.cjs", "cli-lsp.cjs", "cli-python.cjs", "cli-regex.cjs", "cli-yaml.cjs", "cli-yargs.cjs"]);
});

describe("through the entry point (dist/cli.js), in a copy of dist/ without the bundles beside cli.cjs", () => {
  let bare = "";
  beforeAll(() => {
    bare = path.join(dir, "bare");
    fs.cpSync("dist", bare, { recursive: true, filter: (f) => !/[\\/]cli-[a-z]+\.cjs(\.cache)?$/.test(f) });
    fs.writeFileSync(path.join(project, "debug.conf"), "<Location />\n    PythonDebug On\n</Location>\n");
  });
  afterAll(() => fs.rmSync(path.join(project, "debug.conf")));
  const run = (cli: string, args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: project, encoding: "utf8" });

  test.each([[["--no-config", "-f", "json", "site.conf"]], [["debug.conf", "proxy.conf"]], [["-f", "json", "proxy.conf"]]])(
    "a plain lint (%j) reads none of them: it reports what the whole dist/ does",
    (args) => {
      const whole = run(path.resolve("dist/cli.js"), args);
      const without = run(path.join(bare, "cli.js"), args);
      expect([without.status, without.stderr, without.stdout]).toEqual([whole.status, whole.stderr, whole.stdout]);
      expect(whole.stdout).not.toBe("");
    },
  );

  test("a run that needs one fails without it (what makes the test above worth something)", () => {
    fs.writeFileSync(path.join(project, ".djlint-confrc.yaml"), "root: true\n");
    try {
      expect(run(path.resolve("dist/cli.js"), ["-f", "json", "site.conf"]).status).toBe(0);
      const without = run(path.join(bare, "cli.js"), ["-f", "json", "site.conf"]);
      expect(without.status).not.toBe(0);
      expect(without.stderr).toContain("cli-config.cjs");
    } finally {
      fs.rmSync(path.join(project, ".djlint-confrc.yaml"));
    }
  });
});

test("installed in a project's node_modules, a lint loads no package of the project's (the bundle carries what it runs)", () => {
  // npm's layout: <project>/node_modules/djlint-conf/dist/, beside the project's other packages, any of which a
  // require() resolved from the bundle's folder would find.
  const install = path.join(dir, "installed");
  const dist = path.join(install, "node_modules", "djlint-conf", "dist");
  fs.cpSync("dist", dist, { recursive: true });
  const marker = path.join(install, "loaded.txt");
  for (const name of ["picomatch", "chalk", "yargs", "cosmiconfig", "chevrotain", "tinyglobby", "fdir", "ignore", "fastest-levenshtein"]) {
    const pkg = path.join(install, "node_modules", name);
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name, version: "0.0.0", main: "index.js" }));
    fs.writeFileSync(path.join(pkg, "index.js"), `require("fs").appendFileSync(${JSON.stringify(marker)}, ${JSON.stringify(name + "\n")});\n`);
  }
  for (const args of [["--no-config", "site.conf"], ["proxy.conf"], ["--quiet", "site.conf"]]) {
    const r = spawnSync(process.execPath, [path.join(dist, "cli.js"), ...args], { cwd: project, encoding: "utf8" });
    expect([args, r.stderr]).toEqual([args, ""]);
  }
  expect(fs.existsSync(marker) ? fs.readFileSync(marker, "utf8") : "").toBe("");
});

test("a plain lint that writes to a pipe or /dev/null loads none of Node's stream, socket, terminal or v8 modules", () => {
  // What the process's own streams (process.stdout), chalk's colour detection and node:v8 (the optimisation budget)
  // load on first use: about 9 ms of a one-file lint's start (src/cli/stdio.ts). Run from a copy of dist/: a run
  // under --require keeps a code cache of its own beside the build's.
  const copy = path.join(dir, "modules-dist");
  fs.cpSync("dist", copy, { recursive: true });
  const hook = path.join(dir, "modules-hook.cjs");
  const out = path.join(dir, "modules.txt");
  fs.writeFileSync(hook, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join("\\n")));\n`);
  // What Node loads for an empty script (a stream helper or two, on some versions) is not the lint's.
  fs.writeFileSync(path.join(dir, "empty.cjs"), "");
  expect(spawnSync(process.execPath, ["--require", hook, path.join(dir, "empty.cjs")]).status).toBe(0);
  const bare = new Set(fs.readFileSync(out, "utf8").split("\n"));
  // A finding, so that the stylish report is written in the colours the CLI chose (none, for a pipe).
  fs.writeFileSync(path.join(dir, "finding.conf"), "<Location />\n    PythonDebug On\n</Location>\n");
  // And a read of a Django project's settings, whose Python parser switches TurboFan around its first parses.
  const docker = path.resolve("test/corpus/django/testdrivenio__django-on-docker");
  const runs: [string[], RegExp][] = [
    [["--no-config", "-f", "json", "site.conf"], /site\.conf/],
    [["--no-config", path.join(dir, "finding.conf")], /PythonDebug is On/],
    [
      ["--no-config", "-f", "json", "--django-root", `${docker}/app`, "--django-settings", "hello_django.settings", `${docker}/nginx/nginx.conf`],
      /nginx\.conf/,
    ],
  ];
  for (const [args, output] of runs) {
    const r = spawnSync(process.execPath, ["--require", hook, path.join(copy, "cli.js"), ...args], { cwd: project, encoding: "utf8" });
    // (The Docker deployment's paths are not on this machine: a note says so.)
    expect([r.stderr.replace(/^djlint-conf: note: A production path .*\n/, ""), r.stdout]).toEqual(["", expect.stringMatching(output) as string]);
    const loaded = fs.readFileSync(out, "utf8").split("\n");
    expect(loaded).toEqual(expect.arrayContaining(["NativeModule fs"]));
    const extra = loaded.filter((m) => !bare.has(m) && /^NativeModule (stream|net|tty|v8|internal\/streams\/)/.test(m));
    expect([args, extra]).toEqual([args, []]);
  }
  // Nor one whose output goes to /dev/null, a character device that only isatty tells from a terminal.
  const devNull = fs.openSync("/dev/null", "w");
  try {
    const r = spawnSync(process.execPath, ["--require", hook, path.join(copy, "cli.js"), "--no-config", path.join(dir, "finding.conf")], {
      cwd: project,
      encoding: "utf8",
      stdio: ["ignore", devNull, "pipe"],
    });
    expect([r.status, r.stderr]).toEqual([1, ""]);
  } finally {
    fs.closeSync(devNull);
  }
  const loaded = fs.readFileSync(out, "utf8").split("\n");
  expect(loaded.filter((m) => !bare.has(m) && /^NativeModule (stream|net|tty|v8|internal\/streams\/)/.test(m))).toEqual([]);
});
