/**
 * The Python parser, loaded on first use. @lezer/python (a maintained LR
 * grammar with error recovery and a position on every node) costs ~8 ms to
 * load and its first parses run cold, so a lint that reads no Python file must
 * never load it: nothing imports the package at module level. In the CLI
 * bundle the `require` below is bundled and initialised on its first call;
 * elsewhere (the tests' ESM loader, scripts bundled as ESM) `createRequire`
 * loads the same CommonJS build from node_modules.
 */
import { createRequire } from "node:module";
import type { SyntaxNode, Tree } from "@lezer/common";
import type { LRParser } from "@lezer/lr";
import { setV8Flags } from "../../../core/node-bindings.js";
import { secretSpans } from "../../../source/secrets.js";
import { LEADING_ZERO } from "./slice.js";

let parser: LRParser | undefined;

function load(): LRParser {
  if (parser) return parser;
  let mod: { parser: LRParser };
  try {
    // In the CommonJS bundle esbuild resolves this literal call (and initialises the package here, not at start-up).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load the bundler must see as require()
    mod = require("@lezer/python");
  } catch {
    // ESM has no `require` (the tests), and esbuild's ESM output stubs it (scripts run with run-ts.mjs).
    mod = createRequire(import.meta.url)("@lezer/python");
  }
  return (parser = mod.parser);
}

let charsParsed = 0;

// V8's optimising compiler (TurboFan) starts on the parser's hottest function a few kilobytes into a lint's first
// parses and compiles it for ~6 ms on a background thread, work a lint's few kilobytes of settings never use
// (measured on Node 20, 2-core EPYC, a lint tied to wagtail's bakerydemo: CPU 0.96x, peak RSS 4 MB less, wall clock
// unchanged). So parses run with TurboFan off until the process has parsed 32 K characters; past them (a long
// settings file, an editor session) it stays on, as parses of 100 K characters are ~3x faster with it. Only on V8 11
// (Node 20), where the flag exists and this was measured, and never when the user's own V8 options say how (or
// whether) TurboFan runs.
const QUICK_PARSE_CHARS = 32_768;
/** Whether this process may switch TurboFan around a parse (decided at the first parse, not at start-up). */
let toggleTurbofan: boolean | undefined;

/** How many characters this process has given the parser (tests check that readers parse only what they need). */
export function pythonCharsParsed(): number {
  return charsParsed;
}

/** Whether this process has loaded the Python parser (tests and the benchmark check that non-Python reads do not). */
export function pythonParserLoaded(): boolean {
  return parser !== undefined;
}

export interface PythonSyntaxError {
  /** 0-based offset of the first node the parser could not read. */
  at: number;
  message: string;
}

export interface ParsedPython {
  tree: Tree;
  text: string;
  /** The first syntax error, when the text is not valid Python (the parser recovered past it). */
  error: PythonSyntaxError | null;
}

/**
 * Whether the project may run on Python 2 (the run's Django is older than 2.0, the last that ran there): then the
 * Python 2 forms the grammar keeps (`except E, e:`, the print statement, `raise E, "x"`, `<>`) are read as the
 * statements they are instead of refusing the module. Set for a run by readDjango.
 */
let python2Accepted = false;
export function acceptPython2(on: boolean): void {
  python2Accepted = on;
}

/**
 * Parse Python source. Never throws on any text; `error` tells whether Python would refuse it.
 * With `ranges` (starting at 0), only those parts of the text are read, as if the rest were not there.
 */
