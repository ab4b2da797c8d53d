/**
 * "Did you mean": the nearest known name by edit distance, when it is near
 * enough to be the intended one. The one implementation for directive and
 * option names (the catalogs) and rule ids (src/config/rule-ids.ts).
 */
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
  const best = nearest(key, candidates, fold ? { ...NAMES, fold } : NAMES);
  memo.set(memoKey, best);
  return best;
}

const memos = new WeakMap<Iterable<string>, Map<string, string | undefined>>();

interface Nearness {
  fold: boolean;
  /** The farthest a candidate may be, for a name of this length. */
  limit(length: number): number;
  /** Besides the whole candidate, the parts of it a name may stand for (a rule id's name without its dialect). */
  parts?(candidate: string): string[];
}

const NAMES: Nearness = {
  fold: false,
  // Up to a third of the name may differ (two edits for short names): further than that is a different word.
  limit: (n) => Math.max(2, Math.floor(n / 3)),
};

function nearest(key: string, candidates: Iterable<string>, how: Nearness): string | undefined {
  const limit = how.limit(key.length);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    let d = Infinity;
    for (const part of how.parts ? [c, ...how.parts(c)] : [c]) {
      const ck = how.fold ? part.toLowerCase() : part;
      if (Math.abs(ck.length - key.length) <= limit) d = Math.min(d, keyDistance(key, ck));
    }
    if (d < bestScore || (d === bestScore && best !== undefined && c < best)) {
      best = c;
      bestScore = d;
    }
  }
  return bestScore <= limit ? best : undefined;
}

/**
 * The known rule id nearest a misspelt one (`--rule`, configuration files,
 * suppression comments): a rule's name may be written without its dialect
 * (`python-debug` for `apache/python-debug-on`), and a few more edits are
 * allowed than for a directive name (ids are long and hyphenated).
 */
export function suggestRuleId(id: string, known: Iterable<string>): string | undefined {
  return nearest(id, known, RULE_IDS);
}

const RULE_IDS: Nearness = {
  fold: false,
  limit: (n) => Math.max(3, Math.floor(n / 3)),
  parts: (c) => {
    const slash = c.lastIndexOf("/");
    return slash < 0 ? [] : [c.slice(slash + 1)];
  },
};

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
