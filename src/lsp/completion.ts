/**
 * Completion: what the document's dialect offers at the cursor (directive
 * and option names valid there from its catalog, section and block names,
 * enumerated values, variables), and the names of definitions in scope
 * across the server's files (upstreams after `proxy_pass http://`, daemon
 * groups after `WSGIProcessGroup`, named locations).
 */
import { CompletionItemKind, type CompletionItem, type CompletionList, type Position } from "vscode-languageserver/node.js";
import type { EditorCandidate } from "../dialects/plugin.js";
import { lspRange } from "../formatters/lsp.js";
import type { ParsedDocument } from "./parsed.js";
import { namesOf, type ServerViews } from "./server-view.js";

const KIND: Record<EditorCandidate["kind"], CompletionItemKind> = {
  directive: CompletionItemKind.Property,
  section: CompletionItemKind.Module,
  value: CompletionItemKind.EnumMember,
  variable: CompletionItemKind.Variable,
};

/** The document offset of a protocol position (both count UTF-16 code units). */
export function offsetAt(doc: ParsedDocument, p: Position): number {
  const start = doc.source.lineStart(p.line + 1);
  const next = p.line + 1 < doc.source.lineCount ? doc.source.lineStart(p.line + 2) : doc.source.text.length;
  return Math.min(start + p.character, next);
}

export const visibleAt = (def: { file: string; scope?: { start: number; end: number } }, file: string, offset: number) =>
  !def.scope || (def.file === file && offset >= def.scope.start && offset <= def.scope.end);

export async function completion(doc: ParsedDocument, position: Position, views: ServerViews): Promise<CompletionList> {
  const offset = offsetAt(doc, position);
  const c = doc.plugin.editor?.complete?.(doc.ast, doc.source.text, offset);
  if (!c) return { isIncomplete: false, items: [] };
  const range = lspRange(doc.source.range(c.from, c.to));
  const items: CompletionItem[] = c.items.map((i) => ({
    label: i.label,
    kind: KIND[i.kind],
    ...(i.detail ? { detail: i.detail } : {}),
    ...(i.documentation ? { documentation: i.documentation } : {}),
    textEdit: { range, newText: i.insertText ?? i.label },
  }));
  if (c.names) {
    const seen = new Set<string>();
    for (const view of await views.of(doc))
      for (const d of namesOf(view, "defines")) {
        if (d.kind !== c.names || seen.has(d.name) || !visibleAt(d, doc.path, offset)) continue;
        seen.add(d.name);
        items.unshift({
          label: d.name,
          kind: CompletionItemKind.Reference,
          detail: `${d.kind} defined at ${d.file}:${d.range.line}`,
          textEdit: { range, newText: d.name },
        });
      }
  }
  return { isIncomplete: false, items };
}
