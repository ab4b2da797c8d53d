/**
 * The Django side, timed in one fresh process as the CLI would run it
 * (bench/django.mjs bundles this file with esbuild the way scripts/build.mjs
 * bundles the CLI and runs it once per sample):
 *
 *   node django-stages.cjs <case> <corpus dir> [lint|all]
 *
 * Prints one JSON object: the time to read the case's app-server files
 * without Python (and whether that loaded the Python parser: it must not),
 * the parser's load (the first parse of a one-line module), the first parse
 * of a 300-line settings module, and the whole `readDjango` of a project
 * (settings module chosen, split settings followed, app servers read) in the
 * same process, cold: as a lint reads it (`lint`: every setting the rules
 * declare, each asked for once) or as --print-django does (`all`).
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DiskFs } from "../src/load/fs-facade.js";
import { PathMap } from "../src/load/path-map.js";
import { readAppServerFile } from "../src/model/django/app-servers/index.js";
import { allRules } from "../src/engine/registry.js";
import { readDjango } from "../src/model/django/index.js";
import { parsePython, pythonParserLoaded } from "../src/model/django/python/parser.js";

const CASES: Record<string, { root: string; servers: string[]; settings300: string; settings?: string }> = {
  // A single settings.py (247 lines), a Procfile and a gunicorn config (Python).
  heroku: { root: "heroku__python-getting-started", servers: ["Procfile"], settings300: "mathesar-foundation__mathesar/config/settings/common_settings.py" },
  // A split settings package (production.py 73 lines + base.py 176 lines), a uWSGI command line.
  bakerydemo: {
    root: "wagtail__bakerydemo",
    servers: ["Procfile"],
    settings300: "mathesar-foundation__mathesar/config/settings/common_settings.py",
    settings: "bakerydemo.settings.production",
  },
  // A uWSGI ini (no Python), settings.py of 1,048 lines with a missing local_settings.
  netbox: {
    root: "netbox-community__netbox/netbox",
    servers: ["../contrib/uwsgi.ini"],
    settings300: "mathesar-foundation__mathesar/config/settings/common_settings.py",
  },
};

const ms = (t0: number) => Math.round((performance.now() - t0) * 100) / 100;

export function main(argv: string[]): number {
  const [name, corpus, mode = "lint"] = argv;
  const c = CASES[name];
  if (!c) throw new Error(`unknown case ${name}`);
  const root = path.join(corpus, c.root);
  const dfs = new DiskFs(new PathMap([], process.cwd()));
  const out: Record<string, unknown> = { case: name };
  if (name === "netbox") {
    let t0 = performance.now();
    readAppServerFile(dfs, path.join(root, c.servers[0]));
    out.appServersNoPythonMs = ms(t0);
    out.parserLoadedByNonPython = pythonParserLoaded();
    t0 = performance.now();
    parsePython("x = 1\n");
    out.parserLoadMs = ms(t0);
    const text = fs.readFileSync(path.join(corpus, c.settings300), "utf8");
    t0 = performance.now();
    parsePython(text);
    out.parse300LinesMs = ms(t0);
    out.lines = text.split("\n").length;
    return print(out);
  }
  const t0 = performance.now();
  // bakerydemo has no manage.py in the corpus: its root and module are given, as `django.root`/`django.settings` would.
  const m = readDjango({
    fs: dfs,
    searchFrom: [root],
    roots: c.settings ? [root] : undefined,
    settings: c.settings,
    appServerFiles: c.servers.map((s) => path.join(root, s)),
    // What a lint of an nginx configuration reads: the settings the django/* and nginx rules declare.
    settingsNames: mode === "lint" ? lintSettings() : undefined,
  });
  // A lint reads each setting when a rule asks for it: here every declared one is asked for (the most a lint reads).
  if (mode === "lint") for (const p of m.projects) Object.keys(p.settings);
  out[mode === "lint" ? "readDjangoLintColdMs" : "readDjangoAllColdMs"] = ms(t0);
  out.settingsFiles = m.projects[0]?.settingsFiles.length ?? 0;
  out.settingsLines = m.projects[0]?.settingsFiles.reduce((n, f) => n + fs.readFileSync(f, "utf8").split("\n").length, 0) ?? 0;
  out[mode === "lint" ? "settingsLint" : "settingsAll"] = Object.keys(m.projects[0]?.settings ?? {}).length;
  return print(out);
}

const lintSettings = () => [
  ...new Set(
    allRules()
      .filter((r) => r.dialect === "django" || r.dialect === "nginx")
      .flatMap((r) => r.meta.djangoSettings ?? []),
  ),
];

function print(o: Record<string, unknown>): number {
  process.stdout.write(JSON.stringify(o) + "\n");
  return 0;
}

if (process.argv[1]?.endsWith("django-stages.cjs")) process.exitCode = main(process.argv.slice(2));
