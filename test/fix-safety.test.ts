/**
 * --fix and -o never lose a byte: the built CLI runs on files made here, and
 * every check is on the exact bytes (and inode, owner, mode) of every file
 * afterwards. Encodings (Latin-1, CRLF, BOM, broken UTF-8), symlinks, hard
 * links, owner and mode, devices and FIFOs as -o targets, files reached only
 * through Include, --stdin, a file changed during the run, an unwritable file
 * midway, planted links at temporary-file names, and 20,000 fixes in one file.
 * Owner and device cases need root (skipped with a message otherwise).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as fc from "fast-check";
import { applyFixes } from "../src/engine/apply-fixes.js";
import type { Fix } from "../src/core/diagnostic.js";
import { editBytes } from "../src/fix/edits.js";
import { fixFiles } from "../src/fix/fix.js";
import { readSnapshot, replaceFile, WriteRefused } from "../src/fix/write.js";
import { byteOffsets, decodeBytes } from "../src/source/decode.js";
import { CLI } from "./support/cli.js";

const ROOT = process.getuid?.() === 0;
const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => fs.existsSync(p));
const AS_NOBODY = SETPRIV ? [SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups"] : null;

const base = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-fix-safety-"));
fs.chmodSync(base, 0o755); // some cases run as another user
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const bytes = (...parts: (string | number[] | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

let cases = 0;
/** A fresh directory (0755) holding these files. */
function tree(files: Record<string, string | Buffer> = {}): string {
  const dir = path.join(base, `case-${++cases}`);
  fs.mkdirSync(dir, { mode: 0o755 });
  for (const [name, body] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o755 });
    fs.writeFileSync(p, body);
  }
  return dir;
}

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  ms: number;
}

/** The CLI (--no-config) in `cwd`; `prefix` runs it through another command (setpriv, sh -c). */
function run(cwd: string, args: string[], o: { input?: Buffer; prefix?: string[]; env?: Record<string, string>; timeout?: number; stdout?: number } = {}): Run {
  const argv = [...(o.prefix ?? []), process.execPath, CLI, "--no-config", ...args];
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env };
  for (const k of ["FORCE_COLOR", "NO_COLOR", "DEBUG"]) delete env[k];
  const t0 = Date.now();
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd,
    env,
    input: o.input ?? Buffer.alloc(0),
    timeout: o.timeout ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["pipe", o.stdout ?? "pipe", "pipe"],
  });
  return { code: r.status, stdout: r.stdout ?? Buffer.alloc(0), stderr: r.stderr?.toString() ?? "", ms: Date.now() - t0 };
}

const json = (r: Run) => JSON.parse(r.stdout.toString()) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
const findings = (r: Run) =>
  json(r)
    .flatMap((f) => f.messages.map((m) => `${path.basename(f.filePath)}:${m.line} ${m.ruleId}`))
    .sort();
const noInternalError = (r: Run) => expect(r.stderr).not.toMatch(/internal error|\n\s+at /);

