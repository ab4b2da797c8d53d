import path from "node:path";
import type { LintResult } from "../engine/run.js";

export interface FormatContext {
  cwd: string;
  /** chalk colour level: 0 none, 1 basic, 2 256, 3 truecolor. */
  colorLevel: 0 | 1 | 2 | 3;
  /** The documentation page of an id, when it has one. */
  docsUrl?: (id: string) => string | undefined;
  /** The text (markdown) of an id's documentation page, when it has one. */
  docsPage?: (id: string) => string | undefined;
  version?: string;
}

/** A path as formats that want repository-relative paths show it (forward slashes). */
export function relativePath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return (rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file).split(path.sep).join("/");
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
