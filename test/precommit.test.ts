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
import { TestClient, uri } from "./lsp/client.js";

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
    const run = () => spawnSync(preCommit as string, ["try-repo", hookRepo, "djlint-conf", "--all-files"], { cwd: site, env, encoding: "utf8" });

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

  test("a changed file that the main configuration includes: the hook shows what the editor shows for it", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-precommit-"));
    const hookRepo = path.join(tmp, "hook-repo");
    execFileSync("git", ["clone", "-q", process.cwd(), hookRepo]);
    const site = path.join(tmp, "site");
    fs.mkdirSync(path.join(site, "apache/sites-enabled"), { recursive: true });
    const git = (...args: string[]) => execFileSync("git", ["-C", site, ...args], { encoding: "utf8" });
    git("init", "-q", ".");
    git("config", "user.email", "ci@example.invalid");
    git("config", "user.name", "ci");
    // The main configuration loads mod_wsgi, not mod_python: only the whole server shows that PythonDebug is an error.
    fs.writeFileSync(
      path.join(site, "apache/apache2.conf"),
      [
        "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so",
        "LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so",
        "KeepAlive On",
        "IncludeOptional sites-enabled/*.conf",
        "",
      ].join("\n"),
    );
    const vhost = path.join(site, "apache/sites-enabled/app.conf");
    const text = "<VirtualHost *:80>\n    WSGIScriptAlias / /srv/app/django.wsgi\n    PythonDebug On\n</VirtualHost>\n";
    fs.writeFileSync(vhost, text);
    git("add", ".");
    const env = { ...process.env, PRE_COMMIT_HOME: path.join(tmp, "cache"), NO_COLOR: "1" };
    // As in a commit that changes only the vhost: pre-commit passes just that file.
    const hook = spawnSync(preCommit as string, ["try-repo", hookRepo, "djlint-conf", "--files", "apache/sites-enabled/app.conf"], {
      cwd: site,
      env,
      encoding: "utf8",
    });
    expect(hook.status).toBe(1);
    const fromHook = [...hook.stdout.matchAll(/^\s+(\d+):(\d+)\s+(?:error|warning|info)\s+(.*?)\s{2}(\S+)$/gm)]
      .map((m) => `${m[1]}:${m[2]} ${m[4]} ${m[3]}`)
      .sort();
    // The findings that need the whole server are there; the main configuration's own (KeepAlive) are not.
    expect(fromHook).toEqual(expect.arrayContaining([expect.stringMatching(/^3:5 unknown-directive PythonDebug needs mod_python/)]));
    expect(hook.stdout).not.toContain("apache2.conf");

    const client = new TestClient();
    try {
      await client.initialize(site);
      await client.open(vhost, text, "apache", 1);
      const published = await client.waitFor((p) => p.uri === uri(vhost) && p.version === 1);
      const fromEditor = published.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`).sort();
      expect(fromHook).toEqual(fromEditor);
      expect(await client.shutdown()).toBe(0);
    } finally {
      client.kill();
    }
  }, 300_000);
});
