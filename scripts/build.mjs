#!/usr/bin/env node
// Builds the CLI: dist/cli.cjs is one bundle (chevrotain's package entry alone
// pulls ~650 lodash-es modules), dist/cli.js the entry that runs it from V8's
// code cache, and a warm-up lint of the demo writes that cache. Regenerates the
// rule registry first, in case a rule file was added.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ROW_TABLES, rowsText } from "./catalog-rows.mjs";
import { lezerPython } from "./lezer-python-plugin.mjs";

/**
 * Packages whose module top level is slow and whose export is needed only for
 * some runs: string-width builds an Intl.Segmenter and large Unicode regexes
 * (~10 ms per copy), and yargs needs it only to lay out --help. Importers get
 * a function that loads the real module on its first call.
 */
const DEFERRED = /^string-width$/;
const deferTopLevel = {
  name: "defer-top-level",
  setup(b) {
    b.onResolve({ filter: DEFERRED }, (args) => {
      if (args.pluginData?.real) return undefined;
      // Keyed by the importer's folder in the project: the bundle names no directory of the machine that built it.
      const key = `${args.path}:${path.relative(root, args.resolveDir).split(path.sep).join("/")}`;
      return { path: key, namespace: "deferred", pluginData: { spec: args.path, resolveDir: args.resolveDir } };
    });
    b.onLoad({ filter: /.*/, namespace: "deferred" }, (args) => ({
      contents: `let real; module.exports = function deferred(...a) { return (real ??= require(${JSON.stringify(args.pluginData.spec)}).default)(...a); };`,
      resolveDir: args.pluginData.resolveDir,
      loader: "js",
      pluginData: { real: true },
    }));
  },
};

/**
 * yargs asks node:assert for two equality checks; loading assert builds its
 * AssertionError, colours and the stderr stream (~8 ms at every start).
 */
const yargsAssert = {
  name: "yargs-assert",
  setup(b) {
    // yargs looks for "its" package.json from its main file, which in a bundle it takes to be the
    // working directory: a walk up from there, reading every directory, at each start. dist/ has one.
    b.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => ({
      contents: fs.readFileSync(args.path, "utf8").replace("mainFilename: mainFilename || process.cwd(),", "mainFilename: __filename,"),
      loader: "js",
    }));
    b.onResolve({ filter: /^(node:)?assert$/ }, (args) => (/[\\/]yargs[\\/]/.test(args.importer) ? { path: "assert", namespace: "yargs-assert" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "yargs-assert" }, () => ({
      contents: [
        "export function strictEqual(a, b, m) { if (a !== b) throw new Error(m ?? `${a} !== ${b}`); }",
        "export function notStrictEqual(a, b, m) { if (a === b) throw new Error(m ?? `${a} === ${b}`); }",
      ].join("\n"),
      loader: "js",
    }));
  },
};

/**
 * fdir (tinyglobby's walker) looks for an optional `picomatch` at its top level, with a require() made from
 * import.meta.url: in the bundle, a file URL and a search of every node_modules above the install at each start, and
 * whatever picomatch it found (a user's project's, any version) compiled outside the code cache. tinyglobby passes its
 * own matchers and never calls fdir's glob(), the lookup's one use.
 */
const fdirAtStart = {
  name: "fdir-at-start",
  setup(b) {
    b.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, (args) => {
      const text = fs.readFileSync(args.path, "utf8");
      const lookup = /try \{\s*__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);\s*\} catch \{\}/;
      if (!text.includes("createRequire(import.meta.url)") || !lookup.test(text))
        throw new Error(`build: ${args.path} changed; review the fdir-at-start plugin`);
      return { contents: text.replace("createRequire(import.meta.url)", "createRequire(__filename)").replace(lookup, ""), loader: "js" };
    });
  },
};

/**
 * chalk works out a colour level for its default instance when it loads, through Node's tty module, which loads the
 * stream and socket modules (about 4 ms of a one-file lint's start). Every chalk here is made with the level the CLI
 * chose (src/cli/color.ts), so its detection is replaced by "no colour" and tty is loaded only when the CLI asks
 * whether standard output is a terminal.
 */
const chalkWithoutDetection = {
  name: "chalk-without-detection",
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) =>
      /[\\/]chalk[\\/]/.test(args.importer) ? { path: "supports-color", namespace: "chalk-level" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "chalk-level" }, () => ({ contents: "export default { stdout: false, stderr: false };", loader: "js" }));
  },
};

