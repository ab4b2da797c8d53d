/**
 * The servers an open document belongs to, loaded for the editor's
 * navigation and name completion: the entry files of the lint units that held
 * it (or the document alone before its first lint), each loaded by its
 * dialect's loader with the lint's path map and the open buffers, never a
 * scan of the workspace. Loaded again only when a document or the settings
 * changed since.
 */
import type { Positioned } from "../core/range.js";
import type { EditorName, EditorNode } from "../dialects/plugin.js";
import { DiskFs, type FsFacade } from "../load/fs-facade.js";
import { PathMap } from "../load/path-map.js";
import type { ParsedFile } from "../load/tree.js";
import { detectDialect } from "../discover/dialect.js";
import type { Linter } from "./lint.js";
import type { ParsedDocument } from "./parsed.js";
import type { Session } from "./session.js";

export interface ViewFile {
  path: string;
  file: ParsedFile;
  nodes: EditorNode[];
}

export interface ServerView {
  files: Map<string, ViewFile>;
  /** Include statements (by file and start offset) and the local paths of the files they brought in. */
  includes: Map<string, string[]>;
  fsys: FsFacade;
  /** Settings modules the lint resolved, and their files. */
  settings: Map<string, string[]>;
}

export const includeKey = (at: Positioned) => `${at.file}\0${at.range.start}`;

export class ServerViews {
  private cache: { key: string; views: ServerView[] } | null = null;

  constructor(
    private session: Session,
    private linter: Linter,
  ) {}

  async of(doc: ParsedDocument): Promise<ServerView[]> {
    const units = this.linter.unitsHolding(doc.path);
    const entries = [...new Set(units.flatMap((u) => u.inputs))];
    const snap = this.session.snapshot();
    const key = JSON.stringify([doc.path, entries, [...snap.versions], this.session.settingsVersion]);
    if (this.cache?.key === key) return this.cache.views;
    const found = await this.session.configFor(doc.path);
    const opts = this.linter.optionsFor(found, snap, doc.path);
    const fsys = new DiskFs(new PathMap(opts.map ?? [], this.session.workspaceRoot), snap.texts);
    const settings = new Map(units.flatMap((u) => [...u.settings]));
    const views: ServerView[] = [];
    const parseCache = new Map<string, ParsedFile>();
    for (const entry of entries.length ? entries : [doc.path]) {
      const text = snap.texts.get(entry) ?? fsys.read(entry).text;
      if (text === undefined) continue;
      const dialect = opts.dialect ?? opts.dialectOf?.(entry) ?? detectDialect(entry, text);
      if (dialect !== doc.dialect) continue;
      const tree = doc.plugin.load(entry, text, fsys, opts, parseCache);
      if ("error" in tree || !tree.files.has(doc.path)) continue;
      const files = new Map([...tree.files].map(([p, f]) => [p, { path: p, file: f, nodes: doc.plugin.editor?.nodes(f.ast) ?? [] }]));
      const includes = new Map([...(tree.includes ?? [])].map(([at, fs]) => [includeKey(at), fs.map((f) => f.path)]));
      views.push({ files, includes, fsys, settings });
    }
    this.cache = { key, views };
    return views;
  }
}

/** Every name a file's statements define or use, with the file. */
export function namesOf(view: ServerView, which: "defines" | "refers"): (EditorName & { file: string })[] {
  const out: (EditorName & { file: string })[] = [];
  for (const f of view.files.values()) {
    const walk = (nodes: EditorNode[]) => {
      for (const n of nodes) {
        for (const x of n[which] ?? []) out.push({ ...x, file: f.path });
        walk(n.children);
      }
    };
    walk(f.nodes);
  }
  return out;
}
