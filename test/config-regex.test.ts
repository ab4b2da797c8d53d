/**
 * A config's regular expressions are run against strings from configs: a
 * pattern that backtracks exponentially must not hang the linter (issue:
 * `<DirectoryMatch "^/srv/(a+)+/$">` against a 27-letter alias took 5 s,
 * 40 letters would take hours), and what a pattern matches must not change.
 */
import path from "node:path";
import { backtrackingShape, configRegex } from "../src/core/config-regex.js";
import { lintFiles } from "../src/engine/run.js";
import { fnmatchRegExp } from "../src/load/fnmatch.js";

describe("a pattern's shape: repeated groups, unbounded quantifiers, and the choices the rest offers", () => {
  test.each([
    ["^/static/", false, 0, 1],
    ["\\.(jpg|png|css)$", false, 0, 3],
    ["^/static/(.*)$", false, 1, 1],
    [".+\\.ph(p[345]?|t|tml)$", false, 1, 6],
    ["^/manual(?:/(?:da|de|en))?(/.*)?$", false, 1, 12],
    ["^/([^/]+)/(.*)$", false, 2, 1],
    ["[*+?]{2}", false, 0, 1],
    ["a\\+b\\*c{2,5}", false, 0, 4],
    ["a*?b+?", false, 2, 1],
    ["^(a+)+$", true, 0, 0],
    ["(a|aa)+", true, 0, 0],
    ["(\\w+\\s?)*$", true, 0, 0],
    ["(ab){2,}", true, 0, 0],
    ["^(?:/[^/]+)*/admin", true, 0, 0],
  ])("%s", (src, nested, unbounded, branching) => {
    const shape = backtrackingShape(src);
    expect(shape.nested).toBe(nested);
    if (!nested) expect([shape.unbounded, shape.branching]).toEqual([unbounded, branching]);
  });
});

describe("configRegex", () => {
  const evil = (n: number) => `/srv/${"a".repeat(n)}!/`;
  test("nested quantifiers run in linear time, with the same answers", () => {
    const re = configRegex("^/srv/(a+)+/$");
    expect(re).not.toBeNull();
    const t = performance.now();
    expect(re?.test(evil(5000))).toBe(false);
    expect(re?.test("/srv/aaaa/")).toBe(true);
    expect(performance.now() - t).toBeLessThan(2000);
  });
  test("patterns without a repeated group, on subjects long enough to make backtracking polynomial, stay fast", () => {
    const t = performance.now();
    expect(configRegex("a.*b")?.test("a".repeat(1_000_000))).toBe(false);
    expect(configRegex("^/([^/]*)([^/]*)([^/]*)x$")?.test(`/${"a".repeat(5000)}`)).toBe(false);
    expect(configRegex("^/([^/]*)([^/]*)([^/]*)x$")?.test("/aax")).toBe(true);
    expect(performance.now() - t).toBeLessThan(2000);
  });
  test("captures, flags, and what neither matcher can read", () => {
    expect(configRegex("^/([^/]+)/(x)?(.*)$")?.exec("/app/rest")).toEqual(["/app/rest", "app", undefined, "rest"]);
    expect(configRegex("^/(.*)$")?.exec("/a/b")?.slice(0, 2)).toEqual(["/a/b", "a/b"]);
    expect(configRegex("^/ADMIN/(.*)/$", "i")?.test("/admin/x/")).toBe(true);
    expect(configRegex("^/ADMIN/(.*)/$")?.test("/admin/x/")).toBe(false);
    // A backreference in a pattern that needs the linear matcher: unknown, not a guess.
    expect(configRegex("^/(a+)+\\1$")).toBeNull();
    // Not a pattern at all.
    expect(configRegex("(")).toBeNull();
    // A lookahead in a simple pattern runs as before.
    expect(configRegex("^/(?!static/)")?.test("/admin/")).toBe(true);
  });
});

test("wildcards (Include, <Files>, <Directory>): many stars on a long name stay fast; a leading one never matches a leading dot", () => {
  const t = performance.now();
  expect(fnmatchRegExp("*a*a*a*a*a*a*a*a*a*a*a*a*b").test("a".repeat(200))).toBe(false);
  expect(performance.now() - t).toBeLessThan(2000);
  expect(["a.conf", ".conf", "x.conf.bak", ".hidden.conf"].filter((n) => fnmatchRegExp("*.conf").test(n))).toEqual(["a.conf"]);
  expect(["a", ".", "ab"].filter((n) => fnmatchRegExp("?").test(n))).toEqual(["a"]);
  expect(["wsgi.py", "app.wsgi"].filter((n) => fnmatchRegExp("*.[pw][ys]*").test(n))).toEqual(["wsgi.py", "app.wsgi"]);
  expect(fnmatchRegExp("[z-a]").test("z")).toBe(false);
});

test("the linter on a config whose regex backtracks exponentially against its own alias answers at once", () => {
  const file = "/tmp/djlint-conf-config-regex/httpd.conf";
  const text = [
    "LoadModule alias_module modules/mod_alias.so",
    "LoadModule authz_core_module modules/mod_authz_core.so",
    "<Directory />",
    "    Require all denied",
    "</Directory>",
    "<VirtualHost *:80>",
    "    ServerName x.example",
    `    Alias /media/ ${evilDir(40)}`,
    '    <DirectoryMatch "^/srv/(a+)+/$">',
    "        Require all granted",
    "    </DirectoryMatch>",
    "</VirtualHost>",
    "",
  ].join("\n");
  const t = performance.now();
  const run = lintFiles([path.resolve(file)], { dialect: "apache", overlay: new Map([[file, text]]) });
  expect(performance.now() - t).toBeLessThan(5000);
  // The DirectoryMatch does not match the alias's directory, so the alias is not granted.
  expect(run.results[0].messages.map((m) => m.ruleId)).toContain("apache/alias-dir-not-granted");
});

function evilDir(n: number): string {
  return `/srv/${"a".repeat(n)}!/`;
}
