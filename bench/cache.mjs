#!/usr/bin/env node
// `npm run bench:cache`: what --cache saves on a repository's second run.
//
// Writes one repository holding an Apache httpd, an nginx and a lighttpd
// deployment (bench/generate.mjs, "tree" shape: a main file, one file per
// site included by a glob, shared snippets), about --mb MB each, then times
// the CLI on the repository directory (`node dist/cli.js --no-config -f json
// <repo>`, output drained), medians of --runs runs:
//   - without --cache;
//   - with --cache and no cache file (the first run: lints and writes it);
//   - with --cache and the cache written (the second run: nothing changed);
//   - with --cache after one site file of one server changed (that server
//     is linted again: see the README's --cache).
// Each run's report is compared with the run without --cache: they must be
// the same bytes, or the benchmark fails.
//
// Usage: npm run bench:cache [-- --mb N (3)] [--runs N (5)] [--cli path] [--keep]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { generateTree } from "./generate.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const o = { mb: 3, runs: 5, cli: path.join(here, "..", "dist/cli.js"), keep: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === "--mb") o.mb = Number(process.argv[++i]);
  else if (a === "--runs") o.runs = Number(process.argv[++i]);
  else if (a === "--cli") o.cli = path.resolve(process.argv[++i]);
  else if (a === "--keep") o.keep = true;
  else {
    console.error("usage: npm run bench:cache [-- --mb N] [--runs N] [--cli path] [--keep]");
    process.exit(a === "-h" || a === "--help" ? 0 : 2);
  }
}
if (!(o.mb > 0) || !Number.isInteger(o.runs) || o.runs < 1) {
  console.error("--mb expects a positive number, --runs a positive integer");
  process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-bench-cache-"));
const repo = path.join(work, "repo");
const trees = ["apache", "nginx", "lighttpd"].map((dialect) =>
  generateTree({ dialect, variant: "tree", bytes: o.mb * 1e6, dir: path.join(repo, dialect), seed: 1 }),
);
const cache = path.join(work, "cache");

function run(extra) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [o.cli, "--no-config", "-f", "json", ...extra, repo], { encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return { ms, out: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = { none: [], first: [], second: [], changed: [] };
const site = fs.readdirSync(path.join(trees[0].dir, "sites-enabled")).sort()[0];
const siteFile = path.join(trees[0].dir, "sites-enabled", site);
const original = fs.readFileSync(siteFile, "utf8");
let reference = null;
for (let i = 0; i < o.runs; i++) {
  const none = run([]);
  times.none.push(none.ms);
  reference ??= none.out;
  if (none.out !== reference) throw new Error("two runs without --cache differ");
  fs.rmSync(cache, { force: true });
  const first = run(["--cache", "--cache-location", cache]);
  const second = run(["--cache", "--cache-location", cache]);
  // One site changed (a comment added): its server is linted again, then put back.
  fs.writeFileSync(siteFile, original + `# changed ${i}\n`);
  const changed = run(["--cache", "--cache-location", cache]);
  const changedNone = run([]);
  fs.writeFileSync(siteFile, original);
  for (const [name, r] of [
    ["first", first],
    ["second", second],
  ]) {
    if (r.out !== reference) throw new Error(`the ${name} run with --cache reported otherwise than without it`);
    times[name].push(r.ms);
  }
  if (changed.out !== changedNone.out) throw new Error("the run with --cache after a change reported otherwise than without it");
  times.changed.push(changed.ms);
}

const bytes = trees.reduce((a, t) => a + t.bytes, 0);
const files = trees.reduce((a, t) => a + t.files, 0);
console.log(
  `repository: 3 servers (Apache httpd, nginx, lighttpd), ${files} files, ${(bytes / 1e6).toFixed(1)} MB; cache file ${(fs.statSync(cache).size / 1e6).toFixed(2)} MB`,
);
console.log(
  `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? "?"}, load ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}; node ${process.version}; medians of ${o.runs} runs`,
);
console.log("");
console.log("| run | time |");
console.log("| --- | ---: |");
for (const [k, label] of [
  ["none", "without --cache"],
  ["first", "--cache, first run (no cache file)"],
  ["second", "--cache, second run (nothing changed)"],
  ["changed", "--cache, one site file changed"],
]) {
  console.log(`| ${label} | ${(median(times[k]) / 1000).toFixed(2)} s |`);
}
if (!o.keep) fs.rmSync(work, { recursive: true, force: true });
else console.log(`\nkept ${work}`);
