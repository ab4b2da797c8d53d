/**
 * Loads a lighttpd server: the main config file and everything reached
 * through `include`, in the order lighttpd reads them. As lighttpd does
 * (src/configfile.c, config_parse_file; checked with lighttpd 1.4.69):
 *
 * - the argument is an expression, evaluated with the variables set so far
 *   (`include var.confdir + "/conf.d/*.conf"`); one the linter cannot know
 *   (`env.NAME`, a variable from an `include_shell`) is not followed, silently;
 * - a relative name is looked up in the main config file's directory, whatever
 *   file the `include` is in; a name starting with `./` or `../` is relative to
 *   lighttpd's working directory, which the linter reads as that same directory;
 * - wildcards (`*`, `?`, `[...]`, and `{a,b}`) expand with glob(3), sorted; a
 *   pattern that matches nothing is fine, a missing plain file is fatal;
 * - `include_shell "command"` is recorded and never run (`include-not-followed`),
 *   except Debian's `include-conf-enabled.pl`, whose output is known: it is
 *   read as the `include "conf-enabled/*.conf"` it prints.
 *
 * Every path goes through the path map. Cycles are reported once and never
 * followed. The walk is iterative: nesting and include chains can be thousands deep.
 */
import path from "node:path";
import { parseLighttpd } from "../../grammars/lighttpd/index.js";
import type { LighttpdFileAst, LighttpdInclude, LighttpdStatement } from "../ast/lighttpd.js";
import type { LoadProblem } from "../core/problems.js";
import { evaluate, merge, type Value } from "../model/lighttpd/values.js";
import { expandSegments } from "./fnmatch.js";
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
  type FileFormat,
  type NotLoaded,
  type ParsedFile,
  type ServerTree,
} from "./tree.js";

export type LoadedLighttpdFile = ParsedFile<LighttpdFileAst>;

export interface LighttpdTree extends ServerTree<LoadedLighttpdFile> {
  dialect: "lighttpd";
  root: LoadedLighttpdFile;
  files: Map<string, LoadedLighttpdFile>;
  /** The files each `include` brought in, in lighttpd's order. */
  includes: Map<LighttpdInclude, LoadedLighttpdFile[]>;
  /**
   * `include_shell` statements and `include`s whose target the linter cannot
   * know or read: what they would add to the config is not seen.
   */
  unfollowed: LighttpdInclude[];
  problems: LoadProblem[];
  /** The main config file's directory (server path): relative includes start there. */
  baseDir: string;
}

export interface LighttpdLoadOptions {
  /** Text that replaces a file's content on disk (stdin, an editor buffer). */
  parseCache?: Map<string, LoadedLighttpdFile>;
  maxFiles?: number;
  /** How to read templates (--template) and which variant of their conditionals. */
  template?: TemplateReading;
}

const MAX_FILES = 10_000;

