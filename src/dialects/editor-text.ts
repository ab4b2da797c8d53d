/** Text helpers the dialects' editor support shares (completion needs the text around the cursor, not only the AST). */
import type { ArgNode } from "../ast/types.js";
import type { Range } from "../core/range.js";
import type { CatalogName } from "../catalog/types.js";
import type { EditorCandidate } from "./plugin.js";

/** The text of the cursor's line before the cursor. */
export function lineBefore(text: string, offset: number): string {
  const start = Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
  return text.slice(start, offset);
}

/** The part of a one-line argument from `from` to `to` (indexes into its raw text), as a range. */
export function subRange(arg: ArgNode, from: number, to: number): Range {
  const r = arg.range;
  if (r.line !== r.endLine) return r;
  return { start: r.start + from, end: r.start + to, line: r.line, column: r.column + from, endLine: r.line, endColumn: r.column + to };
}

/** Catalog names as candidates: the module (third-party marked) on the detail line, where it is allowed below. */
export function catalogCandidates(names: CatalogName[], kind: "directive" | "section", insert?: (n: CatalogName) => string): EditorCandidate[] {
  return names.map((n) => ({
    label: n.name,
    kind,
    detail: `${n.module}${n.thirdParty ? " (third-party)" : ""}`,
    documentation: `Allowed: ${n.allowed}`,
    ...(insert ? { insertText: insert(n) } : {}),
  }));
}

export const valueCandidates = (values: readonly string[], detail?: string): EditorCandidate[] =>
  values.map((label) => ({ label, kind: "value", ...(detail ? { detail } : {}) }));

/** Whether `offset` is inside a node's range (end inclusive: the cursor after the last character counts). */
export const within = (r: Range, offset: number) => offset >= r.start && offset <= r.end;
