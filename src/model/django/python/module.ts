/**
 * One Python module evaluated statically, top to bottom, the way Django's
 * settings are read: each top-level assignment binds a name to a value with
 * the place it was written. Nothing is ever executed. What a Django developer
 * would expect of control flow:
 *
 * - `if`/`elif`/`else` whose condition is known (`if DEBUG:` after
 *   `DEBUG = False`) runs the branch Python runs. Otherwise every name any
 *   branch assigns becomes unknown (and only those names); when the condition
 *   is an environment lookup with a default, the value the default branch
 *   leaves is kept as the default.
 * - `try` runs its body as if nothing raised, up to an import of a module
 *   of the project's own packages that is not there (`from .local import *`):
 *   Python raises ImportError at it, and the handler that catches it runs
 *   (the host says which imports raise: not one of a module a `.gitignore`
 *   keeps on each machine, which may be on the server). Otherwise names an
 *   `except` clause assigns are unknown. `else` (when nothing raised) and
 *   `finally` run as written. An imported module Python refuses (a
 *   SyntaxError) refuses the importer too, unless a handler catches it.
 * - Loops and `match` make the names they assign unknown; `with` runs its body.
 * - `from x import *` of a project module copies its names; of a module the
 *   linter cannot read (outside the project, missing, a cycle, not Python),
 *   every name bound so far becomes "default, may be overridden", and names
 *   bound nowhere may come from it.
 * - Functions and classes are never called: a call to one is unknown.
 * - Code that writes the module's namespace where the linter cannot follow
 *   (`globals().update()`, `exec()`, a call handed `locals()`/`globals()`/
 *   `vars()` as django-heroku's `settings(locals())` is, django-split-settings'
 *   `include()`, Dynaconf's `DjangoDynaconf(__name__)`, django-configurations'
 *   classes) works like a star import the linter cannot follow; django-configurations'
 *   loader copies a class over the module once it has run, so its names assigned
 *   after the import are unknown too.
 */
import type { SyntaxNode } from "@lezer/common";
import { SourceFile } from "../../../source/source-file.js";
import { importedName, moduleValue } from "./builtins.js";
import { callArgs, evaluate, lift, operands, setEntry, subscript, type ExprScope } from "./expressions.js";
import { parsePython, type ParsedPython } from "./parser.js";
import { ANY_ANYWHERE, ANY_NAMES, scanModule, sliceModule, type Scanned, type Slice } from "./slice.js";
import { builtin, equal, hasUnknown, num, truthy, unknown, type Location, type PyValue } from "./values.js";

export interface Binding {
  value: PyValue;
  /** The statement that last assigned the name with `=`. */
  at: Location;
  /** Later statements that changed it (`+=`, `.append()`, `X[k] = v`). */
  changes: Location[];
}

export interface OpaqueImport {
  reason: string;
  at: Location;
}

export interface ModuleResult {
  file: string;
  module: string | null;
  names: Map<string, Binding>;
  /** Star imports the linter could not follow: a name bound nowhere may come from one of them. */
  opaque: OpaqueImport[];
  /** Why nothing of the file is known (not Python, unreadable, too large), or null. */
  error: string | null;
  /** Python refuses to import it (a SyntaxError, here or in a module it imports where nothing catches it). */
  refused?: boolean;
  /** The files this module star-imported, transitively, in import order. */
  followed: string[];
  /**
   * The names whose values are those of the whole module: all (null), or,
   * when only some names were asked for (slice.ts), those and what they read.
   * Another name may be missing or stale.
   */
  scope?: ReadonlySet<string> | null;
}

/** What evaluating a module needs from the project: following imports. */
export interface ModuleHost {
  /** `from.scope`: the names the importer needs exact (null: all). */
  importModule(module: string, level: number, from: { file: string; module: string | null; scope?: ReadonlySet<string> | null }): ModuleResult | NotFollowed;
  /** Whether importing the module raises ImportError (a module of the project's own packages that is not there), without reading it. */
  importFails?(module: string, level: number, from: { file: string; module: string | null }): boolean;
}

/**
 * An import the linter does not follow, and why; `missing` when Python raises ImportError at it (a module of the
 * project's own packages that is not there, and that no `.gitignore` keeps on each machine).
 */
export interface NotFollowed {
  notFollowed: string;
  missing?: boolean;
}

/** Files larger than this are not read as Python settings (a real settings module is far smaller). */
export const MAX_PYTHON_BYTES = 1024 * 1024;

/**
 * A module's text with what reading it costs, kept between reads of other
 * names: the scan of its statements and the syntax of each statement parsed.
 */
export interface ModuleSource {
  text: string;
  scanned?: Scanned | null;
  /** Each statement parsed so far (by its index in the scan). */
  statements: Map<number, ParsedStatement>;
  whole?: ParsedPython;
  /** Its lines, for the places of values. */
  lines?: SourceFile;
}

export const moduleSource = (text: string): ModuleSource => ({ text, statements: new Map() });

/** A statement's top-level syntax nodes, parsed from a text of its own (see parseStatements). */
interface ParsedStatement {
  nodes: SyntaxNode[];
  text: string;
  /** Where its pieces of `text` come from: [offset in text, offset in the module] pairs, in order. */
  pieces: number[];
  /** A loop left unparsed (see parseStatements): the names the scan says it may bind, and where it is in the module. */
  loop?: { kind: "ForStatement" | "WhileStatement"; from: number; to: number; binds: Set<string> };
}

/**
 * Names with which a loop's body may change a name the scan cannot see it bind: the module's namespace
 * (`globals()[k] = v`, `setattr(sys.modules[__name__], ...)`), `exec`, split settings' `include`, the settings
 * libraries that write the namespace. An import in the body binds what the evaluator reads from its syntax.
 */
const LOOP_WRITES_ANY = new Set([...ANY_NAMES, ...ANY_ANYWHERE, "locals", "vars", "eval", "setattr", "__name__"]);
const IMPORT_LINE = /^[ \t]*(?:from[ \t]+\S+[ \t]+)?import\b/m;

/** The module's offset of an offset of a statement's own text (`end`: the end of a range, which may touch the next piece). */
function moduleOffset(pieces: number[], at: number, end: boolean): number {
  let k = 0;
  while (k + 2 < pieces.length && (end ? pieces[k + 2] < at : pieces[k + 2] <= at)) k += 2;
  return pieces[k + 1] + at - pieces[k];
}