/**
 * Builtins that are imported at the top level but used only on rare paths: crypto (cosmiconfig, for TypeScript
 * configs), tty (src/core/node-bindings.ts, only where Node refuses its tty binding).
 */
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    // Only importers from files: the stub's own require must reach the real module, not the stub again.
    b.onResolve({ filter: /^(node:)?(crypto|tty)$/, namespace: "file" }, (args) => ({ path: args.path.replace(/^node:/, ""), namespace: "lazy-builtin" }));
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
      contents: `let real; const load = () => (real ??= require("node:${args.path}")); module.exports = new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });`,
      loader: "js",
    }));
  },
};

/**
 * `import fs from "node:fs"` in an ES module becomes, in a CommonJS bundle, `__toESM(require("node:fs"))` in every
 * importing module: a new object with a getter per export of the builtin (fs has ~100), made ~80 times at start
 * (13-40 ms here, most of it garbage collection). Instead every ES importer of fs or path shares one ES module that
 * re-exports it: its default and its functions (and path's separators), read once; not fs's other properties (a
 * constant a later Node deprecates warns when read, an accessor like fs.promises loads what it stands for). Importing
 * anything else by name fails the build.
 */
const SHARED_BUILTINS = /^(node:)?(fs|path)$/;
const builtinsAsEsm = {
  name: "builtins-as-esm",
  setup(b) {
    b.onResolve({ filter: SHARED_BUILTINS, namespace: "file" }, (args) =>
      args.kind === "import-statement" ? { path: args.path.replace(/^node:/, ""), namespace: "builtin-esm" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "builtin-esm" }, (args) => {
      const real = createRequire(import.meta.url)(`node:${args.path}`);
      const names = Object.getOwnPropertyNames(real).filter((k) => {
        const d = Object.getOwnPropertyDescriptor(real, k);
        // path's other properties are its separators and flavours (posix, win32).
        return k !== "default" && /^[A-Za-z_$][\w$]*$/.test(k) && "value" in d && (typeof d.value === "function" || args.path === "path");
      });
      return {
        contents: [`const m = require("node:${args.path}");`, "export default m;", `export const { ${names.join(", ")} } = m;`].join("\n"),
        loader: "js",
      };
    });
  },
};

/**
 * The directive catalogs (src/catalog/data/*.json, ~350 KB) ship beside the
 * bundle (dist/catalog/) and are read and parsed on first use: an nginx run
 * never reads the Apache catalog, and the bundle and its code cache stay small.
 * The big tables (ROW_TABLES) ship as lines of their own (`<name>.rows`, see
 * src/catalog/rows.ts), which a lint searches for the names its files use
 * instead of parsing them all; the rest of the catalog is `<name>.json`.
 */
const lazyCatalogs = {
  name: "lazy-catalogs",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]catalog[\\/]data[\\/][^\\/]+\.json$/ }, (args) => {
      const name = path.basename(args.path);
      // The table kept as lines, if this catalog has one (null never equals a key read from the module).
      const table = JSON.stringify(ROW_TABLES[name]?.table ?? null);
      const read = (f) => `require("node:fs").readFileSync(require("node:path").join(__dirname, "catalog", ${JSON.stringify(f)}), "utf8")`;
      return {
        // A proxy, so the importer's interop (which copies own keys at import) sees none and reads nothing yet.
        contents: [
          "let value, text;",
          `const data = () => (value ??= JSON.parse(${read(name)}));`,
          `const lines = () => (text ??= ${read(name.replace(/\.json$/, ".rows"))});`,
          // The whole table (completion, hover): every line's entry, as src/catalog/rows.ts reads them.
          `const all = () => (data()[${table}] ??= require(${JSON.stringify(path.join(root, "src/catalog/rows.ts"))}).entriesOfLines(lines()));`,
          `const get = (k) => (k === ${table} ? all() : data()[k]);`,
          `const rowsOf = (t) => (t === ${table} ? lines() : undefined);`,
          "module.exports = new Proxy({}, {",
          '  get: (_, k) => (k === "__esModule" ? undefined : k === Symbol.for("djlint-conf.catalog-rows") ? rowsOf : get(k)),',
          `  has: (_, k) => k === ${table} || k in data(),`,
          "  ownKeys: () => [],",
          "});",
        ].join("\n"),
        loader: "js",
      };
    });
  },
};

