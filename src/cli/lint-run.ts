/**
 * A lint run of the command line: the inputs expanded, grouped by the
 * configuration that governs them (ignored files left out), each group
 * linted as servers (lintServers: the seam a cache can wrap), and the
 * groups' results merged into one report.
 */
import { expandInputs } from "../discover/inputs.js";
import { allRules } from "../engine/registry.js";
import type { LintOptions, LintResult } from "../engine/run.js";
import type { ConfigFinder, FoundConfig } from "../config/discover.js";
import { groupByConfig, optionsFromConfig, type IgnoredFile } from "../config/resolve.js";
import { runFix, type FixRunOptions } from "../fix/run-fix.js";
import { lintInput } from "../api/lint.js";
import { reportNamed, serverContext } from "./server-context.js";
import { nothingToLint } from "./input-checks.js";
import type { LintRequest } from "./request.js";
import type { LintCache } from "./cache.js";

export interface RunOutcome {
  run: LintResult;
  /** --fix could not write a file (reported already). */
  fixFailed: boolean;
}

/** How a group is linted: report everything or the named files, and fix or not. */
export interface LintMode {
  reportAll: boolean;
  /** The fixer's options, less the files named (set per group); absent: no fixing. */
  fix?: Omit<FixRunOptions, "named">;
  errorOnUnmatched: boolean;
  /** --cache: results kept between runs (never with fixing or standard input). */
  cache?: LintCache | null;
}

/** The run: every group's servers linted (or fixed), merged; null when nothing was left to lint and that is fine (exit 0). */
export async function lintRequested(req: LintRequest, mode: LintMode): Promise<RunOutcome | null> {
  const cwd = req.flags.cwd as string;
  const passedOver: LintResult["skipped"] = [];
  const files = req.stdin
    ? [req.stdin.file]
    : expandInputs(req.paths, cwd, { errorOnUnmatched: mode.errorOnUnmatched, passedOver: (filePath, reason) => passedOver.push({ filePath, reason }) });
  const ignored: IgnoredFile[] = [];
  // Standard input is linted whatever its name: it was asked for by content, not found by a walk.
  const groups = await groupByConfig(files, req.finder, req.explicit, ignored, req.stdin ? undefined : req.ignores);
  if (nothingToLint(groups, ignored, req.paths, mode.errorOnUnmatched)) return null;
  const runs: LintResult[] = [];
  let fixFailed = false;
  for (const group of groups) {
    if (!group.files.length) continue;
    const options = optionsFromConfig(group.config, req.flags, group.files[0]);
    const outcome = await lintServers(group.files, options, req.finder, mode, group.config);
    runs.push(outcome.run);
    fixFailed ||= outcome.fixFailed;
  }
  mode.cache?.save();
  const run = mergeRuns(runs);
  run.skipped.push(...passedOver);
  return { run, fixFailed };
}

/**
 * Files that share their settings, linted as servers: each with the main
 * configurations it belongs to (src/engine/main-config.ts), reported for the
 * files named unless `reportAll`; fixed (only the named files) with `mode.fix`.
 */
export async function lintServers(
  named: string[],
  options: LintOptions,
  finder: ConfigFinder | null,
  mode: LintMode,
  config: FoundConfig | null = null,
): Promise<RunOutcome> {
  const context = await serverContext(named, options, finder);
  const report = (r: LintResult) => (mode.reportAll ? r : reportNamed(r, context));
  if (!mode.fix) {
    const run = mode.cache ? mode.cache.lint(context.inputs, options, config) : lintInput({ paths: context.inputs, options });
    return { run: report(run), fixFailed: false };
  }
  const fixed = runFix(context.inputs, options, { ...mode.fix, named });
  return { run: report(fixed.run), fixFailed: fixed.failed };
}

/** One report for a run that spanned several configurations. */
export function mergeRuns(runs: LintResult[]): LintResult {
  const byFile = new Map<string, LintResult["results"][number]>();
  for (const r of runs) for (const f of r.results) if (!byFile.has(f.filePath)) byFile.set(f.filePath, f);
  const unreadable = [...new Set(runs.flatMap((r) => r.unreadable ?? []))].sort();
  return {
    results: [...byFile.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0)),
    skipped: runs.flatMap((r) => r.skipped),
    rules: runs[0]?.rules ?? allRules().map((r) => r.meta),
    ...(unreadable.length ? { unreadable } : {}),
    servers: runs.flatMap((r) => r.servers ?? []),
    textOf: (f) => runs.reduce<string | undefined>((t, r) => t ?? r.textOf?.(f), undefined),
  };
}