/**
 * Evaluate a module. With `wanted`, only the statements that can change
 * those names (and what they read) are parsed and run (slice.ts): the values
 * of `result.scope` are those of the whole module. When the slice cannot be
 * made or does not parse, the whole module is read. Each statement is parsed
 * once per `source`: a later read for other names parses only the statements
 * it adds, all in one call to the parser, as a text of their own (see
 * parseStatements).
 */
export function evaluateModule(
  file: string,
  text: string,
  module: string | null,
  host: ModuleHost,
  wanted?: Iterable<string> | null,
  source: ModuleSource = moduleSource(text),
): ModuleResult {
  const result: ModuleResult = { file, module, names: new Map(), opaque: [], error: null, followed: [], scope: null };
  if (text.length > MAX_PYTHON_BYTES) {
    result.error = `${file} is larger than 1 MB: not read as Python`;
    return result;
  }
  const lines = (source.lines ??= new SourceFile(file, text));
  if (wanted) {
    if (source.scanned === undefined) source.scanned = scanModule(text);
    const slice = sliceModule(text, wanted, source.scanned);
    if (slice && parseStatements(text, slice, source)) {
      result.scope = slice.scope;
      const run = new ModuleRun(result, lines, host, false);
      for (const p of slice.parts) run.statements(source.statements.get(p.chunk) as ParsedStatement);
      run.finish();
      return result;
    }
  }
  const parsed = (source.whole ??= parsePython(text));
  if (parsed.error) {
    const p = lines.position(parsed.error.at);
    result.error = `${file} does not parse as Python (line ${p.line}, column ${p.column}: ${parsed.error.message}): Python 3 would refuse to import it`;
    result.refused = true;
    return result;
  }
  const run = new ModuleRun(result, lines, host, false);
  run.block(parsed.tree.topNode);
  run.finish();
  return result;
}

/** A name's value once code the linter does not follow may have replaced it: unknown, what it was kept as the default. */
function overridable(v: PyValue, reason: string): PyValue {
  const dflt = v.kind === "unknown" ? v.default : hasUnknown(v) ? undefined : v;
  return unknown(`may be overridden by ${reason}`, dflt);
}

