/**
 * `systemctl enable` links a unit into `multi-user.target.wants/` by the
 * server's absolute path (`tally.service -> /etc/systemd/system/tally.service`),
 * which a copy of /etc keeps and only the path map leads to; a repository may
 * keep a relative link. A whole tree names the unit twice (its file and its
 * link): it is one service, read once, with the drop-ins of its own directory
 * (`systemctl edit` writes them beside the unit, not beside the link). The
 * link read alone, before, took the unit without its drop-in: a second
 * gunicorn on the port the drop-in replaced. The fixture's link is relative
 * (the repository holds no link that leads nowhere); the absolute one is made
 * in a copy.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lintFiles } from "../../src/engine/run.js";

const fixture = path.resolve("fixtures/rules/nginx/backend-not-listening/fires-enabled-unit-link-drop-in-socket");
const LINK = "etc/systemd/system/multi-user.target.wants/tally.service";
let absolute: string;
beforeAll(() => {
  absolute = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-enabled-unit-"));
  fs.cpSync(fixture, absolute, { recursive: true, verbatimSymlinks: true });
  fs.rmSync(path.join(absolute, LINK));
  fs.symlinkSync("/etc/systemd/system/tally.service", path.join(absolute, LINK));
});
afterAll(() => fs.rmSync(absolute, { recursive: true, force: true }));

const cases = (link: string) => [
  [`${link}: the unit and its link`, link, [LINK, "etc/systemd/system/tally.service"]],
  [`${link}: the link alone`, link, [LINK]],
];

test.each([...cases("relative link"), ...cases("absolute link")])("%s: one gunicorn, listening where the drop-in says", (_what, kind, units) => {
  const dir = kind === "absolute link" ? absolute : fixture;
  const map = [
    { from: "/srv/tally", to: path.join(dir, "srv/tally") },
    { from: "/etc/systemd/system", to: path.join(dir, "etc/systemd/system") },
  ];
  const files = ["etc/nginx/sites-enabled/tally", ...(units as string[])].map((f) => path.join(dir, f));
  const run = lintFiles(files, { cwd: dir, map });
  const servers = run.django?.appServers ?? [];
  expect(servers.map((s) => ({ file: path.relative(dir, s.file), listen: s.listen.map((l) => l.socket ?? l.address) }))).toEqual([
    { file: "etc/systemd/system/tally.service.d/override.conf", listen: ["/run/tally/gunicorn.sock"] },
  ]);
});

test("a package's link to /lib/systemd/system runs the admin's unit of the same name in /etc/systemd/system (systemd.unit(5): /etc first)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-etc-over-lib-"));
  try {
    const write = (p: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), text);
    };
    write("lib/systemd/system/ember.service", "[Service]\nExecStart=/opt/ember/bin/gunicorn --bind 127.0.0.1:8000 ember.wsgi\n");
    write("etc/systemd/system/ember.service", "[Service]\nExecStart=/opt/ember/bin/gunicorn --bind unix:/run/ember/gunicorn.sock ember.wsgi\n");
    fs.mkdirSync(path.join(dir, "etc/systemd/system/multi-user.target.wants"));
    fs.symlinkSync("/lib/systemd/system/ember.service", path.join(dir, "etc/systemd/system/multi-user.target.wants/ember.service"));
    const map = [
      { from: "/etc", to: path.join(dir, "etc") },
      { from: "/lib", to: path.join(dir, "lib") },
    ];
    const run = lintFiles([path.join(dir, "etc/systemd/system/multi-user.target.wants/ember.service")], { cwd: dir, map });
    const servers = run.django?.appServers ?? [];
    expect(servers.map((s) => ({ file: path.relative(dir, s.file), listen: s.listen.map((l) => l.socket ?? l.address) }))).toEqual([
      { file: "etc/systemd/system/ember.service", listen: ["/run/ember/gunicorn.sock"] },
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
