/**
 * The part of a settings module a lint needs, found without the parser. The
 * Python parser runs cold in a lint (interpreted, ~3 µs a character before
 * the JIT warms up), and a settings file is mostly settings no rule reads
 * (`DATABASES`, `LOGGING`, `TEMPLATES`...). A cheap scan cuts the file into
 * top-level statements (a compound statement with its body, `else`/`except`
 * clauses and decorators is one), notes the names each mentions and the
 * names each may bind or change, and keeps only the statements that may
 * bind a wanted name, then the ones binding what those read, to a fixed
 * point. What a compound statement reads for a name is what its headers and
 * the lines that may bind the name mention (`MEDIA_URL` set under an `if`
 * beside `INSTALLED_APPS.append(...)` does not need INSTALLED_APPS). Star
 * imports and `globals()`/`exec` (which may change any name) are always
 * kept. The parser then reads only the kept statements (its `ranges`:
 * positions stay the file's), comments inside them included, since the
 * evaluator reads a dict or call with a comment in it as written; a kept
 * loop that cannot write the namespace is not parsed at all (module.ts,
 * parseStatements: the names it may bind are all the evaluator needs).
 *
 * "May bind" is a superset of what the evaluator (module.ts) binds or changes:
 * the first name of a statement (`X = ...`, `X[k] = ...`, `X.append(...)`),
 * every name before a top-level `=` or augmented operator, names after
 * `import`/`del`/`global`/`case`, after `as`, `def` and `class`, before a
 * `:=`, and between `for` and `in`. Function and class bodies, which the
 * evaluator never runs, bind and read nothing. So every statement that can
 * change a wanted name is kept, in order, and the evaluator computes the same
 * value, place and reason for it as from the whole file.
 *
 * The scan gives up (null: parse the whole file) on anything it does not
 * follow: a non-ASCII character outside strings and comments, an
 * unterminated string or bracket, an indented line no block opens, a stray
 * backslash, Python 2's octal integers, and token sequences Python refuses (see Prev). What it cannot
 * see is any other syntax error inside a statement it skips: Python would
 * refuse the file, and the lint reads the statements it needs (which parse).
 */

/** One top-level statement, with its body and clauses. */
export interface Chunk {
  from: number;
  to: number;
  /** Every name it mentions (attributes after `.` are not names). */
  names: Set<string>;
  /** The names it may bind or change (a superset of what the evaluator binds). */
  binds: Set<string>;
  /** A star import, `globals()` or `exec`: it may change any name. */
  any: boolean;
  /**
   * Whether the evaluator reads the names it mentions: not for a loop (`for`, `while`), whose body it never
   * runs (it makes what the body binds unknown, by syntax alone), nor for a `def`/`class` (decorated or not),
   * which it binds to "a function"/"a class" without evaluating anything.
   */
  reads: boolean;
  /** A `for` or `while` loop (its body is never run: the evaluator needs only the names it may bind). */
  loop?: "for" | "while";
  /**
   * A compound statement's logical lines (absent for a statement of one line). The evaluator runs a block's
   * statements one after the other, and what a statement binds depends only on the names it mentions: a name
   * wanted from the block needs the lines that may bind it, and the headers (every line with a colon outside
   * brackets: conditions, `except`, `with`, one-line bodies, annotations, lambdas), not the block's other lines.
   */
  lines?: ChunkLine[];
}

/** One logical line of a compound statement: the names it mentions and may bind, and whether it is a header. */
export interface ChunkLine {
  names: string[];
  binds: string[];
  head: boolean;
}

/** Statements whose mentioned names the evaluator never reads (module.ts: makeUnknown, definition). */
const NOT_READ = new Set(["for", "while", "def", "class"]);

const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(
    " ",
  ),
);
/** Keywords after which every name of the statement may be bound. */
const ALL_BIND = new Set(["import", "from", "del", "global", "nonlocal"]);
/** Clauses that continue the compound statement above them. */
const CLAUSES = new Set(["else", "elif", "except", "finally"]);
/** Statements that open a block: their line ends with the colon. */
const HEADERS = new Set(["if", "elif", "else", "while", "for", "with", "def", "class", "try", "except", "finally"]);
const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/;
/**
 * Names whose call may change any name (module.ts opaqueChange): only as a statement of its own
 * (`globals().update(...)`, `exec(...)`) where the evaluator runs it, not in a loop's body.
 */
