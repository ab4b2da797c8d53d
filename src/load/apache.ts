/**
 * Loads an Apache server: the entry file and everything reached through
 * Include/IncludeOptional, in the order httpd reads them. Paths resolve against
 * ServerRoot (the entry file's directory when the config sets none, or the
 * --server-root flag), `${VAR}` from Define is substituted (in Include paths,
 * and in section arguments, which the models match paths against), wildcards match as
 * apr_fnmatch does, and every path goes through the path map. Cycles are
 * reported once and never followed.
 */
import { CERTBOT_OPTIONS, CERTBOT_OPTIONS_TEXT } from "./apache-stock.js";
import path from "node:path";
import { parseApache } from "../../grammars/apache/index.js";
import type { ApacheDirective, ApacheFileAst, ApacheNode } from "../ast/apache.js";
import type { ArgNode } from "../ast/types.js";
import { view, viewNodes } from "../ast/apache-views.js";
import type { LoadProblem } from "../core/problems.js";
import {
  danglingLinkMessage,
  danglingLinks,
  fileReader,
  followIncludes,
  nestedTooDeep,
  walkReadOrder,
  type DanglingLink,
  type FileFormat,
  type NotLoaded,
  type ParsedFile,
  type ServerTree,
} from "./tree.js";
import { expandSegments, hasWildcard } from "./fnmatch.js";
import { templatedParse, type TemplateReading } from "../template/parse.js";
import { isOpaque } from "../template/placeholder.js";
import type { FsFacade } from "./fs-facade.js";
import { shown, shownPath } from "../source/quote.js";
import { substituteDefines } from "./apache-defines.js";
import { apachePrelude } from "./apache-prelude.js";

export type LoadedFile = ParsedFile<ApacheFileAst>;

export interface ApacheTree extends ServerTree<LoadedFile> {
  dialect: "apache";
  root: LoadedFile;
  /** Every file of the server, by local path, in first-read order. */
  files: Map<string, LoadedFile>;
  /** The files each Include directive brought in, in httpd's order. */
  includes: Map<ApacheDirective, LoadedFile[]>;
  /** Includes whose content the linter could not see (missing, unreadable, outside this machine, an undefined variable). */
  unresolved: Set<ApacheDirective>;
  problems: LoadProblem[];
  /** `Define`d variables, as httpd would see them after reading everything. */
  defines: Map<string, string>;
  /** Definitions files httpd reads before this fragment (./apache-prelude.ts), in its order: read before the root. */
  prelude: LoadedFile[];
  serverRoot: string;
}

export interface ApacheLoadOptions {
  /** ServerRoot from the command line; overrides the config's own. */
  serverRoot?: string;
  /** Text that replaces a file's content on disk (stdin, an editor buffer). */
  parseCache?: Map<string, LoadedFile>;
  maxFiles?: number;
  /** How to read templates (--template) and which variant of their conditionals. */
  template?: TemplateReading;
}

const MAX_FILES = 10_000;

/** Apache's files: the grammar, ~290 bytes of memory per token, and `Directive args` / `<Section>` lines. */
export const APACHE_FORMAT: FileFormat<ApacheFileAst> = {
  parse: parseApache,
  bytesPerToken: 290,
  notConfig: {
    // `Directive args`, `Directive`, `<Section ...>`, `</Section>`.
    statement: /^(?:<\/?[A-Za-z]|[A-Za-z][\w-]*(?:[ \t]|$))/,
    distinctive: false,
    continuation: true,
  },
  // A template expression spanning lines stays one word joined with `\`.
  templates: { continuation: "\\" },
};