/** django-configurations' package: settings modules that import it keep their settings in classes. */
const CLASS_SETTINGS = /^configurations(\.|$)/;
/** The calls that return a module's namespace. */
const NAMESPACES = new Set(["locals", "globals", "vars"]);
/** An assignment target that is an item of the module's namespace (`globals()[name] = value`). */
const NAMESPACE_ITEM = /^(?:globals|locals|vars)\(\)\[/;
/** The module object itself (`setattr(sys.modules[__name__], name, value)`, `sys.modules[__name__].__dict__.update(...)`). */
const MODULE_ITSELF = /\bsys\.modules\[__name__\]/;

/**
 * Parses the statements of the slice not parsed yet, in one call, and files their top-level nodes under
 * their statement. False when they do not parse (the caller reads the whole module). The statements are
 * given to the parser as a text of their own (their ranges, without the comments the slice leaves out,
 * one after the other), not as ranges of the module: @lezer/python reads ranges of a large module several
 * times slower than the same characters as one string.
 */
function parseStatements(text: string, slice: Slice, source: ModuleSource): boolean {
  let todo = slice.parts.filter((p) => !source.statements.has(p.chunk));
  // A loop's body is never run: the evaluator makes unknown the names it may bind (makeUnknown). Those the scan
  // says it may bind are a superset (a first name, `X.count(h)`, counts as bound), which only makes more unknown;
  // so a loop that cannot write the namespace is not parsed (NetBox's 3,000-character plugin loop).
  const chunks = source.scanned?.chunks ?? [];
  todo = todo.filter((p) => {
    const c = chunks[p.chunk];
    if (!c?.loop || c.any || [...c.names].some((n) => LOOP_WRITES_ANY.has(n)) || IMPORT_LINE.test(text.slice(c.from, c.to))) return true;
    const kind = c.loop === "for" ? "ForStatement" : "WhileStatement";
    // The parser's loop ends after its body's line end.
    const to = text.startsWith("\r\n", c.to) ? c.to + 2 : text[c.to] === "\n" || text[c.to] === "\r" ? c.to + 1 : c.to;
    source.statements.set(p.chunk, { nodes: [], text: "", pieces: [], loop: { kind, from: c.from, to, binds: c.binds } });
    return false;
  });
  if (!todo.length) return true;
  const parts: string[] = [];
  let length = 0;
  const starts: number[] = [];
  const pieces: number[][] = [];
  for (const p of todo) {
    starts.push(length);
    const at: number[] = [];
    for (const r of p.ranges) {
      if (r.to <= r.from) continue;
      at.push(length, r.from);
      parts.push(text.slice(r.from, r.to));
      length += r.to - r.from;
    }
    // The module's last line may have no line end: the next statement must start a line of its own.
    if (text[at[at.length - 1] + length - at[at.length - 2] - 1] !== "\n") {
      parts.push("\n");
      length++;
    }
    pieces.push(at);
  }
  const own = parts.join("");
  const parsed = parsePython(own);
  if (parsed.error) return false;
  let node = parsed.tree.topNode.firstChild;
  todo.forEach((p, i) => {
    const end = starts[i + 1] ?? own.length + 1;
    const nodes: SyntaxNode[] = [];
    while (node && node.from < end) {
      nodes.push(node);
      node = node.nextSibling;
    }
    source.statements.set(p.chunk, { nodes, text: own, pieces: pieces[i] });
  });
  return true;
}

/** The most values an undecided name keeps as its alternatives (nested `if`s multiply them). */
const MAX_ALTERNATIVES = 16;
/** Undecided `if`s nested deeper than this leave what they set without alternatives (each level runs every branch again). */
const MAX_PATH_DEPTH = 3;
const MUTATORS = new Set(["append", "extend", "insert", "remove", "update", "setdefault", "pop", "clear", "add", "discard", "sort", "reverse", "popitem"]);
const LOOPS: Record<string, string> = { ForStatement: "`for` loop", WhileStatement: "`while` loop", MatchStatement: "`match` statement" };
const BUILTIN_NAMES = new Set(["str", "int", "float", "bool", "list", "tuple", "set", "dict"]);

/** A key path into a name: `TEMPLATES[0]["OPTIONS"]` is root TEMPLATES, keys [0, "OPTIONS"]. */
interface Place {
  root: string;
  keys: SyntaxNode[];
}

class ModuleRun implements ExprScope {
  /** The text the nodes being run were parsed from (the module's, or its statements' own: see parseStatements). */
  text: string;
  /** Where the pieces of `text` are in the module (ParsedStatement), or null when `text` is the module's. */
  private pieces: number[] | null = null;
  private functions = new Map<string, number>();
  /** Names bound to django-split-settings' `include`, which runs other files in this module's namespace. */
  private includes = new Set<string>();
  /** How many undecided `if`s this run is a way through (ModuleRun.paths). */
  private pathDepth = 0;

  constructor(
    private result: ModuleResult,
    private source: SourceFile,
    private host: ModuleHost,
    /** In a run that computes defaults: conditions that are unknown with a default take the default's branch. */
    private followDefaults: boolean,
  ) {
    this.text = source.text;
  }

  private get names() {
    return this.result.names;
  }

  loc(n: SyntaxNode): Location {
    return { file: this.result.file, ...this.source.range(this.offset(n.from, false), this.offset(n.to, true)) };
  }

  private line(n: SyntaxNode): number {
    return this.source.position(this.offset(n.from, false)).line;
  }

  private offset(at: number, end: boolean): number {
    return this.pieces ? moduleOffset(this.pieces, at, end) : at;
  }

  private src(n: SyntaxNode, max = 60): string {
    const t = this.text.slice(n.from, n.to).replace(/\s+/g, " ");
    return t.length > max ? t.slice(0, max - 3) + "..." : t;
  }

  lookup(name: string): PyValue {
    const b = this.names.get(name);
    if (b) return b.value;
    if (name === "__file__") return { kind: "str", value: this.result.file };
    if (name === "__name__") return this.result.module ? { kind: "str", value: this.result.module } : unknown("__name__");
    if (BUILTIN_NAMES.has(name)) return builtin(name);
    const opaque = this.result.opaque[this.result.opaque.length - 1];
    if (opaque) return unknown(`${name} may come from ${opaque.reason}`);
    return unknown(`${name} is not defined here`);
  }

  describeCall(callee: SyntaxNode): string {
    const name = this.text.slice(callee.from, callee.to);
    const line = this.functions.get(name);
    return line ? `calls ${name}(), defined on line ${line}, which the linter does not run` : `calls ${this.src(callee)}(), which the linter does not run`;
  }

  private ev(n: SyntaxNode): PyValue {
    return evaluate(this, n);
  }

  private bind(name: string, value: PyValue, at: Location): void {
    this.names.set(name, { value, at, changes: [] });
  }

  /** The statements of a Script or Body, in order. */
  block(n: SyntaxNode): void {
    for (let c = n.firstChild; c; c = c.nextSibling) this.statement(c);
  }

  /** A top-level statement parsed on its own. */
  statements(parsed: ParsedStatement): void {
    if (parsed.loop) return this.unparsedLoop(parsed.loop);
    this.text = parsed.text;
    this.pieces = parsed.pieces;
    for (const s of parsed.nodes) this.statement(s);
  }

  /** A loop left unparsed: what makeUnknown does with the names the scan says it may bind. */
  private unparsedLoop(loop: NonNullable<ParsedStatement["loop"]>): void {
    const line = this.source.position(loop.from).line;
    const at = { file: this.result.file, ...this.source.range(loop.from, loop.to) };
    this.unknownFrom(loop.binds, `set in the ${LOOPS[loop.kind]} on line ${line}, which the linter does not run`, at, null);
  }

  private statement(s: SyntaxNode): void {
    switch (s.name) {
      case "AssignStatement":
        this.assign(s);
        return this.namespaceWriter(s);
      case "UpdateStatement":
        return this.update(s);
      case "ExpressionStatement":
        if (this.expressionStatement(s)) return;
        return this.namespaceWriter(s);
      case "DeleteStatement":
        return this.del(s);
      case "ImportStatement":
        return this.importStatement(s);
      case "StatementGroup":
        return this.block(s);
      case "IfStatement":
        return this.ifStatement(s);
      case "TryStatement":
        return this.tryStatement(s);
      case "WithStatement":
        for (const c of kids(s)) if (c.name === "Body") this.block(c);
        for (const name of withNames(s, this.text)) this.bind(name, unknown(`bound by \`with\` on line ${this.line(s)}`), this.loc(s));
        return;
      case "ForStatement":
      case "WhileStatement":
      case "MatchStatement":
        return this.makeUnknown(s, `set in the ${LOOPS[s.name]} on line ${this.line(s)}, which the linter does not run`);
      case "FunctionDefinition":
      case "ClassDefinition":
      case "DecoratedStatement":
        return this.definition(s);
      default:
        return;
    }
  }

  private definition(s: SyntaxNode): void {
    const def = s.name === "DecoratedStatement" ? kids(s).find((c) => c.name === "FunctionDefinition" || c.name === "ClassDefinition") : s;
    const nameNode = def && kids(def).find((c) => c.name === "VariableName");
    if (!def || !nameNode) return;
    const name = this.text.slice(nameNode.from, nameNode.to);
    this.functions.set(name, this.line(def));
    this.bind(name, unknown(`${def.name === "ClassDefinition" ? "a class" : "a function"} defined on line ${this.line(def)}`), this.loc(def));
  }

  // ---------------------------------------------------------------- assignment

  private assign(s: SyntaxNode): void {
    const groups: SyntaxNode[][] = [[]];
    for (const c of kids(s)) {
      if (c.name === "AssignOp") groups.push([]);
      else if (c.name !== "TypeDef") groups[groups.length - 1].push(c);
    }
    if (groups.length < 2) return; // `X: int` annotates only
    const valueNodes = groups[groups.length - 1];
    const value = this.tupleOf(valueNodes);
    for (const g of groups.slice(0, -1)) {
      const targets = g.filter((c) => c.name !== ",");
      if (targets.length === 1 && g.length === 1) this.assignTarget(targets[0], value, s);
      else this.unpack(targets, value, s);
    }
  }

  /** A comma list of expressions is a tuple; one expression is itself. */
  private tupleOf(nodes: SyntaxNode[]): PyValue {
    const exprs = nodes.filter((c) => c.name !== ",");
    if (exprs.length === 1 && nodes.length === 1) return this.ev(exprs[0]);
    if (exprs.some((e) => e.name === "*" || e.name === "YieldExpression")) return unknown("a starred or yield expression");
    return { kind: "tuple", items: exprs.map((e) => this.ev(e)) };
  }

  private unpack(targets: SyntaxNode[], value: PyValue, s: SyntaxNode): void {
    const items = value.kind === "list" || value.kind === "tuple" ? value.items : null;
    targets.forEach((t, i) => {
      const v = items && items.length === targets.length && !targets.some((x) => x.name === "*") ? items[i] : unknown(`unpacked from ${this.src(s)}`);
      this.assignTarget(t, v, s);
    });
  }

  private assignTarget(t: SyntaxNode, value: PyValue, s: SyntaxNode): void {
    if (t.name === "VariableName") return this.bind(this.text.slice(t.from, t.to), value, this.loc(s));
    if (t.name === "TupleExpression" || t.name === "ArrayExpression" || t.name === "ParenthesizedExpression") return this.unpack(operands(t), value, s);
    if (t.name === "MemberExpression") {
      const place = this.place(t);
      if (!place) return;
      if (place === "attribute") return;
      const key = place.keys[place.keys.length - 1];
      this.change(place.root, place.keys.slice(0, -1), s, (container) => setItem(container, this.ev(key), value));
    }
  }

  /** A subscript chain rooted at a name, "attribute" for `x.y = ...` (an object's attribute, not a setting), or null. */
  private place(t: SyntaxNode): Place | "attribute" | null {
    const keys: SyntaxNode[] = [];
    let n: SyntaxNode | null = t;
    while (n && n.name === "MemberExpression") {
      const second: SyntaxNode | null = n.firstChild?.nextSibling ?? null;
      if (second?.name === ".") return "attribute";
      const parts = operands(n).slice(1);
      if (parts.length !== 1) return null;
      keys.unshift(parts[0]);
      n = n.firstChild;
    }
    if (!n || n.name !== "VariableName") return null;
    return { root: this.text.slice(n.from, n.to), keys };
  }

  /**
   * Change the value at `root[keys...]` with `f`; when it cannot be followed
   * (a key or container the linter does not know), the whole name becomes
   * unknown, since the change may have touched any part of it.
   */
  private change(root: string, keys: SyntaxNode[], s: SyntaxNode, f: (container: PyValue) => PyValue | null): void {
    const b = this.names.get(root);
    if (!b) return;
    const keyValues = keys.length > 64 ? null : keys.map((k) => this.ev(k));
    const updated = keyValues === null ? null : updateIn(b.value, keyValues, f);
    const at = this.loc(s);
    if (updated === null) {
      this.names.set(root, {
        value: unknown(`changed by \`${this.src(s)}\` on line ${at.line}, which the linter cannot follow`),
        at: b.at,
        changes: [...b.changes, at],
      });
    } else this.names.set(root, { value: updated, at: b.at, changes: [...b.changes, at] });
  }

  private update(s: SyntaxNode): void {
    const [target, opNode, ...rest] = kids(s);
    if (!target || !opNode) return;
    const op = this.text.slice(opNode.from, opNode.to).slice(0, -1);
    const rhs = this.tupleOf(rest);
    const apply = (cur: PyValue): PyValue | null => {
      const r = lift([cur, rhs], ([a, b]) => augmented(op, a, b));
      return r;
    };
    if (target.name === "VariableName") {
      const name = this.text.slice(target.from, target.to);
      const b = this.names.get(name);
      const at = this.loc(s);
      const cur = b ? b.value : this.lookup(name);
      const v = apply(cur) ?? unknown(`changed by \`${this.src(s)}\` on line ${at.line}, which the linter cannot follow`);
      this.names.set(name, { value: v, at: b?.at ?? at, changes: b ? [...b.changes, at] : [] });
      return;
    }
    const place = target.name === "MemberExpression" ? this.place(target) : null;
    if (!place || place === "attribute") return;
    const key = place.keys[place.keys.length - 1];
    this.change(place.root, place.keys.slice(0, -1), s, (container) => {
      const k = this.ev(key);
      const cur = subscript(container, k, "");
      if (cur.kind === "unknown") return null;
      const v = apply(cur);
      return v === null ? null : setItem(container, k, v);
    });
  }

  /** A call statement; true when it changed what the module binds (then nothing else is to be done with it). */
  private expressionStatement(s: SyntaxNode): boolean {
    const call = s.firstChild;
    if (call?.name !== "CallExpression") return false;
    const callee = call.firstChild;
    const argList = call.lastChild;
    if (!callee || !argList) return false;
    // `exec(...)` and `globals().update(...)` are namespaceWrite's.
    if (callee.name !== "MemberExpression" || callee.firstChild?.nextSibling?.name !== ".") return false;
    const method = this.text.slice(callee.lastChild!.from, callee.lastChild!.to);
    const obj = callee.firstChild;
    if (!obj || !MUTATORS.has(method)) return false;
    const place =
      obj.name === "VariableName" ? { root: this.text.slice(obj.from, obj.to), keys: [] } : obj.name === "MemberExpression" ? this.place(obj) : null;
    if (!place || place === "attribute" || !this.names.has(place.root)) return false;
    const a = callArgs(this.text, argList, (n) => this.ev(n));
    this.change(place.root, place.keys, s, (container) => (a ? mutate(container, method, a.args) : null));
    return true;
  }

  /**
   * A statement whose calls write the module's namespace by other means than assignment: one handed the namespace
   * itself (`django_heroku.settings(locals())`, which sets ALLOWED_HOSTS, STATIC_ROOT and more), django-split-settings'
   * `include("components/*.py")`, which runs other files in it, or Dynaconf's `DjangoDynaconf(__name__)`, which
   * overrides settings from its own files and the environment. Any setting may change there, as at a star import of
   * a module the linter cannot read.
   */
  private namespaceWriter(s: SyntaxNode): void {
    const why = this.namespaceWrite(s);
    if (why) this.opaqueChange(`\`${this.src(s)}\` on line ${this.line(s)}, which ${why}`, s);
  }

  /** Why a statement may write any name of the module (namespaceWriter, and `exec`/`globals()` calls), or null. */
  private namespaceWrite(s: SyntaxNode): string | null {
    const compact = this.text.slice(s.from, s.to).replace(/\s+/g, "");
    if (MODULE_ITSELF.test(compact)) return "reaches the module through sys.modules[__name__], where it may set any name";
    if (s.name === "AssignStatement") {
      const ks = kids(s);
      const last = ks.map((c) => c.name).lastIndexOf("AssignOp");
      for (const t of ks.slice(0, last)) if (NAMESPACE_ITEM.test(this.text.slice(t.from, t.to).replace(/\s+/g, ""))) return "sets a name the linter cannot see";
    }
    const cursor = s.cursor();
    do {
      if (cursor.name !== "CallExpression") continue;
      const callee = cursor.node.firstChild;
      const args = cursor.node.lastChild;
      if (!callee || !args) continue;
      const name = this.text.slice(callee.from, callee.to).replace(/\s+/g, "");
      const last = name.slice(name.lastIndexOf(".") + 1);
      if (callee.name === "VariableName" && NAMESPACES.has(name) && args.firstChild?.nextSibling?.name === ")" && cursor.node.parent?.name === "ArgList")
        return `hands the module's namespace (${name}()) to code the linter does not run`;
      if (callee.name === "VariableName" && this.includes.has(name))
        return "runs files in the module's namespace (django-split-settings' include()) that the linter does not read";
      if (last === "DjangoDynaconf") return "lets Dynaconf override any setting from its settings files and the environment";
      // Read the Docs' `SelfHostSettings.load_settings(__name__)` copies a class's attributes into the module named.
      if (last !== "getLogger" && kids(args).some((a) => a.name === "VariableName" && this.text.slice(a.from, a.to) === "__name__"))
        return "hands the module's name to code the linter does not run, which may set any name in it";
      if (name === "exec" || /^(globals|locals|vars)\(\)\.(update|setdefault|__setitem__)$/.test(name)) return "sets names the linter cannot see";
    } while (cursor.next() && cursor.from < s.to);
    return null;
  }

  private del(s: SyntaxNode): void {
    for (const t of operands(s)) {
      if (t.name === "VariableName") this.names.delete(this.text.slice(t.from, t.to));
      else if (t.name === "MemberExpression") {
        const place = this.place(t);
        if (!place || place === "attribute") continue;
        const key = place.keys[place.keys.length - 1];
        this.change(place.root, place.keys.slice(0, -1), s, (c) => deleteItem(c, this.ev(key)));
      }
    }
  }

  // ------------------------------------------------------------------- imports

  private importStatement(s: SyntaxNode): void {
    const parts = kids(s);
    if (parts[0]?.name === "import") return this.plainImport(parts.slice(1), s);
    const { level, module, names } = this.fromImport(parts);
    if (names.some((n) => n.name === "*")) return this.starImport(module, level, s);
    const imported = importedNames(names, this.text);
    if (level === 0 && /^split_settings(\.|$)/.test(module)) for (const { name, as } of imported) if (name === "include") this.includes.add(as);
    if (level === 0 && CLASS_SETTINGS.test(module)) this.classSettings(s);
    let read: ReturnType<ModuleHost["importModule"]> | undefined;
    for (const { name, as } of imported) {
      const modelled = level === 0 ? importedName(module, name) : null;
      if (modelled) {
        this.bind(as, modelled, this.loc(s));
        continue;
      }
      // The module is read exact for the names this statement imports, whatever the importer needs besides.
      const r = (read ??= this.host.importModule(module, level, {
        file: this.result.file,
        module: this.result.module,
        scope: new Set(imported.map((n) => n.name)),
      }));
      const label = `${".".repeat(level)}${module}`;
      if ("refused" in r && r.refused) this.importRefused(`from ${label} import ${name} (line ${this.line(s)})`, r);
      const found = "names" in r && !r.error ? r.names.get(name) : undefined;
      if (found) {
        this.names.set(as, found); // the value and where the other module sets it
        continue;
      }
      const why = "notFollowed" in r ? ` (${r.notFollowed})` : r.error ? `: ${r.error}` : `, which does not set ${name} where the linter can see it`;
      this.bind(as, unknown(`imported from ${label}${why}`), this.loc(s));
    }
  }

  /**
   * django-configurations: the settings are the attributes of the class that DJANGO_CONFIGURATION names, chosen when
   * the process starts; the module's top level sets none of them.
   */
  private classSettings(s: SyntaxNode): void {
    const reason = `django-configurations (\`${this.src(s)}\` on line ${this.line(s)}): the settings are a class's attributes, chosen by DJANGO_CONFIGURATION when the process starts`;
    this.opaqueChange(reason, s);
    this.classSettingsBy ??= reason;
  }

  /** django-configurations' import, when the module has one: its loader copies the chosen class's attributes over the module's names once the module has run. */
  private classSettingsBy: string | null = null;

  /** Once the module has run: the names django-configurations may replace, assigned after its import too, are unknown. */
  finish(): void {
    if (this.classSettingsBy === null) return;
    for (const [name, b] of this.names) this.names.set(name, { ...b, value: overridable(b.value, this.classSettingsBy) });
  }

  private plainImport(parts: SyntaxNode[], s: SyntaxNode): void {
    let dotted: string[] = [];
    let as: string | null = null;
    const flush = () => {
      if (!dotted.length) return;
      const full = dotted.join(".");
      if (CLASS_SETTINGS.test(full)) this.classSettings(s);
      if (as) this.bind(as, moduleValue(full) ?? unknown(`the module ${full}`), this.loc(s));
      else this.bind(dotted[0], moduleValue(dotted[0]) ?? unknown(`the module ${dotted[0]}`), this.loc(s));
      dotted = [];
      as = null;
    };
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (p.name === ",") flush();
      else if (p.name === "as" && parts[i + 1]) as = this.text.slice(parts[++i].from, parts[i].to);
      else if (p.name === "VariableName") dotted.push(this.text.slice(p.from, p.to));
    }
    flush();
  }

  private starImport(module: string, level: number, s: SyntaxNode): void {
    const label = `from ${".".repeat(level)}${module} import * (line ${this.line(s)}${this.result.file ? ` of ${this.result.file}` : ""})`;
    if (level === 0 && moduleValue(module)) return; // `from os import *` and the like bind nothing a setting uses
    const r = this.host.importModule(module, level, this.result);
    if ("notFollowed" in r) return this.opaqueChange(`${label}, ${r.notFollowed}`, s);
    if (r.refused) this.importRefused(label, r);
    if (r.error) return this.opaqueChange(`${label}: ${r.error}`, s);
    for (const [name, b] of r.names) if (!name.startsWith("_")) this.names.set(name, b);
    for (const o of r.opaque) this.result.opaque.push(o);
    this.result.followed.push(r.file, ...r.followed.filter((f) => !this.result.followed.includes(f)));
  }

  /** The `try` bodies being run, innermost last: whether a handler of each catches a SyntaxError. */
  private catchesSyntax: boolean[] = [];

  /** An imported module Python refuses raises SyntaxError here: unless a `try` around it catches that, this module is refused too. */
  private importRefused(label: string, r: ModuleResult): void {
    if (this.catchesSyntax.includes(true) || this.result.error) return;
    this.result.error = `${label} imports a module Python refuses: ${r.error}`;
    this.result.refused = true;
  }

  /** Something may have set any name: what is bound becomes "default, may be overridden", and unbound names may come from it. */
  private opaqueChange(reason: string, s: SyntaxNode): void {
    const at = this.loc(s);
    for (const [name, b] of this.names) this.names.set(name, { value: overridable(b.value, reason), at: b.at, changes: [...b.changes, at] });
    this.result.opaque.push({ reason, at });
  }

  // -------------------------------------------------------------- control flow

  private ifStatement(s: SyntaxNode): void {
    const branches = ifBranches(s);
    for (let i = 0; i < branches.length; i++) {
      const br = branches[i];
      const c = br.cond ? this.ev(br.cond) : null;
      let t = c === null ? true : truthy(c);
      if (t === null && this.followDefaults && c?.kind === "unknown" && c.default !== undefined) t = truthy(c.default);
      if (t === true) return this.block(br.body);
      if (t === false) continue;
      // Undecidable from here on: the names the remaining branches assign are unknown.
      const why = c?.kind === "unknown" ? c.reason : "a value the linter cannot read";
      const reason = `set under \`if ${this.src(br.cond as SyntaxNode, 50)}:\` (line ${this.line(br.cond as SyntaxNode)}), which depends on ${why.replace(/^the /, "the ")}`;
      const rest = branches.slice(i);
      const dflt = c?.kind === "unknown" && c.default !== undefined ? truthy(c.default) : null;
      const defaults = dflt === null ? null : this.defaultRun(rest, dflt);
      const names = this.assignedIn(rest.map((b) => b.body));
      const paths = names === "any" ? null : this.paths(rest);
      this.makeUnknownNames(names, reason, s, defaults);
      if (names !== "any" && paths) this.addAlternatives(names, paths);
      return;
    }
  }

  /**
   * The names after each way through an undecided `if`: one per branch (run on a copy of the names, as if its
   * condition held; the conditions of the others are not read, which can only add ways), and the names as they are
   * when no `else` ends it. Run when first asked for (rules ask of a few settings only), from the names as they
   * are here; null past MAX_PATH_DEPTH.
   */
  private paths(branches: Branch[]): (() => Map<string, Binding>[]) | null {
    if (this.pathDepth >= MAX_PATH_DEPTH) return null;
    // The state the branches start from; a slice's statements each have their own text, so the text too.
    const here = { ...this.result, names: new Map(this.result.names), opaque: [...this.result.opaque] };
    const { text, pieces } = this;
    const functions = new Map(this.functions);
    const includes = new Set(this.includes);
    let out: Map<string, Binding>[] | undefined;
    return () =>
      (out ??= [
        ...branches.map((br) => {
          const { copy, run } = this.onCopy(false, here);
          run.text = text;
          run.pieces = pieces;
          run.functions = new Map(functions);
          run.includes = new Set(includes);
          run.pathDepth = this.pathDepth + 1;
          run.block(br.body);
          return copy.names;
        }),
        ...(branches[branches.length - 1].cond !== null ? [here.names] : []),
      ]);
  }

  /**
   * Each name an undecided `if` made unknown gets the values it may hold (PyValue's `alternatives`), when it holds
   * a known one (or known alternatives) at the end of every way through it.
   */
  private addAlternatives(names: Set<string>, paths: () => Map<string, Binding>[]): void {
    for (const name of names) {
      const current = this.names.get(name);
      if (current?.value.kind !== "unknown") continue;
      let values: PyValue[] | undefined | null = null;
      const alternatives = () => {
        if (values !== null) return values;
        values = [];
        for (const p of paths()) {
          const v = p.get(name)?.value;
          const alts = v === undefined ? undefined : v.kind === "unknown" ? v.alternatives?.() : hasUnknown(v) ? undefined : [v];
          if (!alts) return (values = undefined);
          values.push(...alts);
        }
        if (!values.length || values.length > MAX_ALTERNATIVES) values = undefined;
        return values;
      };
      this.names.set(name, { ...current, value: { ...current.value, alternatives } });
    }
  }

  /** A run of this module's code on a copy of its names (what a branch would leave, without changing them). */
  private onCopy(followDefaults: boolean, from: ModuleResult = this.result): { copy: ModuleResult; run: ModuleRun } {
    const copy: ModuleResult = { ...from, names: new Map(from.names), opaque: [...from.opaque], followed: [] };
    const run = new ModuleRun(copy, this.source, this.host, followDefaults);
    run.text = this.text;
    run.pieces = this.pieces;
    run.functions = this.functions;
    run.includes = this.includes;
    return { copy, run };
  }

  /** Runs the branch the defaults choose on a copy of the names, for the defaults of what the `if` assigns. */
  private defaultRun(branches: Branch[], firstTaken: boolean): Map<string, Binding> {
    const { copy, run } = this.onCopy(true);
    if (firstTaken) run.block(branches[0].body);
    else {
      const synthetic = branches.slice(1);
      for (const br of synthetic) {
        const c = br.cond ? run.ev(br.cond) : null;
        let t = c === null ? true : truthy(c);
        if (t === null && c?.kind === "unknown" && c.default !== undefined) t = truthy(c.default);
        if (t === null) return new Map();
        if (t) {
          run.block(br.body);
          break;
        }
      }
    }
    return copy.names;
  }

  private tryStatement(s: SyntaxNode): void {
    const parts = kids(s);
    const bodies = parts.flatMap((p, i) => (p.name === "Body" ? [{ body: p, kw: previousKeyword(parts, i), i }] : []));
    const handlers = bodies.filter((b) => b.kw === "except");
    // The text of a handler's exception list, between `except` and its body.
    const clause = (h: { i: number }) =>
      this.text.slice(
        parts[
          parts
            .slice(0, h.i)
            .map((p) => p.name)
            .lastIndexOf("except")
        ].to,
        parts[h.i].from,
      );
    // The first handler that catches ImportError (`except ImportError:`, `except (ImportError, ...)`, `except Exception:`, a bare `except:`).
    const catching = handlers.find((h) => catchesException(clause(h), "ImportError"));
    // Whether one catches SyntaxError: a module the try body imports that Python refuses raises it.
    const catchesSyntax = handlers.some((h) => catchesException(clause(h), "SyntaxError"));
    const tryLine = this.line(s);
    let raised = false;
    for (const b of bodies) {
      if (b.kw === "try") {
        this.catchesSyntax.push(catchesSyntax);
        try {
          raised = this.tryBody(b.body, catching !== undefined);
        } finally {
          this.catchesSyntax.pop();
        }
        if (raised && catching) this.block(catching.body);
        else if (handlers.length) {
          const names = this.assignedIn(handlers.map((h) => h.body));
          this.makeUnknownNames(names, `set in an \`except\` clause of the \`try\` on line ${tryLine}, which runs only if the \`try\` raises`, s, null);
        }
      } else if (b.kw === "else") {
        if (!raised) this.block(b.body);
      } else if (b.kw === "finally") this.block(b.body);
    }
  }

  /**
   * A `try` body, run as if nothing raised, except at an import of a project module that is not there (`from .local
   * import *`): Python raises ImportError there, and when a handler catches it, the rest of the body does not run.
   * Whether it stopped there.
   */
  private tryBody(body: SyntaxNode, caught: boolean): boolean {
    for (let c = body.firstChild; c; c = c.nextSibling) {
      if (caught && c.name === "ImportStatement" && this.missingImport(c)) return true;
      this.statement(c);
    }
    return false;
  }

  /** Whether `from m import ...` names a module of the project's own packages that is not there. */
  private missingImport(s: SyntaxNode): boolean {
    const parts = kids(s);
    if (parts[0]?.name !== "from") return false;
    const { level, module } = this.fromImport(parts);
    return this.host.importFails?.(module, level, this.result) ?? false;
  }

  /** `from ..pkg.mod import a, b`: the dots (an ellipsis is three), the dotted module, and the nodes after `import`. */
  private fromImport(parts: SyntaxNode[]): { level: number; module: string; names: SyntaxNode[] } {
    let i = 1;
    let level = 0;
    for (; i < parts.length && (parts[i].name === "." || parts[i].name === "Ellipsis"); i++) level += parts[i].name === "." ? 1 : 3;
    const dotted: string[] = [];
    for (; i < parts.length && parts[i].name !== "import"; i++) if (parts[i].name === "VariableName") dotted.push(this.text.slice(parts[i].from, parts[i].to));
    return { level, module: dotted.join("."), names: parts.slice(i + 1) };
  }

  private makeUnknown(s: SyntaxNode, reason: string): void {
    const bodies = kids(s).filter((c) => c.name === "Body" || c.name === "MatchBody");
    const names = this.assignedIn(bodies);
    if (names !== "any") for (const c of kids(s)) if (c.name === "VariableName" && s.name === "ForStatement") names.add(this.text.slice(c.from, c.to));
    this.makeUnknownNames(names, reason, s, null);
  }

  private makeUnknownNames(names: Set<string> | "any", reason: string, s: SyntaxNode, defaults: Map<string, Binding> | null): void {
    if (names === "any") return this.opaqueChange(reason.replace(/^set /, "a star import or a call that may set any name, "), s);
    this.unknownFrom(names, reason, this.loc(s), defaults);
  }

  /** The names become unknown for `reason`, set by the statement at `at` (keeping the default `defaults` leave). */
  private unknownFrom(names: Set<string>, reason: string, at: Location, defaults: Map<string, Binding> | null): void {
    for (const name of names) {
      const b = this.names.get(name);
      const d = defaults?.get(name)?.value;
      const dflt = d === undefined ? undefined : d.kind === "unknown" ? d.default : hasUnknown(d) ? undefined : d;
      // The statement that made it unknown is where the value now comes from.
      this.names.set(name, { value: unknown(reason, dflt), at, changes: b ? [...b.changes, b.at] : [] });
    }
  }

  /** Names the statements of these bodies may bind or change; "any" when one star-imports what the linter cannot read. */
  private assignedIn(bodies: SyntaxNode[]): Set<string> | "any" {
    const out = new Set<string>();
    let any = false;
    const visit = (n: SyntaxNode, depth: number): void => {
      if (depth > 200) return;
      switch (n.name) {
        case "FunctionDefinition":
        case "ClassDefinition": {
          const v = kids(n).find((c) => c.name === "VariableName");
          if (v) out.add(this.text.slice(v.from, v.to));
          return;
        }
        case "AssignStatement": {
          if (this.namespaceWrite(n)) any = true;
          const ks = kids(n);
          const last = ks.map((c) => c.name).lastIndexOf("AssignOp");
          for (const t of ks.slice(0, last)) targetRoots(t, this.text, out);
          return;
        }
        case "UpdateStatement":
        case "DeleteStatement":
          for (const t of n.name === "UpdateStatement" ? [n.firstChild as SyntaxNode] : operands(n)) targetRoots(t, this.text, out);
          return;
        case "ExpressionStatement": {
          if (this.namespaceWrite(n)) any = true;
          const callee = n.firstChild?.name === "CallExpression" ? n.firstChild.firstChild : null;
          const method = callee?.name === "MemberExpression" && callee.lastChild ? this.text.slice(callee.lastChild.from, callee.lastChild.to) : "";
          if (callee && MUTATORS.has(method)) targetRoots(callee.firstChild as SyntaxNode, this.text, out);
          return;
        }
        case "ImportStatement": {
          const parts = kids(n);
          if (parts.some((c) => c.name === "*")) {
            const r = this.starTarget(parts);
            if (r) for (const k of r.names.keys()) out.add(k);
            else any = true;
          } else for (const p of parts) if (p.name === "VariableName") out.add(this.text.slice(p.from, p.to));
          return;
        }
        default:
          for (let c = n.firstChild; c; c = c.nextSibling) visit(c, depth + 1);
      }
    };
    for (const b of bodies) visit(b, 0);
    return any ? "any" : out;
  }

  /** The module a star import inside an undecided block would copy from, when the linter can read it. */
  private starTarget(parts: SyntaxNode[]): ModuleResult | null {
    let level = 0;
    const dotted: string[] = [];
    for (const p of parts.slice(1)) {
      if (p.name === "import") break;
      if (p.name === ".") level++;
      else if (p.name === "Ellipsis") level += 3;
      else if (p.name === "VariableName") dotted.push(this.text.slice(p.from, p.to));
    }
    const r = this.host.importModule(dotted.join("."), level, this.result);
    return "notFollowed" in r || r.error ? null : r;
  }
}

