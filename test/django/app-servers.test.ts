/** The app-server readers: uWSGI as uWSGI reads it, command lines as each server reads its options, and the process managers around them. */
import { serversOfCommand, splitCommand } from "../../src/model/django/app-servers/command.js";
import { readAppServerFile } from "../../src/model/django/app-servers/index.js";
import { parseAddress } from "../../src/model/django/app-servers/types.js";
import { readUnitFile } from "../../src/model/django/app-servers/units.js";
import { readUwsgiIni, uwsgiServer } from "../../src/model/django/app-servers/uwsgi.js";
import type { AppServer } from "../../src/model/django/app-servers/types.js";
import { MemoryFs } from "./memory-fs.js";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expandInputs } from "../../src/discover/inputs.js";
import { lintFiles } from "../../src/engine/run.js";

const AT = { file: "/x", line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };
const where = (s: AppServer) =>
  s.listen.map((l) => `${l.protocol} ${l.address ?? l.socket ?? `fd ${l.fd}`}${l.isDefault ? " (default)" : ""}${l.uncertain ? " (uncertain)" : ""}`);

describe("uWSGI ini", () => {
  test("repeated keys are each one value; only [uwsgi] is read; a key without '=' is a flag with an empty value (core/ini.c); no quote or inline-comment processing", () => {
    const opts = readUwsgiIni(
      "/etc/uwsgi/app.ini",
      '[other]\nsocket = /nope\n[uwsgi]\nmaster\nsocket = :3031\nsocket = /run/a.sock\nenv = A=1\nenv = B="2" ; not a comment\n',
    );
    expect(opts.map((o) => [o.key, o.value, o.at.line])).toEqual([
      ["master", "", 4],
      ["socket", ":3031", 5],
      ["socket", "/run/a.sock", 6],
      ["env", "A=1", 7],
      ["env", 'B="2" ; not a comment', 8],
    ]);
    const s = uwsgiServer("/etc/uwsgi/app.ini", opts, "uwsgi-ini");
    expect(where(s)).toEqual(["uwsgi *:3031", "uwsgi /run/a.sock"]);
    expect(s.env.B.value).toBe('"2" ; not a comment');
  });
  test("placeholders: %(option) is the option's first value, wherever it is set (resolved after the file is read); the file's magic variables; %%; machine ones are unknown", () => {
    const opts = readUwsgiIni(
      "/srv/site/conf/app.ini",
      "[uwsgi]\nname = a\nname = b\nsocket = /run/%(name).sock\nchdir = %d..\nlogto = %n.log\nmount = /=%(missing)\nprocesses = %k\npidfile = 100%%\nhome = %(base)/venv\nbase = /opt/%(name)\n",
    );
    const v = Object.fromEntries(opts.map((o) => [o.key, o.value ?? `unknown: ${o.unknown}`]));
    expect(v.socket).toBe("/run/a.sock");
    expect(v.chdir).toBe("/srv/site/conf/..");
    expect(v.logto).toBe("app.log");
    expect(v.mount).toBe("unknown: %(missing) refers to an option the configuration does not set");
    expect(v.home).toBe("/opt/a/venv");
    expect(v.processes).toBe("unknown: %k is the number of CPU cores");
    expect(v.pidfile).toBe("100%");
  });
  test("protocol, http and http-socket, if-env/else/endif blocks (which do not nest)", () => {
    const s = uwsgiServer(
      "/a.ini",
      readUwsgiIni(
        "/a.ini",
        "[uwsgi]\nprotocol = http\nsocket = 127.0.0.1:8000\nuwsgi-socket = /u.sock\nif-env = X\nhttp = :80\nelse =\nhttp = :81\nendif =\nhttps = :443,c.pem,k.pem\nif-file = /x\nhttp-socket = /%(_).sock\nend =\n",
      ),
      "uwsgi-ini",
    );
    expect(where(s)).toEqual(["http 127.0.0.1:8000", "uwsgi /u.sock", "http *:80 (uncertain)", "http *:81 (uncertain)", "https *:443"]);
    expect(s.unknown.map((u) => u.reason)).toEqual(["%(_) is the value of the enclosing if-*/for test"]);
  });
  test("keys named like Object's own properties are options like any other, not listening options", () => {
    const s = uwsgiServer(
      "/a.ini",
      readUwsgiIni("/a.ini", "[uwsgi]\nconstructor = x\ntoString = :80\nhasOwnProperty = y\nsocket = /run/a.sock\n"),
      "uwsgi-ini",
    );
    expect(where(s)).toEqual(["uwsgi /run/a.sock"]);
    expect(s.unknown).toEqual([]);
  });
  test("an [uwsgi] header with spaces inside is another section; a comment only at the start of a line", () => {
    const opts = readUwsgiIni("/a.ini", "[ uwsgi ]\nsocket = /a\n[uwsgi]\n  ; c\nsocket = /b # not a comment\n");
    expect(opts.map((o) => o.value)).toEqual(["/b # not a comment"]);
  });
  test("%d, %p and %n describe the path uWSGI reads the file at: a local copy read through the path map is the production path", () => {
    const fs = new MemoryFs({ "/work/repo/deploy/uwsgi.ini": "[uwsgi]\nsocket = %d%n.sock\nprotocol = http\nlogto = %p.log\n" });
    const withMap = Object.assign(fs, { serverPath: (p: string) => p.replace(/^\/work\/repo\//, "/srv/crm/") });
    const [s] = readAppServerFile(withMap, "/work/repo/deploy/uwsgi.ini").servers;
    expect(where(s)).toEqual(["http /srv/crm/deploy/uwsgi.sock"]);
    expect(s.file).toBe("/work/repo/deploy/uwsgi.ini");
  });
  test("Debian's instances (/etc/uwsgi/apps-enabled/NAME.ini): %(deb-confnamespace)/%(deb-confname), and default.ini's socket when the file names none", () => {
    const fs = new MemoryFs({
      "/etc/uwsgi/apps-enabled/events.ini": "[uwsgi]\nmodule = e.wsgi\nsocket = /run/uwsgi/%(deb-confnamespace)/%(deb-confname)/socket\n",
      "/etc/uwsgi/apps-enabled/bare.ini": "[uwsgi]\nmodule = b.wsgi\nprotocol = http\n",
      "/etc/uwsgi/apps-enabled/own.ini": "[uwsgi]\nmodule = o.wsgi\nhttp-socket = :8080\n",
      "/srv/app/uwsgi.ini": "[uwsgi]\nmodule = a.wsgi\nsocket = /run/%(deb-confname).sock\n",
    });
    const read = (f: string) => readAppServerFile(fs, f).servers[0];
    expect(where(read("/etc/uwsgi/apps-enabled/events.ini"))).toEqual(["uwsgi /run/uwsgi/app/events/socket"]);
    expect(where(read("/etc/uwsgi/apps-enabled/bare.ini"))).toEqual(["http /run/uwsgi/app/bare/socket (default)"]);
    expect(where(read("/etc/uwsgi/apps-enabled/own.ini"))).toEqual(["http *:8080", "uwsgi /run/uwsgi/app/own/socket (default) (uncertain)"]);
    expect(where(read("/srv/app/uwsgi.ini"))).toEqual([]);
  });
  test("gunicorn without --config reads gunicorn.conf.py from its working directory when there is one", () => {
    const unit = (cmd: string) => `[Service]\nWorkingDirectory=/srv/p\nExecStart=${cmd}\n`;
    const fs = new MemoryFs({
      "/etc/systemd/system/a.service": unit("/srv/p/venv/bin/gunicorn p.wsgi"),
      "/etc/systemd/system/b.service": unit("/srv/p/venv/bin/gunicorn -b 127.0.0.1:9000 p.wsgi"),
      "/srv/p/gunicorn.conf.py": 'bind = "unix:/run/p.sock"\n',
    });
    expect(where(readAppServerFile(fs, "/etc/systemd/system/a.service").servers[0])).toEqual(["http /run/p.sock"]);
    expect(where(readAppServerFile(fs, "/etc/systemd/system/b.service").servers[0])).toEqual(["http 127.0.0.1:9000"]);
    const none = new MemoryFs({ "/etc/systemd/system/a.service": unit("/srv/p/venv/bin/gunicorn p.wsgi") });
    const r = readAppServerFile(none, "/etc/systemd/system/a.service");
    expect(where(r.servers[0])).toEqual(["http 127.0.0.1:8000 (default)"]);
    expect(r.notFound).toEqual([]);
  });
  test("gunicorn's GUNICORN_CMD_ARGS: its bind counts unless the command line binds; an unreadable EnvironmentFile makes a default address uncertain", () => {
    const unit = (env: string, cmd: string) => `[Service]\n${env}\nExecStart=${cmd}\n`;
    const fs = new MemoryFs({
      "/a.service": unit('Environment="GUNICORN_CMD_ARGS=--bind=unix:/run/a.sock --workers=3"', "/v/bin/gunicorn p.wsgi"),
      "/b.service": unit('Environment="GUNICORN_CMD_ARGS=-b unix:/run/a.sock"', "/v/bin/gunicorn -b 127.0.0.1:9000 p.wsgi"),
      "/c.service": unit("EnvironmentFile=/etc/p/env", "/v/bin/gunicorn p.wsgi"),
      "/d.service": unit("EnvironmentFile=/etc/p/env", "/v/bin/daphne p.asgi:application"),
    });
    const at = (f: string) => where(readAppServerFile(fs, f).servers[0]);
    expect(at("/a.service")).toEqual(["http /run/a.sock"]);
    expect(at("/b.service")).toEqual(["http 127.0.0.1:9000"]);
    expect(at("/c.service")).toEqual(["http 127.0.0.1:8000 (default) (uncertain)"]);
    expect(at("/d.service")).toEqual(["http 127.0.0.1:8000 (default)"]);
  });
  test("uWSGI's --ini file.ini:section reads that section of the file, not a file named with the colon", () => {
    const fs = new MemoryFs({
      "/etc/systemd/system/crm.service": "[Service]\nExecStart=/v/bin/uwsgi --ini /srv/crm/uwsgi.ini:production\n",
      "/srv/crm/uwsgi.ini": "[uwsgi]\nhttp = 127.0.0.1:8000\n[production]\nsocket = /run/crm.sock\nenv = DJANGO_SETTINGS_MODULE=crm.settings.production\n",
    });
    const r = readAppServerFile(fs, "/etc/systemd/system/crm.service");
    expect(r.notFound).toEqual([]);
    expect(where(r.servers[0])).toEqual(["uwsgi /run/crm.sock"]);
    expect(r.servers[0].env.DJANGO_SETTINGS_MODULE.value).toBe("crm.settings.production");
  });
  test("$(VAR) and @(file) are not guessed", () => {
    const s = uwsgiServer("/a.ini", readUwsgiIni("/a.ini", "[uwsgi]\nsocket = $(SOCK)\nmodule = @(/etc/mod)\n"), "uwsgi-ini");
    expect(s.listen).toEqual([]);
    expect(s.unknown.map((u) => u.reason)).toEqual(["$(SOCK) reads the environment variable SOCK", "@(/etc/mod) reads another file"]);
  });
});

describe("uWSGI includes", () => {
  test("an included ini reads the including ini's options in its placeholders (uWSGI reads it in place): `app = x` then `ini = base.ini`", () => {
    const fs = new MemoryFs({
      "/etc/uwsgi/base/django.ini": "[uwsgi]\nchdir = /srv/apps/%(app)\nmodule = %(app).wsgi:application\nsocket = /run/uwsgi/%(app).sock\n",
      "/etc/uwsgi/vassals/greenhouse.ini": "[uwsgi]\napp = greenhouse\nini = /etc/uwsgi/base/django.ini\nenv = DJANGO_SETTINGS_MODULE=greenhouse.settings\n",
    });
    const [s] = readAppServerFile(fs, "/etc/uwsgi/vassals/greenhouse.ini").servers;
    expect(where(s)).toEqual(["uwsgi /run/uwsgi/greenhouse.sock"]);
    expect([s.chdir?.value, s.app?.value]).toEqual(["/srv/apps/greenhouse", "greenhouse.wsgi:application"]);
  });
});

describe("uWSGI XML (core/xmlconf.c)", () => {
  test("the children of <uwsgi> are the options; an empty element is a flag set to 1; comments skipped; entities and CDATA decoded; <app mountpoint> mounts", () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      "<uwsgi>",
      "  <!-- <socket>/commented/out.sock</socket> -->",
      "  <chdir>/srv/tickets</chdir>",
      "  <env>DJANGO_SETTINGS_MODULE=tickets.settings.production</env>",
      "  <socket>/run/uwsgi/tickets.sock</socket>",
      "  <master/>",
      "  <env><![CDATA[GREETING=a<b]]></env>",
      "  <logto>/var/log/a&amp;b.log</logto>",
      '  <app mountpoint="/tickets">tickets.wsgi:application</app>',
      "</uwsgi>",
      "",
    ].join("\n");
    const fs = new MemoryFs({ "/etc/uwsgi/vassals/tickets.xml": xml });
    const { servers } = readAppServerFile(fs, "/etc/uwsgi/vassals/tickets.xml");
    expect(servers).toHaveLength(1);
    const [s] = servers;
    expect(s.source).toBe("uwsgi-xml");
    expect(where(s)).toEqual(["uwsgi /run/uwsgi/tickets.sock"]);
    expect(s.chdir?.value).toBe("/srv/tickets");
    expect(s.settingsModule?.value).toBe("tickets.settings.production");
    expect(s.settingsModule?.at.line).toBe(5);
    expect(s.env.GREETING.value).toBe("a<b");
    expect(s.app?.value).toBe("tickets.wsgi:application");
  });
  test("a <uwsgi> under another root is read; a document without one has no options", () => {
    const fs = new MemoryFs({
      "/a.xml": '<?xml version="1.0"?>\n<config>\n  <uwsgi id="prod">\n    <http-socket>127.0.0.1:8001</http-socket>\n  </uwsgi>\n</config>\n',
      "/b.xml": "<project><socket>/nope</socket></project>\n",
    });
    expect(where(readAppServerFile(fs, "/a.xml", "uwsgi-xml").servers[0])).toEqual(["http 127.0.0.1:8001"]);
    expect(where(readAppServerFile(fs, "/b.xml", "uwsgi-xml").servers[0])).toEqual([]);
  });
});

describe("command lines", () => {
  const cmd = (c: string, env: Record<string, string> = {}) =>
    serversOfCommand(c, { source: "command", at: AT, env: (n) => (n in env ? { value: env[n] } : undefined) });
  test.each([
    ["gunicorn app.wsgi:application -b unix:/run/g.sock --bind=0.0.0.0:8001", "gunicorn", ["http /run/g.sock", "http 0.0.0.0:8001"], "app.wsgi:application"],
    ["/venv/bin/gunicorn3 -w 4 proj.wsgi", "gunicorn", ["http 127.0.0.1:8000 (default)"], "proj.wsgi"],
    ["python -m gunicorn --bind [::]:8000 p.wsgi", "gunicorn", ["http [::]:8000"], "p.wsgi"],
    ["uvicorn p.asgi:application --uds /run/u.sock", "uvicorn", ["http /run/u.sock"], "p.asgi:application"],
    ["uvicorn p.asgi:application --host 0.0.0.0 --port 9000", "uvicorn", ["http 0.0.0.0:9000"], "p.asgi:application"],
    ["daphne -b 0.0.0.0 -p 8001 p.asgi:application", "daphne", ["http 0.0.0.0:8001"], "p.asgi:application"],
    ["daphne -u /run/d.sock p.asgi:application", "daphne", ["http /run/d.sock"], "p.asgi:application"],
    ["hypercorn -b 0.0.0.0:8000 -b unix:/run/h.sock p.asgi:application", "hypercorn", ["http 0.0.0.0:8000", "http /run/h.sock"], "p.asgi:application"],
    ["granian --interface asgi --host :: --port 8000 p.asgi:application", "granian", ["http [::]:8000"], "p.asgi:application"],
    ["uwsgi --socket :3031 --module p.wsgi --http-socket=:8080", "uwsgi", ["uwsgi *:3031", "http *:8080"], "p.wsgi"],
    // --protocol forces the plain --socket/-s lines, not --uwsgi-socket (uWSGI: "force the specified protocol for default sockets")
    ["uwsgi --socket 0.0.0.0:5000 --protocol=http -w p.wsgi --uwsgi-socket /u.sock", "uwsgi", ["http 0.0.0.0:5000", "uwsgi /u.sock"], "p.wsgi"],
    ["uwsgi --http11-socket :8080 --module p.wsgi", "uwsgi", ["http *:8080"], "p.wsgi"],
    // --https starts uWSGI's HTTPS router ("addr,cert,key"); the command line reads it as the ini does
    ["uwsgi --https :8443,c.pem,k.pem --module p.wsgi", "uwsgi", ["https *:8443"], "p.wsgi"],
    // uvicorn's --proxy-headers and granian's --ws are flags: the application after them is not their value
    ["uvicorn --uds /run/u.sock --proxy-headers p.asgi:application", "uvicorn", ["http /run/u.sock"], "p.asgi:application"],
    ["granian --interface asgi --ws p.asgi:application", "granian", ["http 127.0.0.1:8000 (default)"], "p.asgi:application"],
    ["REMAP=1 exec env A=b bin/start-nginx gunicorn -c g.py p.wsgi", "gunicorn", [], "p.wsgi"],
  ])("%s", (c, kind, listen, app) => {
    const [s] = cmd(c);
    expect(s.kind).toBe(kind);
    expect(where(s)).toEqual(listen);
    expect(s.app?.value).toBe(app);
  });
  test("not a server: celery, manage.py", () => {
    expect(cmd("celery -A p worker")).toEqual([]);
    expect(cmd("python manage.py migrate")).toEqual([]);
  });
  test("$PORT: substituted when known, unknown otherwise", () => {
    expect(where(cmd("gunicorn p.wsgi --bind 0.0.0.0:$PORT", { PORT: "5000" })[0])).toEqual(["http 0.0.0.0:5000"]);
    const [s] = cmd("gunicorn p.wsgi --bind 0.0.0.0:$PORT");
    expect(s.listen).toEqual([]);
    expect(s.unknown[0].reason).toBe("uses $PORT, which the linter cannot read");
  });
  test("--env and leading assignments set the settings module", () => {
    expect(cmd("gunicorn -e DJANGO_SETTINGS_MODULE=p.settings.prod p.wsgi")[0].settingsModule?.value).toBe("p.settings.prod");
    expect(cmd("DJANGO_SETTINGS_MODULE=p.s uvicorn p.asgi:app")[0].settingsModule?.value).toBe("p.s");
  });
  test("sh -c scripts: the server command inside, exported variables uncertain", () => {
    const [s] = serversOfCommand(`sh -c 'export GRANIAN_PORT=$P; exec granian p.asgi:app'`, {
      source: "command",
      at: AT,
      env: (n) => (n === "GRANIAN_PORT" ? { value: "9000" } : undefined),
    });
    expect(where(s)).toEqual(["http 127.0.0.1:9000 (uncertain)"]);
  });
  test("words as a shell splits them", () => {
    expect(splitCommand(`a "b c" 'd e' f\\ g # comment`)).toEqual(["a", "b c", "d e", "f g"]);
  });
  test("addresses", () => {
    expect(parseAddress("unix:/a.sock", "http", AT)).toMatchObject({ socket: "/a.sock" });
    expect(parseAddress("fd://3", "http", AT)).toMatchObject({ fd: 3 });
    expect(parseAddress("example.org", "http", AT, 8000)).toMatchObject({ address: "example.org:8000" });
    expect(parseAddress("a:99999", "http", AT)).toBeNull();
  });
});

describe("process managers", () => {
  test.each([
    ["Environment=STAGE=production\n", "app.settings.production", "/run/app/production.sock"],
    // Unknown: the module is set to something the run does not show (no script's setdefault stands in for it).
    ["", "", undefined],
  ])("uWSGI's $(VAR) reads the environment the unit starts it in: %j", (environment, module, socket) => {
    const fs = new MemoryFs({
      "/etc/systemd/system/app.service": `[Service]\n${environment}ExecStart=/usr/bin/uwsgi --ini /etc/uwsgi/app.ini\n`,
      "/etc/uwsgi/app.ini": "[uwsgi]\nmodule = app.wsgi\nenv = DJANGO_SETTINGS_MODULE=app.settings.$(STAGE)\nsocket = /run/app/$(STAGE).sock\n",
    });
    const [s] = readAppServerFile(fs, "/etc/systemd/system/app.service").servers;
    expect(s.settingsModule?.value).toBe(module);
    expect(!!s.settingsModule?.uncertain).toBe(module === "");
    expect(s.listen.map((l) => l.socket)).toEqual(socket ? [socket] : []);
  });
  // Checked with Debian's uWSGI 2.0.21 and gunicorn 20.1 on loopback (an app printing os.environ): uWSGI applies its
  // options in order, its ini's `env =` over the environment it starts in; gunicorn's raw_env over that environment,
  // its `-e` over raw_env wherever it stands.
  test.each([
    ["uwsgi --ini /srv/app/app.ini", "app.settings.production"],
    ["uwsgi --env DJANGO_SETTINGS_MODULE=app.settings.cli --ini /srv/app/app.ini", "app.settings.production"],
    ["uwsgi --ini /srv/app/app.ini --env DJANGO_SETTINGS_MODULE=app.settings.cli", "app.settings.cli"],
    ["gunicorn -c /srv/app/gunicorn.conf.py", "app.settings.production"],
    ["gunicorn -e DJANGO_SETTINGS_MODULE=app.settings.cli -c /srv/app/gunicorn.conf.py", "app.settings.cli"],
    ["gunicorn -c /srv/app/gunicorn.conf.py -e DJANGO_SETTINGS_MODULE=app.settings.cli", "app.settings.cli"],
  ])("a unit's Environment= under the server's configuration: %s", (command, module) => {
    const fs = new MemoryFs({
      "/etc/systemd/system/app.service": `[Service]\nEnvironment=DJANGO_SETTINGS_MODULE=app.settings.staging\nExecStart=/usr/bin/${command}\n`,
      "/srv/app/app.ini": "[uwsgi]\nmodule = app.wsgi\nsocket = /run/app.sock\nenv = DJANGO_SETTINGS_MODULE=app.settings.production\n",
      "/srv/app/gunicorn.conf.py": 'bind = "127.0.0.1:8001"\nwsgi_app = "app.wsgi:application"\nraw_env = ["DJANGO_SETTINGS_MODULE=app.settings.production"]\n',
    });
    const { servers } = readAppServerFile(fs, "/etc/systemd/system/app.service");
    expect(servers.map((s) => s.settingsModule?.value)).toEqual([module]);
  });
  test("supervisord's own file (Debian's stock supervisord.conf, programs in the conf.d/ it includes) is supervisor's: no program, no syntax error in a tree linted whole", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-supervisord-"));
    try {
      fs.mkdirSync(path.join(dir, "supervisor/conf.d"), { recursive: true });
      fs.writeFileSync(
        path.join(dir, "supervisor/supervisord.conf"),
        "; supervisor config file\n\n[unix_http_server]\nfile=/var/run/supervisor.sock   ; (the path to the socket file)\nchmod=0700\n\n[supervisord]\nlogfile=/var/log/supervisor/supervisord.log\npidfile=/var/run/supervisord.pid\nchildlogdir=/var/log/supervisor\n\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n[supervisorctl]\nserverurl=unix:///var/run/supervisor.sock\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n",
      );
      fs.writeFileSync(
        path.join(dir, "supervisor/conf.d/shop.conf"),
        "[program:shop]\ncommand=/srv/shop/venv/bin/gunicorn --bind 127.0.0.1:8001 shop.wsgi\ndirectory=/srv/shop\n",
      );
      const run = lintFiles(expandInputs([dir], dir), { cwd: dir });
      const messages = run.results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)} ${m.ruleId}`));
      expect(messages.filter((m) => !m.endsWith("django/settings-not-found"))).toEqual([]);
      expect(run.django?.appServers?.map(where)).toEqual([["http 127.0.0.1:8001"]]);
      // Its [supervisord] environment reaches the programs of the files it includes, whose own environment= wins.
      const main = path.join(dir, "supervisor/supervisord.conf");
      fs.writeFileSync(
        main,
        fs
          .readFileSync(main, "utf8")
          .replace(
            "childlogdir=/var/log/supervisor\n",
            'childlogdir=/var/log/supervisor\nenvironment=DJANGO_SETTINGS_MODULE="shop.settings.production",STAGE="prod"\n',
          ),
      );
      fs.writeFileSync(
        path.join(dir, "supervisor/conf.d/blog.conf"),
        '[program:blog]\ncommand=/srv/blog/venv/bin/gunicorn blog.wsgi\nenvironment=DJANGO_SETTINGS_MODULE="blog.settings"\n',
      );
      const map = [{ from: "/etc/supervisor", to: path.join(dir, "supervisor") }];
      const again = lintFiles(expandInputs([dir], dir), { cwd: dir, map });
      expect(again.django?.appServers?.map((s) => [s.settingsModule?.value, s.env.STAGE?.value])).toEqual([
        ["blog.settings", "prod"],
        ["shop.settings.production", "prod"],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test("systemd: continuation lines with comment lines inside, Environment=, a readable EnvironmentFile=, WorkingDirectory=", () => {
    const unit =
      '[Unit]\nDescription=x\n[Service]\nEnvironment="BIND=unix:/run/a.sock" PORT=1\nEnvironmentFile=/etc/default/app\nWorkingDirectory=/srv/app\nExecStart=/venv/bin/gunicorn \\\n# a comment inside the continued line\n  --bind $BIND \\\n  p.wsgi\n';
    const fs = new MemoryFs({ "/etc/systemd/system/app.service": unit, "/etc/default/app": "# env\nDJANGO_SETTINGS_MODULE=p.settings.prod\n" });
    const exec = readUnitFile("/u", unit).find((e) => e.key === "ExecStart");
    expect(exec?.value.split(/\s+/)).toEqual(["/venv/bin/gunicorn", "--bind", "$BIND", "p.wsgi"]);
    expect(exec?.at).toMatchObject({ line: 7, endLine: 10 });
    const { servers } = readAppServerFile(fs, "/etc/systemd/system/app.service");
    expect(where(servers[0])).toEqual(["http /run/a.sock"]);
    expect(servers[0].chdir?.value).toBe("/srv/app");
    expect(servers[0].settingsModule?.value).toBe("p.settings.prod");
  });
  // systemd.exec(5): "Settings from these files override settings made with Environment="; where a line stands in
  // [Service] does not matter (Taiga's documented unit sets Environment= after ExecStart=).
  test.each([
    ["Environment= after ExecStart=", "ExecStart=/v/bin/gunicorn p.wsgi\nEnvironment=DJANGO_SETTINGS_MODULE=p.settings.config\n", "p.settings.config"],
    [
      "an EnvironmentFile= before an Environment= naming the same variable",
      "EnvironmentFile=/etc/p/env\nEnvironment=DJANGO_SETTINGS_MODULE=p.settings.production\nExecStart=/v/bin/gunicorn p.wsgi\n",
      "p.settings.staging",
    ],
    [
      "an EnvironmentFile= after ExecStart=",
      "Environment=DJANGO_SETTINGS_MODULE=p.settings.production\nExecStart=/v/bin/gunicorn p.wsgi\nEnvironmentFile=-/etc/p/env\n",
      "p.settings.staging",
    ],
    [
      "an empty Environment= resets what came before",
      "Environment=DJANGO_SETTINGS_MODULE=p.settings.a\nEnvironment=\nExecStart=/v/bin/gunicorn p.wsgi\n",
      undefined,
    ],
    [
      "an empty EnvironmentFile= drops the files before it",
      "EnvironmentFile=/etc/p/env\nEnvironmentFile=\nEnvironment=DJANGO_SETTINGS_MODULE=p.settings.b\nExecStart=/v/bin/gunicorn p.wsgi\n",
      "p.settings.b",
    ],
  ])("systemd: %s", (_label, service, module) => {
    const fs = new MemoryFs({ "/etc/systemd/system/p.service": `[Service]\n${service}`, "/etc/p/env": "DJANGO_SETTINGS_MODULE=p.settings.staging\n" });
    const [s] = readAppServerFile(fs, "/etc/systemd/system/p.service").servers;
    expect(s.settingsModule?.value).toBe(module);
  });
  test("socket activation: a unit that surely gets its sockets (Requires= the socket unit, Sockets=, or a socket enabled for sockets.target) listens on them alone, as gunicorn ignores --bind under LISTEN_FDS; otherwise both may hold", () => {
    const unit = (unitSection: string) =>
      `[Unit]\n${unitSection}After=network.target\n[Service]\nExecStart=/srv/venv/bin/gunicorn --bind unix:/run/gunicorn.sock shop.wsgi\n`;
    const socket = (install: string) => `[Socket]\nListenStream=/run/gunicorn/shop.sock\n${install}`;
    const read = (service: string, sock: string) =>
      readAppServerFile(
        new MemoryFs({ "/etc/systemd/system/gunicorn.service": service, "/etc/systemd/system/gunicorn.socket": sock }),
        "/etc/systemd/system/gunicorn.service",
      ).servers.map(where);
    expect(read(unit("Requires=gunicorn.socket\n"), socket(""))).toEqual([["http /run/gunicorn/shop.sock"]]);
    expect(read(unit(""), socket("[Install]\nWantedBy=sockets.target\n"))).toEqual([["http /run/gunicorn/shop.sock"]]);
    expect(read(unit(""), socket(""))).toEqual([["http /run/gunicorn.sock", "http /run/gunicorn/shop.sock"]]);
  });
  test("uvicorn: what the command line leaves out comes from the environment, which an EnvironmentFile= that cannot be read may set; --env-file is loaded (python-dotenv: the unit's variables win)", () => {
    const fs = new MemoryFs({
      "/etc/systemd/system/metrics.service":
        "[Service]\nEnvironmentFile=/etc/metrics/uvicorn.env\nExecStart=/v/bin/uvicorn m.asgi:application --host 127.0.0.1\n",
      "/etc/systemd/system/hub.service":
        "[Service]\nWorkingDirectory=/srv/hub\nEnvironment=SECRET=unit\nExecStart=/v/bin/uvicorn hub.asgi:application --uds /run/hub.sock --env-file .env.production\n",
      "/srv/hub/.env.production": "DJANGO_SETTINGS_MODULE=hub.settings.prod\nSECRET=file\n",
      "/etc/systemd/system/gone.service": "[Service]\nWorkingDirectory=/srv/gone\nExecStart=/v/bin/uvicorn gone.asgi:application --env-file .env\n",
    });
    expect(readAppServerFile(fs, "/etc/systemd/system/metrics.service").servers.map(where)).toEqual([["http 127.0.0.1:8000 (uncertain)"]]);
    const [hub] = readAppServerFile(fs, "/etc/systemd/system/hub.service").servers;
    expect(hub.settingsModule?.value).toBe("hub.settings.prod");
    expect(hub.env.SECRET.value).toBe("unit");
    const [gone] = readAppServerFile(fs, "/etc/systemd/system/gone.service").servers;
    expect(gone.settingsModule).toMatchObject({ value: "", uncertain: "--env-file .env may set it, and /srv/gone/.env cannot be read" });
  });
  test("gunicorn's configuration reading its bind from the environment (`os.environ.get('GUNICORN_BIND', default)`) takes what the unit sets there; the default only when nothing does", () => {
    const conf = 'import os\nbind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")\nworkers = 3\n';
    const unit = (env: string) => `[Service]\nWorkingDirectory=/srv/crm\n${env}ExecStart=/srv/venv/bin/gunicorn -c /srv/crm/gunicorn.conf.py crm.wsgi\n`;
    const read = (env: string) =>
      readAppServerFile(
        new MemoryFs({ "/srv/crm/gunicorn.conf.py": conf, "/etc/systemd/system/crm.service": unit(env) }),
        "/etc/systemd/system/crm.service",
      ).servers.map(where);
    expect(read("Environment=GUNICORN_BIND=unix:/run/crm/gunicorn.sock\n")).toEqual([["http /run/crm/gunicorn.sock"]]);
    expect(read("")).toEqual([["http 127.0.0.1:8001 (uncertain)"]]);
    // Beside an EnvironmentFile= that cannot be read, the value Environment= writes is the likely one, uncertain.
    expect(read("Environment=GUNICORN_BIND=127.0.0.1:8101\nEnvironmentFile=/etc/crm/secrets\n")).toEqual([["http 127.0.0.1:8101 (uncertain)"]]);
  });
  test("systemd drop-ins (systemd.unit(5)): <unit>.d/*.conf read after the unit in file-name order, an empty ExecStart= dropping the unit's command; the template's @.service.d for an instance; /etc's replaces a drop-in of the same name in /usr/lib", () => {
    const fs = new MemoryFs({
      "/etc/systemd/system/ledger.service":
        "[Service]\nEnvironment=DJANGO_SETTINGS_MODULE=ledger.settings.base\nExecStart=/srv/ledger/venv/bin/gunicorn --bind 127.0.0.1:8000 ledger.wsgi\n",
      "/etc/systemd/system/ledger.service.d/20-port.conf": "[Service]\nExecStart=\nExecStart=/srv/ledger/venv/bin/gunicorn --bind 127.0.0.1:8011 ledger.wsgi\n",
      "/etc/systemd/system/ledger.service.d/10-env.conf": "[Service]\nEnvironment=DJANGO_SETTINGS_MODULE=ledger.settings.production\n",
      "/etc/systemd/system/ledger.service.d/notes.txt": "[Service]\nExecStart=/bin/false\n",
      "/etc/systemd/system/shop@.service": "[Service]\nExecStart=/srv/shop/venv/bin/gunicorn --bind unix:/run/%i.sock shop.wsgi\n",
      "/etc/systemd/system/shop@blue.service": "[Service]\nExecStart=/srv/shop/venv/bin/gunicorn --bind unix:/run/%i.sock shop.wsgi\n",
      "/usr/lib/systemd/system/shop@.service.d/port.conf": "[Service]\nExecStart=\nExecStart=/srv/shop/venv/bin/gunicorn --bind 127.0.0.1:9000 shop.wsgi\n",
      "/etc/systemd/system/shop@blue.service.d/port.conf": "[Service]\nExecStart=\nExecStart=/srv/shop/venv/bin/gunicorn --bind 127.0.0.1:9001 shop.wsgi\n",
    });
    // /usr/lib/systemd/system is read when the path map copies it (this machine's own is not the server's).
    const copied: typeof fs = Object.assign(Object.create(fs) as typeof fs, {
      local: (p: string) => (p.startsWith("/usr/lib/systemd/system") ? `/copy${p}` : p),
    });
    const ledger = readAppServerFile(fs, "/etc/systemd/system/ledger.service").servers;
    expect(ledger.map(where)).toEqual([["http 127.0.0.1:8011"]]);
    expect(ledger[0].settingsModule?.value).toBe("ledger.settings.production");
    expect(ledger[0].at).toMatchObject({ file: "/etc/systemd/system/ledger.service.d/20-port.conf", line: 3 });
    // The instance's own port.conf replaces the template's of the same name.
    expect(readAppServerFile(copied, "/etc/systemd/system/shop@blue.service").servers.map(where)).toEqual([["http 127.0.0.1:9001"]]);
    expect(readAppServerFile(copied, "/etc/systemd/system/shop@.service").servers.map(where)).toEqual([["http 127.0.0.1:9000"]]);
    expect(readAppServerFile(fs, "/etc/systemd/system/shop@.service").servers.map(where)).toEqual([["http /run/%i.sock (uncertain)"]]);
    // A socket unit's drop-in moves the socket gunicorn is handed (an empty ListenStream= first, as for ExecStart=).
    const activated = new MemoryFs({
      "/etc/systemd/system/gunicorn.service": "[Service]\nExecStart=/srv/venv/bin/gunicorn shop.wsgi\n",
      "/etc/systemd/system/gunicorn.socket": "[Socket]\nListenStream=/run/gunicorn.sock\n",
      "/etc/systemd/system/gunicorn.socket.d/override.conf": "[Socket]\nListenStream=\nListenStream=/run/shop/gunicorn.sock\n",
    });
    expect(readAppServerFile(activated, "/etc/systemd/system/gunicorn.service").servers.map(where)).toEqual([["http /run/shop/gunicorn.sock"]]);
  });
  test("uWSGI's own chdir moves it from the unit's WorkingDirectory=; a --chdir on its command line wins over both", () => {
    // NetBox's documented layout: the unit runs in /opt/netbox, its uwsgi.ini changes to /opt/netbox/netbox.
    const ini = "[uwsgi]\nchdir = /opt/netbox/netbox\nmodule = netbox.wsgi\nsocket = 127.0.0.1:8001\n";
    const unit = (args: string) => `[Service]\nWorkingDirectory=/opt/netbox\nExecStart=/opt/netbox/venv/bin/uwsgi --ini /opt/netbox/uwsgi.ini${args}\n`;
    const fs = new MemoryFs({ "/opt/netbox/uwsgi.ini": ini, "/a.service": unit(""), "/b.service": unit(" --chdir /srv/other") });
    expect(readAppServerFile(fs, "/a.service").servers[0].chdir?.value).toBe("/opt/netbox/netbox");
    expect(readAppServerFile(fs, "/b.service").servers[0].chdir?.value).toBe("/srv/other");
  });
  test("systemd specifiers: an instance unit fills in %i/%I/%p; a template read without one leaves what uses %i unknown", () => {
    const unit =
      "[Service]\nEnvironment=DJANGO_SETTINGS_MODULE=hr.settings.%i\nWorkingDirectory=/srv/%p/%i\nExecStart=/srv/hr/venv/bin/gunicorn --bind unix:%t/%p-%i/gunicorn.sock hr.wsgi:application\n";
    const fs = new MemoryFs({ "/etc/systemd/system/hr@staging.service": unit, "/etc/systemd/system/hr@.service": unit });
    const [inst] = readAppServerFile(fs, "/etc/systemd/system/hr@staging.service").servers;
    expect(inst.settingsModule?.value).toBe("hr.settings.staging");
    expect(inst.settingsModule?.uncertain).toBeUndefined();
    expect(inst.chdir?.value).toBe("/srv/hr/staging");
    expect(inst.listen.map((l) => [l.socket, l.uncertain])).toEqual([["/run/hr-staging/gunicorn.sock", undefined]]);
    const [tpl] = readAppServerFile(fs, "/etc/systemd/system/hr@.service").servers;
    expect(tpl.settingsModule?.uncertain).toContain("the instance name");
    expect(tpl.chdir).toBeUndefined();
    expect(tpl.listen.every((l) => l.uncertain !== undefined)).toBe(true);
  });
  test("supervisord's own environment= reaches every program; a program's own wins", () => {
    const conf =
      '[supervisord]\nenvironment=DJANGO_SETTINGS_MODULE="baserow.config.settings.base",LANG="C.UTF-8"\n\n[program:web]\ncommand=/venv/bin/gunicorn baserow.config.wsgi -b 127.0.0.1:8000\n\n[program:admin]\ncommand=/venv/bin/gunicorn baserow.config.wsgi -b 127.0.0.1:8001\nenvironment=DJANGO_SETTINGS_MODULE="baserow.config.settings.admin"\n';
    const fs = new MemoryFs({ "/etc/supervisor/conf.d/baserow.conf": conf });
    const servers = readAppServerFile(fs, "/etc/supervisor/conf.d/baserow.conf").servers;
    expect(servers.map((x) => x.settingsModule?.value)).toEqual(["baserow.config.settings.base", "baserow.config.settings.admin"]);
  });
  test("gunicorn's config-file chdir moves it from the unit's WorkingDirectory=; --chdir on its command line wins over both", () => {
    const conf = 'wsgi_app = "portal.wsgi:application"\nchdir = "/srv/portal/app"\nbind = "127.0.0.1:8010"\n';
    const unit = (args: string) => `[Service]\nWorkingDirectory=/srv/portal\nExecStart=/srv/portal/venv/bin/gunicorn -c /srv/portal/gunicorn.conf.py${args}\n`;
    const fs = new MemoryFs({ "/srv/portal/gunicorn.conf.py": conf, "/a.service": unit(""), "/b.service": unit(" --chdir /srv/other") });
    expect(readAppServerFile(fs, "/a.service").servers[0].chdir?.value).toBe("/srv/portal/app");
    expect(readAppServerFile(fs, "/b.service").servers[0].chdir?.value).toBe("/srv/other");
  });
  test("a virtualenv's site-packages are on the import path: its executable's (gunicorn, python -m), uWSGI's virtualenv/home", () => {
    // Weblate's documented install: pip into a virtualenv, the unit runs its gunicorn from the env's directory.
    const sp = "/home/weblate/weblate-env/lib/python3.11/site-packages";
    const fs = new MemoryFs({
      [`${sp}/weblate/settings.py`]: "DEBUG = False\n",
      "/a.service": "[Service]\nWorkingDirectory=/home/weblate/weblate-env/\nExecStart=/home/weblate/weblate-env/bin/gunicorn weblate.wsgi:application\n",
      "/b.service": "[Service]\nExecStart=/home/weblate/weblate-env/bin/python -m gunicorn weblate.wsgi\n",
      "/c.ini": "[uwsgi]\nvirtualenv = /home/weblate/weblate-env\nwsgi-file = /x/wsgi.py\n",
      "/d.service": "[Service]\nExecStart=/usr/bin/gunicorn weblate.wsgi\n",
      "/e.service": "[Service]\nExecStart=/usr/bin/uwsgi --home /home/weblate/weblate-env --socket 127.0.0.1:8080 --module weblate.wsgi\n",
    });
    const paths = (f: string) => readAppServerFile(fs, f).servers[0].pythonPath.map((p) => p.value);
    expect(paths("/a.service")).toEqual([sp]);
    expect(paths("/b.service")).toEqual([sp]);
    expect(paths("/c.ini")).toEqual([sp]);
    expect(paths("/d.service")).toEqual([]);
    expect(paths("/e.service")).toEqual([sp]);
  });
  test("PYTHONPATH the process starts with is on its import path (a src layout), relative to where it starts; not one set once Python runs", () => {
    // Python reads PYTHONPATH when the interpreter starts (python(1), ENVIRONMENT): a unit's or supervisor's variable,
    // or uWSGI's `env =` (set before its Python plugin starts), counts; gunicorn's raw_env reaches os.environ too late.
    const fs = new MemoryFs({
      "/a.service": "[Service]\nWorkingDirectory=/opt/ledger\nEnvironment=PYTHONPATH=/opt/ledger/src:lib\nExecStart=/opt/venv/bin/gunicorn ledger.wsgi\n",
      "/b.ini": "[uwsgi]\nchdir = /opt/ledger\nenv = PYTHONPATH=/opt/ledger/src\nmodule = ledger.wsgi\nsocket = /run/ledger.sock\n",
      "/c.py": 'bind = "127.0.0.1:8000"\nraw_env = ["PYTHONPATH=/opt/ledger/src"]\n',
      "/d.conf": '[program:ledger]\ncommand=/opt/venv/bin/gunicorn ledger.wsgi\nenvironment=PYTHONPATH="$HOME/src"\n',
    });
    const paths = (f: string) => readAppServerFile(fs, f).servers[0].pythonPath.map((p) => p.value);
    expect(paths("/a.service")).toEqual(["/opt/ledger/src", "/opt/ledger/lib"]);
    expect(paths("/b.ini")).toEqual(["/opt/ledger/src"]);
    expect(paths("/c.py")).toEqual([]);
    expect(paths("/d.conf")).toEqual([]);
  });
  test("systemd: the last WorkingDirectory= counts, wherever it stands", () => {
    const fs = new MemoryFs({ "/p.service": "[Service]\nWorkingDirectory=/srv/a\nExecStart=/v/bin/gunicorn p.wsgi\nWorkingDirectory=/srv/b\n" });
    expect(readAppServerFile(fs, "/p.service").servers[0].chdir?.value).toBe("/srv/b");
  });
  test("supervisor: environment= and directory=", () => {
    const conf =
      '[program:web]\ncommand=/venv/bin/gunicorn p.wsgi -b 127.0.0.1:%(ENV_PORT)s\ndirectory=/srv/p\nenvironment=DJANGO_SETTINGS_MODULE="p.settings",A=b\n';
    const fs = new MemoryFs({ "/etc/supervisor/conf.d/web.conf": conf });
    const [s] = readAppServerFile(fs, "/etc/supervisor/conf.d/web.conf").servers;
    expect(s.kind).toBe("gunicorn");
    expect(s.listen).toEqual([]);
    expect(s.chdir?.value).toBe("/srv/p");
    expect(s.settingsModule?.value).toBe("p.settings");
  });
  test("supervisor: daphne --bind/--port, and an fcgi-program socket handed over as fd 0", () => {
    // Written after the supervisor programs of Channels deployments: daphne on a TCP port, and
    // supervisor's fcgi-program, which opens the socket itself and passes it as fd 0 (daphne --fd 0).
    const conf = [
      "[program:asgi]",
      "command=/srv/chat/venv/bin/daphne --bind 0.0.0.0 --port 8001 chat.asgi:application",
      "directory=/srv/chat",
      "",
      "[fcgi-program:ws]",
      "socket=tcp://localhost:8000",
      "command=/srv/chat/venv/bin/daphne -u /run/daphne/daphne%(process_num)d.sock --fd 0 --access-log - --proxy-headers chat.asgi:application",
      "numprocs=4",
      "process_name=asgi%(process_num)d",
      "",
    ].join("\n");
    const fs = new MemoryFs({ "/etc/supervisor/conf.d/chat.conf": conf });
    const [d, f] = readAppServerFile(fs, "/etc/supervisor/conf.d/chat.conf").servers;
    expect(where(d)).toEqual(["http 0.0.0.0:8001"]);
    expect(d.app?.value).toBe("chat.asgi:application");
    expect(d.listen[0].at.line).toBe(2);
    expect(where(f)).toEqual(["http localhost:8000"]);
    expect(f.listen[0].at.line).toBe(6);
    expect(f.unknown.map((u) => u.reason).join(" ")).toContain("process_num");
  });
  test("a gunicorn --config file is read relative to the working directory; the command line wins", () => {
    const fs = new MemoryFs({
      "/srv/p/Procfile": "web: gunicorn -c conf/g.py p.wsgi -b :9000\nw2: gunicorn -c conf/g.py p.wsgi\n",
      "/srv/p/conf/g.py": "bind = 'unix:/run/g.sock'\nraw_env = ['DJANGO_SETTINGS_MODULE=p.s']\n",
    });
    const [a, b] = readAppServerFile(fs, "/srv/p/Procfile").servers;
    expect(where(a)).toEqual(["http *:9000"]);
    expect(where(b)).toEqual(["http /run/g.sock"]);
    expect(b.settingsModule?.value).toBe("p.s");
  });
  test("a config file that cannot be read: unknown on the server; a settings-not-found only when what the server runs is said nowhere else; no default address guessed", () => {
    const fs = new MemoryFs({
      "/etc/uwsgi.d/shop.ini":
        "[uwsgi]\nmodule = shop.wsgi\nenv = DJANGO_SETTINGS_MODULE=shop.settings\nini = /etc/uwsgi.d/private/shop.ini\nsocket = /run/uwsgi/shop.sock\n",
      "/etc/uwsgi.d/blog.ini": "[uwsgi]\nini = /etc/uwsgi.d/private/blog.ini\n",
      "/etc/systemd/system/crm.service": "[Service]\nExecStart=/v/bin/gunicorn -c /etc/gunicorn/crm.py crm.wsgi\n",
    });
    const shop = readAppServerFile(fs, "/etc/uwsgi.d/shop.ini");
    expect(shop.notFound).toEqual([]);
    expect(shop.servers[0].unknown.map((u) => [u.what, u.at.line])).toEqual([["/etc/uwsgi.d/private/shop.ini", 4]]);
    expect(where(shop.servers[0])).toEqual(["uwsgi /run/uwsgi/shop.sock"]);
    // Nothing but the unreadable file: it may be where the app and its settings are named.
    const blog = readAppServerFile(fs, "/etc/uwsgi.d/blog.ini");
    expect(blog.notFound.map((n) => [n.what, n.from.line])).toEqual([["the uwsgi configuration /etc/uwsgi.d/private/blog.ini", 2]]);
    // gunicorn's config may bind elsewhere: its built-in 127.0.0.1:8000 is not assumed.
    const crm = readAppServerFile(fs, "/etc/systemd/system/crm.service");
    expect(crm.notFound).toEqual([]);
    expect(where(crm.servers[0])).toEqual([]);
  });
  test("a Procfile's gunicorn without --bind listens on $PORT, which its runner sets (gunicorn's bind: 0.0.0.0:$PORT when PORT is set)", () => {
    const fs = new MemoryFs({
      "/srv/p/Procfile": "web: gunicorn p.wsgi --log-file -\n",
      "/etc/systemd/system/p.service": "[Service]\nExecStart=/v/bin/gunicorn p.wsgi\n",
    });
    const [proc] = readAppServerFile(fs, "/srv/p/Procfile").servers;
    expect(proc.listen).toEqual([]);
    expect(proc.unknown.map((u) => u.reason)).toEqual(["gunicorn binds 0.0.0.0:$PORT, and the Procfile's runner sets PORT"]);
    // A unit sets no PORT of its own accord: gunicorn's built-in default.
    expect(where(readAppServerFile(fs, "/etc/systemd/system/p.service").servers[0])).toEqual(["http 127.0.0.1:8000 (default)"]);
  });
  test("gunicorn started by socket activation listens where its socket unit does (systemd.socket ListenStream=, gunicorn's LISTEN_FDS)", () => {
    const fs = new MemoryFs({
      "/etc/systemd/system/gunicorn-app.socket": "[Socket]\nListenStream=/run/gunicorn-app.sock\nSocketUser=www-data\n",
      "/etc/systemd/system/gunicorn-app.service": "[Unit]\nRequires=gunicorn-app.socket\n[Service]\nExecStart=/v/bin/gunicorn --workers 3 p.wsgi\n",
      "/etc/systemd/system/other.service": "[Service]\nSockets=web.socket\nExecStart=/v/bin/gunicorn p.wsgi\n",
      "/etc/systemd/system/web.socket": "[Socket]\nListenStream=8001\nListenStream=127.0.0.1:8002\n",
    });
    expect(where(readAppServerFile(fs, "/etc/systemd/system/gunicorn-app.service").servers[0])).toEqual(["http /run/gunicorn-app.sock"]);
    expect(where(readAppServerFile(fs, "/etc/systemd/system/other.service").servers[0])).toEqual(["http *:8001", "http 127.0.0.1:8002"]);
    // DigitalOcean's tutorial binds the socket the unit passes as well: one listener, not two.
    const both = new MemoryFs({
      "/etc/systemd/system/gunicorn.socket": "[Socket]\nListenStream=/run/gunicorn.sock\n",
      "/etc/systemd/system/gunicorn.service": "[Service]\nExecStart=/v/bin/gunicorn --workers 3 --bind unix:/run/gunicorn.sock p.wsgi:application\n",
    });
    expect(where(readAppServerFile(both, "/etc/systemd/system/gunicorn.service").servers[0])).toEqual(["http /run/gunicorn.sock"]);
    // The socket unit itself is no gunicorn configuration (its name says gunicorn, its content is a unit).
    const socket = readAppServerFile(fs, "/etc/systemd/system/gunicorn-app.socket");
    expect(socket.servers).toEqual([]);
    expect(socket.error).toBeUndefined();
  });
  test("a file that is none of these", () => {
    expect(readAppServerFile(new MemoryFs({ "/a.txt": "hello" }), "/a.txt").error).toMatch(/not an application-server configuration/);
  });
});

describe("templates of app-server files (an Ansible role's, a Chef cookbook's)", () => {
  const reasons = (s: AppServer) => s.unknown.map((u) => `${u.what}: ${u.reason}`);
  test("a systemd unit template: each value an expression is part of is unknown, named as written; literal values stay", () => {
    const unit =
      "[Service]\nUser={{ app_user }}\nWorkingDirectory={{ app_root }}\nEnvironment=DJANGO_SETTINGS_MODULE={{ app_name }}.settings\n" +
      "ExecStart={{ venv }}/bin/gunicorn --workers {{ workers }} --bind 127.0.0.1:{{ app_port }} --bind unix:/run/gunicorn.sock {{ app_name }}.wsgi:application\n";
    const fs = new MemoryFs({ "/roles/web/templates/gunicorn.service.j2": unit });
    const { servers, error } = readAppServerFile(fs, "/roles/web/templates/gunicorn.service.j2");
    expect(error).toBeUndefined();
    expect(servers).toHaveLength(1);
    const [s] = servers;
    expect(s.kind).toBe("gunicorn");
    expect(where(s)).toEqual(["http /run/gunicorn.sock"]);
    expect(s.app).toBeUndefined();
    // The unit sets the module, to what the template decides: unknown, yet set (a script's setdefault never applies).
    expect(s.settingsModule).toMatchObject({ uncertain: "a template expression ({{ app_name }}.settings)" });
    expect(s.env.DJANGO_SETTINGS_MODULE).toBeUndefined();
    expect(s.chdir).toBeUndefined();
    expect(reasons(s)).toEqual(
      expect.arrayContaining([
        "DJANGO_SETTINGS_MODULE: a template expression ({{ app_name }}.settings)",
        "the application: a template expression ({{ app_name }}.wsgi:application)",
        "the working directory: a template expression ({{ app_root }})",
      ]),
    );
  });
  test("a unit template whose only bind is templated listens at an unknown address, not at gunicorn's default", () => {
    const unit = "[Service]\nExecStart=/srv/app/venv/bin/gunicorn --bind unix:/run/{{ app_name }}/gunicorn.sock app.wsgi:application\n";
    const fs = new MemoryFs({ "/roles/app/templates/gunicorn.service.j2": unit });
    const [s] = readAppServerFile(fs, "/roles/app/templates/gunicorn.service.j2").servers;
    expect(where(s)).toEqual([]);
    expect(reasons(s)).toEqual(["the address it listens on: a template expression (/run/{{ app_name }}/gunicorn.sock)"]);
  });
  test("a gunicorn configuration template: an expression in a string or as a value is unknown (no default address), the rest is read", () => {
    const conf = 'bind = "127.0.0.1:{{ app_port }}"\nworkers = {{ workers }}\nwsgi_app = "shop.wsgi:application"\n{% if debug %}\nreload = True\n{% endif %}\n';
    const fs = new MemoryFs({ "/deploy/gunicorn.conf.py.j2": conf });
    const [s] = readAppServerFile(fs, "/deploy/gunicorn.conf.py.j2").servers;
    expect(s.kind).toBe("gunicorn");
    expect(where(s)).toEqual([]);
    expect(s.app?.value).toBe("shop.wsgi:application");
    expect(reasons(s).join("\n")).toMatch(/^bind: /m);
  });
  test("a uWSGI ini in ERB: the socket an expression names is unknown, the module is read", () => {
    const ini = "[uwsgi]\nchdir = /srv/shop\nmodule = shop.wsgi:application\nsocket = /run/uwsgi/<%= @app_name %>.sock\nhttp-socket = 127.0.0.1:8001\n";
    const fs = new MemoryFs({ "/cookbooks/shop/templates/uwsgi.ini.erb": ini });
    const [s] = readAppServerFile(fs, "/cookbooks/shop/templates/uwsgi.ini.erb").servers;
    expect(s.kind).toBe("uwsgi");
    expect(where(s)).toEqual(["http 127.0.0.1:8001"]);
    expect(s.app?.value).toBe("shop.wsgi:application");
    expect(s.chdir?.value).toBe("/srv/shop");
  });
  test("the same files rendered are read as they render (the template reading changes nothing else)", () => {
    const fs = new MemoryFs({ "/gunicorn.conf.py": 'bind = "127.0.0.1:8001"\nworkers = 3\nwsgi_app = "shop.wsgi:application"\nreload = True\n' });
    const [s] = readAppServerFile(fs, "/gunicorn.conf.py").servers;
    expect(where(s)).toEqual(["http 127.0.0.1:8001"]);
  });
});