export function loadApacheTree(entryPath: string, fsys: FsFacade, opts: ApacheLoadOptions = {}, text?: string): ApacheTree | NotLoaded {
  const entry = path.resolve(entryPath);
  const cache = opts.parseCache ?? new Map<string, LoadedFile>();
  const read = fileReader(fsys, cache, { ...APACHE_FORMAT, parse: templatedParse(APACHE_FORMAT, opts.template) });
  const root = read(entry, text);
  if ("error" in root) return root;

  const tree: ApacheTree = {
    dialect: "apache",
    root,
    files: new Map([[root.path, root]]),
    includes: new Map(),
    unresolved: new Set(),
    problems: [],
    defines: new Map(),
    prelude: [],
    serverRoot: opts.serverRoot ? path.resolve(opts.serverRoot) : path.dirname(entry),
  };
  const load = new ApacheLoad(tree, fsys, read, entry, opts.serverRoot !== undefined, opts.maxFiles ?? MAX_FILES);
  tree.prelude = apachePrelude(entry, root, fsys, read, cache);
  for (const f of tree.prelude) tree.files.set(f.path, f);

  // httpd's read order: a section's children, and an Include's files before the Include's next sibling.
  walked.add(root);
  load.reading.push(root.path);
  walkReadOrder<ApacheNode, null>(
    readFirst(tree),
    null,
    load.reading,
    (n, _, push) => {
      if (n.kind === "section") {
        expandDefines(n, tree.defines);
        return push(n.children, null);
      }
      expandDefines(n, tree.defines);
      load.visit(n);
      if (n.key === "include" || n.key === "includeoptional") for (const f of load.include(n)) push(f.ast.children, null, f.path);
    },
    (n) =>
      tree.problems.push({
        ruleId: "include-not-followed",
        severity: "info",
        message: nestedTooDeep(n.kind === "section" ? `<${n.name}>` : n.name),
        file: n.file,
        range: n.kind === "section" ? n.openRange : n.range,
      }),
  );
  return tree;
}

/** The nodes httpd reads first for this tree: the prelude's definitions, then the root file's. */
export function readFirst(tree: ApacheTree): ApacheNode[] {
  return tree.prelude.length ? [...tree.prelude.flatMap((f) => f.ast.children), ...tree.root.ast.children] : tree.root.ast.children;
}

/** One load of a server's files: what the walk has read so far (ServerRoot, Defines) and how Includes are followed. */
class ApacheLoad {
  readonly reading: string[] = [];
  readonly reportedCycles = new Set<string>();
  /** Whether anything says where ServerRoot is (the flag or a ServerRoot directive). */
  rootDeclared: boolean;

  constructor(
    readonly tree: ApacheTree,
    readonly fsys: FsFacade,
    readonly read: (serverPath: string, given?: string) => LoadedFile | NotLoaded,
    readonly entry: string,
    /** ServerRoot is given (--server-root): a ServerRoot directive does not move it. */
    readonly fixedRoot: boolean,
    readonly maxFiles: number,
  ) {
    this.rootDeclared = fixedRoot;
  }

  problem(ruleId: LoadProblem["ruleId"], at: ApacheDirective, message: string, severity?: LoadProblem["severity"]) {
    this.tree.problems.push({ ruleId, message, file: at.file, range: at.range, ...(severity ? { severity } : {}) });
  }

  /** What a directive changes for the rest of the read: ServerRoot, Define, UnDefine. */
  visit(d: ApacheDirective) {
    const tree = this.tree;
    switch (d.key) {
      case "serverroot":
        if (!this.fixedRoot && d.args[0] && d.parent === null) {
          tree.serverRoot = d.args[0].value.replace(/\/+$/, "") || "/";
          this.rootDeclared = true;
        }
        break;
      case "define":
        // httpd substitutes the value's own ${VAR}s when it reads the line.
        if (d.args[0]) tree.defines.set(d.args[0].value, d.args[1] ? (substituteDefines(d.args[1].value, tree.defines) ?? d.args[1].value) : "");
        break;
      case "undefine":
        if (d.args[0]) tree.defines.delete(d.args[0].value);
        break;
    }
  }

