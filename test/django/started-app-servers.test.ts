/**
 * A server tree linted whole holds app-server files the machine never starts: a uWSGI app of Debian's
 * apps-available/ with no apps-enabled/ link, a systemd unit no `*.wants/` link enables (a retired gunicorn kept
 * beside its successor). Taken as running, a retired file listening at nginx's backend hid a backend nothing
 * listens on. The directory search takes what the machine starts (Debian's uwsgi init: one instance per file of
 * apps-enabled/; systemd: what `systemctl enable` linked, socket activation, what another unit starts); a file
 * named on the command line is always read, and a copy without the link directories (a repository's
 * deploy/systemd/) cannot say, so all of it is read.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expandInputs } from "../../src/discover/inputs.js";
import { lintFiles } from "../../src/engine/run.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-started-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(p: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
  fs.writeFileSync(path.join(dir, p), text);
}
function link(target: string, p: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
  fs.symlinkSync(target, path.join(dir, p));
}
const found = () =>
  expandInputs([path.join(dir, "etc")], dir)
    .map((f) => path.relative(path.join(dir, "etc"), f))
    .filter((f) => !f.startsWith("nginx/"));
const gunicorn = (bind: string) =>
  `[Unit]\nDescription=gunicorn\n\n[Service]\nExecStart=/srv/app/venv/bin/gunicorn --bind ${bind} app.wsgi\n\n[Install]\nWantedBy=multi-user.target\n`;

test("uWSGI: an apps-available file without its apps-enabled link is not started", () => {
  write("etc/uwsgi/apps-available/shop.ini", "[uwsgi]\nhttp-socket = 127.0.0.1:8001\nmodule = shop.wsgi\n");
  write("etc/uwsgi/apps-available/shop-2023.ini", "[uwsgi]\nsocket = 127.0.0.1:8001\nmodule = shop.wsgi\n");
  fs.mkdirSync(path.join(dir, "etc/uwsgi/apps-enabled"));
  link("/etc/uwsgi/apps-available/shop.ini", "etc/uwsgi/apps-enabled/shop.ini");
  // The link leads to /etc on the server, which only the path map reaches: it is taken too.
  expect(found()).toEqual(["uwsgi/apps-available/shop.ini", "uwsgi/apps-enabled/shop.ini"]);
  // One instance, read once (its file and the link leading to it).
  const run = lintFiles(expandInputs([path.join(dir, "etc")], dir), { cwd: dir, map: [{ from: "/etc", to: path.join(dir, "etc") }], readDjango: true });
  expect(run.django?.appServers?.map((s) => path.relative(dir, s.file))).toEqual(["etc/uwsgi/apps-available/shop.ini"]);
  // Without an apps-enabled/ beside it (a repository's copy), every file is taken.
  fs.rmSync(path.join(dir, "etc/uwsgi/apps-enabled"), { recursive: true });
  expect(found()).toEqual(["uwsgi/apps-available/shop-2023.ini", "uwsgi/apps-available/shop.ini"]);
});

test("systemd: enabled units, their instances and sockets, and units another unit names are started; a unit nothing starts is not", () => {
  write("etc/systemd/system/shop.service", gunicorn("unix:/run/shop/gunicorn.sock"));
  write("etc/systemd/system/gunicorn-shop.service", gunicorn("127.0.0.1:8000"));
  link("/etc/systemd/system/shop.service", "etc/systemd/system/multi-user.target.wants/shop.service");
  // Drop-ins (`systemctl edit`) run with their unit.
  write("etc/systemd/system/shop.service.d/override.conf", "[Service]\nEnvironment=DJANGO_SETTINGS_MODULE=shop.settings.production\n");
  write(
    "etc/systemd/system/gunicorn-shop.service.d/override.conf",
    "[Service]\nExecStart=\nExecStart=/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8002 app.wsgi\n",
  );
  // Socket activation: the socket is enabled, the service is not (DigitalOcean's gunicorn.socket layout).
  write("etc/systemd/system/blog.socket", "[Socket]\nListenStream=/run/blog.sock\n\n[Install]\nWantedBy=sockets.target\n");
  write("etc/systemd/system/blog.service", gunicorn("unix:/run/blog.sock"));
  link("/etc/systemd/system/blog.socket", "etc/systemd/system/sockets.target.wants/blog.socket");
  // A template run as an instance.
  write("etc/systemd/system/wiki@.service", gunicorn("unix:/run/wiki-%i.sock"));
  link("/etc/systemd/system/wiki@.service", "etc/systemd/system/multi-user.target.wants/wiki@staging.service");
  // A name inside another unit's name is not a mention of it.
  write("etc/systemd/system/monitor.service", "[Unit]\nAfter=network.target old-gunicorn-shop.service\n[Service]\nExecStart=/usr/bin/monitor\n");
  link("/etc/systemd/system/monitor.service", "etc/systemd/system/multi-user.target.wants/monitor.service");
  // Started by a timer's Unit=.
  write("etc/systemd/system/report.timer", "[Timer]\nOnCalendar=daily\nUnit=report-worker.service\n\n[Install]\nWantedBy=timers.target\n");
  write("etc/systemd/system/report-worker.service", gunicorn("127.0.0.1:8009"));
  const units = found().filter((f) => f.startsWith("systemd/"));
  expect(units).toContain("systemd/system/shop.service");
  expect(units).toContain("systemd/system/blog.service");
  expect(units).toContain("systemd/system/report-worker.service");
  expect(units.some((u) => u.includes("wiki@"))).toBe(true);
  expect(units).toContain("systemd/system/shop.service.d/override.conf");
  expect(units).not.toContain("systemd/system/gunicorn-shop.service");
  expect(units).not.toContain("systemd/system/gunicorn-shop.service.d/override.conf");
  // Named on the command line, it is read.
  expect(expandInputs([path.join(dir, "etc/systemd/system/gunicorn-shop.service")], dir)).toEqual([path.join(dir, "etc/systemd/system/gunicorn-shop.service")]);
  // A copy without the link directories cannot say what is enabled: every unit is read.
  fs.rmSync(path.join(dir, "etc/systemd/system/multi-user.target.wants"), { recursive: true });
  fs.rmSync(path.join(dir, "etc/systemd/system/sockets.target.wants"), { recursive: true });
  expect(found()).toContain("systemd/system/gunicorn-shop.service");
});

test("a retired unit listening at nginx's backend no longer hides that nothing started listens there", () => {
  write(
    "etc/nginx/sites-enabled/shop",
    "server {\n    listen 80;\n    server_name shop.example.com;\n    location /static/ {\n        alias /srv/shop/static/;\n    }\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header Host $host;\n    }\n}\n",
  );
  // The running gunicorn moved to a unix socket; the old unit, disabled, kept its port.
  write("etc/systemd/system/shop.service", gunicorn("unix:/run/shop/gunicorn.sock"));
  link("/etc/systemd/system/shop.service", "etc/systemd/system/multi-user.target.wants/shop.service");
  write("etc/systemd/system/shop-old.service", gunicorn("127.0.0.1:8000"));
  const map = [{ from: "/etc", to: path.join(dir, "etc") }];
  const run = lintFiles(expandInputs([path.join(dir, "etc")], dir), { cwd: dir, map });
  const findings = run.results.flatMap((r) =>
    r.messages.filter((m) => m.ruleId === "nginx/backend-not-listening").map((m) => `${path.relative(dir, r.filePath)}:${m.range.line}`),
  );
  expect(findings).toEqual(["etc/nginx/sites-enabled/shop:8"]);
});

test("systemd: a masked unit (a link to /dev/null) is never started, found in a directory or named", () => {
  write("etc/systemd/system/crm.service", gunicorn("unix:/run/crm/gunicorn.sock"));
  link("/etc/systemd/system/crm.service", "etc/systemd/system/multi-user.target.wants/crm.service");
  // `systemctl mask crm-legacy`; crm.service still names it (Conflicts=), which would otherwise start it.
  link("/dev/null", "etc/systemd/system/crm-legacy.service");
  write("etc/systemd/system/crm.service.d/conflicts.conf", "[Unit]\nConflicts=crm-legacy.service\n");
  const units = found().filter((f) => f.startsWith("systemd/"));
  expect(units).toContain("systemd/system/crm.service");
  expect(units).not.toContain("systemd/system/crm-legacy.service");
  // Named on the command line: nothing of it is read, and nothing says it cannot be.
  const map = [{ from: "/etc", to: path.join(dir, "etc") }];
  const run = lintFiles([path.join(dir, "etc/systemd/system/crm-legacy.service"), path.join(dir, "etc/systemd/system/crm.service")], {
    cwd: dir,
    map,
    readDjango: true,
  });
  expect(run.django?.appServers?.map((s) => path.relative(dir, s.file))).toEqual(["etc/systemd/system/crm.service"]);
  expect(run.django?.notFound.filter((n) => n.lookedFor.includes("/dev/null"))).toEqual([]);
});

test("uWSGI: an Emperor that starts the vassals its pattern matches leaves the others", () => {
  write("etc/uwsgi-emperor/emperor.ini", "[uwsgi]\n# Only *.ini vassals: the XML ones are the 2018 install's.\nemperor = /etc/uwsgi-emperor/vassals/*.ini\n");
  write("etc/uwsgi-emperor/vassals/portal.ini", "[uwsgi]\nsocket = /run/uwsgi/portal.sock\nmodule = portal.wsgi\n");
  write("etc/uwsgi-emperor/vassals/portal-legacy.xml", "<uwsgi>\n  <socket>/run/uwsgi/portal.sock</socket>\n  <module>portal.wsgi</module>\n</uwsgi>\n");
  expect(found()).toEqual(["uwsgi-emperor/vassals/portal.ini"]);
  // An Emperor given the directory starts every configuration file in it.
  write("etc/uwsgi-emperor/emperor.ini", "[uwsgi]\nemperor = /etc/uwsgi-emperor/vassals\n");
  expect(found()).toEqual(["uwsgi-emperor/vassals/portal-legacy.xml", "uwsgi-emperor/vassals/portal.ini"]);
});
