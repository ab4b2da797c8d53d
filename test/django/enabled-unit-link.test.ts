/**
 * `systemctl enable` links a unit into `multi-user.target.wants/` by the
 * server's absolute path. A whole tree linted through --map names the unit
 * twice (its file and its link): it is one service, read once, with the
 * drop-ins of its own directory (`systemctl edit` writes them beside the
 * unit, not beside the link). The link read alone, before, took the unit
 * without its drop-in: a second gunicorn on the port the drop-in replaced.
 */
import path from "node:path";
import { lintFiles } from "../../src/engine/run.js";

const dir = path.resolve("fixtures/rules/nginx/backend-not-listening/fires-enabled-unit-link-drop-in-socket");
const map = [
  { from: "/srv/tally", to: path.join(dir, "srv/tally") },
  { from: "/etc/systemd/system", to: path.join(dir, "etc/systemd/system") },
];
const site = path.join(dir, "etc/nginx/sites-enabled/tally");
const link = path.join(dir, "etc/systemd/system/multi-user.target.wants/tally.service");
const unit = path.join(dir, "etc/systemd/system/tally.service");

test.each([
  ["the unit and its link", [site, link, unit]],
  ["the link alone", [site, link]],
])("%s: one gunicorn, listening where the drop-in says", (_what, files) => {
  const run = lintFiles(files, { cwd: dir, map });
  const servers = run.django?.appServers ?? [];
  expect(servers.map((s) => ({ file: path.relative(dir, s.file), listen: s.listen.map((l) => l.socket ?? l.address) }))).toEqual([
    { file: "etc/systemd/system/tally.service.d/override.conf", listen: ["/run/tally/gunicorn.sock"] },
  ]);
});
