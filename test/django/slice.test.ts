/**
 * A lint reads only the statements that can change the settings its rules
 * read (src/model/django/python/slice.ts). The contract: for every wanted
 * name, the partial read says exactly what the whole read says (value,
 * unknown reason, default, place, later changes), on every file of the
 * corpus and construct by construct; and each case checks that statements
 * were in fact skipped, so that a slice that keeps everything cannot pass.
 */
import fs from "node:fs";
import path from "node:path";
import { DiskFs } from "../../src/load/fs-facade.js";
import { PathMap } from "../../src/load/path-map.js";
import { readDjango, RULE_SETTINGS } from "../../src/model/django/index.js";
import { pythonCharsParsed } from "../../src/model/django/python/parser.js";
import { sliceModule } from "../../src/model/django/python/slice.js";
import { PythonReader, settingFact, settingOf, type SettingsRead } from "../../src/model/django/settings.js";
import { MemoryFs } from "./memory-fs.js";

/** What a read says of a name, everything the rules and --print-django could see. */
function said(r: SettingsRead, name: string): unknown {
  const s = settingOf(r, name);
  return "binding" in s ? { ...settingFact(s.binding), changes: s.binding.changes } : s;
}

function both(files: Record<string, string>, wanted: string[], module = "app.settings") {
  const all = { "/p/app/__init__.py": "", ...files };
  return {
    full: new PythonReader(new MemoryFs(all), ["/p"]).readSettings(module),
    part: new PythonReader(new MemoryFs(all), ["/p"], wanted).readSettings(module),
  };
}

/** The partial read of `text` agrees with the whole read on `names`, and `skipped` of its statements were left out. */
function agrees(text: string, names: string[], skipped: number) {
  const { full, part } = both({ "/p/app/settings.py": text }, names);
  expect(full.error).toBeNull();
  for (const n of names) expect([n, said(part, n)]).toEqual([n, said(full, n)]);
  const s = sliceModule(text, names);
  expect(s).not.toBeNull();
  expect((s?.chunks ?? 0) - (s?.kept ?? 0)).toBe(skipped);
}

