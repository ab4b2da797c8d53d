/**
 * Include resolution, as httpd does it: each case is a tree under
 * fixtures/load/apache/<case>/ whose files carry the expected findings
 * (engine ids and rules alike) as `# expect:` annotations.
 */
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
import { PathMap } from "../src/load/path-map.js";
import { describeLoadCases } from "./support/load-cases.js";

const ROOT = path.resolve("fixtures/load/apache");

describeLoadCases("Apache includes", ROOT, { entry: "httpd.conf", annotated: (n) => n.endsWith(".conf") });

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
