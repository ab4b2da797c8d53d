/**
 * The real pre-commit (Debian's package) runs this repository's hook from a
 * temporary git repository: it fails on a bad config with the finding, and
 * passes once the file is fixed. Uses a clone of the committed repository, as
 * pre-commit itself would.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const preCommit = ["/usr/bin/pre-commit", "/usr/local/bin/pre-commit"].find((p) => fs.existsSync(p));

(preCommit ? describe : describe.skip)("pre-commit try-repo", () => {
  test("the hook fails on a bad config and passes once it is fixed", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-precommit-"));
    const hookRepo = path.join(tmp, "hook-repo");
    execFileSync("git", ["clone", "-q", process.cwd(), hookRepo]);
    const site = path.join(tmp, "site");
    fs.mkdirSync(path.join(site, "apache"), { recursive: true });
    const git = (...args: string[]) => execFileSync("git", ["-C", site, ...args], { encoding: "utf8" });
    git("init", "-q", ".");
    git("config", "user.email", "ci@example.invalid");
    git("config", "user.name", "ci");
    const conf = path.join(site, "apache", "site.conf");
    fs.writeFileSync(conf, "<VirtualHost *:80>\n    PythonDebug On\n</VirtualHost>\n");
    fs.writeFileSync(path.join(site, "README"), "not a config\n");
    git("add", ".");
    const env = { ...process.env, PRE_COMMIT_HOME: path.join(tmp, "cache"), NO_COLOR: "1" };
    const run = () =>
      spawnSync(preCommit as string, ["try-repo", hookRepo, "djlint-conf", "--all-files"], { cwd: site, env, encoding: "utf8" });

    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/djlint-conf\.+Failed/);
    expect(bad.stdout).toContain("apache/site.conf");
    expect(bad.stdout).toContain("2:17  error  PythonDebug is On");

    fs.writeFileSync(conf, "<VirtualHost *:80>\n    PythonDebug Off\n</VirtualHost>\n");
    git("add", ".");
    const good = run();
    expect(good.stdout).toMatch(/djlint-conf\.+Passed/);
    expect(good.status).toBe(0);
  }, 300_000);
});