describe("construct by construct: the names a statement may bind are kept, the rest skipped", () => {
  test.each([
    ["a name and what it reads", "A = 1\nB = 2\nX = A + 1\n", 1],
    ["a chain of names", "BASE = '/srv'\nOTHER = 3\nSUB = BASE + '/a'\nX = SUB + '/b'\n", 1],
    ["later changes: append, item, +=, del, update", "X = ['a']\nY = 1\nX.append('b')\nX[0] = 'c'\nX += ['d']\ndel X[1]\nZ = {}\nZ.update(a=1)\n", 3],
    ["a change through an item of an item", "X = {'a': {}}\nX['a']['b'].update({})\nOTHER = X\n", 1],
    ["chained assignment and unpacking", "A = X = 1\n(B, X) = 2, 3\nC, *X = [4, 5]\nQ = 9\n", 1],
    ["annotated assignment", "X: list = []\nY: int\nZ = 1\n", 2],
    [
      "if / elif / else with a known and an unknown condition",
      "DEBUG = False\nif DEBUG:\n    X = 1\nelif os.environ.get('A'):\n    X = 2\nelse:\n    X = 3\nimport os\nQ = 1\n",
      1,
    ],
    ["an if on one line, with semicolons", "if 1: X = 1; Y = 2\nZ = 3\n", 1],
    ["try / except / else / finally", "try:\n    from .local import X\nexcept ImportError:\n    X = 'a'\nelse:\n    pass\nfinally:\n    Y = 1\nZ = 2\n", 1],
    ["for, while, with, match", "for X in y:\n    pass\nwhile z:\n    Y = 1\nwith open(f) as X:\n    pass\nmatch v:\n    case [X]:\n        pass\nW = 1\n", 2],
    [
      "functions and classes: defined, never run (their bodies bind nothing); a call to one says where it is",
      "def helper():\n    return 1\nclass K:\n    X = 2\n@dec\ndef other():\n    X = 3\ndef one(): X = 4\nX = helper()\n",
      3,
    ],
    ["imports and aliases", "import os.path as P\nfrom os import path as Q\nimport sys\nX = P.join('/a', 'b')\n", 2],
    ["a walrus binds the name before it", "Y = (X := 3)\nZ = 1\n", 1],
    ["f-string replacement fields read names", "A = 'a'\nB = 'b'\nX = f'{A!r:>{B}}'\nC = 'c'\n", 1],
    ["continuation lines and comments", "# the base\nA = \\\n    1  # one\nX = [  # list\n    A,  # first\n]\nB = 2  # skipped\n", 1],
    ["environment lookups keep their defaults", "import os\nX = os.environ.get('X', 'default')\nY = int(os.environ['Y'])\n", 1],
    // A loop's body is never run and a definition never evaluated: what they mention is not read, so not kept for them.
    ["a loop that binds X reads nothing: what it iterates is skipped", "BIG = {'a': 1}\nfor k in BIG:\n    X = k\nY = 1\n", 2],
    // The evaluator never runs a loop's body, but a globals() call there may set any name: the loop is kept, what it iterates is not.
    ["globals() in a loop's body", "BIG = {'a': 1}\nfor k in BIG:\n    globals().update({k: 1})\nX = 2\n", 1],
    ["globals() in a one-line loop", "BIG = {'a': 1}\nfor k in BIG: globals().update({k: 1})\nX = 2\n", 1],
    ["an item of globals() set in a loop's body", "BIG = {'a': 1}\nfor k in BIG:\n    globals()[k] = 1\nX = 2\n", 1],
    [
      "setattr on sys.modules[__name__]: the loop is kept, what it iterates and the import are not",
      "import sys\nBIG = {'a': 1}\nfor k in BIG:\n    setattr(sys.modules[__name__], k, 1)\nX = 2\n",
      2,
    ],
    ["a while loop", "N = 3\nwhile N:\n    X = N\n", 1],
    // A block's lines that cannot bind X read nothing for it; its headers (conditions, `except`, `with`) always count.
    [
      "a name set in a block beside changes to other names",
      "import os\nAPPS = ['a']\nHOST = 'h'\nif os.environ.get('S3'):\n    APPS.append('storages')\n    X = 'https://%s/' % HOST\n    Y = APPS\n",
      1,
    ],
    [
      "the headers of a block that sets X, nested ones too",
      "import os\nA = 1\nB = 2\nC = 3\nD = 4\nif A:\n    D = D + 1\n    with open(B) as f:\n        X = f\nelif C:\n    pass\ntry:\n    X = 2\nexcept OSError:\n    D = 0\n",
      2,
    ],
    ["a one-line block: its line is a header", "A = 1\nB = 2\nif A: X = 1; Y = B\nelse: Y = 2\n", 0],
    [
      "a definition's decorators, defaults and bases are not read",
      "D = 1\nB = object\n@dec(D)\ndef helper(x=D):\n    return x\nclass K(B):\n    pass\nX = helper()\n",
      3,
    ],
  ])("%s", (_label, text, skipped) => {
    agrees(text, ["X"], skipped);
  });

  test("star imports, globals() and exec may change any name: always kept", () => {
    for (const text of [
      "A = 1\nfrom .base import *\nB = 2\n",
      "A = 1\nglobals().update({'X': 1})\nB = 2\n",
      "A = 1\nexec('X = 1')\nB = 2\n",
      "A = 1\nif c:\n    from .base import *\nB = 2\n",
    ]) {
      const { full, part } = both({ "/p/app/settings.py": text, "/p/app/base.py": "X = 'from base'\n" }, ["X"]);
      expect(said(part, "X")).toEqual(said(full, "X"));
      expect(sliceModule(text, ["X"])?.kept).toBe(1);
    }
    // Run by the evaluator where the branch is taken: kept, with what decides the branch.
    for (const text of ["A = 1\nif A:\n    globals().update({'X': 1})\nB = 2\n", "A = 1\ntry:\n    globals().update({'X': 1})\nexcept A:\n    pass\n"]) {
      const { full, part } = both({ "/p/app/settings.py": text }, ["X"]);
      expect(said(part, "X")).toEqual(said(full, "X"));
      expect(sliceModule(text, ["X"])?.kept).toBe(2);
    }
  });

  test("calls that may write the namespace (locals(), split settings, Dynaconf, django-configurations) are kept", () => {
    for (const [text, kept] of [
      ["A = 1\ndjango_heroku.settings(locals())\nB = 2\n", 1],
      ["from split_settings.tools import include\nA = 1\ninclude('base.py')\nB = 2\n", 2],
      ["import dynaconf\nA = 1\nsettings = dynaconf.DjangoDynaconf(__name__)\nB = 2\n", 2],
      ["A = 1\nfrom configurations import Configuration\nB = 2\n", 1],
    ] as const) {
      const { full, part } = both({ "/p/app/settings.py": text }, ["X"]);
      expect(said(part, "X")).toEqual(said(full, "X"));
      expect(said(full, "X")).toMatchObject({ unknown: expect.any(String) });
      expect(sliceModule(text, ["X"])?.kept).toBe(kept);
    }
  });

  test("a loop the lint reads is not parsed (only the names it may bind count), unless its body may write the namespace", () => {
    const loop =
      "for plugin in PLUGINS:\n    try:\n        mod = importlib_util.find_spec(plugin)\n    except ValueError:\n        raise ImproperlyConfigured(f'{plugin} is missing')\n    X.append(plugin)\n";
    const parsedFor = (text: string) => {
      const before = pythonCharsParsed();
      const { full, part } = both({ "/p/app/settings.py": text }, ["X"]);
      const charsParsed = pythonCharsParsed() - before - text.length;
      expect(said(part, "X")).toEqual(said(full, "X"));
      return charsParsed;
    };
    const text = `X = ['a']\nPLUGINS = []\n${loop}Y = 1\n`;
    expect(parsedFor(text)).toBe("X = ['a']\n".length);
    expect(said(both({ "/p/app/settings.py": text }, ["X"]).part, "X")).toMatchObject({
      unknown: "set in the `for` loop on line 3, which the linter does not run",
      line: 3,
      endLine: 9,
    });
    // globals() in the body: the evaluator must see what it writes.
    const writes = `X = ['a']\nPLUGINS = []\n${loop.replace("X.append(plugin)", "X.append(plugin)\n    globals()[plugin] = 1")}Y = 1\n`;
    expect(parsedFor(writes)).toBeGreaterThan(loop.length);
    // An import in the body: the evaluator reads what it binds from the parsed statement.
    const imports = `X = ['a']\nPLUGINS = []\n${loop.replace("    try:", "    import importlib_util\n    try:")}Y = 1\n`;
    expect(parsedFor(imports)).toBeGreaterThan(loop.length);
  });

  test("comments outside brackets are left out of the parse; inside a bracket they stay, as the evaluator reads them", () => {
    const text = "A = True\nX = {\n    'a': 1,  # in the dict\n}\nif A:  # after a header\n    # a line\n    X = 2  # after a statement\n";
    agrees(text, ["X"], 0);
    const read = (sliceModule(text, ["X"])?.ranges ?? []).map((r) => text.slice(r.from, r.to)).join("");
    expect(read).toContain("# in the dict");
    expect(read).not.toMatch(/after a header|a line|after a statement/);
  });

  test("a syntax error in a statement the lint reads: the whole file is read, and refused, as before", () => {
    const { full, part } = both({ "/p/app/settings.py": "A = 1\nX = [1 +* 2]\n" }, ["X"]);
    expect(full.error).toMatch(/does not parse as Python/);
    expect(part.error).toBe(full.error);
  });
});

