/**
 * The library's public types, written without imports so that this file is
 * also the package's declaration file (the build copies it to
 * dist/index.d.mts). src/index.ts implements the declarations below and checks
 * these types against the engine's own.
 */

export type Severity = "error" | "warning" | "info";
export type SeverityOrOff = Severity | "off";

/** Offsets are 0-based with an exclusive end; line and column are 1-based, the end column exclusive. */
export interface Range {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A text edit on one file: offsets into the original text. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  title: string;
  /** Safe fixes change only the text the finding is about (`--fix` applies them); unsafe ones need review. */
  safety: "safe" | "unsafe";
  edits: TextEdit[];
}

/** The other side of a finding (the settings line behind a proxy finding, say). */
export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

/** One finding, as the command line's `--format json` prints it. */
export interface Diagnostic {
  /** null for problems with suppression comments themselves. */
  ruleId: string | null;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  fix?: Fix;
  related?: RelatedLocation[];
}

export interface FileResult {
  filePath: string;
  /** The dialect the file was linted as (`apache`, `nginx`, `lighttpd`), null for a file only findings point into. */
  dialect: string | null;
  messages: Diagnostic[];
}

/** A rule's metadata, as `--list-rules` and the rule pages show it. */
export interface RuleMeta {
  id: string;
  severity: Severity;
  profiles?: { development?: SeverityOrOff; production?: SeverityOrOff };
  summary: string;
  rationale: string;
  silentWhen?: string[];
  seeds: { seed: string; section: string }[];
  references?: { title: string; url: string }[];
  fix?: { safety: "safe" | "unsafe"; title: string };
  security?: { cvss: string; cwe: number[] };
  messages: Record<string, string>;
  status?: "stable" | "preview" | "deprecated";
}

export interface LintResult {
  results: FileResult[];
  /** Inputs not linted, with why. */
  skipped: { filePath: string; reason: string }[];
  rules: RuleMeta[];
}

/**
 * The file system as the loaders and the rules see it: paths as the server
 * sees them. It never throws: a path that is not there is `null` (kind, list)
 * or `{ error }` (read).
 */
export interface FsFacade {
  /** The local path a server path is read from (the same path when there is no mapping). */
  local(serverPath: string): string;
  kind(serverPath: string): "file" | "dir" | null;
  /** A directory's entry names, sorted; null when it is not a directory. */
  list(serverPath: string): string[] | null;
  read(serverPath: string): { text?: string; error?: string };
  /** What identifies a directory whichever path reaches it (for include loops); null when unknown. */
  identity?(serverPath: string): string | null;
}

export interface LintOptions {
  /** Relative paths resolve against it (default: the process's working directory). */
  cwd?: string;
  /** Lint every input as this dialect (default: detect by name, then content). */
  dialect?: string;
  /** `production` (default) or `development`. */
  profile?: "production" | "development";
  /** id -> severity overrides. */
  rules?: Record<string, SeverityOrOff>;
  /** Run only these ids. */
  only?: string[];
  /** Read server path `from` from local `to` (with the default file system). */
  map?: { from: string; to: string }[];
  /** Django version the site runs, major.minor. */
  djangoVersion?: string;
  /** Directive names third-party modules provide: never `unknown-directive`. */
  extraDirectives?: string[];
  /** Each dialect's own options: `apacheVersion`, `serverRoot`, `modules`, `mpm`, `nginxPrefix`, `nginxVersion`. */
  [dialectOption: string]: unknown;
}

export interface LintInput {
  /** Files to lint (entry points: their includes are followed). */
  paths?: string[];
  /** Text to lint by path, in place of the file's content (the file need not exist). */
  texts?: Record<string, string>;
  options?: LintOptions;
  /** The file system to read from (default: the disk, through `options.map`). */
  fs?: FsFacade;
}

export interface FormatOptions {
  /** Paths are shown relative to it. */
  cwd: string;
  /** 0 none (default), 1 basic, 2 256 colours, 3 truecolor. */
  colorLevel?: 0 | 1 | 2 | 3;
}

/** Lint files and texts: the same results the command line prints. */
export declare function lint(input: LintInput): LintResult;

/** The report formats of `--format`: `stylish`, `json`, `sarif`, `github`, `checkstyle`, `junit`, `gitlab`, `lsp`. */
export declare const formatters: Readonly<Record<string, (result: LintResult, options: FormatOptions) => string>>;

/** Every rule with its metadata. */
export declare function rules(): RuleMeta[];
