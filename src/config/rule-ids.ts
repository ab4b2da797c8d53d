/** Rule ids as users write them (--rule, configuration files, suppression comments): unknown ids are usage errors with a suggestion. */
import { SEVERITIES, type SeverityOrOff } from "../core/diagnostic.js";
import { UsageError } from "../core/errors.js";
import { shown } from "../source/quote.js";
import { suggestRuleId } from "../core/suggest.js";

/**
 * A severity as users write it: the words (`off`, `info`, `warning`, `error`),
 * and as ESLint users do, `warn` and 0/1/2 (off/warning/error); null for
 * anything else. Output always uses the words.
 */
export function severityWord(v: unknown): SeverityOrOff | null {
  if (typeof v === "string" && SEVERITIES.includes(v as SeverityOrOff)) return v as SeverityOrOff;
  if (v === "warn") return "warning";
  return v === 0 ? "off" : v === 1 ? "warning" : v === 2 ? "error" : null;
}

/** What severityWord accepts, for messages. */
export const SEVERITY_SPELLINGS = '"off", "info", "warning", "error" (or "warn", and 0, 1, 2 for off, warning, error)';

export function parseRuleSetting(spec: string, known: string[]): [string, SeverityOrOff] {
  const eq = spec.lastIndexOf("=");
  if (eq <= 0) throw new UsageError(`--rule expects ID=off|info|warning|error (e.g. --rule apache/keepalive-on=off), got '${spec}'`);
  const id = spec.slice(0, eq).trim();
  const given = spec.slice(eq + 1).trim();
  checkRuleId(id, known);
  const sev = severityWord(/^[012]$/.test(given) ? Number(given) : given);
  if (!sev)
    throw new UsageError(`--rule ${id}: severity must be one of off, info, warning, error (or warn, and 0, 1, 2 for off, warning, error), got '${given}'`);
  return [id, sev];
}

export function checkRuleId(id: string, known: string[]): void {
  if (known.includes(id)) return;
  const near = suggestRuleId(id, known);
  throw new UsageError(`unknown rule id '${shown(id)}'${near ? `: did you mean '${near}'?` : ""} (see --list-rules)`);
}