/** Every entry under `dir`: kind, inode, links, owner, mode, mtime, bytes or link target. */
function listing(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      const what = st.isSymbolicLink() ? `link ${fs.readlinkSync(p)}` : st.isDirectory() ? "dir" : `file ${fs.readFileSync(p).toString("hex")}`;
      out[path.relative(dir, p)] = `${what} ino=${st.ino} nlink=${st.nlink} ${st.uid}:${st.gid} ${(st.mode & 0o7777).toString(8)} mtime=${st.mtimeMs}`;
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

/** Line numbers (in the old file) of the lines a unified diff removes. */
function removedLines(diff: string): number[] {
  const out: number[] = [];
  let line = 0;
  for (const l of diff.split("\n")) {
    const h = /^@@ -(\d+)/.exec(l);
    if (h) line = Number(h[1]);
    else if (line && l.startsWith("-") && !l.startsWith("---")) out.push(line++);
    else if (line && l.startsWith(" ")) line++;
  }
  return out;
}

const tempFiles = (dir: string) => fs.readdirSync(dir).filter((n) => n.includes(".tmp"));

describe("--fix edits bytes: everything outside the edits stays as it was", () => {
  // Moving a WSGIScriptAlias mount is an unsafe fix: these cases apply both kinds.
  // A BOM, CRLF, Latin-1 comments around the edited lines, a truncated UTF-8 sequence (E2 82).
  const original = bytes(
    BOM,
    "# Caf\xe9 au lait\r\n",
    "PythonDebug On\r\n",
    "# \xe9t\xe9 ",
    [0xe2, 0x82],
    "\r\n",
    "WSGIScriptAlias /app/ /srv/app/django.wsgi\r\n",
    "# fin \xe0 la ligne\r\n",
  );
  const fixed = bytes(
    BOM,
    "# Caf\xe9 au lait\r\n",
    "PythonDebug Off\r\n",
    "# \xe9t\xe9 ",
    [0xe2, 0x82],
    "\r\n",
    "WSGIScriptAlias /app /srv/app/django.wsgi\r\n",
    "# fin \xe0 la ligne\r\n",
  );

  test("Latin-1 comments beside the edited lines, CRLF, a BOM and broken UTF-8 are written back byte for byte", () => {
    const dir = tree({ "site.conf": original });
    const r = run(dir, ["--fix", "--unsafe-fixes", "-f", "json", "site.conf"]);
    noInternalError(r);
    expect(fs.readFileSync(path.join(dir, "site.conf")).toString("hex")).toBe(fixed.toString("hex"));
    expect(r.stderr).toContain("fixed 2 problems in 1 file");
    // What remains is the BOM, which no fix removes (and the WSGI script, which is not here to read).
    expect(findings(r)).toEqual(["site.conf:1 syntax", "site.conf:4 django/settings-not-found"]);
    expect(tempFiles(dir)).toEqual([]);
  });

  test("--stdin --fix prints the same bytes, and writes nothing", () => {
    const dir = tree();
    const r = run(dir, ["--stdin", "--fix", "--unsafe-fixes", "--stdin-filename", "site.conf"], { input: original });
    noInternalError(r);
    expect(r.stdout.toString("hex")).toBe(fixed.toString("hex"));
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test("--fix-dry-run leaves the bytes alone and hides no change: the lines it shows changed are the lines --fix changes", () => {
    const dir = tree({ "site.conf": original });
    const r = run(dir, ["--fix-dry-run", "--unsafe-fixes", "site.conf"]);
    noInternalError(r);
    expect(r.stdout.toString()).toMatch(/^-PythonDebug On\r?$/m);
    expect(r.stdout.toString()).toMatch(/^\+PythonDebug Off\r?$/m);
    expect(r.stderr).toContain("would fix 2 problems in 1 file");
    expect(fs.readFileSync(path.join(dir, "site.conf")).equals(original)).toBe(true);
    noInternalError(run(dir, ["--fix", "--unsafe-fixes", "site.conf"]));
    const lines = (b: Buffer) => b.toString("latin1").split("\n");
    const was = lines(original);
    const now = lines(fs.readFileSync(path.join(dir, "site.conf")));
    expect(now.length).toBe(was.length);
    const changed = was.flatMap((l, i) => (l === now[i] ? [] : [i + 1]));
    expect(changed).toEqual([2, 4]);
    expect(removedLines(r.stdout.toString())).toEqual(changed);
  });

  test("a fix that would put non-ASCII text into a file that is not UTF-8 is not applied, and says why", () => {
    // The fix would write the mount point back without its '/', and the Latin-1 é would become U+FFFD.
    const text = bytes("WSGIScriptAlias /caf\xe9/ /srv/a/django.wsgi\n");
    const dir = tree({ "site.conf": text });
    const r = run(dir, ["--fix", "--unsafe-fixes", "-f", "json", "site.conf"]);
    noInternalError(r);
    expect(fs.readFileSync(path.join(dir, "site.conf")).equals(text)).toBe(true);
    expect(r.stderr).toMatch(/site\.conf: .*not valid UTF-8.*non-ASCII/);
    expect(findings(r)).toEqual(["site.conf:1 apache/wsgi-script-alias-trailing-slash", "site.conf:1 django/settings-not-found"]);
    expect(r.code).toBe(1);
  });

  test("in a UTF-8 file, non-ASCII text in a fix is written as UTF-8", () => {
    const dir = tree({ "site.conf": Buffer.from("# Zoë\nWSGIScriptAlias /café/ /srv/a/django.wsgi\n", "utf8") });
    const r = run(dir, ["--fix", "--unsafe-fixes", "site.conf"]);
    noInternalError(r);
    expect(fs.readFileSync(path.join(dir, "site.conf")).toString("hex")).toBe(
      Buffer.from("# Zoë\nWSGIScriptAlias /café /srv/a/django.wsgi\n", "utf8").toString("hex"),
    );
  });
});

describe("--fix writes the file itself: through symlinks, keeping hard links, owner, group and mode", () => {
  const debian = () => {
    const dir = tree({ "sites-available/site.conf": "# the site\nPythonDebug On\n" });
    fs.mkdirSync(path.join(dir, "sites-enabled"));
    fs.symlinkSync("../sites-available/site.conf", path.join(dir, "sites-enabled/site.conf"));
    return dir;
  };

  test("a symlink (Debian's sites-enabled): the target is fixed, the link stays a link", () => {
    const dir = debian();
    const ino = fs.statSync(path.join(dir, "sites-available/site.conf")).ino;
    const r = run(dir, ["--fix", "sites-enabled/site.conf"]);
    noInternalError(r);
    expect(r.code).toBe(0);
    expect(fs.lstatSync(path.join(dir, "sites-enabled/site.conf")).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(path.join(dir, "sites-enabled/site.conf"))).toBe("../sites-available/site.conf");
    expect(fs.readFileSync(path.join(dir, "sites-available/site.conf"), "latin1")).toBe("# the site\nPythonDebug Off\n");
    // Replaced atomically: a new inode under the same name.
    expect(fs.statSync(path.join(dir, "sites-available/site.conf")).ino).not.toBe(ino);
    expect([...tempFiles(path.join(dir, "sites-enabled")), ...tempFiles(path.join(dir, "sites-available"))]).toEqual([]);
  });

  test("a directory holding a link and its target: the file is fixed once, the link kept", () => {
    const dir = debian();
    const r = run(dir, ["--fix", "."]);
    noInternalError(r);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("cannot fix");
    expect(fs.lstatSync(path.join(dir, "sites-enabled/site.conf")).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, "sites-available/site.conf"), "latin1")).toBe("# the site\nPythonDebug Off\n");
  });

  test("a hard link: both names stay the same file, fixed", () => {
    const dir = tree({ "a.conf": "PythonDebug On\n" });
    fs.linkSync(path.join(dir, "a.conf"), path.join(dir, "b.conf"));
    const ino = fs.statSync(path.join(dir, "a.conf")).ino;
    const r = run(dir, ["--fix", "a.conf"]);
    noInternalError(r);
    for (const name of ["a.conf", "b.conf"]) {
      const st = fs.statSync(path.join(dir, name));
      expect({ name, ino: st.ino, nlink: st.nlink, text: fs.readFileSync(path.join(dir, name), "latin1") }).toEqual({
        name,
        ino,
        nlink: 2,
        text: "PythonDebug Off\n",
      });
    }
    expect(tempFiles(dir)).toEqual([]);
  });

  test("owner, group and mode are kept (www-data:www-data 0640, nobody 0600)", () => {
    if (!ROOT) {
      process.stdout.write("fix safety: owner and group SKIPPED: not running as root, so files cannot be given to another owner\n");
      return;
    }
    const dir = tree({ "www.conf": "PythonDebug On\n", "nobody.conf": "PythonDebug On\n" });
    fs.chownSync(path.join(dir, "www.conf"), 33, 33);
    fs.chmodSync(path.join(dir, "www.conf"), 0o640);
    fs.chownSync(path.join(dir, "nobody.conf"), 65534, 65534);
    fs.chmodSync(path.join(dir, "nobody.conf"), 0o600);
    const r = run(dir, ["--fix", "www.conf", "nobody.conf"]);
    noInternalError(r);
    const st = (n: string) => fs.statSync(path.join(dir, n));
    expect([st("www.conf").uid, st("www.conf").gid, st("www.conf").mode & 0o7777]).toEqual([33, 33, 0o640]);
    expect([st("nobody.conf").uid, st("nobody.conf").gid, st("nobody.conf").mode & 0o7777]).toEqual([65534, 65534, 0o600]);
    expect(fs.readFileSync(path.join(dir, "www.conf"), "latin1")).toBe("PythonDebug Off\n");
    expect(fs.readFileSync(path.join(dir, "nobody.conf"), "latin1")).toBe("PythonDebug Off\n");
  });

  test("a user who may write a file but not give it its owner writes it in place: owner, group and inode stay", () => {
    if (!ROOT || !AS_NOBODY) {
      process.stdout.write("fix safety: in-place write for another owner SKIPPED: needs root and setpriv (util-linux)\n");
      return;
    }
    const dir = tree({ "shared.conf": "PythonDebug On\n" });
    fs.chownSync(dir, 65534, 65534);
    const file = path.join(dir, "shared.conf");
    fs.chownSync(file, 0, 65534);
    fs.chmodSync(file, 0o664);
    const ino = fs.statSync(file).ino;
    const r = run(dir, ["--fix", "shared.conf"], { prefix: AS_NOBODY });
    noInternalError(r);
    expect(r.code).toBe(0);
    const st = fs.statSync(file);
    expect([st.ino, st.uid, st.gid, st.mode & 0o7777]).toEqual([ino, 0, 65534, 0o664]);
    expect(fs.readFileSync(file, "latin1")).toBe("PythonDebug Off\n");
    expect(tempFiles(dir)).toEqual([]);
  });
});

test("a file the user may write, in a directory the user may not write: written in place", () => {
  if (ROOT && !AS_NOBODY) {
    process.stdout.write("fix safety: in-place write in a read-only directory SKIPPED: running as root without setpriv (util-linux)\n");
    return;
  }
  const dir = tree({ "conf/site.conf": "PythonDebug On\n" });
  const file = path.join(dir, "conf/site.conf");
  if (ROOT) fs.chownSync(file, 65534, 65534);
  else fs.chmodSync(path.join(dir, "conf"), 0o555);
  const ino = fs.statSync(file).ino;
  const r = run(dir, ["--fix", "conf/site.conf"], { prefix: ROOT ? (AS_NOBODY as string[]) : [] });
  if (!ROOT) fs.chmodSync(path.join(dir, "conf"), 0o755);
  noInternalError(r);
  expect(r.code).toBe(0);
  expect(fs.statSync(file).ino).toBe(ino);
  expect(fs.readFileSync(file, "latin1")).toBe("PythonDebug Off\n");
});

describe("-o FILE writes to what is there", () => {
  const conf = { "site.conf": "ServerName x\nPythonDebug On\n" };

  test("a FIFO is written to, not replaced", async () => {
    const dir = tree(conf);
    const fifo = path.join(dir, "report.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const out = path.join(dir, "read.json");
    const outFd = fs.openSync(out, "w");
    const reader = spawn("cat", [fifo], { stdio: ["ignore", outFd, "ignore"] });
    fs.closeSync(outFd);
    const done = new Promise((resolve) => reader.on("exit", resolve));
    const r = run(dir, ["-f", "json", "-o", fifo, "site.conf"], { timeout: 20_000 });
    // A build that replaced the FIFO never opened it: the reader would wait for ever.
    const stop = setTimeout(() => reader.kill(), 5_000);
    await done;
    clearTimeout(stop);
    noInternalError(r);
    expect(r.code).toBe(1);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(fs.readFileSync(out, "utf8"))[0].messages[0].ruleId).toBe("apache/python-debug-on");
    expect(tempFiles(dir)).toEqual([]);
  });

  test("a character device is written to, never replaced (a null device made with mknod as root; /dev/null otherwise)", () => {
    const dir = tree(conf);
    let dev = "/dev/null";
    if (ROOT) {
      // Never the system's /dev/null as root: an old build would rename over it.
      dev = path.join(dir, "null");
      expect(spawnSync("mknod", ["-m", "666", dev, "c", "1", "3"]).status).toBe(0);
    }
    const before = fs.lstatSync(dev);
    const r = run(dir, ["-f", "json", "-o", dev, "site.conf"]);
    noInternalError(r);
    expect(r.code).toBe(1);
    const after = fs.lstatSync(dev);
    expect(after.isCharacterDevice()).toBe(true);
    expect([after.ino, after.rdev, after.mode, after.uid]).toEqual([before.ino, before.rdev, before.mode, before.uid]);
    expect(fs.readdirSync(path.dirname(dev)).filter((n) => n.startsWith(path.basename(dev) + "."))).toEqual([]);
  });

  test("this process's own standard output (/proc/self/fd/1) is appended to: a pipe, and a file the shell opened", () => {
    const dir = tree(conf);
    const piped = run(dir, ["-f", "json", "-o", "/proc/self/fd/1", "site.conf"]);
    noInternalError(piped);
    expect(JSON.parse(piped.stdout.toString())[0].messages[0].ruleId).toBe("apache/python-debug-on");
    const file = path.join(dir, "out.txt");
    fs.writeFileSync(file, "before\n");
    const fd = fs.openSync(file, "a");
    const ino = fs.fstatSync(fd).ino;
    try {
      noInternalError(run(dir, ["-f", "json", "-o", "/proc/self/fd/1", "site.conf"], { stdout: fd }));
    } finally {
      fs.closeSync(fd);
    }
    expect(fs.statSync(file).ino).toBe(ino);
    const text = fs.readFileSync(file, "utf8");
    expect(text.startsWith("before\n")).toBe(true);
    expect(JSON.parse(text.slice("before\n".length))[0].messages[0].ruleId).toBe("apache/python-debug-on");
  });

  test("a symlink is followed: the target gets the report, keeps its mode (and owner), the link stays", () => {
    const dir = tree({ ...conf, "reports/real.json": "old\n" });
    const target = path.join(dir, "reports/real.json");
    fs.chmodSync(target, 0o600);
    if (ROOT) fs.chownSync(target, 33, 33);
    fs.symlinkSync("reports/real.json", path.join(dir, "report.json"));
    const r = run(dir, ["-f", "json", "-o", "report.json", "site.conf"]);
    noInternalError(r);
    expect(fs.readlinkSync(path.join(dir, "report.json"))).toBe("reports/real.json");
    expect(JSON.parse(fs.readFileSync(target, "utf8"))[0].messages[0].ruleId).toBe("apache/python-debug-on");
    const st = fs.statSync(target);
    expect(st.mode & 0o7777).toBe(0o600);
    if (ROOT) expect([st.uid, st.gid]).toEqual([33, 33]);
    expect([...tempFiles(dir), ...tempFiles(path.join(dir, "reports"))]).toEqual([]);
  });

  test("a missing file is created (and its directory)", () => {
    const dir = tree(conf);
    const r = run(dir, ["-f", "json", "-o", "out/sub/report.json", "site.conf"]);
    noInternalError(r);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "out/sub/report.json"), "utf8"))[0].messages[0].ruleId).toBe("apache/python-debug-on");
    expect(tempFiles(path.join(dir, "out/sub"))).toEqual([]);
  });
});

