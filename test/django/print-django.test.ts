/**
 * `djlint-conf --print-django [paths]`: the JSON of what the Django side
 * understood, through the built CLI, on a repository laid out as teams keep
 * one (deploy/ beside manage.py). Each expectation is read from the files below.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cli } from "../support/cli.js";

function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-printdj-")));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const PROJECT = {
  "manage.py": "import os\nimport sys\n\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
  "shop/__init__.py": "",
  "shop/wsgi.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
  "shop/settings.py": "import os\nDEBUG = False\nALLOWED_HOSTS = ['shop.example.com']\nSECURE_SSL_REDIRECT = os.environ.get('SSL', True)\n",
  "deploy/uwsgi.ini": "[uwsgi]\nchdir = /srv/shop\nmodule = shop.wsgi:application\nsocket = /run/shop.sock\n",
  "deploy/nginx.conf": [
    "events {}",
    "http {",
    "  server {", //                               line 3: tied through the socket uWSGI listens on
    "    server_name shop.example.com;",
    "    location / { uwsgi_pass unix:/run/shop.sock; }",
    "  }",
    "  server {", //                               line 7: only redirects, tied to nothing
    "    server_name old.example.com;",
    "    location / { return 301 https://shop.example.com$request_uri; }",
    "  }",
    "  server {", //                               line 11: tied by django.sites
    "    server_name api.example.com;",
    "    location / { proxy_pass http://10.0.0.5:9000; }",
    "  }",
    "}",
    "",
  ].join("\n"),
  "deploy/apache2.conf": [
    "LoadModule wsgi_module modules/mod_wsgi.so",
    "<VirtualHost *:8080>", //                     line 2: mod_wsgi runs the project's script
    "  ServerName intranet.example.com",
    "  ServerAlias intra",
    "  WSGIScriptAlias / /srv/shop/shop/wsgi.py",
    "</VirtualHost>",
    "",
  ].join("\n"),
};

test("a project, its settings, its app server and the sites tied to it", () => {
  const dir = tree({
    ...PROJECT,
    ".djlint-conf.json": JSON.stringify({
      root: true,
      django: { sites: [{ names: ["api.example.com"], settings: "shop.settings" }], assume: { SECURE_HSTS_SECONDS: 3600 } },
    }),
  });
  const r = cli(["--print-django", "--map", `/srv/shop=${dir}`, "deploy/nginx.conf", "deploy/apache2.conf", "deploy/uwsgi.ini"], { cwd: dir });
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const out = JSON.parse(r.stdout);
  expect(out.notFound).toEqual([]);
  expect(out.projects).toHaveLength(1);
  const p = out.projects[0];
  // manage.py above deploy/, a checkout the path map says is deployed at /srv/shop: the root as the server sees it.
  expect(p.root).toBe("/srv/shop");
  expect(p.settingsModule).toEqual({
    value: "shop.settings",
    via: `os.environ.setdefault in /srv/shop/shop/wsgi.py`,
    file: path.join(dir, "shop/wsgi.py"),
    line: 2,
  });
  expect(p.settingsFiles).toEqual([path.join(dir, "shop/settings.py")]);
  expect(p.settings.DEBUG).toEqual({ value: false, file: path.join(dir, "shop/settings.py"), line: 2 });
  expect(p.settings.ALLOWED_HOSTS).toEqual({ value: ["shop.example.com"], file: path.join(dir, "shop/settings.py"), line: 3 });
  expect(p.settings.SECURE_SSL_REDIRECT).toMatchObject({ unknown: expect.any(String), default: true, line: 4 });
  expect(p.settings.SECURE_HSTS_SECONDS).toEqual({ value: 3600, assumed: "django.assume" });
  expect(p.appServers).toEqual([
    {
      kind: "uwsgi",
      file: path.join(dir, "deploy/uwsgi.ini"),
      line: 2,
      listen: [{ socket: "/run/shop.sock", protocol: "uwsgi" }],
      app: "shop.wsgi:application",
      chdir: "/srv/shop",
    },
  ]);
  const sites = p.sites.map((s: { file: string; line: number; names: string[]; via: string; dialect: string }) => [
    s.dialect,
    path.relative(dir, s.file),
    s.line,
    s.names,
    s.via,
  ]);
  expect(sites).toEqual([
    [
      "nginx",
      "deploy/nginx.conf",
      3,
      ["shop.example.com"],
      expect.stringMatching(/^it passes requests to unix:\/run\/shop\.sock, where uwsgi \(.*uwsgi\.ini:4\) listens$/),
    ],
    ["nginx", "deploy/nginx.conf", 11, ["api.example.com"], "django.sites names api.example.com"],
    ["apache", "deploy/apache2.conf", 2, ["intranet.example.com", "intra"], "mod_wsgi runs its WSGI script /srv/shop/shop/wsgi.py"],
  ]);
});

test("a site's tie names the file the listening line is in (a supervisord program's uWSGI --ini) and lighttpd's FastCGI program as such", () => {
  const dir = tree({
    ...PROJECT,
    "deploy/supervisor.conf": "[program:shop]\ncommand=/srv/venv/bin/uwsgi --ini /srv/shop/deploy/shop_uwsgi.ini\n",
    "deploy/shop_uwsgi.ini": "[uwsgi]\nchdir = /srv/shop\nmodule = shop.wsgi:application\nmaster = true\nsocket = /run/shop.sock\n",
    "deploy/lighttpd.conf": [
      'server.modules = ( "mod_fastcgi" )',
      'server.document-root = "/var/www"',
      '$HTTP["host"] == "blog.example.com" {',
      '  fastcgi.server = ( "/" => (( "socket" => "/run/blog.sock", "bin-path" => "/srv/shop/shop/blog.fcgi", "check-local" => "disable" )) )',
      "}",
      "",
    ].join("\n"),
    "shop/blog.fcgi": "#!/usr/bin/env python\nimport os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
  });
  const via = (args: string[]) => {
    const r = cli(["--no-config", "--print-django", "--map", `/srv/shop=${dir}`, ...args], { cwd: dir });
    return (JSON.parse(r.stdout).projects[0]?.sites ?? []).map((x: { via: string }) => x.via);
  };
  expect(via(["deploy/supervisor.conf", "deploy/nginx.conf"])[0]).toMatch(/where uwsgi \(.*shop_uwsgi\.ini:5\) listens$/);
  expect(via(["deploy/lighttpd.conf"])).toEqual([
    expect.stringMatching(/^lighttpd spawns its FastCGI program \/srv\/shop\/shop\/blog\.fcgi \(bin-path\)$|passes requests/),
  ]);
});

test("a systemd template linted with its instances' links (a directory of units): each enabled instance runs, with its %i; the template alone does not", () => {
  const dir = tree({
    ...PROJECT,
    "shop/settings/__init__.py": "",
    "shop/settings/production.py": "DEBUG = False\nALLOWED_HOSTS = ['shop.example.com']\n",
    "shop/settings/staging.py": "DEBUG = False\nALLOWED_HOSTS = ['staging.shop.example.com']\n",
    "deploy/systemd/shop@.service":
      "[Service]\nWorkingDirectory=/srv/shop\nEnvironment=DJANGO_SETTINGS_MODULE=shop.settings.%i\nExecStart=/srv/venv/bin/gunicorn --bind unix:/run/shop-%i.sock shop.wsgi\n",
  });
  fs.rmSync(path.join(dir, "shop/settings.py"));
  fs.mkdirSync(path.join(dir, "deploy/systemd/multi-user.target.wants"));
  for (const i of ["production", "staging"]) fs.symlinkSync("../shop@.service", path.join(dir, `deploy/systemd/multi-user.target.wants/shop@${i}.service`));
  const r = cli(["--no-config", "--print-django", "--map", `/srv/shop=${dir}`, "deploy/systemd"], { cwd: dir });
  const projects = JSON.parse(r.stdout).projects as { settingsModule: { value: string }; appServers: { listen: { socket: string }[] }[] }[];
  expect(projects.map((p) => [p.settingsModule.value, p.appServers.flatMap((a) => a.listen.map((l) => l.socket))])).toEqual([
    ["shop.settings.production", ["/run/shop-production.sock"]],
    ["shop.settings.staging", ["/run/shop-staging.sock"]],
  ]);
});

test("what cannot be found is said, with the line that names it", () => {
  const dir = tree({ ...PROJECT, "shop/wsgi.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.prod')\n" });
  const r = cli(
    ["--no-config", "--print-django", "--map", `/srv/shop=${dir}`, "--map", "/srv/gone=/nonexistent-djlint", "deploy/uwsgi.ini", "deploy/apache2.conf"],
    { cwd: dir },
  );
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const out = JSON.parse(r.stdout);
  expect(out.notFound).toEqual([
    {
      what: "the settings module shop.settings.prod",
      lookedFor: "shop/settings/prod.py under /srv/shop",
      from: { file: path.join(dir, "shop/wsgi.py"), line: 2 },
      via: { file: path.join(dir, "deploy/uwsgi.ini"), line: 3 },
    },
  ]);
  expect(out.projects[0].settingsUnknown).toMatch(/shop\.settings\.prod is not on the project's path/);
});

test("--django-settings and --django-root choose the project; a directory without configurations is searched for manage.py", () => {
  const dir = tree(PROJECT);
  const r = cli(["--no-config", "--print-django", "--django-root", ".", "--django-settings", "shop/settings.py"], { cwd: dir });
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const p = JSON.parse(r.stdout).projects;
  expect(p.map((x: { root: string; settingsModule: { via: string } }) => [x.root, x.settingsModule.via])).toEqual([
    [dir, "the configuration (django.settings)"],
  ]);
  expect(p[0].settings.DEBUG).toMatchObject({ value: false, line: 2 });
  const found = JSON.parse(cli(["--no-config", "--print-django", "shop"], { cwd: dir }).stdout).projects;
  expect(found.map((x: { root: string; settingsModule: { via: string } }) => [x.root, x.settingsModule.via])).toEqual([[dir, "manage.py"]]);
});

test("with one project in the run, a server that proxies to an application backend serves it; one that proxies outside does not", () => {
  const dir = tree({
    ...PROJECT,
    "deploy/nginx.conf":
      "events {}\nhttp {\n  server {\n    location / { proxy_pass http://127.0.0.1:8000; }\n  }\n  server {\n    location / { proxy_pass https://cdn.example.net; }\n  }\n}\n",
  });
  const p = JSON.parse(cli(["--no-config", "--print-django", "deploy/nginx.conf"], { cwd: dir }).stdout).projects;
  expect(p.map((x: { sites: { line: number; via: string }[] }) => x.sites.map((s) => [s.line, s.via]))).toEqual([
    [[3, "it passes requests to an application backend, and the run holds one Django project"]],
  ]);
});

test("a server tree linted as a directory: the Emperor's vassals in /etc/uwsgi.d (Fedora, EPEL) are read as app servers", () => {
  const dir = tree({
    "etc/nginx/nginx.conf": "events {}\nhttp {\n  include /etc/nginx/conf.d/*.conf;\n}\n",
    "etc/nginx/conf.d/shop.conf":
      "server {\n  server_name shop.example.com;\n  location / { include uwsgi_params; uwsgi_pass unix:/run/uwsgi/shop.sock; }\n}\n",
    "etc/nginx/uwsgi_params": "uwsgi_param QUERY_STRING $query_string;\n",
    "etc/uwsgi.d/shop.ini": "[uwsgi]\nchdir = /srv/shop\nmodule = shop.wsgi\nsocket = /run/uwsgi/shop.sock\n",
    ...Object.fromEntries(Object.entries(PROJECT).flatMap(([k, v]) => (k.startsWith("deploy/") ? [] : [[`srv/shop/${k}`, v]]))),
  });
  const r = cli(["--no-config", "--print-django", "--map", "/etc/nginx=etc/nginx", "--map", "/srv/shop=srv/shop", "--map", "/etc/uwsgi.d=etc/uwsgi.d", "."], {
    cwd: dir,
  });
  const p = JSON.parse(r.stdout).projects;
  expect(p.map((x: { root: string; appServers: { file: string; line: number }[] }) => [x.root, x.appServers.map((a) => [a.file, a.line])])).toEqual([
    ["/srv/shop", [[path.join(dir, "etc/uwsgi.d/shop.ini"), 2]]],
  ]);
});

test("an Ansible role linted as a directory: its app-server templates are read, and expressions print as written", () => {
  const dir = tree({
    ...Object.fromEntries(Object.entries(PROJECT).filter(([k]) => !k.startsWith("deploy/"))),
    "roles/web/templates/site.conf.j2":
      "server {\n  listen 80;\n  server_name {{ domain }};\n  location / { proxy_pass http://127.0.0.1:{{ app_port }}; }\n}\n",
    "roles/web/templates/gunicorn.service.j2":
      "[Service]\nWorkingDirectory={{ app_root }}\nExecStart={{ venv }}/bin/gunicorn --bind 127.0.0.1:{{ app_port }} shop.wsgi:application\n",
  });
  const p = JSON.parse(cli(["--no-config", "--print-django", "roles"], { cwd: dir }).stdout).projects;
  expect(p.map((x: { appServers: { file: string; line: number; listen: unknown[]; app?: string }[] }) => x.appServers)).toEqual([
    [{ kind: "gunicorn", file: path.join(dir, "roles/web/templates/gunicorn.service.j2"), line: 3, listen: [], app: "shop.wsgi:application" }],
  ]);
  expect(p.map((x: { sites: { line: number; names: string[] }[] }) => x.sites.map((s) => [s.line, s.names]))).toEqual([[[1, ["{{ domain }}"]]]]);
});
