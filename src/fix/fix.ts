/**
 * --fix: lint, apply every safe fix, lint again, until nothing changes (at most
 * 10 passes), as ESLint does. Edits that overlap an edit already taken wait for
 * the next pass. A pass that would add syntax problems to a file is not taken
 * for that file. Files are only read here; writing is the caller's choice.
 */
import { applyFixes } from "../engine/apply-fixes.js";
import type { Diagnostic, Fix } from "../engine/diagnostic.js";
import { lintFiles, type LintOptions, type LintResult } from "../engine/run.js";

export interface FixOutcome {
  /** The findings that remain after fixing. */
  run: LintResult;
  /** Fixed text of every file that changed, by path, with its original text. */
  changed: Map<string, { before: string; after: string }>;
  /** How many fixes were applied. */
  applied: number;
}

const MAX_PASSES = 10;

export function fixFiles(files: string[], opts: LintOptions, readText: (file: string) => string): FixOutcome {
  const overlay = new Map(opts.overlay ?? []);
  const original = new Map<string, string>();
  const textOf = (f: string) => overlay.get(f) ?? readText(f);
  const refused = new Set<string>();
  let applied = 0;
  let run = lintFiles(files, { ...opts, overlay });
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const byFile = new Map<string, Fix[]>();
    for (const d of run.results.flatMap((r) => r.messages)) {
      if (d.fix?.safety !== "safe" || refused.has(d.file)) continue;
      // A fix lands on the files its edits name; one spanning several files waits until each is free.
      for (const file of new Set(d.fix.edits.map((e) => e.file))) byFile.set(file, [...(byFile.get(file) ?? []), d.fix]);
    }
    const before = new Map<string, string>();
    let changedThisPass = false;
    for (const [file, fixes] of byFile) {
      const text = textOf(file);
      const out = applyFixes(text, file, fixes);
      if (out.text === text) continue;
      if (!original.has(file)) original.set(file, opts.overlay?.get(file) ?? readText(file));
      before.set(file, text);
      overlay.set(file, out.text);
      applied += out.applied.length;
      changedThisPass = true;
    }
    if (!changedThisPass) break;
    const next = lintFiles(files, { ...opts, overlay });
    // Never keep a change that makes a file parse worse.
    let reverted = false;
    for (const [file, text] of before) {
      if (syntaxCount(next, file) > syntaxCount(run, file)) {
        overlay.set(file, text);
        refused.add(file);
        reverted = true;
      }
    }
    run = reverted ? lintFiles(files, { ...opts, overlay }) : next;
  }
  const changed = new Map<string, { before: string; after: string }>();
  for (const [file, before] of original) {
    const after = overlay.get(file) as string;
    if (after !== before) changed.set(file, { before, after });
  }
  return { run, changed, applied };
}

function syntaxCount(run: LintResult, file: string): number {
  return run.results.find((r) => r.filePath === file)?.messages.filter((m: Diagnostic) => m.ruleId === "syntax").length ?? 0;
}