describe("--fix writes only the files the user named", () => {
  const layout = () => tree({ "site/main.conf": "Include ../shared/inc.conf\nPythonDebug On\n", "shared/inc.conf": "# shared\nPythonDebug On\n" });

  test("a file reached through Include is reported, never fixed", () => {
    const dir = layout();
    const inc = listing(path.join(dir, "shared"));
    const r = run(dir, ["--fix", "-f", "json", "site/main.conf"]);
    noInternalError(r);
    expect(fs.readFileSync(path.join(dir, "site/main.conf"), "latin1")).toBe("Include ../shared/inc.conf\nPythonDebug Off\n");
    expect(listing(path.join(dir, "shared"))).toEqual(inc);
    expect(findings(r)).toEqual(["inc.conf:2 apache/python-debug-on"]);
    expect(r.stderr).toContain("1 fixable problem in included files not fixed");
    expect(r.code).toBe(1);
  });

  test("--fix-dry-run shows only the files --fix would write", () => {
    const dir = layout();
    const r = run(dir, ["--fix-dry-run", "site/main.conf"]);
    noInternalError(r);
    expect(r.stdout.toString()).toContain("+++ site/main.conf");
    expect(r.stdout.toString()).not.toContain("inc.conf\t");
    expect(r.stdout.toString()).not.toContain("# shared");
  });

  test("a directory the user gives: every config found in it is fixed", () => {
    const dir = layout();
    const r = run(dir, ["--fix", "."]);
    noInternalError(r);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "shared/inc.conf"), "latin1")).toBe("# shared\nPythonDebug Off\n");
    expect(fs.readFileSync(path.join(dir, "site/main.conf"), "latin1")).toBe("Include ../shared/inc.conf\nPythonDebug Off\n");
  });

  test("--stdin --fix changes no file on disk: it prints the fixed text only", () => {
    const dir = layout();
    const before = listing(dir);
    const r = run(dir, ["--stdin", "--fix", "--stdin-filename", "site/main.conf"], { input: Buffer.from("Include ../shared/inc.conf\nPythonDebug On\n") });
    noInternalError(r);
    expect(r.stdout.toString()).toBe("Include ../shared/inc.conf\nPythonDebug Off\n");
    expect(listing(dir)).toEqual(before);
    expect(r.stderr).toContain("with --stdin only standard input is fixed");
  });
});

