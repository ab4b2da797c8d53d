/**
 * Fuzzing the Django readers (seeded; FUZZ_SEED replays, FUZZ_RUNS scales):
 * the settings evaluator on random Python-like text and on mutated corpus
 * files (test/corpus/django), and the app-server readers on mutated
 * configurations. No input throws, none takes more than linear time, every
 * location stays inside its file; and a lint's partial read of the settings
 * (only the statements that can change the names it asks for) says what the
 * whole read says of those names whenever the file is Python.
 */
import fs from "node:fs";
import path from "node:path";
import * as fc from "fast-check";
import { readAppServerFile } from "../../src/model/django/app-servers/index.js";
import { PythonReader, settingFact, settingOf, type SettingsRead } from "../../src/model/django/settings.js";
import { settingsModuleRefs } from "../../src/model/django/settings-module.js";
import { parsePython } from "../../src/model/django/python/parser.js";
import type { Location } from "../../src/model/django/python/values.js";
import { MemoryFs } from "../django/memory-fs.js";
import { timed } from "./properties.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20240601);
const RUNS = Math.max(1, Math.round(Number(process.env.FUZZ_RUNS ?? 10_000) / 10));
const CORPUS = path.resolve("test/corpus/django");

const PY_PIECES = [
  " ",
  "    ",
  "\t",
  "\n",
  "\r\n",
  "\\\n",
  "'",
  '"',
  "'''",
  '"""',
  "f'",
  "r'",
  "b'",
  "{",
  "}",
  "{{",
  "(",
  ")",
  "[",
  "]",
  ",",
  ":",
  ";",
  "=",
  "+=",
  "+",
  "%",
  "/",
  "*",
  "**",
  ".",
  "#",
  "X",
  "DEBUG",
  "BASE_DIR",
  "os",
  "os.environ",
  "os.environ.get(",
  "os.getenv(",
  "os.path.join(",
  "Path(__file__)",
  ".parent",
  ".resolve()",
  "env(",
  "env.bool(",
  "config(",
  "if ",
  "elif ",
  "else:",
  "try:",
  "except:",
  "finally:",
  "for x in ",
  "while ",
  "def f():",
  "class C:",
  "lambda: ",
  "import os\n",
  "from .base import *\n",
  "from . import *\n",
  "from app.settings import *\n",
  "globals().update(x)\n",
  ".append(",
  ".extend(",
  "del ",
  "True",
  "False",
  "None",
  "0x1f",
  "1_0",
  "'%s' % ",
  ".format(",
  "not ",
  " and ",
  " or ",
  " in ",
  "\u0000",
  "\ud800",
  "é",
  "\ufeff",
  "{% if x %}",
  "}}",
];
const SERVER_PIECES = [
  "\n",
  " ",
  "=",
  "[uwsgi]\n",
  "[Service]\n",
  "[program:x]\n",
  "[fcgi-program:y]\n",
  "socket = ",
  "http-socket = ",
  "module = ",
  "env = ",
  "%(",
  ")",
  "%d",
  "%k",
  "$(",
  "@(",
  "if-env = X\n",
  "endif =\n",
  "ExecStart=",
  "Environment=",
  "EnvironmentFile=",
  "WorkingDirectory=",
  "\\\n",
  "# c\n",
  "gunicorn ",
  "uvicorn ",
  "daphne ",
  "uwsgi ",
  "granian ",
  "hypercorn ",
  "-b ",
  "--bind ",
  "--uds ",
  "-u ",
  "--port ",
  "--host ",
  "unix:",
  "/run/a.sock",
  "127.0.0.1:8000",
  "[::]:80",
  ":",
  "$PORT",
  "${X}",
  "'",
  '"',
  "sh -c '",
  "web: ",
  "command=",
  "environment=",
  'A="b",',
  "&&",
  ";",
  "|",
  "(",
  "`",
];

function soup(pieces: string[]): fc.Arbitrary<string> {
  const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
  return fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: unit }), { maxLength: 200 }).map((a) => a.join(""));
}

function mutated(seeds: string[], pieces: string[]): fc.Arbitrary<string> {
  const mutation = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom("delete", "insert", "duplicate", "truncate"),
    len: fc.nat({ max: 64 }),
    piece: fc.constantFrom(...pieces),
  });
  return fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([i, ms]) =>
    ms.reduce((t, m) => {
      const at = t.length ? m.at % (t.length + 1) : 0;
      if (m.kind === "delete") return t.slice(0, at) + t.slice(at + m.len);
      if (m.kind === "insert") return t.slice(0, at) + m.piece + t.slice(at);
      if (m.kind === "duplicate") return t.slice(0, at + m.len) + t.slice(at, at + m.len) + t.slice(at + m.len);
      return t.slice(0, at);
    }, seeds[i]),
  );
}

function corpusFiles(test: (f: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (test(p) && fs.statSync(p).size <= 48 * 1024) out.push(fs.readFileSync(p, "utf8"));
    }
  };
  walk(CORPUS);
  return out;
}

function inside(at: Location, text: string): void {
  if (!(0 <= at.start && at.start <= at.end && at.end <= text.length && at.line >= 1 && at.endLine >= at.line))
    throw new Error(`location ${JSON.stringify(at)} outside the text (${text.length})`);
}

