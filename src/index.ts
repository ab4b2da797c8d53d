/**
 * The library: `import { lint, formatters, rules } from "djlint-conf"`. Its
 * types are src/api/types.ts (the package's declaration file); the checks at
 * the end keep them in step with the engine's.
 */
import type * as Api from "./api/types.js";
import type { Diagnostic as CoreDiagnostic } from "./core/diagnostic.js";
import { lintInput } from "./api/lint.js";
import type { LintOptions as EngineOptions, LintResult as EngineResult } from "./engine/run.js";
import { allRules } from "./engine/registry.js";
import { FORMATTERS } from "./formatters/index.js";
import type { RuleMeta as EngineRuleMeta } from "./rule-api.js";

export type * from "./api/types.js";

export const lint: typeof Api.lint = (input) => lintInput({ ...input, options: input.options as EngineOptions | undefined });

export const formatters: typeof Api.formatters = Object.freeze(
  Object.fromEntries(
    Object.entries(FORMATTERS).map(([name, f]) => [
      name,
      (result: Api.LintResult, o: Api.FormatOptions) => f(result as EngineResult, { cwd: o.cwd, colorLevel: o.colorLevel ?? 0 }),
    ]),
  ),
);

export const rules: typeof Api.rules = () => allRules().map((r) => r.meta);

// The public types describe what the engine returns (a compile-time check; nothing runs).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [Same<Api.Diagnostic, CoreDiagnostic>, EngineRuleMeta extends Api.RuleMeta ? true : false, EngineResult extends Api.LintResult ? true : false] = [
  true,
  true,
  true,
];
void checks;
