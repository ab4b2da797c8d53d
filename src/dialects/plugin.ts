/**
 * What the rest of djlint-conf knows about a server's configuration language:
 * one plugin per dialect, registered in ./registry.ts. Shared code (the
 * engine, detection, configuration, the command line, the language server,
 * the docs) asks the registry, never a hand-kept list of dialects; a new
 * dialect is a new plugin (see docs/architecture.md, "Adding a dialect").
 */
import type { DirectiveDescription, DirectiveFinding } from "../catalog/types.js";
import type { Range } from "../core/range.js";
import type { Dialect, ServerModels } from "../core/dialect.js";
import type { ServerOptions } from "../core/options.js";
import type { SyntaxProblem } from "../core/problems.js";
import type { RuleSettings } from "../core/settings.js";
import type { FsFacade } from "../load/fs-facade.js";
import type { FileFormat, NotLoaded, ParsedFile, ServerTree } from "../load/tree.js";
import type { SiteBlock } from "../model/django/server-refs.js";

/** What every server model offers the engine and the rules of every dialect. */
export interface ServerModel {
  readonly dialect: Dialect;
  /** The loaded files of the server, its entry first. */
  readonly tree: ServerTree;
  /**
   * Whether the linter sees the whole server (its main configuration), so
   * that the absence of a directive means something. A lone virtual-host file
   * or a snippet is not complete.
   */
  readonly complete: boolean;
}

/** One content line, as detection reads it (comment markers and a trailing comment removed). */
export interface LineShape {
  /** The line without a trailing comment. */
  code: string;
  /** Its first word (up to a blank, `;`, `{`, `}`, `=` or `(`). */
  first: string;
  /** Ends with `;`. */
  endsStatement: boolean;
  /** Ends with `{`. */
  opensBlock: boolean;
}

/** How files of the dialect are recognised. */
export interface DialectFiles {
  /** File names of a whole server's main configuration (matched case-insensitively): read first, looked for by the editor. */
  mainConfigs: readonly string[];
  /** Whether a file's own name (lower case, with the lower-cased path's segments) is one only this server uses. */
  ownName(base: string, parts: readonly string[]): boolean;
  /** Directory names distributions keep this server's files in (`/etc/nginx/...`). */
  directories: readonly string[];
  /** Evidence of this server in one line of a file's content; in a comment, only exact shapes and known names count. */
  scoreLine(line: LineShape, inComment: boolean): number;
}

/** How comments are written, for suppression comments and the editor's "disable" actions. */
export interface DialectComments {
  /** What starts a comment (`#`). */
  prefix: string;
  /** Whether a comment may follow a statement on its line (then `-disable-line` works there). */
  trailing: boolean;
}

/** One option of the dialect: a lint option, a configuration file and editor setting, and a command-line flag. */
export interface DialectOption {
  /** The key in the lint options (the library's `options`). */
  key: string;
  /** The key in configuration files and editor settings, when it differs from `key`. */
  configKey?: string;
  /** The command-line flag, without `--`. */
  flag: string;
  /** A string, a path (relative to the configuration file that sets it), a repeatable list, or one of `choices`. */
  type: "string" | "path" | "list" | "choice";
  choices?: readonly string[];
  /** For a string: the values accepted, and what configuration files and the command line say of another one. */
  valid?: {
    pattern: RegExp;
    /** After `"key" `: `must be "2.4", "2.2" ...`. */
    config: string;
    /** After `--flag `: `expects 2.4, 2.2 ...` (the value given follows). */
    flag: string;
  };
  /** What the flag's --help says. */
  describe: string;
}

/** What an outline entry stands for; the editor picks its icon. */
export type OutlineKind = "server" | "section" | "location" | "upstream" | "map" | "condition" | "block";

/**
 * One statement of a parsed file as the editor sees it: the outline
 * (statements with a `kind`), folding (statements over several lines) and
 * selection ranges (argument, statement, enclosing blocks) come from this tree.
 */
