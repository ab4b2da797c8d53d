/**
 * Include resolution, as httpd does it: each case is a tree under
 * fixtures/load/apache/<case>/ whose files carry the expected findings
 * (engine ids and rules alike) as `# expect:` annotations.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
import { chargeParse, countTokens } from "../src/load/budget.js";
import { DiskFs, readConfigFile } from "../src/load/fs-facade.js";
import { PathMap } from "../src/load/path-map.js";
import { describeLoadCases } from "./support/load-cases.js";

const ROOT = path.resolve("fixtures/load/apache");

describeLoadCases("Apache includes", ROOT, { entry: "httpd.conf", annotated: (n) => n.endsWith(".conf") });

describe("path map", () => {
  const map = new PathMap(
    [
      { from: "/usr/local/django", to: "./deploy" },
      { from: "/usr/local/django/mysite/media", to: "/data/media" },
    ],
    "/repo",
  );
  test("maps whole path segments, longest prefix first", () => {
    expect(map.apply("/usr/local/django/mysite/apache/django.wsgi")).toBe("/repo/deploy/mysite/apache/django.wsgi");
    expect(map.apply("/usr/local/django")).toBe("/repo/deploy");
    expect(map.apply("/usr/local/django/mysite/media/x.png")).toBe("/data/media/x.png");
    expect(map.apply("/usr/local/djangoX/y")).toBe("/usr/local/djangoX/y");
  });
  test("takes a local path back to the server's, by the longest local prefix, whole segments only", () => {
    expect(map.unapply("/repo/deploy/mysite/settings.py")).toBe("/usr/local/django/mysite/settings.py");
    expect(map.unapply("/repo/deploy")).toBe("/usr/local/django");
    expect(map.unapply("/data/media/x.png")).toBe("/usr/local/django/mysite/media/x.png");
    expect(map.unapply("/repo/deployX/y")).toBe("/repo/deployX/y");
    expect(map.unapply("/elsewhere/static")).toBe("/elsewhere/static");
  });
  test("rejects a malformed --map", () => {
    expect(() => PathMap.parseSpec("/only-from")).toThrow(/FROM=TO/);
    expect(PathMap.parseSpec("/a=b=c")).toEqual({ from: "/a", to: "b=c" });
  });
});

test("a file given on the command line and also included is linted once, inside the server", () => {
  const dir = path.join(ROOT, "include-directory");
  const run = lintFiles([path.join(dir, "conf.d/a.conf"), path.join(dir, "httpd.conf")], { cwd: dir });
  const debug = run.results.flatMap((r) => r.messages).filter((m) => m.ruleId === "apache/python-debug-on");
  expect(debug.map((m) => path.relative(dir, m.file)).sort()).toEqual(["conf.d/a.conf", "conf.d/sub/b.conf"]);
});

describe("reading a configuration file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-read-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("only regular files are opened: a FIFO, a device, a directory say what they are; /dev/null is empty", () => {
    const fifo = path.join(dir, "pipe.conf");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expect(readConfigFile(fifo)).toEqual({ error: "a FIFO (named pipe), not a regular file: never read" });
    expect(readConfigFile("/dev/zero")).toEqual({ error: "a character device, not a regular file: never read" });
    expect(readConfigFile("/dev/null")).toEqual({ text: "" });
    expect(readConfigFile(dir)).toEqual({ error: "is a directory" });
    expect(readConfigFile(path.join(dir, "missing.conf"))).toEqual({ error: "no such file or directory" });
  });

  test("a file is read to its end whatever size it claims (files in /proc claim 0)", () => {
    expect(fs.statSync("/proc/self/status").size).toBe(0);
    expect(readConfigFile("/proc/self/status").text).toMatch(/^Name:/);
  });

  test("a binary file is refused from its first bytes", () => {
    const bin = path.join(dir, "blob.conf");
    fs.writeFileSync(bin, Buffer.concat([Buffer.from("ab\0"), Buffer.alloc(2 * 1024 * 1024, 0x61)]));
    expect(readConfigFile(bin)).toEqual({ error: "a binary file (a NUL byte at offset 2), not a configuration" });
  });
});

describe("the parse memory budget", () => {
  test("words and punctuation are counted as the lexers make tokens", () => {
    expect(countTokens("Header set X a b\n")).toBe(5);
    expect(countTokens('x = ( "a", "b" )\n')).toBe(7);
    expect(countTokens("location / { return 204; }")).toBe(7);
  });

  test("a run is charged each file's estimated cost; a file that takes it over the budget is refused, saying why", () => {
    const run = new DiskFs(new PathMap([], "/"));
    const words = "a ".repeat(1000); // 1,000 tokens: 290,000 bytes of memory at 290 per token, and 4,000 for the text
    expect(chargeParse(run, words, 290, 500_000)).toBeNull();
    expect(chargeParse(run, words, 290, 500_000)).toBe(
      "not read: it holds 1000 words and arguments, and with the files read before it, the run would need about 1 MB of memory, more than the 1 MB djlint-conf allows a run (lint fewer files at a time, or split this one)",
    );
    expect(chargeParse(new DiskFs(new PathMap([], "/")), words.repeat(2), 290, 500_000)).toMatch(
      /^not read: it holds 2000 words and arguments, and parsing it would need about 1 MB of memory/,
    );
    // Another run starts from nothing.
    expect(chargeParse(new DiskFs(new PathMap([], "/")), words, 290, 500_000)).toBeNull();
  });
});
