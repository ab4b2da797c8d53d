/**
 * Open documents parsed for editor features (outline, completion,
 * navigation): each text version is parsed once, by its dialect's grammar,
 * and only the newest version of a document is kept.
 */
import type { Dialect } from "../core/dialect.js";
import { dialectNamed } from "../dialects/registry.js";
import type { DialectPlugin, EditorNode } from "../dialects/plugin.js";
import type { SourceFile } from "../source/source-file.js";
import { lintable, textOf, uriToPath } from "./documents.js";
import type { Session } from "./session.js";

export interface ParsedDocument {
  uri: string;
  path: string;
  dialect: Dialect;
  plugin: DialectPlugin;
  ast: unknown;
  source: SourceFile;
  /** The editor's view of the statements (empty when the dialect offers none). */
  nodes: EditorNode[];
}

export class ParsedDocuments {
  private cache = new Map<string, { version: number; dialect: Dialect; parsed: ParsedDocument }>();

  constructor(private session: Session) {}

  /** The document as parsed now; null when it is not open, not lintable or of no known dialect. */
  get(uri: string): ParsedDocument | null {
    const doc = this.session.documents.get(uri);
    const path = uriToPath(uri);
    const text = doc ? textOf(doc) : null;
    if (!doc || !path || text === null || !lintable(text)) return null;
    const dialect = this.session.dialectOf(path, text);
    const plugin = dialect ? dialectNamed(dialect) : undefined;
    if (!dialect || !plugin) return null;
    const hit = this.cache.get(uri);
    if (hit && hit.version === doc.version && hit.dialect === dialect) return hit.parsed;
    const { ast, source } = plugin.format.parse(path, text);
    const parsed: ParsedDocument = { uri, path, dialect, plugin, ast, source, nodes: plugin.editor?.nodes(ast) ?? [] };
    this.cache.set(uri, { version: doc.version, dialect, parsed });
    return parsed;
  }

  forget(uri: string) {
    this.cache.delete(uri);
  }
}
