import type { LintResult } from "../engine/run.js";

export interface FormatContext {
  cwd: string;
  /** chalk colour level: 0 none, 1 basic, 2 256, 3 truecolor. */
  colorLevel: 0 | 1 | 2 | 3;
}

export type Formatter = (run: LintResult, ctx: FormatContext) => string;

export function counts(messages: { severity: string }[]) {
  let errorCount = 0;
  let warningCount = 0;
  let infoCount = 0;
  for (const m of messages) {
    if (m.severity === "error") errorCount++;
    else if (m.severity === "warning") warningCount++;
    else infoCount++;
  }
  return { errorCount, warningCount, infoCount };
}
