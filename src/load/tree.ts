/**
 * What every dialect's loader produces: the files of one server (entry first,
 * includes in read order), each parsed, and the loader's own findings.
 */
import type { Comment, SyntaxProblem } from "../ast/types.js";
import type { LoadProblem } from "../engine/diagnostic.js";
import type { Dialect } from "../rule-api.js";
import type { SourceFile } from "../source/source-file.js";

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
