/**
 * Applying fixes to one file's text, as ESLint does: fixes in order of their
 * first edit, a fix with an edit that overlaps one already taken is skipped
 * (its finding stays for the next pass), and nothing outside the edits' ranges
 * changes. Two insertions at the same offset overlap; an insertion where a
 * replacement starts does not (it goes before it).
 *
 * O(n log n) in the number of edits: the taken edits are kept sorted by start
 * and each check is a binary search. Fixes come in order, so an edit is
 * appended unless a multi-edit fix already took one further on.
 */
import type { Fix, TextEdit } from "../core/diagnostic.js";

export interface Applied {
  text: string;
  applied: Fix[];
  skipped: Fix[];
  /** The edits made, sorted by start (an insertion before a replacement at the same offset); disjoint. */
  edits: TextEdit[];
}

export function applyFixes(text: string, file: string, fixes: Fix[]): Applied {
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  const keyed = fixes.map((fix) => {
    const edits = fix.edits.filter((e) => e.file === file);
    return { fix, edits, first: edits.reduce((m, e) => Math.min(m, e.start), Infinity) };
  });
  keyed.sort((a, b) => a.first - b.first);
  const taken = new Taken();
  for (const { fix, edits } of keyed) {
    if (edits.length !== fix.edits.length || edits.some((e) => taken.overlaps(e)) || selfOverlap(edits)) {
      skipped.push(fix);
      continue;
    }
    for (const e of edits) taken.add(e);
    applied.push(fix);
  }
  const sorted = taken.edits;
  const parts: string[] = [];
  let pos = 0;
  for (const e of sorted) {
    parts.push(text.slice(pos, e.start), e.text);
    pos = e.end;
  }
  parts.push(text.slice(pos));
  return { text: parts.join(""), applied, skipped, edits: sorted };
}

const order = (a: TextEdit, b: TextEdit) => a.start - b.start || a.end - b.end;

/** A fix whose own edits overlap cannot be applied as written. */
function selfOverlap(edits: TextEdit[]): boolean {
  if (edits.length < 2) return false;
  const s = [...edits].sort(order);
  return s.some((e, i) => i > 0 && clash(s[i - 1], e));
}

function clash(a: TextEdit, b: TextEdit): boolean {
  return (a.start < b.end && b.start < a.end) || (a.start === a.end && b.start === b.end && a.start === b.start);
}

/** Disjoint edits sorted by (start, end). */
class Taken {
  readonly edits: TextEdit[] = [];

  /** Index of the first edit that sorts after `e`. */
  private upper(e: TextEdit): number {
    const a = this.edits;
    let lo = 0;
    let hi = a.length;
    // Appending is the usual case: fixes come in order of their first edit.
    if (hi === 0 || order(a[hi - 1], e) <= 0) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(a[mid], e) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Only the two neighbours of `e`'s place can overlap it: taken edits are
   * disjoint and sorted, so their ends ascend too (the one just before ends
   * last of those before) and the one just after starts first of the rest.
   */
  overlaps(e: TextEdit): boolean {
    const a = this.edits;
    const i = this.upper(e);
    return (i > 0 && clash(a[i - 1], e)) || (i < a.length && clash(a[i], e));
  }

  add(e: TextEdit): void {
    const i = this.upper(e);
    if (i === this.edits.length) this.edits.push(e);
    else this.edits.splice(i, 0, e);
  }
}
