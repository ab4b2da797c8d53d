/**
 * The severity of each id in a run: the catalog default, then the profile,
 * then --rule / configuration settings (src/engine/config.ts), and, when
 * configuration `overrides` set rules for some files, the settings in force
 * for the file a finding is in.
 */
import type { Diagnostic, Severity, SeverityOrOff } from "../core/diagnostic.js";
import type { Rule, RuleMeta } from "../rule-api.js";
import { resolveSeverity } from "./config.js";
import type { LintOptions } from "./run.js";

export class Severities {
  private profile;
  private overrides;
  private only;
  private metas: Map<string, RuleMeta>;

  constructor(
    private opts: LintOptions,
    rules: Rule[],
  ) {
    this.profile = opts.profile ?? "production";
    this.overrides = opts.rules ?? {};
    this.only = opts.only ? new Set(opts.only) : null;
    this.metas = new Map(rules.map((r) => [r.meta.id, r.meta]));
  }

  /** The run's severity of an id (for a rule, pass its meta). */
  of(id: string, meta: RuleMeta | undefined = this.metas.get(id)): SeverityOrOff {
    return this.only && !this.only.has(id) ? "off" : resolveSeverity(id, meta, this.profile, this.overrides);
  }

  /** Whether the severity of `id` depends on the file (an overrides entry sets it). */
  private varies(id: string): boolean {
    return Boolean(this.opts.fileRules?.ids.has(id)) && !(this.only && !this.only.has(id));
  }

  /**
   * How a rule runs, or null when it is off: at the run's severity, and
   * `configured` when the user set it (a report's own severity then does not
   * count). A rule whose severity varies by file runs at its default, and
   * forFile() settles each finding.
   */
  ruleRun(meta: RuleMeta): { severity: Severity; configured: boolean } | null {
    if (this.varies(meta.id)) {
      const d = resolveSeverity(meta.id, meta, this.profile, {});
      return { severity: d === "off" ? meta.severity : d, configured: false };
    }
    const severity = this.of(meta.id, meta);
    return severity === "off" ? null : { severity, configured: this.overrides[meta.id] !== undefined };
  }

  /** An id's severity for the run, or its default when it varies by file (forFile() settles each finding). */
  runLevel(id: string): SeverityOrOff {
    if (!this.varies(id)) return this.of(id);
    const d = resolveSeverity(id, this.metas.get(id), this.profile, {});
    return d === "off" ? "warning" : d;
  }

  /** An engine problem's severity (include-*), given the severity it carries itself, if any: a setting wins over it. */
  problem(id: string, own?: Severity): SeverityOrOff {
    if (this.varies(id)) return own ?? this.runLevel(id);
    return this.overrides[id] ?? (this.only && !this.only.has(id) ? "off" : (own ?? this.of(id)));
  }

  /** The finding at the severity in force for its file, or null when the rule is off there. */
  forFile(d: Diagnostic): Diagnostic | null {
    const fileRules = this.opts.fileRules;
    if (!fileRules || d.ruleId === null || !this.varies(d.ruleId)) return d;
    const set = fileRules.rulesFor(d.file)[d.ruleId];
    if (set === "off") return null;
    if (set) return { ...d, severity: set };
    return resolveSeverity(d.ruleId, this.metas.get(d.ruleId), this.profile, {}) === "off" ? null : d;
  }
}
