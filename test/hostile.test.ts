/**
 * The hostile input matrix: each item runs the built CLI as a user would, on
 * files made at test time in a temporary directory, and checks a clear
 * diagnostic or message, exit code 0 or 1, no internal error or stack trace,
 * a time limit, and on the large cases the child's peak RSS (read in the child
 * itself: a preloaded module writes process.resourceUsage().maxRSS on exit).
 * Parser-level cases of the same kind: test/grammar/*.test.ts (10,000 nested
 * sections, blocks and conditions), test/load-nginx.test.ts (3,000 chained
 * includes, cycles), test/fuzz/ (NULs, lone surrogates, 200,000-character runs).
 * The second half holds issue 14's cases: what overflowed the stack (item 10),
 * took quadratic time (11) or memory without bound (13), and inputs that are
 * not regular files, directories with nothing to lint, odd file names.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CLI } from "./support/cli.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-hostile-"));
fs.chmodSync(tmp, 0o755); // the unreadable-file case runs as another user
const RSS = path.join(tmp, "rss.cjs");
fs.writeFileSync(RSS, 'process.on("exit", () => require("fs").writeFileSync(process.env.DJLINT_RSS_FILE, String(process.resourceUsage().maxRSS)));\n');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set size of the CLI process, MB. */
  rssMB: number;
  json: { filePath: string; messages: { ruleId: string | null; message: string; line: number; column: number; severity: string }[] }[];
}

