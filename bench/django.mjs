#!/usr/bin/env node
// `npm run bench:django [-- --runs N]`: what reading the Django side costs a
// lint, cold, in the bundled form the CLI ships.
//  1. The CLI on one nginx configuration with its Django project tied and
//     without, alternating (bench/django-side.mjs, the figures `npm run bench`
//     checks: adds at most 20 ms, at most 10% more).
//  2. In-process stages, each sample a fresh `node` process running
//     bench/django-stages.ts bundled as scripts/build.mjs bundles the CLI
//     (esbuild, CommonJS, @lezer/python as the CLI ships it): the Python
//     parser's load, the first parse of a 300-line settings module, and
//     `readDjango` of corpus projects as a lint reads them (the settings the
//     rules read) and as --print-django does (all). Also checks that reading
//     app-server files without Python does not load the parser.
// Prints medians (and the minimum, closer to an idle machine) and writes
// bench/django-results.json.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { lezerPython } from "../scripts/lezer-python-plugin.mjs";
import { DJANGO_TARGETS, djangoTable, measureDjangoSide } from "./django-side.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-django-bench-"));
const outfile = path.join(work, "django-stages.cjs");
await build({
  entryPoints: [path.join(here, "django-stages.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "error",
  plugins: [lezerPython],
  define: { "import.meta.url": "__importMetaUrl" },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
const corpus = path.join(root, "test/corpus/django");
const samples = {};
const t0 = spawnSync(process.execPath, ["-e", "0"]);
if (t0.status !== 0) throw new Error("node -e 0 failed");
// References under the same load: a bare node start, and the CLI linting one small nginx file.
const cli = path.join(root, "dist/cli.js");
const small = path.join(root, "test/corpus/django/testdrivenio__django-on-docker/nginx/nginx.conf");
const wall = (args) => {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  return Math.round((performance.now() - t) * 100) / 100;
};
for (let i = 0; i < runs; i++) {
  (samples["reference.nodeStartMs"] ??= []).push(wall(["-e", "0"]));
  if (fs.existsSync(cli)) (samples["reference.cliLintOneFileMs"] ??= []).push(wall([cli, "--no-config", "-f", "json", small]));
}
// The CLI with the project tied and without (bench/django-side.mjs).
const lints = fs.existsSync(cli) ? measureDjangoSide({ root, cli, workDir: work, runs }) : [];
for (const [c, mode] of [
  ["netbox", "lint"],
  ["heroku", "lint"],
  ["heroku", "all"],
  ["bakerydemo", "lint"],
  ["bakerydemo", "all"],
]) {
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [outfile, c, corpus, mode], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${c}: ${r.stderr}`);
    const o = JSON.parse(r.stdout);
    for (const [k, v] of Object.entries(o)) if (typeof v === "number" || typeof v === "boolean") (samples[`${c}.${k}`] ??= []).push(v);
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = Object.entries(samples).map(([k, v]) => (typeof v[0] === "boolean" ? [k, v.some(Boolean) ? "YES" : "no", ""] : [k, median(v), Math.min(...v)]));
process.stdout.write(
  `Django side, cold, bundled; ${runs} fresh processes each (load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")})\n`,
);
for (const [k, med, min] of rows) process.stdout.write(`  ${k.padEnd(42)} ${String(med).padStart(8)}${min === "" ? "" : `   (min ${min})`}\n`);
if (lints.length) {
  const table = (head, body) =>
    [head, ...body].map((r) => r.map((v, i) => (i < 2 ? String(v).padEnd(i ? 58 : 11) : String(v).padStart(22))).join(" ")).join("\n");
  const f = (x, d) => (Number.isFinite(x) ? x.toFixed(d) : "-");
  process.stdout.write(
    `\nThe CLI on one nginx configuration, project tied and untied (targets: adds <= ${DJANGO_TARGETS.addsMs} ms, ratio <= ${DJANGO_TARGETS.ratio}x)\n${djangoTable(lints, table, f)}\n`,
  );
}
fs.writeFileSync(path.join(here, "django-results.json"), JSON.stringify({ runs, loadavg: os.loadavg(), samples, lints }, null, 2) + "\n");
fs.rmSync(work, { recursive: true, force: true });
if (samples["netbox.parserLoadedByNonPython"]?.some(Boolean)) {
  process.stderr.write("bench: reading app-server files without Python loaded the Python parser\n");
  process.exitCode = 1;
}
