/** LSP `Diagnostic` objects grouped by document URI (0-based positions, as the protocol wants). */
import type { RelatedLocation } from "../core/diagnostic.js";
import { fileUrl, type Formatter } from "./types.js";

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

export const lsp: Formatter = (run, ctx) => {
  const out: Record<string, unknown[]> = {};
  for (const r of run.results) {
    out[fileUrl(r.filePath)] = r.messages.map((m) => ({
      range: {
        start: { line: m.range.line - 1, character: m.range.column - 1 },
        end: { line: m.range.endLine - 1, character: m.range.endColumn - 1 },
      },
      severity: SEVERITY[m.severity],
      ...(m.ruleId ? { code: m.ruleId } : {}),
      ...(m.ruleId && ctx.docsUrl?.(m.ruleId) ? { codeDescription: { href: ctx.docsUrl(m.ruleId) } } : {}),
      source: "djlint-conf",
      message: m.message,
      ...(m.related?.length ? { relatedInformation: relatedInformation(m.related) } : {}),
    }));
  }
  return JSON.stringify(out, null, 2);
};

/** The other side of a finding as LSP `relatedInformation` (0-based positions). */
export const relatedInformation = (related: RelatedLocation[], uriOf: (file: string) => string = fileUrl) =>
  related.map((x) => ({
    location: {
      uri: uriOf(x.file),
      range: { start: { line: x.range.line - 1, character: x.range.column - 1 }, end: { line: x.range.endLine - 1, character: x.range.endColumn - 1 } },
    },
    message: x.message,
  }));
