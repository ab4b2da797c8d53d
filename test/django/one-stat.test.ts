/**
 * A run asks the disk about each path once. Under --map every segment of a
 * mapped path is looked at with lstat (to follow links as the server does);
 * for anything but a link lstat's answer is the path's kind, so no stat
 * follows it. A tree of 340 sites tied to their projects made 17,000 calls,
 * half of them a second look at the same path. The Compose files of a
 * mapped project were looked for from its server path too, past the root's
 * parent up to this machine's own `/docker-compose.yml`, which is not the
 * server's. Only a file that is read is looked at again, just before it is
 * opened (readConfigFile checks what it opens).
 */
import fs from "node:fs";
import path from "node:path";
import { jest } from "@jest/globals";
import { lintFiles } from "../../src/engine/run.js";

test("under --map, each path is looked at once (a file read: once more, before it is opened)", () => {
  const dir = path.resolve("fixtures/rules/apache/wsgi-pass-authorization-off/fires-token-auth-daemon");
  const tree = path.join(dir, "tree");
  const looks = [jest.spyOn(fs, "lstatSync"), jest.spyOn(fs, "statSync")];
  const open = jest.spyOn(fs, "openSync");
  try {
    const run = lintFiles([path.join(dir, "httpd.conf")], { cwd: dir, map: [{ from: "/srv", to: tree }], serverRoot: dir });
    // The Django side ran: the project was found through the map and its settings read.
    expect(run.django?.projects.map((p) => p.settingsFiles)).toEqual([["/srv/api/api/settings.py"]]);
    const opened = new Set(open.mock.calls.map(([p]) => path.resolve(String(p))));
    const looked = looks.flatMap((spy) => spy.mock.calls.map(([p]) => path.resolve(String(p))));
    const count = new Map<string, number>();
    for (const at of looked) if (at.startsWith(tree + path.sep)) count.set(at, (count.get(at) ?? 0) + 1);
    // Compose files were looked for in the root's parent, in the copy only (the project root itself is listed); the
    // linted file's directory and the six above it are where a repository's root is looked for (a Compose file marks one).
    const repository = [0, 1, 2, 3, 4, 5, 6].map((up) => path.resolve(dir, ...Array<string>(up).fill("..")));
    const compose = looked.filter((p) => /compose\.(override\.)?ya?ml$/.test(p) && !repository.includes(path.dirname(p)));
    expect(compose.length).toBeGreaterThan(0);
    expect(compose.filter((p) => path.dirname(p) !== tree)).toEqual([]);
    const twice = [...count].filter(([p, n]) => n > (opened.has(p) ? 2 : 1));
    expect(twice).toEqual([]);
  } finally {
    for (const spy of looks) spy.mockRestore();
    open.mockRestore();
  }
});
