/**
 * The shape of a document, from its dialect's editor nodes: the outline
 * (documentSymbol), folding ranges and selection ranges.
 */
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange, type Position, type SelectionRange } from "vscode-languageserver/node.js";
import type { Range } from "../core/range.js";
import type { EditorNode, OutlineKind } from "../dialects/plugin.js";
import { lspRange } from "../formatters/lsp.js";
import type { ParsedDocument } from "./parsed.js";

const SYMBOL: Record<OutlineKind, SymbolKind> = {
  server: SymbolKind.Module,
  section: SymbolKind.Namespace,
  location: SymbolKind.Field,
  upstream: SymbolKind.Interface,
  map: SymbolKind.Enum,
  condition: SymbolKind.Boolean,
  block: SymbolKind.Object,
};

/** Outline entries; a plain directive is not one, but a block inside it would be (none is today). */
export function documentSymbols(doc: ParsedDocument): DocumentSymbol[] {
  const walk = (nodes: EditorNode[]): DocumentSymbol[] =>
    nodes.flatMap((n) => {
      const children = walk(n.children);
      if (!n.kind) return children;
      return [
        {
          name: n.name || "(unnamed)",
          ...(n.detail ? { detail: n.detail } : {}),
          kind: SYMBOL[n.kind],
          range: lspRange(n.range),
          selectionRange: lspRange(n.head),
          children,
        },
      ];
    });
  return walk(doc.nodes);
}

/**
 * Folds: each block over several lines, from its head to the line before its
 * close (so the close stays visible), and each run of two or more whole-line
 * comments.
 */
export function foldingRanges(doc: ParsedDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const walk = (nodes: EditorNode[]) => {
    for (const n of nodes) {
      if (n.close !== undefined || n.children.length) {
        const start = n.head.line - 1;
        const last = (n.close ? n.close.line : n.range.endLine) - 1;
        const end = n.close && n.close.line > n.head.line ? last - 1 : last;
        if (end > start) out.push({ startLine: start, endLine: end });
      }
      walk(n.children);
    }
  };
  walk(doc.nodes);
  out.push(...commentFolds(doc));
  return out;
}

function commentFolds(doc: ParsedDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const comments = (doc.ast as { comments?: { range: Range }[] }).comments ?? [];
  const text = doc.source.text;
  let run: { start: number; end: number } | null = null;
  const flush = () => {
    if (run && run.end > run.start) out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = null;
  };
  for (const c of comments) {
    const lineStart = doc.source.lineStart(c.range.line);
    if (text.slice(lineStart, c.range.start).trim() !== "") continue; // a trailing comment
    const line = c.range.line - 1;
    if (run && line === run.end + 1) run.end = line;
    else {
      flush();
      run = { start: line, end: line };
    }
  }
  flush();
  return out;
}

const contains = (r: Range, line: number, column: number) =>
  (line > r.line || (line === r.line && column >= r.column)) && (line < r.endLine || (line === r.endLine && column <= r.endColumn));

/** For each position: the argument under it, its statement, each enclosing block, out to the whole file. */
export function selectionRanges(doc: ParsedDocument, positions: Position[]): SelectionRange[] {
  const whole = doc.source.range(0, doc.source.text.length);
  return positions.map((p) => {
    const line = p.line + 1;
    const column = p.character + 1;
    const chain: Range[] = [whole];
    let nodes = doc.nodes;
    for (;;) {
      const n = nodes.find((x) => contains(x.range, line, column));
      if (!n) break;
      chain.push(n.range);
      if (n.children.length && contains(n.head, line, column)) chain.push(n.head);
      const arg = n.args.find((a) => contains(a, line, column));
      if (arg) chain.push(arg);
      nodes = n.children;
    }
    let sel: SelectionRange | undefined;
    let last: Range | undefined;
    for (const r of chain) {
      if (last && r.start === last.start && r.end === last.end) continue;
      sel = { range: lspRange(r), ...(sel ? { parent: sel } : {}) };
      last = r;
    }
    return sel as SelectionRange;
  });
}