export interface EditorNode {
  /** What the outline shows: `<VirtualHost *:443>`, `server example.com`, `$HTTP["host"] == "x"`. */
  name: string;
  /** A second line for the outline (the ServerName of a virtual host). */
  detail?: string;
  /** An outline entry; absent for a plain directive. */
  kind?: OutlineKind;
  /** The whole statement (a section or block to its end). */
  range: Range;
  /** The statement's head: its name, or a section's opening tag. */
  head: Range;
  /** The closing tag or brace, when the statement has one. */
  close?: Range | null;
  /** The arguments as written (for selection ranges). */
  args: Range[];
  children: EditorNode[];
  /** Names this statement defines (an upstream, a named location, a WSGI daemon group). */
  defines?: EditorName[];
  /** Names of definitions this statement uses (`proxy_pass http://django`, `WSGIProcessGroup shop`). */
  refers?: EditorName[];
  /** Server paths of files this statement names (a WSGI script): the editor opens them (through the path map). */
  files?: { path: string; range: Range }[];
}

/** A name as written in a file: its kind (`upstream`, `location`, `daemon`), the name, and where it is written. */
export interface EditorName {
  kind: string;
  name: string;
  range: Range;
  /** For a definition visible only in part of its file (a daemon group defined in a virtual host): that part. */
  scope?: Range;
}

/** A completion candidate from the dialect's catalog or its own knowledge. */
export interface EditorCandidate {
  label: string;
  kind: "directive" | "section" | "value" | "variable";
  /** One line: the module (third-party marked), or what a value means. */
  detail?: string;
  /** More: where the directive is allowed. */
  documentation?: string;
  /** Text to insert instead of the label. */
  insertText?: string;
}

/** What can be completed at a point of a file: the text span to replace and the candidates. */
export interface EditorCompletion {
  /** The span (offsets) the chosen candidate replaces: the word being typed. */
  from: number;
  to: number;
  items: EditorCandidate[];
  /** Also offer the names of definitions of this kind in scope (upstreams after `http://`, daemon groups). */
  names?: string;
}

/** How the server takes a syntax problem the grammar found: as reported (`error`), not at all (null), or `info` with the reason. */
export type SyntaxVerdict = { severity: "error" | "info"; message: string } | null;

export interface DialectPlugin<D extends Dialect = Dialect> {
  /** The dialect's id: rule ids start with it (`nginx/...`), `--dialect` takes it. */
  name: D;
  files: DialectFiles;
  /** The grammar and what a file of the dialect looks like (parse, memory cost, "not a configuration"). */
  format: FileFormat;
  comments: DialectComments;
  /** The language of the dialect's code blocks in Markdown (rule pages). */
  fence: string;
  /** Editor language ids that mean this dialect (`apacheconf`). */
  languageIds: readonly string[];
  /** The dialect's own options, in the order --help lists them. */
  options: readonly DialectOption[];
  /** Load the server whose entry is `entry` (its text given), following includes. */
  load(entry: string, text: string, fsys: FsFacade, opts: ServerOptions, parseCache: Map<string, ParsedFile>): ServerTree | NotLoaded;
  /** The server as it will run, from its loaded files. */
  model(tree: ServerTree, opts: ServerOptions): ServerModels[D] & ServerModel;
  /**
   * The server's sites as the Django side sees them (server blocks, virtual
   * hosts, host conditions: names, backends, WSGI scripts, settings modules);
   * a dialect without it has none.
   */
  siteBlocks?(server: ServerModels[D]): SiteBlock[];
  /** How the server takes a syntax problem; without it, every problem is an error as the grammar reports it. */
  syntaxVerdict?(server: ServerModels[D], problem: SyntaxProblem): SyntaxVerdict;
  /** The directive catalog: `unknown-directive` and `directive-context` findings, and what hover shows. */
  catalog: {
    findings(server: ServerModels[D], settings: RuleSettings): DirectiveFinding[];
    describe(name: string): DirectiveDescription | null;
    /** The manual's page for a directive name, if the dialect has one. */
    reference?(name: string): string | null;
  };
  /** Editor features: the file's statements as the outline, folding and selection see them. */
  editor?: {
    /** The statements of a file this dialect's grammar parsed (`format.parse(...).ast`). */
    nodes(ast: unknown): EditorNode[];
    /** What can be typed at `offset` of the file (`text`, parsed as `ast`), or null. */
    complete?(ast: unknown, text: string, offset: number): EditorCompletion | null;
  };
}
