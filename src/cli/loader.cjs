#!/usr/bin/env node
"use strict";
// djlint-conf's entry: runs the bundled CLI (cli.cjs) from V8's code cache when
// one is there, which saves the compile of the bundle and of every function a
// lint runs. The caches are made at build time by warm-up runs; when V8 rejects
// one (another Node version), the bundle is compiled as usual and the cache
// rewritten, atomically, if the folder allows. The packages only some runs need
// (the language server, the Python parser, ...) are bundles of their own beside
// cli.cjs (cli-*.cjs), which it runs through the same function on first use.
// This file is CommonJS (dist/ has its own package.json) because Node's ESM
// loader costs milliseconds at start.
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

// A lint is short, and V8's optimising compiler is tuned for pages and servers that run for minutes: on Node 20 it
// starts compiling a function once about 66 KB of its bytecode has run, so a one-file lint or a 1 MB tree spends more
// CPU time on background compiles (and, at a natural exit, on waiting for them) than the optimised code gives back.
// Four times that budget leaves the hot loops of large trees optimised (measured on Node 20, 2-core EPYC, against
// the default: a lint tied to a Django project 0.89x CPU, a 1 MB tree 0.84x to 0.86x, 10 MB 0.93x). Only on V8 11
// (Node 20), where the flag exists and was measured (newer V8s tier up through Maglev on counters of their own, and
// print an error for a flag they do not know); a budget given on the command line wins. The code caches are made
// under the same flags (by runs of this file), so V8 accepts them.
// The flag is set through the binding node:v8 wraps: loading node:v8 loads its heap-snapshot helpers and with them
// Node's stream modules, 4 ms of a one-file lint's start. process.binding is deprecated (its warning is silenced for
// this one call) but frozen on Node 20, the only version this runs on.
if (process.versions.v8.startsWith("11.") && !process.execArgv.some((a) => a.startsWith("--interrupt-budget"))) {
  const quiet = process.noDeprecation;
  process.noDeprecation = true;
  let v8;
  try {
    v8 = process.binding("v8");
  } catch {
    // A Node 20 that refuses it: the module, as elsewhere.
    v8 = require("node:v8");
  } finally {
    process.noDeprecation = quiet;
  }
  v8.setFlagsFromString("--interrupt-budget=270336");
}

// V8 accepts a code cache only under the V8 flags it was made with. A run under options of the user's
// (NODE_OPTIONS=--max-old-space-size=4096, node --stack-size=...) keeps a cache of its own beside the build's, named
// by those options, and never replaces the build's: otherwise the next run without them rejects the one written at
// the flagged run's exit and replaces it in turn (each run compiling the bundle and writing megabytes), and the
// build's cache (a lint of each dialect and of a Django project) is lost to whichever run came first. Options that
// leave V8's flags alone (--require) find the build's cache accepted and write nothing.
const userOptions = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" ").trim();
const optionsKey = userOptions ? fnv1a(userOptions) : "";

/** A short name for a string (32-bit FNV-1a, hex): cheap, and a collision only shares a cache. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

// A bundle and its code cache are read through one buffer, kept for the bundles read later (the Python parser's, ...):
// the first touch of fresh memory costs a page fault, about 11 us a page on the 2-core EPYC VM where start-up was
// measured, and the megabyte of the main bundle read into memory the cache then reuses is touched once, not twice.
let scratch = Buffer.alloc(0);

/** The size of a regular file, or -1 when it cannot be read as one (missing, a directory, ...). */
function fileSize(file) {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st?.isFile() ? st.size : -1;
}

/** Reads `file` (at most `size` bytes, which the scratch buffer holds) into it; a view of what was read. Throws as fs does. */
function readIntoScratch(file, size) {
  const fd = fs.openSync(file, "r");
  try {
    let n = 0;
    for (let r; n < size && (r = fs.readSync(fd, scratch, n, size - n, n)) > 0;) n += r;
    return scratch.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Runs the CommonJS bundle `file` (an absolute path) from its code cache (`file`.cache, or under options of the
 * user's `file`.<key>.cache when there is one) and returns its exports.
 */
function runCached(file) {
  const own = optionsKey ? `${file}.${optionsKey}.cache` : null;
  const cache = own && fileSize(own) >= 0 ? own : file + ".cache";
  const cacheSize = fileSize(cache);
  // What a run that finds no cache V8 accepts writes at exit: its own, under options of the user's.
  const cacheFile = own ?? file + ".cache";
  // Read as Latin-1: the build keeps the bundles ASCII (esbuild escapes the rest), where Latin-1 and UTF-8 agree and
  // V8 gets its one-byte string without a UTF-8 decode of megabytes. The bundle is its own wrapper (the build puts it
  // in a function that the script's value is, see RUN_WRAPPER in scripts/build.mjs): a wrapper added here would make
  // V8 copy the megabyte of text once more.
  const size = fs.statSync(file).size;
  if (scratch.length < Math.max(size, cacheSize)) scratch = Buffer.allocUnsafeSlow(Math.max(size, cacheSize));
  const source = readIntoScratch(file, size).toString("latin1");
  let cachedData;
  try {
    if (cacheSize >= 0) cachedData = readIntoScratch(cache, cacheSize);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(source, { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // At exit, so the cache holds the functions this run compiled too; "exit" also comes after a process.exit()
    // (the language server's), which "beforeExit" does not.
    process.once("exit", () => {
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
  const mod = { exports: {}, runCached };
  script.runInThisContext()(mod.exports, require, mod, file, path.dirname(file));
  return mod.exports;
}

// The package's own folder, also when started through a symlink that Node did not resolve (--preserve-symlinks-main).
runCached(path.join(path.dirname(fs.realpathSync(__filename)), "cli.cjs"));
