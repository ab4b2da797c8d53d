/**
 * Everything a rule needs, and the only module a rule imports from the engine.
 * A rule reads the server model and reports; it never reads files (it asks
 * `fs`), never parses, never prints and never computes a position (positions
 * come from AST nodes).
 */
import type { ArgNode } from "./ast/types.js";
import type { Positioned } from "./core/range.js";
import type { ApacheNode, ApacheSection } from "./ast/apache.js";
import type { Severity, SeverityOrOff, TextEdit } from "./core/diagnostic.js";
import type { FsFacade } from "./load/fs-facade.js";
import type { Phrase } from "./source/quote.js";
import type { Dialect, ServerModels } from "./core/dialect.js";
import type { RuleSettings } from "./core/settings.js";
import type { DjangoModel } from "./model/django/index.js";

export type { Dialect, RuleSettings, ServerModels, Severity, SeverityOrOff, TextEdit };
export type SeedId = "000" | "001" | "002" | "003" | "004";
/** A seed document and a heading or quoted phrase in it. */
export type SeedRef = { seed: SeedId; section: string };
/** A server manual or source, for rules that come from the servers' own documentation rather than a seed. */
export type ReferenceRef = { title: string; url: string };
/**
 * What makes a finding a security weakness: a CVSS 3.1 base vector for the
 * typical case the rule reports (its score is the SARIF `security-severity`
 * code scanning ranks alerts by), and the CWE entries it is an instance of.
 */
export type SecurityMeta = { cvss: string; cwe: number[] };

export interface RuleMeta {
  /** Catalog id, never renamed. */
  id: string;
  /** Catalog default severity. */
  severity: Severity;
  /** Severity under a profile, when it differs. */
  profiles?: { development?: SeverityOrOff; production?: SeverityOrOff };
  /** One line, no trailing period: tables, --list-rules, SARIF shortDescription. */
  summary: string;
  /** Why it hurts a Django site (markdown). */
  rationale: string;
  /** When the rule deliberately says nothing. */
  silentWhen?: string[];
  seeds: SeedRef[];
  /** Where a rule comes from the servers' manuals rather than a seed. */
  references?: ReferenceRef[];
  /**
   * The fix the rule offers, as Ruff classes fixes: `safe` when it changes
   * only what the finding is about and no request that works today is served
   * differently (`--fix` applies it); `unsafe` when it may change what a
   * working site does (`--unsafe-fixes`, or one by one in the editor).
   * `why` says which, for the rule's page.
   */
  fix?: { safety: "safe" | "unsafe"; title: string; why: string };
  /** Set on rules whose findings are security weaknesses (tagged `security` in SARIF). */
  security?: SecurityMeta;
  /** messageId -> template with {{placeholders}}. */
  messages: Record<string, string>;
  /**
   * The messageIds whose findings say something is missing (a directive, a
   * grant, a definition). The engine withholds them where the model cannot
   * see everything that applies at the place they point at: an include it
   * could not read, statements a template fills in (src/engine/withhold.ts).
   */
  absence?: readonly string[];
  status?: "stable" | "preview" | "deprecated";
  /**
   * django/* rules: the `manage.py check --deploy` check this rule covers from
   * the server's side (`"security.W004"`), or `{ id: null, note }` saying why
   * none matches; `note` adds what a team that silenced the check should know.
   * Rendered as the page's "Django's side" section (required on django/* rules).
   */
  djangoCheck?: string | { id: string | null; note: string };
  /**
   * The Django settings the rule reads, itself or through the model's helpers
   * (`knownSetting`, `settingIn`, `rootMismatches`...). A lint parses only the
   * statements of a settings module that can change the settings of the rules
   * that run: a setting read but not declared here is unknown to the rule.
   */
  djangoSettings?: readonly string[];
}