  /** What the walk of an Include's directories met: each kind once per directive. */
  reportNotes(d: ApacheDirective, spelled: string, notes: WalkNote[], optional = false) {
    const fsys = this.fsys;
    // httpd's Include opens every name it lists and refuses a link to nothing; IncludeOptional passes over it
    // (both checked with httpd 2.4).
    for (const n of notes)
      if (n.kind === "dangling" && !optional)
        this.problem("include-not-found", d, danglingLinkMessage(`Include '${spelled}'`, n, fsys, "httpd"), n.known ? undefined : "info");
    const loop = notes.find((n) => n.kind === "loop");
    if (loop?.kind === "loop") {
      const local = (p: string) => fsys.local(p);
      this.problem(
        "include-cycle",
        d,
        `Include '${spelled}': ${local(loop.link)} leads back to ${local(loop.target)}, a directory loop; httpd follows it until it fails, and refuses to start`,
      );
    }
    const deep = notes.find((n) => n.kind === "deep");
    if (deep?.kind === "deep")
      this.problem(
        "include-not-followed",
        d,
        `Include '${spelled}': directories nest more than ${MAX_INCLUDE_DIR_DEPTH} levels below ${fsys.local(deep.dir)}, which httpd refuses ("exceeds the maximum include directory nesting level"); the deeper ones are not read`,
        "error",
      );
    const cut = notes.find((n) => n.kind === "truncated");
    if (cut?.kind === "truncated") this.problem("include-not-followed", d, `Include '${spelled}' not followed completely: ${cut.what}`);
  }

  /** The files an Include or IncludeOptional reads, read now (their problems reported). */
  include(d: ApacheDirective): LoadedFile[] {
    const { tree, fsys } = this;
    const optional = d.key === "includeoptional";
    const arg = d.args[0];
    if (!arg) return [];
    const target = substituteDefines(arg.value, tree.defines);
    if (target === null || isOpaque(target)) {
      tree.unresolved.add(d); // an environment variable we cannot know, a path a template fills in: stay silent
      return [];
    }
    const { matches, base, notes } = resolveInclude(
      target,
      tree.serverRoot,
      fsys,
      this.fixedRoot ? undefined : path.dirname(this.entry),
      this.rootDeclared,
      this.maxFiles + 1,
    );
    this.reportNotes(d, arg.value, notes, optional);
    if (matches.length === 0 && !notes.length && path.posix.normalize(target) === CERTBOT_OPTIONS) return this.certbotOptions(d);
    if (matches.length === 0) {
      const elsewhere = path.isAbsolute(target) && fsys.local(target) === path.resolve(target) && !target.startsWith(tree.serverRoot + "/");
      // What an IncludeOptional finds on the server is unknown only when its path is not on this machine.
      if (!optional || notes.length || elsewhere) tree.unresolved.add(d);
      if (!notes.length && !optional) this.notFound(d, arg, target, base);
      return [];
    }
    const loaded = followIncludes(tree, fsys, this.read, this.reading, this.reportedCycles, this.maxFiles, d, matches, {
      directive: "Include",
      onCycle: "httpd would recurse until it gives up",
      unreadable: optional
        ? undefined
        : (local, error) => this.problem("include-not-found", d, `Include '${shown(arg.value)}': cannot read ${shownPath(local)}: ${error}`),
      incomplete: () => tree.unresolved.add(d),
    });
    const read = loaded.map(afresh);
    tree.includes.set(d, read);
    return read;
  }

  /** certbot's options file where it is not on this machine: read as certbot writes it (./apache-stock.ts), nothing reported in it. */
  private certbotOptions(d: ApacheDirective): LoadedFile[] {
    const loaded = followIncludes(
      this.tree,
      this.fsys,
      (p) => {
        const f = this.read(p, CERTBOT_OPTIONS_TEXT);
        if (!("error" in f)) f.stock = true;
        return f;
      },
      this.reading,
      this.reportedCycles,
      this.maxFiles,
      d,
      [CERTBOT_OPTIONS],
      { directive: "Include", onCycle: "httpd would recurse until it gives up", incomplete: () => this.tree.unresolved.add(d) },
    );
    this.tree.includes.set(d, loaded);
    return loaded;
  }

