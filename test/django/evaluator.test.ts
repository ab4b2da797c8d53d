/**
 * The settings evaluator, construct by construct: each test writes a small
 * settings module and states what Python would leave in it (or why the
 * linter cannot know).
 */
import { PythonReader, settingOf, settingFact, systemSiteDirs, type SettingsRead } from "../../src/model/django/settings.js";
import { MemoryFs } from "./memory-fs.js";

/** Read /p/app/settings.py (plus other files) with /p on the path. */
function settings(text: string, others: Record<string, string | Uint8Array> = {}, module = "app.settings"): SettingsRead {
  const fs = new MemoryFs({ "/p/app/__init__.py": "", "/p/app/settings.py": text, ...others });
  return new PythonReader(fs, ["/p"]).readSettings(module);
}
/** A setting as { value } / { unknown, default? } with its line. */
function get(r: SettingsRead, name: string): Record<string, unknown> {
  const s = settingOf(r, name);
  if (!("binding" in s)) return s;
  const f = settingFact(s.binding);
  const out: Record<string, unknown> = { line: f.line };
  if (f.value !== undefined) out.value = f.value;
  if (f.unknown !== undefined) out.unknown = f.unknown;
  if (f.default !== undefined) out.default = f.default;
  return out;
}
const value = (text: string, name = "X") => get(settings(text), name).value;

describe("literals and containers", () => {
  test.each([
    ["X = 'a\\tb'", "a\tb"],
    ["X = r'a\\tb'", "a\\tb"],
    ['X = "a" \'b\' "c"', "abc"],
    ["X = '''x\ny'''", "x\ny"],
    ["X = u'\\u00e9'", "é"],
    ["X = 0x1F", 31],
    ["X = 1_000", 1000],
    ["X = -5", -5],
    ["X = 2.5", 2.5],
    ["X = True", true],
    ["X = None", null],
    ["X = [1, 'a', (2, 3)]", [1, "a", [2, 3]]],
    ["X = {'a': 1, **{'b': 2}}", { a: 1, b: 2 }],
    ["X = {1, 1, 2}", [1, 2]],
    ["X = ()", []],
    ["X = ('a',)", ["a"]],
  ])("%s", (text, expected) => {
    expect(value(text)).toEqual(expected);
  });
  test("a bytes literal is not read as text", () => {
    expect(get(settings("X = b'a'"), "X")).toMatchObject({ unknown: "a bytes literal" });
  });
});

