/**
 * What every dialect's loader produces: the files of one server (entry first,
 * includes in read order), each parsed, and the loader's own findings.
 */
import path from "node:path";
import { MAX_NESTING, type Comment } from "../ast/types.js";
import { type Positioned } from "../core/range.js";
import { type SyntaxProblem } from "../core/problems.js";
import type { LoadProblem } from "../core/problems.js";
import type { Dialect } from "../core/dialect.js";
import type { SourceFile } from "../source/source-file.js";
import { chargeParse } from "./budget.js";
import type { FsFacade } from "./fs-facade.js";
import { notConfigReason, type NotConfigTraits } from "./not-config.js";
import { shownPath } from "../source/quote.js";
import type { TemplateSyntax } from "../template/map.js";
import type { TemplateInfo } from "../template/parse.js";

export interface ParsedFile<A extends { problems: SyntaxProblem[]; comments: Comment[] } = { problems: SyntaxProblem[]; comments: Comment[] }> {
  /** The server-side path (as the config names it). */
  serverPath: string;
  /** The local path it was read from (reported in diagnostics). */
  path: string;
  source: SourceFile;
  ast: A;
  /** Why the file is not a configuration of the dialect (then it is not linted, and `ast` is empty). */
  notConfig?: string;
  /** The file is a template: `source.text` and `ast` are the configuration it stands for (src/template/map.ts). */
  template?: TemplateInfo;
  /** Not a file of the user's: what a package installs, read in its place (nginx's stock parameter files); nothing is reported in it. */
  stock?: true;
}

/** A file that could not be loaded: unreadable, or (with `notConfig`) not a configuration at all. */
export interface NotLoaded {
  error: string;
  notConfig?: string;
}

export interface ServerTree<F extends ParsedFile = ParsedFile> {
  dialect: Dialect;
  root: F;
  /** Every file of the server, by local path, in first-read order. */
  files: Map<string, F>;
  problems: LoadProblem[];
  /** The files each include statement brought in (every loader records them; the editor's go to definition reads them). */
  includes?: ReadonlyMap<Positioned, F[]>;
}

/** A dialect's file format: its grammar, and what the loader needs to know before it parses a file. */
export interface FileFormat<A extends { problems: SyntaxProblem[]; comments: Comment[] } = { problems: SyntaxProblem[]; comments: Comment[] }> {
  /** The grammar: text -> AST, with its syntax problems and comments. */
  parse(path: string, text: string): { ast: A; source: SourceFile; template?: TemplateInfo };
  /** Estimated memory a parsed token takes (see budget.ts). */
  bytesPerToken: number;
  /** What the dialect's statements look like, to tell a file in another format (see not-config.ts). */
  notConfig: NotConfigTraits;
  /** What reading a template as the dialect needs of its syntax (line continuation, statement end; src/template/map.ts). */
  templates?: TemplateSyntax;
}

/**
 * Reading a server's files through the facade, each parsed once per run: a
 * file included from several places (or by several entry points) is read and
 * parsed a single time. `given` is text that stands for the file (stdin).
 */
export function fileReader<A extends { problems: SyntaxProblem[]; comments: Comment[] }>(
  fsys: FsFacade,
  cache: Map<string, ParsedFile<A>>,
  format: FileFormat<A>,
): (serverPath: string, given?: string) => ParsedFile<A> | NotLoaded {
  return (serverPath, given) => {
    const local = fsys.local(serverPath);
    const hit = cache.get(local);
    if (hit) return hit.notConfig === undefined ? hit : notLoaded(hit.notConfig);
    let body = given;
    if (body === undefined) {
      const r = fsys.read(serverPath);
      if (r.error !== undefined) return { error: r.error };
      body = r.text as string;
    }
    // Refused before parsing when the run's memory would go over its budget (see budget.ts).
    const refused = chargeParse(fsys, body, format.bytesPerToken);
    if (refused) return { error: refused };
    const { ast, source, template } = format.parse(local, body);
    // A file in another format (/etc/shadow, a .env, a key) is kept out of the model: nothing of it may reach a message.
    // (A template's text is the configuration it stands for.)
    const notConfig = notConfigReason(source.text, format.notConfig, ast.problems.length);
    if (notConfig !== null) {
      const empty = format.parse(local, ""); // the cache keeps the verdict, not the text
      cache.set(local, { serverPath, path: local, source: empty.source, ast: empty.ast, notConfig });
      return notLoaded(notConfig);
    }
    const f: ParsedFile<A> = { serverPath, path: local, source, ast, ...(template ? { template } : {}) };
    cache.set(local, f);
    return f;
  };
}

