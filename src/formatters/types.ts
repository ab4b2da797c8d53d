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

/**
 * Text for a terminal line: control characters (a newline or an escape
 * sequence in a file name or in config text a message quotes) shown as
 * escapes, so that they can neither break the report's lines nor drive the
 * terminal.
 */
export function visible(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => CONTROL_NAMES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
const CONTROL_NAMES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** The larger of a number and every number a function gives for a list's items, without spreading the list into a call. */
export function maxOf<T>(items: readonly T[], f: (x: T) => number, start = 0): number {
  let m = start;
  for (const x of items) {
    const v = f(x);
    if (v > m) m = v;
  }
  return m;
}

/** Lone surrogates (which URIs and encodeURIComponent cannot carry) as U+FFFD. */
export const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

/**
 * A path as a URI reference: each segment percent-encoded, so that a space,
 * `#`, `%`, `:` or a control character stays part of the name.
 */
export function uriReference(p: string): string {
  return p
    .split("/")
    .map((seg) => encodeURIComponent(wellFormed(seg)))
    .join("/");
}

/**
 * The file: URL of an absolute path. Not url.pathToFileURL: the URL parser
 * it goes through drops control characters at the ends of the path, so a
 * file named "\u0001" would get its directory's URL.
 */
export const fileUrl = (absolute: string) => `file://${uriReference(absolute)}`;