export function parsePython(text: string, ranges?: readonly { from: number; to: number }[]): ParsedPython {
  let tree: Tree;
  const lr = load();
  // Python refuses what is nested too deep before it parses anything; the library would recover from its own
  // limit bracket by bracket (seconds for a few hundred KB of brackets).
  const deep = tooDeeplyNested(text, ranges ?? [{ from: 0, to: text.length }]);
  if (deep >= 0) return { tree: lr.parse(""), text, error: { at: deep, message: `more than ${MAX_NESTING} nested brackets, which Python refuses` } };
  charsParsed += ranges ? ranges.reduce((n, r) => n + r.to - r.from, 0) : text.length;
  toggleTurbofan ??=
    process.versions.v8.startsWith("11.") && !/--(no-)?(turbofan|opt|max-opt|jitless)\b/.test([...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" "));
  const quick = toggleTurbofan && charsParsed <= QUICK_PARSE_CHARS;
  // After load(): V8 checks a code cache against the flags of the moment, and the parser's was made with TurboFan on.
  if (quick) setV8Flags("--no-turbofan");
  try {
    tree = lr.parse(text, undefined, ranges);
  } catch (e) {
    // The library builds its tree recursively: thousands of nested brackets exhaust the stack.
    // (Python itself refuses more than 200 nested parentheses.)
    if (!(e instanceof RangeError)) throw e;
    return { tree: lr.parse(""), text, error: { at: 0, message: "nesting too deep to read" } };
  } finally {
    if (quick) setV8Flags("--turbofan");
  }
  let error: PythonSyntaxError | null = null;
  // Indentation is checked in the same walk (a module read whole, or a slice's statements), and counts only when
  // nothing else is wrong.
  let indentation: PythonSyntaxError | null = null;
  const checkIndentation = !ranges;
  tree.iterate({
    enter(n) {
      if (error) return false;
      if (checkIndentation && !indentation && (n.name === "Script" || n.name === "Body")) indentation = blockIndentation(n.node, text);
      // @lezer/python 1.1.19 reports a stray line break between top-level statements in some long valid
      // files (DefectDojo's settings.dist.py): a line break alone cannot change what the statements mean.
      if (
        n.type.isError &&
        !(n.node.parent?.name === "Script" && n.to > n.from && /^\s+$/.test(text.slice(n.from, n.to))) &&
        !(python2Accepted && python2Statement(text, n.from))
      ) {
        error = { at: n.from, message: n.from < text.length ? `unexpected ${describe(text, n.from)}` : "unexpected end of file" };
        return false;
      }
      // Python 2's octal integer (`0644`, a file mode): Python 3's tokenizer refuses a decimal integer with a leading zero.
      if (!python2Accepted && n.name === "Number" && LEADING_ZERO.test(text.slice(n.from, n.to))) {
        error = { at: n.from, message: "Python 2's octal integer (a leading zero: use 0o), which Python 3 refuses" };
        return false;
      }
      // Only these node names can be Python 2's; a node object (`n.node`, an allocation) only for them.
      if (python2Accepted || !PY2_NAMES.has(n.name)) return undefined;
      const py2 = python2Only(n.node, text);
      if (py2) {
        error = { at: n.from, message: `${py2}, which Python 3 refuses` };
        return false;
      }
      return undefined;
    },
  });
  return { tree, text, error: error ?? indentation };
}

/**
 * What Python's tokenizer refuses about indentation and the grammar lets through, in one block (the module or a
 * Body): a top-level statement that does not start its line at column 0 (a module indented throughout: "unexpected
 * indent"), a statement of a block whose indentation is not its block's ("unindent does not match any outer
 * indentation level"), or one whose indentation matches its block's only when a tab counts as 8 columns, not as 1
 * (TabError). Only statements that start a line are weighed (`if x: a = 1; b = 2` has none below the header).
 */
function blockIndentation(block: SyntaxNode, text: string): PythonSyntaxError | null {
  let expected: Indent | null = block.name === "Script" ? { col: 0, alt: 0 } : null;
  let afterBlock = false;
  for (let c = block.firstChild; c; c = c.nextSibling) {
    if (c.name === ":" || c.name === "Comment") continue;
    const indent = lineIndent(text, c.from);
    if (indent) {
      if (!expected) expected = indent;
      else if (indent.col !== expected.col || indent.alt !== expected.alt) {
        const message =
          indent.col === expected.col || indent.col > expected.col !== indent.alt > expected.alt
            ? "inconsistent use of tabs and spaces in indentation"
            : indent.col > expected.col && !afterBlock
              ? "unexpected indent"
              : "unindent does not match any outer indentation level";
        return { at: c.from, message };
      }
    }
    afterBlock = c.getChild("Body") !== null;
  }
  return null;
}