describe("names, operators, strings", () => {
  test("names assigned earlier, chained and unpacked assignment", () => {
    const r = settings("A = 'x'\nB = C = A + 'y'\nD, E = 1, [2]\n");
    expect(get(r, "B")).toEqual({ value: "xy", line: 2 });
    expect(get(r, "C")).toEqual({ value: "xy", line: 2 });
    expect(get(r, "D")).toEqual({ value: 1, line: 3 });
    expect(get(r, "E")).toEqual({ value: [2], line: 3 });
  });
  test("+=, .append, .extend, .insert, .remove, X[k] = v, del", () => {
    const r = settings(
      "L = ['a']\nL += ['b']\nL.append('c')\nL.extend(('d',))\nL.insert(0, 'z')\nL.remove('b')\nD = {'a': {'b': 1}}\nD['a']['c'] = 2\ndel D['a']['b']\nT = (1,)\nT += (2,)\n",
    );
    expect(get(r, "L")).toEqual({ value: ["z", "a", "c", "d"], line: 1 });
    expect(get(r, "D")).toEqual({ value: { a: { c: 2 } }, line: 7 });
    expect(value("T = (1,)\nT += (2,)", "T")).toEqual([1, 2]);
  });
  test("a change the linter cannot follow makes the whole name unknown", () => {
    expect(get(settings("import x\nL = []\nL.append(x.y)\nD = {}\nD.update(x.z)\n"), "D")).toMatchObject({ unknown: expect.stringContaining("D.update(x.z)") });
  });
  test("f-strings, % and .format of known parts", () => {
    expect(value("H = 'h'\nX = f'{H}:{8000}/{{x}}'")).toBe("h:8000/{x}");
    expect(value("X = '%s/%s' % ('a', 1)")).toBe("a/1");
    expect(value("X = '%(a)s!' % {'a': 'b'}")).toBe("b!");
    expect(value("X = '{}-{name}'.format('a', name='b')")).toBe("a-b");
    expect(get(settings("X = f'{3.5:.1f}'"), "X")).toMatchObject({ unknown: expect.stringContaining("format spec") });
  });
  test("comparisons and boolean operators of known values", () => {
    expect(value("A = 'on'\nX = A == 'on' and not False")).toBe(true);
    expect(value("X = 'b' in ['a', 'b']")).toBe(true);
    expect(value("X = 1 if None else 2")).toBe(2);
  });
  test("str methods", () => {
    expect(value("X = ' a;b '.strip().split(';')")).toEqual(["a", "b"]);
    expect(value("X = ','.join(['a', 'b']).upper()")).toBe("A,B");
  });
  test("several for clauses nest as Python nests them, each if decided where it stands", () => {
    // Python: [f"{p}{d}" for d in ("example.fr", "example.de") for p in ("", "www.")]
    expect(value('D = ("example.fr", "example.de")\nX = [f"{p}{d}" for d in D for p in ("", "www.")]')).toEqual([
      "example.fr",
      "www.example.fr",
      "example.de",
      "www.example.de",
    ]);
    // A later clause reads an earlier name; an `if` between clauses filters the outer loop.
    expect(value("X = [a + b for a in ['x', 'y'] if a != 'y' for b in [a, 'z']]")).toEqual(["xx", "xz"]);
    expect(get(settings("import os\nX = [a + b for a in ['x'] for b in os.environ.get('B', '').split()]"), "X").unknown).toMatch(/environment/);
  });
  test("a list or set comprehension: one for over a known list, its ifs decided; any other shape is unknown", () => {
    expect(value('_HOSTS = "hours.example.com, www.hours.example.com"\nX = [h.strip() for h in _HOSTS.split(",")]')).toEqual([
      "hours.example.com",
      "www.hours.example.com",
    ]);
    expect(value("X = [f'https://{h}' for h in ('a', 'b', '') if h]")).toEqual(["https://a", "https://b"]);
    expect(value("X = {n.lower() for n in ['A', 'a']}")).toEqual(["a"]);
    // The loop's name is the comprehension's own: a setting of that name is untouched.
    expect(get(settings("h = 'x'\nX = [h for h in ['a']]\n"), "h")).toEqual({ value: "x", line: 1 });
    expect(get(settings("X = [a for a, b in [('x', 1)]]"), "X").unknown).toMatch(/comprehension/);
    expect(get(settings("import os\nX = [h for h in ['a'] if os.environ.get('Y')]"), "X").unknown).toMatch(/cannot decide/);
  });
  test("a comprehension over the environment keeps the default it would give", () => {
    const x = get(settings("import os\nX = [h.strip() for h in os.environ.get('HOSTS', 'a, b').split(',')]"), "X");
    expect(x.unknown).toMatch(/environment variable/);
    expect(x.default).toEqual(["a", "b"]);
  });
});

describe("paths", () => {
  test("pathlib: Path(__file__).resolve().parent.parent / 'x'", () => {
    const r = settings(
      "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_ROOT = BASE_DIR / 'static'\nMEDIA_ROOT = str(BASE_DIR.joinpath('media'))\nP = BASE_DIR.parents[0]\n",
    );
    expect(get(r, "STATIC_ROOT")).toEqual({ value: "/p/static", line: 3 });
    expect(get(r, "MEDIA_ROOT")).toEqual({ value: "/p/media", line: 4 });
    expect(get(r, "P")).toEqual({ value: "/", line: 5 });
  });
  test("os.path: join, dirname, abspath, normpath, realpath, os.pardir", () => {
    const r = settings(
      "import os\nB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nS = os.path.join(B, 'static', '')\nN = os.path.normpath(os.path.join(B, os.pardir, 'x'))\nR = os.path.realpath(__file__)\nA = os.path.join('/a', '/b')\nRel = os.path.abspath('x')\n",
    );
    expect(get(r, "B").value).toBe("/p");
    expect(get(r, "S").value).toBe("/p/static/");
    expect(get(r, "N").value).toBe("/x");
    expect(get(r, "R").value).toBe("/p/app/settings.py");
    expect(get(r, "A").value).toBe("/b");
    expect(get(r, "Rel")).toMatchObject({ unknown: expect.stringContaining("relative path") });
  });
  test("environ.Path (django-environ) with - and calls", () => {
    expect(value("import environ\nroot = environ.Path(__file__) - 2\nX = root('static')")).toBe("/p/static");
    expect(value("import environ, os\nroot = environ.Path(__file__) - 2\nX = os.path.join(root.path('a'), 'b')")).toBe("/p/a/b");
    expect(value("import environ\nroot = environ.Path(__file__) - 2\nX = str(root)")).toBe("/p");
  });
});