describe("a file that changes while --fix runs is left alone, with a message", () => {
  test("an append between the read and the write: refused, the append kept", () => {
    const dir = tree({ "site.conf": "PythonDebug On\n" });
    const file = path.join(dir, "site.conf");
    const snap = readSnapshot(file, 1 << 20)!;
    fs.appendFileSync(file, "KeepAlive Off\n");
    expect(() => replaceFile(file, Buffer.from("PythonDebug Off\n"), { expect: snap })).toThrow(WriteRefused);
    expect(fs.readFileSync(file, "latin1")).toBe("PythonDebug On\nKeepAlive Off\n");
    expect(fs.readdirSync(dir)).toEqual(["site.conf"]);
  });

  test.each([
    ["after the temporary file is written", false],
    ["a hard-linked file, written in place", true],
  ])("an append at the last moment (%s): refused, no temporary file left", (_what, linked) => {
    const dir = tree({ "site.conf": "PythonDebug On\n" });
    const file = path.join(dir, "site.conf");
    if (linked) fs.linkSync(file, path.join(dir, "other.conf"));
    const snap = readSnapshot(file, 1 << 20)!;
    const append = () => fs.appendFileSync(file, "# appended\n");
    expect(() => replaceFile(file, Buffer.from("PythonDebug Off\n"), { expect: snap, hooks: { beforeReplace: append } })).toThrow(/changed|modified|size/);
    expect(fs.readFileSync(file, "latin1")).toBe("PythonDebug On\n# appended\n");
    expect(tempFiles(dir)).toEqual([]);
  });

  test("from the command line: exit 2, the file named with the reason, the finding still reported", () => {
    const dir = tree({ "site.conf": "PythonDebug On\n" });
    // Appends to the file when the fixer creates its temporary file (any build's: by open or writeFile).
    const hook = path.join(dir, "append-hook.cjs");
    fs.writeFileSync(
      hook,
      [
        'const fs = require("fs"); let done = false;',
        "const wrap = (name) => { const orig = fs[name]; fs[name] = function (p, ...rest) {",
        '  if (!done && typeof p === "string" && p.endsWith(".tmp")) { done = true; fs.appendFileSync(process.env.APPEND_TO, "# appended meanwhile\\n"); }',
        "  return orig.call(this, p, ...rest); }; };",
        'wrap("openSync"); wrap("writeFileSync");',
      ].join("\n"),
    );
    const r = run(dir, ["--fix", "-f", "json", "site.conf"], { env: { APPEND_TO: path.join(dir, "site.conf"), NODE_OPTIONS: `--require ${hook}` } });
    noInternalError(r);
    expect(fs.readFileSync(path.join(dir, "site.conf"), "latin1")).toBe("PythonDebug On\n# appended meanwhile\n");
    expect(r.stderr).toMatch(/cannot fix site\.conf: .*(changed|modified)/);
    expect(findings(r)).toEqual(["site.conf:1 apache/python-debug-on"]);
    expect(r.code).toBe(2);
  });
});

