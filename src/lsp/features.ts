/** What the language server answers about published findings: code actions and hover. */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic, type Hover, type HoverParams, type Range as LspRange, type TextEdit as LspTextEdit } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { dialectNamed } from "../dialects/registry.js";
import { docsUrl as pageUrl, rulePage } from "../docs/pages.js";
import { idInfo } from "../docs/help.js";
import { allRules } from "../engine/registry.js";
import type { Dialect } from "../core/dialect.js";
import { applyFixes } from "../engine/apply-fixes.js";
import type { Fix } from "../core/diagnostic.js";

export const SOURCE = "djlint-conf";

/** A diagnostic as published, with the fix the engine offered for it. */
export interface Published {
  diagnostic: LspDiagnostic;
  fix?: { title: string; safety: "safe" | "unsafe"; edits: { uri: string; edit: LspTextEdit }[]; engine: Fix };
}

/** The code action kind that applies every safe fix of a document (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.djlint-conf`;

/** Whether the client's `only` filter admits a kind (a requested kind covers its sub-kinds). */
const admits = (only: string[] | undefined, kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + "."));

const sameRange = (a: LspRange, b: LspRange) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** Looked up once per id: a lint can publish thousands of findings. */
const urls = new Map<string, string | undefined>();
export function docsUrl(id: string): string | undefined {
  if (!urls.has(id)) urls.set(id, pageUrl(id));
  return urls.get(id);
}
function ruleDoc(id: string): string {
  const page = rulePage(id);
  if (page !== undefined) return page;
  const info = idInfo(id);
  if (!info) return `**${id}**`;
  return `**${id}** (${info.severity})\n\n${info.summary}.${info.description === info.summary ? "" : `\n\n${info.description}`}`;
}

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
  const { applied } = applyFixes(doc.getText(), file, [...byFix.keys()].filter((f) => f.edits.every((e) => e.file === file)));
  if (!applied.length) return null;
  const edits = applied.flatMap((f) => byFix.get(f)!.fix!.edits.map((e) => e.edit));
  return { title: "Fix all safe djlint-conf problems", kind: FIX_ALL_KIND, diagnostics: applied.map((f) => byFix.get(f)!.diagnostic), edit: { changes: { [uri]: edits } } };
}

function quickFixes(params: CodeActionParams, items: Published[], doc: TextDocument | undefined, comment: string): CodeAction[] {
  const uri = params.textDocument.uri;
  const actions: CodeAction[] = [];
  const ids = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE) continue;
    const mine = items.find((i) => i.diagnostic.code === d.code && sameRange(i.diagnostic.range, d.range) && i.diagnostic.message === d.message)
      ?? items.find((i) => i.diagnostic.code === d.code && sameRange(i.diagnostic.range, d.range));
    if (mine?.fix) {
      const changes: Record<string, LspTextEdit[]> = {};
      for (const e of mine.fix.edits) (changes[e.uri] ??= []).push(e.edit);
      const safe = mine.fix.safety === "safe";
      actions.push({ title: `${mine.fix.title} (${d.code})${safe ? "" : " (unsafe)"}`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: safe, edit: { changes } });
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
      edit: { changes: { [uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${comment} djlint-conf-disable-next-line ${id}\n` }] } },
    });
    if (!ids.has(id)) {
      ids.add(id);
      actions.push({
        title: `Disable ${id} for this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `${comment} djlint-conf-disable-file ${id}\n` }] } },
      });
    }
  }
  return actions;
}

/** On a finding, its rule's page; on a directive name, what is known about it. */
export function hover(params: HoverParams, items: Published[], doc: TextDocument | undefined, dialect: Dialect | null, maxText: number): Hover | null {
  const pos = params.position;
  const within = (r: LspRange) =>
    (pos.line > r.start.line || (pos.line === r.start.line && pos.character >= r.start.character)) &&
    (pos.line < r.end.line || (pos.line === r.end.line && pos.character <= r.end.character));
  const hits = items.filter((i) => within(i.diagnostic.range) && typeof i.diagnostic.code === "string");
  if (hits.length) {
    const ids = [...new Set(hits.map((h) => h.diagnostic.code as string))];
    return { contents: { kind: "markdown", value: ids.map(ruleDoc).join("\n\n---\n\n") } };
  }
  if (!doc || doc.getText().length > maxText) return null;
  const lineText = doc.getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } });
  const m = /^\s*<?\/?([A-Za-z_][\w.-]*)/.exec(lineText);
  if (!m) return null;
  const start = m[0].length - m[1].length;
  if (pos.character < start || pos.character > m[0].length) return null;
  const entry = directiveEntry(m[1], dialect);
  return entry
    ? { contents: { kind: "markdown", value: entry }, range: { start: { line: pos.line, character: start }, end: { line: pos.line, character: m[0].length } } }
    : null;
}

/** What is known about a directive: the rules that look at it, and its reference page. */
function directiveEntry(name: string, dialect: Dialect | null): string | null {
  const rules = allRules().filter((r) => (!dialect || r.dialect === dialect) && new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i").test(r.meta.summary));
  const plugin = dialect ? dialectNamed(dialect) : undefined;
  const ref = plugin?.catalog.reference?.(name) ?? null;
  const known = plugin?.catalog.describe(name) ?? null;
  if (!ref && !rules.length && !known) return null;
  const lines = [`**${known?.name ?? name}**${dialect ? ` (${dialect})` : ""}`];
  if (known) lines.push(`Module: ${known.module} · Allowed: ${known.allowed}`);
  if (ref) lines.push(`[Reference](${ref})`);
  if (rules.length) lines.push("Checked by: " + rules.map((r) => `\`${r.meta.id}\` — ${r.meta.summary}`).join("; "));
  return lines.join("\n\n");
}
