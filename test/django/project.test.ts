/**
 * DJANGO_SETTINGS_MODULE in scripts, the project finder, and the Django model
 * entry (the `--print-django` shape), on small trees.
 */
import { djangoMarkers, findProjectAbove, findProjectBelow } from "../../src/model/django/project.js";
import fs from "node:fs";
import path from "node:path";
import { pythonCharsParsed } from "../../src/model/django/python/parser.js";
import { settingsModuleInScriptText, settingsModuleRefs, settingsModuleRefsOfWholeFile } from "../../src/model/django/settings-module.js";
import { readDjango } from "../../src/model/django/index.js";
import { MemoryFs } from "./memory-fs.js";

describe("DJANGO_SETTINGS_MODULE in a script", () => {
  test.each([
    ['os.environ.setdefault("DJANGO_SETTINGS_MODULE", "a.settings")', "a.settings"],
    ["os.environ.setdefault('DJANGO_SETTINGS_MODULE', r'a.settings')", "a.settings"],
    ["os.environ.setdefault('DJANGO_SETTINGS_MODULE', u'a.settings')", "a.settings"],
    ["os.environ.setdefault('DJANGO_SETTINGS_MODULE', f'a.settings')", "a.settings"],
    ["os.environ['DJANGO_SETTINGS_MODULE'] = rb'a.settings'", null],
    ["from os import environ\nenviron.setdefault(\n    'DJANGO_SETTINGS_MODULE',\n    'a.settings',\n)", "a.settings"],
    ["os.environ['DJANGO_SETTINGS_MODULE'] = \"a.settings\"", "a.settings"],
    ["# os.environ['DJANGO_SETTINGS_MODULE'] = 'a.settings'", null],
    ['"""os.environ.setdefault("DJANGO_SETTINGS_MODULE", "a.settings")"""', null],
    ["os.environ.setdefault('DJANGO_SETTINGS_MODULE', f'{P}.settings')", null],
  ])("%s", (code, expected) => {
    expect(settingsModuleInScriptText(`import os\n${code}\n`)?.value ?? null).toBe(expected);
  });
  test("an assignment wins over a setdefault; positions of each", () => {
    const text = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'a.dev')\nos.environ['DJANGO_SETTINGS_MODULE'] = 'a.prod'\n";
    expect(settingsModuleRefs("/w.py", text).map((r) => [r.value, r.how, r.at.line])).toEqual([
      ["a.dev", "setdefault", 2],
      ["a.prod", "assign", 3],
    ]);
    expect(settingsModuleInScriptText(text)).toEqual({ value: "a.prod" });
  });
  test("only the statements that name DJANGO_SETTINGS_MODULE are parsed, and they say what the whole file says", () => {
    const manage = fs.readFileSync("fixtures/rules/django/static-root-mismatch/fires-nginx-repository/manage.py", "utf8");
    const before = pythonCharsParsed();
    expect(settingsModuleRefs("/p/manage.py", manage).map((r) => [r.value, r.how, r.at.line, r.at.column, r.at.start, r.at.end])).toEqual([
      ["shop.settings", "setdefault", 6, 5, manage.indexOf("os.environ.setdefault"), manage.indexOf(")\n", manage.indexOf("setdefault")) + 1],
    ]);
    expect(pythonCharsParsed() - before).toBeLessThan(manage.length / 3);
    // Every script of the corpus and the fixtures (manage.py, wsgi.py, asgi.py, settings): the same places and values either way.
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".py")) files.push(p);
      }
    };
    walk(path.resolve("test/corpus/django"));
    walk(path.resolve("fixtures/rules"));
    const naming = files.map((f) => [f, fs.readFileSync(f, "utf8")] as const).filter(([, t]) => t.includes("DJANGO_SETTINGS_MODULE"));
    expect(naming.length).toBeGreaterThan(40);
    for (const [f, t] of naming) expect([f, settingsModuleRefs(f, t)]).toEqual([f, settingsModuleRefsOfWholeFile(f, t)]);
  });
  test.each([
    ["an else clause on the line", "import os\nif x:\n    pass\nelse: os.environ['DJANGO_SETTINGS_MODULE'] = 'a.prod'\n", "a.prod", 4],
    ["a statement after a block header's colon", "import os\nif True: os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'a.dev')\n", "a.dev", 2],
    [
      "a comment line and a docstring that name it",
      '"""DJANGO_SETTINGS_MODULE"""\n# DJANGO_SETTINGS_MODULE\nimport os\nos.environ["DJANGO_SETTINGS_MODULE"] = "b"\n',
      "b",
      4,
    ],
    ["a line the scan does not follow (Python 2)", "print 'DJANGO_SETTINGS_MODULE'\nimport os\nos.environ['DJANGO_SETTINGS_MODULE'] = 'c'\n", "c", 3],
  ])("%s: read as in the whole file", (_, text, value, line) => {
    const refs = settingsModuleRefs("/w.py", text);
    expect(refs).toEqual(settingsModuleRefsOfWholeFile("/w.py", text));
    expect(refs.map((r) => [r.value, r.at.line])).toEqual([[value, line]]);
  });
  test("a computed value is unknown with its reason", () => {
    const [r] = settingsModuleRefs("/w.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', NAME + '.settings')\n");
    expect(r).toMatchObject({ value: null, unknown: "computed by NAME + '.settings'" });
  });
  const head = "import os\nfrom django.core.wsgi import get_wsgi_application\n";
  test.each([
    ["bound once, to a string, above", 'SETTINGS = "proj.settings_prod"\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)\n', "proj.settings_prod"],
    ["through an assignment to os.environ", "MOD = 'x.settings.prod'\nos.environ['DJANGO_SETTINGS_MODULE'] = MOD\n", "x.settings.prod"],
    [
      "bound twice (a branch may change it)",
      'S = "a.b"\nif os.path.exists("/etc/prod"):\n    S = "c.d"\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", S)\n',
      null,
    ],
    ["bound below the call", 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", S)\nS = "a.b"\n', null],
    ["extended by +=", 'S = "a"\nS += ".b"\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", S)\n', null],
    ["from the environment", 'S = os.environ.get("APP_SETTINGS", "a.b")\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", S)\n', null],
    ["imported", 'from deploy_conf import S\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", S)\n', null],
    ["a loop variable", 'for S in ["a.b"]:\n    pass\nS2 = 1\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", S)\n', null],
  ])("a module named through a variable: %s", (_, body, value) => {
    const text = head + body;
    const refs = settingsModuleRefs("/w.py", text);
    expect(refs.map((r) => r.value)).toEqual([value]);
    expect(settingsModuleRefsOfWholeFile("/w.py", text)).toEqual(refs);
  });
});