export const ANY_NAMES = new Set(["globals", "exec"]);
/**
 * Names (or attributes, or modules imported from) with which a statement may write any name, whatever their place
 * (module.ts namespaceWrite): django-split-settings and its `include()`, Dynaconf, django-configurations; and
 * (NAMESPACE_USE, on the statement's text) a call handed `locals()`/`globals()`/`vars()`.
 */
export const ANY_ANYWHERE = new Set(["include", "split_settings", "DjangoDynaconf", "configurations"]);
/**
 * The module's namespace handed to a call (or its name, `load_settings(__name__)`), changed through its methods or items, or the module object itself (the
 * evaluator's ways of seeing it: module.ts namespaceWrite).
 */
const NAMESPACE_USE =
  /[(,]\s*(?:locals|globals|vars)\s*\(\s*\)|\b(?:locals|globals|vars)\s*\(\s*\)\s*(?:\.\s*(?:update|setdefault|__setitem__)\b|\[)|\bsys\s*\.\s*modules\s*\[\s*__name__\s*\]|[(,]\s*__name__\s*[,)]/;

const OPERATOR = /\*\*=|\/\/=|>>=|<<=|[-+*/%&|^@]=|==|!=|<=|>=|<>|->|:=|\*\*|\/\/|<<|>>|[-+*/%&|^@<>~=]/y;
const COMPARISONS = new Set(["==", "!=", "<=", ">="]);
/** Operators that need an operand on their left (not `*`, `**`, `-`, `+`, `~`, which may start one). */
const BINARY_ONLY = new Set(["%", "/", "//", "==", "!=", "<", ">", "<=", ">=", "<>", "|", "&", "^", "<<", ">>", "=", ":=", "->", "@"]);
/** Soft keywords: a name, or a statement's keyword before an operand (`match x:`, `case 1:`, `type X = int`). */
const SOFT = new Set(["match", "case", "type"]);
// Sticky patterns for the scan's long runs (V8 matches them natively, which matters in a cold process).
const NAME_REST = /[A-Za-z0-9_]*/y;
const SPACES = /[ \t\f]*/y;
/** The rest of a number (`1_000`, `0x1F`, `2.5j`; an exponent's sign is read as an operator, as before it). */
const NUMBER_REST = /[A-Za-z0-9_.]*/y;
const LINE_REST = /[^\r\n]*/y;
/** Inside a string: what cannot end it, start an escape, or (f-strings) open a replacement field. */
const PLAIN_SINGLE = /[^'\\\r\n]*/y;
const PLAIN_DOUBLE = /[^"\\\r\n]*/y;
const PLAIN_F_SINGLE = /[^'\\\r\n{]*/y;
const PLAIN_F_DOUBLE = /[^"\\\r\n{]*/y;
/** An integer with a leading zero and another digit that is not zero (Python 2's octal; `00`, `0_0`, `007.5`, `0o644` are fine). */
export const LEADING_ZERO = /^0[0-9_]*[1-9][0-9_]*$/;

/** Where a run of a sticky pattern starting at `from` ends (the pattern matches the empty string: always a number). */
function runEnd(pattern: RegExp, t: string, from: number): number {
  pattern.lastIndex = from;
  pattern.test(t);
  return pattern.lastIndex;
}
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isNewline = (c: number) => c === 10 || c === 13;

class GiveUp extends Error {}

/**
 * What the last token was. Python refuses some sequences outright (an
 * operator after `{`, before `)`, two operands in a row): the scan gives up
 * on them so that the parser sees, and reports, the whole file (a Jinja
 * `{% if %}` in a cookiecutter template, Python 2's `print "x"`). Any
 * other syntax error in a skipped statement goes unseen.
 */
type Prev = "start" | "open" | "comma" | "colon" | "dot" | "op" | "keyword" | "operand" | "string" | "soft";

class Scanner {
  private i = 0;
  private depth = 0;
  readonly chunks: Chunk[] = [];
  /** Comments outside brackets, [from, to) pairs in file order: the parser need not read them. */
  readonly comments: number[] = [];
  private chunk: Chunk | null = null;
  /** The chunk's top-level lines so far are decorators: the `def`/`class` line continues it. */
  private decorating = false;
  /** The last top-level line ended with `:`: indented lines may follow. */
  private blockOpen = false;
  /** The logical line being read starts at column 0. */
  private topLevel = false;
  /** The logical line being read, when it is a compound statement's second or later (Chunk.lines). */
  private line: ChunkLine | null = null;
  /** The logical line being read has a colon outside brackets. */
  private lineHead = false;
  // The statement being read.
  private stmtNames: string[] = [];
  /** `for` targets, names after `import`, `del`..., or the module of `from m import` (not names of this module). */
  private mode: "normal" | "allBind" | "for" | "module" = "normal";
  /** The column of the logical line being read. */
  private col = 0;
  /** The column of the `def`/`class` whose body is being read, or -1. */
  private defCol = -1;
  /** In a function or class body: nothing here binds or reads a name of the module as the evaluator runs it. */
  private inDef = false;
  /** The column of the `for`/`while` whose body is being read, or -1; in its body (never run by the evaluator). */
  private loopCol = -1;
  private inLoop = false;
  /** After `for`/`while` at a statement's start, before its header's colon. */
  private loopHeader = false;
  /** The keyword the statement starts with, if any. */
  private stmtKeyword = "";
  /** After `def`/`class` at a statement's start, before its header's colon. */
  private defHeader = false;
  private nextBinds = false;
  private lastName = "";
  private prev: Prev = "start";
  private prevWord = "";
  /** The last token was a colon at depth 0 (a block header's, if the line ends here). */
  private colon = false;

  constructor(private readonly t: string) {}

  /** Every logical line, [from, to) pairs in file order: from its first character (after the indentation) to its end. */
  readonly lines: number[] = [];

  run(): void {
    let last: Chunk | null = null;
    while (this.lineStart()) {
      const from = this.i;
      const chunk = this.chunk as Chunk;
      this.line = null;
      if (chunk === last) {
        // A compound statement's second line: from here its lines are kept one by one, the first being what the
        // statement held so far (a statement of one line allocates nothing for this).
        chunk.lines ??= [{ names: [...chunk.names], binds: [...chunk.binds], head: this.lineHead }];
        this.line = { names: [], binds: [], head: false };
      }
      this.lineHead = false;
      this.logicalLine();
      if (this.line) {
        this.line.head = this.lineHead;
        chunk.lines?.push(this.line);
      }
      last = chunk;
      this.lines.push(from, chunk.to);
    }
    if (this.depth !== 0) throw new GiveUp();
    if (this.chunk) this.chunks.push(this.chunk);
  }

  private name(word: string): void {
    (this.chunk as Chunk).names.add(word);
    this.line?.names.push(word);
  }

  private bind(word: string): void {
    (this.chunk as Chunk).binds.add(word);
    this.line?.binds.push(word);
  }

  /** At the start of a logical line: skips blank and comment lines, opens or continues a chunk. False at the end of the text. */
  private lineStart(): boolean {
    const t = this.t;
    for (;;) {
      const end = runEnd(SPACES, t, this.i);
      const col = end - this.i;
      this.i = end;
      if (this.i >= t.length) return false;
      const c = t.charCodeAt(this.i);
      if (c === 35) {
        this.comment();
        continue;
      }
      if (isNewline(c)) {
        this.newline();
        continue;
      }
      if (col === 0) {
        let word = "";
        if (isNameStart(c)) word = t.slice(this.i, runEnd(NAME_REST, t, this.i + 1));
        if (this.chunk && (CLAUSES.has(word) || this.decorating)) {
          this.decorating = c === 64;
        } else {
          if (CLAUSES.has(word)) throw new GiveUp();
          if (this.chunk) this.chunks.push(this.chunk);
          this.chunk = { from: this.i, to: this.i, names: new Set(), binds: new Set(), any: false, reads: c !== 64 && !NOT_READ.has(word) };
          if (word === "for" || word === "while") this.chunk.loop = word;
          this.decorating = c === 64;
        }
      } else if (!this.chunk || !this.blockOpen) throw new GiveUp();
      this.topLevel = col === 0;
      this.col = col;
      // A line indented under a `def` or `class` is in its body, which the evaluator never runs.
      this.inDef = this.defCol >= 0 && col > this.defCol;
      if (!this.inDef) this.defCol = -1;
      this.inLoop = this.loopCol >= 0 && col > this.loopCol;
      if (!this.inLoop) this.loopCol = -1;
      this.startStatement();
      return true;
    }
  }

  private startStatement(): void {
    this.stmtKeyword = "";
    this.defHeader = false;
    this.loopHeader = false;
    this.stmtNames = [];
    this.mode = "normal";
    this.nextBinds = false;
    this.prev = "start";
  }

  private newline(): void {
    this.i += this.t[this.i] === "\r" && this.t[this.i + 1] === "\n" ? 2 : 1;
  }

  private comment(): void {
    const t = this.t;
    const from = this.i;
    this.i = runEnd(LINE_REST, t, from);
    if (this.depth === 0) this.comments.push(from, this.i);
  }

  /** One logical line, up to and past its newline. */
  private logicalLine(): void {
    const t = this.t;
    const chunk = this.chunk as Chunk;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (isNewline(c)) {
        if (this.depth > 0) {
          this.newline();
          continue;
        }
        chunk.to = this.i;
        this.endStatement();
        if (this.topLevel) this.blockOpen = this.colon;
        this.newline();
        return;
      }
      if (c === 32 || c === 9 || c === 12 || c === 35 || c === 92) {
        if (c === 35) this.comment();
        else if (c !== 92) {
          this.i = runEnd(SPACES, t, this.i);
        } else {
          // A backslash joins the next line; anything else after it is an error.
          if (!isNewline(t.charCodeAt(this.i + 1))) throw new GiveUp();
          this.i++;
          this.newline();
        }
        continue;
      }
      this.colon = false;
      if (c === 34 || c === 39) this.string("");
      else if (isNameStart(c)) {
        const from = this.i;
        this.i = runEnd(NAME_REST, t, from + 1);
        const word = t.slice(from, this.i);
        const next = t.charCodeAt(this.i);
        if ((next === 34 || next === 39) && STRING_PREFIX.test(word)) this.string(word);
        else this.word(word);
      } else if (isDigit(c) || (c === 46 && isDigit(t.charCodeAt(this.i + 1)))) {
        const from = this.i;
        this.i = runEnd(NUMBER_REST, t, this.i);
        // Python 2's octal (`0644`), which Python 3 refuses wherever it stands: the parser says so (parser.ts).
        if (c === 48 && LEADING_ZERO.test(t.slice(from, this.i))) throw new GiveUp();
        this.operand();
      } else if (c > 126) throw new GiveUp();
      else this.punct(c);
    }
    chunk.to = this.i;
    this.endStatement();
  }

  /** A line that ends after an operator or a dot, a block header without its colon, `from m` without `import`: Python refuses it. */
  private endStatement(): void {
    if (this.prev === "op" || this.prev === "dot" || this.mode === "module" || (HEADERS.has(this.stmtKeyword) && !this.colon)) throw new GiveUp();
  }

  /** A name, number, string or closing bracket: not right after another (but strings concatenate). */
  private operand(kind: Prev = "operand"): void {
    const p = this.prev;
    if (p === "operand" || (p === "string" && kind !== "string")) throw new GiveUp();
    this.prev = kind;
  }

  private word(word: string): void {
    const chunk = this.chunk as Chunk;
    if (KEYWORDS.has(word) && word !== "True" && word !== "False" && word !== "None") {
      if (this.prev === "start" && word !== "async") this.stmtKeyword = word;
      if (this.prev === "start" && word === "from") this.mode = "module";
      else if ((this.prev === "start" || this.mode === "module") && ALL_BIND.has(word)) this.mode = "allBind";
      else if (word === "for") this.mode = this.mode === "allBind" ? "allBind" : "for";
      else if (word === "in" && this.mode === "for") this.mode = "normal";
      if (word === "def" || word === "class" || word === "as") this.nextBinds = true;
      if ((word === "def" || word === "class") && this.prev === "start") {
        this.defHeader = true;
        if (!this.inDef) this.defCol = this.col;
      }
      if ((word === "for" || word === "while") && this.prev === "start") {
        this.loopHeader = true;
        if (!this.inLoop) this.loopCol = this.col;
      }
      // `async def`: still the statement's start.
      if (word !== "async" || this.prev !== "start") this.prev = "keyword";
      this.prevWord = word;
      return;
    }
    // Outside a definition's body (which the evaluator never runs), what may write any name wherever it stands
    // (module.ts namespaceWrite): `locals()`/`vars()`/`globals()`, split settings, Dynaconf, django-configurations.
    if (!this.inDef && ANY_ANYWHERE.has(word)) chunk.any = true;
    // An attribute (`os.environ`: `environ` is not a name of the module, nor `path` in `import os.path`).
    if (this.prev === "dot") {
      this.prev = "operand";
      return;
    }
    const atStart = this.prev === "start";
    if (this.prev !== "soft") this.operand();
    else this.prev = "operand";
    // `match x:`, `case 1:`, `type X = int`: a soft keyword before an operand.
    if (atStart && SOFT.has(word)) this.prev = "soft";
    // True, False, None; the module of `from m import x`; anything in a function's or class's body.
    if (KEYWORDS.has(word) || this.mode === "module" || this.inDef) return;
    this.name(word);
    this.stmtNames.push(word);
    if (atStart || this.nextBinds || this.mode !== "normal") this.bind(word);
    this.nextBinds = false;
    // `case`: its pattern may capture names.
    if (atStart && word === "case") this.mode = "allBind";
    if (ANY_NAMES.has(word) && atStart && !this.inLoop) chunk.any = true;
    this.lastName = word;
  }

  private punct(c: number): void {
    const t = this.t;
    const chunk = this.chunk as Chunk;
    const prev = this.prev;
    const afterImport = prev === "keyword" && this.prevWord === "import";
    this.nextBinds = false;
    if (c === 40 || c === 91 || c === 123) {
      // `x(`, `x[` call and subscript; `x {` is an error.
      if (c === 123 && prev === "operand") throw new GiveUp();
      this.depth++;
      this.i++;
      this.prev = "open";
      return;
    }
    if (c === 41 || c === 93 || c === 125) {
      if (--this.depth < 0 || prev === "op" || prev === "dot") throw new GiveUp();
      this.i++;
      this.prev = "operand";
      return;
    }
    if (c === 44 || c === 59) {
      if (prev === "op" || prev === "dot" || prev === "start" || (c === 44 && prev === "open")) throw new GiveUp();
      this.i++;
      if (c === 59 && this.depth === 0) this.startStatement();
      else this.prev = "comma";
      return;
    }
    if (c === 46) {
      // `...` is a value; `.` an attribute access or a relative import's dot.
      if (t.startsWith("...", this.i)) {
        this.i += 3;
        return this.operand();
      }
      this.i++;
      this.prev = "dot";
      return;
    }
    if (c === 58 && t.charCodeAt(this.i + 1) !== 61) {
      this.i++;
      // A block header's colon (or a lambda's, an annotation's): what follows may be a statement.
      if (this.depth === 0) {
        this.lineHead = true;
        // A one-line `def f(): ...`: the rest of the line is its body.
        if (this.defHeader) this.inDef = true;
        if (this.loopHeader) this.inLoop = true;
        this.startStatement();
        this.colon = true;
      } else this.prev = "colon";
      return;
    }
    if (c === 42 && afterImport && !this.inDef) chunk.any = true;
    // An operator: `=`, `==`, `+=`, `**=`, `->`, `:=`...
    OPERATOR.lastIndex = this.i;
    const op = OPERATOR.exec(t)?.[0];
    if (!op) throw new GiveUp();
    const decorator = op === "@" && prev === "start";
    if (BINARY_ONLY.has(op) && prev !== "operand" && prev !== "string" && !decorator && !(op === "=" && prev === "soft")) throw new GiveUp();
    this.i += op.length;
    // `import *` ends the statement like a name.
    this.prev = op === "*" && afterImport ? "operand" : "op";
    if (this.inDef) return;
    if (op === ":=") {
      if (this.lastName) this.bind(this.lastName);
    } else if (this.depth === 0 && op.endsWith("=") && !COMPARISONS.has(op)) {
      // An assignment or augmented assignment: every name before it may be bound (`X[k] = `, `A, B = `).
      for (const n of this.stmtNames) this.bind(n);
    }
  }

  /** A string literal (`prefix` read), its replacement fields scanned as code when it is an f-string. */
  private string(prefix: string): void {
    const t = this.t;
    this.operand("string");
    const q = t[this.i];
    const triple = t[this.i + 1] === q && t[this.i + 2] === q;
    const f = /[fF]/.test(prefix);
    this.i += triple ? 3 : 1;
    // Runs of characters that cannot end the string (or open a replacement field) are skipped natively.
    const plain = q === "'" ? (f ? PLAIN_F_SINGLE : PLAIN_SINGLE) : f ? PLAIN_F_DOUBLE : PLAIN_DOUBLE;
    while (this.i < t.length) {
      this.i = runEnd(plain, t, this.i);
      if (this.i >= t.length) break;
      const c = t[this.i];
      if (c === "\\") {
        this.i += 2;
        continue;
      }
      if (c === q && (!triple || (t[this.i + 1] === q && t[this.i + 2] === q))) {
        this.i += triple ? 3 : 1;
        return;
      }
      if (!triple && isNewline(t.charCodeAt(this.i))) throw new GiveUp();
      if (f && c === "{") {
        if (t[this.i + 1] === "{") this.i += 2;
        else this.field();
        continue;
      }
      this.i++;
    }
    throw new GiveUp();
  }

  /** An f-string's `{...}`: every name in it is read. */
  private field(): void {
    const t = this.t;
    const prev = this.prev;
    let depth = 0;
    this.i++;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === 123 || c === 40 || c === 91) depth++;
      else if (c === 41 || c === 93) depth--;
      else if (c === 125) {
        if (depth === 0) {
          this.i++;
          this.prev = prev;
          return;
        }
        depth--;
      } else if (c === 34 || c === 39) {
        // A string inside the field (its own rules of adjacency do not apply here).
        this.prev = "open";
        this.string("");
        continue;
      } else if (isNameStart(c)) {
        const from = this.i;
        this.i = runEnd(NAME_REST, t, from + 1);
        const word = t.slice(from, this.i);
        const q = t.charCodeAt(this.i);
        if ((q === 34 || q === 39) && STRING_PREFIX.test(word)) {
          this.prev = "open";
          this.string(word);
        } else if (!KEYWORDS.has(word) && t[from - 1] !== "." && !this.inDef) this.name(word);
        continue;
      } else if (c > 126) throw new GiveUp();
      this.i++;
    }
    throw new GiveUp();
  }
}

/** The module's top-level statements (and every logical line), or null when the scan cannot follow the text (parse all of it). */
export function scanModule(
  text: string,
): { chunks: Chunk[]; comments: number[]; lines: number[]; binders?: Map<string, number[]>; anyChunks?: number[] } | null {
  const s = new Scanner(text);
  try {
    s.run();
  } catch (e) {
    if (e instanceof GiveUp) return null;
    throw e;
  }
  return { chunks: s.chunks, comments: s.comments, lines: s.lines };
}

/**
 * The logical lines (statements, or a compound statement's header with what
 * follows its colon on that line) in which `word` occurs, as [from, to)
 * ranges from the first character after the indentation; null when the scan
 * cannot follow the text. An occurrence in a comment line is in none.
 */
export function linesMentioning(text: string, word: string): { from: number; to: number }[] | null {
  const scanned = scanModule(text);
  if (!scanned) return null;
  const out: { from: number; to: number }[] = [];
  const l = scanned.lines;
  let k = 0;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    while (k < l.length && l[k + 1] <= at) k += 2;
    if (k >= l.length) break;
    if (l[k] <= at && (out.length === 0 || out[out.length - 1].from !== l[k])) out.push({ from: l[k], to: l[k + 1] });
  }
  return out;
}

export interface Slice {
  /**
   * What the parser reads (`parser.parse(text, [], ranges)`): the kept statements, each with its line end,
   * in file order, starting with an empty range at 0 so that the tree's positions are the file's.
   */
  ranges: { from: number; to: number }[];
  /** The wanted names and every name the kept statements read for them: the names whose value the slice leaves exact. */
  scope: Set<string>;
  kept: number;
  chunks: number;
  /** The same ranges chunk by chunk (each starting with the empty range at 0): each kept statement can be parsed, and its tree kept, alone. */
  parts: { chunk: number; ranges: { from: number; to: number }[] }[];
}

export type Scanned = NonNullable<ReturnType<typeof scanModule>>;

/** The statements that may bind a wanted name or what those read, to a fixed point; null when the scan gives up. */
export function sliceModule(text: string, wanted: Iterable<string>, scanned: Scanned | null = scanModule(text)): Slice | null {
  if (!scanned) return null;
  const { chunks, comments } = scanned;
  const scope = new Set<string>();
  // Which statements bind each name, and which may change any: the same for every slice of the module.
  let binders = scanned.binders;
  if (!binders) {
    const by = new Map<string, number[]>();
    const any: number[] = [];
    chunks.forEach((c, k) => {
      if (c.any || NAMESPACE_USE.test(text.slice(c.from, c.to))) any.push(k);
      for (const n of c.binds) {
        const list = by.get(n);
        if (list) list.push(k);
        else by.set(n, [k]);
      }
    });
    scanned.binders = binders = by;
    scanned.anyChunks = any;
  }
  const keep = new Array<boolean>(chunks.length).fill(false);
  const work: string[] = [];
  const want = (n: string) => {
    if (scope.has(n)) return;
    scope.add(n);
    work.push(n);
  };
  /** Keeps statement `k` for the wanted name `n` it may bind (none: it may change any name), and wants what that reads. */
  const take = (k: number, n?: string) => {
    const c = chunks[k];
    const first = !keep[k];
    keep[k] = true;
    if (!c.reads) return;
    if (!c.lines || n === undefined || c.any) {
      if (first) for (const m of c.names) want(m);
      return;
    }
    // A compound statement: its headers, and the lines that may bind `n`.
    for (const l of c.lines) if ((first && l.head) || l.binds.includes(n)) for (const m of l.names) want(m);
  };
  for (const n of wanted) want(n);
  for (const k of scanned.anyChunks ?? []) take(k);
  while (work.length) {
    const n = work.pop() as string;
    for (const k of binders.get(n) ?? []) take(k, n);
  }
  // The kept statements with their line ends, less the comments outside brackets (a line or a line's end: the
  // evaluator never sees those; a comment inside a bracket stays, as the evaluator reads the dict or call with it).
  const ranges = [{ from: 0, to: 0 }];
  const add = (from: number, to: number) => {
    const last = ranges[ranges.length - 1];
    if (last.to >= from) last.to = Math.max(last.to, to);
    else if (to > from) ranges.push({ from, to });
  };
  let j = 0;
  const parts: Slice["parts"] = [];
  chunks.forEach((c, k) => {
    if (!keep[k]) return;
    const nl = text.indexOf("\n", c.to);
    const to = nl < 0 ? text.length : nl + 1;
    const own = [{ from: 0, to: 0 }];
    const both = (from: number, end: number) => {
      add(from, end);
      const last = own[own.length - 1];
      if (last.to >= from) last.to = Math.max(last.to, end);
      else if (end > from) own.push({ from, to: end });
    };
    let at = c.from;
    while (j < comments.length && comments[j] < c.from) j += 2;
    for (; j < comments.length && comments[j] < to; j += 2) {
      both(at, comments[j]);
      at = comments[j + 1];
    }
    both(at, to);
    parts.push({ chunk: k, ranges: own });
  });
  return { ranges, parts, scope, kept: keep.filter(Boolean).length, chunks: chunks.length };
}
