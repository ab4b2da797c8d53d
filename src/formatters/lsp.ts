/**
 * The one mapping from djlint-conf's diagnostics to the Language Server
 * Protocol's (0-based positions, numeric severities): the `lsp` output format
 * and the language server both use it.
 */
import type { Diagnostic, RelatedLocation } from "../core/diagnostic.js";
import type { Range } from "../core/range.js";
import { fileUrl, type Formatter } from "./types.js";

/** What the tool calls itself in a diagnostic's `source`. */
export const LSP_SOURCE = "djlint-conf";
const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

export interface LspPosition {
  line: number;
  character: number;
}
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}
/** The protocol's Diagnostic, as far as djlint-conf fills it. */
export interface LspDiagnostic {
  range: LspRange;
  severity: 1 | 2 | 3;
  code?: string;
  codeDescription?: { href: string };
  source: string;
  message: string;
  relatedInformation?: { location: { uri: string; range: LspRange }; message: string }[];
}

/** 1-based line/column (end exclusive) to the protocol's 0-based positions. */
export function lspRange(r: Pick<Range, "line" | "column" | "endLine" | "endColumn">): LspRange {
  return { start: { line: r.line - 1, character: r.column - 1 }, end: { line: r.endLine - 1, character: r.endColumn - 1 } };
}

/** A finding as an LSP Diagnostic; `href` is its rule's page, `uriOf` names the files its other side is in. */
export function lspDiagnostic(m: Diagnostic, href?: string, uriOf: (file: string) => string = fileUrl): LspDiagnostic {
  return {
    range: lspRange(m.range),
    severity: SEVERITY[m.severity],
    ...(m.ruleId ? { code: m.ruleId } : {}),
    ...(href ? { codeDescription: { href } } : {}),
    source: LSP_SOURCE,
    message: m.message,
    ...(m.related?.length ? { relatedInformation: relatedInformation(m.related, uriOf) } : {}),
  };
}

export const lsp: Formatter = (run, ctx) => {
  const out: Record<string, LspDiagnostic[]> = {};
  for (const r of run.results) out[fileUrl(r.filePath)] = r.messages.map((m) => lspDiagnostic(m, m.ruleId ? ctx.docsUrl?.(m.ruleId) : undefined));
  return JSON.stringify(out, null, 2);
};

/** The other side of a finding as LSP `relatedInformation` (0-based positions). */
export const relatedInformation = (related: RelatedLocation[], uriOf: (file: string) => string = fileUrl) =>
  related.map((x) => ({
    location: {
      uri: uriOf(x.file),
      range: lspRange(x.range),
    },
    message: x.message,
  }));