describe("the project finder", () => {
  const fs = new MemoryFs({
    "/srv/www/index.html": "",
    "/srv/www/app/site/manage.py": "",
    "/srv/www/app/site/mysite/settings/__init__.py": "",
    "/srv/www/app/site/mysite/settings/base.py": "",
    "/srv/www/node_modules/x/manage.py": "",
    "/srv/other/local_settings.py": "",
    "/srv/other/deep/a/b/c/manage.py": "",
  });
  test("markers in a directory", () => {
    expect(djangoMarkers(fs, "/srv/www/app/site")?.map((m) => m.name)).toEqual(["manage.py"]);
    expect(djangoMarkers(fs, "/srv/www/app/site/mysite")?.map((m) => m.name)).toEqual(["settings/"]);
    expect(djangoMarkers(fs, "/srv/other")?.map((m) => [m.kind, m.name])).toEqual([["settings-file", "local_settings.py"]]);
    expect(djangoMarkers(fs, "/nope")).toBeNull();
  });
  test("below a directory: breadth first, bounded, skipping node_modules", () => {
    expect(findProjectBelow(fs, "/srv/www")).toMatchObject({ dir: "/srv/www/app/site", relative: "app/site" });
    expect(findProjectBelow(fs, "/srv/www", { maxDepth: 1, maxDirs: 100 })).toBeNull();
    expect(findProjectBelow(fs, "/srv/other/deep", { maxDepth: 2, maxDirs: 100 })).toBeNull();
    expect(findProjectBelow(fs, "/srv/other/deep", { maxDepth: 3, maxDirs: 100 })?.relative).toBe("a/b/c");
    expect(findProjectBelow(fs, "/srv/www", { maxDepth: 3, maxDirs: 100, kinds: ["settings-package"] })?.dir).toBe("/srv/www/app/site/mysite");
  });
  test("above a path: the directory with manage.py", () => {
    expect(findProjectAbove(fs, "/srv/www/app/site/mysite/settings/base.py")?.dir).toBe("/srv/www/app/site");
    expect(findProjectAbove(fs, "/srv/www/index.html")).toBeNull();
  });
});