describe("the scan gives up (the whole file is parsed) on what it does not follow", () => {
  test.each([
    ["a Jinja tag (a cookiecutter template)", "{% if x %}\nA = 1\n{% endif %}\n"],
    ["Python 2's print statement", "print 'x'\nA = 1\n"],
    ["a non-ASCII name", "é = 1\nA = 1\n"],
    ["an unterminated string", "A = 'x\nB = 1\n"],
    ["an unclosed bracket", "A = [1,\nB = 1\n"],
    ["an indented line no block opens", "A = 1\n    B = 2\n"],
    ["an else without its if", "else:\n    A = 1\n"],
    ["a stray backslash", "A = 1 \\ 2\n"],
    ["an operator before a closing bracket", "A = (1 %)\n"],
    ["a line that ends in an operator", "A = 1 +\nB = 2\n"],
    ["`from m` without `import`", "from .base\nA = 1\n"],
    ["a block header without its colon", "if A\n    B = 1\n"],
    ["Python 2's octal integer in a statement no wanted name needs", "A = 1\nFILE_UPLOAD_PERMISSIONS = 0644\n"],
  ])("%s", (_label, text) => {
    expect(sliceModule(text, ["A"])).toBeNull();
  });
});

test("split settings: a module star-imported again by a module that needs more of it is read again for those names", () => {
  const files = {
    "/p/app/settings/__init__.py": "from .base import *\nfrom .prod import *\n",
    "/p/app/settings/base.py": "STATIC_URL = '/s/'\nWORKERS = 5\nOTHER = 1\n",
    "/p/app/settings/prod.py": "from .base import *\nDEBUG = WORKERS < 2\n",
  };
  const { full, part } = both(files, ["DEBUG", "STATIC_URL"]);
  expect(said(full, "DEBUG")).toMatchObject({ value: false, line: 2 });
  for (const n of ["DEBUG", "STATIC_URL"]) expect(said(part, n)).toEqual(said(full, n));
  expect(part.files).toEqual(full.files);
});

