/**
 * Code actions on published findings: each finding's quick fix (safe and
 * unsafe, the unsafe ones marked and never preferred), the two suppression
 * comments, and `source.fixAll.djlint-conf` (every safe fix of the document,
 * for `editor.codeActionsOnSave`).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Range as LspRange, type TextEdit as LspTextEdit } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { applyFixes } from "../engine/apply-fixes.js";
import { SOURCE, type Published } from "./publish.js";

/** The code action kind that applies every safe fix of a document (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.djlint-conf`;

/** Whether the client's `only` filter admits a kind (a requested kind covers its sub-kinds). */
const admits = (only: string[] | undefined, kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + "."));

const sameRange = (a: LspRange, b: LspRange) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/**
 * Quick fixes for the client's diagnostics that are ours (safe and unsafe,
 * the unsafe ones marked and never preferred), the two suppressions (comments
 * start with `comment`), and `source.fixAll.djlint-conf`: every safe fix of
 * the document.
 */
export function codeActions(params: CodeActionParams, items: Published[], doc: TextDocument | undefined, comment = "#"): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = admits(only, CodeActionKind.QuickFix) ? quickFixes(params, items, doc, comment) : [];
  const all = doc && admits(only, FIX_ALL_KIND) ? fixAll(params.textDocument.uri, items, doc) : null;
  if (all) actions.push(all);
  return actions;
}

/**
 * The document's safe fixes that edit only this document, as one edit; fixes
 * that overlap one already taken are left for the next request, as --fix
 * leaves them for its next pass.
 */
function fixAll(uri: string, items: Published[], doc: TextDocument): CodeAction | null {
  const safe = items.filter((i) => i.fix?.safety === "safe" && i.fix.edits.every((e) => e.uri === uri));
  if (!safe.length) return null;
  const byFix = new Map(safe.map((i) => [i.fix!.engine, i] as const));
  const file = safe[0].fix!.engine.edits[0].file;
  const { applied } = applyFixes(
    doc.getText(),
    file,
    [...byFix.keys()].filter((f) => f.edits.every((e) => e.file === file)),
  );
  if (!applied.length) return null;
  const edits = applied.flatMap((f) => byFix.get(f)!.fix!.edits.map((e) => e.edit));
  return {
    title: "Fix all safe djlint-conf problems",
    kind: FIX_ALL_KIND,
    diagnostics: applied.map((f) => byFix.get(f)!.diagnostic),
    edit: { changes: { [uri]: edits } },
  };
}

function quickFixes(params: CodeActionParams, items: Published[], doc: TextDocument | undefined, comment: string): CodeAction[] {
  const uri = params.textDocument.uri;
  const actions: CodeAction[] = [];
  const ids = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE) continue;
    const mine =
      items.find((i) => i.diagnostic.code === d.code && sameRange(i.diagnostic.range, d.range) && i.diagnostic.message === d.message) ??
      items.find((i) => i.diagnostic.code === d.code && sameRange(i.diagnostic.range, d.range));
    if (mine?.fix) {
      const changes: Record<string, LspTextEdit[]> = {};
      for (const e of mine.fix.edits) (changes[e.uri] ??= []).push(e.edit);
      const safe = mine.fix.safety === "safe";
      actions.push({
        title: `${mine.fix.title} (${d.code})${safe ? "" : " (unsafe)"}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: safe,
        edit: { changes },
      });
    }
    const id = typeof d.code === "string" ? d.code : null;
    if (!id || id === "syntax" || !doc) continue;
    const line = d.range.start.line;
    const lineText = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    const indent = /^[ \t]*/.exec(lineText)?.[0] ?? "";
    actions.push({
      title: `Disable ${id} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: {
        changes: {
          [uri]: [
            { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${comment} djlint-conf-disable-next-line ${id}\n` },
          ],
        },
      },
    });
    if (!ids.has(id)) {
      ids.add(id);
      actions.push({
        title: `Disable ${id} for this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: {
          changes: {
            [uri]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `${comment} djlint-conf-disable-file ${id}\n` }],
          },
        },
      });
    }
  }
  return actions;
}