describe("the environment: unknown, with the default that holds when nothing overrides it", () => {
  test.each([
    ["import os\nX = os.environ.get('A', 'd')", "d"],
    ["import os\nX = os.getenv('A', 'd').split(',')", ["d"]],
    ["import os\nX = os.environ.get('A')", null],
    ["import os\nX = os.environ.get('DEBUG', 'False') == 'True'", false],
    ["import os\nX = int(os.getenv('N', '3')) + 1", 4],
    ["import os\nX = f\"[::]:{os.environ.get('PORT', 5006)}\"", "[::]:5006"],
    ["import environ\nenv = environ.Env(X=(bool, False))\nX = env('X')", false],
    ["import environ\nenv = environ.Env()\nX = env.bool('X', default=True)", true],
    ["import environ\nenv = environ.Env()\nX = env.list('X', default=['a'])", ["a"]],
    ["from environs import Env\nenv = Env()\nenv.read_env()\nX = env.bool('X', False)", false],
    ["from decouple import config\nX = config('X', default='false', cast=bool)", false],
    ["from decouple import config, Csv\nX = config('X', default='a, b', cast=Csv())", ["a", "b"]],
  ])("%s", (text, dflt) => {
    const x = get(settings(text), "X");
    expect(x.unknown).toMatch(/environment variable/);
    expect(x.default).toEqual(dflt);
  });
  test("os.environ[...] has no default (KeyError when unset)", () => {
    expect(get(settings("import os\nX = os.environ['A']"), "X")).toEqual({ unknown: "the environment variable A (os.environ[...])", line: 2 });
  });
});