describe("a file that cannot be written midway is a reported problem", () => {
  test("the others are fixed, the report is printed, the reason named, exit 2 at the end", () => {
    const dir = tree({ "1/a.conf": "PythonDebug On\n", "2/b.conf": "PythonDebug On\n", "3/c.conf": "PythonDebug On\n" });
    let prefix: string[] = [];
    if (ROOT) {
      if (!AS_NOBODY) {
        process.stdout.write("fix safety: unwritable file SKIPPED: running as root without setpriv (util-linux)\n");
        return;
      }
      prefix = AS_NOBODY;
      for (const d of ["1", "3"]) {
        fs.chownSync(path.join(dir, d), 65534, 65534);
        fs.chownSync(path.join(dir, d, d === "1" ? "a.conf" : "c.conf"), 65534, 65534);
      }
    } else {
      fs.chmodSync(path.join(dir, "2/b.conf"), 0o444);
      fs.chmodSync(path.join(dir, "2"), 0o555);
    }
    const b = listing(path.join(dir, "2"));
    const r = run(dir, ["--fix", "-f", "json", "1/a.conf", "2/b.conf", "3/c.conf"], { prefix });
    if (!ROOT) fs.chmodSync(path.join(dir, "2"), 0o755);
    noInternalError(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot fix 2\/b\.conf: permission denied/);
    expect(findings(r)).toEqual(["b.conf:1 apache/python-debug-on"]);
    expect(
      json(r)
        .map((f) => path.relative(dir, f.filePath))
        .sort(),
    ).toEqual(["1/a.conf", "2/b.conf", "3/c.conf"]);
    expect(fs.readFileSync(path.join(dir, "1/a.conf"), "latin1")).toBe("PythonDebug Off\n");
    expect(fs.readFileSync(path.join(dir, "3/c.conf"), "latin1")).toBe("PythonDebug Off\n");
    expect(listing(path.join(dir, "2"))).toEqual(b);
  });
});