/** lighttpd's files: the grammar, ~470 bytes of memory per token, and `option = value` statements. */
export const LIGHTTPD_FORMAT: FileFormat<LighttpdFileAst> = {
  parse: parseLighttpd,
  bytesPerToken: 470,
  notConfig: {
    // `server.port = 80`, `var.x += ...`, `$HTTP["host"] == ... {`, `include ...`, `else`, array lines.
    statement:
      /^(?:[a-z][\w-]*(?:\.[\w-]+)+[ \t]*(?:\+=|:=|=)|[a-z][\w-]*[ \t]+(?:\+=|:=|=)|\$[A-Za-z_]+[ \t]*\[|(?:else|elseif|elsif|elif|if|global)\b|include(?:_shell)?[ \t]|[{}()"+,]|[0-9])/,
    distinctive: true,
    whenMostlyBroken: "most of its lines are not lighttpd settings",
  },
};
const GLOB_CHARS = /[*?[\]{}]/;

export function loadLighttpdTree(entryPath: string, fsys: FsFacade, opts: LighttpdLoadOptions = {}, text?: string): LighttpdTree | NotLoaded {
  const entry = path.resolve(entryPath);
  const cache = opts.parseCache ?? new Map<string, LoadedLighttpdFile>();
  const read = fileReader(fsys, cache, { ...LIGHTTPD_FORMAT, parse: templatedParse(LIGHTTPD_FORMAT, opts.template) });
  const root = read(entry, text);
  if ("error" in root) return root;

  const tree: LighttpdTree = {
    dialect: "lighttpd",
    root,
    files: new Map([[root.path, root]]),
    includes: new Map(),
    unfollowed: [],
    problems: [],
    baseDir: path.dirname(entry),
  };
  const load = new LighttpdLoad(tree, fsys, read, opts.maxFiles ?? MAX_FILES, [root.path]);
  const global: Scope = { vars: new Map(), parent: null };

  // lighttpd's read order: a block's statements, and an include's files right there, in the include's block.
  walkReadOrder<LighttpdStatement, Scope>(
    root.ast.children,
    global,
    load.reading,
    (node, scope, push) => {
      switch (node.kind) {
        case "assignment": {
          if (node.incomplete || !node.value) break;
          const value = evaluate(node.value, lookup(scope));
          const before = node.op === "+=" ? lookup(scope)(node.key) : undefined;
          scope.vars.set(node.key, before ? merge(before, value, node) : value);
          break;
        }
        case "condition":
          push(node.children, { vars: new Map(), parent: scope });
          break;
        case "global":
          push(node.children, global);
          break;
        case "include":
          for (const f of load.include(node, scope) ?? []) push(f.ast.children, scope, f.path);
          break;
      }
    },
    (n) =>
      tree.problems.push({
        ruleId: "include-not-followed",
        severity: "info",
        message: nestedTooDeep(n.kind === "global" ? "global { }" : "this condition"),
        file: n.file,
        range: "headRange" in n ? n.headRange : n.range,
      }),
  );

  return tree;
}

/** Variables by block: lighttpd reads a variable from the current block or an enclosing one. */
interface Scope {
  vars: Map<string, Value>;
  parent: Scope | null;
}

const lookup = (scope: Scope) => (key: string) => {
  for (let s: Scope | null = scope; s; s = s.parent) {
    const v = s.vars.get(key);
    if (v) return v;
  }
  return undefined;
};

/** One load of a server's files: how includes (and Debian's conf-enabled include_shell) are followed. */
class LighttpdLoad {
  readonly reportedCycles = new Set<string>();

  constructor(
    readonly tree: LighttpdTree,
    readonly fsys: FsFacade,
    readonly read: (serverPath: string, given?: string) => LoadedLighttpdFile | NotLoaded,
    readonly maxFiles: number,
    readonly reading: string[],
  ) {}

  problem(ruleId: LoadProblem["ruleId"], at: LighttpdInclude, message: string, severity?: LoadProblem["severity"]) {
    this.tree.problems.push({ ruleId, message, file: at.file, range: at.range, ...(severity ? { severity } : {}) });
  }

  /** The files an include reads, read now; undefined when it is not followed. */
  include(node: LighttpdInclude, scope: Scope): LoadedLighttpdFile[] | undefined {
    const { tree, fsys } = this;
    const name = this.targetOf(node, scope);
    if (name === undefined) return;
    const full = path.isAbsolute(name) ? path.normalize(name) : path.join(tree.baseDir, name);
    const missing: string[] = [];
    const matches = GLOB_CHARS.test(name) ? expandGlob(full, fsys, this.maxFiles * 10, missing) : fsys.kind(full) === "file" ? [full] : [];
    if (!GLOB_CHARS.test(name) && fsys.kind(full) === null) missing.push(full);
    const dangling = danglingLinks(fsys, missing);
    for (const link of dangling) {
      // A target this machine cannot see may be there on the server.
      if (!link.known && !tree.unfollowed.includes(node)) tree.unfollowed.push(node);
      this.problem("include-not-found", node, danglingLinkMessage(`include "${shown(name)}"`, link, fsys, "lighttpd"), link.known ? undefined : "info");
    }
    if (matches === null) {
      tree.unfollowed.push(node);
      this.problem(
        "include-not-followed",
        node,
        `include "${name}" is not followed: its braces expand to more than ${MAX_BRACE_ALTERNATIVES} patterns (each {a,b} group doubles them), more than any configuration needs`,
      );
      return;
    }
    if (matches.length === 0) {
      if (!tree.unfollowed.includes(node)) tree.unfollowed.push(node);
      // lighttpd accepts a pattern that matches nothing.
      if (!GLOB_CHARS.test(name) && !dangling.length) this.notFound(node, name, full);
      return;
    }
    const loaded = followIncludes(tree, fsys, this.read, this.reading, this.reportedCycles, this.maxFiles, node, matches, {
      directive: "include",
      onCycle: "lighttpd would read the files again and again until it gives up",
      unreadable: (local, error) => this.problem("include-not-found", node, `include "${shown(name)}": cannot read ${shownPath(local)}: ${error}`),
      incomplete: () => tree.unfollowed.push(node),
    });
    tree.includes.set(node, loaded);
    return loaded;
  }

  /** The file name an include (or Debian's conf-enabled include_shell) reads; undefined, and noted, when it cannot be known. */
  private targetOf(node: LighttpdInclude, scope: Scope): string | undefined {
    if (node.incomplete || !node.value) return;
    let target = evaluate(node.value, lookup(scope));
    if (node.shell) {
      const confEnabled = target.type === "string" ? debianConfEnabled(target.value) : undefined;
      if (confEnabled === undefined) {
        this.tree.unfollowed.push(node);
        const command = target.type === "string" ? `"${shown(target.value)}"` : "its command";
        this.problem(
          "include-not-followed",
          node,
          `include_shell ${command} is not run: djlint-conf never executes a command from a config, so the settings it would print are not linted`,
        );
        return;
      }
      target = { type: "string", value: confEnabled, node, literal: null };
    }
    if ((target.type !== "string" && target.type !== "integer") || (target.type === "string" && isOpaque(target.value))) {
      this.tree.unfollowed.push(node); // e.g. include env.CONF_FILE, or a path a template fills in: nothing to check here
      return;
    }
    return String(target.value);
  }

  /** An include of a file that does not exist: an error, or info when the linter cannot see where it points. */
  private notFound(node: LighttpdInclude, name: string, full: string) {
    const local = this.fsys.local(full);
    if (/^\.\.?[/\\]/.test(name)) {
      this.problem(
        "include-not-found",
        node,
        `include "${shown(name)}" cannot be checked: lighttpd reads a name starting with '${name.startsWith("..") ? "../" : "./"}' from its working directory, and ${shownPath(local)} does not exist`,
        "info",
      );
    } else if (path.isAbsolute(name) && local === path.resolve(full) && !full.startsWith(this.tree.baseDir + path.sep)) {
      this.problem(
        "include-not-found",
        node,
        `include "${shown(name)}" cannot be checked here: ${shownPath(full)} is not on this machine (map it to a local copy with --map)`,
        "info",
      );
    } else {
      this.problem(
        "include-not-found",
        node,
        `include "${shown(name)}" does not exist (looked for ${shownPath(local)}); lighttpd refuses to start ("include file not found")`,
      );
    }
  }
}

/**
 * Debian's `include_shell "/usr/share/lighttpd/include-conf-enabled.pl" [CONFDIR]`
 * prints `include "conf-enabled/*.conf"` run from CONFDIR (default
 * /etc/lighttpd/), which the script itself says to write instead: read as that
 * include, never run. Any other command: undefined.
 */
export function debianConfEnabled(command: string): string | undefined {
  const m = /^\s*\/usr\/share\/lighttpd\/include-conf-enabled\.pl(?:\s+(\S+))?\s*$/.exec(command);
  if (!m) return undefined;
  return path.posix.join(m[1] ?? "/etc/lighttpd/", "conf-enabled/*.conf");
}

/** Brace alternatives an include pattern may expand to: `{a,b}` twenty times over would be a million globs. */
export const MAX_BRACE_ALTERNATIVES = 10_000;

/**
 * glob(3) with GLOB_BRACE: `{a,b}` alternatives in order, each expanded
 * segment by segment and sorted, at most `limit` files; null when the braces
 * expand to more than MAX_BRACE_ALTERNATIVES patterns. Names listed but not
 * there (dangling links) go to `missing`.
 */
export function expandGlob(pattern: string, fsys: FsFacade, limit = Infinity, missing?: string[]): string[] | null {
  const alternatives = expandBraces(pattern, MAX_BRACE_ALTERNATIVES);
  if (!alternatives) return null;
  const out: string[] = [];
  const seen = new Set<string>();
  for (const alt of alternatives) {
    for (const c of expandSegments(alt, (dir) => fsys.list(dir), limit).paths.sort()) {
      if (seen.has(c)) continue;
      // A name the directory lists that is not there (a dangling link): the caller says why.
      if (fsys.kind(c) !== "file") {
        if (fsys.kind(c) === null) missing?.push(c);
        continue;
      }
      seen.add(c);
      out.push(c);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/**
 * `a{b,c}d` -> `abd`, `acd` (nested braces too); an unmatched `{`, and a
 * group without a comma, are literal. Without recursion: a worklist of
 * partly expanded patterns, each expanded at its first brace group, in order.
 * Null when there would be more than `max` results.
 */
export function expandBraces(s: string, max = Infinity): string[] | null {
  // Counted first, so that a pattern of a million alternatives is refused without building any,
  // and one whose alternatives would be long strings by the thousand too (a path is at most 4 KB).
  const n = countBraceAlternatives(s, max);
  if (n > max || (Number.isFinite(max) && n * s.length > max * 4096)) return null;
  const out: string[] = [];
  // Each item: a pattern and the offset before which its braces are literal.
  const todo: { s: string; from: number }[] = [{ s, from: 0 }];
  while (todo.length) {
    const { s: cur, from } = todo.pop() as { s: string; from: number };
    const group = firstGroup(cur, from);
    if (!group) {
      out.push(cur);
      if (out.length > max) return null;
      continue;
    }
    if (!group.commas.length) {
      // `{x}`: literal; look for a group after its `{`.
      todo.push({ s: cur, from: group.open + 1 });
      continue;
    }
    if (out.length + todo.length + group.commas.length + 1 > max) return null;
    const pre = cur.slice(0, group.open);
    const post = cur.slice(group.close + 1);
    const bounds = [group.open, ...group.commas, group.close];
    // Pushed last-first, so that the first alternative is expanded first.
    for (let k = bounds.length - 2; k >= 0; k--) todo.push({ s: pre + cur.slice(bounds[k] + 1, bounds[k + 1]) + post, from });
  }
  return out;
}

/** The first balanced `{...}` at or after `from`, with its top-level commas; null when there is none. */
function firstGroup(s: string, from: number): { open: number; close: number; commas: number[] } | null {
  for (let open = s.indexOf("{", from); open >= 0; open = s.indexOf("{", open + 1)) {
    let depth = 0;
    const commas: number[] = [];
    for (let i = open; i < s.length; i++) {
      const c = s[i];
      if (c === "{") depth++;
      else if (c === "}") {
        if (--depth === 0) return { open, close: i, commas };
      } else if (c === "," && depth === 1) commas.push(i);
    }
    // Unmatched: the old code treated the string as literal from here.
    return null;
  }
  return null;
}

/** Braces nested deeper than this are not expanded: no path needs them, and counting them recurses. */
const MAX_BRACE_DEPTH = 32;

/**
 * How many patterns expandBraces makes of `s`, with its rules (a group
 * without a comma is literal, an unmatched `{` makes the rest literal),
 * without making them; past `max`, or with groups nested deeper than
 * MAX_BRACE_DEPTH, Infinity.
 */
export function countBraceAlternatives(s: string, max: number): number {
  const close = new Map<number, number>();
  const commas = new Map<number, number[]>();
  const open: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 123) open.push(i);
    else if (c === 125 && open.length) close.set(open.pop() as number, i);
    else if (c === 44 && open.length) {
      const top = open[open.length - 1];
      const list = commas.get(top);
      if (list) list.push(i);
      else commas.set(top, [i]);
    }
  }
  // The alternatives of [a, b): each group with commas multiplies by the sum of its alternatives'.
  const count = (a: number, b: number, depth: number): number => {
    if (depth > MAX_BRACE_DEPTH) return Infinity;
    let total = 1;
    for (let p = s.indexOf("{", a); p >= 0 && p < b;) {
      const q = close.get(p);
      if (q === undefined) break; // unmatched: the rest is literal
      const cs = commas.get(p);
      if (!cs) {
        p = s.indexOf("{", p + 1); // literal `{`, its content read in place
        continue;
      }
      let sum = 0;
      const bounds = [p, ...cs, q];
      for (let k = 0; k + 1 < bounds.length && sum <= max; k++) sum += count(bounds[k] + 1, bounds[k + 1], depth + 1);
      total *= sum;
      if (total > max) return Infinity;
      p = s.indexOf("{", q + 1);
    }
    return total;
  };
  return count(0, s.length, 0);
}