const pySeeds = corpusFiles((f) => /\.py$|\.wsgi/.test(f));
const serverSeeds = corpusFiles((f) => /\.(ini|service|yaml)$|Procfile|conf\.d|uwsgi\.conf$/.test(f));

test("the corpus seeds the mutations", () => {
  expect(pySeeds.length).toBeGreaterThan(50);
  expect(serverSeeds.length).toBeGreaterThan(10);
});

test(`${RUNS} random and mutated Python inputs: the settings evaluator and the script reader never throw, take linear time, keep locations inside`, () => {
  const prop = fc.property(fc.oneof({ weight: 1, arbitrary: soup(PY_PIECES) }, { weight: 2, arbitrary: mutated(pySeeds, PY_PIECES) }), (text) => {
    const files = { "/p/app/__init__.py": "", "/p/app/settings.py": text, "/p/app/base.py": text.slice(0, text.length >> 1) };
    const { value: r } = timed(
      () => new PythonReader(new MemoryFs(files), ["/p"]).readSettings("app.settings"),
      500 + 0.05 * text.length,
      `reading ${text.length} characters`,
    );
    for (const b of r.result?.names.values() ?? []) inside(b.at, b.at.file === "/p/app/settings.py" ? text : files["/p/app/base.py"]);
    for (const ref of settingsModuleRefs("/w.py", "DJANGO_SETTINGS_MODULE\n" + text)) inside(ref.at, "DJANGO_SETTINGS_MODULE\n" + text);
  });
  fc.assert(prop, { numRuns: RUNS, seed: SEED });
}, 600_000);

/** The names a lint asks for in the fuzz (X and the pieces' names). */
const WANTED = ["X", "DEBUG", "BASE_DIR"];
const said = (r: SettingsRead, name: string) => {
  const s = settingOf(r, name);
  return "binding" in s ? { ...settingFact(s.binding), changes: s.binding.changes } : s;
};

test(`${RUNS} random and mutated Python inputs: a partial read never throws and, when the file parses, agrees with the whole read`, () => {
  const prop = fc.property(fc.oneof({ weight: 1, arbitrary: soup(PY_PIECES) }, { weight: 2, arbitrary: mutated(pySeeds, PY_PIECES) }), (text) => {
    const files = new MemoryFs({ "/p/app/__init__.py": "", "/p/app/settings.py": text, "/p/app/base.py": text.slice(0, text.length >> 1) });
    const { value: part } = timed(
      () => new PythonReader(files, ["/p"], WANTED).readSettings("app.settings"),
      500 + 0.05 * text.length,
      `reading ${text.length} characters in part`,
    );
    // A syntax error in a statement the partial read skips (here, or in base.py) is not seen (slice.ts); files that parse read the same.
    if (parsePython(text).error || parsePython(text.slice(0, text.length >> 1)).error) return;
    const full = new PythonReader(files, ["/p"]).readSettings("app.settings");
    expect(part.files).toEqual(full.files);
    for (const n of WANTED) expect([n, said(part, n)]).toEqual([n, said(full, n)]);
  });
  fc.assert(prop, { numRuns: RUNS, seed: SEED });
}, 600_000);

test(`${RUNS} random and mutated app-server configurations: no reader throws`, () => {
  const names = ["/etc/uwsgi/a.ini", "/etc/systemd/system/a.service", "/srv/a/Procfile", "/etc/supervisor/conf.d/a.conf", "/srv/a/uwsgi.yaml"];
  const prop = fc.property(fc.oneof(soup(SERVER_PIECES), mutated(serverSeeds, SERVER_PIECES)), fc.constantFrom(...names), (text, name) => {
    const fsys = new MemoryFs({ [name]: text });
    const r = readAppServerFile(fsys, name);
    for (const s of r.servers) for (const l of s.listen) if (l.at.file === name) inside(l.at, text);
  });
  fc.assert(prop, { numRuns: RUNS, seed: SEED });
}, 600_000);

test("hostile Python: deep nesting, long lines, many statements", () => {
  const cases = [
    "X = " + "(".repeat(50_000),
    "X = " + "[".repeat(5000) + "]".repeat(5000),
    "X = 'a' + ".repeat(20_000) + "'a'",
    "X = 1\n".repeat(50_000),
    "if x:\n" + " ".repeat(4) + "if y:\n".repeat(2000),
    "X = " + "not ".repeat(20_000) + "1",
    "X = {}\nX" + "[0]".repeat(20_000) + " = 1\n",
    "X = a" + ".b".repeat(20_000),
    "X = f(" + "f(".repeat(10_000),
    "if x:\n    A" + ".b".repeat(20_000) + " = 1\n",
    "if x:\n    " + "(".repeat(5000) + "A" + ",)".repeat(5000) + " = 1\n",
  ];
  for (const text of cases) {
    for (const wanted of [null, WANTED]) {
      const { ms } = timed(
        () => new PythonReader(new MemoryFs({ "/p/s.py": text }), ["/p"], wanted).readSettings("s"),
        5000 + 0.05 * text.length,
        `${text.slice(0, 20)}...`,
      );
      expect(ms).toBeLessThan(5000 + 0.05 * text.length);
    }
  }
});
