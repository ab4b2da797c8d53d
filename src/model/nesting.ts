/**
 * Which block or section of a file holds a position: for the engine's
 * question "may something the linter cannot see apply here?", asked about
 * the place a finding points at. Blocks nest properly within a file; a file
 * included in several places has its blocks once per place (several values).
 */
import type { Positioned } from "../core/range.js";

interface FileIndex<V> {
  starts: number[];
  ends: number[];
  values: V[][];
  /** The slot of the nearest enclosing block, or -1. */
  parent: number[];
}

export class NestingIndex<V> {
  private byFile = new Map<string, FileIndex<V>>();

  constructor(items: Iterable<{ file: string; start: number; end: number; value: V }>) {
    const groups = new Map<string, { start: number; end: number; value: V }[]>();
    for (const it of items) {
      const g = groups.get(it.file);
      if (g) g.push(it);
      else groups.set(it.file, [it]);
    }
    for (const [file, list] of groups) {
      list.sort((a, b) => a.start - b.start || b.end - a.end);
      const idx: FileIndex<V> = { starts: [], ends: [], values: [], parent: [] };
      const stack: number[] = [];
      for (const it of list) {
        const last = idx.starts.length - 1;
        if (last >= 0 && idx.starts[last] === it.start && idx.ends[last] === it.end) {
          idx.values[last].push(it.value);
          continue;
        }
        while (stack.length && idx.ends[stack[stack.length - 1]] < it.end) stack.pop();
        idx.starts.push(it.start);
        idx.ends.push(it.end);
        idx.values.push([it.value]);
        idx.parent.push(stack.length ? stack[stack.length - 1] : -1);
        stack.push(idx.starts.length - 1);
      }
      this.byFile.set(file, idx);
    }
  }

  /** The values of the innermost block holding `at` (all of its places), or null when none does. */
  innermost(at: Positioned): V[] | null {
    const idx = this.byFile.get(at.file);
    if (!idx) return null;
    // The last block starting at or before `at`; the one holding `at` is it or one of its ancestors.
    let lo = 0;
    let hi = idx.starts.length - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (idx.starts[mid] <= at.range.start) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    while (i >= 0 && idx.ends[i] < at.range.end) i = idx.parent[i];
    return i >= 0 ? idx.values[i] : null;
  }
}
