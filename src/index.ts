/**
 * The library: `import { lint, formatters, rules } from "djlint-conf"`. Its
 * types are src/api/types.ts (the package's declaration file); the checks at
 * the end keep them in step with the engine's.
 */
import path from "node:path";
import type * as Api from "./api/types.js";
import type { Diagnostic as CoreDiagnostic } from "./core/diagnostic.js";
import { lintFiles, type LintOptions as EngineOptions, type LintResult as EngineResult } from "./engine/run.js";
import { allRules } from "./engine/registry.js";
import { FORMATTERS } from "./formatters/index.js";
import type { RuleMeta as EngineRuleMeta } from "./rule-api.js";

export type * from "./api/types.js";

export const lint: typeof Api.lint = (input) => {
  const options = (input.options ?? {}) as EngineOptions;
  const cwd = options.cwd ?? process.cwd();
  const texts = Object.entries(input.texts ?? {}).map(([p, text]) => [path.resolve(cwd, p), text] as const);
  const paths = [...(input.paths ?? []).map((p) => path.resolve(cwd, p)), ...texts.map(([p]) => p).filter((p) => !input.paths?.some((q) => path.resolve(cwd, q) === p))];
  return lintFiles(paths, { ...options, cwd, fs: input.fs, overlay: texts.length ? new Map(texts) : options.overlay });
};

export const formatters: typeof Api.formatters = Object.freeze(
  Object.fromEntries(Object.entries(FORMATTERS).map(([name, f]) => [name, (result: Api.LintResult, o: Api.FormatOptions) => f(result as EngineResult, { cwd: o.cwd, colorLevel: o.colorLevel ?? 0 })])),
);

export const rules: typeof Api.rules = () => allRules().map((r) => r.meta);

// The public types describe what the engine returns (a compile-time check; nothing runs).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [Same<Api.Diagnostic, CoreDiagnostic>, EngineRuleMeta extends Api.RuleMeta ? true : false, EngineResult extends Api.LintResult ? true : false] = [true, true, true];
void checks;