/**
 * Modules only some runs need, reached through a stand-in that requires them at the first read of an export: a
 * dialect's grammar, loader, model, catalog and editor (src/dialects/<name>/server.ts: an Apache lint never
 * initialises nginx's), and the fixer (src/fix/run-fix.ts: only --fix and --fix-dry-run use it). Imports of the real
 * module from anywhere else stay eager, and test/cli/startup-modules.test.ts checks a plain lint initialises neither.
 */
const ON_FIRST_USE = [/[\\/]src[\\/]dialects[\\/][a-z]+[\\/]server\.ts$/, /[\\/]src[\\/]fix[\\/]run-fix\.ts$/];
const onFirstUse = {
  name: "on-first-use",
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/.*\.js$/, namespace: "file" }, (args) => {
      const real = path.resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts"));
      if (!ON_FIRST_USE.some((re) => re.test(real))) return undefined;
      // Keyed by the path in the project: the bundle names no directory of the machine that built it.
      return { path: path.relative(root, real).split(path.sep).join("/"), namespace: "on-first-use" };
    });
    b.onLoad({ filter: /.*/, namespace: "on-first-use" }, (args) => {
      const real = path.join(root, args.path);
      const names = [...fs.readFileSync(real, "utf8").matchAll(/^export (?:const|function|class) (\w+)/gm)].map((m) => m[1]);
      if (names.length === 0) throw new Error(`build: ${args.path} exports nothing the on-first-use stand-in can see`);
      return {
        contents: [
          `let real; const load = () => (real ??= require(${JSON.stringify("./" + path.basename(real))}));`,
          'Object.defineProperty(exports, "__esModule", { value: true });',
          `for (const k of ${JSON.stringify(names)}) Object.defineProperty(exports, k, { enumerable: true, get: () => load()[k] });`,
        ].join("\n"),
        resolveDir: path.dirname(real),
        loader: "js",
      };
    });
  },
};

/**
 * chevrotain's package entry is ~40 modules over ~230 lodash-es modules, each a lazily initialised module in the
 * bundle (an init call per module at start, 2.2 MB of bundle); the package also ships itself prebundled as one ES
 * module (lib/chevrotain.mjs, the same code, lodash-es included), which the tests use already (jest.config.js).
 */
const CHEVROTAIN_PREBUNDLED = path.join("node_modules", "chevrotain", "lib", "chevrotain.mjs");
const prebundledChevrotain = {
  name: "prebundled-chevrotain",
  setup(b) {
    b.onResolve({ filter: /^chevrotain$/ }, () => ({ path: path.join(root, CHEVROTAIN_PREBUNDLED) }));
    b.onLoad({ filter: /[\\/]chevrotain[\\/]lib[\\/]chevrotain\.mjs$/ }, (args) => ({
      contents: chevrotainAtStart(fs.readFileSync(args.path, "utf8")),
      loader: "js",
    }));
  },
};

/**
 * Three things chevrotain does at every start whose cost does not depend on the grammar (here 5-20 ms each on a busy
 * 2-core machine): the first lexer fills a 65,536-entry array mapping a char code to its index in the lexer's
 * first-character tables, which is arithmetic on the char code (the function is read as it is computed); the
 * parser's grammar recording puts ~90 recording methods on the parser itself, then deletes them, which leaves the
 * parser's properties in V8's slow dictionary mode (and the deletes cost milliseconds): put on a prototype between the
 * parser and its class instead, and dropped by restoring the class's prototype; and at load, applyMixins copies ~250
 * methods of its traits one by one onto the Parser class's prototype, which V8 keeps in fast mode, copying the
 * prototype's whole descriptor array at each addition (quadratic: 700 KB allocated at every start, 2 MB and 9 ms
 * for 260 methods measured alone): the prototype is put in dictionary mode first (adding and deleting a property does
 * that), where an addition is a hash insert, and V8 makes it fast again, once, when it is first used as a prototype.
 * Anything else in the source fails the build.
 */
