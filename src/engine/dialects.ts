/**
 * The servers djlint-conf reads. Each dialect plugs in a loader (entry file ->
 * tree of parsed files, includes followed) and a model (tree -> the server as
 * it will run); the engine runs the dialect's rules over the model.
 */
import type { SyntaxProblem } from "../core/problems.js";
import type { FsFacade } from "../load/fs-facade.js";
import type { NotLoaded, ParsedFile, ServerTree } from "../load/tree.js";
import type { ServerModels } from "../rule-api.js";
import type { Dialect } from "../core/dialect.js";
import { apacheSupport } from "./dialect-apache.js";
import { lighttpdSupport } from "./dialect-lighttpd.js";
import { nginxSupport } from "./dialect-nginx.js";
import type { LintOptions } from "./run.js";

export interface DialectSupport {
  dialect: Dialect;
  /** Names of files that are a whole server's main configuration (read first). */
  mainConfig: RegExp;
  /** Load the server whose entry is `entry` (its text given), following includes. */
  load(entry: string, text: string, fsys: FsFacade, opts: LintOptions, parseCache: Map<string, ParsedFile>): ServerTree | NotLoaded;
  model(tree: ServerTree, opts: LintOptions): ServerModels[keyof ServerModels];
  /**
   * How the server takes a syntax problem the grammar found: as reported (`error`), not at all (null),
   * or `info` when the linter cannot know, with the message saying why.
   */
  syntaxVerdict?(server: ServerModels[keyof ServerModels], problem: SyntaxProblem): { severity: "error" | "info"; message: string } | null;
}

export const DIALECT_SUPPORT: Partial<Record<Dialect, DialectSupport>> = {
  apache: apacheSupport,
  ...(nginxSupport ? { nginx: nginxSupport } : {}),
  ...(lighttpdSupport ? { lighttpd: lighttpdSupport } : {}),
};
