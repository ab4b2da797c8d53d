/**
 * What every dialect's loader produces: the files of one server (entry first,
 * includes in read order), each parsed, and the loader's own findings.
 */
import type { Comment, SyntaxProblem } from "../ast/types.js";
import type { LoadProblem } from "../engine/diagnostic.js";
import type { Dialect } from "../rule-api.js";
import type { SourceFile } from "../source/source-file.js";
import type { FsFacade } from "./fs-facade.js";

export interface ParsedFile<A extends { problems: SyntaxProblem[]; comments: Comment[] } = { problems: SyntaxProblem[]; comments: Comment[] }> {
  /** The server-side path (as the config names it). */
  serverPath: string;
  /** The local path it was read from (reported in diagnostics). */
  path: string;
  source: SourceFile;
  ast: A;
}

export interface ServerTree<F extends ParsedFile = ParsedFile> {
  dialect: Dialect;
  root: F;
  /** Every file of the server, by local path, in first-read order. */
  files: Map<string, F>;
  problems: LoadProblem[];
}

/**
 * Reading a server's files through the facade, each parsed once per run: a
 * file included from several places (or by several entry points) is read and
 * parsed a single time. `given` is text that stands for the file (stdin).
 */
export function fileReader<A extends { problems: SyntaxProblem[]; comments: Comment[] }>(
  fsys: FsFacade,
  cache: Map<string, ParsedFile<A>>,
  parse: (path: string, text: string) => { ast: A; source: SourceFile },
): (serverPath: string, given?: string) => ParsedFile<A> | { error: string } {
  return (serverPath, given) => {
    const local = fsys.local(serverPath);
    const hit = cache.get(local);
    if (hit) return hit;
    let body = given;
    if (body === undefined) {
      const r = fsys.read(serverPath);
      if (r.error !== undefined) return { error: r.error };
      body = r.text as string;
    }
    const { ast, source } = parse(local, body);
    const f: ParsedFile<A> = { serverPath, path: local, source, ast };
    cache.set(local, f);
    return f;
  };
}
