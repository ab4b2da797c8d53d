/**
 * A template whose conditionals have several branches is linted once per
 * variant (src/template/map.ts: variant v reads the v-th branch of each), and
 * the report is what any variant finds: every branch is read, none beside a
 * branch that excludes it. A file with no such conditional is linted once.
 */
import type { Diagnostic } from "../core/diagnostic.js";
import type { FileResult, LintOptions, LintResult } from "./run.js";

/** Conditionals rarely have more branches; further ones are read in the last variant only. */
const MAX_VARIANTS = 4;

export function overVariants(lintOnce: (files: string[], opts: LintOptions) => LintResult, files: string[], opts: LintOptions): LintResult {
  if (opts.templateVariant !== undefined) return lintOnce(files, opts);
  const first = lintOnce(files, { ...opts, templateVariant: 0 });
  const n = Math.min(first.templateVariants ?? 1, MAX_VARIANTS);
  if (n <= 1) return first;
  const runs = [first];
  for (let v = 1; v < n; v++) runs.push(lintOnce(files, { ...opts, templateVariant: v }));
  return merge(runs);
}

const key = (d: Diagnostic) => `${d.file}\0${d.range.start}\0${d.range.end}\0${d.ruleId}\0${d.message}`;

function merge(runs: LintResult[]): LintResult {
  const byFile = new Map<string, { result: FileResult; seen: Map<string, number> }>();
  for (const run of runs) {
    for (const r of run.results) {
      let f = byFile.get(r.filePath);
      if (!f) byFile.set(r.filePath, (f = { result: { ...r, messages: [] }, seen: new Map() }));
      f.result.dialect ??= r.dialect;
      const here = new Set<string>();
      for (const m of r.messages) {
        const k = key(m);
        if (here.has(k)) continue;
        here.add(k);
        const count = f.seen.get(k) ?? 0;
        f.seen.set(k, count + 1);
        if (count === 0) f.result.messages.push(m);
      }
    }
  }
  const results = [...byFile.values()].map(({ result, seen }) => {
    // A suppression comment is unused (or wrong) only when it is in every variant.
    result.messages = result.messages.filter((m) => m.ruleId !== null || seen.get(key(m)) === runs.length);
    result.messages.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || ((a.ruleId ?? "") < (b.ruleId ?? "") ? -1 : 1));
    return result;
  });
  results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  const unreadable = [...new Set(runs.flatMap((r) => r.unreadable ?? []))].sort();
  return { results, skipped: runs[0].skipped, rules: runs[0].rules, ...(unreadable.length ? { unreadable } : {}) };
}