describe("temporary files: unpredictable names, created with O_EXCL, never through a link", () => {
  /** A root-owned 0600 file another user wants overwritten. */
  const victim = () => {
    const v = path.join(tree({ secret: "secret\n" }), "secret");
    fs.chmodSync(v, 0o600);
    return v;
  };

  test("--fix: a link planted at the old predictable name is not followed", () => {
    const dir = tree({ "site.conf": "PythonDebug On\n" });
    const v = victim();
    // The shell plants the link under its own pid, then becomes the CLI (exec keeps the pid).
    const r = run(dir, ["--fix", "site.conf"], { prefix: ["sh", "-c", `ln -s "${v}" ".site.conf.djlint-conf-$$.tmp"; exec "$0" "$@"`] });
    noInternalError(r);
    expect(fs.readFileSync(v, "latin1")).toBe("secret\n");
    expect(fs.statSync(v).mode & 0o777).toBe(0o600);
    expect(fs.lstatSync(path.join(dir, "site.conf")).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(dir, "site.conf"), "latin1")).toBe("PythonDebug Off\n");
  });

  test("-o: a link planted at the old predictable name is not followed", () => {
    const dir = tree({ "site.conf": "PythonDebug On\n" });
    const v = victim();
    const r = run(dir, ["-f", "json", "-o", "report.json", "site.conf"], { prefix: ["sh", "-c", `ln -s "${v}" "report.json.$$.tmp"; exec "$0" "$@"`] });
    noInternalError(r);
    expect(fs.readFileSync(v, "latin1")).toBe("secret\n");
    expect(fs.lstatSync(path.join(dir, "report.json")).isFile()).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8"))[0].messages[0].ruleId).toBe("apache/python-debug-on");
  });

  test("names differ from run to run, hold no pid, and are created exclusively", () => {
    const dir = tree({});
    const log = path.join(dir, "opens.log");
    const hook = path.join(dir, "log-hook.cjs");
    fs.writeFileSync(
      hook,
      [
        'const fs = require("fs");',
        "const wrap = (name) => { const orig = fs[name]; fs[name] = function (p, ...rest) {",
        '  if (typeof p === "string" && p.endsWith(".tmp")) fs.appendFileSync(process.env.OPEN_LOG, JSON.stringify({ name, p, flags: name === "openSync" ? rest[0] : rest[1]?.flag ?? "w", pid: process.pid }) + "\\n");',
        "  return orig.call(this, p, ...rest); }; };",
        'wrap("openSync"); wrap("writeFileSync");',
      ].join("\n"),
    );
    const opens: { p: string; flags: string; pid: number }[] = [];
    for (let i = 0; i < 2; i++) {
      fs.writeFileSync(path.join(dir, "site.conf"), "PythonDebug On\n");
      noInternalError(run(dir, ["--fix", "site.conf"], { env: { OPEN_LOG: log, NODE_OPTIONS: `--require ${hook}` } }));
    }
    for (const line of fs.readFileSync(log, "utf8").trim().split("\n")) opens.push(JSON.parse(line));
    const temps = opens.filter((o) => path.dirname(o.p) === dir);
    expect(temps).toHaveLength(2);
    expect(temps[0].p).not.toBe(temps[1].p);
    for (const t of temps) {
      expect(path.basename(t.p)).not.toContain(String(t.pid));
      expect(t.flags).toBe("wx");
    }
  });
});