  /** An Include that matches nothing: an error, or info when the linter cannot see where it points. */
  private notFound(d: ApacheDirective, arg: ApacheDirective["args"][number], target: string, base: string) {
    const { tree, fsys } = this;
    const where = path.isAbsolute(target) ? fsys.local(target) : path.join(fsys.local(base), target);
    const why = hasWildcard(target) ? "matches no file" : "does not exist";
    const rootReadable = fsys.kind(tree.serverRoot) === "dir";
    if (!path.isAbsolute(target) && fsys.kind(base) !== "dir") {
      this.problem(
        "include-not-found",
        d,
        `Include '${shown(arg.value)}' cannot be resolved: ServerRoot ${shownPath(base)} is not readable here (use --server-root or --map)`,
        "info",
      );
    } else if (path.isAbsolute(target) && fsys.local(target) === path.resolve(target) && !(rootReadable && target.startsWith(tree.serverRoot + "/"))) {
      // A production path outside this tree that no --map covers: it may exist on the server.
      this.problem(
        "include-not-found",
        d,
        `Include '${shown(arg.value)}' cannot be checked here: ${shownPath(target)} is not on this machine (map it to a local copy with --map)`,
        "info",
      );
    } else {
      this.problem(
        "include-not-found",
        d,
        `Include '${shown(arg.value)}' ${why} (looked for ${shownPath(where)}); httpd refuses to start (use IncludeOptional if it may be absent)`,
      );
    }
  }
}

/**
 * httpd substitutes `${VAR}` in every line as it reads it, with the Defines
 * read so far: `<Directory ${APP_ROOT}/wsgi>` is about the directory the
 * Define names, `ProxyPass / ${BACKEND}/` proxies to the Define's URL. The
 * argument values of sections and directives are given that substitution (their
 * raw text, which fixes edit, stays as written); a variable no Define sets is
 * left as it is (httpd takes it from the environment, or warns). So is an
 * unquoted argument whose value would hold blanks: httpd substitutes before it
 * splits the line into words, so `ServerAlias ${NAMES}` may be several
 * arguments (`"${NAMES}"` is one; checked with `apache2 -S`).
 */
function expandDefines(node: ApacheNode, defines: Map<string, string>) {
  for (const a of node.args) {
    if (!a.value.includes("${")) continue;
    const v = substituteDefines(a.value, defines);
    if (v !== null && (a.quote !== null || !/\s/.test(v))) {
      if (!written.has(a)) written.set(a, a.value);
      a.value = v;
    }
  }
}

/** Each argument's value before a Define replaced its `${VAR}`s, so that a file read again is substituted afresh. */
const written = new WeakMap<ArgNode, string>();
/** The files a load has walked (their arguments substituted with that read's Defines). */
const walked = new WeakSet<LoadedFile>();

/**
 * A file as this Include reads it. httpd substitutes every line with the Defines of the moment, so a snippet that
 * two hosts include after `Define APP_PORT 8111` and `Define APP_PORT 8112` is two different hosts' directives: a
 * file read a second time (in this server or another of the run, which share parses) with `${` in it is read as
 * views of its nodes, each argument back to what was written, for the walk to substitute again.
 */
function afresh(f: LoadedFile): LoadedFile {
  if (!walked.has(f)) {
    walked.add(f);
    return f;
  }
  return f.source.text.includes("${") ? { ...f, ast: { ...f.ast, children: rereadNodes(f.ast.children) } } : f;
}

/** The nodes again, each argument back to what was written (for the walk to substitute it again). */
function rereadNodes(nodes: ApacheNode[]): ApacheNode[] {
  return viewNodes(nodes, null, (list) => list.map((a) => (written.has(a) ? view(a, { value: written.get(a) as string }) : a))) as ApacheNode[];
}

/** Something the expansion of an Include met on the way, for the loader to report. */
export type WalkNote =
  | { kind: "loop"; link: string; target: string }
  | { kind: "deep"; dir: string }
  | { kind: "truncated"; what: string }
  /** A name the pattern or a directory walk met that is a link to nothing. */
  | ({ kind: "dangling" } & DanglingLink);

export interface IncludeExpansion {
  matches: string[];
  base: string;
  notes: WalkNote[];
}

/**
 * Expand an Include argument into server paths, in httpd's order: wildcards
 * expand segment by segment and sort; a directory includes every file below it.
 * When the config's ServerRoot is not readable here, relative includes are also
 * tried against the entry file's directory and its parent (a repository copy of
 * /etc/apache2 or /etc/httpd/conf); when nothing declares a ServerRoot (a
 * fragment linted on its own), against the entry file's ancestors too.
 * At most `limit` paths come back (the loader reads no more than the server's
 * file limit anyway).
 */