describe("control flow", () => {
  test("an if whose condition is known runs its branch only", () => {
    const r = settings("DEBUG = False\nif DEBUG:\n    X = 1\nelse:\n    X = 2\nY = 3\n");
    expect(get(r, "X")).toEqual({ value: 2, line: 5 });
  });
  test("an undecidable if makes unknown only the names it assigns; the environment default picks the branch for the default", () => {
    const r = settings("import os\nX = 1\nY = 'keep'\nif os.environ.get('PROD'):\n    X = 2\nelse:\n    X = 3\n    Z = 4\n");
    expect(get(r, "Y")).toEqual({ value: "keep", line: 3 });
    expect(get(r, "X")).toMatchObject({ unknown: expect.stringContaining("line 4"), default: 3, line: 4 });
    expect(get(r, "Z")).toMatchObject({ default: 4 });
  });
  test("an undecidable if leaves the values each way through it gives, when every one is known", () => {
    const alternatives = (text: string, name = "M") => {
      const s = settingOf(settings(text), name);
      return "binding" in s ? settingFact(s.binding).alternatives : undefined;
    };
    const base = "import os\nDEBUG = os.environ.get('DEBUG') == '1'\nM = ['a', 'b']\n";
    // No else: the list as it was is one of them.
    expect(alternatives(`${base}if DEBUG:\n    M.insert(0, 'toolbar')\n`)).toEqual([
      ["toolbar", "a", "b"],
      ["a", "b"],
    ]);
    // Every branch, elif and else included (their conditions are not read).
    expect(alternatives(`${base}if DEBUG:\n    M = ['x']\nelif os.environ.get('CI'):\n    M += ['ci']\nelse:\n    pass\n`)).toEqual([
      ["x"],
      ["a", "b", "ci"],
      ["a", "b"],
    ]);
    // Nested: the inner if's values are the outer branch's.
    expect(alternatives(`${base}if DEBUG:\n    if os.environ.get('X'):\n        M = ['x']\nelse:\n    M = ['y']\n`)).toEqual([["x"], ["a", "b"], ["y"]]);
    // A way that leaves it unknown, or unset, or a later change: none.
    expect(alternatives(`${base}if DEBUG:\n    M = [os.environ['Z']]\n`)).toBeUndefined();
    expect(alternatives("import os\nif os.environ.get('X'):\n    M = ['a']\n")).toBeUndefined();
    expect(alternatives(`${base}if DEBUG:\n    M = ['x']\nM.append('c')\n`)).toBeUndefined();
    // Known values before the if stay known, unknown ones without alternatives.
    expect(get(settings(`${base}if DEBUG:\n    M = ['x']\n`), "DEBUG")).toMatchObject({ unknown: expect.stringContaining("DEBUG") });
  });
  test("an if on something that is not the environment: unknown without a default", () => {
    expect(get(settings("import sys\nif sys.argv:\n    X = 1\n"), "X")).toEqual({ unknown: expect.stringContaining("sys.argv"), line: 2 });
  });
  test("try runs as if nothing raised; what an except clause assigns is unknown", () => {
    const r = settings("try:\n    A = 1\n    B = 2\nexcept ImportError:\n    B = 3\nfinally:\n    C = 4\n");
    expect(get(r, "A")).toEqual({ value: 1, line: 2 });
    expect(get(r, "B")).toMatchObject({ unknown: expect.stringContaining("except") });
    expect(get(r, "C")).toEqual({ value: 4, line: 7 });
  });
  test("loops make what they assign unknown; functions and classes are never run", () => {
    const r = settings("L = []\nfor a in ['x']:\n    L.append(a)\ndef f():\n    return 1\nX = f()\n");
    expect(get(r, "L")).toMatchObject({ unknown: expect.stringContaining("for") });
    expect(get(r, "X")).toMatchObject({ unknown: "calls f(), defined on line 4, which the linter does not run" });
  });
  test("globals().update() may set anything", () => {
    const r = settings("A = 1\nglobals().update({})\n");
    expect(get(r, "A")).toMatchObject({ unknown: expect.stringContaining("globals().update"), default: 1 });
    expect(settingOf(r, "B")).toMatchObject({ unknown: expect.stringContaining("globals().update") });
  });
  // Packages that write the settings module's namespace themselves: whatever they may set is unknown, never "not set".
  test.each([
    ["django-heroku hands it locals()", "import django_heroku\nA = 1\ndjango_heroku.settings(locals())\n", "locals()"],
    ["a helper handed globals()", "from app.env import load\nA = 1\nload(globals(), 'prod')\n", "globals()"],
    ["locals().update() at module level", "A = 1\nlocals().update(dict(SECURE_HSTS_SECONDS=3600))\n", "locals().update"],
    ["vars() as an argument", "import helper\nA = 1\nhelper.apply(vars())\n", "vars()"],
    [
      "globals()[name] = value in a loop over the environment",
      "import ast, os\nA = 1\nfor key, raw in os.environ.items():\n    if key.startswith('DJANGO_'):\n        globals()[key[7:]] = ast.literal_eval(raw)\n",
      "may set any name",
    ],
    ["globals()[name] = value at module level", "A = 1\nname = 'SECURE_HSTS_SECONDS'\nglobals() [name] = 3600\n", "sets a name the linter cannot see"],
    ["setattr on the module itself", "import os, sys\nA = 1\nfor k, v in os.environ.items():\n    setattr(sys.modules[__name__], k, v)\n", "may set any name"],
    ["the module object kept in a name", "import sys\nA = 1\nthis = sys.modules[ __name__ ]\nthis.SECURE_HSTS_SECONDS = 0\n", "sys.modules[__name__]"],
    [
      "django-split-settings' include()",
      "from split_settings.tools import include, optional\nA = 1\ninclude('components/*.py', optional('local.py'))\n",
      "include()",
    ],
    ["include() under another name", "from split_settings.tools import include as run_files\nA = 1\nrun_files('base.py')\n", "include()"],
    ["Dynaconf", "import dynaconf\nA = 1\nsettings = dynaconf.DjangoDynaconf(__name__)\n", "Dynaconf"],
    [
      "Read the Docs' class settings copied into the module by name",
      "from readthedocs.settings.base import CommunityBaseSettings\nA = 1\nclass SelfHost(CommunityBaseSettings):\n    SECURE_HSTS_SECONDS = 31536000\nSelfHost.load_settings(__name__)\n",
      "hands the module's name",
    ],
    [
      "django-configurations",
      "A = 1\nfrom configurations import Configuration, values\nclass Prod(Configuration):\n    DEBUG = False\n",
      "django-configurations",
    ],
    ["django-configurations, imported whole", "A = 1\nimport configurations\n", "django-configurations"],
    [
      // Its loader runs the module, then copies the chosen class's attributes over it: a name assigned after the import is replaced too.
      "django-configurations, with names assigned after its import",
      "from configurations import Configuration\nA = 1\nclass Prod(Configuration):\n    A = 2\n",
      "django-configurations",
    ],
    [
      "a namespace write under an undecided condition",
      "import os, django_heroku\nA = 1\nif os.environ.get('DYNO'):\n    django_heroku.settings(locals())\n",
      "may set any name",
    ],
  ])("%s: what it may set is unknown", (_label, text, what) => {
    const r = settings(text);
    expect(get(r, "A")).toMatchObject({ unknown: expect.stringContaining(what), default: 1 });
    expect(settingOf(r, "SECURE_HSTS_SECONDS")).toMatchObject({ unknown: expect.stringContaining(what) });
  });
  test("locals() read, include() that is not django-split-settings', and a logger named after the module write nothing", () => {
    const r = settings(
      "import logging\nfrom django.urls import include\nA = 1\nNAMES = list(locals().keys())\nX = include('app.urls')\nlogger = logging.getLogger(__name__)\n",
    );
    expect(get(r, "A")).toEqual({ value: 1, line: 3 });
    expect(settingOf(r, "SECURE_HSTS_SECONDS")).toEqual({ notSet: true });
  });
  test("a setting nothing assigns is not set (Django's default applies)", () => {
    expect(settingOf(settings("A = 1"), "B")).toEqual({ notSet: true });
  });
});

