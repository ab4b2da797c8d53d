#!/usr/bin/env node
"use strict";
// djlint-conf's entry: runs the bundled CLI (cli.cjs) from V8's code cache when
// one is there, which saves the compile of the bundle and of every function a
// lint runs. The cache is made at build time by a warm-up lint; when V8 rejects
// it (another Node version), the bundle is compiled as usual and the cache
// rewritten, atomically, if the folder allows. This file is CommonJS (dist/ has
// its own package.json) because Node's ESM loader costs milliseconds at start.
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

// The package's own folder, also when started through a symlink that Node did not resolve (--preserve-symlinks-main).
const here = path.dirname(fs.realpathSync(__filename));
const file = path.join(here, "cli.cjs");
const cacheFile = file + ".cache";
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// Read as Latin-1: the build keeps the bundle ASCII (esbuild escapes the rest), where Latin-1 and UTF-8 agree and
// V8 gets its one-byte string without a UTF-8 decode of 2 MB.
const source = fs.readFileSync(file, "latin1");
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  process.once("beforeExit", () => {
    // An unpredictable name, created with O_EXCL ("wx"): never through a link planted in a shared install folder.
    const tmp = `${cacheFile}.${require("node:crypto").randomBytes(8).toString("hex")}.tmp`;
    try {
      fs.writeFileSync(tmp, script.createCachedData(), { flag: "wx", mode: 0o644 });
      fs.renameSync(tmp, cacheFile);
    } catch {
      // A read-only install runs without the cache.
      fs.rmSync(tmp, { force: true });
    }
  });
}
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, require, bundle, file, here);
