/**
 * The fuzzing vocabulary shared by the jest property tests (test/fuzz/) and the
 * long run (`npm run fuzz`): inputs for each grammar (random token soup, random
 * code units, and mutations of real configs from the corpus and the grammar
 * fixtures), and the properties every input must keep:
 *
 * - parsing never throws;
 * - it finishes within a time linear in the input's size (no catastrophic
 *   backtracking in a token pattern, no quadratic scan);
 * - every range in the AST and every problem lies inside the text, and its
 *   line/column agree with its offsets;
 * - through the whole engine (includes, model, rules): every diagnostic and
 *   every fix edit lies inside the file it names;
 * - every output format keeps a file name and a message intact, whatever
 *   characters they hold (a newline, an escape, `"`, `%`, `&`, a lone
 *   surrogate): escaped as the format wants, never raw where it would break
 *   the format's lines or attributes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import * as fc from "fast-check";
import { parseApache } from "../../grammars/apache/index.js";
import { parseLighttpd } from "../../grammars/lighttpd/index.js";
import { parseNginx } from "../../grammars/nginx/index.js";
import type { Range } from "../../src/core/range.js";
import type { SyntaxProblem } from "../../src/core/problems.js";
import { lintFiles, type LintResult } from "../../src/engine/run.js";
import { quotedName } from "../../src/formatters/diff.js";
import { FORMATTERS } from "../../src/formatters/index.js";
import type { SourceFile } from "../../src/source/source-file.js";

export type Grammar = "apache" | "nginx" | "lighttpd";
export const GRAMMARS: Grammar[] = ["apache", "nginx", "lighttpd"];

type Parse = (file: string, text: string) => { ast: { problems: SyntaxProblem[] }; source: SourceFile };
export const PARSERS: Record<Grammar, Parse> = { apache: parseApache, nginx: parseNginx, lighttpd: parseLighttpd };

/** The entry file name each dialect is detected by. */
export const ENTRY: Record<Grammar, string> = { apache: "apache2.conf", nginx: "nginx.conf", lighttpd: "lighttpd.conf" };

/**
 * The time one parse may take: generous (a loaded CI machine, a GC pause)
 * but linear, so a quadratic or exponential case is far outside it. Measured
 * on a developer machine: under 1 ms for the typical fuzz input, ~0.1-0.4 µs
 * per character for the large targeted inputs.
 */
export const timeBudgetMs = (chars: number) => 250 + 0.02 * chars;

// ---------------------------------------------------------------------------
// Inputs

