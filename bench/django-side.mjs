// What the Django side adds to a lint, measured as users run the CLI: the
// same web-server configuration linted with its Django project tied
// (--django-root, --django-settings: the project found, its settings module
// chosen and read, the django/* rules run) and without (the same file in a
// directory with no project: nothing to read). Runs alternate, one fresh
// process each, so both sides see the same load; wall and CPU time (user +
// system, from the process itself: steadier on a busy machine) are kept.
// Issue 19: reading a project's settings adds at most 20 ms to a lint;
// issue 20: a run tied to a project costs at most 10% more than without.
// Used by `npm run bench` and `npm run bench:django`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

export const DJANGO_TARGETS = { addsMs: 20, ratio: 1.1 };

/** Projects of test/corpus/django behind the same nginx configuration (a Docker deployment's). */
export function djangoCases(root) {
  const c = path.join(root, "test/corpus/django");
  return [
    {
      name: "docker",
      what: "settings.py, 136 lines, named by --django-settings",
      tie: ["--django-root", path.join(c, "testdrivenio__django-on-docker/app"), "--django-settings", "hello_django.settings"],
    },
    { name: "heroku", what: "settings.py, 247 lines, found through manage.py", tie: ["--django-root", path.join(c, "heroku__python-getting-started")] },
    {
      name: "bakerydemo",
      what: "split settings: production.py (73 lines) on base.py (176)",
      tie: ["--django-root", path.join(c, "wagtail__bakerydemo"), "--django-settings", "bakerydemo.settings.production"],
    },
    {
      name: "netbox",
      what: "settings.py, 1,048 lines",
      tie: ["--django-root", path.join(c, "netbox-community__netbox/netbox"), "--django-settings", "netbox.settings"],
    },
  ];
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One CLI run: wall ms (spawn to exit) and the child's own CPU ms. */
function run(cli, args, hook, cpuFile) {
  fs.rmSync(cpuFile, { force: true });
  const t = performance.now();
  const r = spawnSync(process.execPath, ["--require", hook, cli, ...args], { encoding: "utf8", env: { ...process.env, DJLINT_BENCH_CPU: cpuFile } });
  const wall = performance.now() - t;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`djlint-conf ${args.join(" ")}: exit ${r.status}: ${r.stderr.trim().split("\n").slice(-2).join(" | ")}`);
  JSON.parse(r.stdout);
  return { wall, cpu: fs.existsSync(cpuFile) ? Number(fs.readFileSync(cpuFile, "utf8")) : NaN };
}

/** Each case `runs` times tied and untied, alternating; medians and minimums of both, their differences and ratios. */
export function measureDjangoSide({ root, cli, workDir, runs, log = () => {} }) {
  const dir = path.join(workDir, "django-side");
  fs.mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, "nginx.conf");
  fs.copyFileSync(path.join(root, "test/corpus/django/testdrivenio__django-on-docker/nginx/nginx.conf"), conf);
  const hook = path.join(root, "bench/rss-hook.cjs");
  const cpuFile = path.join(dir, `cpu-${process.pid}`);
  const base = ["--no-config", "-f", "json"];
  // One warm-up of each: the first run after a build pays for the disk cache.
  run(cli, [...base, conf], hook, cpuFile);
  const out = [];
  for (const c of djangoCases(root)) {
    run(cli, [...base, ...c.tie, conf], hook, cpuFile);
    const tied = { wall: [], cpu: [] };
    const untied = { wall: [], cpu: [] };
    for (let i = 0; i < runs; i++) {
      for (const [side, args] of [
        [untied, [...base, conf]],
        [tied, [...base, ...c.tie, conf]],
      ]) {
        const r = run(cli, args, hook, cpuFile);
        side.wall.push(r.wall);
        side.cpu.push(r.cpu);
      }
    }
    const stats = (k) => {
      const t = { median: median(tied[k]), min: Math.min(...tied[k]) };
      const u = { median: median(untied[k]), min: Math.min(...untied[k]) };
      return { tied: t, untied: u, addsMedian: t.median - u.median, addsMin: t.min - u.min, ratio: t.median / u.median };
    };
    const res = { name: c.name, what: c.what, runs, wall: stats("wall"), cpu: stats("cpu"), samples: { tied, untied } };
    log(`bench: django ${c.name}: tied ${res.wall.tied.median.toFixed(1)} ms, untied ${res.wall.untied.median.toFixed(1)} ms (medians of ${runs})`);
    out.push(res);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

/** The report's table. */
export function djangoTable(cases, table, f) {
  const rows = cases.map((c) => [
    c.name,
    c.what,
    `${f(c.wall.untied.median, 1)} / ${f(c.wall.untied.min, 1)}`,
    `${f(c.wall.tied.median, 1)} / ${f(c.wall.tied.min, 1)}`,
    `${f(c.wall.addsMedian, 1)} / ${f(c.wall.addsMin, 1)}`,
    f(c.wall.ratio, 3),
    `${f(c.cpu.addsMedian, 1)} / ${f(c.cpu.addsMin, 1)}`,
    f(c.cpu.ratio, 3),
  ]);
  return table(["case", "project", "untied ms (med / min)", "tied ms", "adds ms (med / min)", "ratio", "CPU adds ms", "CPU ratio"], rows, [
    "l",
    "l",
    "r",
    "r",
    "r",
    "r",
    "r",
    "r",
  ]);
}
