/**
 * Navigation across a server's files: go to definition (include targets, all
 * glob matches; upstreams; named locations; WSGI daemon groups; a WSGI script
 * or a DJANGO_SETTINGS_MODULE to its Python file), find references (of
 * upstreams, named locations, daemon groups) and document links on include
 * paths. Server paths go through the lint's path map.
 */
import type { DocumentLink, Location, Position } from "vscode-languageserver/node.js";
import type { Range } from "../core/range.js";
import type { EditorName, EditorNode } from "../dialects/plugin.js";
import { lspRange } from "../formatters/lsp.js";
import { pathToUri } from "./documents.js";
import { offsetAt, visibleAt } from "./completion.js";
import type { ParsedDocument } from "./parsed.js";
import { includeKey, namesOf, type ServerView, type ServerViews } from "./server-view.js";

const at = (r: Range, offset: number) => offset >= r.start && offset <= r.end;
const fileStart = (file: string): Location => ({ uri: pathToUri(file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
const locationOf = (n: { file: string; range: Range }): Location => ({ uri: pathToUri(n.file), range: lspRange(n.range) });

/** The statements containing an offset, outermost first. */
function statementsAt(nodes: EditorNode[], offset: number): EditorNode[] {
  const out: EditorNode[] = [];
  for (let n = nodes.find((x) => at(x.range, offset)); n; n = n.children.find((x) => at(x.range, offset))) out.push(n);
  return out;
}

/** The name (defined or used) under the cursor. */
function nameAt(doc: ParsedDocument, offset: number): (EditorName & { file: string }) | null {
  for (const n of statementsAt(doc.nodes, offset).reverse()) {
    const hit = [...(n.refers ?? []), ...(n.defines ?? [])].find((x) => at(x.range, offset));
    if (hit) return { ...hit, file: doc.path };
  }
  return null;
}

/** The local paths of the server paths that are files here. */
function existing(view: ServerView, files: string[]): string[] {
  return files.filter((f) => view.fsys.kind(f) === "file").map((f) => view.fsys.local(f));
}

export async function definition(doc: ParsedDocument, position: Position, views: ServerViews): Promise<Location[]> {
  const offset = offsetAt(doc, position);
  const all = await views.of(doc);
  const name = nameAt(doc, offset);
  const out: Location[] = [];
  for (const view of all) {
    if (name?.kind === "settings-module") out.push(...existing(view, view.settings.get(name.name) ?? []).map(fileStart));
    else if (name)
      out.push(
        ...namesOf(view, "defines")
          .filter((d) => d.kind === name.kind && d.name === name.name && visibleAt(d, doc.path, offset))
          .map(locationOf),
      );
    for (const n of statementsAt(doc.nodes, offset)) {
      out.push(...(view.includes.get(includeKey({ file: doc.path, range: n.range })) ?? []).map(fileStart));
      out.push(
        ...existing(
          view,
          (n.files ?? []).filter((f) => at(f.range, offset)).map((f) => f.path),
        ).map(fileStart),
      );
    }
  }
  const seen = new Set<string>();
  return out.filter((l) => !seen.has(JSON.stringify(l)) && Boolean(seen.add(JSON.stringify(l))));
}

export async function references(doc: ParsedDocument, position: Position, includeDeclaration: boolean, views: ServerViews): Promise<Location[]> {
  const offset = offsetAt(doc, position);
  const name = nameAt(doc, offset);
  if (!name || name.kind === "settings-module") return [];
  const out = new Map<string, Location>();
  for (const view of await views.of(doc)) {
    const defs = namesOf(view, "defines").filter((d) => d.kind === name.kind && d.name === name.name);
    // A definition visible in part of a file (a virtual host's daemon group): only the uses there are its references.
    const scoped = defs.find((d) => d.scope && d.file === doc.path && at(d.scope, offset));
    const inScope = (x: { file: string; range: Range }) => !scoped?.scope || (x.file === scoped.file && at(scoped.scope, x.range.start));
    const uses = namesOf(view, "refers").filter((r) => r.kind === name.kind && r.name === name.name && inScope(r));
    for (const x of [...(includeDeclaration ? defs.filter(inScope) : []), ...uses]) out.set(`${x.file}:${x.range.start}`, locationOf(x));
  }
  return [...out.values()];
}

/** Links on include paths that name one file, and on WSGI scripts that exist here. */
export async function documentLinks(doc: ParsedDocument, views: ServerViews): Promise<DocumentLink[]> {
  const out = new Map<number, DocumentLink>();
  for (const view of await views.of(doc)) {
    const walk = (nodes: EditorNode[]) => {
      for (const n of nodes) {
        const matched = view.includes.get(includeKey({ file: doc.path, range: n.range }));
        const arg = n.args[0];
        if (matched?.length === 1 && arg) out.set(arg.start, { range: lspRange(arg), target: pathToUri(matched[0]) });
        for (const f of n.files ?? []) {
          const [local] = existing(view, [f.path]);
          if (local) out.set(f.range.start, { range: lspRange(f.range), target: pathToUri(local) });
        }
        walk(n.children);
      }
    };
    walk(view.files.get(doc.path)?.nodes ?? doc.nodes);
  }
  return [...out.values()];
}
