/**
 * ESLint's JSON, in full, so that ESLint's formatters and the tools that read
 * its output work on ours:
 *
 * - `severity` is ESLint's number: 2 for an error, 1 for a warning or an info
 *   (ESLint has no info); `djlintSeverity` keeps our word. `warningCount`
 *   counts severity 1 as ESLint tools do, `infoCount` says how many of those
 *   are infos.
 * - A safe fix whose edits are all in the message's file is ESLint's `fix`:
 *   `{ range: [start, end], text }`, offsets into the file's text (UTF-16, as
 *   JavaScript reads it); several edits are merged into one range, the text
 *   between them copied, as ESLint merges them. An unsafe fix is a suggestion
 *   (`suggestions: [{ desc, fix }]`): ESLint never applies those with --fix.
 * - A syntax error is `fatal: true` (counted in `fatalErrorCount`), and a
 *   file with one carries its `source`, with the values of secret-looking
 *   names masked (same length, so that ranges stay true).
 * - The other side of a finding that spans two files (the settings line behind
 *   a proxy finding) is `djlintRelated: [{ filePath, line, column, endLine,
 *   endColumn, message }]`: ESLint has no such field, so it is namespaced.
 * - With --fix or --fix-dry-run, a file fixes changed carries the fixed text
 *   as `output`.
 */
import type { Diagnostic, Fix } from "../core/diagnostic.js";
import { secretSpans } from "../source/secrets.js";
import { counts, type Formatter } from "./types.js";

type EslintFix = { range: [number, number]; text: string };

export const json: Formatter = (run) =>
  JSON.stringify(
    run.results.map((r) => {
      const text = run.textOf?.(r.filePath);
      const messages = r.messages.map((m) => message(m, r.filePath, text));
      const fatal = messages.some((m) => m.fatal);
      const c = counts(r.messages);
      return {
        filePath: r.filePath,
        messages,
        suppressedMessages: [],
        errorCount: c.errorCount,
        fatalErrorCount: messages.filter((m) => m.fatal).length,
        warningCount: c.warningCount + c.infoCount,
        infoCount: c.infoCount,
        fixableErrorCount: messages.filter((m) => m.fix && m.severity === 2).length,
        fixableWarningCount: messages.filter((m) => m.fix && m.severity === 1).length,
        ...(r.output !== undefined ? { output: r.output } : {}),
        ...(fatal && r.output === undefined && text !== undefined ? { source: masked(text) } : {}),
        usedDeprecatedRules: [],
      };
    }),
  );

function message(m: Diagnostic, file: string, text: string | undefined) {
  const fix = m.fix && text !== undefined ? eslintFix(m.fix, file, text) : null;
  return {
    ruleId: m.ruleId,
    severity: m.severity === "error" ? 2 : 1,
    djlintSeverity: m.severity,
    message: m.message,
    line: m.range.line,
    column: m.range.column,
    endLine: m.range.endLine,
    endColumn: m.range.endColumn,
    ...(m.ruleId === "syntax" ? { fatal: true } : {}),
    // ESLint has no field for the other side of a finding: ours, namespaced as djlintSeverity is.
    ...(m.related?.length
      ? {
          djlintRelated: m.related.map((x) => ({
            filePath: x.file,
            line: x.range.line,
            column: x.range.column,
            endLine: x.range.endLine,
            endColumn: x.range.endColumn,
            message: x.message,
          })),
        }
      : {}),
    ...(fix && m.fix?.safety === "safe" ? { fix } : {}),
    ...(fix && m.fix?.safety === "unsafe" ? { suggestions: [{ desc: `${m.fix.title} (unsafe)`, fix }] } : {}),
  };
}

/** A fix as one range of `file`'s text, or null when it edits another file. */
function eslintFix(fix: Fix, file: string, text: string): EslintFix | null {
  if (!fix.edits.length || fix.edits.some((e) => e.file !== file)) return null;
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let at = edits[0].start;
  for (const e of edits) {
    if (e.start < at) return null; // overlapping edits: not one fix ESLint could apply
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return { range: [edits[0].start, at], text: out };
}

/** The text with each secret-looking value replaced by as many `*`. */
function masked(text: string): string {
  let out = "";
  let at = 0;
  for (const s of secretSpans(text, { skipComments: false })) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + text.slice(s.start, s.end).replace(/[^"'\s]/g, "*");
    at = s.end;
  }
  // Passwords in URLs (`http://user:password@host`), as messages redact them.
  return (out + text.slice(at)).replace(/(\b[a-z][\w+.-]*:\/\/[^\s:/@]*:)([^\s@/]+)@/gi, (_, head: string, pw: string) => `${head}${"*".repeat(pw.length)}@`);
}
