/**
 * Include resolution, as httpd does it: each case is a tree under
 * fixtures/load/apache/<case>/ whose files carry the expected findings
 * (engine ids and rules alike) as `# expect:` annotations.
 */
import fs from "node:fs";
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
import { PathMap } from "../src/load/path-map.js";
import { readExpectations } from "./support/annotations.js";

const ROOT = path.resolve("fixtures/load/apache");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith(".conf") ? [p] : [];
  });
}

describe("Apache includes", () => {
  for (const name of fs.readdirSync(ROOT).sort()) {
    const dir = path.join(ROOT, name);
    test(name, () => {
      const opts = fs.existsSync(path.join(dir, "case.json")) ? JSON.parse(fs.readFileSync(path.join(dir, "case.json"), "utf8")) : {};
      const entry = path.join(dir, opts.entry ?? "httpd.conf");
      const map = Object.entries((opts.map ?? {}) as Record<string, string>).map(([from, to]) => ({ from, to: path.resolve(dir, to) }));
      const run = lintFiles([entry], { cwd: dir, map });
      const found = run.results
        .flatMap((r) => r.messages)
        .map((m) => `${path.relative(dir, m.file)}:${m.range.line}:${m.range.column} ${m.ruleId}`)
        .sort();
      const expected = files(dir).flatMap((f) => readExpectations(f));
      const want = expected.map((e) => `${path.relative(dir, e.file)}:${e.line}:${e.column} ${e.ruleId}`).sort();
      expect(found).toEqual(want);
      for (const e of expected.filter((x) => x.message)) {
        const m = run.results.flatMap((r) => r.messages).find((x) => x.file === e.file && x.range.line === e.line && x.ruleId === e.ruleId);
        expect(m?.message).toContain(e.message);
      }
      // Each file of the tree is reported once, whatever includes it.
      expect(new Set(run.results.map((r) => r.filePath)).size).toBe(run.results.length);
    });
  }
});

describe("path map", () => {
  const map = new PathMap([{ from: "/usr/local/django", to: "./deploy" }, { from: "/usr/local/django/mysite/media", to: "/data/media" }], "/repo");
  test("maps whole path segments, longest prefix first", () => {
    expect(map.apply("/usr/local/django/mysite/apache/django.wsgi")).toBe("/repo/deploy/mysite/apache/django.wsgi");
    expect(map.apply("/usr/local/django")).toBe("/repo/deploy");
    expect(map.apply("/usr/local/django/mysite/media/x.png")).toBe("/data/media/x.png");
    expect(map.apply("/usr/local/djangoX/y")).toBe("/usr/local/djangoX/y");
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