function chevrotainAtStart(text) {
  const replace = (from, to) => {
    if (!text.includes(from)) throw new Error(`build: chevrotain changed (${JSON.stringify(from.slice(0, 60))}); review chevrotainAtStart`);
    text = text.replace(from, to);
  };
  replace(
    "function applyMixins(derivedCtor, baseCtors) {\n  baseCtors.forEach((baseCtor) => {",
    "function applyMixins(derivedCtor, baseCtors) {\n" +
      '  Object.defineProperty(derivedCtor.prototype, "__mixinsA", { value: 0, configurable: true });\n' +
      '  Object.defineProperty(derivedCtor.prototype, "__mixinsB", { value: 0, configurable: true });\n' +
      "  delete derivedCtor.prototype.__mixinsA;\n" +
      "  baseCtors.forEach((baseCtor) => {",
  );
  replace(
    "        derivedCtor.prototype[propName] = baseCtor.prototype[propName];\n      }\n    });\n  });\n}",
    "        derivedCtor.prototype[propName] = baseCtor.prototype[propName];\n      }\n    });\n  });\n  delete derivedCtor.prototype.__mixinsB;\n}",
  );
  replace(
    "return charCode < minOptimizationVal ? charCode : charCodeToOptimizedIdxMap[charCode];",
    "return charCode < minOptimizationVal ? charCode : 255 + ~~(charCode / 255);",
  );
  replace("  if (isEmpty_default(charCodeToOptimizedIdxMap)) {\n    charCodeToOptimizedIdxMap = new Array(65536);", "  if (false) {");
  const start = text.indexOf("  enableRecording() {\n");
  const end = text.indexOf("  //   Parser methods are called inside an ACTION?", start);
  if (start < 0 || end < 0) throw new Error("build: chevrotain changed (enableRecording); review chevrotainAtStart");
  const methods = text.slice(start, end);
  const stores = methods.match(/^ {6,8}this(\[`\w+(\$\{idx\})?`\]|\.ACTION|\.BACKTRACK|\.LA) = /gm) ?? [];
  if (stores.length !== 8 + 6 + 3) throw new Error(`build: chevrotain's enableRecording sets ${stores.length} methods, not 17; review chevrotainAtStart`);
  const recording = methods
    .replace(/^( {6,8})this(\[`\w+(\$\{idx\})?`\]|\.ACTION|\.BACKTRACK|\.LA) = /gm, "$1recorder$2 = ")
    .replace(
      "    this.RECORDING_PHASE = true;\n",
      "    this.RECORDING_PHASE = true;\n    const recorder = Object.create(Object.getPrototypeOf(this));\n    Object.setPrototypeOf(this, recorder);\n",
    )
    .replace(
      / {2}disableRecording\(\) \{\n[^]*$/,
      "  disableRecording() {\n    this.RECORDING_PHASE = false;\n    Object.setPrototypeOf(this, Object.getPrototypeOf(Object.getPrototypeOf(this)));\n  }\n",
    );
  if (!recording.includes("Object.setPrototypeOf(this, recorder)") || recording.includes("delete "))
    throw new Error("build: chevrotain changed (recording); review chevrotainAtStart");
  return text.slice(0, start) + recording + text.slice(end);
}

/**
 * Third-party packages a one-file lint never runs, each group bundled on its own beside cli.cjs (dist/cli-<name>.cjs)
 * and run from its own code cache on first use: the language server's protocol (only --lsp), the Python parser
 * (only a lint tied to a Django project), `yaml` (only a configuration error's position), cosmiconfig (only when a
 * configuration file is found) and yargs (only a command line the fast path does not read). What the main bundle
 * does not carry it neither reads nor decodes at start, and its code cache does not hold. A group holds a package
 * and everything it imports, so that each package lives in exactly one file (one copy of its module state); the
 * build checks it.
 */
const CHUNKS = {
  lsp: ["vscode-languageserver/node.js", "vscode-languageserver-textdocument"],
  python: ["@lezer/python"],
  regex: ["re2js"],
  yaml: ["yaml"],
  config: ["cosmiconfig"],
  yargs: ["yargs"],
};
/** Imported with require() (the package's CommonJS build, which the lezer-python plugin rewrites); the others with import. */
const REQUIRED = new Set(["@lezer/python", "re2js"]);
const CHUNK_OF = new Map(Object.entries(CHUNKS).flatMap(([name, specs]) => specs.map((spec) => [spec, name])));
const chunkFile = (name) => `cli-${name}.cjs`;

/** A chunk's entry: the namespace of each of its packages, as the main bundle's importers would have seen it. */
const chunkEntry = (specs) =>
  [
    ...specs.map((spec, i) => (REQUIRED.has(spec) ? `const m${i} = require(${JSON.stringify(spec)});` : `import * as m${i} from ${JSON.stringify(spec)};`)),
    `export const modules = { ${specs.map((spec, i) => `${JSON.stringify(spec)}: m${i}`).join(", ")} };`,
  ].join("\n");

/**
 * In the main bundle, an import of a chunk's package is a stand-in ES module: it loads the chunk (__chunk, from the
 * banner) when it is initialised, which esbuild does at the importer's first use (the importers are lazy already:
 * dynamic imports, or a require inside a function), and re-exports the names the package's namespace has.
 */
const inChunks = (exportsOf) => ({
  name: "in-chunks",
  setup(b) {
    b.onResolve({ filter: /^[@a-z]/, namespace: "file" }, (args) => (CHUNK_OF.has(args.path) ? { path: args.path, namespace: "chunk" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "chunk" }, (args) => {
      const names = exportsOf(args.path).filter((k) => k !== "default" && k !== "__esModule" && /^[A-Za-z_$][\w$]*$/.test(k));
      return {
        contents: [
          `const m = __chunk(${JSON.stringify(chunkFile(CHUNK_OF.get(args.path)))}).modules[${JSON.stringify(args.path)}];`,
          names.length ? `export const { ${names.join(", ")} } = m;` : "",
          "export default m.default;",
        ].join("\n"),
        loader: "js",
      };
    });
  },
});

/** The package folders a build took code from (inputs of plugin namespaces, "deferred:...", are stand-ins). */
function packagesOf(inputs) {
  const out = new Set();
  for (const input of inputs.filter((i) => !/^[\w-]+:/.test(i))) {
    const m = /^(.*node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(input);
    if (m) out.add(path.resolve(root, m[1]));
  }
  return out;
}

/** The packages a prebundled package carries inside it: its dependencies with code (not @chevrotain/types' declarations). */
function prebundledDependencies(dir) {
  const deps = Object.keys(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).dependencies ?? {});
  return deps
    .filter((name) => name !== "@chevrotain/types")
    .map((name) => [path.join(dir, "node_modules", name), path.join(root, "node_modules", name)].find((d) => fs.existsSync(path.join(d, "package.json"))))
    .filter(Boolean);
}

/**
 * The bundle carries code of its dependencies: their licences (and copyright
 * notices) go beside it, one section per package the bundle took code from.
 */
function thirdPartyLicenses(inputs) {
  const packages = new Map();
  // Inputs of plugin namespaces ("deferred:...") are stand-ins; the modules they load are inputs of their own.
  for (const input of inputs.filter((i) => !/^[\w-]+:/.test(i))) {
    const m = /^(.*node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(input);
    if (m) packages.set(path.resolve(root, m[1]), true);
    if (path.resolve(root, input) === path.join(root, CHEVROTAIN_PREBUNDLED))
      for (const dir of prebundledDependencies(path.resolve(root, m[1]))) packages.set(dir, true);
  }
  const sections = [...packages.keys()].map((dir) => {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    const file = fs.readdirSync(dir).find((n) => /^(licen[cs]e|copying)([-.][\w.-]*)?$/i.test(n));
    const text = file ? fs.readFileSync(path.join(dir, file), "utf8").trim() : `License: ${meta.license} (the package ships no licence file)`;
    return { id: `${meta.name}@${meta.version}`, text: `${meta.name}@${meta.version} (${meta.license})\n\n${text}` };
  });
  // Nested copies of one version are one package.
  const unique = [...new Map(sections.map((s) => [s.id, s])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const head = "djlint-conf's bundles (cli.cjs, cli-*.cjs) include code from the packages below, under these licences.";
  return [head, ...unique.map((s) => s.text)].join(`\n\n${"-".repeat(72)}\n\n`) + "\n";
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// DJLINT_BUILD_READABLE=<dir>: the same bundles with their names kept (esbuild's module keys, function names),
// without code caches, in <dir>: what test/cli/startup-modules.test.ts instruments, and what a CPU profile
// can be read against. The shipped bundles rename identifiers: a third less source to read and decode at every start.
const readable = process.env.DJLINT_BUILD_READABLE ? path.resolve(process.env.DJLINT_BUILD_READABLE) : null;
if (readable && fs.existsSync(readable) && fs.readdirSync(readable).length && !fs.existsSync(path.join(readable, "cli.cjs")))
  throw new Error(`build: ${readable} is neither empty nor an earlier build: not replaced`);
const dist = readable ?? path.join(root, "dist");
// (A readable build is made from the sources as they are, by a test among others: it leaves rules/index.ts alone.)
if (!readable) execFileSync(process.execPath, [path.join(root, "scripts/gen-registry.mjs")], { stdio: "inherit" });
fs.rmSync(dist, { recursive: true, force: true });
// The banner of every CommonJS bundle: ESM dependencies (yargs) ask import.meta.url for createRequire; a getter, so
// the URL is made (and the URL machinery loaded) only if a module asks, which a plain lint does not.
const importMetaBanner = "const __importMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };";
// Every CommonJS bundle is its own module wrapper: run as a script (dist/cli.js runs it from its code cache with
// vm.Script), its value is the module function, which the entry calls; required or run by Node (`node dist/cli.cjs`,
// a chunk required by a bundle started that way), it calls that function with Node's module arguments at once. The
// entry used to add the wrapper around the text it read, and V8 then copied the megabyte of the joined text again.
const RUN_WRAPPER = {
  start:
    '(typeof module == "object" ? (f) => f(exports, require, module, __filename, __dirname) : (f) => f)(function (exports, require, module, __filename, __dirname) {',
  end: "\n})",
};
const shared = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: !readable,
  legalComments: "none",
  logLevel: "warning",
};
// builtinsAsEsm after the plugins that replace a builtin (crypto, yargs' assert).
const plugins = [
  deferTopLevel,
  yargsAssert,
  fdirAtStart,
  chalkWithoutDetection,
  lazyBuiltins,
  builtinsAsEsm,
  lazyCatalogs,
  onFirstUse,
  lezerPython,
  prebundledChevrotain,
];
const chunkResults = {};
const chunkExports = {};
for (const [name, specs] of Object.entries(CHUNKS)) {
  chunkResults[name] = await build({
    ...shared,
    stdin: { contents: chunkEntry(specs), resolveDir: root, sourcefile: `${name}-chunk.mjs`, loader: "js" },
    outfile: path.join(dist, chunkFile(name)),
    external: ["typescript"],
    plugins,
    define: { "import.meta.url": "__importMeta.url" },
    banner: { js: RUN_WRAPPER.start + importMetaBanner },
    footer: { js: RUN_WRAPPER.end },
    metafile: true,
  });
  // The names each package exports, for the main bundle's stand-ins: read from the chunk just built.
  const { modules } = createRequire(import.meta.url)(path.join(dist, chunkFile(name)));
  for (const spec of specs) chunkExports[spec] = Object.keys(modules[spec]);
}
const result = await build({
  entryPoints: [path.join(root, "src/cli/bin.ts")],
  outfile: path.join(dist, "cli.cjs"),
  ...shared,
  // cosmiconfig can load TypeScript configs with the TypeScript compiler (7 MB); we search for none.
  external: ["typescript"],
  plugins: [inChunks((spec) => chunkExports[spec]), ...plugins],
  define: { "import.meta.url": "__importMeta.url" },
  banner: {
    js: [
      RUN_WRAPPER.start + importMetaBanner,
      // A chunk is run by the entry (dist/cli.js) from its code cache, the entry's runCached given as module.runCached;
      // a bundle started otherwise (node dist/cli.cjs) requires it as any CommonJS file.
      "const __chunks = {};",
      "const __chunk = (file) => (__chunks[file] ??= (module.runCached ?? require)(require('node:path').join(__dirname, file)));",
    ].join("\n"),
  },
  footer: { js: RUN_WRAPPER.end },
  metafile: true,
});
// Each package in exactly one bundle file: two copies would each have their own module state (and classes).
{
  const owner = new Map();
  for (const [file, r] of [["cli.cjs", result], ...Object.entries(chunkResults).map(([n, r]) => [chunkFile(n), r])])
    for (const dir of packagesOf(Object.keys(r.metafile.inputs))) {
      if (owner.has(dir)) throw new Error(`build: ${path.relative(root, dir)} is in both ${owner.get(dir)} and ${file}; group it in one chunk`);
      owner.set(dir, file);
    }
}
fs.writeFileSync(
  path.join(dist, "THIRD-PARTY-LICENSES.txt"),
  thirdPartyLicenses([result, ...Object.values(chunkResults)].flatMap((r) => Object.keys(r.metafile.inputs))),
);
// dist/ is CommonJS: the bins start without Node's ESM loader, and yargs finds its package.json here.
fs.writeFileSync(path.join(dist, "package.json"), JSON.stringify({ type: "commonjs" }) + "\n");
fs.copyFileSync(path.join(root, "src/cli/loader.cjs"), path.join(dist, "cli.js"));
fs.cpSync(path.join(root, "src/catalog/data"), path.join(dist, "catalog"), { recursive: true });
for (const [name, { table, caseless }] of Object.entries(ROW_TABLES)) {
  const file = path.join(dist, "catalog", name);
  const { [table]: entries, ...rest } = JSON.parse(fs.readFileSync(file, "utf8"));
  fs.writeFileSync(file, JSON.stringify(rest) + "\n");
  fs.writeFileSync(file.replace(/\.json$/, ".rows"), rowsText(entries, caseless));
}
fs.chmodSync(path.join(dist, "cli.js"), 0o755);
// djlint-conf-lsp: `djlint-conf --lsp` from the same bundle.
fs.copyFileSync(path.join(root, "src/lsp/bin.cjs"), path.join(dist, "lsp.js"));
fs.chmodSync(path.join(dist, "lsp.js"), 0o755);
// The library (`import { lint } from "djlint-conf"`): an ES module bundle beside the CLI's, reading the same
// dist/catalog/; its declaration file is src/api/types.ts, which is written to be one.
await build({
  entryPoints: [path.join(root, "src/index.ts")],
  outfile: path.join(dist, "index.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
  external: ["typescript"],
  plugins: [deferTopLevel, chalkWithoutDetection, lazyBuiltins, lazyCatalogs, onFirstUse, lezerPython, prebundledChevrotain],
  // The bundled CommonJS code (and the lazy catalogs) asks for require and __dirname.
  banner: {
    js: [
      'import { createRequire as __createRequire } from "node:module";',
      'import { fileURLToPath as __fileURLToPath } from "node:url";',
      'import { dirname as __dirnameOf } from "node:path";',
      "const require = __createRequire(import.meta.url);",
      "const __filename = __fileURLToPath(import.meta.url);",
      "const __dirname = __dirnameOf(__filename);",
    ].join("\n"),
  },
});
fs.copyFileSync(path.join(root, "src/api/types.ts"), path.join(dist, "index.d.mts"));
// dist/cli.js reads the bundles as Latin-1, which is UTF-8 only for ASCII (esbuild's default charset escapes the rest).
if (!readable) {
  for (const f of ["cli.cjs", ...Object.keys(CHUNKS).map(chunkFile)])
    if (/[^\x00-\x7f]/.test(fs.readFileSync(path.join(dist, f), "latin1"))) throw new Error(`build: dist/${f} is not ASCII`);
  warmUp();
  for (const f of ["cli.cjs", ...Object.keys(CHUNKS).map(chunkFile)])
    if (!fs.existsSync(path.join(dist, `${f}.cache`))) console.warn(`build: no code cache was written for ${f}; it starts without one`);
}

/**
 * Lint one small file of each dialect, under a project configuration, tied to a small Django project, once, so that
 * the main code cache holds the functions a one-file lint runs, the Django side's included, and little else: V8
 * deserialises all of it at every start, in time that grows with its size (a warm-up on the whole demo, Django
 * projects and all, made it 2.1 MB instead of 1.7 MB; the small project adds 0.2 MB, which a one-file lint pays about
 * 1% for and a tied lint gains 2% to 3% from). That run writes cli.cjs.cache and the Python parser's; the runs after
 * it, which find those caches in place, write each other chunk's from a run that uses it: a command line for yargs,
 * a YAML configuration with an error (cosmiconfig, yaml), and a short editor session (the language server).
 */
function warmUp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-warm-up-"));
  const write = (files) => {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
  };
  const run = (args, cwd = dir, input = undefined) => {
    try {
      execFileSync(process.execPath, [path.join(dist, "cli.js"), ...args], {
        cwd,
        stdio: [input === undefined ? "ignore" : "pipe", "ignore", "ignore"],
        input,
        timeout: 60_000,
        // The caches are made under no options of the builder's: a run under NODE_OPTIONS writes a cache of its own.
        env: { ...process.env, NODE_OPTIONS: "" },
      });
    } catch {
      // Findings (exit 1) and usage errors (2) are fine: the code ran.
    }
  };
  try {
    // The first run writes the main bundle's code cache: it lints each dialect and reads a Django project the way a
    // deployment's settings are written (split settings, the environment, paths from __file__, an app server), so
    // that the cache holds the Django side's functions too, which a lint tied to a project would compile otherwise.
    write({
      "apache.conf": "<VirtualHost *:80>\n  ServerName a.example\n  DocumentRoot /var/www/a\n</VirtualHost>\n",
      "nginx.conf": "server {\n    listen 80;\n    server_name a.example;\n    root /var/www/a;\n}\n",
      "lighttpd.conf": 'server.document-root = "/var/www/a"\n$HTTP["host"] == "a.example" {\n  server.port = 80\n}\n',
      ".djlint-conf.json": '{ "root": true }\n',
      "shop/.git/HEAD": "ref: refs/heads/main\n",
      "shop/manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")\n',
      "shop/Procfile": "web: gunicorn shop.wsgi:application --bind 0.0.0.0:8000 --workers 3\n",
      "shop/shop/__init__.py": "",
      "shop/shop/wsgi.py":
        'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")\napplication = get_wsgi_application()\n',
      "shop/shop/settings/__init__.py": "",
      "shop/shop/settings/base.py": [
        "import os",
        "from pathlib import Path",
        "",
        "BASE_DIR = Path(__file__).resolve().parent.parent.parent",
        'SECRET_KEY = os.environ.get("SECRET_KEY", "dev")',
        'DEBUG = os.environ.get("DEBUG", "0") == "1"',
        'ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")',
        "INSTALLED_APPS = [",
        '    "django.contrib.staticfiles",  # static files',
        '    "shop",',
        "]",
        'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware"]',
        'if os.getenv("WHITENOISE"):',
        '    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")',
        'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}',
        'STATIC_URL = "/static/"',
        'STATIC_ROOT = os.path.join(BASE_DIR, "staticfiles")',
        "MEDIA_URL = f\"/{os.environ.get('MEDIA_PREFIX', 'media')}/\"",
        'MEDIA_ROOT = str(BASE_DIR / "media")',
        "try:",
        "    from .local import *",
        "except ImportError:",
        "    pass",
        "",
      ].join("\n"),
      "shop/shop/settings/production.py": [
        "from .base import *  # noqa",
        "",
        "DEBUG = False",
        'ALLOWED_HOSTS += ["shop.example", ".shop.example"]',
        'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")',
        "SECURE_SSL_REDIRECT = True",
        'SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 31536000))',
        "USE_X_FORWARDED_HOST = False",
        "CSRF_TRUSTED_ORIGINS = [f\"https://{h.lstrip('.')}\" for h in ALLOWED_HOSTS]",
        'FORCE_SCRIPT_NAME = getattr(os.environ, "SCRIPT_NAME", None)',
        "",
      ].join("\n"),
      "shop/deploy/shop.conf":
        "server {\n    listen 80;\n    server_name shop.example;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n    location /static/ {\n        alias /srv/shop/static/;\n    }\n    location ~* ^/static/(?:[^/]+/)*[^/]+\\.php$ {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n",
    });
    run(["--django-root", "shop", "apache.conf", "nginx.conf", "lighttpd.conf", "shop/deploy/shop.conf", "shop/Procfile"]);
    run(["--quiet", "deploy/shop.conf"], path.join(dir, "shop"));
    write({ "bad/.djlint-confrc.yaml": "root: true\nrules:\n  no/such-rule: error\n", "bad/nginx.conf": "server {\n}\n" });
    run(["nginx.conf"], path.join(dir, "bad"));
    const lsp = [
      { jsonrpc: "2.0", id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } },
      { jsonrpc: "2.0", method: "initialized", params: {} },
      {
        jsonrpc: "2.0",
        method: "textDocument/didOpen",
        params: { textDocument: { uri: `file://${dir}/nginx.conf`, languageId: "nginx", version: 1, text: "server {\n}\n" } },
      },
      { jsonrpc: "2.0", id: 2, method: "shutdown" },
      { jsonrpc: "2.0", method: "exit" },
    ];
    run(
      ["--lsp", "--stdio"],
      dir,
      lsp
        .map((m) => JSON.stringify(m))
        .map((j) => `Content-Length: ${Buffer.byteLength(j)}\r\n\r\n${j}`)
        .join(""),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
