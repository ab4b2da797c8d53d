/** Rule ids as users write them (--rule, configuration files, suppression comments): unknown ids are usage errors with a suggestion. */
import { SEVERITIES, type SeverityOrOff } from "../core/diagnostic.js";
import { UsageError } from "../core/errors.js";
import { shown } from "../source/quote.js";
import { suggestRuleId } from "../core/suggest.js";

export function parseRuleSetting(spec: string, known: string[]): [string, SeverityOrOff] {
  const eq = spec.lastIndexOf("=");
  if (eq <= 0) throw new UsageError(`--rule expects ID=off|info|warning|error (e.g. --rule apache/keepalive-on=off), got '${spec}'`);
  const id = spec.slice(0, eq).trim();
  const sev = spec.slice(eq + 1).trim() as SeverityOrOff;
  checkRuleId(id, known);
  if (!SEVERITIES.includes(sev)) throw new UsageError(`--rule ${id}: severity must be one of off, info, warning, error (got '${sev}')`);
  return [id, sev];
}

export function checkRuleId(id: string, known: string[]): void {
  if (known.includes(id)) return;
  const near = suggestRuleId(id, known);
  throw new UsageError(`unknown rule id '${shown(id)}'${near ? `: did you mean '${near}'?` : ""} (see --list-rules)`);
}
