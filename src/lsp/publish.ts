/**
 * Publishing a lint's findings: one publishDiagnostics per file of the lint
 * (an empty one clears what a file no longer has), under the URI the client
 * opened it with, and only for the text version the lint read. What was
 * published is kept for code actions and hover.
 */
import type { TextEdit as LspTextEdit } from "vscode-languageserver/node.js";
import type { Diagnostic, Fix } from "../core/diagnostic.js";
import { docsUrl as pageUrl } from "../docs/pages.js";
import { lspDiagnostic, lspRange, LSP_SOURCE, type LspDiagnostic } from "../formatters/lsp.js";
import { SourceFile } from "../source/source-file.js";
import { pathToUri, readText, type Snapshot } from "./documents.js";
import type { Session } from "./session.js";

export const SOURCE = LSP_SOURCE;

/** A diagnostic as published, with the fix the engine offered for it. */
export interface Published {
  diagnostic: LspDiagnostic;
  fix?: { title: string; safety: "safe" | "unsafe"; edits: { uri: string; edit: LspTextEdit }[]; engine: Fix };
}

/** Looked up once per id: a lint can publish thousands of findings. */
const urls = new Map<string, string | undefined>();
export function docsUrl(id: string): string | undefined {
  if (!urls.has(id)) urls.set(id, pageUrl(id));
  return urls.get(id);
}

export class Publisher {
  /** uri -> what was last published there, and for which text version. */
  private published = new Map<string, { items: Published[]; version?: number }>();

  constructor(private session: Session) {}

  itemsOf(uri: string): Published[] {
    return this.published.get(uri)?.items ?? [];
  }

  /** Whether what was published for an open document is about its current text (its fixes' positions hold). */
  isCurrent(uri: string): boolean {
    const doc = this.session.documents.get(uri);
    return !doc || this.published.get(uri)?.version === doc.version;
  }

  publish(byFile: Map<string, Diagnostic[]>, snap: Snapshot) {
    const sources = new Map<string, SourceFile | null>();
    const source = (f: string) => {
      if (!sources.has(f)) {
        const t = snap.texts.get(f) ?? readText(f);
        sources.set(f, t === null ? null : new SourceFile(f, t));
      }
      return sources.get(f) as SourceFile | null;
    };
    const uriOf = (f: string) => snap.uris.get(f)?.[0] ?? pathToUri(f);
    const { documents, connection } = this.session;
    for (const [file, messages] of byFile) {
      const items = messages.map((m) => toPublished(m, source, uriOf));
      for (const uri of snap.uris.get(file) ?? [pathToUri(file)]) {
        const doc = documents.get(uri);
        const version = snap.versions.get(uri);
        if (doc && version !== undefined && doc.version !== version) continue; // a newer text is waiting for its own lint
        this.published.set(uri, { items, ...(version !== undefined ? { version } : {}) });
        void connection.sendDiagnostics({ uri, ...(doc && version !== undefined ? { version } : {}), diagnostics: items.map((i) => i.diagnostic) });
      }
    }
  }
}

/** The finding and its fix's edits as LSP edits (a fix whose file cannot be read is left out). */
function toPublished(m: Diagnostic, source: (f: string) => SourceFile | null, uriOf: (f: string) => string): Published {
  const item: Published = { diagnostic: lspDiagnostic(m, m.ruleId ? docsUrl(m.ruleId) : undefined, uriOf) };
  if (m.fix && m.fix.edits.length) {
    const edits = m.fix.edits.flatMap((e) => {
      const src = source(e.file);
      if (!src) return [];
      const a = src.position(e.start);
      const b = src.position(e.end);
      return [{ uri: uriOf(e.file), edit: { range: lspRange({ line: a.line, column: a.column, endLine: b.line, endColumn: b.column }), newText: e.text } }];
    });
    if (edits.length === m.fix.edits.length) item.fix = { title: m.fix.title, safety: m.fix.safety, edits, engine: m.fix };
  }
  return item;
}