export function resolveInclude(
  target: string,
  serverRoot: string,
  fsys: FsFacade,
  entryDir?: string,
  rootDeclared = true,
  limit = MAX_FILES * 10,
): IncludeExpansion {
  if (path.isAbsolute(target)) return { ...expand(path.normalize(target), fsys, limit), base: "/" };
  const bases = [serverRoot];
  if (entryDir && fsys.kind(serverRoot) !== "dir") bases.push(entryDir, path.dirname(entryDir));
  else if (entryDir && !rootDeclared) for (let d = path.dirname(entryDir), i = 0; i < 3 && d !== path.dirname(d); d = path.dirname(d), i++) bases.push(d);
  for (const base of bases) {
    const found = expand(path.join(base, target), fsys, limit);
    if (found.matches.length || found.notes.length) return { ...found, base };
  }
  return { matches: [], base: serverRoot, notes: [] };
}

function expand(p: string, fsys: FsFacade, limit: number): { matches: string[]; notes: WalkNote[] } {
  const { paths, truncated } = expandSegments(p, (dir) => fsys.list(dir), limit);
  const out: string[] = [];
  const notes: WalkNote[] = [];
  for (const c of paths) {
    if (out.length >= limit) break;
    const k = fsys.kind(c);
    if (k === "file") out.push(c);
    else if (k === "dir") filesBelow(c, fsys, limit, out, notes);
    else for (const link of danglingLinks(fsys, [c])) notes.push({ kind: "dangling", ...link });
  }
  if (truncated && !notes.some((n) => n.kind === "truncated")) notes.push({ kind: "truncated", what: `the pattern matches more than ${limit} paths` });
  return { matches: out, notes };
}

/** httpd refuses directories nested deeper than this below an Include (AP_MAX_INCLUDE_DIR_DEPTH; checked with httpd 2.4). */
export const MAX_INCLUDE_DIR_DEPTH = 128;

/**
 * `Include dir/`: every file below it, sorted, depth first, without recursion.
 * A directory reached again below itself (a symbolic link such as `a -> .`)
 * is a loop: noted and not entered, where httpd would follow it until it
 * fails. The walk stops at `limit` files, and after ten times as many
 * entries, and notes that it did (some of the files may be unreadable, so the
 * loader's own file limit need not be reached).
 * (httpd skips nothing but `.` entries.)
 */
function filesBelow(root: string, fsys: FsFacade, limit: number, out: string[], notes: WalkNote[]): void {
  const frames: { dir: string; names: string[]; i: number; id: string | null }[] = [];
  const onPath = new Map<string, string>();
  let budget = limit * 10;
  const enter = (dir: string) => {
    const id = fsys.identity?.(dir) ?? null;
    const seen = id === null ? undefined : onPath.get(id);
    if (seen !== undefined) notes.push({ kind: "loop", link: dir, target: seen });
    else if (frames.length >= MAX_INCLUDE_DIR_DEPTH) notes.push({ kind: "deep", dir: root });
    else {
      frames.push({ dir, names: fsys.list(dir) ?? [], i: 0, id });
      if (id !== null) onPath.set(id, dir);
    }
  };
  enter(root);
  while (frames.length) {
    const top = frames[frames.length - 1];
    if (top.i >= top.names.length) {
      frames.pop();
      if (top.id !== null) onPath.delete(top.id);
      continue;
    }
    if (out.length >= limit) {
      notes.push({ kind: "truncated", what: `there are more than ${limit - 1} files below ${root}` });
      return;
    }
    if (--budget < 0) {
      notes.push({ kind: "truncated", what: `more than ${limit * 10} entries below ${root} were looked at` });
      return;
    }
    const name = top.names[top.i++];
    if (name.startsWith(".")) continue;
    const p = path.join(top.dir, name);
    const k = fsys.kind(p);
    if (k === "file") out.push(p);
    else if (k === "dir") enter(p);
    else for (const link of danglingLinks(fsys, [p])) notes.push({ kind: "dangling", ...link });
  }
}
