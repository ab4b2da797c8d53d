/**
 * The one way djlint-conf lints a set of files: the library's `lint` is this
 * function, and the command line lints each group of files through it too
 * (src/cli/lint-run.ts), so the two cannot drift. Paths are resolved against
 * `options.cwd`; `texts` are linted instead of the files' content (and are
 * linted even when `paths` does not name them).
 */
import path from "node:path";
import { lintFiles, type LintOptions, type LintResult } from "../engine/run.js";
import type { FsFacade } from "../load/fs-facade.js";

export interface LintInput {
  paths?: string[];
  texts?: Record<string, string>;
  options?: LintOptions;
  fs?: FsFacade;
}

export function lintInput(input: LintInput): LintResult {
  const options = input.options ?? {};
  const cwd = options.cwd ?? process.cwd();
  const texts = Object.entries(input.texts ?? {}).map(([p, text]) => [path.resolve(cwd, p), text] as const);
  const named = (input.paths ?? []).map((p) => path.resolve(cwd, p));
  const paths = [...named, ...texts.map(([p]) => p).filter((p) => !named.includes(p))];
  return lintFiles(paths, { ...options, cwd, fs: input.fs, overlay: texts.length ? new Map(texts) : options.overlay });
}
