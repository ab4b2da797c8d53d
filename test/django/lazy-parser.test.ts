/**
 * The Python parser is loaded only when a Python file is read: the non-Python
 * readers (uWSGI, systemd, Procfile, supervisor, the project finder, a script
 * that cannot set DJANGO_SETTINGS_MODULE) and a whole lint of a server
 * configuration leave it unloaded. (bench/django.mjs checks the same in the
 * bundled form.) The tests run in order in one module registry.
 */
import path from "node:path";
import { lintFiles } from "../../src/engine/run.js";
import { readAppServerFile } from "../../src/model/django/app-servers/index.js";
import { readDjango } from "../../src/model/django/index.js";
import { findProjectBelow } from "../../src/model/django/project.js";
import { pythonParserLoaded } from "../../src/model/django/python/parser.js";
import { settingsModuleRefs } from "../../src/model/django/settings-module.js";
import { MemoryFs } from "./memory-fs.js";

const fs = new MemoryFs({
  "/etc/uwsgi/a.ini": "[uwsgi]\nsocket = /run/a.sock\nmodule = a.wsgi\n",
  "/etc/systemd/system/a.service": "[Service]\nExecStart=/venv/bin/daphne -b 0.0.0.0 a.asgi:application\n",
  "/srv/a/Procfile": "web: uvicorn a.asgi:application\n",
  "/etc/supervisor/conf.d/a.conf": "[program:a]\ncommand=hypercorn a.asgi:application\n",
  "/srv/a/a/settings.py": "DEBUG = False\n",
});

test("reading app servers, finding projects and scripts without the variable: no parser", () => {
  for (const f of ["/etc/uwsgi/a.ini", "/etc/systemd/system/a.service", "/srv/a/Procfile", "/etc/supervisor/conf.d/a.conf"])
    expect(readAppServerFile(fs, f).servers).toHaveLength(1);
  expect(findProjectBelow(fs, "/srv")?.dir).toBe("/srv/a/a");
  expect(settingsModuleRefs("/w.py", "import os\nfrom x import application\n")).toEqual([]);
  expect(pythonParserLoaded()).toBe(false);
});

test("a lint of a server configuration: no parser", () => {
  const run = lintFiles([path.resolve("fixtures/demo/etc/nginx/nginx.conf")], { cwd: process.cwd() });
  expect(run.results.length).toBeGreaterThan(0);
  expect(pythonParserLoaded()).toBe(false);
});

test("a lint whose Django side names only files it cannot read, and a uWSGI file: settings-not-found reports them, no parser", () => {
  const dir = path.resolve("fixtures/rules/django/settings-not-found");
  const run = lintFiles([path.join(dir, "fires-wsgi-script-not-found.conf"), path.join(dir, "fires-uwsgi-env-settings-not-found/uwsgi.ini")], { cwd: dir });
  expect(
    run.results
      .flatMap((r) => r.messages)
      .filter((m) => m.ruleId === "django/settings-not-found")
      .map((m) => [path.basename(m.file), m.range.line]),
  ).toEqual([
    ["uwsgi.ini", 7],
    ["fires-wsgi-script-not-found.conf", 6],
  ]);
  expect(pythonParserLoaded()).toBe(false);
});

test("reading a settings module loads it", () => {
  const m = readDjango({ fs, roots: ["/srv/a"], settings: "a.settings" });
  expect(m.projects[0].settings.DEBUG).toMatchObject({ value: false, line: 1 });
  expect(pythonParserLoaded()).toBe(true);
});