let dirs = 0;
/** A fresh directory with these files (content as string or bytes; a null makes a directory). */
function tree(files: Record<string, string | Uint8Array | null>): string {
  const dir = path.join(tmp, `case-${++dirs}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (body === null) fs.mkdirSync(p, { recursive: true });
    else fs.writeFileSync(p, body);
  }
  return dir;
}

/** The CLI with --format json, in `cwd`, with a time limit; `prefix` runs it through another command (setpriv). */
function run(cwd: string, args: string[], limitMs = 30_000, prefix: string[] = [], format = "json"): Run {
  const rssFile = path.join(tmp, `rss-${process.pid}-${dirs}-${Date.now()}`);
  const argv = [...prefix, process.execPath, "--require", RSS, CLI, "--no-config", "--format", format, ...args];
  fs.writeFileSync(rssFile, "");
  fs.chmodSync(rssFile, 0o666); // writable by the unprivileged user too
  const t0 = Date.now();
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd,
    encoding: "utf8",
    timeout: limitMs,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, DJLINT_RSS_FILE: rssFile, DEBUG: undefined, FORCE_COLOR: undefined },
  });
  const ms = Date.now() - t0;
  const rssMB = Number(fs.readFileSync(rssFile, "utf8") || NaN) / 1024;
  let json: Run["json"];
  try {
    json = JSON.parse(r.stdout || "[]");
  } catch {
    json = [];
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms, rssMB, json };
}

/** What every item must hold: exit 0 or 1, no internal error, no stack trace, within the limit. */
function sane(r: Run, limitMs = 30_000): void {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: expect.any(Number), stderr: expect.not.stringMatching(/internal error|\n\s+at |Error:/) });
  expect([0, 1]).toContain(r.code);
  expect(r.ms).toBeLessThan(limitMs);
}

const messages = (r: Run) => r.json.flatMap((f) => f.messages.map((m) => `${path.basename(f.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`));
const report = (what: string, r: Run) => process.stdout.write(`hostile input matrix: ${what}: ${r.ms} ms, peak RSS ${r.rssMB.toFixed(0)} MB\n`);

const ENTRY = { apache: "apache2.conf", nginx: "nginx.conf", lighttpd: "lighttpd.conf" } as const;
const DIALECTS = Object.keys(ENTRY) as (keyof typeof ENTRY)[];

describe("hostile input matrix", () => {
  test("empty file: each server's main config lints clean (exit 0); an unnamed one is skipped with a reason", () => {
    const dir = tree({ "apache2.conf": "", "nginx.conf": "", "lighttpd.conf": "", "site.conf": "" });
    const r = run(dir, ["apache2.conf", "nginx.conf", "lighttpd.conf", "site.conf"]);
    sane(r);
    expect(r.code).toBe(0);
    expect(messages(r)).toEqual([]);
    expect(r.json.map((f) => path.basename(f.filePath)).sort()).toEqual(["apache2.conf", "lighttpd.conf", "nginx.conf"]);
    expect(r.stderr).toContain(`skipped ${path.join(dir, "site.conf")}: cannot tell which server this configures (use --dialect)`);
  });

  test("only comments: clean, exit 0, in each dialect", () => {
    const dir = tree({ "apache2.conf": "# a\n#\n   # b \\\n", "nginx.conf": "# a\n#{\n", "lighttpd.conf": '# a\n#"\n' });
    const r = run(dir, ["apache2.conf", "nginx.conf", "lighttpd.conf"]);
    sane(r);
    expect(r.code).toBe(0);
    expect(messages(r)).toEqual([]);
    expect(r.json).toHaveLength(3);
  });

  test("binary file and NUL bytes: skipped as binary; an include of one is a warning that says why", () => {
    const binary = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0xff, 0xfe, 0x0a]);
    const dir = tree({ "apache2.conf": binary, "site/apache2.conf": "Include blob.bin\n", "site/blob.bin": binary, "nginx.conf": "events {}\u0000\n" });
    const r = run(dir, ["apache2.conf", "site/apache2.conf", "nginx.conf"]);
    sane(r);
    expect(r.stderr).toContain(`skipped ${path.join(dir, "apache2.conf")}: cannot read: a binary file (a NUL byte at offset 7), not a configuration`);
    expect(r.stderr).toContain(`skipped ${path.join(dir, "nginx.conf")}: cannot read: a binary file (a NUL byte at offset 9), not a configuration`);
    expect(messages(r)).toEqual([
      `apache2.conf:1:1 include-not-found Include 'blob.bin': cannot read ${path.join(dir, "site/blob.bin")}: a binary file (a NUL byte at offset 7), not a configuration`,
    ]);
    expect(r.code).toBe(0);
  });

  test("invalid UTF-8: read (each bad byte one character), findings after it keep their line and column", () => {
    const bytes = Buffer.concat([
      Buffer.from("# caf"),
      Buffer.from([0xe9, 0x0a]),
      Buffer.from("ServerName \xc3\x28\xff.example\n", "latin1"),
      Buffer.from("  <VirtualHost *:80>\n"),
    ]);
    const dir = tree({ "apache2.conf": bytes });
    const r = run(dir, ["apache2.conf"]);
    sane(r);
    expect(r.code).toBe(1);
    expect(messages(r)).toEqual(["apache2.conf:3:3 syntax <VirtualHost> was not closed"]);
  });

  test("UTF-16 with BOM: skipped with a message that says to save it as UTF-8 (a UTF-8 BOM is a syntax finding)", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("ServerName x\n", "utf16le")]);
    const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("ServerName x\n", "utf16le").swap16()]);
    const dir = tree({ "le/apache2.conf": utf16, "be/nginx.conf": utf16be, "u8/lighttpd.conf": "\ufeffserver.port = 80\n" });
    const r = run(dir, ["le/apache2.conf", "be/nginx.conf", "u8/lighttpd.conf"]);
    sane(r);
    for (const f of ["le/apache2.conf", "be/nginx.conf"]) {
      expect(r.stderr).toContain(
        `skipped ${path.join(dir, f)}: cannot read: the file is UTF-16 (it starts with a UTF-16 byte-order mark), which the servers cannot read: save it as UTF-8`,
      );
    }
    expect(messages(r)).toEqual([expect.stringMatching(/^lighttpd\.conf:1:1 syntax .*UTF-8 byte order mark/)]);
  });

  test("CRLF and lone CR: line ends as editors count them, findings on the right line", () => {
    const dir = tree({
      "crlf/apache2.conf": "ServerName a\r\nListen 80\r\n<VirtualHost *:80>\r\n",
      "cr/nginx.conf": "events {}\rhttp {\r  server {\r",
      "mixed/lighttpd.conf": 'server.port = 80\r\nserver.tag = "x"\r$HTTP["host"] == "a" {\n',
    });
    const r = run(dir, ["crlf/apache2.conf", "cr/nginx.conf", "mixed/lighttpd.conf"]);
    sane(r);
    expect(r.code).toBe(1);
    const found = messages(r).map((m) => m.split(" ").slice(0, 2).join(" "));
    expect(found).toEqual(expect.arrayContaining(["apache2.conf:3:1 syntax", "lighttpd.conf:3:1 syntax"]));
    // "server {" is on the third line (after two lone CRs); the end of the file is a fourth, empty line.
    expect(found.filter((m) => m.startsWith("nginx.conf:"))).toEqual(["nginx.conf:3:3 syntax", "nginx.conf:4:1 syntax"]);
  });

  test("a 50 MB file: refused before it is read, with its size and the limit; peak RSS stays small", () => {
    const dir = tree({});
    const file = path.join(dir, "nginx.conf");
    const line = "    location /a { return 200; }\n";
    const fd = fs.openSync(file, "w");
    const chunk = "http {\n server {\n" + line.repeat(Math.ceil((1024 * 1024) / line.length));
    for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    expect(fs.statSync(file).size).toBeGreaterThan(50 * 1024 * 1024);
    const r = run(dir, ["nginx.conf"], 60_000);
    sane(r, 60_000);
    report("a 50 MB file", r);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/skipped .*nginx\.conf: cannot read: the file is 5\d\.\d MB, larger than the 16 MB a configuration is read up to/);
    expect(r.rssMB).toBeLessThan(1536);
  });

  test("a 1 MB single line, in each dialect: linted within the time limit, peak RSS under 500 MB", () => {
    const MB = 1024 * 1024;
    const names = (n: number) => Array.from({ length: n }, (_, i) => `h${i}.example.com`).join(" ");
    const dir = tree({
      "apache2.conf": `<VirtualHost *:80>\n ServerAlias ${names(MB / 16)}\n</VirtualHost>\n<Oops\n`,
      "nginx.conf": `events {}\nhttp { server { server_name ${names(MB / 16)}; } }\n}\n`,
      "lighttpd.conf": `var.x = "${"a".repeat(MB)}"\nserver.port = \n`,
    });
    for (const d of DIALECTS)
      expect(
        fs
          .readFileSync(path.join(dir, ENTRY[d]), "utf8")
          .split("\n")
          .some((l) => l.length >= MB),
      ).toBe(true);
    const r = run(
      dir,
      DIALECTS.map((d) => ENTRY[d]),
      60_000,
    );
    sane(r, 60_000);
    report("a 1 MB single line (three files)", r);
    expect(r.code).toBe(1);
    // The syntax error after the long line is found at the right place in each file.
    expect(
      messages(r)
        .filter((m) => m.includes(" syntax "))
        .map((m) => m.split(" ")[0]),
    ).toEqual(["apache2.conf:4:1", "apache2.conf:4:1", "lighttpd.conf:2:13", "nginx.conf:3:1"]);
    expect(r.rssMB).toBeLessThan(500);
  });

  test("uWSGI XML built to make a scanner backtrack (unclosed comments, opening tags without an end): read in linear time", () => {
    const dir = tree({
      "comments-uwsgi.xml": "<uwsgi>" + "<!--".repeat(100_000) + "<socket>/run/x.sock</socket></uwsgi>\n",
      "roots-uwsgi.xml": "<uwsgi ".repeat(100_000),
      "tags-uwsgi.xml": "<uwsgi>\n" + ("<a" + " ".repeat(50_000) + "\n").repeat(20) + "</uwsgi>\n",
      "pi-uwsgi.xml": "<uwsgi>" + "<?x ".repeat(100_000),
    });
    // Linear: well under a second; a scan from every start to the end took 28 s here (6 December 2026).
    const r = run(dir, ["comments-uwsgi.xml", "roots-uwsgi.xml", "tags-uwsgi.xml", "pi-uwsgi.xml"], 10_000);
    sane(r, 10_000);
    report("uWSGI XML built to backtrack (four files)", r);
    expect(messages(r).filter((m) => m.includes(" syntax "))).toEqual([]);
  });

  test("10,000 nested sections/blocks, in each dialect: no stack overflow, the unclosed innermost one is reported", () => {
    const n = 10_000;
    const dir = tree({
      "apache2.conf": "<IfModule mod_a.c>\n".repeat(n) + "</IfModule>\n".repeat(n - 1),
      "nginx.conf": "events {}\nhttp {\n server {\n" + "location /a {\n".repeat(n) + "}\n".repeat(n + 1),
      "lighttpd.conf": '$HTTP["url"] =~ "^/a" {\n'.repeat(n) + "}\n".repeat(n - 1),
    });
    const r = run(
      dir,
      DIALECTS.map((d) => ENTRY[d]),
      60_000,
    );
    sane(r, 60_000);
    report("10,000 nested sections/blocks (three files)", r);
    expect(r.code).toBe(1);
    const syntax = messages(r).filter((m) => m.includes(" syntax "));
    // nginx: "http {" (line 2) is the one left open, and the end of the file (line 20005) says so too.
    expect(syntax.map((m) => m.split(" ")[0])).toEqual(["apache2.conf:1:1", "lighttpd.conf:1:1", "nginx.conf:2:1", "nginx.conf:20005:1"]);
    expect(r.rssMB).toBeLessThan(500);
  });

  test("10,000 included files: read up to the server's file limit, which is reported; time and RSS bounded", () => {
    const files: Record<string, string> = { "apache2.conf": "Include conf.d/*.conf\n" };
    for (let i = 0; i < 10_000; i++)
      files[`conf.d/f${String(i).padStart(5, "0")}.conf`] = `Define V${i} ${i}\n<Directory /srv/d${i}>\n    Require all granted\n</Directory>\n`;
    files["conf.d/f09998.conf"] = "<VirtualHost *:80>\n"; // read, and so reported
    const dir = tree(files);
    const r = run(dir, ["apache2.conf"], 120_000);
    sane(r, 120_000);
    report("10,000 included files", r);
    expect(messages(r)).toEqual([
      "apache2.conf:1:1 include-not-followed Include not followed: the server already has 10000 files",
      "f09998.conf:1:1 syntax <VirtualHost> was not closed",
    ]);
    expect(r.code).toBe(1);
    expect(r.rssMB).toBeLessThan(500);
  });

  test("include cycles through globs, in each dialect: one include-cycle error, never followed", () => {
    const dir = tree({
      "a/apache2.conf": "Include conf.d/*.conf\n",
      "a/conf.d/one.conf": "Include conf.d/*.conf\n",
      "a/conf.d/two.conf": "Include apache2.conf\n",
      "n/nginx.conf": "events {}\nhttp { include conf.d/*.conf; }\n",
      "n/conf.d/one.conf": "include conf.d/*.conf;\n",
      "l/lighttpd.conf": 'include "conf.d/*.conf"\n',
      "l/conf.d/one.conf": 'include "conf.d/*.conf"\n',
    });
    const r = run(dir, ["a/apache2.conf", "n/nginx.conf", "l/lighttpd.conf"]);
    sane(r);
    expect(r.code).toBe(1);
    const cycles = messages(r).filter((m) => m.includes("include-cycle"));
    expect(cycles).toEqual([
      "one.conf:1:1 include-cycle Include cycle: one.conf -> one.conf; httpd would recurse until it gives up",
      "two.conf:1:1 include-cycle Include cycle: apache2.conf -> one.conf -> two.conf -> apache2.conf; httpd would recurse until it gives up",
      expect.stringMatching(/^one\.conf:1:1 include-cycle include cycle: one\.conf -> one\.conf; lighttpd/),
      expect.stringMatching(/^one\.conf:1:1 include-cycle include cycle: one\.conf -> one\.conf; nginx/),
    ]);
  });

  test("symlink loops: a looping link is 'too many levels of symbolic links'; a directory linked into itself is a directory loop", () => {
    const links = tree({ "apache2.conf": "Include loop1\n" });
    fs.symlinkSync("loop2", path.join(links, "loop1"));
    fs.symlinkSync("loop1", path.join(links, "loop2"));
    const r = run(links, ["apache2.conf"]);
    sane(r);
    expect(messages(r)).toEqual([
      `apache2.conf:1:1 include-not-found Include 'loop1': cannot read ${path.join(links, "loop1")}: too many levels of symbolic links`,
    ]);
    expect(r.code).toBe(0);

    // sub/up -> .. : sub/up/sub/up/... and every apache2.conf on the way includes sub/ again.
    const dir = tree({ "apache2.conf": "Include sub/\n", "sub/a.conf": "<Directory /x>\n" });
    fs.symlinkSync("..", path.join(dir, "sub", "up"));
    const loop = run(dir, ["apache2.conf"], 60_000);
    sane(loop, 60_000);
    report("a directory symlinked into itself", loop);
    expect(loop.code).toBe(1);
    const m = messages(loop);
    expect(m).toContain("a.conf:1:1 syntax <Directory> was not closed");
    expect(m).toContainEqual(expect.stringMatching(/include-cycle Include cycle: apache2\.conf -> apache2\.conf; /));
    // Walking sub/ meets sub/up/sub, the same directory again: a loop, said once per Include, never walked round.
    expect(m).toContainEqual(
      `apache2.conf:1:1 include-cycle Include 'sub/': ${path.join(dir, "sub/up/sub")} leads back to ${path.join(dir, "sub")}, a directory loop; httpd follows it until it fails, and refuses to start`,
    );
    expect(loop.rssMB).toBeLessThan(1024);
  });

  test("an include of a directory: Apache reads every file below it; nginx and lighttpd say it is not a file", () => {
    const dir = tree({
      "a/apache2.conf": "Include sites\n",
      "a/sites/one.conf": "<Directory /x>\n",
      "a/sites/deeper/two.conf": "<Location />\n",
      "n/nginx.conf": "events {}\nhttp { include sites; }\n",
      "n/sites/one.conf": "server {}\n",
      "l/lighttpd.conf": 'include "sites"\n',
      "l/sites/one.conf": "server.port = 80\n",
    });
    const r = run(dir, ["a/apache2.conf", "n/nginx.conf", "l/lighttpd.conf"]);
    sane(r);
    expect(r.code).toBe(1);
    const m = messages(r);
    expect(m).toEqual(expect.arrayContaining(["one.conf:1:1 syntax <Directory> was not closed", "two.conf:1:1 syntax <Location> was not closed"]));
    const others = m.filter((x) => x.startsWith("nginx.conf") || x.startsWith("lighttpd.conf"));
    expect(others).toHaveLength(2);
    for (const x of others) expect(x).toMatch(/include-not-found .*(directory|does not exist)/);
  });

  const root = process.getuid?.() === 0;
  const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => fs.existsSync(p));
  const asOther = root ? (setpriv ? [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] : null) : [];
  if (!asOther)
    process.stdout.write(
      "hostile input matrix: unreadable files SKIPPED: running as root without setpriv (util-linux), so chmod 000 cannot be tested honestly\n",
    );
  (asOther ? test : test.skip)("unreadable files (permission denied): the entry is skipped with the reason, an included one is a warning", () => {
    const dir = tree({ "a/apache2.conf": "ServerName x\n", "b/apache2.conf": "Include secret.conf\n", "b/secret.conf": "ServerName y\n" });
    for (const d of [dir, path.join(dir, "a"), path.join(dir, "b")]) fs.chmodSync(d, 0o755);
    fs.chmodSync(path.join(dir, "a/apache2.conf"), 0o000);
    fs.chmodSync(path.join(dir, "b/apache2.conf"), 0o644);
    fs.chmodSync(path.join(dir, "b/secret.conf"), 0o000);
    const r = run(dir, ["a/apache2.conf", "b/apache2.conf"], 30_000, asOther as string[]);
    sane(r);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`skipped ${path.join(dir, "a/apache2.conf")}: cannot read: permission denied`);
    expect(messages(r)).toEqual([
      `apache2.conf:1:1 include-not-found Include 'secret.conf': cannot read ${path.join(dir, "b/secret.conf")}: permission denied`,
    ]);
  });

  test("a path map pointing nowhere: the include says where it looked; a --map without '=' is a usage error", () => {
    const dir = tree({ "apache2.conf": "Include /etc/apache2/sites-enabled/*.conf\nInclude /etc/apache2/ports.conf\n" });
    const r = run(dir, ["--map", "/etc/apache2=/nonexistent/djlint", "apache2.conf"]);
    sane(r);
    expect(r.code).toBe(0);
    expect(messages(r)).toEqual([
      "apache2.conf:1:1 include-not-found Include '/etc/apache2/sites-enabled/*.conf' matches no file (looked for /nonexistent/djlint/sites-enabled/*.conf); httpd refuses to start (use IncludeOptional if it may be absent)",
      "apache2.conf:2:1 include-not-found Include '/etc/apache2/ports.conf' does not exist (looked for /nonexistent/djlint/ports.conf); httpd refuses to start (use IncludeOptional if it may be absent)",
    ]);
    const bad = run(dir, ["--map", "/etc/apache2", "apache2.conf"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^djlint-conf: --map expects FROM=TO/);
    expect(bad.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  test("include_shell with a command that would create a file: never run, include-not-followed", () => {
    const dir = tree({});
    // A relative name keeps the quoted command short whatever the temporary directory's path (messages shorten
    // long commands); run, it would land in the directory the CLI runs in, which is also the config's.
    const name = "created-by-include-shell";
    const marker = path.join(dir, name);
    fs.writeFileSync(path.join(dir, "lighttpd.conf"), `include_shell "touch ${name}"\ninclude_shell "sh -c 'echo x > ${name}'"\n`);
    const r = run(dir, ["lighttpd.conf"]);
    sane(r);
    expect(fs.existsSync(marker)).toBe(false);
    expect(r.code).toBe(0);
    expect(messages(r)).toEqual([
      `lighttpd.conf:1:1 include-not-followed include_shell "touch ${name}" is not run: djlint-conf never executes a command from a config, so the settings it would print are not linted`,
      `lighttpd.conf:2:1 include-not-followed include_shell "sh -c 'echo x > ${name}'" is not run: djlint-conf never executes a command from a config, so the settings it would print are not linted`,
    ]);
  });
});

/**
 * Secrets never reach a report: a file that is not a configuration (an include
 * of /etc/shadow, a .env) is one finding with none of its text, and every
 * quote of config text is cut and redacted, in every output format (CI turns
 * `-f github` lines into pull-request annotations).
 */
describe("hostile input matrix: secrets and long lines in messages", () => {
  const FORMATS = ["stylish", "json", "github", "sarif", "checkstyle", "junit", "gitlab"];
  /** The CLI's output in every format (stdout and stderr together). */
  const everyFormat = (cwd: string, args: string[]) =>
    FORMATS.map((f) => {
      const r = spawnSync(process.execPath, [CLI, "--no-config", "--format", f, ...args], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, FORCE_COLOR: undefined },
      });
      return { format: f, out: r.stdout + r.stderr, code: r.status };
    });
  const expectNowhere = (outs: { format: string; out: string }[], secrets: string[]) => {
    for (const { format, out } of outs) for (const s of secrets) expect({ format, leaked: out.includes(s) ? s : null }).toEqual({ format, leaked: null });
  };

  test("nginx `include /tmp/.../shadow;`: one 'not a configuration file' finding at the include, the hashes in no format", () => {
    const hash = "$6$Zq8fakesalt$W9fakeShadowHashW9fakeShadowHashW9fakeShadowHash1";
    const dir = tree({
      "etc/shadow": `root:${hash}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nwww-data:$y$j9T$fakesalt2$fakeHashTwo:19000:0:99999:7:::\n`,
    });
    fs.writeFileSync(path.join(dir, "nginx.conf"), `events {}\nhttp {\n    include ${path.join(dir, "etc/shadow")};\n}\n`);
    const r = run(dir, ["nginx.conf"]);
    sane(r);
    expect(r.code).toBe(1);
    expect(messages(r)).toEqual([
      `nginx.conf:3:5 syntax include reads ${path.join(dir, "etc/shadow")}, which is not a configuration file (it looks like a password, shadow or group file): nothing in it is linted or shown`,
    ]);
    expectNowhere(everyFormat(dir, ["nginx.conf"]), ["W9fakeShadowHash", "fakesalt", "fakeHashTwo", "19000:0:99999"]);
  });

  test("Apache `Include` of a .env: one finding (httpd would refuse it), SECRET_KEY and the database password in no format", () => {
    const dir = tree({
      "apache2.conf": "ServerName example.com\nInclude site/.env\n",
      "site/.env": "SECRET_KEY=django-insecure-fake0123456789abcdef\nDATABASE_URL=postgres://shop:fakedbpass@db.internal/shop\nDEBUG=False\n",
    });
    const r = run(dir, ["apache2.conf"]);
    sane(r);
    expect(r.code).toBe(1);
    expect(messages(r)).toEqual([
      `apache2.conf:2:1 syntax Include reads ${path.join(dir, "site/.env")}, which is not a configuration file (it looks like an environment (.env) file): nothing in it is linted or shown`,
    ]);
    expectNowhere(everyFormat(dir, ["apache2.conf"]), ["django-insecure-fake", "fakedbpass", "postgres://"]);
  });

  test("lighttpd `include` of a secrets file: one finding, none of its values in any format", () => {
    const dir = tree({
      "lighttpd.conf": 'server.port = 80\ninclude "conf.d/*.conf"\n',
      "conf.d/secrets.conf": "db_password fakelighttpdpass\napi_token fake-token-0123\nadmin admin\n",
    });
    const r = run(dir, ["lighttpd.conf"]);
    sane(r);
    expect(messages(r)).toEqual([
      `lighttpd.conf:2:1 syntax include reads ${path.join(dir, "conf.d/secrets.conf")}, which is not a configuration file (most of its lines are not lighttpd settings): nothing in it is linted or shown`,
    ]);
    expectNowhere(everyFormat(dir, ["lighttpd.conf"]), ["fakelighttpdpass", "fake-token-0123"]);
  });

  test("a secret in a real lighttpd config with a syntax error: the syntax message quotes none of it", () => {
    const dir = tree({
      "lighttpd.conf":
        'server.modules = ( "mod_setenv" )\nsetenv.add-environment = ( "DJANGO_SECRET_KEY" => "fake-lighttpd-secret-0123456789" "fake-second-half" )\n',
    });
    const r = run(dir, ["lighttpd.conf"]);
    sane(r);
    expect(messages(r)).toEqual([expect.stringMatching(/^lighttpd\.conf:2:\d+ syntax missing ',' after .*<redacted>/)]);
    expectNowhere(everyFormat(dir, ["lighttpd.conf"]), ["fake-lighttpd-secret", "fake-second-half"]);
  });

  test("a 10 KB line in each dialect: every quote of it is cut (80 characters, a path 160), each message stays short", () => {
    const long = "a".repeat(10 * 1024);
    const dir = tree({
      "apache2.conf": `<Location ${long}>\n    Require all granted\n</Location>\n`,
      "nginx.conf": `events {}\nhttp {\n    server {\n        listen 80 default_server;\n        location / {\n            proxy_pass http://127.0.0.1:8000/${long};\n        }\n    }\n}\n`,
      "lighttpd.conf": `server.port = 80\ninclude "/nonexistent/${long}.conf"\n`,
    });
    const r = run(
      dir,
      DIALECTS.map((d) => ENTRY[d]),
    );
    sane(r);
    const found = r.json.flatMap((f) => f.messages.map((m) => ({ file: path.basename(f.filePath), rule: m.ruleId, message: m.message })));
    // Each finding quotes the long line: location-path-relative, include-not-found; for nginx the proxy_pass target
    // (proxy-missing-host-header, client-address-not-forwarded, and proxy-pass-normalized for its URI part).
    expect(found.map((f) => `${f.file} ${f.rule}`).sort()).toEqual([
      "apache2.conf apache/location-path-relative",
      "lighttpd.conf include-not-found",
      "nginx.conf nginx/client-address-not-forwarded",
      "nginx.conf nginx/proxy-missing-host-header",
      "nginx.conf nginx/proxy-pass-normalized",
    ]);
    for (const f of found) {
      expect(f.message.length).toBeLessThan(600);
      expect(f.message).toMatch(/a…/);
      expect(f.message).not.toMatch(/a{81}/);
    }
  });
});

