/** What the command line accepts, as ESLint users expect it: through the built CLI. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cli } from "../support/cli.js";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-inputs-"));
const files = (stdout: string) => (JSON.parse(stdout) as { filePath: string; messages: unknown[] }[]).map((f) => f.filePath);

test.each([["abc"], ["1.5"], ["-2"]])("--max-warnings %s is a usage error", (v) => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, "a.conf"), "KeepAlive On\n");
  const r = cli(["--no-config", "--max-warnings", v, "a.conf"], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--max-warnings expects a whole number");
});

// A wrapper script that adds its own `-f json` to the user's: yargs makes the option a list, which crashed the
// formatter (exit 2, "internal error"). One value per option, said so; repeatable options still add up.
test.each([
  [["-f", "json", "-f", "json"], "--format takes one value and was given 2 ('json', 'json')"],
  [["--format", "json", "-f", "sarif"], "--format takes one value and was given 2 ('json', 'sarif')"],
  [["--max-warnings", "1", "--max-warnings", "3"], "--max-warnings takes one value and was given 2 (1, 3)"],
])("%j: a usage error naming the option", (args, message) => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, "a.conf"), "KeepAlive On\n");
  const r = cli(["--no-config", ...args, "a.conf"], { cwd: dir });
  expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(message)]);
  expect(r.stderr).not.toMatch(/internal error/);
});

test("repeatable options add up: --rule twice", () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, "httpd.conf"), "LoadModule wsgi_module m/mod_wsgi.so\nWSGIScriptAlias / /srv/a.wsgi\nKeepAlive On\nMaxRequestsPerChild 1\n");
  const all = cli(["--no-config", "-f", "json", "httpd.conf"], { cwd: dir });
  // Both fire without the options.
  expect(all.stdout).toContain('"apache/keepalive-on"');
  expect(all.stdout).toContain('"apache/max-requests-per-child-1"');
  const r = cli(["--no-config", "-f", "json", "--rule", "apache/keepalive-on=off", "--rule", "apache/max-requests-per-child-1=off", "httpd.conf"], {
    cwd: dir,
  });
  const ids = (JSON.parse(r.stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));
  expect(ids).not.toContain("apache/keepalive-on");
  expect(ids).not.toContain("apache/max-requests-per-child-1");
});

test("--max-warnings 0 fails on one warning", () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, "httpd.conf"), "LoadModule wsgi_module m/mod_wsgi.so\nWSGIScriptAlias / /srv/a.wsgi\nKeepAlive On\n");
  expect(cli(["--no-config", "httpd.conf"], { cwd: dir }).code).toBe(0);
  expect(cli(["--no-config", "--max-warnings", "0", "httpd.conf"], { cwd: dir }).code).toBe(1);
});

describe("no file matched: exit 2 with a message, or nothing with --no-error-on-unmatched-pattern", () => {
  test("an empty directory, a glob that matches nothing", () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, "empty"));
    for (const input of ["empty", "conf/*.conf"]) {
      const r = cli(["--no-config", input], { cwd: dir });
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/no files/)]);
      const quiet = cli(["--no-config", "--no-error-on-unmatched-pattern", input], { cwd: dir });
      expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([0, "", ""]);
    }
  });

  test("an explicitly named file the configuration ignores", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, ".djlint-conf.json"), JSON.stringify({ root: true, ignore: ["vendor/**"] }));
    fs.mkdirSync(path.join(dir, "vendor"));
    fs.writeFileSync(path.join(dir, "vendor/a.conf"), "PythonDebug On\n");
    const r = cli(["vendor/a.conf"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no files to lint: 'vendor\/a.conf' is ignored/);
    expect(cli(["--no-error-on-unmatched-pattern", "vendor/a.conf"], { cwd: dir }).code).toBe(0);
  });
});

test("'-' is standard input", () => {
  const r = cli(["--no-config", "-f", "json", "-"], { input: "PythonDebug On\n" });
  expect(r.code).toBe(1);
  expect(JSON.parse(r.stdout)[0].messages[0].ruleId).toBe("apache/python-debug-on");
  expect(cli(["--no-config", "-", "x.conf"]).code).toBe(2);
});

test("a file reached twice (sites-available and its sites-enabled link) is reported once", () => {
  const dir = tmp();
  fs.mkdirSync(path.join(dir, "sites-available"));
  fs.mkdirSync(path.join(dir, "sites-enabled"));
  fs.writeFileSync(path.join(dir, "sites-available/app.conf"), "PythonDebug On\n");
  fs.symlinkSync("../sites-available/app.conf", path.join(dir, "sites-enabled/app.conf"));
  const r = cli(["--no-config", "-f", "json", "."], { cwd: dir });
  expect(files(r.stdout)).toEqual([path.join(dir, "sites-available/app.conf")]);
  // Named both ways, too; and included by a main configuration that is linted with it.
  expect(files(cli(["--no-config", "-f", "json", "sites-enabled/app.conf", "sites-available/app.conf"], { cwd: dir }).stdout)).toEqual([
    path.join(dir, "sites-enabled/app.conf"),
  ]);
  fs.writeFileSync(path.join(dir, "apache2.conf"), "IncludeOptional sites-enabled/*.conf\n");
  const withMain = JSON.parse(cli(["--no-config", "-f", "json", "."], { cwd: dir }).stdout) as { filePath: string; messages: unknown[] }[];
  expect(withMain.flatMap((f) => f.messages).length).toBe(1);
});

test("an unknown option is named once, as typed", () => {
  const r = cli(["--no-config", "--foo-bar", "x.conf"]);
  expect(r.code).toBe(2);
  expect(r.stderr.split("\n")[0]).toBe("djlint-conf: unknown option: --foo-bar");
});

// Two held-out testers linted `deploy/` and lost `deploy/nginx/shop`: an extensionless file outside sites-enabled/,
// conf.d/ and the like is not taken by name, so a search says which such file holds a server's block.
test("a directory search names the extensionless site file it leaves out", () => {
  const dir = tmp();
  fs.mkdirSync(path.join(dir, "deploy/nginx"), { recursive: true });
  fs.writeFileSync(path.join(dir, "deploy/nginx/shop"), "server {\n    listen 80;\n    server_name shop.example.com;\n}\n");
  fs.writeFileSync(path.join(dir, "deploy/nginx/README"), "The site: server { ... } in shop.\n");
  // Nothing else there: the usage error points at it.
  const alone = cli(["--no-config", "deploy"], { cwd: dir });
  expect([alone.code, alone.stderr]).toEqual([2, expect.stringContaining("deploy/nginx/shop holds a server's block but no extension")]);
  // Beside a file the search takes: linted, with a note on standard error (not for README: no block opens a line).
  fs.writeFileSync(path.join(dir, "deploy/nginx/nginx.conf"), "events {}\nhttp {}\n");
  const r = cli(["--no-config", "-f", "json", "deploy"], { cwd: dir });
  expect(r.code).toBe(0);
  expect(files(r.stdout)).toEqual([path.join(dir, "deploy/nginx/nginx.conf")]);
  expect(r.stderr.trim().split("\n")).toEqual([
    expect.stringMatching(/^djlint-conf: skipped .*deploy\/nginx\/shop: an extensionless file the directory search does not take/),
  ]);
  // Named, it is linted; --quiet says nothing.
  expect(files(cli(["--no-config", "-f", "json", "deploy/nginx/shop"], { cwd: dir }).stdout)).toEqual([path.join(dir, "deploy/nginx/shop")]);
  expect(cli(["--no-config", "--quiet", "-f", "json", "deploy"], { cwd: dir }).stderr).toBe("");
});