const notLoaded = (reason: string): NotLoaded => ({ error: `not a configuration file (${reason})`, notConfig: reason });

/**
 * Walking a server in its read order without recursion (nesting and include
 * chains can be thousands deep): `visit` sees each node once and pushes what
 * is read next — a section's children, or an included file's nodes (with the
 * file, so that `reading` always holds the chain of files being read). The
 * loaders and the models of every dialect read their servers with it.
 * Children pushed deeper than MAX_NESTING sections (counting those of the
 * including files) are not walked, nor their includes followed, as the
 * models do not walk them either (`depth`, the node's nesting, lets a visitor
 * skip work for children it cannot push); `tooDeep` hears of the first
 * section whose children are left out.
 */
export function walkReadOrder<N, C>(
  rootNodes: N[],
  rootContext: C,
  reading: string[],
  visit: (node: N, context: C, push: (nodes: N[], context: C, file?: string) => void, depth: number) => void,
  tooDeep?: (node: N) => void,
): void {
  type Frame = { nodes: N[]; i: number; context: C; depth: number; file?: string; started?: boolean };
  const frames: Frame[] = [{ nodes: rootNodes, i: 0, context: rootContext, depth: 0 }];
  const pending: Frame[] = [];
  let depth = 0;
  let visiting: N | undefined;
  let reported = false;
  const push = (nodes: N[], context: C, file?: string) => {
    const d = file ? depth : depth + 1;
    if (d > MAX_NESTING) {
      if (!reported && visiting !== undefined) tooDeep?.(visiting);
      reported = true;
      return;
    }
    pending.push({ nodes, i: 0, context, depth: d, file });
  };
  while (frames.length) {
    const top = frames[frames.length - 1];
    if (top.file && !top.started) {
      top.started = true;
      reading.push(top.file);
    }
    if (top.i >= top.nodes.length) {
      frames.pop();
      if (top.file) reading.pop();
      continue;
    }
    depth = top.depth;
    visiting = top.nodes[top.i++];
    visit(visiting, top.context, push, depth);
    // What a node pushed is read next, in the order it was pushed.
    while (pending.length) frames.push(pending.pop() as Frame);
  }
}

/** What the loaders say at the first section whose contents are nested deeper than MAX_NESTING. */
export const nestedTooDeep = (what: string) =>
  `${what} is nested ${MAX_NESTING + 1} levels deep (counting through includes): djlint-conf does not check what is inside it; no real configuration nests more than a few levels`;

export interface FollowOptions {
  /** The directive's name as the messages should spell it (`Include`, `include`). */
  directive: string;
  /** What the server does with a cycle, for the message. */
  onCycle: string;
  /** A matched file that cannot be read; leave out to stay silent. */
  unreadable?: (local: string, error: string) => void;
  /** The include was not followed completely (file limit, unreadable file). */
  incomplete?: () => void;
}

/**
 * Files brought in by includes per tree, counting a file each time it is read
 * again (httpd and nginx re-read a file included twice). A file that includes
 * another twice, which includes another twice..., or a directory symlinked
 * into itself, would otherwise make the walk exponential.
 */
const reads = new WeakMap<object, number>();
/** Reads allowed per tree, as a multiple of the file limit. */
const READS_PER_FILE = 10;

