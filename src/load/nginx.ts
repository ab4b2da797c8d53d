/**
 * Loads an nginx server: the entry file and everything reached through
 * `include`, in the order nginx reads them. A relative include resolves
 * against the prefix (nginx.conf's directory, or --nginx-prefix), as
 * ngx_conf_full_name does with the conf prefix; wildcards (`*`, `?`, `[...]`)
 * expand as glob(3) does, sorted, and a pattern that matches nothing is fine
 * (nginx ignores it); a plain path that is missing stops nginx. Every path
 * goes through the path map. Cycles are reported once and never followed,
 * and the walk is iterative (nesting and include chains can be deep).
 */
import path from "node:path";
import { parseNginx } from "../../grammars/nginx/index.js";
import type { NginxDirective, NginxFileAst, NginxNode } from "../ast/nginx.js";
import type { LoadProblem } from "../core/problems.js";
import { expandSegments, hasWildcard } from "./fnmatch.js";
import { STOCK_DIR, STOCK_PARAMS } from "./nginx-stock.js";
import { nginxPrelude } from "./nginx-prelude.js";
import { templatedParse, type TemplateReading } from "../template/parse.js";
import { isOpaque } from "../template/placeholder.js";
import type { FsFacade } from "./fs-facade.js";
import { shown, shownPath } from "../source/quote.js";
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

export type NginxLoadedFile = ParsedFile<NginxFileAst>;

export interface NginxTree extends ServerTree<NginxLoadedFile> {
  dialect: "nginx";
  root: NginxLoadedFile;
  files: Map<string, NginxLoadedFile>;
  /** The files each `include` brought in, in nginx's order. */
  includes: Map<NginxDirective, NginxLoadedFile[]>;
  /** Includes whose content the linter could not see (missing, unreadable, outside this machine): rules stay silent about what they might set. */
  unresolved: Set<NginxDirective>;
  problems: LoadProblem[];
  /** The directory relative includes resolve against. */
  prefix: string;
  /** Definitions files nginx reads before this fragment (./nginx-prelude.ts), in its order: read before the root. */
  prelude: NginxLoadedFile[];
}

export interface NginxLoadOptions {
  /** --nginx-prefix: the directory relative includes resolve against (default: the entry file's directory). */
  prefix?: string;
  parseCache?: Map<string, NginxLoadedFile>;
  maxFiles?: number;
  /** How to read templates (--template) and which variant of their conditionals. */
  template?: TemplateReading;
}

const MAX_FILES = 10_000;