/** Pieces each grammar reacts to: section tags, quotes, escapes, line ends, keywords. */
const COMMON = [
  " ",
  "  ",
  "\t",
  "\n",
  "\n",
  "\r\n",
  "\r",
  "\\",
  "\\\n",
  "\\\r\n",
  '"',
  "'",
  "#",
  "# c\n",
  "a",
  "x y",
  "0",
  "/",
  "*",
  "?",
  "[",
  "]",
  "{",
  "}",
  "(",
  ")",
  ";",
  ",",
  "=",
  "$",
  "${X}",
  ">",
  "<",
  "\u00a0",
  "\ufeff",
  "\u0000",
  "\u2028",
  "é",
  "\ud83d\ude00",
  "\ud800",
  "\udfff",
  "\uffff",
];
const PIECES: Record<Grammar, string[]> = {
  apache: [
    ...COMMON,
    "<VirtualHost *:80>",
    "</VirtualHost>",
    "<Directory ",
    "</Directory>",
    "<If \"%{HTTP_HOST} == 'x'\">",
    "</If>",
    "<IfModule !mod_x.c>",
    "</IfModule>",
    "<Macro M $a>",
    "</Macro>",
    "Use M 1",
    "<",
    "</",
    "<>",
    "Include ",
    "IncludeOptional ",
    "ServerRoot ",
    "Define X ",
    "UnDefine X",
    "WSGIDaemonProcess ",
    "WSGIScriptAlias / /srv/wsgi.py",
    "Alias /static/ /srv/static/",
    "DEBUG",
    "python-home=",
    '"a b"',
    "'a b'",
    '\\"',
    "\\\\",
    "Options +Indexes",
    "Require all granted",
    "AllowOverride All",
    ">\\\n",
    '<Location "/\\\n">',
  ],
  nginx: [
    ...COMMON,
    "server",
    "server {",
    "location / {",
    "location ~* \\.(css)$ {",
    "http {",
    "events {}",
    "include ",
    "proxy_pass http://app;",
    "uwsgi_pass ",
    "if ($x) {",
    "set $a b;",
    "map $a $b {",
    "default 0;",
    "content_by_lua_block {",
    "access_by_lua_block",
    "--[[",
    "]]",
    "[==[",
    "]==]",
    "--",
    '"a;b"',
    "'a}b'",
    "\\;",
    '\\"',
    "${a}",
    "$a{",
    "root /srv;",
    "alias /srv/static/;",
    "listen 80;",
    "return 301 $x;",
    "location @a {",
  ],
  lighttpd: [
    ...COMMON,
    '$HTTP["host"]',
    '$HTTP["url"] =~ "^/a" {',
    '$SERVER["socket"] == ":443" {',
    "else",
    "elif",
    "elseif",
    "else if",
    "if",
    "global {",
    "include ",
    "include_shell ",
    '"conf.d/*.conf"',
    "var.x",
    'var.x = "a"',
    "server.modules",
    "+=",
    ":=",
    "==",
    "!=",
    "=~",
    "!~",
    "=^",
    "=$",
    "=>",
    "+",
    '\\"',
    '"a" => "b"',
    '( "a", "b" )',
    "fastcgi.server",
    "server.document-root",
    "123",
    "env.HOME",
    "cwd",
    "-",
  ],
};

/** A soup of the grammar's pieces and random code units (lone surrogates and NULs included). */
export function soup(grammar: Grammar): fc.Arbitrary<string> {
  const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...PIECES[grammar]) },
    { weight: 1, arbitrary: unit },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );
  return fc.array(piece, { maxLength: 200 }).map((a) => a.join(""));
}

type Mutation = { at: number; kind: "delete" | "insert" | "duplicate" | "truncate" | "swap"; len: number; piece: string };

/** Real configs, mutated: deletions, insertions of the grammar's pieces, duplicated and swapped slices, truncation. */
export function mutated(grammar: Grammar, seeds: string[]): fc.Arbitrary<string> {
  if (!seeds.length) return soup(grammar);
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    at: fc.noBias(fc.nat()),
    kind: fc.constantFrom("delete", "insert", "insert", "duplicate", "truncate", "swap"),
    len: fc.nat({ max: 64 }),
    piece: fc.constantFrom(...PIECES[grammar]),
  });
  return fc
    .tuple(fc.noBias(fc.nat({ max: seeds.length - 1 })), fc.array(mutation, { minLength: 1, maxLength: 8 }))
    .map(([i, ms]) => ms.reduce(mutate, seeds[i]));
}

function mutate(text: string, m: Mutation): string {
  const at = text.length ? m.at % (text.length + 1) : 0;
  switch (m.kind) {
    case "delete":
      return text.slice(0, at) + text.slice(at + m.len);
    case "insert":
      return text.slice(0, at) + m.piece + text.slice(at);
    case "duplicate":
      return text.slice(0, at + m.len) + text.slice(at, at + m.len) + text.slice(at + m.len);
    case "truncate":
      return text.slice(0, at);
    case "swap": {
      const b = text.slice(at, at + m.len);
      const rest = text.slice(0, at) + text.slice(at + m.len);
      const to = rest.length ? (m.at * 7919) % (rest.length + 1) : 0;
      return rest.slice(0, to) + b + rest.slice(to);
    }
  }
}

