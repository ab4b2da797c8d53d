/**
 * Suppression comments, in every dialect's comment syntax:
 *   # djlint-conf-disable-next-line <id>[, <id>] [-- why]   the next line
 *   # djlint-conf-disable-line <id>                          this line (nginx and lighttpd trailing comments)
 *   # djlint-conf-disable <id> ... # djlint-conf-enable <id>  a range of lines
 *   # djlint-conf-disable-file [<id>]                         the whole file
 * Without ids, a comment covers every rule. `syntax` is never suppressed: a
 * file that does not parse is not something to silence. As in ESLint, a
 * comment applies in the file where it is written, -next-line to exactly the
 * next line.
 */
import type { Comment } from "../ast/types.js";
import { checkRuleId } from "./config.js";
import type { Diagnostic, Severity } from "./diagnostic.js";
import { shown } from "../source/quote.js";

type Kind = "disable-next-line" | "disable-line" | "disable" | "enable" | "disable-file";

interface Directive {
  kind: Kind;
  /** Empty: every rule. */
  ids: string[];
  comment: Comment;
  /** Lines it governs (for ranges, filled in as enable comments are met). */
  from: number;
  to: number;
  used: Set<string>;
}

const DIRECTIVE = /^#\s*djlint-conf-(disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])(.*)$/s;

function parse(comments: Comment[], lastLine: number): Directive[] {
  const out: Directive[] = [];
  const open: Directive[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text.trim());
    if (!m) continue;
    const kind = m[1] as Kind;
    const ids = m[2].split(/\s--\s|\s--$/)[0].split(/[\s,]+/).filter(Boolean);
    const line = c.range.line;
    const endLine = c.range.endLine;
    const d: Directive = { kind, ids, comment: c, from: line, to: line, used: new Set() };
    switch (kind) {
      case "disable-next-line":
        d.from = d.to = endLine + 1;
        break;
      case "disable-file":
        d.from = 1;
        d.to = lastLine;
        break;
      case "disable":
        d.to = lastLine;
        open.push(d);
        break;
      case "enable":
        // Closes the matching open ranges (all of them when it names no id).
        for (const o of open) {
          if (o.to !== lastLine) continue;
          if (!ids.length) o.to = line;
          else if (o.ids.length && o.ids.every((i) => ids.includes(i))) o.to = line;
        }
        break;
    }
    out.push(d);
  }
  return out;
}

export interface SuppressionOutcome {
  kept: Diagnostic[];
  /** Unused directives, and ids that name no rule, as findings with ruleId null. */
  reports: Diagnostic[];
}

export function applySuppressions(
  file: string,
  messages: Diagnostic[],
  comments: Comment[],
  lastLine: number,
  knownIds: string[],
  reportUnused: Severity | null,
): SuppressionOutcome {
  const directives = parse(comments, lastLine).filter((d) => d.kind !== "enable");
  if (!directives.length) return { kept: messages, reports: [] };
  const kept: Diagnostic[] = [];
  for (const m of messages) {
    if (m.ruleId === "syntax") {
      kept.push(m);
      continue;
    }
    const id = m.ruleId as string;
    const by = directives.find((d) => m.range.line >= d.from && m.range.line <= d.to && (!d.ids.length || d.ids.includes(id)));
    if (by) by.used.add(id);
    else kept.push(m);
  }
  const reports: Diagnostic[] = [];
  const at = (d: Directive) => ({ file, range: d.comment.range });
  for (const d of directives) {
    for (const id of d.ids) {
      try {
        checkRuleId(id, knownIds);
      } catch (e) {
        reports.push({ ruleId: null, severity: "error", message: `djlint-conf-${d.kind} names ${(e as Error).message.replace(/ \(see --list-rules\)$/, "")}`, ...at(d) });
        continue;
      }
      if (reportUnused && !d.used.has(id)) reports.push({ ruleId: null, severity: reportUnused, message: `Unused djlint-conf-${d.kind} directive (no problem from '${shown(id)}' was reported here)`, ...at(d) });
    }
    if (reportUnused && !d.ids.length && !d.used.size) reports.push({ ruleId: null, severity: reportUnused, message: `Unused djlint-conf-${d.kind} directive (no problem was reported here)`, ...at(d) });
  }
  return { kept, reports };
}