/** nginx's files: the grammar, ~250 bytes of memory per token, and statements ended by `;` or blocks. */
export const NGINX_FORMAT: FileFormat<NginxFileAst> = {
  parse: parseNginx,
  bytesPerToken: 250,
  notConfig: {
    // A directive ends with `;`, a block opens with `{` or closes with `}`.
    statement: /(?:[;{}][ \t]*(?:#.*)?$|^})/,
    distinctive: true,
    semicolonStatements: true,
  },
  // A template expression alone on its line between statements stands for statements.
  templates: { statementEnd: ";" },
};

/** Files nginx packages install in the conf directory: a repository copy of a site often includes them without carrying them. */
const STOCK_FILES = new Set([
  "mime.types",
  "fastcgi_params",
  "fastcgi.conf",
  "uwsgi_params",
  "scgi_params",
  "proxy_params",
  "koi-utf",
  "koi-win",
  "win-utf",
  "snippets/fastcgi-php.conf",
  "snippets/snakeoil.conf",
]);

/** Names of files that are a whole nginx configuration (not a fragment). */
export const NGINX_MAIN = /^nginx\.conf$/i;

/** The nodes nginx reads first for this tree: the prelude's definitions, then the root file's. */
export function readFirst(tree: NginxTree): NginxNode[] {
  return tree.prelude.length ? [...tree.prelude.flatMap((f) => f.ast.children), ...tree.root.ast.children] : tree.root.ast.children;
}

export function loadNginxTree(entryPath: string, fsys: FsFacade, opts: NginxLoadOptions = {}, text?: string): NginxTree | NotLoaded {
  const entry = path.resolve(entryPath);
  const cache = opts.parseCache ?? new Map<string, NginxLoadedFile>();
  const read = fileReader(fsys, cache, { ...NGINX_FORMAT, parse: templatedParse(NGINX_FORMAT, opts.template) });
  const root = read(entry, text);
  if ("error" in root) return root;

  const prefixGiven = opts.prefix !== undefined;
  const tree: NginxTree = {
    dialect: "nginx",
    root,
    files: new Map([[root.path, root]]),
    includes: new Map(),
    unresolved: new Set(),
    problems: [],
    prefix: prefixGiven ? path.resolve(opts.prefix as string) : path.dirname(entry),
    prelude: [],
  };
  // A fragment (a sites-enabled file, a snippet) linted alone: its includes may be relative to a prefix we do not know.
  const fragment = !prefixGiven && !NGINX_MAIN.test(path.basename(entry));
  if (fragment && !root.ast.children.some((n) => n.kind === "block" && (n.name === "http" || n.name === "events"))) {
    tree.prelude = nginxPrelude(entry, root, fsys, read, cache);
    for (const f of tree.prelude) tree.files.set(f.path, f);
  }
  const load = new NginxLoad(tree, fsys, read, opts.maxFiles ?? MAX_FILES, [root.path], prefixGiven, fragment);

  // nginx's read order: a block's children, and an include's files before the include's next sibling.
  walkReadOrder<NginxNode, null>(
    root.ast.children,
    null,
    load.reading,
    (n, _, push) => {
      if (n.kind === "block") push(n.children, null);
      else if (n.name === "include") for (const f of load.include(n)) push(f.ast.children, null, f.path);
    },
    (n) =>
      tree.problems.push({
        ruleId: "include-not-followed",
        severity: "info",
        message: nestedTooDeep(n.kind === "block" ? `"${n.name}"` : n.name),
        file: n.file,
        range: n.kind === "block" ? n.openRange : n.range,
      }),
  );
  return tree;
}

/** One load of a server's files: how includes are followed. */
class NginxLoad {
  readonly reportedCycles = new Set<string>();

  constructor(
    readonly tree: NginxTree,
    readonly fsys: FsFacade,
    readonly read: (serverPath: string, given?: string) => NginxLoadedFile | NotLoaded,
    readonly maxFiles: number,
    readonly reading: string[],
    /** The prefix is given (--nginx-prefix). */
    readonly prefixGiven: boolean,
    /** The entry is a fragment linted alone: relative includes are looked for in the directories above too. */
    readonly fragment: boolean,
  ) {}

  problem(ruleId: LoadProblem["ruleId"], at: NginxDirective, message: string, severity?: LoadProblem["severity"]) {
    this.tree.problems.push({ ruleId, message, file: at.file, range: at.range, ...(severity ? { severity } : {}) });
  }

  /** The files an include reads, read now (their problems reported). */
  include(d: NginxDirective): NginxLoadedFile[] {
    const { tree, fsys } = this;
    const arg = d.args[0];
    if (!arg || d.incomplete) return [];
    const target = arg.value;
    if (isOpaque(target)) {
      tree.unresolved.add(d); // a path a template fills in: nothing to look for here
      return [];
    }
    const glob = hasWildcard(target);
    const bases = path.isAbsolute(target) ? ["/"] : this.fragment ? ancestors(tree.prefix, 3) : [tree.prefix];
    let matches: string[] = [];
    let dangling: DanglingLink[] = [];
    for (const base of bases) {
      ({ matches, dangling } = expand(path.isAbsolute(target) ? path.normalize(target) : path.join(base, target), fsys, this.maxFiles * 10));
      if (matches.length || dangling.length) break;
    }
    for (const link of dangling) {
      // A target this machine cannot see may be there on the server.
      if (!link.known) tree.unresolved.add(d);
      this.problem("include-not-found", d, danglingLinkMessage(`include '${shown(target)}'`, link, fsys, "nginx"), link.known ? undefined : "info");
    }
    if (matches.length === 0) {
      if (dangling.length) return [];
      if (glob) return []; // glob(3) with no match: nginx reads nothing and goes on
      const stock = this.stock(d, target);
      if (stock) return stock;
      tree.unresolved.add(d);
      this.notFound(d, target);
      return [];
    }
    const loaded = followIncludes(tree, fsys, this.read, this.reading, this.reportedCycles, this.maxFiles, d, matches, {
      directive: "include",
      onCycle: "nginx would recurse until it gives up",
      unreadable: glob
        ? undefined
        : (local, error) => this.problem("include-not-found", d, `include '${shown(target)}': cannot read ${shownPath(local)}: ${error}`),
      incomplete: () => tree.unresolved.add(d),
    });
    tree.includes.set(d, loaded);
    return loaded;
  }

  /**
   * A stock parameter file that is not here: by its relative name (`include
   * proxy_params;`) when no --nginx-prefix says where the conf directory is,
   * or by its path in /etc/nginx on a machine without nginx. Read as the
   * packages install it, or as the copy --map gives for /etc/nginx.
   */
  private stock(d: NginxDirective, target: string): NginxLoadedFile[] | null {
    const norm = path.posix.normalize(target);
    const name = path.isAbsolute(target) ? (path.posix.dirname(norm) === STOCK_DIR ? path.posix.basename(norm) : "") : norm.replace(/^conf\//, "");
    const text = STOCK_PARAMS.get(name);
    if ((this.prefixGiven && !path.isAbsolute(target)) || text === undefined) return null;
    const at = path.posix.join(STOCK_DIR, name);
    const mapped = this.fsys.local(at) !== at && this.fsys.kind(at) === "file";
    const loaded = followIncludes(
      this.tree,
      this.fsys,
      (p) => {
        const f = this.read(p, mapped ? undefined : text);
        // The packages' text, not a file here (unless the machine's own copy was read first through another include).
        if (!mapped && !("error" in f) && f.source.text === text) f.stock = true;
        return f;
      },
      this.reading,
      this.reportedCycles,
      this.maxFiles,
      d,
      [at],
      {
        directive: "include",
        onCycle: "nginx would recurse until it gives up",
        incomplete: () => this.tree.unresolved.add(d),
      },
    );
    this.tree.includes.set(d, loaded);
    return loaded;
  }

  /** An include of a file that does not exist: an error, or info when the linter cannot see where it points. */
  private notFound(d: NginxDirective, target: string) {
    const { tree, fsys } = this;
    if (path.isAbsolute(target) && fsys.local(target) === path.resolve(target) && !target.startsWith(tree.prefix + "/")) {
      this.problem(
        "include-not-found",
        d,
        `include '${shown(target)}' cannot be checked here: ${shownPath(target)} is not on this machine (map it to a local copy with --map)`,
        "info",
      );
    } else if (!path.isAbsolute(target) && !this.prefixGiven && STOCK_FILES.has(path.normalize(target).replace(/^conf\//, ""))) {
      this.problem(
        "include-not-found",
        d,
        `include '${shown(target)}' is not in ${shownPath(fsys.local(tree.prefix))}: nginx installs it in its conf directory, which is not here (use --nginx-prefix to check it)`,
        "info",
      );
    } else if (this.fragment && !path.isAbsolute(target)) {
      this.problem(
        "include-not-found",
        d,
        `include '${shown(target)}' cannot be resolved: this file is linted without its nginx.conf, so the prefix is unknown (use --nginx-prefix)`,
        "info",
      );
    } else {
      const where = path.isAbsolute(target) ? fsys.local(target) : path.join(fsys.local(tree.prefix), target);
      this.problem("include-not-found", d, `include '${shown(target)}' does not exist (looked for ${shownPath(where)}): nginx refuses to start`);
    }
  }
}

/** A directory and its ancestors, nearest first. */
function ancestors(dir: string, n: number): string[] {
  const out = [dir];
  for (let d = dir, i = 0; i < n - 1 && d !== path.dirname(d); i++) out.push((d = path.dirname(d)));
  return out;
}

/**
 * glob(3) as nginx calls it: wildcards per segment, sorted, no leading-dot
 * match; only files are read. At most `limit` candidates (the loader reads no
 * more than its file limit).
 */
function expand(p: string, fsys: FsFacade, limit: number): { matches: string[]; dangling: DanglingLink[] } {
  if (!hasWildcard(p)) return { matches: fsys.kind(p) === "file" ? [p] : [], dangling: danglingLinks(fsys, fsys.kind(p) === null ? [p] : []) };
  const paths = expandSegments(p, (dir) => fsys.list(dir), limit).paths.sort();
  return {
    matches: paths.filter((c) => fsys.kind(c) === "file"),
    dangling: danglingLinks(
      fsys,
      paths.filter((c) => fsys.kind(c) === null),
    ),
  };
}