describe("hostile input matrix: no recursion, no quadratic time, bounded memory (issue 14)", () => {
  test("Include / (the whole machine): walked without recursion; the loop in /bin and the file limit are said; time and RSS bounded", () => {
    const dir = tree({ "apache2.conf": "Include /\n" });
    const r = run(dir, ["apache2.conf"], 240_000);
    sane(r, 240_000);
    report("Include /", r);
    const own = messages(r).filter((m) => m.startsWith("apache2.conf:1:1 include-not-followed") || m.startsWith("apache2.conf:1:1 include-cycle"));
    expect(own).toContainEqual(expect.stringMatching(/^apache2\.conf:1:1 include-not-followed Include '\/' not followed completely: /));
    expect(r.rssMB).toBeLessThan(1536);
  });

  test("an Include of a directory holding two links to itself: one directory loop, the files read once", () => {
    const dir = tree({ "apache2.conf": "Include d\n", "d/x.conf": "<Location /x>\n" });
    fs.symlinkSync(".", path.join(dir, "d/a"));
    fs.symlinkSync(".", path.join(dir, "d/b"));
    const r = run(dir, ["apache2.conf"]);
    sane(r);
    expect(messages(r)).toEqual([
      `apache2.conf:1:1 include-cycle Include 'd': ${path.join(dir, "d/a")} leads back to ${path.join(dir, "d")}, a directory loop; httpd follows it until it fails, and refuses to start`,
      "x.conf:1:1 syntax <Location> was not closed",
    ]);
    expect(r.code).toBe(1);
  });

  test("130,000 files in a directory, as an input and as an Include: no stack overflow; the Include stops at the file limit and says so", () => {
    const dir = tree({ "apache2.conf": "Include many/\n" });
    fs.mkdirSync(path.join(dir, "many"));
    for (let i = 0; i < 130_000; i++) fs.writeFileSync(path.join(dir, "many", `f${String(i).padStart(6, "0")}.conf`), "");
    const input = run(dir, ["many"], 240_000);
    sane(input, 240_000);
    report("a directory of 130,000 files as an input", input);
    expect(input.code).toBe(0);
    // The files are linted with the main configuration above them (as the editor does): its Include reads the
    // first 9,999 of them (the server's 10,000 files with apache2.conf), which are linted as its part; the rest stand alone.
    expect(input.stderr.split("\n").filter((l) => l.includes("cannot tell which server this configures")).length).toBe(130_000 - 9_999);
    const include = run(dir, ["apache2.conf"], 240_000);
    sane(include, 240_000);
    report("an Include of a directory of 130,000 files", include);
    expect(messages(include)).toEqual([
      `apache2.conf:1:1 include-not-followed Include 'many/' not followed completely: there are more than 10000 files below ${path.join(dir, "many")}`,
      "apache2.conf:1:1 include-not-followed Include not followed: the server already has 10000 files",
    ]);
    expect(include.rssMB).toBeLessThan(500);
  });

  test("a lighttpd include with twenty {a,b} groups (a million patterns): not followed, said with the limit", () => {
    const pattern = "{a,b}".repeat(20) + ".conf";
    const dir = tree({ "lighttpd.conf": `include "${pattern}"\n` });
    const r = run(dir, ["lighttpd.conf"]);
    sane(r);
    expect(messages(r)).toEqual([
      `lighttpd.conf:1:1 include-not-followed include "${pattern}" is not followed: its braces expand to more than 10000 patterns (each {a,b} group doubles them), more than any configuration needs`,
    ]);
    expect(r.code).toBe(0);
  });

  test("the stylish report of a file with 130,000 findings", () => {
    const dir = tree({ "apache2.conf": "Bogus x\n".repeat(130_000) });
    const r = run(dir, ["apache2.conf"], 180_000, [], "stylish");
    sane(r, 180_000);
    report("stylish, 130,000 findings", r);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("\n  130000:1  warning  Unknown directive 'Bogus'  unknown-directive\n");
    expect(r.stdout).toContain("✖ 130000 problems (0 errors, 130000 warnings, 0 infos)");
  });

  test("100,000 nested sections/blocks, in each dialect: linear time; what is nested deeper than 256 levels is not checked, and said once", () => {
    const n = 100_000;
    const dir = tree({
      "apache2.conf": "<IfModule mod_a.c>\n".repeat(n) + "</IfModule>\n".repeat(n),
      "nginx.conf": "events {}\nhttp {\n server {\n" + "location /a {\n".repeat(n) + "}\n".repeat(n + 2),
      "lighttpd.conf": '$HTTP["url"] =~ "^/a" {\n'.repeat(n) + "}\n".repeat(n),
    });
    const r = run(
      dir,
      DIALECTS.map((d) => ENTRY[d]),
      120_000,
    );
    sane(r, 120_000);
    report("100,000 nested sections/blocks (three files)", r);
    const deep =
      "is nested 257 levels deep (counting through includes): djlint-conf does not check what is inside it; no real configuration nests more than a few levels";
    expect(messages(r)).toEqual([
      `apache2.conf:257:1 include-not-followed <IfModule> ${deep}`,
      `lighttpd.conf:257:1 include-not-followed this condition ${deep}`,
      // http and server are the first two levels
      `nginx.conf:258:1 include-not-followed "location" ${deep}`,
    ]);
    expect(r.code).toBe(0);
    // The files are parsed whole (the AST keeps every section; about 100 bytes per byte of these files).
    expect(r.rssMB).toBeLessThan(1024);
  });

  test("10,000 nested sections/blocks with directives at every level, in each dialect: the walks up each one stay short", () => {
    const n = 10_000;
    const dir = tree({
      "apache2.conf":
        "LoadModule rewrite_module m.so\n<VirtualHost *:80>\n" +
        Array.from(
          { length: n },
          (_, i) => `<Location /l${i}>\n RewriteRule ^x y\n SetEnv DJANGO_SETTINGS_MODULE s\n WSGIProcessGroup g\n Order allow,deny\n`,
        ).join("") +
        "</Location>\n".repeat(n) +
        "</VirtualHost>\n",
      "nginx.conf":
        "events {}\nhttp {\nserver {\n" +
        Array.from({ length: n }, (_, i) => `location /l${i} {\n proxy_pass http://127.0.0.1:8000;\n root /srv;\n`).join("") +
        "}\n".repeat(n + 2),
      "lighttpd.conf":
        'server.modules = ("mod_fastcgi", "mod_alias")\n' +
        Array.from(
          { length: n },
          (_, i) => `$HTTP["url"] =~ "^/${i}" {\n alias.url += ( "/a${i}" => "/srv" )\n fastcgi.server += ( "/f${i}" => (( "socket" => "/tmp/s" )) )\n`,
        ).join("") +
        "}\n".repeat(n),
    });
    const r = run(
      dir,
      DIALECTS.map((d) => ENTRY[d]),
      120_000,
    );
    sane(r, 120_000);
    report("10,000 nested sections/blocks with directives (three files)", r);
    const notChecked = messages(r).filter((m) => m.includes(" include-not-followed ") && m.includes("is nested 257 levels deep"));
    expect(notChecked.map((m) => m.split(" ")[0])).toEqual(["apache2.conf:1278:1", "lighttpd.conf:770:1", "nginx.conf:766:1"]);
    expect(r.rssMB).toBeLessThan(1024);
  });

  test("100,000 suppression comments: each finding finds its comment without trying them all", () => {
    const pairs = "# djlint-conf-disable unknown-directive\nBogus x\n# djlint-conf-enable unknown-directive\n".repeat(50_000);
    const next = "# djlint-conf-disable-next-line unknown-directive\nBogus y\n".repeat(50_000);
    const dir = tree({ "apache2.conf": pairs + next + "Bogus z\n" });
    const r = run(dir, ["apache2.conf"], 120_000);
    sane(r, 120_000);
    report("100,000 suppression comments", r);
    expect(messages(r)).toEqual([`apache2.conf:${5 * 50_000 + 1}:1 unknown-directive Unknown directive 'Bogus'`]);
  });

  test("100,000 += on one lighttpd list: linear, each entry kept in order", () => {
    const n = 100_000;
    const dir = tree({
      "lighttpd.conf":
        'server.modules = ( "mod_alias" )\n' +
        Array.from({ length: n }, (_, i) => `alias.url += ( "/a${i}" => "/srv/a${i}/" )\n`).join("") +
        'alias.url += ( "/a1" => "/srv/again/" )\n',
    });
    const r = run(dir, ["lighttpd.conf"], 120_000);
    sane(r, 120_000);
    report("100,000 += on one lighttpd list", r);
    // Every entry of the merged list is checked (each target ends with '/', its prefix does not), in order, each with its fix.
    const found = messages(r);
    expect(found).toHaveLength(n + 1);
    expect(found.every((m) => m.includes(" lighttpd/alias-trailing-slash-mismatch "))).toBe(true);
    expect([found[0].split(" ")[0], found[n].split(" ")[0]]).toEqual(["lighttpd.conf:2:25", `lighttpd.conf:${n + 2}:25`]);
  });

  test("10 MB of one-letter arguments, in each dialect: refused before parsing, the message names the memory limit; an include of one too", () => {
    const MB = 1024 * 1024;
    const words = "a b c d e f g h i j k l m n o p q r s t u v w x y z ".repeat(40);
    const lines = (prefix: string, suffix: string, args = words) =>
      (prefix + args + suffix + "\n").repeat(Math.ceil((10 * MB) / (prefix.length + args.length + suffix.length + 1)));
    const dir = tree({
      "a/apache2.conf": lines("Header set X ", ""),
      "n/nginx.conf": "events {}\nhttp {\n" + lines("add_header X ", ";") + "}\n",
      "l/lighttpd.conf": lines(
        "var.x = ( ",
        " )",
        words
          .trim()
          .split(" ")
          .map((w) => `"${w}"`)
          .join(", "),
      ),
      "i/apache2.conf": "Include dense.conf\n",
      "i/dense.conf": lines("Header set X ", ""),
    });
    const r = run(dir, ["a/apache2.conf", "n/nginx.conf", "l/lighttpd.conf", "i/apache2.conf"], 120_000);
    sane(r, 120_000);
    report("10 MB of one-letter arguments (four files)", r);
    const refused =
      /not read: it holds [\d.]+ million words and arguments, and parsing it would need about [\d.]+ GB of memory, more than the 1\.0 GB djlint-conf allows a run \(lint fewer files at a time, or split this one\)/;
    for (const f of ["a/apache2.conf", "n/nginx.conf", "l/lighttpd.conf"]) {
      expect(r.stderr).toMatch(new RegExp(`skipped ${path.join(dir, f).replace(/[.\\/]/g, "\\$&")}: ${refused.source}`));
    }
    expect(messages(r)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^apache2\\.conf:1:1 include-not-found Include 'dense\\.conf': cannot read ${path.join(dir, "i/dense.conf").replace(/[.\\/]/g, "\\$&")}: ${refused.source}$`,
        ),
      ),
    ]);
    expect(r.code).toBe(0);
    expect(r.rssMB).toBeLessThan(400);
  });

  test("2 MB of one-letter arguments: within the budget, linted", () => {
    const words = "a b c d e f g h i j k l m n o p q r s t u v w x y z ".repeat(40);
    const dir = tree({ "apache2.conf": ("Header set X " + words + "\n").repeat(Math.ceil((2 * 1024 * 1024) / (words.length + 14))) });
    const r = run(dir, ["apache2.conf"], 120_000);
    sane(r, 120_000);
    report("2 MB of one-letter arguments", r);
    expect(r.stderr).toBe("");
    expect(r.json.map((f) => path.basename(f.filePath))).toEqual(["apache2.conf"]);
    expect(r.rssMB).toBeLessThan(1024);
  });
});

describe("hostile input matrix: templates (issue 18)", () => {
  test("200,000 unclosed tags on one line or 20,000 on their own lines, 5,000 nested conditionals, 10,000 end tags that close nothing: linear, each unclosed tag said once", () => {
    const oneLine = "server_name " + "{{ a ".repeat(200_000) + ";\n";
    const lines = "{% if x %}\n".repeat(5_000) + "listen {{ port\n".repeat(20_000) + "{% else %}\n{% endif %}\n".repeat(5_000);
    const ends = "{% for x in y %}\n".repeat(10_000) + "{% endif %}\n".repeat(10_000);
    const erb = "<%= @a ".repeat(100_000) + "\n" + "<% if @b\n".repeat(5_000);
    const dir = tree({ "one.conf.j2": oneLine, "lines.conf.j2": lines, "ends.conf.j2": ends, "site.conf.erb": erb });
    const r = run(dir, ["--dialect", "nginx", "one.conf.j2", "lines.conf.j2", "ends.conf.j2", "site.conf.erb"], 60_000);
    sane(r, 60_000);
    report("templates with 200,000 unclosed tags", r);
    const unclosed = (f: string) => r.json.find((x) => x.filePath.endsWith(f))?.messages.filter((m) => /never closed/.test(m.message)).length;
    expect(unclosed("one.conf.j2")).toBe(1);
    expect(unclosed("lines.conf.j2")).toBe(20_000);
    expect(unclosed("ends.conf.j2")).toBe(0);
    expect(unclosed("site.conf.erb")).toBe(5_001);
  });
});

describe("hostile input matrix: inputs that are not regular files, directories with nothing to lint, odd names (issue 14)", () => {
  const mkfifo = (p: string) => {
    const r = spawnSync("mkfifo", [p]);
    if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
  };

  test("/dev/zero and a FIFO given as inputs: said what they are, never read (no hang)", () => {
    const dir = tree({});
    mkfifo(path.join(dir, "pipe.conf"));
    const r = run(dir, ["/dev/zero", "pipe.conf"], 20_000);
    sane(r, 20_000);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "djlint-conf: skipped /dev/zero: cannot read: a character device, not a regular file: never read\n" +
        `djlint-conf: skipped ${path.join(dir, "pipe.conf")}: cannot read: a FIFO (named pipe), not a regular file: never read\n`,
    );
  });

  test("a FIFO reached by an include, in each dialect (by name and by a glob): reported as a FIFO, never opened", () => {
    const dir = tree({
      "a/apache2.conf": "Include pipe.conf\nInclude conf.d/*.conf\n",
      "n/nginx.conf": "events {}\nhttp { include pipe.conf; }\n",
      "l/lighttpd.conf": 'include "pipe.conf"\n',
    });
    for (const p of ["a/pipe.conf", "a/conf.d/other.conf", "n/pipe.conf", "l/pipe.conf"]) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      mkfifo(path.join(dir, p));
    }
    const r = run(dir, ["a/apache2.conf", "n/nginx.conf", "l/lighttpd.conf"], 20_000);
    sane(r, 20_000);
    const fifo = "a FIFO (named pipe), not a regular file: never read";
    expect(messages(r)).toEqual([
      `apache2.conf:1:1 include-not-found Include 'pipe.conf': cannot read ${path.join(dir, "a/pipe.conf")}: ${fifo}`,
      `apache2.conf:2:1 include-not-found Include 'conf.d/*.conf': cannot read ${path.join(dir, "a/conf.d/other.conf")}: ${fifo}`,
      `lighttpd.conf:1:1 include-not-found include "pipe.conf": cannot read ${path.join(dir, "l/pipe.conf")}: ${fifo}`,
      `nginx.conf:2:8 include-not-found include 'pipe.conf': cannot read ${path.join(dir, "n/pipe.conf")}: ${fifo}`,
    ]);
  });

  test("/dev/null as an input is an empty file", () => {
    const r = run(tree({}), ["--dialect", "nginx", "/dev/null"]);
    sane(r);
    expect(r.code).toBe(0);
    expect(r.json.map((f) => [f.filePath, f.messages.length])).toEqual([["/dev/null", 0]]);
  });

  test("a directory with no file to lint (empty, or no configuration file): exit 2, no files to lint, as ESLint", () => {
    const dir = tree({ empty: null, "docs/README.md": "# x\n", "docs/notes.txt": "x\n" });
    for (const d of ["empty", "docs"]) {
      const r = run(dir, [d]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `djlint-conf: no files to lint in the directory '${d}': it holds no *.conf, *.load, *.vhost, *.nginx or .htaccess file, nor an extensionless file in sites-enabled/, conf.d/ or the like\n`,
      );
    }
  });

  test("a newline and other control characters in a file name: escaped in checkstyle and junit XML, github, stylish and SARIF", () => {
    const dir = tree({});
    const name = "a\nb\t\u001bc.conf";
    fs.writeFileSync(path.join(dir, name), "PythonDebug On\n");
    const out = (format: string) => {
      const r = run(dir, ["--dialect", "apache", name], 30_000, [], format);
      expect(r.code).toBe(1);
      return r.stdout;
    };
    expect(out("checkstyle")).toContain(`<file name="${dir}/a&#10;b&#9;\\u001bc.conf">`);
    expect(out("junit")).toContain('<testsuite name="a&#10;b&#9;\\u001bc.conf"');
    expect(out("github")).toMatch(/^::error file=a%0Ab\t\u001bc\.conf,line=1,/);
    const stylish = out("stylish");
    expect(stylish).toContain("\na\\nb\\t\\x1bc.conf\n");
    expect(stylish).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const sarif = JSON.parse(out("sarif"));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("a%0Ab%09%1Bc.conf");
  });
});
