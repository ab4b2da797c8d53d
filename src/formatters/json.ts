/** ESLint-shaped JSON: one entry per linted file, severities as words. */
import { counts, type Formatter } from "./types.js";

export const json: Formatter = (run) =>
  JSON.stringify(
    run.results.map((r) => ({
      filePath: r.filePath,
      messages: r.messages.map((m) => ({
        ruleId: m.ruleId,
        severity: m.severity,
        message: m.message,
        line: m.range.line,
        column: m.range.column,
        endLine: m.range.endLine,
        endColumn: m.range.endColumn,
      })),
      ...counts(r.messages),
    })),
  );