describe("20,000 fixes in one file", () => {
  /** Applies n single-edit fixes, counting every read of an edit's offsets. */
  function reads(n: number): number {
    let count = 0;
    const line = "PythonDebug On\n";
    const fixes: Fix[] = [];
    for (let i = n - 1; i >= 0; i--) {
      const start = i * line.length + 12;
      const edit = { file: "f", text: "Off" } as Fix["edits"][number];
      Object.defineProperty(edit, "start", { get: () => (count++, start), enumerable: true });
      Object.defineProperty(edit, "end", { get: () => (count++, start + 2), enumerable: true });
      fixes.push({ title: "t", safety: "safe", edits: [edit] });
    }
    const out = applyFixes(line.repeat(n), "f", fixes);
    expect(out.applied).toHaveLength(n);
    expect(out.text).toBe("PythonDebug Off\n".repeat(n));
    return count;
  }

  test("applying them is n log n, not quadratic: the work counted, not timed", () => {
    const small = reads(2_000);
    const large = reads(20_000);
    // Ten times the fixes: about 13 times the reads for n log n, 100 times for a quadratic check.
    expect(large / small).toBeLessThan(20);
  });

  test("--fix and --fix-dry-run on a 2.3 MB file with 20,000 findings: every one fixed, nothing else changed, in time", () => {
    const block = (i: number) => `# block ${i}: a comment line that pads this generated site to the size of a large real one .....\nPythonDebug On\n`;
    const fixedBlock = (i: number) => block(i).replace("PythonDebug On", "PythonDebug Off");
    const n = 20_000;
    const text = Array.from({ length: n }, (_, i) => block(i)).join("");
    expect(text.length).toBeGreaterThan(2_200_000);
    const dir = tree({ "big.conf": text });
    const dry = run(dir, ["--fix-dry-run", "big.conf"], { timeout: 90_000 });
    noInternalError(dry);
    expect(dry.stdout.toString().match(/^\+PythonDebug Off$/gm)).toHaveLength(n);
    expect(dry.stderr).toContain(`would fix ${n} problems in 1 file`);
    const fix = run(dir, ["--fix", "big.conf"], { timeout: 90_000 });
    noInternalError(fix);
    expect(fix.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, "big.conf"), "latin1") === Array.from({ length: n }, (_, i) => fixedBlock(i)).join("")).toBe(true);
    process.stdout.write(`fix safety: 20,000 fixes in 2.3 MB: --fix-dry-run ${dry.ms} ms, --fix ${fix.ms} ms\n`);
  }, 200_000);
});

