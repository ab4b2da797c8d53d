/**
 * The Django corpus (test/corpus/django, real files from public projects, see
 * its README and MANIFEST.tsv): every file is read without an exception, and
 * the values below were written by reading each file (the line is the
 * assignment's), not copied from the reader's output.
 */
import fs from "node:fs";
import path from "node:path";
import { DiskFs } from "../../src/load/fs-facade.js";
import { PathMap } from "../../src/load/path-map.js";
import { readAppServerFile } from "../../src/model/django/app-servers/index.js";
import type { AppServer } from "../../src/model/django/app-servers/types.js";
import { PythonReader, settingFact, settingOf, type SettingsRead } from "../../src/model/django/settings.js";
import { settingsModuleOfScript } from "../../src/model/django/settings-module.js";

const CORPUS = path.resolve("test/corpus/django");
const dfs = new DiskFs(new PathMap([], process.cwd()));
const manifest = fs
  .readFileSync(path.join(CORPUS, "MANIFEST.tsv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split("\t"))
  .map(([local, , , , , kind]) => ({ local, kind, file: path.join(CORPUS, local) }));

const PYTHON = new Set(["settings", "settings-package", "wsgi", "asgi", "manage", "gunicorn-conf"]);
const SERVERS = new Set(["uwsgi-ini", "gunicorn-conf", "systemd", "procfile", "supervisor"]);

test("the manifest lists every file of the corpus, 104 of them (the README says which were left out and why)", () => {
  expect(manifest.length).toBe(104);
  for (const m of manifest) expect(fs.existsSync(m.file)).toBe(true);
});

describe("every file is read without an exception", () => {
  test.each(manifest.filter((m) => PYTHON.has(m.kind)).map((m) => [m.local, m.file]))("Python: %s", (_l, file) => {
    const r = new PythonReader(dfs, []).evaluate(file, null);
    // Only the Jinja-templated cookiecutter settings are not Python until rendered.
    if (file.includes("cookiecutter") && /settings\/(base|production)\.py$/.test(file))
      expect(r.error).toMatch(/does not parse as Python \(line \d+, column \d+: unexpected '%'\)/);
    else expect(r.error).toBeNull();
  });
  test.each(manifest.filter((m) => SERVERS.has(m.kind)).map((m) => [m.local, m.file]))("app server: %s", (_l, file) => {
    const r = readAppServerFile(dfs, file);
    expect(r.error).toBeUndefined();
  });
});

const project = (dir: string, ...roots: string[]) =>
  new PythonReader(
    dfs,
    roots.map((r) => path.join(CORPUS, dir, r)),
  );
const read = (p: PythonReader, module: string): SettingsRead => {
  const r = p.readSettings(module);
  expect(r.error).toBeNull();
  return r;
};
/** A setting: its value (or unknown/default) and the basename:line it comes from. */
function setting(r: SettingsRead, name: string) {
  const s = settingOf(r, name);
  if (!("binding" in s)) return s;
  const f = settingFact(s.binding);
  return {
    ...(f.value !== undefined ? { value: f.value } : {}),
    ...(f.unknown !== undefined ? { unknown: f.unknown } : {}),
    ...(f.default !== undefined ? { default: f.default } : {}),
    at: `${path.basename(f.file)}:${f.line}`,
  };
}

describe("settings, as the files say", () => {
  test("django-on-docker: pathlib BASE_DIR, os.environ.get defaults", () => {
    const dir = path.join(CORPUS, "testdrivenio__django-on-docker/app");
    const r = read(new PythonReader(dfs, [dir]), "hello_django.settings");
    expect(setting(r, "STATIC_ROOT")).toEqual({ value: `${dir}/staticfiles`, at: "settings.py:127" });
    expect(setting(r, "MEDIA_ROOT")).toEqual({ value: `${dir}/mediafiles`, at: "settings.py:130" });
    expect(setting(r, "STATIC_URL")).toEqual({ value: "/static/", at: "settings.py:126" });
    // bool(os.environ.get("DEBUG", default=0)): 0 when unset, so False.
    expect(setting(r, "DEBUG")).toMatchObject({ unknown: expect.stringContaining("DEBUG"), default: false, at: "settings.py:25" });
    // .split(" ") of None when unset: Python raises, so no default.
    expect(setting(r, "ALLOWED_HOSTS")).toEqual({ unknown: expect.stringContaining("DJANGO_ALLOWED_HOSTS"), at: "settings.py:29" });
  });

  test("multichat: Channels settings, literal values", () => {
    const r = read(project("andrewgodwin__channels-examples/multichat", ""), "multichat.settings");
    expect(setting(r, "ASGI_APPLICATION")).toEqual({ value: "multichat.routing.application", at: "settings.py:36" });
    expect(setting(r, "DEBUG")).toEqual({ value: true, at: "settings.py:73" });
    expect(setting(r, "ALLOWED_HOSTS")).toEqual({ value: [], at: "settings.py:74" });
    expect(setting(r, "STATIC_URL")).toEqual({ value: "/static/", at: "settings.py:153" });
  });

  test("bakerydemo production: from .base import *, os.getenv defaults, .split, .append", () => {
    const root = path.join(CORPUS, "wagtail__bakerydemo");
    const r = read(new PythonReader(dfs, [root]), "bakerydemo.settings.production");
    expect(r.files.map((f) => path.basename(f))).toEqual(["production.py", "base.py"]);
    expect(setting(r, "SECURE_PROXY_SSL_HEADER")).toEqual({ value: ["HTTP_X_FORWARDED_PROTO", "https"], at: "production.py:19" });
    expect(setting(r, "SECURE_SSL_REDIRECT")).toMatchObject({ default: false, at: "production.py:22" });
    expect(setting(r, "ALLOWED_HOSTS")).toMatchObject({ default: ["*"], at: "production.py:27" });
    expect(setting(r, "DEBUG")).toMatchObject({ default: false, at: "production.py:8" });
    // base.py: BASE_DIR = abspath(join(dirname(__file__), os.pardir)); STATIC_ROOT = join(PROJECT_DIR... ) on line 159.
    expect(setting(r, "STATIC_ROOT")).toEqual({ value: `${root}/bakerydemo/collect_static`, at: "base.py:159" });
    const mw = setting(r, "MIDDLEWARE") as { value: string[] };
    expect(mw.value[mw.value.length - 1]).toBe("whitenoise.middleware.WhiteNoiseMiddleware"); // appended on production.py:37
    // Set only under `if 'AWS_STORAGE_BUCKET_NAME' in os.environ:` (line 43): unknown, default the base value.
    expect(setting(r, "MEDIA_URL")).toMatchObject({ unknown: expect.stringContaining("AWS_STORAGE_BUCKET_NAME"), default: "/media/", at: "production.py:43" });
  });

  test("bakerydemo dev: DEBUG = True over the base", () => {
    const r = read(project("wagtail__bakerydemo", ""), "bakerydemo.settings.dev");
    expect(setting(r, "DEBUG")).toEqual({ value: true, at: "dev.py:3" });
  });

  test("pythondotorg cabotage: decouple config() and an absolute star import", () => {
    const r = read(project("python__pythondotorg", ""), "pydotorg.settings.cabotage");
    expect(setting(r, "DEBUG")).toEqual({ value: false, at: "cabotage.py:9" });
    expect(setting(r, "SECURE_PROXY_SSL_HEADER")).toEqual({ value: ["HTTP_FASTLY_SSL", "1"], at: "cabotage.py:63" });
    expect(setting(r, "SECURE_SSL_REDIRECT")).toEqual({ value: true, at: "cabotage.py:62" });
    expect(setting(r, "ALLOWED_HOSTS")).toEqual({ unknown: expect.stringContaining("ALLOWED_HOSTS"), at: "cabotage.py:38" });
    expect(setting(r, "MEDIA_URL")).toEqual({ value: "/media/", at: "base.py:62" });
  });

  test("patchwork production example: an environment default", () => {
    const ex = new PythonReader(dfs, [path.join(CORPUS, "getpatchwork__patchwork")]).readSettings(
      path.join(CORPUS, "getpatchwork__patchwork/patchwork/settings/production.example.py"),
    );
    expect(setting(ex, "STATIC_ROOT")).toMatchObject({ default: "/srv/patchwork/htdocs/static", at: "production.example.py:57" });
    expect(setting(ex, "SECRET_KEY")).toEqual({ unknown: expect.stringContaining("DJANGO_SECRET_KEY"), at: "production.example.py:30" });
    expect(setting(ex, "STATIC_URL")).toEqual({ value: "/static/", at: "base.py:107" });
  });

  test("vintasoftware production: decouple, a helper function is never called", () => {
    const r = read(project("vintasoftware__django-react-boilerplate/backend", ""), "project_name.settings.production");
    expect(setting(r, "DEBUG")).toEqual({ value: false, at: "production.py:9" });
    expect(setting(r, "STATIC_ROOT")).toEqual({ unknown: expect.stringMatching(/^calls base_dir_join\(\)/), at: "production.py:17" });
    expect(setting(r, "SECURE_SSL_REDIRECT")).toEqual({ value: true, at: "production.py:34" });
    expect(setting(r, "SECURE_PROXY_SSL_HEADER")).toEqual({ value: ["HTTP_X_FORWARDED_PROTO", "https"], at: "production.py:33" });
  });

  test("homepage-backend: django-environ env.bool default, BASE_DIR four parents up", () => {
    const root = path.join(CORPUS, "feynubrick__homepage-backend/project");
    const r = read(new PythonReader(dfs, [root]), "configs.settings.production");
    expect(setting(r, "DEBUG")).toEqual({ value: false, at: "production.py:4" });
    expect(setting(r, "ALLOWED_HOSTS")).toEqual({ unknown: expect.stringContaining("DJANGO_ALLOWED_HOSTS"), at: "production.py:6" });
    expect(setting(r, "STATIC_ROOT")).toEqual({ value: `${path.dirname(root)}/deploy/static`, at: "base.py:118" });
    expect(setting(r, "STATIC_URL")).toEqual({ value: "static/", at: "base.py:119" });
    const base = read(new PythonReader(dfs, [root]), "configs.settings.base");
    expect(setting(base, "DEBUG")).toMatchObject({ default: false, at: "base.py:21" });
  });

  test("mathesar production: an optional local module the checkout does not hold (and no .gitignore names) raises ImportError, which its try catches", () => {
    const r = read(project("mathesar-foundation__mathesar", ""), "config.settings.production");
    expect(setting(r, "SECURE_PROXY_SSL_HEADER")).toEqual({ value: ["HTTP_X_FORWARDED_PROTO", "https"], at: "production.py:14" });
  });

  test("djangoproject.com prod: a list plus a call the linter does not run", () => {
    const r = read(project("django__djangoproject.com", ""), "djangoproject.settings.prod");
    expect(setting(r, "DEBUG")).toEqual({ value: false, at: "prod.py:9" });
    expect((setting(r, "ALLOWED_HOSTS") as { at: string }).at).toBe("prod.py:3");
    expect(setting(r, "ALLOWED_HOSTS")).toHaveProperty("unknown");
  });

  test("comics: typenv env.bool/env.list defaults", () => {
    const r = read(project("jodal__comics/src", ""), "comics.settings");
    expect(setting(r, "DEBUG")).toMatchObject({ default: false, at: "settings.py:34" });
    expect((setting(r, "SECURE_PROXY_SSL_HEADER") as { at: string }).at).toBe("settings.py:103");
  });

  test("Django-Styleguide-Example production: star imports of settings modules in another package, environ.Path, env.bool/env.list defaults", () => {
    const root = path.join(CORPUS, "HackSoftware__Django-Styleguide-Example");
    const r = read(new PythonReader(dfs, [root]), "config.django.production");
    expect(setting(r, "DEBUG")).toMatchObject({ default: false, at: "production.py:5" });
    expect(setting(r, "ALLOWED_HOSTS")).toMatchObject({ default: [], at: "production.py:9" });
    expect(setting(r, "SECURE_PROXY_SSL_HEADER")).toEqual({ value: ["HTTP_X_FORWARDED_PROTO", "https"], at: "production.py:17" });
    expect(setting(r, "SECURE_SSL_REDIRECT")).toMatchObject({ default: true, at: "production.py:19" });
    // base.py:160, with BASE_DIR = environ.Path(__file__) - 2 in config/env.py (the repository root).
    expect(setting(r, "STATIC_ROOT")).toEqual({ value: `${root}/staticfiles`, at: "base.py:160" });
  });

  test("healthchecks: a star import under an undecidable if makes everything a default", () => {
    const r = read(project("healthchecks__healthchecks", ""), "hc.settings");
    expect(setting(r, "DEBUG")).toMatchObject({ unknown: expect.stringContaining("local_settings.py") });
  });

  test("cookiecutter: a Jinja-templated settings module is unknown as a whole", () => {
    const r = project("cookiecutter__cookiecutter-django/{{cookiecutter.project_slug}}", "").readSettings("config.settings.production");
    expect(r.error).toMatch(/does not parse as Python/);
    expect(settingOf(r, "DEBUG")).toEqual({ unknown: r.error });
  });
});

describe("DJANGO_SETTINGS_MODULE in scripts, as the files say", () => {
  const ref = (local: string) => {
    const file = path.join(CORPUS, local);
    const r = settingsModuleOfScript(file, fs.readFileSync(file, "utf8"));
    return r && { value: r.value, how: r.how, line: r.at.line };
  };
  test.each([
    ["heroku__python-getting-started/gettingstarted/wsgi.py", { value: "gettingstarted.settings", how: "setdefault", line: 14 }],
    ["heroku__python-getting-started/manage.py", { value: "gettingstarted.settings", how: "setdefault", line: 10 }],
    ["getpatchwork__patchwork/patchwork/wsgi.py", { value: "patchwork.settings.production", how: "assign", line: 13 }],
    ["varikin__dali/dali/wsgi.py", { value: "dali.settings", how: "assign", line: 5 }],
    // The commented-out assignment on line 26 is not code (the old regular expression took it).
    ["DefectDojo__django-DefectDojo/dojo/wsgi.py", { value: "dojo.settings.settings", how: "setdefault", line: 27 }],
    ["django__djangoproject.com/djangoproject/wsgi.py", { value: "djangoproject.settings.dev", how: "setdefault", line: 11 }],
    ["django-cms__django-cms-quickstart/backend/asgi.py", { value: "backend.settings", how: "setdefault", line: 14 }],
    ["cookiecutter__cookiecutter-django/{{cookiecutter.project_slug}}/manage.py", { value: "config.settings.local", how: "setdefault", line: 11 }],
    ["graphite-project__graphite-web/conf/graphite.wsgi.example", null],
    ["wagtail__bakerydemo/bakerydemo/wsgi_production.py", null],
  ])("%s", (local, expected) => {
    expect(ref(local)).toEqual(expected);
  });
  test("a template placeholder is not a module name", () => {
    const file = path.join(CORPUS, "vintasoftware__django-react-boilerplate/backend/project_name/wsgi.py");
    const r = settingsModuleOfScript(file, fs.readFileSync(file, "utf8"));
    expect(r).toMatchObject({ value: null, unknown: expect.stringContaining("{{project_name}}"), at: { line: 6 } });
  });
});

describe("application servers, as the files say", () => {
  const servers = (local: string): AppServer[] => readAppServerFile(dfs, path.join(CORPUS, local)).servers;
  const listen = (s: AppServer) =>
    s.listen.map((l) => ({
      where: l.address ?? l.socket ?? l.fd,
      protocol: l.protocol,
      line: l.at.line,
      ...(l.isDefault ? { isDefault: true } : {}),
      ...(l.uncertain ? { uncertain: true } : {}),
    }));

  test("netbox uwsgi.ini: socket speaks uwsgi", () => {
    const [s] = servers("netbox-community__netbox/contrib/uwsgi.ini");
    expect(listen(s)).toEqual([{ where: "127.0.0.1:8001", protocol: "uwsgi", line: 3 }]);
    expect(s.app?.value).toBe("netbox.wsgi");
    expect(s.chdir?.value).toBe("netbox");
  });
  test("patchwork ini: %(var) placeholders", () => {
    const [s] = servers("getpatchwork__patchwork/lib/uwsgi/patchwork.ini");
    expect(listen(s)).toEqual([{ where: "/run/uwsgi/patchwork.sock", protocol: "uwsgi", line: 36 }]);
    expect(s.app?.value).toBe("patchwork.wsgi:application");
    expect(s.chdir?.value).toBe("/opt/patchwork");
  });
  test("healthchecks ini: http-socket inside if-env blocks", () => {
    const [s] = servers("healthchecks__healthchecks/docker/uwsgi.ini");
    expect(listen(s)).toEqual([
      { where: "*:8000", protocol: "http", line: 6, uncertain: true },
      { where: "[::]:8000", protocol: "http", line: 9, uncertain: true },
    ]);
  });
  test("django-lighttpd ini: env= sets the settings module", () => {
    const [s] = servers("fliphess__django-lighttpd/conf/uwsgi.ini");
    expect(listen(s)).toEqual([{ where: "127.0.0.1:3031", protocol: "uwsgi", line: 5 }]);
    expect(s.settingsModule).toMatchObject({ value: "application.settings", at: { line: 15 } });
  });
  test("IntelOwl ini: module from %(project)", () => {
    const [s] = servers("intelowlproject__IntelOwl/configuration/intel_owl.ini");
    expect(s.app?.value).toBe("intel_owl.wsgi:application");
    expect(listen(s)).toEqual([{ where: "0.0.0.0:8001", protocol: "uwsgi", line: 12 }]);
  });
  test("dali uwsgi.yaml", () => {
    const [s] = servers("varikin__dali/deploy/uwsgi.yaml");
    expect(listen(s)).toEqual([{ where: "/home/varikin/apps/jesleestudios/dali/deploy/uwsgi.sock", protocol: "uwsgi", line: 2 }]);
  });
  test("gunicorn configs: bind as a string, a list with an environment default, IPv6, raw_env", () => {
    expect(listen(servers("netbox-community__netbox/contrib/gunicorn.py")[0])).toEqual([{ where: "127.0.0.1:8001", protocol: "http", line: 2 }]);
    expect(listen(servers("python__pythondotorg/gunicorn.conf")[0])).toEqual([{ where: "/var/run/cabotage/nginx.sock", protocol: "http", line: 1 }]);
    expect(listen(servers("heroku__python-getting-started/gunicorn.conf.py")[0])).toEqual([
      { where: "[::]:5006", protocol: "http", line: 19, uncertain: true },
    ]);
  });
  test("systemd units: the server's default address, granian", () => {
    const [lava] = servers("Linaro__lava/etc/lava-server-gunicorn.service");
    expect(listen(lava)).toEqual([{ where: "127.0.0.1:8000", protocol: "http", line: 10, isDefault: true, uncertain: true }]);
    const [paperless] = servers("paperless-ngx__paperless-ngx/scripts/paperless-webserver.service");
    expect(paperless.kind).toBe("granian");
    expect(paperless.app?.value).toBe("paperless.asgi:application");
    expect(listen(paperless)).toEqual([{ where: "[::]:8000", protocol: "http", line: 17, uncertain: true }]);
  });
  test("Procfiles: a gunicorn --config read beside it, uwsgi with $PORT", () => {
    const [h] = servers("heroku__python-getting-started/Procfile");
    expect(h.app?.value).toBe("gettingstarted.wsgi");
    expect(listen(h)).toEqual([{ where: "[::]:5006", protocol: "http", line: 19, uncertain: true }]);
    const [b] = servers("wagtail__bakerydemo/Procfile");
    expect(b.kind).toBe("uwsgi");
    expect(b.listen).toEqual([]);
    expect(b.unknown[0].reason).toContain("$PORT");
    const [m] = servers("gpodder__mygpo/Procfile");
    expect(listen(m)).toEqual([{ where: "/tmp/mygpo.sock", protocol: "http", line: 4 }]);
  });
});
