/**
 * A lint reads each setting its rules declare when a rule first asks for it:
 * the statements only an unasked setting needs are never parsed, and each
 * statement is parsed once whatever the number of settings that need it.
 */
import { readDjango } from "../../src/model/django/index.js";
import { pythonCharsParsed } from "../../src/model/django/python/parser.js";
import { knownSetting } from "../../src/model/django/sides.js";
import { MemoryFs } from "./memory-fs.js";

const APPS = `INSTALLED_APPS = [\n${Array.from({ length: 40 }, (_, i) => `    "app${i}",\n`).join("")}]\n`;
const SETTINGS = `import os\nBASE = "/srv/a"\nDEBUG = False\n${APPS}STATIC_ROOT = BASE + "/static"\n`;

function lint(settings = SETTINGS, names = ["DEBUG", "INSTALLED_APPS", "STATIC_ROOT"]) {
  const fsys = new MemoryFs({ "/srv/a/manage.py": "", "/srv/a/a/__init__.py": "", "/srv/a/a/settings.py": settings });
  const m = readDjango({ fs: fsys, roots: ["/srv/a"], settings: "a.settings", settingsNames: names });
  return { m, p: m.projects[0] };
}

test("only the statements of the settings asked for are parsed, each once", () => {
  const before = pythonCharsParsed();
  const { p } = lint();
  expect(p.settingsFiles).toEqual(["/srv/a/a/settings.py"]);
  expect(knownSetting(p, "DEBUG")).toMatchObject({ how: "read", value: false });
  const debug = pythonCharsParsed() - before;
  expect(debug).toBeLessThan(40);
  expect(knownSetting(p, "STATIC_ROOT")).toMatchObject({ how: "read", value: "/srv/a/static" });
  // BASE and STATIC_ROOT are parsed now; DEBUG is not parsed again, INSTALLED_APPS never was.
  expect(pythonCharsParsed() - before).toBeLessThan(debug + 60);
  expect(knownSetting(p, "INSTALLED_APPS")?.how).toBe("read");
  expect(pythonCharsParsed() - before).toBeGreaterThan(APPS.length);
});

test("every declared setting is there, read on demand, as a whole read gives it; an undeclared one is not", () => {
  const { p } = lint();
  const whole = readDjango({
    fs: new MemoryFs({ "/srv/a/manage.py": "", "/srv/a/a/__init__.py": "", "/srv/a/a/settings.py": SETTINGS }),
    roots: ["/srv/a"],
    settings: "a.settings",
  }).projects[0];
  expect(JSON.parse(JSON.stringify(p.settings))).toEqual({
    DEBUG: whole.settings.DEBUG,
    INSTALLED_APPS: whole.settings.INSTALLED_APPS,
    STATIC_ROOT: whole.settings.STATIC_ROOT,
  });
  expect("DEBUG" in p.settings && !("BASE" in p.settings) && p.settings.BASE === undefined).toBe(true);
});

test("a statement a setting needs does not parse: the settings are unknown from then on, and said once", () => {
  const { m, p } = lint(SETTINGS.replace('STATIC_ROOT = BASE + "/static"', 'STATIC_ROOT = BASE +* "/static"'));
  expect(m.notFound).toEqual([]);
  expect(knownSetting(p, "STATIC_ROOT")).toBeNull();
  expect(p.settingsUnknown).toMatch(/does not parse as Python \(line 46/);
  expect(knownSetting(p, "DEBUG")).toBeNull();
  expect(m.notFound).toHaveLength(1);
  expect(m.notFound[0].lookedFor).toMatch(/settings\.py, which cannot be read: .*does not parse/);
});

test("django.assume fills a setting left unknown, when it is asked for", () => {
  const fsys = new MemoryFs({ "/srv/a/manage.py": "", "/srv/a/a/__init__.py": "", "/srv/a/a/settings.py": "import os\nDEBUG = os.environ['DEBUG']\n" });
  const p = readDjango({ fs: fsys, roots: ["/srv/a"], settings: "a.settings", settingsNames: ["DEBUG"], assume: { DEBUG: false, OTHER: 1 } }).projects[0];
  expect(knownSetting(p, "DEBUG")).toEqual({ how: "assumed", value: false });
  expect(knownSetting(p, "OTHER")).toEqual({ how: "assumed", value: 1 });
});

test("a statement at the very start of the file is parsed alone like any other (not the whole file)", () => {
  const text = `BASE = "/srv/a"\n${APPS}STATIC_ROOT = BASE + "/static"\n`;
  const before = pythonCharsParsed();
  const { p } = lint(text, ["STATIC_ROOT"]);
  expect(knownSetting(p, "STATIC_ROOT")).toMatchObject({ how: "read", value: "/srv/a/static", fact: { line: 44 } });
  expect(pythonCharsParsed() - before).toBeLessThan(60);
});