interface Branch {
  cond: SyntaxNode | null;
  body: SyntaxNode;
}

function ifBranches(s: SyntaxNode): Branch[] {
  const out: Branch[] = [];
  let cond: SyntaxNode | null = null;
  let kw = "";
  for (const c of kids(s)) {
    if (c.name === "if" || c.name === "elif" || c.name === "else") {
      kw = c.name;
      cond = null;
    } else if (c.name === "Body") out.push({ cond: kw === "else" ? null : cond, body: c });
    else if (c.name !== "Comment") cond = c;
  }
  return out;
}

/** What catches each exception a settings module meets at an import: the class, its base classes, a bare `except:`. */
const CAUGHT_BY: Record<"ImportError" | "SyntaxError", RegExp> = {
  ImportError: /^(?:builtins\.)?(ImportError|ModuleNotFoundError|Exception|BaseException)$/,
  SyntaxError: /^(?:builtins\.)?(SyntaxError|Exception|BaseException)$/,
};

/** Whether an `except` clause's exception list (the text between `except` and its colon) catches the exception. */
function catchesException(clause: string, exception: "ImportError" | "SyntaxError"): boolean {
  const types = clause.replace(/\bas\s+\w+\s*$/, "").replace(/[():\s]/g, "");
  return types === "" || types.split(",").some((t) => CAUGHT_BY[exception].test(t));
}

