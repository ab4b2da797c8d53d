/** Per-run settings every layer may read. */

export type Profile = "production" | "development";
export const PROFILES: readonly Profile[] = ["production", "development"];

/** Per-run settings a rule may read (configuration file, command line). */
export interface RuleSettings {
  /** Directive or option names a site declares (third-party modules). */
  extraDirectives: readonly string[];
}