/** Any input for a grammar: token soup, random code units, or a mutated real config. */
export function inputs(grammar: Grammar, seeds: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: soup(grammar) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
    { weight: 4, arbitrary: mutated(grammar, seeds) },
  );
}

/**
 * The seeds: the real-world corpus (test/corpus) and the grammar fixtures,
 * files up to `maxBytes` each.
 */
export function loadSeeds(grammar: Grammar, root = process.cwd(), maxBytes = 16 * 1024): string[] {
  const dirs = [path.join(root, "fixtures/grammar", grammar), path.join(root, "test/corpus", grammar)];
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, d.name);
      if (d.isDirectory() && depth < 8) walk(p, depth + 1);
      else if (d.isFile() && fs.statSync(p).size <= maxBytes) out.push(fs.readFileSync(p, "utf8"));
    }
  };
  for (const d of dirs) walk(d, 0);
  return out;
}

// ---------------------------------------------------------------------------
// Properties

const inside = (r: Range, length: number) => Number.isInteger(r.start) && Number.isInteger(r.end) && 0 <= r.start && r.start <= r.end && r.end <= length;

const isRange = (v: unknown): v is Range =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as Range).start === "number" &&
  typeof (v as Range).end === "number" &&
  typeof (v as Range).line === "number";

/** Every range reachable from the AST (nodes, arguments, comments, problems): inside the text, line/column true. */
export function checkRanges(ast: object, source: SourceFile): void {
  const length = source.text.length;
  const seen = new Set<object>();
  const stack: [object, string][] = [[ast, "ast"]];
  while (stack.length) {
    const [o, where] = stack.pop() as [object, string];
    if (seen.has(o)) continue;
    seen.add(o);
    if (isRange(o)) {
      if (!inside(o, length)) throw new Error(`${where}: range ${o.start}..${o.end} outside the text (length ${length})`);
      const s = source.position(o.start);
      const e = source.position(o.end);
      if (s.line !== o.line || s.column !== o.column || e.line !== o.endLine || e.column !== o.endColumn) {
        throw new Error(
          `${where}: range ${o.start}..${o.end} says ${o.line}:${o.column}-${o.endLine}:${o.endColumn}, the text says ${s.line}:${s.column}-${e.line}:${e.column}`,
        );
      }
      continue;
    }
    for (const [k, v] of Object.entries(o)) {
      // parent/prev point back into the tree (already walked); the source is not AST
      if (k === "parent" || k === "prev" || k === "source") continue;
      if (typeof v === "object" && v !== null && !(typeof (v as unknown[])[0] === "number")) stack.push([v, `${where}.${k}`]);
    }
  }
}

export interface ParseCheck {
  ms: number;
  problems: number;
}

/**
 * Time `run`; over the budget, time it twice more and keep the fastest, so a
 * GC pause or a busy machine is not taken for a slow algorithm.
 */
export function timed<T>(run: () => T, budgetMs: number, what: string): { value: T; ms: number } {
  let best = Infinity;
  let value: T | undefined;
  for (let attempt = 0; attempt === 0 || (attempt < 3 && best > budgetMs); attempt++) {
    const t0 = performance.now();
    value = run();
    best = Math.min(best, performance.now() - t0);
  }
  if (best > budgetMs) throw new Error(`${what} took ${best.toFixed(1)} ms, best of 3 (budget ${budgetMs.toFixed(0)} ms)`);
  return { value: value as T, ms: best };
}

/** Parse: no throw, within the time budget, every range inside. Throws a description otherwise. */
export function checkParse(grammar: Grammar, text: string, budgetMs = timeBudgetMs(text.length)): ParseCheck {
  const { value, ms } = timed(() => PARSERS[grammar](`/fuzz/${ENTRY[grammar]}`, text), budgetMs, `parsing ${text.length} characters`);
  checkRanges(value.ast, value.source);
  return { ms, problems: value.ast.problems.length };
}

