/**
 * A lint reads the settings its rules declare when one is first asked for
 * (a setting, or whether the settings can be read): the statements they need,
 * all in one parse, once; the statements only an undeclared setting needs are
 * never parsed.
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

test("the declared settings' statements are parsed when one is first asked for, together and once; an undeclared one's never", () => {
  const { p } = lint(SETTINGS, ["DEBUG", "STATIC_ROOT"]);
  expect(p.settingsFiles).toEqual(["/srv/a/a/settings.py"]);
  const before = pythonCharsParsed();
  expect(knownSetting(p, "DEBUG")).toMatchObject({ how: "read", value: false });
  const first = pythonCharsParsed() - before;
  // DEBUG, BASE and STATIC_ROOT (about 60 characters), not the 40 lines of INSTALLED_APPS.
  expect(first).toBeGreaterThan(40);
  expect(first).toBeLessThan(APPS.length);
  expect(knownSetting(p, "STATIC_ROOT")).toMatchObject({ how: "read", value: "/srv/a/static" });
  expect(p.settingsUnknown).toBeUndefined();
  expect(pythonCharsParsed() - before).toBe(first);
});

test("a statement a later setting needs does not parse: the one asked first is not known either (Python refuses the module)", () => {
  const broken = SETTINGS.replace('STATIC_ROOT = BASE + "/static"', 'STATIC_ROOT = BASE + "/static" if DEBUG else');
  const { m, p } = lint(broken);
  expect(knownSetting(p, "DEBUG")).toBeNull();
  expect(p.settingsUnknown).toMatch(/does not parse as Python \(line 46/);
  // Asked for whether they can be read before any setting: the same answer, said once.
  const again = lint(broken);
  expect(again.p.settingsUnknown).toMatch(/does not parse as Python \(line 46/);
  expect(knownSetting(again.p, "DEBUG")).toBeNull();
  for (const x of [m, again.m]) expect(x.notFound.map((n) => n.lookedFor)).toEqual([expect.stringMatching(/settings\.py, which does not parse as Python/)]);
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
  expect(m.notFound[0].lookedFor).toMatch(/settings\.py, which does not parse as Python/);
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

test("split settings asked one setting after another: each as a whole read gives it, the base module's values taken where it left them", () => {
  // base.py rebinds what a later statement read (Y keeps the first X), production.py changes base's list and
  // reads a name of base no earlier setting needed: reads that add up must not mix one read's values into another.
  const files = {
    "/srv/a/manage.py": "",
    "/srv/a/a/__init__.py": "",
    "/srv/a/a/settings/__init__.py": "",
    "/srv/a/a/settings/base.py":
      'import os\nX = "/one"\nY = X + "/static"\nX = "/two"\nMIDDLEWARE = ["a"]\nBASE = os.path.dirname("/srv/a/a/settings")\nDEBUG = True\n',
    "/srv/a/a/settings/production.py":
      'from .base import *\nDEBUG = False\nMIDDLEWARE.append("b")\nMEDIA_ROOT = BASE + "/media"\nif os.environ.get("S3"):\n    MEDIA_URL = "https://cdn/"\n',
  };
  const names = ["DEBUG", "Y", "X", "MIDDLEWARE", "MEDIA_ROOT", "MEDIA_URL", "STATIC_ROOT"];
  const p = readDjango({ fs: new MemoryFs(files), roots: ["/srv/a"], settings: "a.settings.production", settingsNames: names }).projects[0];
  const whole = readDjango({ fs: new MemoryFs(files), roots: ["/srv/a"], settings: "a.settings.production" }).projects[0];
  // Asked in this order, each once: what the file says, line by line.
  expect(knownSetting(p, "DEBUG")).toMatchObject({ how: "read", value: false, fact: { line: 2 } });
  expect(knownSetting(p, "Y")).toMatchObject({ how: "read", value: "/one/static", fact: { line: 3 } });
  expect(knownSetting(p, "X")).toMatchObject({ how: "read", value: "/two", fact: { line: 4 } });
  expect(knownSetting(p, "MIDDLEWARE")).toMatchObject({ how: "read", value: ["a", "b"], fact: { line: 5 } });
  expect(knownSetting(p, "MEDIA_ROOT")).toMatchObject({ how: "read", value: "/srv/a/a/media", fact: { line: 4 } });
  expect(knownSetting(p, "MEDIA_URL")).toBeNull();
  for (const n of names) expect([n, p.settings[n]]).toEqual([n, whole.settings[n] ?? { notSet: true }]);
});

test("a project on Django 1.x may be Python 2: its forms are read, not refused (Django 2.0 and later run on Python 3 only)", () => {
  const py2 = `DEBUG = False\nALLOWED_HOSTS = ["intranet.example.com"]\ntry:\n    from local_extras import *\nexcept ImportError, e:\n    print >>sys.stderr, "no extras: %s" % e\nSTATIC_ROOT = "/srv/a/static"\n`;
  const read = (djangoVersion?: string) => {
    const fsys = new MemoryFs({ "/srv/a/manage.py": "", "/srv/a/a/__init__.py": "", "/srv/a/a/settings.py": py2, "/srv/a/local_extras.py": "X = 1\n" });
    return readDjango({
      fs: fsys,
      roots: ["/srv/a"],
      settings: "a.settings",
      settingsNames: ["DEBUG", "STATIC_ROOT"],
      ...(djangoVersion ? { djangoVersion } : {}),
    });
  };
  const old = read("1.11");
  expect(old.notFound).toEqual([]);
  expect(knownSetting(old.projects[0], "STATIC_ROOT")).toMatchObject({ how: "read", value: "/srv/a/static" });
  // Without the version (or on 2.0 and later), Python 3 refuses the module: the settings are not read.
  for (const m of [read(), read("4.2")]) {
    expect(m.notFound[0]?.lookedFor).toMatch(/Python 2's `except E, name:`, which Python 3 refuses/);
    expect(knownSetting(m.projects[0], "STATIC_ROOT")).toBeNull();
  }
});