/**
 * The matches of an include pattern that are symbolic links to nothing: a site removed from sites-available with
 * its link left in sites-enabled. nginx, httpd's `Include` and lighttpd all refuse to start on one (each opens every
 * name its glob(3) returns; checked with nginx 1.22, httpd 2.4 and lighttpd 1.4.69); the loaders' file filters would
 * drop it in silence. A target that is absolute and outside every --map, reached from a copy of the tree kept
 * elsewhere (a repository's `etc/nginx`), is a path of the server this machine cannot see: `known` is false then,
 * and the finding is information, not a verdict.
 */
export interface DanglingLink {
  /** The link, as the server sees it. */
  link: string;
  /** Its target as written. */
  target: string;
  known: boolean;
}

/** A path's first directory (`etc` for /etc/nginx/...). */
const topOf = (p: string) => p.split("/")[1] ?? "";

export function danglingLinks(fsys: FsFacade, candidates: Iterable<string>): DanglingLink[] {
  const out: DanglingLink[] = [];
  if (!fsys.danglingLink) return out;
  for (const c of candidates) {
    const target = fsys.danglingLink(c);
    if (target === null) continue;
    const unmapped = path.isAbsolute(target) && fsys.local(target) === path.resolve(target);
    // Linted in place (the link and its target under the same top directory, /etc/nginx/...) or in a copy elsewhere.
    out.push({ link: c, target, known: !unmapped || topOf(fsys.local(c)) === topOf(target) });
  }
  return out;
}

/** The include-not-found message for a dangling link its pattern matched (`server`: the program that refuses it). */
export function danglingLinkMessage(spelled: string, d: DanglingLink, fsys: FsFacade, server: string): string {
  const link = shownPath(fsys.local(d.link));
  return d.known
    ? `${spelled} matches ${link}, a symbolic link to ${shownPath(d.target)}, which does not exist: ${server} refuses to start (remove the link, or restore its target)`
    : `${spelled} matches ${link}, a symbolic link to ${shownPath(d.target)}, which is not on this machine (map it to a local copy with --map)`;
}

/**
 * Bringing in the files an include matched: a file already being read is a
 * cycle (reported once per directive, not followed), the server's file limit
 * holds, unreadable files are reported, and each file read joins the tree.
 */
export function followIncludes<F extends ParsedFile>(
  tree: ServerTree<F>,
  fsys: FsFacade,
  read: (serverPath: string) => F | NotLoaded,
  reading: string[],
  reportedCycles: Set<string>,
  maxFiles: number,
  at: Positioned,
  matches: string[],
  opts: FollowOptions,
): F[] {
  const problem = (ruleId: LoadProblem["ruleId"], message: string) => tree.problems.push({ ruleId, message, file: at.file, range: at.range });
  const loaded: F[] = [];
  for (const m of matches) {
    const local = fsys.local(m);
    if (reading.includes(local)) {
      const key = `${at.file}:${at.range.start}`;
      if (!reportedCycles.has(key)) {
        reportedCycles.add(key);
        const chain = [...reading.slice(reading.indexOf(local)), local].map((p) => path.basename(p)).join(" -> ");
        problem("include-cycle", `${opts.directive} cycle: ${chain}; ${opts.onCycle}`);
      }
      continue;
    }
    if (tree.files.size >= maxFiles && !tree.files.has(local)) {
      problem("include-not-followed", `${opts.directive} not followed: the server already has ${maxFiles} files`);
      opts.incomplete?.();
      break;
    }
    const n = (reads.get(tree) ?? 0) + 1;
    if (n > maxFiles * READS_PER_FILE) {
      problem(
        "include-not-followed",
        `${opts.directive} not followed: the server's includes already read ${maxFiles * READS_PER_FILE} files (counting each file every time it is included)`,
      );
      opts.incomplete?.();
      break;
    }
    reads.set(tree, n);
    const f = read(m);
    if ("error" in f && f.notConfig !== undefined) {
      problem("syntax", `${opts.directive} reads ${shownPath(local)}, which is not a configuration file (${f.notConfig}): nothing in it is linted or shown`);
      opts.incomplete?.();
      continue;
    }
    if ("error" in f) {
      opts.unreadable?.(local, f.error);
      opts.incomplete?.();
      continue;
    }
    tree.files.set(f.path, f);
    loaded.push(f);
  }
  return loaded;
}