describe("the decoder --fix and the loader share", () => {
  const byteArrays = fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0xff }),
      fc.constantFrom(0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0xc3, 0xa9),
    ),
    { maxLength: 60 },
  );

  test("text is exactly TextDecoder's (a BOM kept, one U+FFFD per invalid sequence)", () => {
    const td = new TextDecoder("utf-8", { ignoreBOM: true });
    fc.assert(
      fc.property(byteArrays, (arr) => {
        const b = Buffer.from(arr);
        expect(decodeBytes(b).text).toBe(td.decode(b));
      }),
      { numRuns: 5000, seed: 14 },
    );
  });

  test("every text offset maps to the byte offset whose prefix decodes to the text before it", () => {
    fc.assert(
      fc.property(byteArrays, (arr) => {
        const b = Buffer.from(arr);
        const d = decodeBytes(b);
        const offsets = [...Array(d.text.length + 1).keys()].filter(
          (i) => !(i > 0 && /[\udc00-\udfff]/.test(d.text[i]) && /[\ud800-\udbff]/.test(d.text[i - 1])),
        );
        const at = byteOffsets(d, offsets);
        offsets.forEach((i, k) => expect(decodeBytes(b.subarray(0, at[k])).text).toBe(d.text.slice(0, i)));
        expect(at[at.length - 1]).toBe(b.length);
      }),
      { numRuns: 3000, seed: 14 },
    );
  });

  test("random files of fixable lines and comments of any bytes: the fixed bytes are the original ones with only the fixed lines' ranges replaced", () => {
    const dir = tree();
    const file = path.join(dir, "site.conf");
    const comment = fc
      .uint8Array({ maxLength: 12 })
      .map((b) => Buffer.concat([Buffer.from("# "), Buffer.from(b.map((x) => (x === 10 || x === 13 || x === 0 ? 0x41 : x)))]));
    const line = fc.oneof(
      comment,
      fc.constantFrom("PythonDebug On", "WSGIScriptAlias /app/ /srv/a.wsgi", "ServerName x", "KeepAlive On", "").map((t) => Buffer.from(t)),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom("\n", "\r\n"), fc.boolean(), (lines, eol, bom) => {
        const original = Buffer.concat([bom ? BOM : Buffer.alloc(0), ...lines.flatMap((l) => [l, Buffer.from(eol)])]);
        const outcome = fixFiles([file], { cwd: dir, dialect: "apache" }, new Map([[file, { bytes: original }]]), { unsafe: true });
        const fixed = outcome.changed.get(file);
        if (!fixed) return;
        const decoded = decodeBytes(original);
        expect(editBytes(original, decoded, fixed.edits).equals(fixed.bytes)).toBe(true);
        for (const e of fixed.edits) {
          const lineStart = decoded.text.lastIndexOf("\n", e.start - 1) + 1;
          expect(decoded.text.slice(lineStart, e.end)).toMatch(/^\uFEFF?(PythonDebug|WSGIScriptAlias|KeepAlive) /);
        }
      }),
      { numRuns: 300, seed: 14 },
    );
  }, 120_000);
});