export interface Report {
  messageId: string;
  /** Values for the template's {{placeholders}}: quoted as config text (cut, one line, secrets redacted), except a `phrase`. */
  data?: Record<string, string | number | Phrase>;
  /** The directive, section or argument the finding is about. */
  at: Positioned;
  /**
   * This finding's own severity, when it differs from the rule's default (a catalog row that says "error when ...",
   * or a lesser variant the rule cannot confirm).
   * It applies only while the rule runs at its default severity: a configured severity wins.
   */
  severity?: Severity;
  fix?: (f: Fixer) => TextEdit[];
  /** The other side of the finding (a settings line, the server that routes here), with what each place is. */
  related?: { at: Positioned; message: string }[];
  /**
   * For an absence: the rule looked up the missing directive where nginx takes it from and nothing it cannot see
   * reaches there (a location's own `proxy_set_header` lines replace the server's, so an unread include at the
   * server level cannot add one): the engine does not withhold the finding for that include.
   */
  lookedPastUnseen?: true;
}

/** Any server of a run (cross-server rules look at several). */
export type AnyServer = ServerModels[Dialect];

/**
 * A rule's dialect, "any" for the directive-catalog rules that run on every
 * server, or "django" for the rules that check the run's servers against the
 * Django side: they run once per run (their `server` is the run's first).
 */
export type RuleDialect = Dialect | "any" | "django";

/** The models of one run: its servers, and the Django side, read on first use (a run that never asks reads no Python). */
export interface RunModels {
  servers: AnyServer[];
  /** The inputs that configure application servers (read by the Django side, where its findings may point). */
  appServerFiles: string[];
  readonly django: DjangoModel;
}

export interface RuleContext<D extends RuleDialect> {
  server: D extends Dialect ? ServerModels[D] : D extends "django" ? AnyServer | undefined : AnyServer;
  /** Every server of this run, for cross-server checks, and the Django side. */
  run: RunModels;
  fs: FsFacade;
  settings: RuleSettings;
  report(r: Report): void;
}

export interface Rule<D extends RuleDialect = RuleDialect> {
  meta: RuleMeta;
  dialect: D;
  check(ctx: RuleContext<D>): void;
}

export const defineRule = <D extends RuleDialect>(rule: Rule<D>): Rule<D> => rule;

export { directiveFindings } from "./dialects/findings.js";
export type { DirectiveFinding } from "./catalog/types.js";
export { phrase, Phrase, shown } from "./source/quote.js";
/** Where something is, as messages say it: "line 4", "line 4 of apache2.conf" (src/model/helpers.ts). */
export { lineIn, lineRef } from "./model/helpers.js";
/** The Apache model's general helpers (surelyActive, sectionName, contextName, serverPath, apacheVersionAtLeast...). */
export * as apacheHelpers from "./model/apache/helpers.js";
/** Whether a value holds a template placeholder (`{{ var }}`): nothing about it can be known, as with an environment variable. */
export { isOpaque } from "./template/placeholder.js";

/** Builds text edits that keep the user's quoting, indentation and line endings. */
export interface Fixer {
  /** Replace an argument's value, keeping its quote style (quoting it if the new value needs it). */
  replaceArg(arg: ArgNode, value: string): TextEdit;
  /** Insert whole lines after a directive or section, indented like it. */
  insertLinesAfter(node: ApacheNode, lines: string[]): TextEdit;
  /** Insert lines as the first children of a section, indented like its children. */
  insertIntoSection(section: ApacheSection, lines: string[]): TextEdit;
  /**
   * Insert lines before a node or argument: as whole lines indented like its
   * line when it starts that line, else inline before it (joined by blanks).
   */
  insertLinesBefore(at: Positioned, lines: string[]): TextEdit;
  replaceRange(at: Positioned, text: string): TextEdit;
  /** Delete a directive (or a whole section) with its line(s), line ending included. */
  removeLines(node: ApacheNode): TextEdit;
  /** Delete one argument and the blanks before it. */
  removeArg(arg: ArgNode): TextEdit;
}
