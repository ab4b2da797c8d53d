/**
 * Applying fixes to one file's text, as ESLint does: edits sorted by position,
 * an edit that overlaps one already taken is skipped (its finding stays), and
 * nothing outside the edits' ranges changes.
 */
import type { Fix, TextEdit } from "./diagnostic.js";

export interface Applied {
  text: string;
  applied: Fix[];
  skipped: Fix[];
}

export function applyFixes(text: string, file: string, fixes: Fix[]): Applied {
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  const taken: TextEdit[] = [];
  const sorted = [...fixes].sort((a, b) => first(a, file) - first(b, file));
  for (const fix of sorted) {
    const edits = fix.edits.filter((e) => e.file === file);
    const overlaps = edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === e.end && e.start === t.start && t.start === t.end)));
    if (overlaps || edits.length !== fix.edits.length) {
      skipped.push(fix);
      continue;
    }
    taken.push(...edits);
    applied.push(fix);
  }
  taken.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of taken) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, applied, skipped };
}

function first(f: Fix, file: string): number {
  return Math.min(...f.edits.filter((e) => e.file === file).map((e) => e.start), Infinity);
}
