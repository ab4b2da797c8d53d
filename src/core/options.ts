/** What a dialect's loader and model are given from the run's options. */
import type { SeverityOrOff } from "./diagnostic.js";
import type { Dialect } from "./dialect.js";
import type { Profile } from "./settings.js";

/**
 * Options a dialect plugin declares for itself (`serverRoot`, `nginxPrefix`...),
 * added here by each plugin's declaration merging, as ServerModels is.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each plugin's declaration merging
export interface DialectOptions {}

/** Every plugin's options, and what all dialects share. */
/** How to read templates: by name and content (auto), as Jinja2 or ERB/EPP, or never (as src/template/detect.ts names them). */
export type TemplateOption = "auto" | "jinja" | "erb" | "none";

export interface ServerOptions extends DialectOptions {
  /** Target Django version, major.minor (default: a current Django). */
  djangoVersion?: string;
  /** How to read templates: by name and content (auto, the default), as Jinja2 or ERB/EPP, or never. */
  template?: TemplateOption;
  /** Which variant of the templates' conditionals to read (set by the engine: see src/engine/variants.ts). */
  templateVariant?: number;
}

/**
 * The options a configuration file (or an editor's settings, or the command
 * line) sets: what src/config resolves, below the engine's LintOptions.
 */
export interface ConfiguredOptions extends ServerOptions {
  /** Force the dialect of every input file. */
  dialect?: Dialect;
  /** The dialect of a file when configuration says (glob -> dialect), before detection. */
  dialectOf?: (file: string) => Dialect | undefined;
  /** Server path prefix -> local directory. */
  map?: { from: string; to: string }[];
  profile?: Profile;
  /** id -> severity overrides (config file, --rule). */
  rules?: Record<string, SeverityOrOff>;
  /** Directive or option names the site declares (third-party modules): never `unknown-directive`. */
  extraDirectives?: string[];
  /** The Django side: settings, project root, sites, assumed settings (paths absolute). */
  django?: DjangoConfig;
  /** Rule severities that depend on the file a finding is in (configuration `overrides`), over `rules`. */
  fileRules?: FileRules;
}

/** Severities by file: `rulesFor(file)` replaces `rules` for findings in that file, for the ids in `ids`. */
export interface FileRules {
  ids: ReadonlySet<string>;
  rulesFor(file: string): Record<string, SeverityOrOff>;
}

/** `django`: which project, where, for which sites, and facts stated for what cannot be read. */
export interface DjangoConfig {
  /** A dotted settings module (`shop.settings.production`) or a settings file (relative to the config file). */
  settings?: string;
  /** The project directory (put on sys.path), relative to the config file. */
  root?: string;
  /** Server names or addresses tied to a project's settings. */
  sites?: { names: string[]; settings: string }[];
  /** Settings stated by the user, for values the linter cannot read: `{ "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"] }`. */
  assume?: Record<string, unknown>;
  /**
   * The web servers sit behind a front (a load balancer, a CDN) that sets or strips the scheme header clients send:
   * `true` for every site, or the server names of the sites behind it.
   */
  trustedFront?: true | string[];
}
