#!/usr/bin/env node
// `npm run bench:django [-- --runs N]`: what reading the Django side costs a
// lint, cold, in the bundled form the CLI ships (esbuild, CommonJS, as
// scripts/build.mjs builds it). Each sample is a fresh `node` process
// (bench/django-stages.ts): the Python parser's load, the first parse of a
// 300-line settings module, and `readDjango` of corpus projects (settings
// chosen and read, app servers read). Also checks that reading app-server
// files without Python does not load the parser. Prints medians (and the
// minimum, closer to an idle machine) and writes bench/django-results.json.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

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
// What reading a project's settings adds to a lint: the CLI on one nginx file, with the Django side read
// (django/settings-not-found on: the project found, its settings module chosen and evaluated) and without
// (the rule off: nothing asks for the Django side, so no Python is read).
const ngx = path.join(corpus, "testdrivenio__django-on-docker/nginx/nginx.conf");
const LINTS = {
  // 136-line settings.py, named by the configuration.
  docker: ["--django-root", path.join(corpus, "testdrivenio__django-on-docker/app"), "--django-settings", "hello_django.settings", ngx],
  // 247-line settings.py found through manage.py, a Procfile and a gunicorn configuration (Python) in the run.
  heroku: ["--django-root", path.join(corpus, "heroku__python-getting-started"), ngx, path.join(corpus, "heroku__python-getting-started/Procfile"), path.join(corpus, "heroku__python-getting-started/gunicorn.conf.py")],
  // 1,048-line settings.py and a uWSGI ini in the run.
  netbox: ["--django-root", path.join(corpus, "netbox-community__netbox/netbox"), "--django-settings", "netbox.settings", ngx, path.join(corpus, "netbox-community__netbox/contrib/uwsgi.ini")],
};
if (fs.existsSync(cli)) {
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of Object.entries(LINTS)) {
      const base = [cli, "--no-config", "-f", "json"];
      (samples[`lint.${name}.withDjangoMs`] ??= []).push(wall([...base, ...args]));
      (samples[`lint.${name}.withoutDjangoMs`] ??= []).push(wall([...base, "--rule", "django/settings-not-found=off", ...args]));
    }
  }
}
for (const c of ["netbox", "heroku", "bakerydemo"]) {
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [outfile, c, corpus], { encoding: "utf8" });
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
// The Django side's cost in a lint: the difference of the medians (and of the minimums), per project.
for (const name of Object.keys(LINTS)) {
  const w = samples[`lint.${name}.withDjangoMs`];
  const wo = samples[`lint.${name}.withoutDjangoMs`];
  if (w && wo) rows.push([`lint.${name}.djangoAddsMs`, Math.round((median(w) - median(wo)) * 100) / 100, Math.round((Math.min(...w) - Math.min(...wo)) * 100) / 100]);
}
process.stdout.write(`Django side, cold, bundled; ${runs} fresh processes each (load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")})\n`);
for (const [k, med, min] of rows) process.stdout.write(`  ${k.padEnd(42)} ${String(med).padStart(8)}${min === "" ? "" : `   (min ${min})`}\n`);
fs.writeFileSync(path.join(here, "django-results.json"), JSON.stringify({ runs, loadavg: os.loadavg(), samples }, null, 2) + "\n");
fs.rmSync(work, { recursive: true, force: true });
if (samples["netbox.parserLoadedByNonPython"]?.some(Boolean)) {
  process.stderr.write("bench: reading app-server files without Python loaded the Python parser\n");
  process.exitCode = 1;
}
