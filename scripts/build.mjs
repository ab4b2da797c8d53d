#!/usr/bin/env node
// Builds the CLI: dist/cli.cjs is one bundle (chevrotain's package entry alone
// pulls ~650 lodash-es modules), dist/cli.js the entry that runs it from V8's
// code cache, and a warm-up lint of the demo writes that cache. Regenerates the
// rule registry first, in case a rule file was added.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
execFileSync(process.execPath, [path.join(root, "scripts/gen-registry.mjs")], { stdio: "inherit" });
fs.rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, "src/cli/bin.ts")],
  outfile: path.join(dist, "cli.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
  // cosmiconfig can load TypeScript configs with the TypeScript compiler (7 MB); we search for none.
  external: ["typescript"],
  // ESM dependencies (yargs) ask import.meta.url for createRequire.
  define: { "import.meta.url": "__importMetaUrl" },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
fs.copyFileSync(path.join(root, "src/cli/loader.mjs"), path.join(dist, "cli.js"));
fs.chmodSync(path.join(dist, "cli.js"), 0o755);
// djlint-conf-lsp: `djlint-conf --lsp` from the same bundle.
fs.copyFileSync(path.join(root, "src/lsp/bin.mjs"), path.join(dist, "lsp.js"));
fs.chmodSync(path.join(dist, "lsp.js"), 0o755);
// Warm-up: lint the demo once so the code cache holds the functions a lint runs.
const demo = path.join(root, "fixtures/demo");
try {
  const map = (from, to) => ["--map", `${from}=${path.join(demo, to)}`];
  execFileSync(process.execPath, [path.join(dist, "cli.js"), ...map("/etc/apache2", "etc/apache2"), ...map("/etc/nginx", "etc/nginx"), ...map("/srv", "srv"), path.join(demo, "etc")], { stdio: "ignore" });
} catch {
  // The demo has findings: exit 1 is expected.
}
if (!fs.existsSync(path.join(dist, "cli.cjs.cache"))) console.warn("build: no code cache was written; the CLI starts without it");