/**
 * A sandbox for whole-engine runs: every server path maps into an empty
 * directory, so includes of /etc/... never reach this machine's real configs.
 */
export function sandbox(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "djlint-fuzz-"));
}

/** Lint one in-memory file as `grammar`'s main config: no throw, every diagnostic and fix edit inside its file. */
export function checkLint(grammar: Grammar, text: string, box: string, budgetMs = 1000 + 0.05 * text.length): LintResult {
  const file = path.join(box, "etc", ENTRY[grammar]);
  const lint = () => lintFiles([`/etc/${ENTRY[grammar]}`], { cwd: box, dialect: grammar, map: [{ from: "", to: box }], overlay: new Map([[file, text]]) });
  const run = timed(lint, budgetMs, `linting ${text.length} characters`).value;
  checkDiagnostics(run, (f) => (f === file ? text : undefined));
  return run;
}

/** Every message's range inside the text of the file it names (as `textOf` gives it), and every fix edit too. */
export function checkDiagnostics(run: Pick<LintResult, "results">, textOf: (file: string) => string | undefined): void {
  for (const r of run.results) {
    const text = textOf(r.filePath);
    if (text === undefined) throw new Error(`a result for ${r.filePath}, a file the input never named`);
    for (const m of r.messages) {
      const at = `${m.ruleId ?? "(directive)"} "${m.message}"`;
      if (!inside(m.range, text.length)) throw new Error(`${at}: range ${m.range.start}..${m.range.end} outside ${r.filePath} (length ${text.length})`);
      if (m.range.line < 1 || m.range.column < 1 || m.range.endLine < m.range.line)
        throw new Error(`${at}: line/column ${m.range.line}:${m.range.column}-${m.range.endLine}:${m.range.endColumn}`);
      for (const e of m.fix?.edits ?? []) {
        const t = textOf(e.file);
        if (t === undefined || !(0 <= e.start && e.start <= e.end && e.end <= t.length))
          throw new Error(`${at}: fix edit ${e.start}..${e.end} outside ${e.file}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Targeted inputs: for each token pattern and hand-written scanner, long runs
// of what it loops over, and quotes/blocks left open for the rest of the file.

const rep = (s: string, chars: number) => s.repeat(Math.max(1, Math.floor(chars / s.length)));

export function targeted(grammar: Grammar, n: number): [string, string][] {
  const common: [string, string][] = [
    ["one long word", rep("a", n)],
    ["blanks", "a" + rep(" \t", n) + "b"],
    ["line breaks", rep("\n", n)],
    ["CRLF line ends", rep("a b\r\n", n)],
    ["lone CR line ends", rep("a b\r", n)],
    ["a comment", "#" + rep("x", n)],
    ["backslashes", rep("\\", n)],
    ["NUL bytes", rep("\u0000", n)],
    ["lone surrogates", rep("\ud800", n)],
    ["U+FFFD (invalid UTF-8 decoded)", rep("\ufffd", n)],
    ["an unterminated double quote", 'a "' + rep("x", n)],
    ["an unterminated double quote of escaped quotes", 'a "' + rep('\\"', n)],
    ["an unterminated single quote", "a '" + rep("x", n)],
    ["alternating quotes", rep("\"'", n)],
    ["braces", rep("{", n / 2) + rep("}", n / 2)],
    ["unclosed braces", rep("{", n)],
    ["closing braces", rep("}", n)],
  ];
  const specific: Record<Grammar, [string, string][]> = {
    apache: [
      ["a directive with many arguments", "A" + rep(" b", n)],
      ["continuation lines", "A" + rep(" b \\\n", n)],
      ["a word continued on every line", "A b" + rep("c\\\n", n)],
      ["a comment continued on every line", "#" + rep("x\\\n", n)],
      ["escaped backslashes", "A " + rep("\\\\", n)],
      ["a quote with continuations", 'A "' + rep("x\\\n", n)],
      ["a section tag of '>'", "<A " + rep(">", n)],
      ["a section tag of words and '>'", "<A " + rep("x> ", n)],
      ["a section tag over continuation lines", "<A " + rep("x \\\n", n) + ">"],
      ["a section tag of quotes and '>'", "<A " + rep('">" ', n)],
      ["a long section name", "<" + rep("a", n)],
      ["a long section close", "</" + rep("a", n)],
      ["many '<'", rep("<", n)],
      ["many '</'", rep("</", n)],
      ["many unclosed sections", rep("<A>\n", n)],
      ["many stray closes", rep("</A>\n", n)],
      ["many unclosed sections, then closes that match none", rep("<A>\n", n / 2) + rep("</B>\n", n / 2)],
      ["many unclosed sections, then mismatched closes", rep("<A>\n<B>\n", n / 2) + rep("</A>\n", n / 2)],
      ["macro bodies that open sections", rep("<Macro M>\n<A>\n</Macro>\nUse M\n", n)],
      ["a macro body of many unclosed sections", "<Macro M>\n" + rep("<A>\n", n) + "</Macro>\nUse M\n"],
      ["a macro of many unclosed sections, used many times", "<Macro M>\n" + rep("<A>\n", n / 2) + "</Macro>\n" + rep("Use M\n", n / 2)],
      ["a macro body of many closes, used many times", "<Macro M>\n" + rep("</A>\n", n / 2) + "</Macro>\n<A>\n" + rep("Use M\n", n / 2)],
      ["sections inside many others, closed out of order", rep("<X>\n", n / 2) + rep("<A>\n<B>\n</A>\n", n / 2)],
      ["${} variables", "A " + rep("${X}", n)],
      ["sections nested with a directive at every level", rep("<Location /x>\nRewriteRule ^a b\n", n)],
      ["sections nested, then as many closes", rep("<IfModule a>\n", n / 2) + rep("</IfModule>\n", n / 2)],
      ["suppression ranges", rep("# djlint-conf-disable unknown-directive\nBogus x\n# djlint-conf-enable a, b\n", n)],
      ["suppressions of the next line", rep("# djlint-conf-disable-next-line\nBogus\n", n)],
      ["a line of one-letter arguments", "Header set X" + rep(" a", n)],
    ],
    nginx: [
      ["a directive with many arguments", "a" + rep(" b", n) + ";"],
      ["dollars", "a " + rep("$", n)],
      ["'${' runs", "a " + rep("${", n)],
      ["a dollar and open braces", "a $" + rep("{", n)],
      ["escapes in a word", "a " + rep("b\\;", n)],
      ["a closed quote of escapes", 'a "' + rep("\\x", n) + '"'],
      ["quotes glued to words", rep('a"b"', n)],
      ["semicolons", rep(";", n)],
      ["an unclosed Lua block", "content_by_lua_block {" + rep("{", n)],
      ["a Lua block of long brackets", "content_by_lua_block {" + rep("[[", n)],
      ["a Lua block of '[='", "content_by_lua_block {" + rep("[=", n)],
      ["a Lua block of comments", "content_by_lua_block {" + rep("--[[ ]]", n) + "}"],
      ["a Lua block of unterminated strings", "content_by_lua_block {" + rep("'\n", n)],
      ["a Lua block of escapes", "content_by_lua_block {'" + rep("\\", n)],
      ["many Lua names", rep("content_by_lua_block ", n)],
      ["nested blocks", rep("a {", n) + rep("}", n)],
      ["if conditions", rep("if ($a) { ", n)],
      ["locations nested with directives at every level", "http { server {\n" + rep("location /a {\nroot /srv;\nproxy_pass http://a;\n", n)],
      ["a line of one-letter arguments", "add_header X" + rep(" a", n) + ";"],
    ],
    lighttpd: [
      ["a long key", rep("a", n) + " = 1"],
      ["a long integer", "a = " + rep("1", n)],
      ["non-breaking spaces", "a" + rep("\u00a0", n) + "= 1"],
      ["'if' and blanks", "if" + rep(" ", n)],
      ["many 'if'", rep("if ", n)],
      ["many 'else'", rep("else ", n)],
      ["a long sum", "var.a = " + rep('"x" + ', n) + '"x"'],
      ["a long array", "a = (" + rep('"x", ', n) + ")"],
      ["deeply nested arrays", "a = " + rep("(", n) + rep(")", n)],
      ["brackets", rep("[", n)],
      ["a condition chain", rep('$HTTP["host"] == "a" { } else ', n)],
      ["nested conditions", rep('$HTTP["url"] =~ "a" {\n', n)],
      ["conditions nested in global", "global {\n" + rep('$HTTP["url"] =~ "a" {\n', n)],
      ["operators", rep("=~", n)],
      ["pluses", rep("+", n)],
      ["many includes", rep('include "x.conf"\n', n)],
      ["many include_shell", rep('include_shell "echo"\n', n)],
      ["brace groups in an include", 'include "' + rep("{a,b}", n) + '.conf"'],
      ["nested brace groups in an include", 'include "' + rep("{a,", n / 2) + rep("}", n / 2) + '"'],
      ["a chain of +=", 'x = ( "a" )\n' + rep('x += ( "a" => "b" )\n', n)],
      ["a long list of one-letter strings", "x = (" + rep('"a", ', n) + ")"],
      ["an unclosed long list", "x = (" + rep('"a", ', n)],
      ["conditions nested with settings at every level", rep('$HTTP["url"] =~ "a" {\nalias.url += ( "/a" => "/b" )\n', n)],
    ],
  };
  return [...common, ...specific[grammar]];
}

// ---------------------------------------------------------------------------
// Odd file names and messages through every output format

/** Characters that break formats: line ends, controls, quotes, escapes, markup, URI and workflow-command syntax, surrogates. */
const ODD = [
  "\n",
  "\r",
  "\t",
  "\u0000",
  "\u0001",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u009b",
  '"',
  "'",
  "\\",
  "%",
  "%0A",
  "#",
  "?",
  ":",
  ",",
  ";",
  "&",
  "&amp;",
  "<",
  ">",
  "]]>",
  " ",
  "é",
  "\ud83d\ude00",
  "\ud800",
  "\udfff",
  "\ufffe",
  "\u2028",
  "a",
  "b.conf",
];

/** A file name (one path segment, never `.` or `..`) or a message of odd characters. */
export function oddText(): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ODD) }, { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 3 }) }), {
      minLength: 1,
      maxLength: 12,
    })
    .map((parts) => parts.join("").replace(/\//g, "_"))
    .filter((n) => n !== "" && n !== "." && n !== "..");
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const xmlUnescape = (s: string) =>
  s.replace(/&(#\d+|[a-z]+);/g, (_m, e: string) => (e.startsWith("#") ? String.fromCharCode(Number(e.slice(1))) : XML_ENTITIES[e]));
/** What XML 1.0 can carry (Char production), as UTF-16 code units with pairs matched. */
const XML_BAD = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The text XML gets for a string: characters it cannot carry shown as \\uXXXX (see src/formatters/xml.ts). */
const xmlCarried = (s: string) => s.replace(new RegExp(XML_BAD.source, "g"), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

/**
 * One finding in a file named `name` (under /work, the working directory),
 * with `message`, through every format: each keeps both, escaped as it must.
 * Throws a description otherwise.
 */
export function checkFormats(name: string, message: string): void {
  const cwd = "/work";
  const file = `${cwd}/${name}`;
  const range = { start: 0, end: 1, line: 1, column: 1, endLine: 1, endColumn: 2 };
  const run: LintResult = {
    results: [{ filePath: file, dialect: "apache", messages: [{ ruleId: "syntax", severity: "error", message, file, range }] }],
    skipped: [],
    rules: [],
  };
  const ctx = { cwd, colorLevel: 0 as const };
  const fail = (format: string, why: string, out: string) => {
    throw new Error(`${format}: ${why} for the name ${JSON.stringify(name)} and the message ${JSON.stringify(message)}:\n${out}`);
  };
  for (const format of Object.keys(FORMATTERS)) {
    const out = FORMATTERS[format](run, ctx);
    switch (format) {
      case "json": {
        const j = JSON.parse(out);
        if (j[0].filePath !== file || j[0].messages[0].message !== message) fail(format, "name or message changed", out);
        break;
      }
      case "gitlab": {
        const j = JSON.parse(out);
        if (j[0].location.path !== name || j[0].description !== message) fail(format, "name or message changed", out);
        break;
      }
      case "lsp": {
        const [uri] = Object.keys(JSON.parse(out));
        if (fileURLToPath(uri) !== wellFormed(file)) fail(format, "the URI is not the file", out);
        break;
      }
      case "sarif": {
        const loc = JSON.parse(out).runs[0].results[0];
        const uri: string = loc.locations[0].physicalLocation.artifactLocation.uri;
        if (/[^A-Za-z0-9\-_.!~*'()%/]/.test(uri)) fail(format, "a character a URI reference cannot hold raw", uri);
        if (uri.split("/").map(decodeURIComponent).join("/") !== wellFormed(name) || loc.message.text !== message) fail(format, "name or message changed", out);
        break;
      }
      case "checkstyle":
      case "junit": {
        if (XML_BAD.test(out)) fail(format, "a character XML cannot carry", out);
        // Attribute values: no raw tab or line end (a parser would make them spaces).
        for (const m of out.matchAll(/ [a-z]+="([^"]*)"/g)) if (/[\t\n\r]/.test(m[1])) fail(format, "a raw tab or line end in an attribute", out);
        // checkstyle names the file by its path, junit's suites by the path relative to the working directory.
        const names = [...out.matchAll(format === "checkstyle" ? /<file name="([^"]*)">/g : /<testsuite name="([^"]*)"/g)].map((m) => xmlUnescape(m[1]));
        if (names.length !== 1 || names[0] !== xmlCarried(format === "checkstyle" ? file : name)) fail(format, "the name does not come back", out);
        const messages = [...out.matchAll(/ message="([^"]*)"/g)].map((m) => xmlUnescape(m[1]));
        if (messages.length !== 1 || messages[0] !== xmlCarried(message)) fail(format, "the message does not come back", out);
        break;
      }
      case "github": {
        if (/[\r\n]/.test(out)) fail(format, "a raw line end (one workflow command per line)", out);
        const m = /^::error file=([^,]*),line=1,col=1,endLine=1,endColumn=2,title=syntax::([\s\S]*)$/.exec(out);
        const unescape = (s: string) => s.replace(/%(25|0D|0A|3A|2C)/g, (_x, c: string) => String.fromCharCode(parseInt(c, 16)));
        if (!m || unescape(m[1]) !== name || unescape(m[2]) !== message) fail(format, "name or message changed", out);
        break;
      }
      case "stylish": {
        const lines = out.split("\n");
        // blank, file, finding, blank, summary, blank: six lines, none with a control character.
        if (lines.length !== 6 || lines.some((l) => /[\u0000-\u001f\u007f-\u009f]/.test(l))) fail(format, "a control character or a broken line", out);
        break;
      }
      default:
        fail(format, "a format this property does not know", out);
    }
  }
  const quoted = quotedName(name);
  if (/[\u0000-\u001f\u007f]/.test(quoted)) fail("diff", "a control character in the patch header name", quoted);
}