/** A line's indentation as Python's tokenizer measures it twice: a tab to the next multiple of 8 columns, and as 1. */
interface Indent {
  col: number;
  alt: number;
}

/** The indentation before `at`, when only spaces, tabs and form feeds come before it on its line; else null. */
function lineIndent(text: string, at: number): Indent | null {
  let col = 0;
  let alt = 0;
  for (let i = text.lastIndexOf("\n", at - 1) + 1; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      col++;
      alt++;
    } else if (c === 9) {
      col = (Math.floor(col / 8) + 1) * 8;
      alt++;
    } else if (c === 12) col = alt = 0;
    else if (c !== 13) return null;
  }
  return { col, alt };
}

/** CPython's tokenizer refuses brackets nested deeper than this ("too many nested parentheses"). */
const MAX_NESTING = 200;

/** The offset of the first bracket nested deeper than Python reads in the ranges, or -1; strings and comments skipped. */
function tooDeeplyNested(text: string, ranges: readonly { from: number; to: number }[]): number {
  let depth = 0;
  for (const { from, to } of ranges)
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 40 || c === 91 || c === 123) {
        if (++depth > MAX_NESTING) return i;
      } else if (c === 41 || c === 93 || c === 125) {
        if (depth > 0) depth--;
      } else if (c === 35) {
        const nl = text.indexOf("\n", i);
        i = nl < 0 || nl > to ? to : nl;
      } else if (c === 34 || c === 39) {
        // A string: up to its closing quote (three for a triple-quoted one, else the line's end at most), escapes skipped.
        const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
        for (i += triple ? 3 : 1; i < to; i++) {
          const d = text.charCodeAt(i);
          if (d === 92) i++;
          else if (d === c && (!triple || (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c))) {
            if (triple) i += 2;
            break;
          } else if (d === 10 && !triple) break;
        }
      }
    }
  return -1;
}

/** On a line that is one of Python 2's statements that assign nothing (`print >>sys.stderr, x`, `exec "code"`). */
function python2Statement(text: string, at: number): boolean {
  const line = text.slice(text.lastIndexOf("\n", at - 1) + 1, at + 1);
  return /^\s*(print|exec)\b/.test(line);
}

/**
 * Python 2 syntax that @lezer/python reads without an error node (its grammar keeps it), but that Python 3,
 * which every Django since 2.0 runs on, refuses: the print statement, `except E, e:`, `raise E, "message"`
 * and `<>`. (`exec "code"`, backquotes and `print >>f, x` are error nodes already.)
 */
const PY2_NAMES = new Set(["PrintStatement", ",", "CompareOp"]);

function python2Only(n: SyntaxNode, text: string): string | null {
  if (n.name === "PrintStatement") return "Python 2's print statement";
  if (n.name === "," && n.parent?.name === "TryStatement") return "Python 2's `except E, name:`";
  if (n.name === "," && n.parent?.name === "RaiseStatement") return 'Python 2\'s `raise E, "message"`';
  if (n.name === "CompareOp" && text.slice(n.from, n.to) === "<>") return "Python 2's `<>`";
  return null;
}

function describe(text: string, at: number): string {
  // Not a word of a secret's line: `SECRET_KEY = django-insecure-...` unquoted stops at the key's second word.
  const lineEnd = text.indexOf("\n", at);
  if (secretSpans(text.slice(text.lastIndexOf("\n", at - 1) + 1, lineEnd < 0 ? text.length : lineEnd)).length) return "text";
  const m = /^(?:[A-Za-z_]\w*|\d+|\S)/.exec(text.slice(at, at + 40));
  return m ? `'${m[0]}'` : "text";
}

/** The source text of a node. */
export const textOf = (p: { text: string }, n: SyntaxNode): string => p.text.slice(n.from, n.to);

/** The children of a node, in order. */
export function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}