describe("the Django model", () => {
  const files = {
    "/srv/p/manage.py": "import os\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.dev')\n",
    "/srv/p/shop/__init__.py": "",
    "/srv/p/shop/wsgi.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.prod')\n",
    "/srv/p/shop/settings/__init__.py": "",
    "/srv/p/shop/settings/base.py": "DEBUG = True\nSTATIC_URL = '/static/'\n",
    "/srv/p/shop/settings/dev.py": "from .base import *\n",
    "/srv/p/shop/settings/prod.py": "from .base import *\nDEBUG = False\nSECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')\n",
    "/etc/uwsgi/shop.ini": "[uwsgi]\nchdir = /srv/p\nmodule = shop.wsgi:application\nsocket = /run/shop.sock\n",
  };
  test("the WSGI module an app server runs chooses the settings before manage.py", () => {
    const fs = new MemoryFs(files);
    const m = readDjango({ fs, appServerFiles: ["/etc/uwsgi/shop.ini"] });
    expect(m.projects).toHaveLength(1);
    const p = m.projects[0];
    expect(p.root).toBe("/srv/p");
    expect(p.settingsModule).toEqual({
      value: "shop.settings.prod",
      via: "os.environ.setdefault in /srv/p/shop/wsgi.py",
      file: "/srv/p/shop/wsgi.py",
      line: 2,
    });
    expect(p.settingsFiles).toEqual(["/srv/p/shop/settings/prod.py", "/srv/p/shop/settings/base.py"]);
    expect(p.settings.DEBUG).toMatchObject({ value: false, file: "/srv/p/shop/settings/prod.py", line: 2 });
    expect(p.settings.STATIC_URL).toMatchObject({ value: "/static/", file: "/srv/p/shop/settings/base.py", line: 2 });
    expect(p.settings.SECURE_HSTS_SECONDS).toEqual({ notSet: true });
    expect(p.appServers.map((s) => s.listen.map((l) => [l.socket, l.protocol]))).toEqual([[["/run/shop.sock", "uwsgi"]]]);
    expect(m.notFound).toEqual([]);
    expect(m.filesRead.sort()).toEqual(["/etc/uwsgi/shop.ini", "/srv/p/shop/settings/base.py", "/srv/p/shop/settings/prod.py", "/srv/p/shop/wsgi.py"]);
  });
  test("the app server's environment wins over the script; the configuration wins over both", () => {
    const fs = new MemoryFs({ ...files, "/etc/uwsgi/shop.ini": files["/etc/uwsgi/shop.ini"] + "env = DJANGO_SETTINGS_MODULE=shop.settings.dev\n" });
    expect(readDjango({ fs, appServerFiles: ["/etc/uwsgi/shop.ini"] }).projects[0].settingsModule).toMatchObject({ value: "shop.settings.dev", line: 5 });
    expect(readDjango({ fs, appServerFiles: ["/etc/uwsgi/shop.ini"], settings: "shop.settings.prod" }).projects[0].settingsModule?.value).toBe(
      "shop.settings.prod",
    );
  });
  test("an assignment in the script the app server imports wins over its environment (it runs after the process starts)", () => {
    const fs = new MemoryFs({
      ...files,
      "/etc/uwsgi/shop.ini": files["/etc/uwsgi/shop.ini"] + "env = DJANGO_SETTINGS_MODULE=shop.settings.prod\n",
      "/srv/p/shop/wsgi.py":
        "import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ['DJANGO_SETTINGS_MODULE'] = 'shop.settings.dev'\napplication = get_wsgi_application()\n",
    });
    expect(readDjango({ fs, appServerFiles: ["/etc/uwsgi/shop.ini"] }).projects[0].settingsModule).toMatchObject({
      value: "shop.settings.dev",
      file: "/srv/p/shop/wsgi.py",
      line: 3,
    });
  });
  test("two processes of one checkout: the one whose environment names no module loads its script's default, not the other's", () => {
    const fs = new MemoryFs({
      ...files,
      "/etc/uwsgi/staging.ini": files["/etc/uwsgi/shop.ini"].replace("shop.sock", "staging.sock") + "env = DJANGO_SETTINGS_MODULE=shop.settings.dev\n",
    });
    const m = readDjango({ fs, appServerFiles: ["/etc/uwsgi/staging.ini", "/etc/uwsgi/shop.ini"] });
    expect(m.projects.map((p) => [p.settingsModule?.value, p.appServers.map((s) => s.file)])).toEqual([
      ["shop.settings.dev", ["/etc/uwsgi/staging.ini"]],
      ["shop.settings.prod", ["/etc/uwsgi/shop.ini"]],
    ]);
  });
  test("two units of one checkout running two WSGI modules, each of which picks its own settings: two projects", () => {
    // No environment names the module: `shop.wsgi_production` and `shop.wsgi_staging` each set their default.
    const wsgi = (name: string) =>
      `import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.${name}")\napplication = get_wsgi_application()\n`;
    const unit = (name: string, port: number) =>
      `[Service]\nWorkingDirectory=/srv/p\nExecStart=/v/bin/gunicorn --bind 127.0.0.1:${port} shop.wsgi_${name}:application\n`;
    const fs = new MemoryFs({
      ...files,
      "/srv/p/shop/wsgi_production.py": wsgi("prod"),
      "/srv/p/shop/wsgi_staging.py": wsgi("dev"),
      "/etc/systemd/system/shop-staging.service": unit("staging", 8001),
      "/etc/systemd/system/shop.service": unit("production", 8000),
    });
    const m = readDjango({ fs, appServerFiles: ["/etc/systemd/system/shop-staging.service", "/etc/systemd/system/shop.service"] });
    expect(m.projects.map((p) => [p.settingsModule?.value, p.appServers.map((s) => s.file)])).toEqual([
      ["shop.settings.dev", ["/etc/systemd/system/shop-staging.service"]],
      ["shop.settings.prod", ["/etc/systemd/system/shop.service"]],
    ]);
  });
  test("two units of one checkout, each naming its module beside an optional environment file that is not there: two projects", () => {
    // A team's production and staging units (WorkingDirectory shared): the module each names is what it loads unless
    // its EnvironmentFile (absent here) says otherwise; the staging site must not be checked against production.py.
    const unit = (name: string, port: number) =>
      `[Service]\nWorkingDirectory=/srv/p\nEnvironment=DJANGO_SETTINGS_MODULE=shop.settings.${name}\nEnvironmentFile=-/etc/shop/${name}.env\nExecStart=/v/bin/gunicorn --bind 127.0.0.1:${port} shop.wsgi:application\n`;
    const fs = new MemoryFs({
      ...files,
      "/etc/systemd/system/shop.service": unit("prod", 8000),
      "/etc/systemd/system/shop-staging.service": unit("dev", 8001),
    });
    const m = readDjango({ fs, appServerFiles: ["/etc/systemd/system/shop.service", "/etc/systemd/system/shop-staging.service"] });
    expect(m.projects.map((p) => [p.settingsModule?.value, p.appServers.map((s) => s.file)])).toEqual([
      ["shop.settings.prod", ["/etc/systemd/system/shop.service"]],
      ["shop.settings.dev", ["/etc/systemd/system/shop-staging.service"]],
    ]);
    // Still said to be uncertain, where the module is reported.
    expect(m.projects[0].settingsModule?.via).toMatch(/may be overridden by EnvironmentFile=-\/etc\/shop\/prod\.env/);
  });
  test("a gunicorn configuration file that a unit of the run starts gunicorn with is that unit's process, not a second one", () => {
    const fs = new MemoryFs({
      ...files,
      "/srv/p/gunicorn.conf.py": "bind = '127.0.0.1:8001'\nworkers = 3\n",
      "/srv/q/gunicorn.conf.py": "bind = '127.0.0.1:8002'\n",
      "/etc/systemd/system/shop.service": "[Service]\nWorkingDirectory=/srv/p\nExecStart=/v/bin/gunicorn -c /srv/p/gunicorn.conf.py shop.wsgi\n",
    });
    const m = readDjango({ fs, appServerFiles: ["/srv/p/gunicorn.conf.py", "/etc/systemd/system/shop.service", "/srv/q/gunicorn.conf.py"] });
    const servers = m.projects.flatMap((p) => p.appServers.map((s) => [s.file, s.listen.map((l) => l.address)]));
    expect(servers).toEqual([
      ["/etc/systemd/system/shop.service", ["127.0.0.1:8001"]],
      ["/srv/q/gunicorn.conf.py", ["127.0.0.1:8002"]],
    ]);
  });
  test("a uWSGI ini that a unit of the run starts uWSGI with is that unit's process; another section of it is not", () => {
    const fs = new MemoryFs({
      ...files,
      "/srv/p/deploy/uwsgi.ini":
        "[uwsgi]\nchdir = /srv/p\nmodule = shop.wsgi:application\nsocket = /run/shop.sock\n\n[staging]\nchdir = /srv/p\nmodule = shop.wsgi:application\nsocket = /run/staging.sock\n",
      "/etc/systemd/system/shop.service": "[Service]\nExecStart=/v/bin/uwsgi --ini /srv/p/deploy/uwsgi.ini\n",
      "/etc/systemd/system/staging.service": "[Service]\nExecStart=/v/bin/uwsgi --ini /srv/p/deploy/uwsgi.ini:staging\n",
    });
    const servers = (files: string[]) =>
      readDjango({ fs, appServerFiles: files }).projects.flatMap((p) => p.appServers.map((s) => [s.file, s.listen.map((l) => l.socket)]));
    expect(servers(["/etc/systemd/system/shop.service", "/srv/p/deploy/uwsgi.ini"])).toEqual([["/etc/systemd/system/shop.service", ["/run/shop.sock"]]]);
    // The staging unit reads [staging]: the file's own [uwsgi] is still a process of the run (the one the file runs as a vassal).
    expect(servers(["/srv/p/deploy/uwsgi.ini", "/etc/systemd/system/staging.service"])).toEqual([
      ["/srv/p/deploy/uwsgi.ini", ["/run/shop.sock"]],
      ["/etc/systemd/system/staging.service", ["/run/staging.sock"]],
    ]);
  });
  test("manage.py when nothing else names a module; a module that is not there is reported", () => {
    const { "/srv/p/shop/wsgi.py": _script, ...noScript } = files;
    const fs = new MemoryFs({ ...noScript, "/srv/p/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.gone')\n" });
    const m = readDjango({ fs, searchFrom: ["/srv/p/deploy/nginx.conf"] });
    expect(m.projects[0].settingsModule).toMatchObject({ value: "shop.settings.gone", via: "manage.py" });
    expect(m.notFound).toEqual([
      { what: "the settings module shop.settings.gone", lookedFor: "shop/settings/gone.py under /srv/p", from: { file: "/srv/p/manage.py", line: 2 } },
    ]);
    expect(m.projects[0].settingsUnknown).toMatch(/^the settings module shop\.settings\.gone is not on the project's path/);
    expect(m.projects[0].settings).toEqual({});
  });
  test("the project's own WSGI script over manage.py, when no process of the run names the settings (cookiecutter-django)", () => {
    const fs = new MemoryFs({ ...files, "/srv/p/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.dev')\n" });
    const p = readDjango({ fs, searchFrom: ["/srv/p/deploy/nginx.conf"] }).projects[0];
    expect(p.settingsModule).toMatchObject({ value: "shop.settings.prod", file: "/srv/p/shop/wsgi.py" });
    expect(p.settingsUnknown).toBeUndefined();
  });
  test("a development module named only by a script's default, beside a production one, is not taken for what the server runs", () => {
    const tree = {
      "/srv/p/shop/__init__.py": "",
      "/srv/p/shop/settings/__init__.py": "",
      "/srv/p/shop/settings/dev.py": "DEBUG = True\n",
      "/srv/p/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.dev')\n",
    };
    const alone = readDjango({ fs: new MemoryFs(tree), searchFrom: ["/srv/p/deploy/nginx.conf"] }).projects[0];
    expect(alone.settingsUnknown).toBeUndefined();
    expect(alone.settings.DEBUG).toMatchObject({ value: true });
    for (const prod of ["/srv/p/shop/settings/production.py", "/srv/p/shop/settings/prod.py", "/srv/p/shop/settings/live/__init__.py"]) {
      const p = readDjango({ fs: new MemoryFs({ ...tree, [prod]: "DEBUG = False\n" }), searchFrom: ["/srv/p/deploy/nginx.conf"] }).projects[0];
      expect(p.settingsModule).toMatchObject({
        value: "shop.settings.dev",
        uncertain: expect.stringContaining("manage.py names shop.settings.dev, beside shop.settings."),
      });
      expect(p.settingsUnknown).toMatch(/^which settings module the server runs is not known/);
      expect(p.settings).toEqual({});
    }
    // Named by the app server's environment, the same module is what runs.
    const unit = "[Service]\nEnvironment=DJANGO_SETTINGS_MODULE=shop.settings.dev\nWorkingDirectory=/srv/p\nExecStart=/srv/p/venv/bin/gunicorn shop.wsgi\n";
    const fs = new MemoryFs({ ...tree, "/srv/p/shop/settings/production.py": "", "/etc/systemd/system/shop.service": unit });
    const served = readDjango({ fs, appServerFiles: ["/etc/systemd/system/shop.service"] }).projects[0];
    expect(served.settingsUnknown).toBeUndefined();
    expect(served.settings.DEBUG).toMatchObject({ value: true });
  });
  test("no project at all, and nothing that names one: no project and nothing reported", () => {
    const m = readDjango({ fs: new MemoryFs({ "/etc/nginx/nginx.conf": "" }), searchFrom: ["/etc/nginx/nginx.conf"] });
    expect(m).toEqual({ projects: [], notFound: [], filesRead: [] });
  });
  test("an app server whose project cannot be found: a project without settings, reported at the app module's line", () => {
    const m = readDjango({
      fs: new MemoryFs({ "/etc/uwsgi/a.ini": "[uwsgi]\nsocket = /run/a.sock\nmodule = a.wsgi\n" }),
      appServerFiles: ["/etc/uwsgi/a.ini"],
    });
    expect(m.projects).toHaveLength(1);
    expect(m.projects[0]).toMatchObject({ root: null, settingsModule: null, settingsUnknown: expect.any(String) });
    expect(m.notFound).toEqual([
      {
        what: "the settings module",
        lookedFor: "a project root (manage.py) or django.settings",
        from: { file: "/etc/uwsgi/a.ini", line: 3, range: expect.objectContaining({ line: 3, column: 1 }) },
      },
    ]);
  });
});