function previousKeyword(parts: SyntaxNode[], i: number): string {
  for (let j = i - 1; j >= 0; j--) if (["try", "except", "else", "finally"].includes(parts[j].name)) return parts[j].name;
  return "";
}

function kids(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function withNames(s: SyntaxNode, text: string): string[] {
  const out: string[] = [];
  const ks = kids(s);
  ks.forEach((c, i) => {
    if (c.name === "as" && ks[i + 1]?.name === "VariableName") out.push(text.slice(ks[i + 1].from, ks[i + 1].to));
  });
  return out;
}

/** The names bound by an import list: `a`, `a as b`. */
function importedNames(parts: SyntaxNode[], text: string): { name: string; as: string }[] {
  const out: { name: string; as: string }[] = [];
  const ks = parts.filter((p) => p.name !== "(" && p.name !== ")");
  for (let i = 0; i < ks.length; i++) {
    if (ks[i].name !== "VariableName") continue;
    const name = text.slice(ks[i].from, ks[i].to);
    if (ks[i + 1]?.name === "as" && ks[i + 2]) {
      out.push({ name, as: text.slice(ks[i + 2].from, ks[i + 2].to) });
      i += 2;
    } else out.push({ name, as: name });
  }
  return out;
}

/** The names an assignment target binds or changes (`X`, `X[k]`, `(A, B)`). */
function targetRoots(t: SyntaxNode, text: string, out: Set<string>, depth = 0): void {
  let n: SyntaxNode | null = t;
  while (n?.name === "MemberExpression") n = n.firstChild;
  if (!n || depth > 64) return;
  if (n.name === "VariableName") out.add(text.slice(n.from, n.to));
  else if (n.name === "TupleExpression" || n.name === "ArrayExpression" || n.name === "ParenthesizedExpression")
    for (const c of operands(n)) targetRoots(c, text, out, depth + 1);
}

function augmented(op: string, a: PyValue, b: PyValue): PyValue {
  if (op === "+") {
    if (a.kind === "list" && (b.kind === "list" || b.kind === "tuple" || b.kind === "set")) return { kind: "list", items: [...a.items, ...b.items] };
    if (a.kind === "tuple" && b.kind === "tuple") return { kind: "tuple", items: [...a.items, ...b.items] };
    if (a.kind === "str" && b.kind === "str") return { kind: "str", value: a.value + b.value };
    if (a.kind === "num" && b.kind === "num") return num(a.value + b.value);
  }
  if (op === "-" && a.kind === "num" && b.kind === "num") return num(a.value - b.value);
  if (op === "*" && a.kind === "num" && b.kind === "num") return num(a.value * b.value);
  if (op === "|" && a.kind === "dict" && b.kind === "dict") return { kind: "dict", entries: b.entries.reduce((e, [k, v]) => setEntry(e, k, v), a.entries) };
  return unknown(`${a.kind} ${op}= ${b.kind}`);
}

/** `container[key] = value` on a copy; null when it cannot be known. */
function setItem(container: PyValue, key: PyValue, value: PyValue): PyValue | null {
  if (container.kind === "dict" && !hasUnknown(key)) return { kind: "dict", entries: setEntry(container.entries, key, value) };
  if (container.kind === "list" && key.kind === "num" && Number.isInteger(key.value)) {
    const i = key.value < 0 ? container.items.length + key.value : key.value;
    if (i < 0 || i >= container.items.length) return null;
    const items = container.items.slice();
    items[i] = value;
    return { kind: "list", items };
  }
  return null;
}

function deleteItem(container: PyValue, key: PyValue): PyValue | null {
  if (container.kind === "dict" && !hasUnknown(key)) {
    const entries = container.entries.filter(([k]) => equal(k, key) !== true);
    return entries.length === container.entries.length ? null : { kind: "dict", entries };
  }
  return null;
}

/** Apply `f` to the value at `keys` inside `v`, rebuilding the containers on the way out. */
function updateIn(v: PyValue, keys: PyValue[], f: (c: PyValue) => PyValue | null): PyValue | null {
  if (!keys.length) return f(v);
  const inner = subscript(v, keys[0], "");
  if (inner.kind === "unknown") return null;
  const changed = updateIn(inner, keys.slice(1), f);
  return changed === null ? null : setItem(v, keys[0], changed);
}

/** `x.append(v)` and the other in-place methods, on a copy. */
function mutate(c: PyValue, method: string, args: PyValue[]): PyValue | null {
  const [a, b] = args;
  if (c.kind === "list") {
    if (method === "append" && args.length === 1) return { kind: "list", items: [...c.items, a] };
    if (method === "extend" && args.length === 1 && (a.kind === "list" || a.kind === "tuple" || a.kind === "set"))
      return { kind: "list", items: [...c.items, ...a.items] };
    if (method === "insert" && args.length === 2 && a.kind === "num" && Number.isInteger(a.value)) {
      const items = c.items.slice();
      const i = a.value < 0 ? Math.max(0, items.length + a.value) : Math.min(a.value, items.length);
      items.splice(i, 0, b);
      return { kind: "list", items };
    }
    if (method === "remove" && args.length === 1) {
      const i = c.items.findIndex((x) => equal(x, a) === true);
      if (i < 0 || c.items.slice(0, i).some((x) => equal(x, a) === null)) return null;
      return { kind: "list", items: [...c.items.slice(0, i), ...c.items.slice(i + 1)] };
    }
    if (method === "clear" && !args.length) return { kind: "list", items: [] };
  }
  if (c.kind === "set" && method === "add" && args.length === 1) return c.items.some((x) => equal(x, a) === true) ? c : { kind: "set", items: [...c.items, a] };
  if (c.kind === "dict") {
    if (method === "update" && args.length === 1 && a.kind === "dict")
      return { kind: "dict", entries: a.entries.reduce((e, [k, v]) => setEntry(e, k, v), c.entries) };
    if (method === "setdefault" && args.length === 2 && !hasUnknown(a))
      return c.entries.some(([k]) => equal(k, a) === true) ? c : { kind: "dict", entries: [...c.entries, [a, b]] };
    if (method === "clear" && !args.length) return { kind: "dict", entries: [] };
  }
  return null;
}
