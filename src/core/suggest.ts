/** "Did you mean": the nearest known name by edit distance, when it is near enough to be the intended one. */
import { distance } from "fastest-levenshtein";

/**
 * The best candidate for a misspelt `name`, or undefined. `fold` compares
 * case-insensitively (Apache); the candidate is returned as the catalog spells it.
 */
export function suggest(name: string, candidates: Iterable<string>, fold: boolean): string | undefined {
  const key = fold ? name.toLowerCase() : name;
  // The same misspelling thousands of times in a large config: looked up once per list of candidates.
  let memo = memos.get(candidates);
  if (!memo) memos.set(candidates, (memo = new Map()));
  const memoKey = (fold ? "i" : "s") + key;
  if (memo.has(memoKey)) return memo.get(memoKey);
  const best = nearest(key, candidates, fold);
  memo.set(memoKey, best);
  return best;
}

const memos = new WeakMap<Iterable<string>, Map<string, string | undefined>>();

function nearest(key: string, candidates: Iterable<string>, fold: boolean): string | undefined {
  // Up to a third of the name may differ (two edits for short names): further than that is a different word.
  const limit = Math.max(2, Math.floor(key.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const ck = fold ? c.toLowerCase() : c;
    if (Math.abs(ck.length - key.length) > limit) continue;
    const d = keyDistance(key, ck);
    if (d < bestScore || (d === bestScore && best !== undefined && c < best)) {
      best = c;
      bestScore = d;
    }
  }
  return bestScore <= limit ? best : undefined;
}

/** Edit distance between two names, counting a swap of neighbouring letters as one edit. */
export function nameDistance(a: string, b: string, fold: boolean): number {
  return fold ? keyDistance(a.toLowerCase(), b.toLowerCase()) : keyDistance(a, b);
}

function keyDistance(key: string, ck: string): number {
  const d = distance(key, ck);
  // A swap of two neighbouring letters is one slip of the fingers, not two.
  return d === 2 && ck.length === key.length && isTransposition(key, ck) ? 1 : d;
}

function isTransposition(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
