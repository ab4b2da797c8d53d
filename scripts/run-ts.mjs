#!/usr/bin/env node
// Runs a TypeScript script of this repository: bundles it with esbuild (dependencies
// stay external) into node_modules/.cache and calls its exported main(argv).
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [entry, ...argv] = process.argv.slice(2);
const outfile = path.join(root, "node_modules/.cache/djlint-conf", path.basename(entry).replace(/\.ts$/, ".mjs"));
await build({ entryPoints: [path.resolve(entry)], outfile, bundle: true, platform: "node", format: "esm", packages: "external", logLevel: "warning" });
const mod = await import(pathToFileURL(outfile).href);
process.exitCode = await mod.main(argv);
