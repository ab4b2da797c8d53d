/**
 * Loads an Apache server: the entry file and everything reached through
 * Include/IncludeOptional, in the order httpd reads them. Paths resolve against
 * ServerRoot (the entry file's directory when the config sets none, or the
 * --server-root flag), `${VAR}` from Define is substituted, wildcards match as
 * apr_fnmatch does, and every path goes through the path map. Cycles are
 * reported once and never followed.
 */
import path from "node:path";
import { parseApache } from "../../grammars/apache/index.js";
import type { ApacheDirective, ApacheFileAst, ApacheNode } from "../ast/apache.js";
import type { LoadProblem } from "../engine/diagnostic.js";
import { fileReader, followIncludes, walkReadOrder, type NotLoaded, type ParsedFile, type ServerTree } from "./tree.js";
import { expandSegments, hasWildcard } from "./fnmatch.js";
import type { FsFacade } from "./fs-facade.js";
import { shown, shownPath } from "../source/quote.js";

export type LoadedFile = ParsedFile<ApacheFileAst>;

export interface ApacheTree extends ServerTree<LoadedFile> {
  dialect: "apache";
  root: LoadedFile;
  /** Every file of the server, by local path, in first-read order. */
  files: Map<string, LoadedFile>;
  /** The files each Include directive brought in, in httpd's order. */
  includes: Map<ApacheDirective, LoadedFile[]>;
  problems: LoadProblem[];
  /** `Define`d variables, as httpd would see them after reading everything. */
  defines: Map<string, string>;
  serverRoot: string;
}

export interface ApacheLoadOptions {
  /** ServerRoot from the command line; overrides the config's own. */
  serverRoot?: string;
  /** Text that replaces a file's content on disk (stdin, an editor buffer). */
  parseCache?: Map<string, LoadedFile>;
  maxFiles?: number;
}

const MAX_FILES = 10_000;
const VAR = /\$\{([A-Za-z0-9_:.-]+)\}/g;

export function substituteDefines(s: string, defines: Map<string, string>): string | null {
  let unresolved = false;
  const out = s.replace(VAR, (m, name: string) => {
    const v = defines.get(name);
    if (v === undefined) unresolved = true;
    return v ?? m;
  });
  return unresolved ? null : out;
}