describe("imports inside the project (split settings)", () => {
  const pkg = {
    "/p/app/settings/__init__.py": "from .production import *\n",
    "/p/app/settings/base.py": "DEBUG = True\nL = ['a']\n_PRIVATE = 1\n",
    "/p/app/settings/production.py": "from .base import *\nfrom app.settings.extra import *\nfrom .base import L as BASE_L\nDEBUG = False\nL.append('b')\n",
    "/p/app/settings/extra.py": "EXTRA = 'e'\n",
  };
  test("a package's __init__, relative and absolute star imports, named imports; private names stay private", () => {
    const fs = new MemoryFs({ "/p/app/__init__.py": "", ...pkg });
    const r = new PythonReader(fs, ["/p"]).readSettings("app.settings");
    expect(r.error).toBeNull();
    expect(r.files).toEqual(["/p/app/settings/__init__.py", "/p/app/settings/production.py", "/p/app/settings/base.py", "/p/app/settings/extra.py"]);
    expect(get(r, "DEBUG")).toEqual({ value: false, line: 4 });
    expect(get(r, "L")).toEqual({ value: ["a", "b"], line: 2 });
    expect(get(r, "BASE_L")).toEqual({ value: ["a"], line: 2 });
    expect(get(r, "EXTRA")).toEqual({ value: "e", line: 1 });
    expect(settingOf(r, "_PRIVATE")).toEqual({ notSet: true });
  });
  test("a package shadows a leftover module of the same name, as Python's path finder does (absolute and relative imports)", () => {
    const fs = new MemoryFs({
      "/p/app/__init__.py": "",
      ...pkg,
      // Left behind when the settings became a package: Python never imports it.
      "/p/app/settings.py": "DEBUG = True\n",
      "/p/app/other.py": "from .settings import *\n",
    });
    const r = new PythonReader(fs, ["/p"]).readSettings("app.settings");
    expect(r.files[0]).toBe("/p/app/settings/__init__.py");
    expect(get(r, "DEBUG")).toEqual({ value: false, line: 4 });
    expect(get(new PythonReader(fs, ["/p"]).readSettings("app.other"), "DEBUG")).toEqual({ value: false, line: 4 });
  });
  test("a star import from outside the project turns what precedes it into defaults", () => {
    const r = settings("DEBUG = True\nfrom somepkg.settings import *\nX = 1\n");
    expect(get(r, "DEBUG")).toMatchObject({ unknown: expect.stringContaining("from somepkg.settings import *"), default: true, line: 1 });
    expect(get(r, "X")).toEqual({ value: 1, line: 3 });
    expect(settingOf(r, "OTHER")).toMatchObject({ unknown: expect.stringContaining("somepkg") });
  });
  test("an optional local module that is not there: Python raises ImportError at it, the handler runs, the rest of the try does not", () => {
    // Wagtail's template ends dev.py and production.py with `try: from .local import * / except ImportError: pass`: read as
    // Python reads these files (a local.py that is there is read, below).
    const r = settings("DEBUG = False\ntry:\n    from .local_settings import *\n    DEBUG = True\nexcept ImportError:\n    pass\n");
    expect(get(r, "DEBUG")).toEqual({ value: false, line: 1 });
    // The handler that catches it runs (production values kept there, on a server without the developers' file); `else` does not.
    const fallback = settings("try:\n    from app.local import *\nexcept (KeyError, ModuleNotFoundError) as e:\n    DEBUG = False\nelse:\n    DEBUG = True\n");
    expect(get(fallback, "DEBUG")).toEqual({ value: false, line: 4 });
    // A handler that does not catch ImportError, or a module outside the project's packages (it may be installed): unknown.
    expect(get(settings("DEBUG = False\ntry:\n    from .local import *\nexcept KeyError:\n    pass\n"), "DEBUG")).toMatchObject({
      unknown: expect.stringContaining("local"),
      default: false,
    });
    expect(get(settings("DEBUG = False\ntry:\n    from somepkg.local import *\nexcept ImportError:\n    pass\n"), "DEBUG")).toMatchObject({
      unknown: expect.stringContaining("somepkg"),
      default: false,
    });
    // Kept out of git (a .gitignore up to the repository's root names it): each machine has its own, the server too. Unknown.
    for (const [ignoreFile, pattern] of [
      ["/p/app/.gitignore", "local_settings.py\n"],
      ["/p/.gitignore", "*.pyc\n/app/local_settings.py\n"],
    ]) {
      const kept = settings("DEBUG = True\ntry:\n    from .local_settings import *\nexcept ImportError:\n    pass\n", {
        [ignoreFile]: pattern,
        "/p/.git/HEAD": "ref: refs/heads/main\n",
      });
      expect(get(kept, "DEBUG")).toMatchObject({ unknown: expect.stringContaining(`${ignoreFile} keeps it out of git`), default: true });
    }
    // The module there is read (and its names win).
    expect(
      get(settings("DEBUG = False\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n", { "/p/app/local.py": "DEBUG = True\n" }), "DEBUG"),
    ).toEqual({
      value: true,
      line: 1,
    });
  });
  test("an imported module Python refuses (a SyntaxError): the import raises, and unless a handler catches SyntaxError the settings are refused too", () => {
    // Python 2's octal in a local_settings.py left on a server moved to Python 3: `except ImportError` does not catch it.
    const local = { "/p/app/local_settings.py": "DEBUG = False\nFILE_UPLOAD_PERMISSIONS = 0644\n" };
    const refused = settings("DEBUG = True\ntry:\n    from .local_settings import *\nexcept ImportError:\n    pass\n", local);
    expect(refused.error).toMatch(
      /from \.local_settings import \* \(line 3 of \/p\/app\/settings\.py\) imports a module Python refuses: \/p\/app\/local_settings\.py does not parse as Python \(line 2/,
    );
    expect(settingOf(refused, "DEBUG")).toEqual({ unknown: refused.error });
    // Through a module that star-imports the refused one.
    const through = settings("from .base import *\n", { ...local, "/p/app/base.py": "from .local_settings import *\n" });
    expect(through.error).toMatch(/imports a module Python refuses/);
    // Caught (`except Exception:`): the settings are read; what the module would have set is unknown.
    const caught = settings("DEBUG = True\ntry:\n    from .local_settings import *\nexcept Exception:\n    pass\n", local);
    expect(caught.error).toBeNull();
    expect(get(caught, "DEBUG")).toMatchObject({ unknown: expect.stringContaining("local_settings"), default: true });
  });
  test("a module that imports itself: a cycle is reported, not followed", () => {
    const r = settings("A = 1\nfrom app.settings import *\n");
    expect(get(r, "A")).toMatchObject({ unknown: expect.stringContaining("import cycle"), default: 1 });
  });
  test("two modules importing each other", () => {
    const fs = new MemoryFs({ "/p/a.py": "from b import *\nA = 1\n", "/p/b.py": "from a import *\nB = 2\n" });
    const r = new PythonReader(fs, ["/p"]).readSettings("a");
    expect(get(r, "A")).toEqual({ value: 1, line: 2 });
    expect(get(r, "B")).toEqual({ value: 2, line: 2 });
  });
});

describe("bad input: unknown with a reason, never an exception", () => {
  test("not Python", () => {
    const r = settings("{% if x %}\nDEBUG = True\n");
    expect(r.error).toMatch(/does not parse as Python \(line 1, column 2/);
    expect(settingOf(r, "DEBUG")).toEqual({ unknown: r.error });
  });
  test("Python 2 syntax the parser keeps in its grammar: Python 3 refuses it", () => {
    for (const [text, what] of [
      ['DEBUG = False\nprint "settings loaded"\n', "print statement"],
      ["DEBUG = False\ntry:\n    from local import *\nexcept ImportError, e:\n    pass\n", "except E, name:"],
      ['DEBUG = False\nif DEBUG:\n    raise ValueError, "no"\n', 'raise E, "message"'],
      ["DEBUG = 1 <> 2\n", "<>"],
      ["DEBUG = False\nFILE_UPLOAD_PERMISSIONS = 0644\n", "octal"],
    ]) {
      const r = settings(text);
      expect(r.error).toMatch(/does not parse as Python \(line \d+, column \d+: Python 2's/);
      expect(r.error).toContain(what);
      expect(settingOf(r, "DEBUG")).toEqual({ unknown: r.error });
    }
    // Python 3's forms of the same are read.
    const ok = settings(
      'print("x")\ntry:\n    pass\nexcept (ImportError, OSError) as e:\n    pass\nMODE = 0o644 + 00 + 0_0 + int(007.5) + 0\nDEBUG = 1 != 2\n',
    );
    expect(ok.error).toBeNull();
    expect(get(ok, "DEBUG").value).toBe(true);
  });
  test("indentation Python refuses (the grammar does not): an indented module, a block's statement off its column, tabs against spaces", () => {
    // Checked with Python 3.11: IndentationError (TabError) for each.
    for (const [text, line, message] of [
      ["    DEBUG = True\n    ALLOWED_HOSTS = ['shop.example.com']\n", 1, "unexpected indent"],
      ["DEBUG = False\n    ALLOWED_HOSTS = ['shop.example.com']\n", 2, "unexpected indent"],
      ["DEBUG = False\nif DEBUG:\n        A = 1\n    B = 2\n", 4, "unindent does not match any outer indentation level"],
      ["DEBUG = False\nif DEBUG:\n\tA = 1\n        B = 2\n", 4, "inconsistent use of tabs and spaces in indentation"],
    ] as const) {
      const r = settings(text);
      expect(r.error).toMatch(new RegExp(`does not parse as Python \\(line ${line}, column \\d+: ${message}\\)`));
      expect(settingOf(r, "DEBUG")).toEqual({ unknown: r.error });
    }
    // What Python reads: blocks at any one indentation, statements after a colon, continued lines and strings at any
    // column, comments anywhere.
    const ok = settings(
      "import os\nif os.environ.get('X'):\n\tA = 1\n\tB = 2\nelse: A = 3; B = 4\nC = (1,\n   2)\nD = '''\n  text\n'''\n  # a comment\nclass K: pass\nDEBUG = True\n",
    );
    expect(ok.error).toBeNull();
    expect(get(ok, "DEBUG").value).toBe(true);
  });
  test("brackets nested deeper than Python's 200: refused where the 201st opens, strings and comments not counted", () => {
    const nest = (d: number) => `${"(".repeat(d)}1${")".repeat(d)}`;
    const deep = settings(`DEBUG = False\nX = [${nest(200)}]\n`);
    expect(deep.error).toMatch(/\(line 2, column 205: more than 200 nested brackets, which Python refuses\)/);
    expect(settingOf(deep, "DEBUG")).toEqual({ unknown: deep.error });
    // 200 deep is read, and brackets in strings, comments and triple-quoted strings are text.
    const ok = settings(`X = ${nest(200)}\nY = "${"(".repeat(300)}"  # ${"[".repeat(300)}\nZ = """\n${"{".repeat(300)}\n"""\nDEBUG = True\n`);
    expect(ok.error).toBeNull();
    expect(get(ok, "X").value).toBe(1);
    expect(get(ok, "DEBUG").value).toBe(true);
  });
  test("a syntax error on a secret's line is not quoted: the reason names no word of the value", () => {
    for (const line of [
      "SECRET_KEY = django-insecure-9hQ2mZpLx8wqV",
      "DATABASE_URL = postgres://admin:Sup3rS3cret@db/app",
      'EMAIL_HOST_PASSWORD = "x" Sup3rS3cret',
    ]) {
      const r = settings(`DEBUG = False\n${line}\n`);
      expect(r.error).toMatch(/\(line 2, column \d+: unexpected text\)/);
      expect(r.error).not.toMatch(/9hQ2|Sup3r|insecure/);
    }
    // Elsewhere the unexpected word is named.
    expect(settings("DEBUG = False\nX = [1 two]\n").error).toMatch(/unexpected 'two'/);
  });
  test("binary", () => {
    const r = settings("", { "/p/app/settings.py": new Uint8Array([0x44, 0, 0x45]) });
    expect(r.error).toMatch(/binary file/);
  });
  test("larger than 1 MB", () => {
    const r = settings("X = 1\n" + "#".repeat(1024 * 1024));
    expect(r.error).toMatch(/larger than 1 MB/);
  });
  test("a settings module that is not there", () => {
    const r = settings("X = 1", {}, "nope.settings");
    expect(r.error).toMatch(/not on the project's path/);
  });
  test("deeply nested expressions", () => {
    const r = settings("X = " + "[".repeat(3000) + "]".repeat(3000));
    expect(() => settingOf(r, "X")).not.toThrow();
  });
});

describe("more forms", () => {
  test("%d of a bool and of a float", () => {
    expect(value("X = '%d-%d' % (True, 2.7)")).toBe("1-2");
  });
  test("a name imported from a module outside the project", () => {
    expect(get(settings("from django.conf.global_settings import STATIC_URL as X"), "X")).toMatchObject({
      unknown: expect.stringMatching(/^imported from django\.conf\.global_settings \(which is not in the project/),
    });
  });
  test("a while loop and a match statement", () => {
    expect(get(settings("X = 1\nwhile False:\n    X = 2\n"), "X")).toMatchObject({ unknown: expect.stringContaining("`while` loop on line 2") });
    expect(get(settings("X = 1\nmatch Y:\n    case 1:\n        X = 2\n"), "X")).toMatchObject({
      unknown: expect.stringContaining("`match` statement on line 2"),
    });
  });
});

describe("the system's packages", () => {
  test("a settings package the processes name is found in the system Python's dist-packages; the libraries beside it are not read", () => {
    // A server tree mapped with `--map /usr=...`: its /usr is read from a copy.
    class MappedFs extends MemoryFs {
      local(p: string): string {
        return p.startsWith("/usr/") ? `/copy${p}` : p;
      }
    }
    const files = {
      "/usr/lib/python3/dist-packages/graphite/__init__.py": "",
      "/usr/lib/python3/dist-packages/graphite/settings.py": "from django import VERSION\nALLOWED_HOSTS = ['*']\n",
      "/usr/lib/python3/dist-packages/django/__init__.py": "VERSION = (4, 2)\n",
      "/usr/lib/python2.7/dist-packages/graphite/__init__.py": "",
      "/etc/graphite/local_settings.py": "",
    };
    const fs = new MappedFs(files);
    expect(systemSiteDirs(fs)).toEqual(["/usr/lib/python3/dist-packages", "/usr/lib/python2.7/dist-packages"]);
    const reader = new PythonReader(fs, ["/usr/share/graphite-web"], null, { tops: new Set(["graphite"]), dirs: () => systemSiteDirs(fs) });
    expect(reader.findModule("graphite.settings")).toEqual({
      file: "/usr/lib/python3/dist-packages/graphite/settings.py",
      root: "/usr/lib/python3/dist-packages",
    });
    expect(reader.findModule("django")).toBeNull();
    const r = reader.readSettings("graphite.settings");
    expect(settingFact((settingOf(r, "ALLOWED_HOSTS") as { binding: Parameters<typeof settingFact>[0] }).binding).value).toEqual(["*"]);
    expect(r.files).toEqual(["/usr/lib/python3/dist-packages/graphite/settings.py"]);
    // Without the option, nothing there is looked at; nor unmapped (the linting machine's own packages).
    expect(new PythonReader(fs, ["/usr/share/graphite-web"]).findModule("graphite.settings")).toBeNull();
    expect(systemSiteDirs(new MemoryFs(files))).toEqual([]);
  });
});
