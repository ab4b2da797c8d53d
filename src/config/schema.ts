/**
 * The configuration file's keys, checked with messages that name the key and
 * show a correct example (hadolint's config errors are the model).
 */
import { UsageError, checkRuleId, PROFILES, type Profile } from "../engine/config.js";
import { SEVERITIES, type SeverityOrOff } from "../engine/diagnostic.js";
import { DIALECTS } from "../discover/dialect.js";
import type { Dialect } from "../rule-api.js";

export interface ConfigFile {
  rules?: Record<string, SeverityOrOff>;
  profile?: Profile;
  /** Production prefix -> local directory, relative to the config file. */
  pathMap?: Record<string, string>;
  apacheVersion?: "2.4" | "2.2";
  djangoVersion?: string;
  apacheModules?: string[];
  apacheMpm?: "prefork" | "worker" | "event";
  serverRoot?: string;
  nginxPrefix?: string;
  /** Directive names of third-party modules a site uses (for unknown-directive). */
  extraDirectives?: string[];
  /** Globs (relative to the config file) of files not to lint. */
  ignore?: string[];
  /** Glob (relative to the config file) -> dialect. */
  dialects?: Record<string, Dialect>;
}

const EXAMPLE = `{
  "rules": { "apache/keepalive-on": "off", "apache/legacy-access-control": "error" },
  "profile": "production",
  "pathMap": { "/usr/local/django": "./deploy" },
  "apacheVersion": "2.4",
  "ignore": ["vendor/**"],
  "dialects": { "conf/*.vhost": "apache" }
}`;

const KEYS = ["rules", "profile", "pathMap", "apacheVersion", "djangoVersion", "apacheModules", "apacheMpm", "serverRoot", "nginxPrefix", "extraDirectives", "ignore", "dialects"];

export function validateConfig(raw: unknown, file: string, knownIds: string[]): ConfigFile {
  const fail = (key: string, what: string): never => {
    throw new UsageError(`${file}: "${key}" ${what}\nA valid configuration looks like:\n${EXAMPLE}`);
  };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) fail("(top level)", "must be an object");
  const c = raw as Record<string, unknown>;
  for (const k of Object.keys(c)) if (!KEYS.includes(k)) fail(k, `is not a configuration key (known keys: ${KEYS.join(", ")})`);
  const stringMap = (k: string) => {
    const v = c[k];
    if (v === undefined) return;
    if (v === null || typeof v !== "object" || Array.isArray(v) || Object.values(v).some((x) => typeof x !== "string")) fail(k, "must map strings to strings");
  };
  const stringList = (k: string) => {
    const v = c[k];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== "string"))) fail(k, "must be a list of strings");
  };
  const oneOf = (k: string, values: readonly string[]) => {
    const v = c[k];
    if (v !== undefined && (typeof v !== "string" || !values.includes(v))) fail(k, `must be one of ${values.map((x) => `"${x}"`).join(", ")} (got ${JSON.stringify(v)})`);
  };
  stringMap("rules");
  for (const [id, sev] of Object.entries((c.rules ?? {}) as Record<string, string>)) {
    try {
      checkRuleId(id, knownIds);
    } catch (e) {
      fail(`rules.${id}`, (e as Error).message.replace(/^unknown rule id '[^']*'/, "is not a rule id"));
    }
    if (!SEVERITIES.includes(sev as SeverityOrOff)) fail(`rules.${id}`, `must be one of "off", "info", "warning", "error" (got "${sev}")`);
  }
  oneOf("profile", PROFILES);
  stringMap("pathMap");
  oneOf("apacheVersion", ["2.4", "2.2"]);
  if (c.djangoVersion !== undefined && (typeof c.djangoVersion !== "string" || !/^\d+(\.\d+)?$/.test(c.djangoVersion))) fail("djangoVersion", 'must be "major.minor", like "4.2"');
  stringList("apacheModules");
  oneOf("apacheMpm", ["prefork", "worker", "event"]);
  for (const k of ["serverRoot", "nginxPrefix"]) if (c[k] !== undefined && typeof c[k] !== "string") fail(k, "must be a path");
  stringList("extraDirectives");
  stringList("ignore");
  stringMap("dialects");
  for (const [glob, d] of Object.entries((c.dialects ?? {}) as Record<string, string>)) if (!DIALECTS.includes(d as Dialect)) fail(`dialects.${glob}`, `must be one of ${DIALECTS.map((x) => `"${x}"`).join(", ")}`);
  return c as ConfigFile;
}