export function loadApacheTree(entryPath: string, fsys: FsFacade, opts: ApacheLoadOptions = {}, text?: string): ApacheTree | NotLoaded {
  const entry = path.resolve(entryPath);
  const cache = opts.parseCache ?? new Map<string, LoadedFile>();
  const read = fileReader(fsys, cache, parseApache);
  const root = read(entry, text);
  if ("error" in root) return root;

  const tree: ApacheTree = {
    dialect: "apache",
    root,
    files: new Map([[root.path, root]]),
    includes: new Map(),
    problems: [],
    defines: new Map(),
    serverRoot: opts.serverRoot ? path.resolve(opts.serverRoot) : path.dirname(entry),
  };
  const fixedRoot = opts.serverRoot !== undefined;
  /** Whether anything says where ServerRoot is (the flag or a ServerRoot directive). */
  let rootDeclared = fixedRoot;
  const maxFiles = opts.maxFiles ?? MAX_FILES;
  const reading: string[] = [];
  const reportedCycles = new Set<string>();

  const problem = (ruleId: LoadProblem["ruleId"], at: ApacheDirective, message: string, severity?: LoadProblem["severity"]) =>
    tree.problems.push({ ruleId, message, file: at.file, range: at.range, ...(severity ? { severity } : {}) });

  const visit = (d: ApacheDirective) => {
    switch (d.key) {
      case "serverroot":
        if (!fixedRoot && d.args[0] && d.parent === null) {
          tree.serverRoot = d.args[0].value.replace(/\/+$/, "") || "/";
          rootDeclared = true;
        }
        break;
      case "define":
        if (d.args[0]) tree.defines.set(d.args[0].value, d.args[1]?.value ?? "");
        break;
      case "undefine":
        if (d.args[0]) tree.defines.delete(d.args[0].value);
        break;
    }
  };

  const include = (d: ApacheDirective): LoadedFile[] => {
    const optional = d.key === "includeoptional";
    const arg = d.args[0];
    if (!arg) return [];
    const target = substituteDefines(arg.value, tree.defines);
    if (target === null) return []; // an environment variable we cannot know: stay silent
    const { matches, base } = resolveInclude(target, tree.serverRoot, fsys, fixedRoot ? undefined : path.dirname(entry), rootDeclared);
    if (matches.length === 0) {
      if (optional) return [];
      const where = path.isAbsolute(target) ? fsys.local(target) : path.join(fsys.local(base), target);
      const why = hasWildcard(target) ? "matches no file" : "does not exist";
      const rootReadable = fsys.kind(tree.serverRoot) === "dir";
      if (!path.isAbsolute(target) && fsys.kind(base) !== "dir") {
        problem("include-not-found", d, `Include '${shown(arg.value)}' cannot be resolved: ServerRoot ${shownPath(base)} is not readable here (use --server-root or --map)`, "info");
      } else if (path.isAbsolute(target) && fsys.local(target) === path.resolve(target) && !(rootReadable && target.startsWith(tree.serverRoot + "/"))) {
        // A production path outside this tree that no --map covers: it may exist on the server.
        problem("include-not-found", d, `Include '${shown(arg.value)}' cannot be checked here: ${shownPath(target)} is not on this machine (map it to a local copy with --map)`, "info");
      } else {
        problem("include-not-found", d, `Include '${shown(arg.value)}' ${why} (looked for ${shownPath(where)}); httpd refuses to start (use IncludeOptional if it may be absent)`);
      }
      return [];
    }
    const loaded = followIncludes(tree, fsys, read, reading, reportedCycles, maxFiles, d, matches, {
      directive: "Include",
      onCycle: "httpd would recurse until it gives up",
      unreadable: optional ? undefined : (local, error) => problem("include-not-found", d, `Include '${shown(arg.value)}': cannot read ${shownPath(local)}: ${error}`),
    });
    tree.includes.set(d, loaded);
    return loaded;
  };

  // httpd's read order: a section's children, and an Include's files before the Include's next sibling.
  reading.push(root.path);
  walkReadOrder<ApacheNode, null>(root.ast.children, null, reading, (n, _, push) => {
    if (n.kind === "section") return push(n.children, null);
    visit(n);
    if (n.key === "include" || n.key === "includeoptional") for (const f of include(n)) push(f.ast.children, null, f.path);
  });
  return tree;
}

/**
 * Expand an Include argument into server paths, in httpd's order: wildcards
 * expand segment by segment and sort; a directory includes every file below it.
 * When the config's ServerRoot is not readable here, relative includes are also
 * tried against the entry file's directory and its parent (a repository copy of
 * /etc/apache2 or /etc/httpd/conf); when nothing declares a ServerRoot (a
 * fragment linted on its own), against the entry file's ancestors too.
 */
export function resolveInclude(target: string, serverRoot: string, fsys: FsFacade, entryDir?: string, rootDeclared = true): { matches: string[]; base: string } {
  if (path.isAbsolute(target)) return { matches: expand(path.normalize(target), fsys), base: "/" };
  const bases = [serverRoot];
  if (entryDir && fsys.kind(serverRoot) !== "dir") bases.push(entryDir, path.dirname(entryDir));
  else if (entryDir && !rootDeclared) for (let d = path.dirname(entryDir), i = 0; i < 3 && d !== path.dirname(d); d = path.dirname(d), i++) bases.push(d);
  for (const base of bases) {
    const matches = expand(path.join(base, target), fsys);
    if (matches.length) return { matches, base };
  }
  return { matches: [], base: serverRoot };
}

function expand(p: string, fsys: FsFacade): string[] {
  const current = expandSegments(p, (dir) => fsys.list(dir));
  const out: string[] = [];
  for (const c of current) {
    const k = fsys.kind(c);
    if (k === "file") out.push(c);
    else if (k === "dir") out.push(...filesBelow(c, fsys, 0));
  }
  return out;
}

/** `Include dir/`: every file below it, sorted, recursing (httpd skips nothing but `.` entries). */
function filesBelow(dir: string, fsys: FsFacade, depth: number): string[] {
  if (depth > 32) return [];
  const out: string[] = [];
  for (const name of fsys.list(dir) ?? []) {
    if (name.startsWith(".")) continue;
    const p = path.join(dir, name);
    const k = fsys.kind(p);
    if (k === "file") out.push(p);
    else if (k === "dir") out.push(...filesBelow(p, fsys, depth + 1));
  }
  return out;
}
