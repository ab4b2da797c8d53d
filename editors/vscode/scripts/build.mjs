#!/usr/bin/env node
// Builds the extension: dist/extension.js (esbuild, `vscode` external) and
// server/ (the repository's built language server: dist/lsp.js with the
// bundle it runs, the directive catalogs and the rule pages hover shows).
// Run `npm run build` at the repository root first.
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repo = path.resolve(here, "../..");
const dist = path.join(repo, "dist");
if (!fs.existsSync(path.join(dist, "lsp.js"))) throw new Error(`${dist}/lsp.js is missing: run \`npm run build\` at the repository root first`);

await build({
  entryPoints: [path.join(here, "src/extension.ts")],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node18",
  external: ["vscode"],
  outfile: path.join(here, "dist/extension.js"),
  logLevel: "warning",
});

const server = path.join(here, "server");
fs.rmSync(server, { recursive: true, force: true });
// cli-*.cjs: the packages only some runs need (the language server's among them), bundled beside cli.cjs.
const chunks = fs.readdirSync(dist).filter((f) => /^cli-[a-z]+\.cjs(\.cache)?$/.test(f));
for (const f of ["lsp.js", "cli.js", "cli.cjs", "cli.cjs.cache", ...chunks, "package.json", "THIRD-PARTY-LICENSES.txt"])
  if (fs.existsSync(path.join(dist, f))) fs.cpSync(path.join(dist, f), path.join(server, "dist", f));
fs.cpSync(path.join(dist, "catalog"), path.join(server, "dist/catalog"), { recursive: true });
fs.cpSync(path.join(repo, "docs/rules"), path.join(server, "docs/rules"), { recursive: true });
fs.cpSync(path.join(repo, "LICENSE"), path.join(here, "LICENSE"));
