/**
 * Which fixes --fix / --fix-dry-run apply, from the command line, as Ruff
 * does: the safe ones; with --unsafe-fixes the unsafe ones too; with
 * --fix-rule ID (repeatable) only those rules' fixes.
 */
import { checkRuleId } from "../config/rule-ids.js";
import { UsageError } from "../core/errors.js";
import { allRules } from "../engine/registry.js";
import type { FixSelection } from "../fix/fix.js";

export interface FixFlags {
  fix?: boolean;
  fixDryRun?: boolean;
  unsafeFixes?: boolean;
  fixRule?: string[];
}

/** The selection, or a usage error for flags that cannot apply. */
export function fixSelection(f: FixFlags): FixSelection {
  const fixing = Boolean(f.fix || f.fixDryRun);
  if (!fixing && f.unsafeFixes) throw new UsageError("--unsafe-fixes goes with --fix or --fix-dry-run");
  if (!fixing && f.fixRule?.length) throw new UsageError("--fix-rule goes with --fix or --fix-dry-run");
  if (!f.fixRule?.length) return { unsafe: Boolean(f.unsafeFixes) };
  const rules = allRules();
  for (const id of f.fixRule) {
    checkRuleId(
      id,
      rules.map((r) => r.meta.id),
    );
    if (!rules.find((r) => r.meta.id === id)?.meta.fix)
      throw new UsageError(`--fix-rule ${id}: this rule offers no fix (rules with fixes are marked in --list-rules)`);
  }
  return { unsafe: Boolean(f.unsafeFixes), rules: new Set(f.fixRule) };
}