test("every file of the corpus: the lint's partial read says what the whole read says of every setting the rules read", () => {
  const corpus = path.resolve("test/corpus/django");
  const dfs = new DiskFs(new PathMap([], process.cwd()));
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".py")) files.push(p);
    }
  };
  walk(corpus);
  let whole = 0;
  let kept = 0;
  let chunks = 0;
  for (const f of files) {
    // The directories above the file: where its package and its imports are found.
    const roots = [path.dirname(path.dirname(f)), path.dirname(path.dirname(path.dirname(f)))];
    const full = new PythonReader(dfs, roots).readSettings(f);
    const part = new PythonReader(dfs, roots, RULE_SETTINGS).readSettings(f);
    expect([f, part.error, part.files]).toEqual([f, full.error, full.files]);
    for (const n of RULE_SETTINGS) expect([f, n, said(part, n)]).toEqual([f, n, said(full, n)]);
    // As a lint asks them: one setting at a time, each read for that name alone (the reads add up in one reader).
    const oneByOne = new PythonReader(dfs, roots, []);
    for (const n of RULE_SETTINGS) expect([f, n, said(oneByOne.readSettings(f, [n]), n)]).toEqual([f, n, said(full, n)]);
    const s = sliceModule(fs.readFileSync(f, "utf8").replace(/^\ufeff/, ""), RULE_SETTINGS);
    if (!s) whole++;
    kept += s?.kept ?? 0;
    chunks += s?.chunks ?? 0;
  }
  expect(files.length).toBeGreaterThan(70);
  // Only the two Jinja-templated cookiecutter settings are read whole; of the others, most statements are skipped.
  expect(whole).toBe(2);
  expect(kept / chunks).toBeLessThan(0.4);
});

test("a lint reads the settings its rules read; --print-django reads them all", () => {
  const fsys = new MemoryFs({
    "/srv/a/manage.py": "",
    "/srv/a/a/__init__.py": "",
    "/srv/a/a/settings.py": "DEBUG = False\nDATABASES = {'default': {}}\nTIME_ZONE = 'UTC'\n",
  });
  const lint = readDjango({ fs: fsys, roots: ["/srv/a"], settings: "a.settings", settingsNames: RULE_SETTINGS });
  const print = readDjango({ fs: fsys, roots: ["/srv/a"], settings: "a.settings" });
  expect(Object.keys(lint.projects[0].settings).sort()).toEqual([...RULE_SETTINGS].sort());
  expect(lint.projects[0].settings.DEBUG).toMatchObject({ value: false, line: 1 });
  expect(print.projects[0].settings).toMatchObject({ DEBUG: { value: false }, DATABASES: { value: { default: {} } }, TIME_ZONE: { value: "UTC" } });
});

test("the settings the rules read are all in RULE_SETTINGS (a lint reads no other)", () => {
  const sources: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts")) sources.push(fs.readFileSync(p, "utf8"));
    }
  };
  walk(path.resolve("rules"));
  walk(path.resolve("src/model"));
  const read = new Set<string>();
  const patterns = [
    /knownSetting\([^,()]+,\s*"([A-Z][A-Z0-9_]*)"/g,
    /settingIn\([^,()]+,\s*"([A-Z][A-Z0-9_]*)"/g,
    /settings\[\s*"([A-Z][A-Z0-9_]*)"\s*\]/g,
    /\.settings\.([A-Z][A-Z0-9_]*)\b/g,
  ];
  for (const text of sources) for (const re of patterns) for (const m of text.matchAll(re)) read.add(m[1]);
  expect(read.size).toBeGreaterThan(4);
  expect([...read].filter((n) => !RULE_SETTINGS.includes(n))).toEqual([]);
});
